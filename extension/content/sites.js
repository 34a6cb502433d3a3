// sites.js: the one table of sites postcheck knows. Each entry is an
// adapter of a few lines: where the site runs (matches, for the manifest;
// hosts, for the page), its composer's editor and publish button, where it
// shows the SIGNED-IN account (never the profile being viewed; '' when it
// does not show it), and its attached image previews. The worker and the
// options page read name, label and matches; `node extension/tools/
// sync-sites.mjs` writes the manifest's matches and the managed schema's
// sites from it (`--check` fails when they differ). A classic script that
// sets one frozen array, like messages.js. Functions get the helpers `h`
// (content/adapters.js) and run only in the content script.
(() => {
  'use strict';
  if (globalThis.PostcheckSites) return;

  const SITES = [
    {
      name: 'x', label: 'X (x.com, twitter.com)', site: 'x.com',
      matches: ['https://x.com/*', 'https://twitter.com/*', 'https://mobile.x.com/*',
        'https://mobile.twitter.com/*'],
      hosts: /(^|\.)(x|twitter)\.com$/,
      editor: '.public-DraftEditor-content[contenteditable="true"]',
      publish: '[data-testid="tweetButtonInline"], [data-testid="tweetButton"]',
      // The side bar's account switcher, or the tab bar's own-profile link
      // (narrow windows); [data-testid=UserName] is the profile being viewed.
      account: (ed, h) => h.handleIn('[data-testid="SideNav_AccountSwitcher_Button"]') ||
        h.handleFromLink(document.querySelector('a[data-testid="AppTabBar_Profile_Link"]'), ['/']),
      images: '[data-testid="attachments"] img',
    },
    {
      name: 'facebook', label: 'Facebook', site: 'facebook.com',
      matches: ['https://www.facebook.com/*', 'https://facebook.com/*', 'https://web.facebook.com/*'],
      hosts: /(^|\.)facebook\.com$/,
      editor: '[data-lexical-editor="true"][contenteditable="true"]',
      publish: '[role="button"][aria-label="Post"], [role="button"][aria-label="Publish"], ' +
        '[role="button"][aria-label="Next"]',
      scope: (ed) => ed.closest('[role="dialog"], form'),
      // The composer names who posts as a link to that profile or page
      // (/name, or /profile.php?id=N for profiles without a user name).
      account: (ed, h, scope) => h.firstLinkHandle(scope, 'a[role="link"][href]', ['/']),
      images: 'img[alt]:not([alt=""]), img[src^="blob:"]',
      imageFilter: (img) => !img.closest('a[role="link"]'),
    },
    {
      name: 'linkedin', label: 'LinkedIn', site: 'linkedin.com',
      matches: ['https://www.linkedin.com/*', 'https://linkedin.com/*'],
      hosts: /(^|\.)linkedin\.com$/,
      // Quill (the share box today, often inside #interop-outlet's shadow
      // root) or the Tiptap box being rolled out, whose contenteditable
      // carries componentkey="ShareBox_textEditor", in a native <dialog>
      // whose Post is its only text-only button.
      editor: '.ql-editor[contenteditable="true"], ' +
        '[componentkey="ShareBox_textEditor"][contenteditable="true"]',
      publish: (ed, h, scope) => (scope && scope.querySelector('.share-actions__primary-action')) ||
        h.buttonByText(scope, ['Post']),
      scope: (ed) => ed.closest('[role="dialog"], dialog, .share-box'),
      // A page's admin view posts as that page (/company/NAME/admin/);
      // else the member: a profile link in the share box (older boxes),
      // then the signed-in member's own card or menu on the page.
      account: (ed, h, scope) => {
        const m = /^\/company\/([^/]+)\/admin(\/|$)/.exec(location.pathname);
        if (m) return '@' + m[1];
        return h.firstLinkHandle(scope, 'a[href*="/in/"], a[href*="/company/"]', ['/in/', '/company/']) ||
          h.firstLinkHandle(document, '.feed-identity-module a[href*="/in/"], ' +
            'a.profile-card-profile-link[href*="/in/"], .global-nav__me-content a[href*="/in/"]', ['/in/']);
      },
      images: '.share-creation-state__preview img, .image-sharing-detour-container img',
    },
    {
      name: 'instagram', label: 'Instagram', site: 'instagram.com',
      matches: ['https://www.instagram.com/*', 'https://instagram.com/*'],
      hosts: /(^|\.)instagram\.com$/,
      editor: '[role="dialog"] [contenteditable="true"][role="textbox"]',
      publish: (ed, h, scope) => h.buttonByText(scope, ['Share', 'Post']),
      scope: (ed) => ed.closest('[role="dialog"]'),
      // The side bar's own-profile link ("NAME's profile picture").
      account: (ed, h) => h.handleFromLink(
        document.querySelector('nav a[href] img[alt$="profile picture"]')?.closest('a'), ['/']),
      images: 'img[src^="blob:"]',
    },
    {
      name: 'threads', label: 'Threads', site: 'threads.net',
      matches: ['https://www.threads.net/*', 'https://threads.net/*', 'https://www.threads.com/*',
        'https://threads.com/*'],
      hosts: /(^|\.)threads\.(net|com)$/,
      editor: '[contenteditable="true"][role="textbox"]',
      publish: (ed, h, scope) => h.buttonByText(scope, ['Post']),
      scope: (ed) => ed.closest('[role="dialog"], form'),
      // The composer shows the signed-in account's user name above the text.
      account: (ed, h, scope) => h.firstLinkHandle(scope, 'a[href*="/@"]', ['/@']),
      images: 'img[src^="blob:"]',
    },
    {
      name: 'bluesky', label: 'Bluesky', site: 'bsky.app',
      matches: ['https://bsky.app/*'],
      hosts: /(^|\.)bsky\.app$/,
      editor: '.ProseMirror[contenteditable="true"], [data-testid="composerTextInput"]',
      publish: '[data-testid="composerPublishBtn"]',
      scope: (ed) => ed.closest('[role="dialog"], [data-testid="composePostView"]'),
      // The side bar's "Profile" link is the signed-in account's.
      account: (ed, h) => h.handleFromLink(
        document.querySelector('a[aria-label="Profile"][href*="/profile/"]'), ['/profile/']),
      images: '[data-testid="composerPostImage"] img, img[src^="blob:"]',
    },
    {
      // Any Mastodon instance the user adds as a site: found by its page.
      name: 'mastodon', label: 'Mastodon (instances you add below)', site: '',
      matches: [], optIn: true,
      detect: () => !!document.querySelector('.compose-form'),
      editor: '.compose-form textarea',
      publish: '.compose-form__publish button, .compose-form__submit button, .compose-form button[type="submit"]',
      scope: (ed) => ed.closest('.compose-form'),
      // The compose column's own account ("@name").
      account: (ed, h) => h.handleIn('.navigation-bar__profile-account, .compose-form__actions .account__display-name'),
      images: '.compose-form__uploads img, .compose-form__upload-thumbnail img',
    },
  ];

  Object.defineProperty(globalThis, 'PostcheckSites', { value: Object.freeze(SITES) });
})();
