// mastodon.js: Mastodon's web compose form (React, a controlled
// <textarea>): form.compose-form, textarea.autosuggest-textarea__textarea
// (dir="auto", aria-autocomplete="list"), the Publish button in
// .compose-form__publish-button-wrapper, inside div#mastodon. The plain
// <textarea> is also what Bluesky falls back to. See README.md for sources.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { expose, handleParam } from './harness.js';

const h = React.createElement;
let value = '';
const record = expose('textarea', () => value);

function ComposeForm() {
  const [text, setText] = React.useState('');
  value = text;
  const onSubmit = (e) => { e.preventDefault(); if (value.length) record(); };
  return h('form', { className: 'compose-form', onSubmit },
    h('div', { className: 'compose-form__highlightable' },
      h('div', { className: 'autosuggest-textarea' },
        h('label', null,
          h('span', { style: { display: 'none' } }, 'What is on your mind?'),
          h('textarea', {
            className: 'autosuggest-textarea__textarea', dir: 'auto', 'aria-autocomplete': 'list',
            placeholder: 'What is on your mind?', value: text, rows: 5, spellCheck: true,
            onChange: (e) => { value = e.target.value; setText(e.target.value); },
          })))),
    h('div', { className: 'compose-form__submit' },
      h('div', { className: 'compose-form__publish' },
        h('div', { className: 'compose-form__publish-button-wrapper' },
          h('button', { type: 'submit', className: 'button button--block' }, 'Post')))));
}

document.querySelector('.navigation-bar__profile-account').textContent = '@' + handleParam().replace(/[^A-Za-z0-9_]/g, '');
createRoot(document.getElementById('compose')).render(h(ComposeForm));
