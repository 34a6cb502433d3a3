// panel.js: the warning panel beside a composer, in a CLOSED shadow root on
// its own host element under <body> (never inside the editor). Lists each
// finding with its message, clause and quote; offers a copy button for a
// suggestion and a dismiss button; in gate mode asks to fix or post anyway.
// The host element carries only counts (data-count, data-state), no text.
(() => {
  'use strict';
  const core = globalThis.PostcheckCore;
  if (!core || globalThis.PostcheckPanel) return;

  const CSS_TEXT = `
    :host { all: initial; }
    .box { font: 13px/1.4 system-ui, sans-serif; color: #1d1d1f; background: #fff;
      border: 1px solid #c9c9cf; border-radius: 8px; box-shadow: 0 4px 16px rgba(0,0,0,.18);
      width: 320px; max-height: 60vh; overflow: auto; }
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
    .clause { color: #555; margin-top: 4px; font-size: 12px; }
    blockquote { margin: 4px 0 0; padding-left: 8px; border-left: 3px solid #ddd;
      color: #555; font-style: italic; font-size: 12px; }
    .acts { margin-top: 6px; display: flex; gap: 6px; flex-wrap: wrap; }
    button { font: inherit; font-size: 12px; padding: 2px 8px; border: 1px solid #bbb;
      border-radius: 4px; background: #fff; cursor: pointer; }
    button.primary { background: #c5221f; color: #fff; border-color: #c5221f; }
    .gate { padding: 8px 10px; background: #fdecea; border-bottom: 1px solid #f3c3bf; }
    .gate p { margin: 0 0 6px; }
    .hidden { display: none; }
  `;

  class Panel {
    /** actions: {dismiss(finding), postAnyway(), keepEditing()} */
    constructor(actions) {
      this.actions = actions;
      this.host = document.createElement('div');
      this.host.setAttribute('data-postcheck-ui', 'panel');
      this.host.style.cssText = 'position:fixed;z-index:2147483646;top:0;left:0;display:none;';
      this.root = this.host.attachShadow({ mode: 'closed' });
      const style = document.createElement('style');
      style.textContent = CSS_TEXT;
      this.box = document.createElement('div');
      this.box.className = 'box';
      this.box.setAttribute('role', 'complementary');
      this.box.setAttribute('aria-label', 'postcheck warnings');
      this.root.append(style, this.box);
      this.collapsed = false;
      this.gate = false;
    }

    attach() {
      if (!this.host.isConnected) document.body.appendChild(this.host);
    }

    remove() {
      this.host.remove();
    }

    /** Shows findings (already filtered) beside anchor; hides when empty. */
    render(findings, anchor) {
      this.findings = findings;
      this.anchor = anchor;
      if (!findings.length) this.gate = false;
      this.host.setAttribute('data-count', String(findings.length));
      this.host.setAttribute('data-errors',
        String(findings.filter((f) => f.severity === 'error').length));
      this.host.setAttribute('data-state', this.gate ? 'gate' : 'list');
      if (!findings.length) {
        this.host.style.display = 'none';
        return;
      }
      this.attach();
      this.box.replaceChildren(...this.build(findings));
      this.host.style.display = 'block';
      this.place();
    }

    setGate(on) {
      this.gate = on;
      if (on) this.collapsed = false;
      this.render(this.findings || [], this.anchor);
    }

    build(findings) {
      const out = [];
      if (this.gate) out.push(this.buildGate(findings));
      const head = el('header', null, [
        el('span', 't', [`postcheck: ${findings.length} ` +
          `${findings.length === 1 ? 'thing' : 'things'} to look at`]),
        button(this.collapsed ? 'Show' : 'Hide', 'toggle', () => {
          this.collapsed = !this.collapsed;
          this.render(this.findings, this.anchor);
        }),
      ]);
      out.push(head);
      if (this.collapsed) return out;
      const ul = el('ul');
      for (const f of findings) ul.appendChild(this.buildItem(f));
      out.push(ul);
      return out;
    }

    buildGate(findings) {
      const n = findings.filter((f) => f.severity === 'error').length;
      return el('div', 'gate', [
        el('p', null, [`Before you post: ${n === 1 ? 'one problem breaks' : n + ' problems break'} ` +
          'your organisation\'s policy. Fix it, or post anyway.']),
        el('div', 'acts', [
          button('Keep editing', 'keep-editing', () => this.actions.keepEditing()),
          button('Post anyway', 'post-anyway', () => this.actions.postAnyway(), 'primary'),
        ]),
      ]);
    }

    buildItem(f) {
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
      acts.push(button('Dismiss', 'dismiss', () => this.actions.dismiss(f)));
      const kids = [
        el('div', null, [el('span', `sev ${f.severity}`, [f.severity]), f.message || '']),
      ];
      if (f.clause) kids.push(el('div', 'clause', [`Policy: ${f.clause}`]));
      if (f.quote) kids.push(el('blockquote', null, [f.quote]));
      if (f.suggestion) kids.push(el('div', 'clause', [`Suggestion: ${f.suggestion}`]));
      kids.push(el('div', 'acts', acts));
      const li = el('li', null, kids);
      li.setAttribute('data-rule', f.rule || '');
      return li;
    }

    /** Beside the anchor when there is room, else below it. */
    place() {
      if (!this.anchor || !this.anchor.isConnected) return;
      const r = this.anchor.getBoundingClientRect();
      const w = 330;
      let left = r.right + 12;
      let top = r.top;
      if (left + w > window.innerWidth) {
        left = Math.max(4, Math.min(r.left, window.innerWidth - w));
        top = r.bottom + 8;
      }
      this.host.style.left = `${Math.round(left)}px`;
      this.host.style.top = `${Math.round(Math.max(4, top))}px`;
    }
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
