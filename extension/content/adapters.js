// adapters.js: turns each entry of the site table (content/sites.js) into
// an adapter the sessions use: findEditors (in the document and open shadow
// roots), scope (the region around the composer), publish (its button),
// handle (the signed-in account, '' when the page does not show it) and
// images. Then a generic adapter for any textarea or contenteditable on
// sites the user switched on. The text itself is read by core.readText.
(() => {
  'use strict';
  const core = globalThis.PostcheckCore;
  const SITES = globalThis.PostcheckSites;
  if (!core || !SITES || core.adapters.length) return;

  /** The nearest ancestor of editor that also holds a publish button. */
  function scopeWith(editor, publishSel, limit = 12) {
    let n = editor.parentElement;
    for (let i = 0; n && i < limit; i++, n = n.parentElement) {
      if (n.querySelector(publishSel)) return n;
    }
    return editor.closest('[role="dialog"], form') || editor.parentElement || editor.getRootNode().host;
  }

  // Helpers the table's functions get as `h`.
  const h = {
    /** '@handle' from the first element matching sel that shows one. */
    handleIn(sel) {
      for (const n of document.querySelectorAll(sel)) {
        const m = /@[A-Za-z0-9_]{1,30}(@[A-Za-z0-9.-]+)?/.exec(n.textContent || '');
        if (m) return m[0];
      }
      return '';
    },
    /**
     * '@slug' from a profile link such as https://site/llmat or /in/jo-bloggs
     * (after one of prefixes); '@N' from /profile.php?id=N.
     */
    handleFromLink(a, prefixes) {
      if (!a) return '';
      let u;
      try { u = new URL(a.getAttribute('href'), location.href); } catch { return ''; }
      if (u.pathname === '/profile.php') {
        const id = u.searchParams.get('id');
        return id && /^\d{1,30}$/.test(id) ? '@' + id : '';
      }
      for (const p of prefixes) {
        const m = new RegExp(`^${p}([A-Za-z0-9._-]+)/?$`).exec(u.pathname);
        if (m) return '@' + m[1];
      }
      return '';
    },
    firstLinkHandle(root, sel, prefixes) {
      if (!root) return '';
      for (const a of root.querySelectorAll(sel)) {
        const got = h.handleFromLink(a, prefixes);
        if (got) return got;
      }
      return '';
    },
    /** The first [role=button] or <button> in root whose text is one of words. */
    buttonByText(root, words) {
      if (!root) return null;
      for (const b of root.querySelectorAll('button, [role="button"]')) {
        if (words.includes((b.textContent || '').trim())) return b;
      }
      return null;
    },
  };

  // What each keystroke's check and redraw ask for (the composer's scope,
  // the account shown) is looked up at most every MEMO_MS per editor: the
  // page around a composer changes far more slowly than its text. The
  // publish button is always looked up afresh.
  const MEMO_MS = 250;
  function memo(fn) {
    const cache = new WeakMap();
    return (ed) => {
      const now = performance.now();
      const c = cache.get(ed);
      if (c && now - c.t < MEMO_MS && (!(c.v instanceof Node) || c.v.isConnected)) return c.v;
      const v = fn(ed);
      cache.set(ed, { v, t: now });
      return v;
    };
  }

  function adapterOf(s) {
    const scopeNow = (ed) => (s.scope && s.scope(ed)) ||
      (typeof s.publish === 'string' ? scopeWith(ed, s.publish) : ed.parentElement);
    const a = {
      name: s.name,
      site: s.site || '',
      hosts: s.hosts || null,
      detect: s.detect || null,
      editorSel: s.editor,
      findEditors: (node) => core.queryDeep(node, s.editor),
      scope: memo(scopeNow),
      publish: (ed) => {
        const scope = scopeNow(ed);
        if (typeof s.publish === 'function') return s.publish(ed, h, scope);
        return scope ? scope.querySelector(s.publish) : null;
      },
      handle: memo((ed) => {
        try { return s.account(ed, h, a.scope(ed)) || ''; } catch { return ''; }
      }),
      images: (ed) => {
        const scope = a.scope(ed);
        const list = scope ? [...scope.querySelectorAll(s.images)] : [];
        return s.imageFilter ? list.filter(s.imageFilter) : list;
      },
    };
    return a;
  }

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
    images: (ed) => {
      const scope = generic.scope(ed);
      return scope ? [...scope.querySelectorAll('img')] : [];
    },
  };

  core.adapters.push(...SITES.map(adapterOf), generic);

  /** The adapter for this page: by host name, else by what the page is
   *  (a Mastodon instance the user added), else the generic one. */
  function adapterFor(hostname) {
    return core.adapters.find((a) => a !== generic && a.hosts && a.hosts.test(hostname)) ||
      core.adapters.find((a) => a.detect && a.detect()) || generic;
  }
  Object.defineProperty(globalThis, 'PostcheckAdapters', { value: Object.freeze({ adapterFor, generic }) });
})();
