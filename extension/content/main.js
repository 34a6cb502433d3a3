// main.js: finds composers with the site's adapter, in the document and in
// open shadow roots (LinkedIn opens its share box inside one), and runs one
// Session (session.js) per editor. New editors are found as they appear:
// one MutationObserver watches the document and every open shadow root
// found, and looks only at the nodes added (never the editors' own
// re-renders); an editor that gets the focus is taken up at once. Holds the
// publish click (capture phase, on the event's real target from
// composedPath()) while an error stands. Never writes to the editor.
(() => {
  'use strict';
  const core = globalThis.PostcheckCore;
  const M = globalThis.PostcheckMessages;
  const Session = globalThis.PostcheckSession;
  if (!core || !M || !Session || globalThis.PostcheckMain) return;
  Object.defineProperty(globalThis, 'PostcheckMain', { value: true });

  const api = globalThis.browser || globalThis.chrome;
  const Adapters = globalThis.PostcheckAdapters;
  if (!Adapters) return;
  // A site added by the user may show what it is (Mastodon) only once its
  // page has rendered: chosen again while no composer has been found.
  let adapter = Adapters.adapterFor(location.hostname);
  let enabled = false;
  let allowSwitchOff = true; // IT may forbid switching checks off
  const sessions = new Map(); // editor -> Session

  async function send(msg) {
    try {
      return await api.runtime.sendMessage(msg);
    } catch (e) {
      return { error: String(e.message || e) };
    }
  }

  // Checks go over one long-lived port to the worker: a message on an open
  // port costs the page much less than sendMessage, which opens and closes
  // a channel each time (0.25-0.35 ms a keystroke). When the port closes
  // (the worker stopped), the checks waiting on it go by sendMessage and
  // the next one opens a new port.
  let port = null;
  let portId = 0;
  const waiting = new Map(); // id -> {msg, resolve}
  function openPort() {
    try {
      port = api.runtime.connect({ name: M.CS_BG_PORT });
    } catch {
      return false; // the extension was reloaded: sendMessage says so
    }
    port.onMessage.addListener((m) => {
      const w = m && waiting.get(m.id);
      if (!w) return;
      waiting.delete(m.id);
      w.resolve(m.reply);
    });
    port.onDisconnect.addListener(() => {
      void api.runtime.lastError;
      port = null;
      const left = [...waiting.values()];
      waiting.clear();
      for (const w of left) send(w.msg).then(w.resolve);
    });
    return true;
  }
  function sendCheck(msg) {
    if (!port && !openPort()) return send(msg);
    return new Promise((resolve) => {
      const id = ++portId;
      waiting.set(id, { msg, resolve });
      try {
        port.postMessage({ id, msg });
      } catch {
        waiting.delete(id);
        port = null;
        send(msg).then(resolve);
      }
    });
  }

  // This page's own name for the worker: its editors and checks are
  // counted from 1 again after a reload, in the same tab and frame.
  const page = Math.random().toString(36).slice(2, 10) + performance.timeOrigin.toString(36);
  const env = { send: (msg) => (msg.type === M.CS_BG_CHECK ? sendCheck({ ...msg, page }) : send(msg)),
    activate, allowSwitchOff: () => allowSwitchOff, others };
  /** The composers (scopes) of the page's other sessions: a panel keeps off them. */
  function others(session) {
    const out = [];
    for (const s of sessions.values()) if (s !== session) out.push(s.adapter.scope(s.editor) || s.editor);
    return out;
  }
  function useAdapter(a) {
    adapter = a;
    env.adapter = a;
    env.site = a.site || location.hostname; // as the protocol names it
    env.siteKey = a.name;                   // as the settings name it
  }
  useAdapter(adapter);

  /** Asks the worker whether this site is on; asks again (up to 10 times,
   *  1 s apart) when the worker cannot answer yet. */
  async function loadConfig() {
    for (let i = 0; i < 10; i++) {
      const c = await send({ type: M.CS_BG_CONFIG, site: env.siteKey });
      if (c && !c.error) {
        enabled = !!c.enabled;
        allowSwitchOff = c.allowSwitchOff !== false;
        return;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    enabled = false;
  }

  // Only the composer being written in shows its panel open; the others
  // fold to their one-line header, so panels do not pile up on a page with
  // several text boxes.
  let activeSession = null;
  let warmedAt = -Infinity;
  const WARM_MS = 10000;
  /** A composer taking the focus has the worker start this tab's host (no
   *  draft goes), so the first check, or the first photo attached before
   *  anything is typed, does not wait for it to start; later, at the
   *  focus or while the user writes (at most every WARM_MS), the host is
   *  greeted again, which starts its vision helper again if it stopped
   *  while idle (docs/VISION.md). */
  function warm() {
    if (performance.now() - warmedAt < WARM_MS) return;
    warmedAt = performance.now();
    send({ type: M.CS_BG_WARM, site: env.siteKey });
    core.warmPixels(); // and this page's canvas and image code (once)
  }
  // A change in a composer greets again only a host a focus started.
  env.warm = () => { if (warmedAt > -Infinity) warm(); };
  function activate(session) {
    warm();
    if (activeSession === session) return;
    activeSession = session;
    for (const s of sessions.values()) s.panel.setCollapsed(s !== session);
  }

  function start(ed) {
    if (sessions.has(ed) || !ed.isConnected) return;
    const s = new Session(ed, env);
    sessions.set(ed, s);
    for (const o of sessions.values()) if (o !== s) o.panel.place(); // a new composer to keep off
    if (ed.contains(deepActive())) activate(s);
  }

  function stopAll() {
    for (const [ed, s] of sessions) { s.stop(); sessions.delete(ed); }
    activeSession = null;
  }

  function dropGone() {
    for (const [ed, s] of sessions) {
      if (!ed.isConnected) {
        s.stop();
        sessions.delete(ed);
        if (activeSession === s) activeSession = null;
      }
    }
  }

  // ---- finding editors: the whole page once, then only what is added.
  const observed = new WeakSet();
  const pageObserver = new MutationObserver(onMutations);
  function observe(root) {
    if (observed.has(root)) return;
    observed.add(root);
    pageObserver.observe(root, { childList: true, subtree: true });
  }

  /** Starts sessions for the editors in node and observes its shadow roots. */
  function scanNode(node) {
    for (const root of core.shadowRootsIn(node)) observe(root);
    for (const ed of adapter.findEditors(node)) start(ed);
  }

  function scanAll() {
    if (!enabled) { stopAll(); return; }
    if (!sessions.size && adapter === Adapters.generic) useAdapter(Adapters.adapterFor(location.hostname));
    dropGone();
    observe(document);
    scanNode(document.documentElement);
  }

  const inEditor = (n) => {
    for (const ed of sessions.keys()) if (ed.contains(n)) return true;
    return false;
  };

  function onMutations(records) {
    if (!enabled) return;
    if (!sessions.size && adapter === Adapters.generic) {
      const a = Adapters.adapterFor(location.hostname);
      if (a !== adapter) { useAdapter(a); scanAll(); return; }
    }
    let removed = false;
    for (const r of records) {
      if (r.removedNodes.length) removed = true;
      if (!r.addedNodes.length || inEditor(r.target)) continue;
      for (const n of r.addedNodes) {
        if (n.nodeType === 1 && n.isConnected) scanNode(n);
      }
    }
    if (removed && sessions.size) dropGone();
  }

  /** The focused element, looking into open shadow roots. */
  function deepActive() {
    let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    return a;
  }

  // An editor that became editable, or whose shadow root was attached, after
  // it was added: the focus going into it is enough to find it.
  window.addEventListener('focusin', (e) => {
    if (!enabled) return;
    const t = e.composedPath()[0];
    if (!(t instanceof Element) || inEditor(t)) return;
    const root = t.getRootNode();
    if (root instanceof ShadowRoot) observe(root);
    for (const ed of adapter.findEditors(root === document ? document.documentElement : root)) {
      if (ed.contains(t)) start(ed);
    }
  }, true);

  // ---- the publish gate. Capture phase on window runs before the site's
  // own handlers, so a held click never reaches them. Inside a shadow root
  // e.target is the shadow host: the real target is composedPath()[0].
  function sessionForPublish(target) {
    if (!(target instanceof Node)) return null;
    for (const s of sessions.values()) {
      const btn = adapter.publish(s.editor);
      if (btn && btn.contains(target)) return s;
    }
    return null;
  }
  function hold(e) {
    e.preventDefault();
    e.stopImmediatePropagation();
  }
  window.addEventListener('click', (e) => {
    const s = sessionForPublish(e.composedPath()[0]);
    if (s && !s.mayPublish()) hold(e);
  }, true);
  window.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey)) return;
    const t = e.composedPath()[0];
    for (const s of sessions.values()) {
      if (t instanceof Node && s.editor.contains(t) && !s.mayPublish()) hold(e);
    }
  }, true);

  // Alt+Shift+P in a composer: the focus to its panel's buttons; again
  // (from the panel) back to the composer. Only a composer's own key: the
  // page gets it anywhere else, and when no panel is shown.
  window.addEventListener('keydown', (e) => {
    if (e.code !== 'KeyP' || !e.altKey || !e.shiftKey || e.ctrlKey || e.metaKey) return;
    const t = e.composedPath()[0];
    if (!(t instanceof Node)) return;
    for (const s of sessions.values()) {
      if (s.panel.host === t || s.panel.hasFocus()) {
        hold(e);
        s.returnFocus();
        return;
      }
      if (s.editor.contains(t)) {
        if (s.focusPanel()) hold(e);
        return;
      }
    }
  }, true);

  const place = () => { for (const s of sessions.values()) s.panel.place(); };
  window.addEventListener('scroll', place, { passive: true, capture: true });
  window.addEventListener('resize', place, { passive: true });

  api.runtime.onMessage.addListener((msg) => {
    if (msg && msg.type === M.BG_CS_SETTINGS_CHANGED) {
      loadConfig().then(() => {
        // Another pack may look for other logos: each image goes again.
        Session.forgetPixels();
        scanAll();
        for (const s of sessions.values()) s.recheck();
      });
    }
  });

  loadConfig().then(scanAll);
})();
