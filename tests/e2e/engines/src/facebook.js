// facebook.js: Facebook's "Create post" composer: Lexical (rich text and
// history, as facebook.com runs it) on a div carrying the markers Facebook
// serves: role="textbox", data-lexical-editor="true" (set by Lexical),
// spellcheck, tabindex="0", the "What's on your mind" label and its atomic
// class names, inside a role="dialog"; the Post control is a
// div[role=button][aria-label="Post"]. See README.md for the sources.
import { createEditor, $getRoot, $createParagraphNode, $createTextNode } from 'lexical';
import { registerRichText, HeadingNode, QuoteNode } from '@lexical/rich-text';
import { registerHistory, createEmptyHistoryState } from '@lexical/history';
import { mergeRegister } from '@lexical/utils';
import { expose, postButton } from './harness.js';

const editor = createEditor({
  namespace: 'ComposerEditor',
  nodes: [HeadingNode, QuoteNode],
  theme: { paragraph: 'xdj266r x11i5rnm xat24cr x1mh8g0r x16tdsg8' },
  onError: (e) => { window.__engine.errors.push(String(e)); throw e; },
});

// Facebook posts one line per paragraph.
const record = expose('lexical', () => editor.getEditorState().read(() =>
  $getRoot().getChildren().map((p) => p.getTextContent()).join('\n')));

const root = document.querySelector('[data-lexical-editor-host]');
editor.setRootElement(root);
mergeRegister(registerRichText(editor), registerHistory(editor, createEmptyHistoryState(), 300));
editor.update(() => {
  const r = $getRoot();
  if (r.getFirstChild() === null) r.append($createParagraphNode());
});

// Placeholder, as Facebook shows it, outside the editable element.
const placeholder = document.getElementById('placeholder');
editor.registerTextContentListener((t) => { placeholder.hidden = t.length > 0; });

postButton(document.querySelector('[aria-label="Post"][role="button"]'), record);

// The same text as new nodes (new keys): Lexical renders them anew.
window.__engine.renderAgain = () => editor.update(() => {
  const r = $getRoot();
  const lines = r.getChildren().map((p) => p.getTextContent());
  r.clear();
  for (const line of lines) {
    const p = $createParagraphNode();
    if (line) p.append($createTextNode(line));
    r.append(p);
  }
  r.selectEnd();
});
