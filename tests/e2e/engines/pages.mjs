// pages.mjs: the engine pages (pages/*.html, built from src/), under the
// site names the extension runs on, with how a person opens each composer
// and its Post control, and where the fixture server finds them. Used by
// tests/e2e/engines.mjs, tests/e2e/two-composers.mjs and
// tests/bench/engines.mjs.
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ENG = dirname(fileURLToPath(import.meta.url));

/** The fixture server's extra folders (startServer's extra): the engines'
 *  bundles under /e/dist/ and their pages under /e/. Throws when the
 *  bundles are not built. */
export function enginePaths() {
  if (!existsSync(join(ENG, 'dist', 'x.js'))) throw new Error('no tests/e2e/engines/dist: npm ci and node build.mjs there');
  return [['/e/dist/', join(ENG, 'dist')], ['/e/', join(ENG, 'pages')]];
}

export const PAGES = [
  { name: 'x-draftjs', host: 'x.com', file: 'x.html',
    editor: '[data-testid="tweetTextarea_0"]', post: '[data-testid="tweetButtonInline"]' },
  { name: 'facebook-lexical', host: 'www.facebook.com', file: 'facebook.html',
    editor: '[data-lexical-editor="true"]', post: '[role="dialog"] [aria-label="Post"][role="button"]' },
  // Playwright's CSS selectors go into open shadow roots, as a click does.
  { name: 'linkedin-quill-shadow', host: 'www.linkedin.com', file: 'linkedin.html',
    start: '.share-box-feed-entry__trigger', editor: '#interop-outlet .ql-editor',
    post: '#interop-outlet .share-actions__primary-action' },
  { name: 'linkedin-quill', host: 'www.linkedin.com', file: 'linkedin.html?mode=light',
    start: '.share-box-feed-entry__trigger', editor: '.ql-editor', post: '.share-actions__primary-action' },
  { name: 'linkedin-tiptap', host: 'www.linkedin.com', file: 'linkedin-tiptap.html',
    start: '[aria-label="Start a post"]', editor: '[componentkey="ShareBox_textEditor"]',
    post: 'dialog[data-testid="dialog"] button:text-is("Post")' },
  // A Mastodon instance the user added as a site (the browser asks for the
  // permission); a <textarea> has no underlines: the panel lists findings.
  { name: 'mastodon-textarea', host: 'mastodon.social', file: 'mastodon.html', plain: true,
    origin: 'https://mastodon.social', editor: 'textarea.autosuggest-textarea__textarea',
    post: '.compose-form__publish-button-wrapper button' },
];

// Pages on which the extension on main does not work yet, and why; their
// failing steps are reported as "known failing until ext lands: ...".
export const KNOWN = {};
