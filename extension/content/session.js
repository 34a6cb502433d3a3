// session.js: one Session per composer. It notices every change (the
// MutationObserver on the composer's scope and `input`), sends the draft to
// the worker at once with at most one request in flight and only the latest
// draft queued, at most one check a frame (16 ms) while keys come faster. A
// reply is drawn when it comes; an edit's own redraw (moving the last
// reply's underlines past the edit) waits 50 ms, once however many edits
// come, and is not done when a reply was drawn meanwhile. The text is read
// again only after a mutation inside the editor, and then only the blocks
// the mutations touched (core.readText's cache). It draws the findings, says
// in the panel why it cannot check when it cannot, holds the publish click
// once while an error stands, and keeps per-draft dismissals. It never
// writes to the editor.
(() => {
  'use strict';
  const core = globalThis.PostcheckCore;
  const M = globalThis.PostcheckMessages;
  const Panel = globalThis.PostcheckPanel;
  if (!core || !M || !Panel || globalThis.PostcheckSession) return;

  const RETRY_MS = 2000; // a failed check is tried again this long after
  // While a person types, at most one check this often (the first key after
  // a pause goes at once): a frame's worth, no underline could show sooner.
  const CHECK_GAP_MS = 16;
  // An edit's own redraw (moving underlines past it) waits this long, and
  // is not needed when a reply is drawn before (the usual case).
  const EDIT_REDRAW_MS = 50;
  // dHashes whose thumbnail the host has had, each with the host's run
  // (lib/native.js) that had it (null while in flight): the host keeps what
  // it found by dHash, so each image's pixels go once (docs/PROTOCOL.md
  // "pixels"), and again to a new host (restarted, or the worker's) or for
  // another pack (settings changed), which have not looked for its logos.
  const pixelsSent = new Map();
  let pixelsEpoch = 0; // forgetPixels() count: a reply from before is not kept
  const MAX_ATTACHMENTS = 64; // the host's limit (docs/PROTOCOL.md)

  class Session {
    /**
     * editor: the composer's editable element. env: {adapter, site,
     * siteKey, send(msg) -> Promise(reply), activate(session)}.
     */
    constructor(editor, env) {
      this.id = Session.next = (Session.next || 0) + 1;
      this.editor = editor;
      this.env = env;
      this.adapter = env.adapter;
      this.seq = 0;
      this.inFlight = false;
      this.queued = false;
      this.last = null;          // {text, findings}: the last reply, for the text it was about
      this.notice = null;        // what the panel says instead of (or beside) findings
      this.sentKey = '';         // the draft whose reply is shown; '' = none
      this.dismissed = new Set();
      this.allowOnce = false;
      this.retryTimer = 0;
      this.drawn = null;         // what the last redraw drew, to skip equal redraws
      this.model = null;         // the editor's text as last read; null: read again
      this.textCache = core.textCache();
      this.drawTimer = 0;        // an edit's redraw waiting (see EDIT_REDRAW_MS)
      this.lastSend = -Infinity; // when the last check went (performance.now())
      this.off = false;          // switched off for this draft
      this.undo = null;          // {keys, text}: the last dismissal
      this.panel = new Panel({
        dismiss: (list) => this.dismiss(list),
        never: (f) => this.never(f),
        page: (kind, f) => this.openPage(kind, f),
        undo: () => this.undoDismiss(),
        off: (what) => this.switchOff(what),
        postAnyway: () => this.postAnyway(),
        keepEditing: () => this.keepEditing(),
        notice: (act) => this.noticeAction(act),
        others: () => env.others(this),
        back: () => this.returnFocus(),
        editor: () => this.editor,
        publish: () => this.adapter.publish(this.editor),
      });
      core.styleShadowRoot(editor.getRootNode());
      const scope = this.adapter.scope(editor) || editor;
      this.observer = new MutationObserver((records) => {
        if (this.mutated(records)) this.repair();
      });
      const watch = { childList: true, subtree: true, characterData: true, attributes: true,
        attributeFilter: ['src', 'alt'] };
      this.observer.observe(scope, watch);
      // The text cache relies on seeing every change inside the editor.
      if (!scope.contains(editor)) this.observer.observe(editor, watch);
      this.onInput = () => this.changed();
      editor.addEventListener('input', this.onInput);
      this.onFocus = () => env.activate(this);
      editor.addEventListener('focusin', this.onFocus);
      this.changed();
    }

    stop() {
      this.stopped = true; // an image read, a reply or a retry coming later checks nothing
      this.observer.disconnect();
      clearTimeout(this.retryTimer);
      this.cancelDraw();
      this.editor.removeEventListener('input', this.onInput);
      this.editor.removeEventListener('focusin', this.onFocus);
      core.drawHighlights(this.id, [], null);
      this.panel.remove();
    }

    /** Mutation records from the composer's scope: those inside the editor
     *  make its text be read again (only the blocks they touch). True when
     *  one was inside the editor. */
    mutated(records) {
      let inside = false;
      for (const r of records) {
        if (!this.editor.contains(r.target)) continue;
        core.textChanged(this.textCache, this.editor, r.target);
        this.model = null;
        inside = true;
      }
      this.changed();
      return inside;
    }

    /**
     * After a change inside the editor: when an underline no longer covers
     * its words (the editor re-rendered or re-set the text nodes it sat in,
     * or typed inside it), the last reply is drawn again on the text now,
     * at once. It runs in the mutation observer's callback, before the page
     * paints, with no timer: a timer may wait a second or more (a hidden
     * tab's timers, a busy machine), and no check follows a re-render that
     * left the text as it was.
     */
    repair() {
      if (!core.highlightsStale(this.id)) return;
      this.drawn = null; // the same text in the same nodes, but moved off them
      this.redraw();
    }

    /** The editor's text now ({text, segs, plain}), read again only when a
     *  mutation inside the editor came since the last read. */
    text() {
      const pending = this.observer.takeRecords();
      // Taken here, these never reach the observer's callback: its repair
      // runs as a microtask instead (still before the page paints).
      if (pending.length && this.mutated(pending)) queueMicrotask(() => this.repair());
      if (!this.model || this.model.plain) this.model = core.readText(this.editor, this.textCache);
      return this.model;
    }

    /** Called on every change (coalesced per task): check at once, redraw
     *  soon unless a reply is drawn before. */
    changed() {
      if (this.changeQueued || this.stopped) return;
      this.changeQueued = true;
      if (this.env.warm) this.env.warm(); // (at most every 10 s)
      queueMicrotask(() => {
        this.changeQueued = false;
        this.drawSoon();
        if (this.inFlight) {
          this.queued = true;
          return;
        }
        this.check();
      });
    }

    /** Settings changed: the same draft is checked again. */
    recheck() {
      this.sentKey = '';
      this.changed();
    }

    /** The attached images, at most MAX_ATTACHMENTS (the host refuses
     *  more): when there are more, the ones nearest the editor, and
     *  this.attachmentsLeft says how many were left out. */
    attachments() {
      const out = [];
      const thumbs = [];
      let images = this.adapter.images(this.editor);
      this.attachmentsLeft = 0;
      if (images.length > MAX_ATTACHMENTS) {
        const e = this.editor.getBoundingClientRect();
        const dist = (img) => {
          const r = img.getBoundingClientRect();
          const dx = Math.max(e.left - r.right, r.left - e.right, 0);
          const dy = Math.max(e.top - r.bottom, r.top - e.bottom, 0);
          return dx * dx + dy * dy;
        };
        const near = images.map((img) => [dist(img), img]).sort((a, b) => a[0] - b[0]);
        this.attachmentsLeft = images.length - MAX_ATTACHMENTS;
        const keep = new Set(near.slice(0, MAX_ATTACHMENTS).map((x) => x[1]));
        images = images.filter((img) => keep.has(img)); // in page order
      }
      for (const img of images) {
        const a = { kind: 'image', name: fileName(img), alt: img.getAttribute('alt') || '' };
        // An image not read yet goes as it is now (no dHash, no pixels):
        // that check tells the host an image is attached, which starts
        // its vision helper while this page decodes and draws the image;
        // the check with its dHash and pixels follows once they are ready.
        let hash = core.dhashKnown(img);
        if (hash === undefined) {
          this.readImage(img);
          hash = '';
        }
        if (hash) a.dhash = hash;
        out.push(a);
        thumbs.push(hash ? core.thumbnailOf(img) : null);
      }
      this.thumbs = thumbs;
      return out;
    }

    /** Reads img's dHash and thumbnail (core.dhashOfImage), then checks
     *  again; an image not loaded yet (its decode failed) is read again
     *  when it loads, not only at the next edit. */
    readImage(img) {
      this.reading ||= new Set();
      if (this.reading.has(img)) return;
      this.reading.add(img);
      // After this task's check has been posted (a loaded image's canvas
      // work runs at once, without waiting on anything).
      Promise.resolve().then(() => core.dhashOfImage(img)).then(() => {
        this.reading.delete(img);
        if (core.dhashKnown(img) === undefined) {
          img.addEventListener('load', () => this.changed(), { once: true });
          return;
        }
        this.changed();
      });
    }

    /** Every image's pixels are to go again (the settings changed). */
    static forgetPixels() {
      pixelsSent.clear();
      pixelsEpoch++;
    }

    /** attachments with one new image's pixels added; more: another waits. */
    withPixels(attachments) {
      let added = null;
      let more = false;
      const out = attachments.map((a, i) => {
        const t = this.thumbs[i];
        if (!t || pixelsSent.has(a.dhash)) return a;
        if (added) { more = true; return a; }
        added = a.dhash;
        return { ...a, pixels: t };
      });
      if (added) pixelsSent.set(added, null);
      return { out, added, more, epoch: pixelsEpoch };
    }

    /** After a reply from host run `run`: the pixels sent went to it; an
     *  attached image whose pixels went to another run is due again.
     *  True when one is (a check must follow). */
    pixelsAnswered(attachments, px, reply) {
      if (px.added && px.epoch === pixelsEpoch) {
        if (reply && reply.result) pixelsSent.set(px.added, reply.run || '');
        else pixelsSent.delete(px.added);
      }
      if (!reply || !reply.result) return false;
      let again = false;
      for (const a of attachments) {
        const run = a.dhash === px.added ? undefined : pixelsSent.get(a.dhash);
        if (typeof run === 'string' && run !== (reply.run || '')) {
          pixelsSent.delete(a.dhash);
          again = true;
        }
      }
      return again;
    }

    async check() {
      this.inFlight = true;
      try {
        do {
          const wait = this.lastSend + CHECK_GAP_MS - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          this.queued = false;
          await this.checkOnce();
        } while (this.queued);
      } finally {
        this.inFlight = false;
      }
    }

    clear() {
      this.last = null;
      this.notice = null;
      this.sentKey = '';
      this.drawSoon();
    }

    async checkOnce() {
      if (core.optedOut(this.editor)) return this.clear();
      if (this.off) {
        if (!this.text().text.trim()) this.off = false; // a new post: on again
        else {
          this.last = null;
          this.sentKey = '';
          this.notice = { kind: 'info', text: 'postcheck is off for this post.',
            action: { label: 'Turn on', act: 'on' } };
          this.drawn = null;
          this.drawSoon();
          return undefined;
        }
      }
      const handle = this.adapter.handle(this.editor);
      const text = this.text().text;
      const attachments = this.attachments();
      if (!text.trim() && !attachments.length) {
        this.dismissed.clear();
        this.undo = null;
        this.allowOnce = false;
        return this.clear();
      }
      const key = JSON.stringify([handle, text, attachments, this.attachmentsLeft]);
      if (key === this.sentKey) return undefined;
      // Remembered again only once its reply has come: a draft whose reply
      // was lost (host killed, timed out) is sent again when it comes back.
      this.sentKey = '';
      clearTimeout(this.retryTimer);
      const seq = ++this.seq;
      this.lastSend = performance.now();
      const px = this.withPixels(attachments);
      const sent = this.env.send({
        type: M.CS_BG_CHECK, editor: this.id, seq, site: this.env.siteKey,
        draft: { site: this.env.site, handle, text, attachments: px.out,
          attachmentsLeft: this.attachmentsLeft },
      });
      if (this.reading && this.reading.size && !this.early) {
        // An image is still being read: its dHash and pixels go as soon
        // as they are ready, not after this check's reply (drawn if it is
        // still the newest when it comes). One such check at a time.
        this.early = true;
        sent.then((reply) => {
          this.early = false;
          if (this.answered(seq, key, text, attachments, px, reply)) this.changed();
        });
        return undefined;
      }
      // One thumbnail a request (the 1 MiB frame limit): the next goes next.
      if (this.answered(seq, key, text, attachments, px, await sent)) this.queued = true;
      return undefined;
    }

    /** Check seq's reply: kept and drawn when it is the newest. True when
     *  another check must follow (an image's pixels still to send). */
    answered(seq, key, text, attachments, px, reply) {
      const again = this.pixelsAnswered(attachments, px, reply);
      const more = px.more || again;
      if (this.stopped || seq !== this.seq || !reply || reply.stale) return more;
      if (reply.result) {
        if (!more) this.sentKey = key;
        this.last = { text, findings: reply.result.findings || [], policy: reply.result.policy || '' };
        this.notice = noticeOf(reply);
      } else if (reply.skipped) {
        this.sentKey = key;
        this.last = null;
        this.notice = noticeOf(reply);
      } else {
        // Host down, hung or refusing: say so; keep the last findings
        // (moved with the edits) and try again shortly.
        this.notice = noticeOf(reply);
        this.retryTimer = setTimeout(() => this.changed(), RETRY_MS);
      }
      // A reply is what the user waits for: drawn at once (and an edit's
      // redraw waiting is then not needed).
      this.drawn = null;
      this.redraw();
      return more;
    }

    /** One redraw EDIT_REDRAW_MS after an edit, however many edits come
     *  meanwhile; a reply drawn before makes it unneeded (redraw cancels
     *  it). A timer, not an animation frame: asking for a frame makes the
     *  page render one even when nothing else changed. */
    drawSoon() {
      if (this.drawTimer) return;
      this.drawTimer = setTimeout(() => {
        this.drawTimer = 0;
        this.redraw();
      }, EDIT_REDRAW_MS);
    }

    cancelDraw() {
      if (!this.drawTimer) return;
      clearTimeout(this.drawTimer);
      this.drawTimer = 0;
    }

    /** Draws now what waits (before the gate decides). */
    flush() {
      if (this.drawTimer) {
        this.cancelDraw();
        this.redraw();
      }
    }

    dismissKey(f, text) {
      const words = f.start !== undefined ? text.slice(f.start, f.end) : '';
      return `${f.rule}\u0000${f.attachment ?? ''}\u0000${words}`;
    }

    /** Findings of the last reply, moved onto the current text. */
    current(model) {
      if (!this.last) return [];
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
      return list;
    }

    redraw() {
      this.cancelDraw();
      const model = this.text();
      // The same text in the same DOM nodes with the same reply: nothing to do.
      const d = this.drawn;
      if (d && d.last === this.last && d.notice === this.notice && (d.model === model ||
          (d.text === model.text && d.segs.length === model.segs.length &&
           d.segs.every((s, i) => s.node === model.segs[i].node)))) {
        return;
      }
      const list = this.current(model);
      const spans = model.plain ? [] : list.filter((f) => f.start !== undefined);
      core.drawHighlights(this.id, spans, model);
      this.panel.render(list, this.adapter.scope(this.editor) || this.editor, this.notice,
        { undo: this.undo ? this.undo.text : '', switches: !!this.env.allowSwitchOff() && list.length > 0 });
      this.findings = list;
      this.drawn = { model, text: model.text, segs: model.segs, last: this.last, notice: this.notice };
    }

    dismiss(list) {
      const text = this.text().text;
      const keys = list.filter((f) => !f.locked).map((f) => this.dismissKey(f, text));
      for (const k of keys) this.dismissed.add(k);
      const m = list[0] ? list[0].message || list[0].rule : '';
      this.undo = { keys, text: m.length > 80 ? m.slice(0, 79) + '…' : m };
      this.drawn = null;
      this.redraw();
    }

    undoDismiss() {
      if (!this.undo) return;
      for (const k of this.undo.keys) this.dismissed.delete(k);
      this.undo = null;
      this.drawn = null;
      this.redraw();
    }

    /** Never flag these words again for this rule (kept on this computer). */
    async never(f) {
      const words = f.start !== undefined ? this.text().text.slice(f.start, f.end) : '';
      await this.env.send({ type: M.CS_BG_IGNORE, rule: f.rule, words });
      this.recheck();
    }

    /** The clause page, or the "this is wrong" report: the finding's rule,
     *  category, clause and the flagged words only, never the post. */
    openPage(kind, f) {
      const words = f.start !== undefined ? this.text().text.slice(f.start, f.end) : '';
      this.env.send({ type: M.CS_BG_OPEN_PAGE, page: kind, data: {
        policy: (this.last && this.last.policy) || '', rule: f.rule, category: f.category,
        severity: f.severity, clause: f.clause, quote: f.quote, message: f.message, words,
      } });
    }

    switchOff(what) {
      if (what === 'site') {
        this.env.send({ type: M.CS_BG_SITE_OFF, site: this.env.siteKey });
        return;
      }
      this.off = true;
      this.panel.setGate(false);
      this.changed();
    }

    hasErrors() {
      return (this.findings || []).some((f) => f.severity === 'error');
    }

    /** true: let this publish go; false: hold it and ask. */
    mayPublish() {
      this.flush();
      if (!this.hasErrors()) {
        this.panel.setGate(false);
        this.sentWithWarnings();
        return true;
      }
      if (this.allowOnce) {
        this.allowOnce = false;
        this.panel.setGate(false);
        this.sentWithWarnings();
        return true;
      }
      this.env.activate(this);
      this.panel.setGate(true);
      return false;
    }

    /** Counts a post going out with findings standing (on this computer). */
    sentWithWarnings() {
      if ((this.findings || []).length) this.env.send({ type: M.CS_BG_SENT });
    }

    postAnyway() {
      this.allowOnce = true;
      this.panel.setGate(false);
      const btn = this.adapter.publish(this.editor);
      if (btn) btn.click();
    }

    /** Closes the question; the focus and caret stay where they were (the
     *  panel never takes them), or come back to the editor if lost. */
    keepEditing() {
      this.panel.setGate(false);
      const active = deepActive();
      if (!active || !this.editor.contains(active)) this.returnFocus();
    }

    /** Alt+Shift+P in the composer: the focus to the panel's first button
     *  (the caret's place kept for the way back). False: nothing shown. */
    focusPanel() {
      const sel = selectionOf(this.editor);
      const r = sel && sel.rangeCount ? sel.getRangeAt(0) : null;
      this.savedRange = r && this.editor.contains(r.startContainer) ? r.cloneRange() : null;
      return this.panel.focusFirst();
    }

    /** The focus back to the editor, the caret where it was when the
     *  panel took the focus (an editor such as Lexical drops its own on
     *  blur and takes it again from the selection it is given). */
    returnFocus() {
      const r = this.savedRange;
      this.savedRange = null;
      this.editor.focus({ preventScroll: true });
      if (!r || !r.startContainer.isConnected || !this.editor.contains(r.startContainer) ||
          !this.editor.contains(r.endContainer)) return;
      const sel = selectionOf(this.editor);
      if (!sel) return;
      sel.removeAllRanges();
      sel.addRange(r);
    }

    noticeAction(act) {
      if (act === 'options') this.env.send({ type: M.CS_BG_OPEN_OPTIONS });
      if (act === 'retry') this.recheck();
      if (act === 'undo') this.undoDismiss();
      if (act === 'on') {
        this.off = false;
        this.notice = null;
        this.recheck();
      }
    }
  }

  /** The selection that holds el's caret: its shadow root's (Chromium)
   *  when el is inside one, else the document's. */
  function selectionOf(el) {
    const root = el.getRootNode();
    if (root !== document && typeof root.getSelection === 'function') return root.getSelection();
    return document.getSelection();
  }

  /** The element that has the focus, looking into open shadow roots. */
  function deepActive() {
    let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    return a;
  }

  /** What the panel says about a reply, in plain words, or null. */
  function noticeOf(reply) {
    if (reply.skipped === 'no-policy') {
      return {
        kind: 'setup',
        text: 'postcheck is not set up yet: choose your organisation in its options to have ' +
          'your posts checked against its policy.',
        action: { label: 'Open options', act: 'options' },
      };
    }
    if (reply.skipped === 'unknown-personal') {
      return {
        kind: 'info',
        text: 'postcheck cannot tell which account is posting here, so it takes it for a ' +
          'personal account (your default), and personal accounts are not checked: nothing ' +
          'was sent to the checker.',
        action: { label: 'Open options', act: 'options' },
      };
    }
    if (reply.skipped) return null;
    if (reply.error) {
      return {
        kind: 'error',
        text: `postcheck is not checking this post right now: ${reply.error}`,
        action: { label: 'Try again', act: 'retry' },
      };
    }
    const notes = [];
    const limited = (reply.result && Array.isArray(reply.result.limited)) ? reply.result.limited : [];
    if (limited.length) {
      notes.push(`Not fully checked: ${limited.length === 1 ? 'one rule' : `${limited.length} rules`} ` +
        'ran out of time on this post, so it may break the policy in ways not shown here.');
    }
    if (reply.partial) {
      notes.push(`Only the first ${reply.partial.checked.toLocaleString('en')} of ` +
        `${reply.partial.total.toLocaleString('en')} characters were checked: the post is longer ` +
        'than postcheck can check at once.');
    }
    if (reply.attachmentsLeft) {
      notes.push(`${reply.attachmentsLeft} attached files were not checked (postcheck checks the ` +
        '64 nearest the text).');
    }
    if (reply.unknownAccount) {
      notes.push('postcheck cannot tell which account is posting here, so it checked this as ' +
        `${reply.unknownAccount === 'official' ? 'an official' : 'a personal'} account (your default).`);
    }
    return notes.length ? { kind: 'info', text: notes.join(' ') } : null;
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

  Object.defineProperty(globalThis, 'PostcheckSession', { value: Session });
})();
