// x.js: X's composer as x.com serves it: Draft.js inside React, with the
// data-testid markers X puts on the editor (tweetTextarea_0), its wrapper
// (tweetTextarea_0RichTextInputContainer), the inline Post button
// (tweetButtonInline) and the side bar's account switcher. See README.md
// for the public sources of each marker.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { Editor, EditorState, ContentState } from 'draft-js';
import { expose, handleParam } from './harness.js';

const h = React.createElement;
let current = EditorState.createEmpty();
const record = expose('draft-js', () => current.getCurrentContent().getPlainText('\n'));

let setCurrent = null;

// With ?reply=1 the page also shows a post's reply box below the home
// composer, as a post's page on x.com does: a second Draft.js editor with
// its own state and Reply button. window.__reply mirrors __engine for it.
const reply = { state: EditorState.createEmpty(), set: null, posted: [] };
const replyText = () => reply.state.getCurrentContent().getPlainText('\n');
if (new URLSearchParams(location.search).get('reply') === '1') {
  Object.defineProperty(window, '__reply', { value: { text: replyText, posted: reply.posted,
    renderAgain: () => reply.set(EditorState.moveFocusToEnd(EditorState.push(reply.state,
      ContentState.createFromText(replyText()), 'insert-fragment'))) } });
}

function ReplyBox() {
  const [state, setState] = React.useState(reply.state);
  reply.state = state;
  reply.set = (s) => { reply.state = s; setState(s); };
  return h('div', { className: 'css-175oi2r', 'data-testid': 'inline_reply_offscreen' },
    h('div', { className: 'css-175oi2r', 'data-testid': 'tweetTextarea_0RichTextInputContainer' },
      h(Editor, {
        editorState: state, onChange: reply.set, placeholder: 'Post your reply',
        ariaLabel: 'Post text', webDriverTestID: 'tweetTextarea_1', editorKey: 'x-reply',
        spellCheck: true, stripPastedStyles: true,
      })),
    h('button', {
      role: 'button', type: 'button', 'data-testid': 'tweetButtonInline',
      onClick: () => { if (state.getCurrentContent().hasText()) reply.posted.push(replyText()); },
    }, h('span', null, 'Reply')));
}

// The photos attached to the home composer, as X shows them: previews from
// blob: URLs in [data-testid="attachments"], between the text and the
// tool bar. __engine.attach(src) attaches one like a user choosing a file
// (resolves once its preview has loaded); __engine.clearAttachments().
let setPhotos = null;
function Attachments() {
  const [photos, set] = React.useState([]);
  setPhotos = set;
  if (!photos.length) return null;
  return h('div', { 'data-testid': 'attachments' }, photos.map((p) =>
    h('div', { key: p.url, 'data-testid': 'attachment' },
      h('img', { src: p.url, alt: '', draggable: false, width: 120, onLoad: p.loaded, onError: p.loaded }))));
}
window.__engine.attach = async (src) => {
  const url = URL.createObjectURL(await (await fetch(src)).blob());
  await new Promise((loaded) => setPhotos((list) => [...list, { url, loaded }]));
};
window.__engine.clearAttachments = () => setPhotos([]);

function Composer() {
  const [state, setState] = React.useState(current);
  current = state;
  const onChange = (s) => { current = s; setState(s); };
  setCurrent = onChange;
  const empty = !state.getCurrentContent().hasText();
  return h('div', { className: 'css-175oi2r r-kemksi r-184en5c' },
    h('div', { className: 'css-175oi2r', 'data-testid': 'tweetTextarea_0RichTextInputContainer' },
      h('div', { className: 'css-175oi2r r-1iusvr4 r-16y2uox' },
        h(Editor, {
          editorState: state,
          onChange,
          placeholder: 'What is happening?!',
          ariaLabel: 'Post text',
          ariaMultiline: true,
          webDriverTestID: 'tweetTextarea_0',
          editorKey: 'x-composer',
          spellCheck: true,
          stripPastedStyles: true,
        }))),
    h(Attachments),
    h('div', { className: 'css-175oi2r r-1awozwy r-18u37iz', 'data-testid': 'toolBar' },
      h('button', {
        role: 'button', type: 'button', 'data-testid': 'tweetButtonInline',
        className: 'css-175oi2r r-sdzlij r-1phboty r-rs99b7 r-lrvibr',
        'aria-disabled': empty ? 'true' : undefined,
        onClick: () => { if (current.getCurrentContent().hasText()) record(); },
      }, h('span', null, 'Post'))));
}

// The same text as new blocks (new keys): React renders them anew.
window.__engine.renderAgain = () => {
  const text = current.getCurrentContent().getPlainText('\n');
  setCurrent(EditorState.moveFocusToEnd(
    EditorState.push(current, ContentState.createFromText(text), 'insert-fragment')));
};

const handle = handleParam();
document.getElementById('account').innerHTML =
  `<span>Jo Teacher</span> <span>@${handle.replace(/[^A-Za-z0-9_]/g, '')}</span>`;
document.getElementById('profile-link').setAttribute('href', '/' + handle.replace(/[^A-Za-z0-9_]/g, ''));
createRoot(document.getElementById('composer')).render(window.__reply
  ? h(React.Fragment, null, h(Composer), h('hr'), h(ReplyBox)) : h(Composer));
