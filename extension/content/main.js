// main.js: finds composers with the site's adapter and runs one Session per
// editor. A Session notices every change (MutationObserver and `input`),
// sends the draft with at most one request in flight and only the latest
// draft queued, draws the findings, holds the publish click once while an
// error stands, and keeps per-draft dismissals. It never writes to the editor.
(() => {
  'use strict';
  const core = globalThis.PostcheckCore;
  const M = globalThis.PostcheckMessages;
  const Panel = globalThis.PostcheckPanel;
  if (!core || !M || !Panel || globalThis.PostcheckMain) return;
  Object.defineProperty(globalThis, 'PostcheckMain', { value: true });

  const api = globalThis.browser || globalThis.chrome;
  const adapter = core.adapters.find((a) => a.hosts.test(location.hostname));
  const site = adapter.site || location.hostname;   // as the protocol names it
  const siteKey = adapter.name;                      // as the settings name it
  let config = null;
  let nextSession = 1;
  const sessions = new Map(); // editor -> Session

  async function send(msg) {
    try {
      return await api.runtime.sendMessage(msg);
    } catch (e) {
      return { error: String(e.message || e) };
    }
  }

  async function loadConfig() {
    const c = await send({ type: M.CS_BG_CONFIG, site: siteKey });
    config = c && !c.error ? c : { enabled: false };
    for (const s of sessions.values()) s.changed();
  }

  /** May text from this handle leave the content script at all? */
  function accountAllowed(handle) {
    if (!config || !config.enabled || !config.policy) return false;
    if (config.personalMode) return true;
    const h = core.normaliseHandle(handle);
    return !!h && config.officialHandles.some((o) => core.normaliseHandle(o) === h);
  }

  class Session {
    constructor(editor) {
      this.id = nextSession++;
      this.editor = editor;
      this.seq = 0;
      this.inFlight = false;
      this.queued = false;
      this.last = null;          // {text, findings, attachments}
      this.sentKey = '';
      this.dismissed = new Set();
      this.allowOnce = false;
      this.panel = new Panel({
        dismiss: (f) => this.dismiss(f),
        postAnyway: () => this.postAnyway(),
        keepEditing: () => { this.panel.setGate(false); this.editor.focus(); },
      });
      this.observer = new MutationObserver(() => this.changed());
      const scope = adapter.scope(editor) || editor;
      this.observer.observe(scope, {
        childList: true, subtree: true, characterData: true, attributes: true,
        attributeFilter: ['src', 'alt'],
      });
      this.onInput = () => this.changed();
      editor.addEventListener('input', this.onInput);
      this.onFocus = () => activate(this);
      editor.addEventListener('focusin', this.onFocus);
      if (editor.contains(document.activeElement)) activeSession = this;
      this.changed();
    }

    stop() {
      this.observer.disconnect();
      this.editor.removeEventListener('input', this.onInput);
      this.editor.removeEventListener('focusin', this.onFocus);
      if (activeSession === this) activeSession = null;
      core.drawHighlights(this.id, []);
      this.panel.remove();
    }

    /** Called on every change: redraw at once, then check the new draft. */
    changed() {
      this.redraw();
      if (this.inFlight) {
        this.queued = true;
        return;
      }
      this.check();
    }

    async attachments() {
      const out = [];
      for (const img of adapter.images(this.editor)) {
        const a = { kind: 'image', name: fileName(img), alt: img.getAttribute('alt') || '' };
        const hash = await core.dhashOfImage(img);
        if (hash) a.dhash = hash;
        out.push(a);
      }
      return out;
    }

    async check() {
      this.inFlight = true;
      try {
        do {
          this.queued = false;
          await this.checkOnce();
        } while (this.queued);
      } finally {
        this.inFlight = false;
      }
    }

    async checkOnce() {
      const handle = adapter.handle(this.editor);
      if (core.optedOut(this.editor) || !accountAllowed(handle)) {
        this.last = null;
        this.sentKey = '';
        this.redraw();
        return;
      }
      const text = core.readText(this.editor).text;
      const attachments = await this.attachments();
      if (!text.trim() && !attachments.length) {
        this.last = null;
        this.sentKey = '';
        this.dismissed.clear();
        this.allowOnce = false;
        this.redraw();
        return;
      }
      const key = JSON.stringify([handle, text, attachments, config.policy, config.personalMode]);
      if (key === this.sentKey) return;
      const seq = ++this.seq;
      const reply = await send({
        type: M.CS_BG_CHECK, editor: this.id, seq, site: siteKey,
        draft: { site, handle, text, attachments },
      });
      if (seq !== this.seq || !reply || reply.stale) return;
      // A host error is not remembered: the same draft is sent again later.
      if (!reply.error) this.sentKey = key;
      if (reply.result) {
        this.last = { text, attachments, findings: reply.result.findings || [] };
      } else {
        this.last = null; // skipped or host unavailable: show nothing here
      }
      this.redraw();
    }

    dismissKey(f, text) {
      const words = f.start !== undefined ? text.slice(f.start, f.end) : '';
      return `${f.rule}\u0000${f.attachment ?? ''}\u0000${words}`;
    }

    /** Findings of the last reply, moved onto the current text. */
    current() {
      if (!this.last || core.optedOut(this.editor)) return { model: null, list: [] };
      const model = core.readText(this.editor);
      const list = [];
      for (const f of this.last.findings) {
        let g = f;
        if (f.start !== undefined && f.end !== undefined) {
          const span = core.shiftSpan(this.last.text, model.text, f.start, f.end);
          if (!span) continue;
          g = { ...f, start: span[0], end: span[1] };
        }
        if (this.dismissed.has(this.dismissKey(g, model.text))) continue;
        list.push(g);
      }
      return { model, list };
    }

    redraw() {
      const { model, list } = this.current();
      const ranges = [];
      if (model && !model.plain) {
        for (const f of list) {
          if (f.start === undefined) continue;
          const range = core.rangeOf(model, f.start, f.end);
          if (range) ranges.push({ severity: f.severity, range });
        }
      }
      core.drawHighlights(this.id, ranges);
      this.panel.render(list, adapter.scope(this.editor) || this.editor);
      this.findings = list;
    }

    dismiss(f) {
      this.dismissed.add(this.dismissKey(f, core.readText(this.editor).text));
      this.redraw();
    }

    hasErrors() {
      return (this.findings || []).some((f) => f.severity === 'error');
    }

    /** true: let this publish go; false: hold it and ask. */
    mayPublish() {
      if (!this.hasErrors()) return true;
      if (this.allowOnce) {
        this.allowOnce = false;
        this.panel.setGate(false);
        return true;
      }
      activate(this);
      this.panel.setGate(true);
      return false;
    }

    postAnyway() {
      this.allowOnce = true;
      this.panel.setGate(false);
      const btn = adapter.publish(this.editor);
      if (btn) btn.click();
    }
  }

  // Only the composer being written in shows its panel open; the others
  // fold to their one-line header, so panels do not pile up on a page with
  // several text boxes.
  let activeSession = null;
  function activate(session) {
    if (activeSession === session) return;
    activeSession = session;
    for (const s of sessions.values()) {
      s.panel.collapsed = s !== session;
      s.redraw();
    }
  }

  function fileName(img) {
    const src = img.getAttribute('src') || '';
    if (src.startsWith('data:') || src.startsWith('blob:')) return img.getAttribute('title') || '';
    try {
      return decodeURIComponent(new URL(src, location.href).pathname.split('/').pop() || '');
    } catch {
      return '';
    }
  }

  function scan() {
    if (!config || !config.enabled) {
      for (const [ed, s] of sessions) { s.stop(); sessions.delete(ed); }
      return;
    }
    for (const [ed, s] of sessions) {
      if (!ed.isConnected) { s.stop(); sessions.delete(ed); }
    }
    for (const ed of adapter.findEditors(document)) {
      if (!sessions.has(ed)) sessions.set(ed, new Session(ed));
    }
  }

  let scanQueued = false;
  function queueScan() {
    if (scanQueued) return;
    scanQueued = true;
    requestAnimationFrame(() => { scanQueued = false; scan(); });
  }

  function sessionFor(target) {
    if (!(target instanceof Node)) return null;
    for (const s of sessions.values()) {
      const btn = adapter.publish(s.editor);
      if (btn && btn.contains(target)) return s;
    }
    return null;
  }

  // The publish gate: capture phase on window runs before the site's own
  // handlers, so a held click never reaches them.
  function hold(e) {
    e.preventDefault();
    e.stopImmediatePropagation();
  }
  window.addEventListener('click', (e) => {
    const s = sessionFor(e.target);
    if (s && !s.mayPublish()) hold(e);
  }, true);
  window.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey)) return;
    for (const s of sessions.values()) {
      if (s.editor.contains(e.target) && !s.mayPublish()) hold(e);
    }
  }, true);

  const place = () => { for (const s of sessions.values()) s.panel.place(); };
  window.addEventListener('scroll', place, { passive: true, capture: true });
  window.addEventListener('resize', place, { passive: true });

  api.runtime.onMessage.addListener((msg) => {
    if (msg && msg.type === M.BG_CS_SETTINGS_CHANGED) loadConfig().then(scan);
  });

  new MutationObserver(queueScan).observe(document.documentElement, { childList: true, subtree: true });
  loadConfig().then(scan);
})();
