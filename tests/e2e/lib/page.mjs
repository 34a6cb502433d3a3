// page.mjs: test-side helpers in the page's MAIN world (the extension's
// content scripts live in an isolated world the page cannot see): what
// CSS.highlights holds, the panel's counts on its host element, and, through
// the DevTools protocol (which pierces closed shadow roots), the panel's
// contents and buttons.

// Installed with addInitScript: records when the last key went down, and
// waits for a condition by polling between tasks (MessageChannel), so the
// extension's own tasks still run.
export const INIT = () => {
  const pc = {
    keyT: 0,
    mark() { pc.keyT = performance.now(); },
    highlights() {
      const out = [];
      for (const sev of ['error', 'warning', 'info']) {
        const h = CSS.highlights.get(`postcheck-${sev}`);
        if (h) for (const r of h) out.push({ sev, text: r.toString() });
      }
      return out;
    },
    /** Panels shown (a panel lists findings or a notice). */
    shown() {
      return [...document.querySelectorAll('[data-postcheck-ui]')]
        .filter((el) => el.style.display !== 'none').length;
    },
    test(spec) {
      if (spec.range !== undefined) return pc.highlights().some((h) => h.text === spec.range);
      if (spec.noRange !== undefined) return !pc.highlights().some((h) => h.text === spec.noRange);
      if (spec.shown !== undefined) return pc.shown() === spec.shown;
      if (spec.none) return pc.highlights().length === 0 && pc.shown() === 0;
      return false;
    },
    waitFor(spec, timeout = 2000) {
      return new Promise((resolve) => {
        const t0 = performance.now();
        const ch = new MessageChannel();
        ch.port1.onmessage = () => {
          const now = performance.now();
          if (pc.test(spec)) resolve({ ok: true, latency: now - pc.keyT });
          else if (now - t0 > timeout) resolve({ ok: false, latency: now - pc.keyT });
          else ch.port2.postMessage(0);
        };
        ch.port2.postMessage(0);
      });
    },
  };
  // Armed before the action, so the poller already runs when it happens.
  pc.arm = (spec, timeout) => { pc.armed = pc.waitFor(spec, timeout); };
  pc.result = () => pc.armed;
  window.addEventListener('keydown', () => pc.mark(), true);
  Object.defineProperty(window, '__pc', { value: pc });
};

export const waitFor = (page, spec, timeout) =>
  page.evaluate(([s, t]) => window.__pc.waitFor(s, t), [spec, timeout]);

/**
 * Runs action (a key press, an attachment) and measures the time from its
 * key event (or mark) to the moment spec holds, polling from before it.
 */
export async function measure(page, spec, action, timeout = 3000) {
  await page.evaluate(([s, t]) => window.__pc.arm(s, t), [spec, timeout]);
  await action();
  return page.evaluate(() => window.__pc.result());
}

/** The panels as the DevTools protocol sees them (all of them on the page,
 *  in order): rules listed, text, buttons by data-act, the gate state. */
export async function panel(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const hosts = [];
    walk(root, (n) => { if (attr(n, 'data-postcheck-ui') !== null && n.shadowRoots) hosts.push(n); });
    const rules = [];
    const buttons = {};
    let text = '';
    let state = null;
    for (const host of hosts) {
      state = state || attr(host, 'data-state');
      walk(host.shadowRoots[0], (n) => {
        if (attr(n, 'data-state') !== null) state = state === 'gate' ? state : attr(n, 'data-state');
        if (n.nodeName === 'LI' && attr(n, 'data-rule') !== null) rules.push(attr(n, 'data-rule'));
        if (n.nodeName === 'BUTTON') (buttons[attr(n, 'data-act')] ||= []).push(n.backendNodeId);
        if (n.nodeType === 3 && n.parentId && !/STYLE/.test(n.parentName || '')) text += n.nodeValue + ' ';
      });
    }
    return { rules, text, buttons, state };
  } finally {
    await cdp.detach();
  }
}

/**
 * Runs action and waits (through the DevTools protocol, polling) until the
 * panel lists rule; resolves {ok, latency} with latency in ms from just
 * before the action (it includes the polling's own delay, a few ms).
 */
export async function waitRule(page, rule, action, timeout = 3000) {
  const t0 = Date.now();
  await action();
  for (;;) {
    const p = await panel(page);
    const dt = Date.now() - t0;
    if (p.rules.includes(rule)) return { ok: true, latency: dt };
    if (dt > timeout) return { ok: false, latency: dt };
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Clicks a panel button (data-act) like a user, by its position. */
export async function clickPanel(page, act, index = 0) {
  const p = await panel(page);
  const ids = p.buttons[act];
  if (!ids || !ids[index]) throw new Error(`no panel button ${act}`);
  const cdp = await page.context().newCDPSession(page);
  try {
    const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId: ids[index] });
    const q = model.content;
    const x = (q[0] + q[2] + q[4] + q[6]) / 4;
    const y = (q[1] + q[3] + q[5] + q[7]) / 4;
    await page.mouse.click(x, y);
  } finally {
    await cdp.detach();
  }
}

function attr(n, name) {
  const a = n.attributes || [];
  for (let i = 0; i < a.length; i += 2) if (a[i] === name) return a[i + 1];
  return null;
}
function kids(n) {
  return [...(n.children || []), ...(n.shadowRoots || [])];
}
function walk(n, fn, parentName = '') {
  n.parentName = parentName;
  fn(n);
  for (const c of kids(n)) walk(c, fn, n.nodeName);
}
