// panel.js: the warning panel beside a composer, in a CLOSED shadow root on
// its own host element under <body> (never inside the editor). Lists each
// finding with its message, clause and quote (the same rule and message met
// several times is one entry, "in 3 places"); offers a copy button for a
// suggestion and a dismiss button; shows a notice in plain words when
// postcheck cannot check (host down, no organisation chosen, text checked
// in part); in gate mode asks to fix or post anyway. The host element
// carries no finding text and no counts. It is rebuilt only when what it
// shows changes, and placed only when the composer moves or resizes. From
// the keyboard: Alt+Shift+P in the composer moves the focus to its first
// button (main.js), Tab goes through them, Esc (or Alt+Shift+P again) goes
// back to the composer with the caret where it was; a rebuild keeps the
// focus on a button. It never takes the focus by itself.
(() => {
  'use strict';
  const core = globalThis.PostcheckCore;
  if (!core || globalThis.PostcheckPanel) return;

  const CSS_TEXT = `
    :host { all: initial; }
    .box { font: 13px/1.4 system-ui, sans-serif; color: #1d1d1f; background: #fff;
      border: 1px solid #c9c9cf; border-radius: 8px; box-shadow: 0 4px 16px rgba(0,0,0,.18);
      width: 320px; max-height: 60vh; overflow: auto; position: relative; box-sizing: content-box; }
    header { display: flex; align-items: center; gap: 6px; padding: 6px 10px;
      background: #f4f4f6; border-bottom: 1px solid #e2e2e6; font-weight: 600; }
    header .t { flex: 1; }
    ul { list-style: none; margin: 0; padding: 0; }
    li { padding: 8px 10px; border-bottom: 1px solid #eee; }
    li:last-child { border-bottom: 0; }
    .sev { display: inline-block; font-size: 11px; font-weight: 700; text-transform: uppercase;
      padding: 0 5px; border-radius: 3px; margin-right: 4px; color: #fff; }
    .sev.error { background: #c5221f; } .sev.warning { background: #b06000; }
    .sev.info { background: #1a73e8; }
    .clause, .places { color: #555; margin-top: 4px; font-size: 12px; }
    blockquote { margin: 4px 0 0; padding-left: 8px; border-left: 3px solid #ddd;
      color: #555; font-style: italic; font-size: 12px; }
    .acts { margin-top: 6px; display: flex; gap: 6px; flex-wrap: wrap; }
    button { font: inherit; font-size: 12px; padding: 2px 8px; border: 1px solid #bbb;
      border-radius: 4px; background: #fff; cursor: pointer; }
    button.primary { background: #c5221f; color: #fff; border-color: #c5221f; }
    .gate { padding: 8px 10px; background: #fdecea; border-bottom: 1px solid #f3c3bf; }
    .gate p, .notice p { margin: 0 0 6px; }
    .gate p.keys { color: #555; font-size: 12px; }
    button:focus-visible { outline: 2px solid #1a73e8; outline-offset: 1px; }
    .notice { padding: 8px 10px; background: #fff8e1; border-bottom: 1px solid #f0e0a8; }
    .notice.error { background: #fdecea; border-color: #f3c3bf; }
    .foot { padding: 6px 10px; margin: 0; border-top: 1px solid #eee; color: #555; font-size: 12px;
      align-items: center; }
    .more { position: sticky; bottom: 0; padding: 4px 10px; background: #eef3fd; color: #1a4fa0;
      font-size: 12px; border-top: 1px solid #d5e0f5; text-align: center; }
    .hidden { display: none; }
  `;

  // The host element's styles (see setHost): each one a page's rules
  // could otherwise set on it, to move, shrink, fade, hide or show it.
  const HOST_STYLE = {
    position: 'fixed', 'z-index': '2147483646', top: '0', left: '0', right: 'auto', bottom: 'auto',
    display: 'none', float: 'none', margin: '0', padding: '0', border: 'none', 'box-sizing': 'content-box',
    width: 'auto', height: 'auto', 'min-width': '0', 'min-height': '0', 'max-width': 'none',
    'max-height': 'none', overflow: 'visible', transform: 'none', translate: 'none', rotate: 'none',
    scale: 'none', zoom: '1', opacity: '1', visibility: 'visible', filter: 'none', 'clip-path': 'none',
    mask: 'none', 'mix-blend-mode': 'normal', 'pointer-events': 'auto', 'content-visibility': 'visible',
    animation: 'none', transition: 'none',
  };

  /** Findings with the same rule, severity and message (and no
   *  attachment) become one entry: [{f, all: [findings]}]. */
  function group(findings) {
    const out = [];
    const byKey = new Map();
    for (const f of findings) {
      const key = f.attachment === undefined ? `${f.rule}\u0000${f.severity}\u0000${f.message}` : null;
      const g = key !== null && byKey.get(key);
      if (g) { g.all.push(f); continue; }
      const entry = { f, all: [f] };
      if (key !== null) byKey.set(key, entry);
      out.push(entry);
    }
    return out;
  }

  class Panel {
    /** actions: {dismiss([findings]), never(finding), page(kind, finding),
     *  undo(), off(what), postAnyway(), keepEditing(), notice(act),
     *  others(): the page's other composers, which it must not cover,
     *  back(): the focus back to the composer, editor() and publish():
     *  the composer's editor and publish button, never covered} */
    constructor(actions) {
      this.actions = actions;
      this.host = document.createElement('div');
      this.host.setAttribute('data-postcheck-ui', 'panel');
      for (const [k, v] of Object.entries(HOST_STYLE)) this.setHost(k, v);
      this.root = this.host.attachShadow({ mode: 'closed' });
      const style = document.createElement('style');
      style.textContent = CSS_TEXT;
      this.box = document.createElement('div');
      this.box.className = 'box';
      this.box.setAttribute('role', 'complementary');
      this.box.setAttribute('aria-label', 'postcheck warnings');
      this.box.setAttribute('aria-keyshortcuts', 'Alt+Shift+P');
      this.root.append(style, this.box);
      // Esc goes back to the composer (and no further: a site's dialog
      // around the composer must not close on it).
      this.box.addEventListener('keydown', (e) => {
        if (e.key !== 'Escape' || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
        e.preventDefault();
        e.stopPropagation();
        if (this.actions.back) this.actions.back();
      });
      // A mouse-down inside the panel must not take the focus or the
      // selection from the editor: the caret stays where the user left it.
      this.box.addEventListener('mousedown', (e) => e.preventDefault());
      this.collapsed = false;
      this.gate = false;
      this.findings = [];
      this.notice = null;
      this.shownKey = null;
      this.placeQueued = false;
      this.resize = typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.place()) : null;
    }

    /** One of the host element's own styles, !important: inline and
     *  important, it wins over any rule of the page's (a reset, `body > div`,
     *  a hostile page) that reaches the host; inside, the shadow root's
     *  styles hold. */
    setHost(prop, value) {
      this.host.style.setProperty(prop, value, 'important');
    }

    attach() {
      if (!this.host.isConnected) document.body.appendChild(this.host);
    }

    remove() {
      if (this.resize) this.resize.disconnect();
      if (this.seen) this.seen.disconnect();
      this.host.remove();
    }

    /**
     * Shows findings (already filtered) and notice ({kind, text, action?}
     * or null) beside anchor; hides when both are empty. Does nothing when
     * what it would show is what it shows.
     */
    render(findings, anchor, notice = null, opts = {}) {
      this.findings = findings;
      this.notice = notice;
      this.opts = opts; // {undo: text of the last dismissal, switches: may switch off}
      // The entries as they are now: buttons look their finding up here when
      // clicked, so a panel kept across edits acts on the current spans.
      this.groups = group(findings);
      if (!findings.some((f) => f.severity === 'error')) this.gate = false;
      if (anchor !== this.anchor) {
        if (this.resize) {
          this.resize.disconnect();
          if (anchor) this.resize.observe(anchor);
        }
        this.anchor = anchor;
        this.shownKey = null;
      }
      const key = JSON.stringify([this.gate, this.collapsed, notice, opts,
        findings.map((f) => [f.rule, f.severity, f.message, f.clause, f.quote, f.suggestion, f.attachment,
          f.locked, f.ignorable])]);
      if (key === this.shownKey) return;
      this.shownKey = key;
      this.box.setAttribute('data-state', this.gate ? 'gate' : 'list');
      // The button that has the focus (a keyboard user's), if any: the
      // rebuild removes it, so the focus goes to its successor.
      const had = this.hasFocus() ? this.root.activeElement : null;
      if (!findings.length && !notice && !opts.undo) {
        this.setHost('display', 'none');
        if (had && this.actions.back) this.actions.back();
        return;
      }
      this.attach();
      const acts = had ? [...this.box.querySelectorAll('button')].filter((b) =>
        b.getAttribute('data-act') === had.getAttribute('data-act')) : [];
      this.box.replaceChildren(...this.build(findings));
      this.setHost('display', 'block');
      if (had) this.refocus(had.getAttribute('data-act'), Math.max(0, acts.indexOf(had)));
      this.place();
    }

    /** True when the focus is on one of the panel's buttons. */
    hasFocus() {
      const a = this.root.activeElement;
      return !!a && this.box.contains(a);
    }

    /** Moves the focus to the first button; false when none is shown. */
    focusFirst() {
      const b = this.host.style.display === 'none' ? null : this.box.querySelector('button');
      if (!b) return false;
      b.focus({ preventScroll: true });
      return true;
    }

    /** After a rebuild: the focus to the button with the same data-act
     *  (the one at index among them, or the last), else the first. */
    refocus(act, index) {
      const same = [...this.box.querySelectorAll('button')].filter((b) => b.getAttribute('data-act') === act);
      const b = same[Math.min(index, same.length - 1)] || this.box.querySelector('button');
      if (b) b.focus({ preventScroll: true });
      else if (this.actions.back) this.actions.back();
    }

    rerender() {
      this.shownKey = null;
      this.render(this.findings, this.anchor, this.notice, this.opts);
    }

    setGate(on) {
      this.gate = on && this.findings.some((f) => f.severity === 'error');
      if (this.gate) this.collapsed = false;
      this.rerender();
    }

    setCollapsed(on) {
      if (this.collapsed === on) return;
      this.collapsed = on;
      this.rerender();
    }

    build(findings) {
      const out = [];
      if (this.gate) out.push(this.buildGate(findings));
      if (this.notice) out.push(this.buildNotice(this.notice));
      if (this.opts && this.opts.undo) {
        out.push(this.buildNotice({ kind: 'info', text: `Dismissed for this post: ${this.opts.undo}`,
          action: { label: 'Undo', act: 'undo' } }));
      }
      const groups = this.groups;
      if (!groups.length) return out;
      const head = el('header', null, [
        el('span', 't', [`postcheck: ${groups.length} ` +
          `${groups.length === 1 ? 'thing' : 'things'} to look at`]),
        button(this.collapsed ? 'Show' : 'Hide', 'toggle', () => this.setCollapsed(!this.collapsed)),
      ]);
      out.push(head);
      if (this.collapsed) return out;
      const ul = el('ul');
      const items = groups.map((g, i) => this.buildItem(g, i));
      ul.append(...items);
      out.push(ul);
      if (this.opts && this.opts.switches) {
        out.push(el('div', 'acts foot', ['Turn postcheck off: ',
          button('for this post', 'off-draft', () => this.actions.off('draft')),
          button('on this site', 'off-site', () => this.actions.off('site'))]));
      }
      out.push(this.buildMore(items));
      return out;
    }

    /** A footer that says how many entries are below the visible part of
     *  the list (IntersectionObserver: no layout read on the main path). */
    buildMore(items) {
      const more = el('div', 'more hidden');
      more.setAttribute('data-more', '');
      if (this.seen) this.seen.disconnect();
      if (typeof IntersectionObserver !== 'function') return more;
      const hidden = new Set();
      this.seen = new IntersectionObserver((entries) => {
        for (const e of entries) {
          if (e.intersectionRatio > 0.5) hidden.delete(e.target); else hidden.add(e.target);
        }
        more.textContent = hidden.size
          ? `${hidden.size} more below: scroll the panel to see ${hidden.size === 1 ? 'it' : 'them'}`
          : '';
        more.classList.toggle('hidden', hidden.size === 0);
      }, { root: this.box, threshold: [0, 0.5, 1] });
      for (const li of items) this.seen.observe(li);
      return more;
    }

    buildGate(findings) {
      const n = group(findings.filter((f) => f.severity === 'error')).length;
      return el('div', 'gate', [
        announced(el('p', null, [`Before you post: ${n === 1 ? 'one problem breaks' : n + ' problems break'} ` +
          'your organisation\'s policy. Fix it, or post anyway.'])),
        el('p', 'keys', ['Keyboard: Alt+Shift+P from the post to reach these buttons, Esc to go back.']),
        el('div', 'acts', [
          button('Keep editing', 'keep-editing', () => this.actions.keepEditing()),
          button('Post anyway', 'post-anyway', () => this.actions.postAnyway(), 'primary'),
        ]),
      ]);
    }

    buildNotice(n) {
      const kids = [el('p', null, [n.text])];
      if (n.action) {
        kids.push(el('div', 'acts', [button(n.action.label, n.action.act,
          () => this.actions.notice(n.action.act))]));
      }
      const box = el('div', `notice ${n.kind || ''}`, kids);
      box.setAttribute('role', 'status');
      return box;
    }

    buildItem(g, i) {
      const f = g.f;
      const now = () => this.groups[i] || g; // the same entry, with today's spans
      const acts = [];
      if (f.suggestion) {
        acts.push(button('Copy suggestion', 'copy', async (b) => {
          try {
            await navigator.clipboard.writeText(f.suggestion);
            b.textContent = 'Copied';
          } catch {
            b.textContent = f.suggestion; // no clipboard: show it to copy by hand
          }
        }));
      }
      // IT-locked rules cannot be dismissed or ignored.
      if (!f.locked) acts.push(button('Dismiss', 'dismiss', () => this.actions.dismiss(now().all)));
      if (f.ignorable) acts.push(button('Never for this phrase', 'never', () => this.actions.never(now().f)));
      acts.push(button('Read the clause', 'clause', () => this.actions.page('clause', now().f)));
      acts.push(button('This is wrong', 'report', () => this.actions.page('report', now().f)));
      const kids = [
        el('div', null, [el('span', `sev ${f.severity}`, [f.severity]), f.message || '']),
      ];
      if (g.all.length > 1) kids.push(el('div', 'places', [`In ${g.all.length} places.`]));
      if (f.clause) kids.push(el('div', 'clause', [`Policy: ${f.clause}`]));
      if (f.quote) kids.push(el('blockquote', null, [f.quote]));
      if (f.suggestion) kids.push(el('div', 'clause', [`Suggestion: ${f.suggestion}`]));
      kids.push(el('div', 'acts', acts));
      const li = el('li', null, kids);
      li.setAttribute('data-rule', f.rule || '');
      return li;
    }

    /** Places the panel at the next frame (once however often asked),
     *  against its own composer and never over another one on the page
     *  (actions.others(): their elements), see spot(). */
    place() {
      if (this.placeQueued || this.host.style.display === 'none') return;
      this.placeQueued = true;
      requestAnimationFrame(() => {
        this.placeQueued = false;
        if (!this.anchor || !this.anchor.isConnected || this.host.style.display === 'none') return;
        const others = (this.actions.others ? this.actions.others() : [])
          .filter((e) => e && e.isConnected && e !== this.anchor)
          .map((e) => e.getBoundingClientRect()).filter((o) => o.width && o.height);
        // The editor itself (its text is never covered) and the site's
        // publish button: what a panel in a small window keeps off when
        // there is no room outside the whole composer.
        const own = this.actions.editor ? this.actions.editor() : null;
        const ed = own && own.isConnected ? own.getBoundingClientRect() : null;
        const pub = this.actions.publish ? this.actions.publish() : null;
        const keep = pub && pub.isConnected ? [pub.getBoundingClientRect()].filter((o) => o.width && o.height) : [];
        const s = spot(this.anchor.getBoundingClientRect(), others, this.box.scrollHeight + 2,
          window.innerWidth, window.innerHeight, ed, keep);
        this.setHost('left', `${Math.round(s.left)}px`);
        this.setHost('top', `${Math.round(s.top)}px`);
        this.box.style.width = `${Math.round(s.width - 10)}px`;
        this.box.style.maxHeight = `${Math.round(s.height)}px`;
      });
    }
  }

  const PANEL_W = 330;    // the panel's width with its border, when there is room
  const PANEL_MIN_W = 240; // beside a composer it may narrow to this
  const SMALL_MIN_W = 200; // beside the editor, in a small window
  const ROOM = 100;        // the least height worth a place when not all fits
  const GAP = 8;
  const EDGE = 4;         // kept free at the window's edges

  /**
   * Where the panel goes: {left, top, width, height (its most)}. a: its
   * composer's rect; others: other composers' rects, never covered; h: the
   * height its content needs; vw, vh: the window; ed: the editor's own
   * rect (its text: never covered), keep: other rects kept free (the
   * site's publish button). Tried in turn: right of the composer, left of
   * it (narrowed to 240 px when needed), below it, above it; the first
   * where all of it fits wins. When none does and none has 100 px
   * (a small window: a 900 x 260 one left 31 px below X's composer), the
   * same four places around the editor alone are tried too (beside it
   * down to 200 px wide), drawn over the rest of the composer (its tool
   * bar, the previews) or the page but never over the editor, the publish
   * button or another composer. Then the one with the most height (at
   * least 100 px: the list scrolls, "N more below"), else the one with
   * any height (its header at least). With none free it goes below, as
   * before.
   */
  function spot(a, others, h, vw, vh, ed = null, keep = []) {
    const around = (r, avoid, minW) => {
      const hits = (x, w, y0, y1) => avoid.filter((o) => o.left < x + w && o.right > x &&
        o.top < y1 && o.bottom > y0);
      // From y down: the height free of what is avoided and in the window.
      const down = (x, w, y) => {
        let end = vh - EDGE;
        for (const o of hits(x, w, y, end)) if (o.top >= y - GAP) end = Math.min(end, o.top - GAP);
        if (hits(x, w, y, Math.max(y + 1, end)).length) return 0;
        return Math.max(0, end - y);
      };
      const tries = [];
      const side = (x, w) => {
        if (w < minW) return;
        const y = Math.max(EDGE, Math.min(r.top, vh - EDGE - h));
        tries.push({ left: x, top: y, width: w, height: Math.min(h, down(x, w, y)) });
      };
      const wr = Math.min(PANEL_W, vw - EDGE - (r.right + GAP));
      side(r.right + GAP, wr);
      const wl = Math.min(PANEL_W, r.left - GAP - EDGE);
      side(r.left - GAP - wl, wl);
      const w = Math.min(PANEL_W, vw - 2 * EDGE);
      let x = Math.max(EDGE, Math.min(r.left, vw - EDGE - w));
      // Below or above, keep off what is avoided sideways when it can
      // (the publish button at the right of a tool bar).
      const shift = (y0, y1) => {
        for (const o of hits(x, w, y0, y1)) {
          if (o.left - GAP - w >= EDGE) x = Math.min(x, o.left - GAP - w);
        }
      };
      const below = Math.max(EDGE, r.bottom + GAP);
      shift(below, vh - EDGE);
      tries.push({ left: x, top: below, width: w, height: Math.min(h, down(x, w, below)) });
      x = Math.max(EDGE, Math.min(r.left, vw - EDGE - w));
      let top = Math.max(EDGE, r.top - GAP - h);
      shift(top, r.top - GAP);
      for (const o of hits(x, w, top, r.top - GAP)) top = Math.max(top, o.bottom + GAP);
      const above = Math.max(0, Math.min(h, r.top - GAP - top));
      if (above > 0) tries.push({ left: x, top, width: w, height: above });
      return { tries: tries.filter((t) => t.height > 0), x, below };
    };
    const wide = around(a, others, PANEL_MIN_W);
    let ok = wide.tries;
    if (ed && !ok.some((t) => t.height >= Math.min(h, ROOM))) {
      ok = ok.concat(around(ed, [...others, ...keep, ed], SMALL_MIN_W).tries);
    }
    const best = ok.find((t) => t.height >= h) ||
      ok.filter((t) => t.height >= ROOM).sort((p, q) => q.height - p.height)[0] ||
      ok.sort((p, q) => q.height - p.height)[0];
    if (best) return best;
    const { x, below } = wide;
    const w = Math.min(PANEL_W, vw - 2 * EDGE);
    return { left: x, top: Math.min(below, vh - 120), width: w, height: Math.max(100, vh - below - GAP) };
  }

  /** e, announced by screen readers when it appears (the post was held). */
  function announced(e) {
    e.setAttribute('role', 'alert');
    return e;
  }

  function el(tag, cls, kids = []) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    for (const k of kids) e.append(k);
    return e;
  }

  function button(label, act, fn, cls) {
    const b = el('button', cls, [label]);
    b.type = 'button';
    b.setAttribute('data-act', act);
    b.addEventListener('click', (e) => {
      e.stopPropagation();
      fn(b);
    });
    return b;
  }

  Object.defineProperty(globalThis, 'PostcheckPanel', { value: Panel });
})();
