// adapters.js: one adapter per site. Each finds the composer by its editor
// framework's own markers, the region around it (scope), the posting
// account's handle where the page shows it, the attached image previews and
// the publish button. The text itself is read by core.readText, which joins
// blocks with one newline as these sites do.
(() => {
  'use strict';
  const core = globalThis.PostcheckCore;
  if (!core || core.adapters.length) return;

  /** The nearest ancestor of editor that also holds a publish button. */
  function scopeWith(editor, publishSel, limit = 12) {
    let n = editor.parentElement;
    for (let i = 0; n && i < limit; i++, n = n.parentElement) {
      if (n.querySelector(publishSel)) return n;
    }
    return editor.closest('[role="dialog"], form') || editor.parentElement;
  }

  function firstHandle(nodes) {
    for (const n of nodes) {
      const m = /@[A-Za-z0-9_]{1,30}/.exec(n.textContent || '');
      if (m) return m[0];
    }
    return '';
  }

  /** '@slug' from a profile link such as https://site/llmat or /in/jo-bloggs. */
  function handleFromLink(a, prefixes) {
    if (!a) return '';
    let path;
    try { path = new URL(a.getAttribute('href'), location.href).pathname; } catch { return ''; }
    for (const p of prefixes) {
      const m = new RegExp(`^${p}([A-Za-z0-9._-]+)/?$`).exec(path);
      if (m) return '@' + m[1];
    }
    return '';
  }

  const imagesIn = (scope, sel) => (scope ? [...scope.querySelectorAll(sel)] : []);

  const x = {
    name: 'x',
    site: 'x.com',
    hosts: /(^|\.)(x|twitter)\.com$/,
    editorSel: '.public-DraftEditor-content[contenteditable="true"]',
    publishSel: '[data-testid="tweetButtonInline"], [data-testid="tweetButton"]',
    findEditors: (node) => core.queryDeep(node, x.editorSel),
    scope: (ed) => scopeWith(ed, x.publishSel),
    publish: (ed) => x.scope(ed)?.querySelector(x.publishSel) || null,
    handle: () => firstHandle(document.querySelectorAll(
      '[data-testid="SideNav_AccountSwitcher_Button"], [data-testid="UserName"]')),
    images: (ed) => imagesIn(x.scope(ed), '[data-testid="attachments"] img'),
  };

  const facebook = {
    name: 'facebook',
    site: 'facebook.com',
    hosts: /(^|\.)facebook\.com$/,
    editorSel: '[data-lexical-editor="true"][contenteditable="true"]',
    publishSel: '[role="button"][aria-label="Post"], [role="button"][aria-label="Publish"], ' +
      '[role="button"][aria-label="Next"]',
    findEditors: (node) => core.queryDeep(node, facebook.editorSel),
    scope: (ed) => ed.closest('[role="dialog"], form') || scopeWith(ed, facebook.publishSel),
    publish: (ed) => facebook.scope(ed)?.querySelector(facebook.publishSel) || null,
    // The composer shows who posts as a link to that profile or page.
    handle: (ed) => {
      const scope = facebook.scope(ed);
      const links = scope ? scope.querySelectorAll('a[role="link"][href]') : [];
      for (const a of links) {
        const h = handleFromLink(a, ['/']);
        if (h && h !== '@profile.php') return h;
      }
      return '';
    },
    images: (ed) => imagesIn(facebook.scope(ed), 'img[alt]:not([alt=""]), img[src^="blob:"]')
      .filter((img) => !img.closest('a[role="link"]')),
  };

  const linkedin = {
    name: 'linkedin',
    site: 'linkedin.com',
    hosts: /(^|\.)linkedin\.com$/,
    editorSel: '.ql-editor[contenteditable="true"]',
    publishSel: '.share-actions__primary-action',
    findEditors: (node) => core.queryDeep(node, linkedin.editorSel),
    scope: (ed) => ed.closest('[role="dialog"], .share-box') || scopeWith(ed, linkedin.publishSel),
    publish: (ed) => linkedin.scope(ed)?.querySelector(linkedin.publishSel) || null,
    handle: (ed) => {
      const scope = linkedin.scope(ed);
      const a = scope && scope.querySelector('a[href*="/in/"], a[href*="/company/"]');
      return handleFromLink(a, ['/in/', '/company/']);
    },
    images: (ed) => imagesIn(linkedin.scope(ed),
      '.share-creation-state__preview img, .image-sharing-detour-container img'),
  };

  // Any textarea or contenteditable, on sites the user switched on.
  const generic = {
    name: 'generic',
    site: '',
    hosts: /./,
    editorSel: 'textarea, [contenteditable="true"], [contenteditable=""], ' +
      '[contenteditable="plaintext-only"]',
    publishSel: 'button[type="submit"], input[type="submit"]',
    findEditors: (node) => core.queryDeep(node, generic.editorSel)
      .filter((e) => !e.parentElement || !e.parentElement.closest('[contenteditable]')),
    scope: (ed) => ed.closest('form') || scopeWith(ed, generic.publishSel, 6),
    publish: (ed) => generic.scope(ed)?.querySelector(generic.publishSel) || null,
    handle: () => '',
    images: (ed) => imagesIn(generic.scope(ed), 'img'),
  };

  core.adapters.push(x, facebook, linkedin, generic);
})();
