// page.mjs: test-side helpers in the page's MAIN world (the extension's
// content scripts live in an isolated world the page cannot see): what
// CSS.highlights holds, the panel's counts on its host element, and, through
// the DevTools protocol (which pierces closed shadow roots), the panel's
// contents and buttons.

import { until } from './wait.mjs';

// Installed with addInitScript: records when the last key went down, and
// waits for a condition without polling: it is tested again at each
// animation frame (when an underline can first be seen) and on each DOM
// change (the panel's host shown or hidden), so the page's main thread is
// free between them; a timeout of its own ends the wait.
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
    /** Resolves {ok, latency} once spec holds (latency: ms from the last
     *  key down to the frame or DOM change at which it was seen), or
     *  {ok: false} after timeout ms. */
    waitFor(spec, timeout = 2000) {
      return new Promise((resolve) => {
        let done = false;
        let raf = 0;
        const finish = (ok) => {
          done = true;
          mo.disconnect();
          cancelAnimationFrame(raf);
          clearTimeout(timer);
          resolve({ ok, latency: performance.now() - pc.keyT });
        };
        const tick = () => { if (!done && pc.test(spec)) finish(true); };
        const frame = () => {
          tick();
          if (!done) raf = requestAnimationFrame(frame);
        };
        const mo = new MutationObserver(tick);
        const timer = setTimeout(() => { if (!done) finish(pc.test(spec)); }, timeout);
        mo.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['style'] });
        tick();
        if (!done) raf = requestAnimationFrame(frame);
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
    return await readPanel(cdp);
  } finally {
    await cdp.detach();
  }
}

async function readPanel(cdp) {
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
}

// The DevTools protocol's DOM events: once the document has been read, a
// change to any node read (the panel's closed shadow root included) is
// reported, so a wait reads the panel again only after one.
const DOM_EVENTS = ['DOM.childNodeInserted', 'DOM.childNodeRemoved', 'DOM.attributeModified',
  'DOM.attributeRemoved', 'DOM.characterDataModified', 'DOM.childNodeCountUpdated',
  'DOM.documentUpdated', 'DOM.setChildNodes', 'DOM.shadowRootPushed'];

/**
 * Waits until pred(panel) holds (the panel as panel() returns it) and
 * resolves with that panel, or with null after timeout ms. The panel is
 * read at once, then again after each DOM change the DevTools protocol
 * reports (and at least every 250 ms), never in a busy loop.
 */
export async function panelUntil(page, pred, timeout = 3000) {
  const cdp = await page.context().newCDPSession(page);
  const t0 = Date.now();
  let wake = null;
  const onEvent = () => { if (wake) wake(); };
  for (const e of DOM_EVENTS) cdp.on(e, onEvent);
  try {
    for (;;) {
      const changed = new Promise((r) => { wake = r; });
      const p = await readPanel(cdp);
      if (pred(p)) return p;
      const left = timeout - (Date.now() - t0);
      if (left <= 0) return null;
      await Promise.race([changed, new Promise((r) => setTimeout(r, Math.min(250, left)))]);
    }
  } finally {
    wake = null;
    for (const e of DOM_EVENTS) cdp.off(e, onEvent);
    await cdp.detach().catch(() => {});
  }
}

/**
 * Runs action and waits until the panel lists rule; resolves {ok, latency}
 * with latency in ms from just before the action (it includes the time to
 * read the panel through the DevTools protocol, a few ms).
 */
export async function waitRule(page, rule, action, timeout = 3000) {
  const t0 = Date.now();
  await action();
  const p = await panelUntil(page, (x) => x.rules.includes(rule), timeout);
  return { ok: !!p, latency: Date.now() - t0 };
}

/**
 * Clicks a panel button (data-act; the index-th of them) like a user, by
 * its position, once the panel is at rest: the panel is placed at an
 * animation frame after it changes (the gate's question appearing makes it
 * taller and may move it), so a position read before that frame can be
 * stale by the time the mouse gets there (CI once dismissed nothing that
 * way, perhaps: 'dismissed finding still shown'; until that frame the
 * panel keeps its old height, and a button the gate's question pushed down
 * may be scrolled out of it). The button's box is read, two frames are let
 * pass, and it is read again until two reads agree and the node a click
 * there would hit is the button itself (up to timeout ms; the panel read
 * afresh when it was rebuilt meanwhile).
 */
export async function clickPanel(page, act, index = 0, timeout = 3000) {
  const t0 = Date.now();
  const cdp = await page.context().newCDPSession(page);
  const frames = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const centre = async (id) => {
    try {
      const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId: id });
      const q = model.content;
      return [(q[0] + q[2] + q[4] + q[6]) / 4, (q[1] + q[3] + q[5] + q[7]) / 4];
    } catch {
      return null; // the button left the page: the panel was rebuilt
    }
  };
  try {
    for (;;) {
      const ids = (await readPanel(cdp)).buttons[act];
      if (!ids || !ids[index]) {
        if (Date.now() - t0 > timeout) throw new Error(`no panel button ${act} within ${timeout} ms`);
        await frames();
        continue;
      }
      const a = await centre(ids[index]);
      await frames();
      const b = await centre(ids[index]);
      // What a click there would hit (the DevTools protocol looks into
      // the closed shadow root): the button itself, not whatever covers or
      // clips it.
      const hit = b && await cdp.send('DOM.getNodeForLocation', { x: Math.round(b[0]), y: Math.round(b[1]),
        ignorePointerEventsNone: true }).catch(() => null);
      const onPanel = !!hit && hit.backendNodeId === ids[index];
      if (a && b && a[0] === b[0] && a[1] === b[1] && onPanel) {
        await page.mouse.click(b[0], b[1]);
        return;
      }
      if (Date.now() - t0 > timeout) {
        throw new Error(`panel button ${act} not at rest and in sight within ${timeout} ms (at ${b})`);
      }
    }
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

/**
 * Waits until the extension's content script in page has taken up at
 * least `sessions` composers (its Session count, read in the extension's
 * isolated world of the top frame through the DevTools protocol: the page
 * cannot see it), instead of sleeping while it asks the worker for its
 * settings. Throws after timeout ms, saying what it saw.
 */
export async function extensionReady(page, { sessions = 1, timeout = 5000 } = {}) {
  const cdp = await page.context().newCDPSession(page);
  const contexts = new Map(); // id -> origin
  cdp.on('Runtime.executionContextCreated', ({ context: c }) => {
    if (c.origin.startsWith('chrome-extension://') && c.auxData && c.auxData.type === 'isolated') {
      contexts.set(c.id, c.auxData.frameId);
    }
  });
  cdp.on('Runtime.executionContextDestroyed', ({ executionContextId: id }) => contexts.delete(id));
  let seen = 'no content script';
  try {
    await cdp.send('Runtime.enable');
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const top = frameTree.frame.id;
    await until(async () => {
      for (const [id, frame] of contexts) {
        if (frame !== top) continue;
        const r = await cdp.send('Runtime.evaluate', { contextId: id, returnByValue: true,
          expression: 'globalThis.PostcheckSession ? (globalThis.PostcheckSession.next || 0) : -1' })
          .catch(() => null);
        const n = r && r.result ? r.result.value : -1;
        seen = n < 0 ? 'no content script' : `${n} composers taken up`;
        if (n >= sessions) return true;
      }
      return false;
    }, () => `the extension's content script ready (${sessions} composers): ${seen}`, timeout, 25);
  } finally {
    await cdp.detach().catch(() => {});
  }
}
