// linkedin-tiptap.js: the share box LinkedIn is rolling out (its "SDUI"
// front end): a native <dialog open data-testid="dialog"> rendering the
// sharing.ShareCompose screen (data-sdui-screen), a Tiptap 2 editor
// (ProseMirror; class "tiptap ProseMirror") whose contenteditable itself
// carries componentkey="ShareBox_textEditor", role="textbox" and LinkedIn's
// label, inside [data-testid="ui-core-tiptap-text-editor-wrapper"]; class
// names are build hashes, and the Post control is the dialog's only
// text-only <button>. See README.md for the sources.
import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { expose, postButton } from './harness.js';

let editor = null;
const record = expose('tiptap', () => (editor ? editor.getText({ blockSeparator: '\n' }) : ''));

function openShareBox() {
  if (editor) return;
  const dialog = document.createElement('dialog');
  dialog.setAttribute('data-testid', 'dialog');
  dialog.className = '_8b1c4f0e a3d9e1f2';
  dialog.innerHTML = `
    <div data-sdui-screen="com.linkedin.sdui.flagshipnav.sharing.ShareCompose" class="_4c1ef2a9">
      <div class="_0d7a1c33"><div role="button" tabindex="0" class="_9f3b2e10">Jo Bloggs
        <span class="_1aa0be5c">Post to Anyone</span></div></div>
      <div data-testid="ui-core-tiptap-text-editor-wrapper" class="_5e2c9d71"></div>
      <div class="_77ab10ce">
        <button type="button" aria-label="Add media" class="_2c8e4f19"><svg width="16" height="16"><use href="#image-medium"></use></svg></button>
        <a aria-label="Scheduled" href="#" class="_6df0a2b4"><svg width="16" height="16"><use href="#clock-medium"></use></svg></a>
        <button type="button" class="_3b7d9e05 _a1f4c2e8">Post</button>
      </div>
    </div>`;
  document.body.append(dialog);
  dialog.show();
  editor = new Editor({
    element: dialog.querySelector('[data-testid="ui-core-tiptap-text-editor-wrapper"]'),
    extensions: [StarterKit],
    editorProps: {
      attributes: {
        componentkey: 'ShareBox_textEditor',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': 'Text editor for creating content',
        'aria-placeholder': 'What do you want to talk about?',
        class: '_e93a0b7c',
      },
    },
  });
  postButton(dialog.querySelector('button._3b7d9e05'), record);
  editor.commands.focus();
  // ProseMirror keeps the DOM of a document set again equal, so its own
  // way to render the same text anew: a mark over all of it (bold, as
  // Ctrl+A Ctrl+B would do), the selection left where it was.
  window.__engine.renderAgain = () => {
    const { state } = editor;
    editor.view.dispatch(state.tr.addMark(0, state.doc.content.size, state.schema.marks.bold.create()));
  };
}

document.querySelector('[aria-label="Start a post"]').addEventListener('click', openShareBox);
