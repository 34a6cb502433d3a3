// linkedin-quill.js: LinkedIn's classic share box: Quill (2.x) in the
// "Start a post" modal. As linkedin.com serves it today the modal is
// rendered into the open shadow root of div#interop-outlet
// (data-testid="interop-shadowdom"), created when the user clicks "Start a
// post"; LinkedIn puts data-gramm="false" (Grammarly off) and
// data-test-ql-editor-contenteditable on Quill's .ql-editor. The page
// opened with ?mode=light renders the same modal in the light DOM (older
// LinkedIn). The Post button is button.share-actions__primary-action.
// See README.md for the sources.
import Quill from 'quill/core';
import History from 'quill/modules/history';
import Keyboard from 'quill/modules/keyboard';
import Clipboard from 'quill/modules/clipboard';
import quillCss from 'quill/dist/quill.core.css';
import { expose, postButton } from './harness.js';

Quill.register({ 'modules/history': History, 'modules/keyboard': Keyboard, 'modules/clipboard': Clipboard }, true);

const LIGHT = new URLSearchParams(location.search).get('mode') === 'light';

const MODAL = `
<div data-test-modal-id="sharebox" class="artdeco-modal-overlay artdeco-modal-overlay--is-top-layer">
  <div role="dialog" aria-labelledby="share-to-linkedin-modal__header" class="artdeco-modal share-box-v2__modal">
    <div class="artdeco-modal__header">
      <h2 id="share-to-linkedin-modal__header" class="share-box-v2__modal-header">
        <button class="share-unified-settings-entry-button" type="button">
          <div class="share-unified-settings-entry-button__name">Jo Bloggs</div>
          <span>Post to Anyone</span></button></h2>
    </div>
    <div class="share-box-v2__modal-content artdeco-modal__content">
      <div class="share-creation-state">
        <div class="share-creation-state__text-editor">
          <div class="editor-container"><div class="editor-content" id="ql-host"></div></div>
        </div>
      </div>
      <div class="share-creation-state__footer share-box_actions">
        <button class="share-actions__primary-action artdeco-button artdeco-button--2 artdeco-button--primary"
          type="button" id="ember-post"><span class="artdeco-button__text">Post</span></button>
      </div>
    </div>
  </div>
</div>`;

let quill = null;
// Quill's text always ends with one '\n' (its last line's end).
const record = expose('quill', () => (quill ? quill.getText().replace(/\n$/, '') : ''));

/**
 * Quill reads the selection and the focus from document, which inside a
 * shadow root only shows the host: it then loses the caret on the first key.
 * A page serving Quill in a shadow root must read them from the root
 * (Chromium's ShadowRoot.getSelection), as here.
 */
function readSelectionFrom(q, root) {
  const sel = q.selection;
  sel.getNativeRange = function getNativeRange() {
    const s = root.getSelection ? root.getSelection() : document.getSelection();
    if (!s || s.rangeCount <= 0) return null;
    return this.normalizeNative(s.getRangeAt(0));
  };
  sel.hasFocus = function hasFocus() {
    const a = root.activeElement;
    return a === this.root || (a != null && this.root.contains(a));
  };
}

function openShareBox() {
  if (quill) return;
  let root;
  if (LIGHT) {
    root = document.getElementById('artdeco-modal-outlet');
  } else {
    root = document.getElementById('interop-outlet').shadowRoot;
  }
  const style = document.createElement('style');
  style.textContent = quillCss + `
    .artdeco-modal { background: #fff; width: 552px; margin: 40px auto; padding: 16px; border-radius: 8px; }
    .ql-editor { min-height: 120px; font-size: 16px; }
    .share-actions__primary-action { margin-top: 8px; padding: 6px 16px; border-radius: 16px; }`;
  root.append(style);
  const tpl = document.createElement('template');
  tpl.innerHTML = MODAL;
  root.append(tpl.content);
  const host = root.querySelector('#ql-host');
  quill = new Quill(host, {
    modules: { history: { delay: 1000, maxStack: 100, userOnly: true }, toolbar: false },
    placeholder: 'What do you want to talk about?',
  });
  if (!LIGHT) readSelectionFrom(quill, root);
  const ed = quill.root;
  ed.setAttribute('data-gramm', 'false');
  ed.setAttribute('data-test-ql-editor-contenteditable', 'true');
  ed.setAttribute('role', 'textbox');
  ed.setAttribute('aria-multiline', 'true');
  ed.setAttribute('aria-label', 'Text editor for creating content');
  ed.setAttribute('aria-placeholder', 'What do you want to talk about?');
  postButton(root.querySelector('.share-actions__primary-action'), record);
  quill.focus();
  // The same contents set again: Quill builds new blots and DOM nodes.
  window.__engine.renderAgain = () => {
    quill.setContents(quill.getContents(), 'user');
    quill.setSelection(quill.getLength() - 1, 0, 'user');
  };
}

// The outlet's open shadow root is there from the start, empty until the
// share box opens in it.
if (!LIGHT) {
  document.getElementById('interop-outlet').attachShadow({ mode: 'open' });
}
document.querySelector('.share-box-feed-entry__trigger').addEventListener('click', openShareBox);
