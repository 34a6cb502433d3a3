// messages.js: the message types exchanged inside the extension, frozen,
// named by direction (cs = content script, bg = service worker, ui =
// options page and popup). A classic script that sets one frozen object on
// its own world's global, so the module service worker (which imports it
// for its side effect), the content scripts (isolated world: invisible to
// the page) and the extension pages all share the same constants.
(() => {
  'use strict';
  if (globalThis.PostcheckMessages) return;
  Object.defineProperty(globalThis, 'PostcheckMessages', {
    value: Object.freeze({
      CS_BG_CONFIG: 'cs-bg-config',        // -> effective settings for this site
      CS_BG_CHECK: 'cs-bg-check',          // {editor, seq, draft} -> result | skipped | error
      CS_BG_WARM: 'cs-bg-warm',            // {site}: a composer has the focus (or is written in): start or greet the tab's host
      CS_BG_PORT: 'cs-bg-port',            // the port checks go over: {id, msg} -> {id, reply}
      CS_BG_OPEN_OPTIONS: 'cs-bg-open-options', // the panel's "Open options"
      CS_BG_OPEN_PAGE: 'cs-bg-open-page',  // {page: 'clause'|'report', data}: a finding's page
      CS_BG_IGNORE: 'cs-bg-ignore',        // {rule, words}: never flag this phrase again
      CS_BG_SITE_OFF: 'cs-bg-site-off',    // {site}: switch checks off on this site
      CS_BG_SENT: 'cs-bg-sent',            // a post went out with warnings standing
      UI_BG_STATUS: 'ui-bg-status',        // -> host status and pack list
      UI_BG_SETTINGS_GET: 'ui-bg-settings-get',
      UI_BG_SETTINGS_SET: 'ui-bg-settings-set', // {patch}
      UI_BG_SITE_SET: 'ui-bg-site-set',    // {origin, on}: generic sites
      UI_BG_RECONNECT: 'ui-bg-reconnect',
      BG_CS_SETTINGS_CHANGED: 'bg-cs-settings-changed',
    }),
  });
})();
