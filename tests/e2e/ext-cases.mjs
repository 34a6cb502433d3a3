// ext-cases.mjs: the cases run by ext.mjs. Each is what a person (or a
// hostile page) does, and asserts what they rely on; each failed on the
// extension before the fix it covers (issue 13's and 14's lists).
import { join } from 'node:path';

/** The page's accessibility tree (closed shadow roots included). */
async function axTree(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    return nodes.map((n) => ({ id: n.nodeId, role: n.role && n.role.value, name: n.name && n.name.value,
      kids: n.childIds || [], focused: (n.properties || []).some((p) => p.name === 'focused' && p.value.value) }));
  } finally {
    await cdp.detach();
  }
}
/** The text under an accessibility node. */
function axText(nodes, node) {
  const by = new Map(nodes.map((n) => [n.id, n]));
  const out = [];
  const walk = (n) => { if (n.name) out.push(n.name); for (const k of n.kids) if (by.has(k)) walk(by.get(k)); };
  walk(node);
  return out.join(' ');
}
/** The name of the button that has the focus, or '' (none, or not a button). */
async function focusedButton(page) {
  const f = (await axTree(page)).find((n) => n.focused && n.role === 'button');
  return f ? f.name : '';
}

export function cases(t) {
  const { assert, open, panelSays, waitFor, panel, clickPanel } = t;
  const list = [];
  const test = (name, fn) => list.push({ name, fn });
  const personal = { policy: 'llmat', officialHandles: ['@LLMAT'], personalMode: true };
  const official = { policy: 'llmat', officialHandles: ['@LLMAT'], personalMode: false };
  // The panel asking before posting (it is drawn by the click's handler).
  const gate = (page) => t.panelUntil(page, (p) => p.state === 'gate', 2000);
  const fixture = (page) => page.evaluate(() => ({ text: __fixture.text(), posted: __fixture.posted.length,
    foreign: __fixture.foreign }));

  // LinkedIn as served today: the share box opens later inside the open
  // shadow root of #interop-outlet, its Quill editor carries
  // data-gramm="false", and its Post button is inside the shadow root.
  test('linkedin-shadow-root', async () => {
    const b = await t.shared();
    const page = await open(b, 'www.linkedin.com', { path: 'fixtures/linkedin-shadow.html',
      settings: personal, click: false });
    await page.evaluate(() => { window.__nofocus = true; });
    await page.click('#start');
    // Found with no focus and no key: the page itself then puts text in
    // (an editor's re-render, seen only inside the shadow root).
    await t.extensionReady(page);
    await page.evaluate(() => __fixture.setText('Write to jo.bloggs@gmail.com'));
    const found = await waitFor(page, { range: 'jo.bloggs@gmail.com' }, 1500);
    assert(found.ok, 'editor in the shadow root not found, or its change not seen (no underline)');
    // Typing in it: underlines follow.
    await page.click('[data-fixture-editor]');
    await page.keyboard.press('End');
    await page.keyboard.type(' or call 07700 900123', { delay: 15 });
    const phone = await waitFor(page, { range: '07700 900123' }, 3000);
    assert(phone.ok, 'phone number typed in the shadow root not underlined');
    await page.screenshot({ path: join(t.OUT, 'linkedin-shadow.png'), caret: 'initial' });
    // The gate holds the Post button inside the shadow root.
    await page.click('[data-fixture-publish]');
    let st = await fixture(page);
    assert(st.posted === 0, 'Post inside the shadow root went through with an error standing');
    assert(await gate(page), 'panel does not ask before posting');
    await clickPanel(page, 'post-anyway');
    await page.waitForFunction(() => __fixture.posted.length === 1, null, { timeout: 2000 });
    st = await fixture(page);
    assert(st.foreign === 0, `${st.foreign} foreign changes to the editor's DOM: ${await page.evaluate(() => __fixture.foreignLog.join(' | '))}`);
    assert(st.text === 'Write to jo.bloggs@gmail.com or call 07700 900123', `editor text ${st.text}`);
    await page.close();
    return 'found in the shadow root (data-gramm="false" on it), underlined, Post held until "post anyway"';
  });

  // The host killed mid-check, hung, or not installed: the composer says so
  // in plain words, and the draft is checked again once the host is back.
  test('host-down-in-composer', async () => {
    const b = await t.browser('flaky', t.flakyHost());
    try {
      const page = await open(b, 'x.com', { handle: 'LLMAT', settings: official });
      const base = 'email jo.bloggs@gmail.com';
      await page.keyboard.type(base, { delay: 15 });
      const first = await waitFor(page, { range: 'jo.bloggs@gmail.com' }, 10000);
      assert(first.ok, 'not underlined at first');
      await page.keyboard.type(' KILLME', { delay: 15 });
      const killed = await panelSays(page, /not checking this post/, 4000);
      assert(killed, 'host killed mid-check: the composer says nothing');
      const killedText = killed.text;
      for (let i = 0; i < 7; i++) await page.keyboard.press('Backspace');
      // The same draft as before the crash: checked again (the notice goes).
      const back = await panelSays(page, /^(?![\s\S]*not checking)[\s\S]*Policy:/, 8000);
      assert(back, 'back to a draft sent before the host died: never checked again');
      assert((await waitFor(page, { range: 'jo.bloggs@gmail.com' }, 3000)).ok, 'underline gone');
      await page.keyboard.type(' HANGME', { delay: 15 });
      const hung = await panelSays(page, /did not answer in time/, 9000);
      assert(hung, 'host hung: the composer says nothing');
      for (let i = 0; i < 7; i++) await page.keyboard.press('Backspace');
      assert(await panelSays(page, /^(?![\s\S]*not checking)[\s\S]*Policy:/, 9000),
        'no check after the hung host was replaced');
      // A rule the host cut short (time budget) is said, not passed over.
      await page.keyboard.type(' LIMITME', { delay: 15 });
      assert(await panelSays(page, /Not fully checked: one rule/, 4000), 'a rule cut short: nothing said');
      await page.close();
      const c = await t.browser('nohost', null);
      try {
        const p2 = await open(c, 'x.com', { handle: 'LLMAT', settings: official });
        await p2.keyboard.type('hello', { delay: 15 });
        const missing = await panelSays(p2, /not installed/, 4000);
        assert(missing, 'host not installed: the composer says nothing');
        return `killed: "${killedText.trim().slice(0, 90)}…"; re-checked after; hung and not-installed said too`;
      } finally {
        await c.ctx.close();
      }
    } finally {
      await b.ctx.close();
    }
  });

  test('gate-after-error-fixed', async () => {
    const b = await t.shared();
    const page = await open(b, 'x.com', { handle: 'jo_teacher', settings: personal });
    await page.keyboard.type('So proud of LLMAT, email jo.bloggs@gmail.com', { delay: 10 });
    assert((await waitFor(page, { range: 'jo.bloggs@gmail.com' }, 3000)).ok, 'email not underlined');
    await page.click('[data-fixture-publish]');
    assert((await fixture(page)).posted === 0, 'not held with an error standing');
    assert(await gate(page), 'no gate');
    await page.click('[data-fixture-editor]');
    await page.keyboard.press('End');
    for (let i = 0; i < 'jo.bloggs@gmail.com'.length; i++) await page.keyboard.press('Backspace');
    assert((await waitFor(page, { noRange: 'jo.bloggs@gmail.com' }, 3000)).ok, 'email underline stayed');
    assert((await waitFor(page, { range: 'LLMAT' }, 3000)).ok, 'the warning should stand');
    const p = await t.panelUntil(page, (x) => x.state !== 'gate', 3000) || await panel(page);
    assert(!/0 problems/.test(p.text), `gate says "${p.text.match(/Before you post[^.]*/)}"`);
    assert(p.state !== 'gate', 'gate still shown 3 s after only a warning was left');
    await page.click('[data-fixture-publish]');
    assert((await fixture(page)).posted === 1, 'publish held with only a warning left');
    await page.close();
    return 'gate gone once the error was fixed; the warning stayed; Post went through';
  });

  test('keep-editing-keeps-caret', async () => {
    const b = await t.shared();
    const page = await open(b, 'www.facebook.com', { handle: 'LLMAT', settings: official });
    const text = 'Call Jo on jo.bloggs@gmail.com today';
    await page.keyboard.type(text, { delay: 10 });
    assert((await waitFor(page, { range: 'jo.bloggs@gmail.com' }, 3000)).ok, 'email not underlined');
    await page.click('[data-fixture-publish]');
    assert(await gate(page), 'no gate');
    await page.click('[data-fixture-editor]', { position: { x: 400, y: 10 } }); // caret at the end
    await page.keyboard.press('End');
    await clickPanel(page, 'keep-editing');
    await page.keyboard.type('!');
    let st;
    await t.until(async () => (st = await fixture(page)).text !== text,
      () => `the key after "Keep editing" did not reach the editor: ${JSON.stringify(st.text)}`);
    assert(st.text === text + '!', `the next key landed elsewhere: ${JSON.stringify(st.text)}`);
    await page.close();
    return 'the key after "Keep editing" landed where the caret was';
  });

  // A keyboard user: the post held by Ctrl+Enter, the panel's buttons
  // reached with Alt+Shift+P, Esc back to the post with the caret where it
  // was (Lexical mode: the editor drops its own caret on blur), "Post
  // anyway" by Tab and Enter, and the focus kept on the panel when a key
  // rebuilds it. Before, no key reached the panel: its buttons came after
  // every other focusable thing on the page, and the way back put the next
  // key at the start of the post.
  test('keyboard-panel', async () => {
    const b = await t.shared();
    const page = await open(b, 'www.facebook.com', { handle: 'LLMAT', settings: official });
    const text = 'Call Jo on jo.bloggs@gmail.com today';
    await page.keyboard.type(text, { delay: 10 });
    assert((await waitFor(page, { range: 'jo.bloggs@gmail.com' }, 3000)).ok, 'email not underlined');
    for (let i = 0; i < 'today'.length; i++) await page.keyboard.press('ArrowLeft'); // before "today"
    await page.keyboard.press('Control+Enter');
    assert((await fixture(page)).posted === 0, 'Ctrl+Enter went through with an error standing');
    assert(await gate(page), 'no gate');
    // The question is announced (role alert), and says which keys reach it.
    const ax = await axTree(page);
    const alertNode = ax.find((n) => n.role === 'alert');
    assert(alertNode && /Before you post/.test(axText(ax, alertNode)), 'the held post is not announced (no alert)');
    await page.keyboard.press('Alt+Shift+P');
    let f = await t.until(() => focusedButton(page), 'Alt+Shift+P: no panel button has the focus');
    assert(f === 'Keep editing', `Alt+Shift+P: the focus is on "${f}", not the gate's first button`);
    await page.keyboard.press('Escape');
    // The editor takes its caret back from the selection it is given (a
    // selectionchange task; a key pressed at once could overtake it, a
    // person's next key does not).
    const caret = () => page.evaluate(() => __fixture.caret());
    let at;
    await t.until(async () => (at = await caret()) === text.length - 'today'.length,
      () => `after Esc the editor's caret is at ${at}, not where it was (${text.length - 'today'.length})`);
    await page.keyboard.type('X');
    const typed = text.replace('today', 'Xtoday');
    let st;
    await t.until(async () => (st = await fixture(page)).text !== text,
      () => 'the key after Esc did not reach the editor');
    assert(st.text === typed, `after Esc the key landed elsewhere: ${JSON.stringify(st.text)}`);
    await page.keyboard.press('Alt+Shift+P');
    await t.until(async () => (f = await focusedButton(page)) === 'Keep editing', () => `Alt+Shift+P again: the focus is on "${f}", not the gate's first button`);
    await page.keyboard.press('Tab');
    f = await focusedButton(page);
    assert(f === 'Post anyway', `Tab from "Keep editing" goes to "${f}"`);
    await page.keyboard.press('Enter');
    await t.until(async () => (await fixture(page)).posted === 1, '"Post anyway" by Enter: nothing posted');
    const sent = await page.evaluate(() => __fixture.posted[0]);
    assert(sent.text === typed, `posted ${JSON.stringify(sent.text)}`);
    // A key that rebuilds the panel keeps the focus on it: the gate's
    // buttons gone, it is on the first one left (the header's Hide); Enter
    // there folds the list, and the focus stays on its Show.
    await t.until(async () => (f = await focusedButton(page)) === 'Hide',
      () => `after "Post anyway" the focus is on "${f}", not the panel's first button left`);
    await page.keyboard.press('Enter');
    await t.until(async () => (f = await focusedButton(page)) === 'Show',
      () => `after folding the panel the focus is on "${f}", not its Show button`);
    await page.keyboard.press('Escape');
    await t.until(async () => (at = await caret()) === typed.indexOf('today'),
      () => `after the second Esc the editor's caret is at ${at}, not ${typed.indexOf('today')}`);
    await page.keyboard.type('Y');
    await t.until(async () => (st = await fixture(page)).text !== typed, 'the key after the second Esc was lost');
    assert(st.text === typed.replace('X', 'XY'), `after the second Esc the key landed elsewhere: ${JSON.stringify(st.text)}`);
    assert(st.foreign === 0, `${st.foreign} foreign changes to the editor's DOM`);
    await page.close();
    return 'held post announced; Alt+Shift+P to the panel, Esc back with the caret kept, Post anyway by Tab ' +
      'and Enter, focus kept across a rebuild';
  });

  test('panel-not-rebuilt-per-key', async () => {
    const b = await t.shared();
    const page = await open(b, 'x.com', { handle: 'LLMAT', settings: official });
    await page.keyboard.type('email jo.bloggs@gmail.com', { delay: 10 });
    assert((await waitFor(page, { range: 'jo.bloggs@gmail.com' }, 3000)).ok, 'email not underlined');
    await page.waitForTimeout(200);
    const before = (await panel(page)).buttons.dismiss;
    await page.keyboard.type(' for the photos from today', { delay: 10 });
    await page.waitForTimeout(300);
    const after = (await panel(page)).buttons.dismiss;
    assert(before && after && before.join() === after.join(),
      `panel rebuilt while its findings stayed the same (${before} -> ${after})`);
    await page.close();
    return `26 keys, the same finding: panel nodes kept (${before.length} entry)`;
  });

  test('scroll-hint', async () => {
    const b = await t.shared();
    const page = await open(b, 'x.com', { handle: 'jo_teacher', settings: personal });
    await page.setViewportSize({ width: 1200, height: 330 });
    await page.keyboard.type('LLMAT trip: email jo.bloggs@gmail.com or call 07700 900123, ' +
      'dob 12/03/1985', { delay: 5 });
    assert((await waitFor(page, { range: '07700 900123' }, 3000)).ok, 'phone not underlined');
    const p = await panelSays(page, /more below/, 2000);
    assert(p, `no hint that more findings are below (${(await panel(page)).rules.length} listed)`);
    await page.close();
    return `"${p.text.match(/\d+ more below[^:]*/)[0]}"`;
  });

  test('same-warning-once', async () => {
    const b = await t.shared();
    const page = await open(b, 'x.com', { handle: 'jo_teacher', settings: personal });
    await page.keyboard.type('LLMAT is great. Go LLMAT! LLMAT forever', { delay: 5 });
    const three = await page.waitForFunction(() => __pc.highlights().filter((h) => h.text === 'LLMAT').length === 3,
      null, { timeout: 3000 }).then(() => true, () => false);
    const marks = await page.evaluate(() => __pc.highlights().filter((h) => h.text === 'LLMAT').length);
    assert(three, `${marks} of the 3 mentions of LLMAT underlined within 3 s`);
    const p = await panel(page);
    const entries = p.rules.filter((r) => r === 'llmat.disclaimer').length;
    assert(entries === 1, `the disclaimer warning is listed ${entries} times`);
    await page.close();
    return `${marks} mentions underlined, one entry in the panel`;
  });

  test('options-handle-saved-on-input', async () => {
    const b = await t.shared();
    await b.sw.evaluate(() => chrome.storage.sync.set({ officialHandles: [] }));
    const page = await b.ctx.newPage();
    await page.goto(`chrome-extension://${t.ids.chrome_extension_id}/options/options.html`);
    await page.waitForFunction(() => !/Checking/.test(document.getElementById('status').textContent));
    await page.click('#handles');
    await page.keyboard.type('@LLMATnews', { delay: 20 });
    await page.close(); // the tab closes before the textarea's change fires
    await t.storageUntil(b.sw, { officialHandles: ['@LLMATnews'] },
      { what: 'the handle typed before the tab closed' });
    return 'typed handle kept after the tab closed';
  });

  test('welcome-on-install', async () => {
    const c = await t.browser('welcome');
    try {
      const page = await t.until(() => c.ctx.pages().find((p) => /options\.html#welcome/.test(p.url())),
        () => `no welcome page opened on install (${c.ctx.pages().map((p) => p.url())})`, 5000);
      await page.waitForSelector('#welcome:not([hidden])');
      return `opened ${page.url().replace(/^.*\//, '')}`;
    } finally {
      await c.ctx.close();
    }
  });

  test('unconfigured-composer', async () => {
    const b = await t.shared();
    const page = await open(b, 'x.com', { handle: 'LLMAT', settings: { ...official, policy: '' } });
    await page.keyboard.type('Hello everyone', { delay: 10 });
    const p = await panelSays(page, /not set up yet/, 3000);
    assert(p, 'an unconfigured composer says nothing');
    assert(p.buttons.options, 'no button to open the options');
    await page.close();
    return 'says it is not set up, with a button to open the options';
  });

  // What the page can read: highlight names without finding text, and no
  // counts or states on the panel's host element.
  test('page-learns-nothing', async () => {
    const b = await t.shared();
    const page = await open(b, 'x.com', { handle: 'LLMAT', settings: official });
    await page.keyboard.type('email jo.bloggs@gmail.com', { delay: 10 });
    assert((await waitFor(page, { range: 'jo.bloggs@gmail.com' }, 3000)).ok, 'not underlined');
    await page.click('[data-fixture-publish]');
    const seen = await page.evaluate(() => ({
      names: [...CSS.highlights.keys()],
      attrs: [...document.querySelectorAll('[data-postcheck-ui]')].flatMap((e) => e.getAttributeNames()),
    }));
    assert(seen.names.every((n) => /^postcheck-(error|warning|info)$/.test(n)), `names ${seen.names}`);
    const extra = seen.attrs.filter((a) => a !== 'data-postcheck-ui' && a !== 'style');
    assert(extra.length === 0, `page-visible attributes on the panel: ${extra}`);
    await page.close();
    return `highlight names ${seen.names}; panel host attributes: ${[...new Set(seen.attrs)]}`;
  });

  return list;
}

// Issue 14's extension parts and issue 13's deliverables 3-4, appended to
// the list made by cases().
export function moreCases(t) {
  const { assert, open, panelSays, waitFor, panel } = t;
  const list = [];
  const test = (name, fn) => list.push({ name, fn });
  const official = { policy: 'llmat', officialHandles: ['@LLMAT'], personalMode: false };
  const posted = (page) => page.evaluate(() => __fixture.posted.length);
  const gate = (page) => t.panelUntil(page, (p) => p.state === 'gate', 2000);

  // Words the user deleted are not flagged any more: neither underlined
  // nor listed in the panel, at once, while the check of the new text is
  // still on its way (a host 1.5 s slow, a shim in front of it).
  test('deleted-words-not-listed', async () => {
    const { wrapper } = await import('./lib/browser.mjs');
    const slow = wrapper(`${t.tmp}/slow-host`, [process.execPath, `${t.ROOT}/tests/e2e/host-shim.mjs`, t.HOST],
      { POSTCHECK_SHIM_CHECK_DELAY_MS: '1500' });
    const b = await t.browser('slow-checks', slow);
    try {
      const page = await open(b, 'x.com', { handle: 'LLMAT', settings: official });
      const text = 'Hello, mail jo.bloggs@gmail.com or ring 07700 900123';
      await page.evaluate((s) => __fixture.setText(s), text);
      assert((await waitFor(page, { range: '07700 900123' }, 8000)).ok, 'phone not underlined');
      assert((await waitFor(page, { range: 'jo.bloggs@gmail.com' }, 3000)).ok, 'email not underlined');
      assert(await t.panelUntil(page, (p) => p.rules.filter((r) => r === 'llmat.personal-data').length >= 1, 3000),
        'the panel lists no personal data');
      const before = (await panel(page)).text;
      // The user deletes the email (the page's own editor model does it).
      const t0 = Date.now();
      await page.evaluate((s) => __fixture.setText(s), 'Hello, mail or ring 07700 900123');
      const gone = await t.panelUntil(page, (p) => !/email address/.test(p.text), 1000);
      const ms = Date.now() - t0;
      const marks = await page.evaluate(() => __pc.highlights().map((h) => h.text));
      assert(gone, `1 s after the email was deleted the panel still speaks of it: ${before.slice(0, 160)}`);
      assert(ms < 1400, `the panel took ${ms} ms, as long as the check (1.5 s): it waited for the reply`);
      assert(!marks.some((m) => /@/.test(m) || m === ''), `underlines after the deletion: ${JSON.stringify(marks)}`);
      assert(marks.includes('07700 900123'), `the phone's underline went too: ${JSON.stringify(marks)}`);
      await page.close();
      return `the deleted email left the panel ${ms} ms after, before the slow check's reply; the phone stays`;
    } finally {
      await b.ctx.close();
    }
  });

  // The composer closed (a site's dialog shut, a page changed in place)
  // while a check is waiting on a host 1.5 s slow: its reply must not bring
  // the panel or the underlines back for a composer that is gone.
  test('composer-closed-while-checking', async () => {
    const { wrapper } = await import('./lib/browser.mjs');
    const slow = wrapper(`${t.tmp}/slow-host-2`, [process.execPath, `${t.ROOT}/tests/e2e/host-shim.mjs`, t.HOST],
      { POSTCHECK_SHIM_CHECK_DELAY_MS: '1500' });
    const b = await t.browser('slow-checks-2', slow);
    try {
      const page = await open(b, 'x.com', { handle: 'LLMAT', settings: official });
      await page.evaluate(() => __fixture.setText('Mail jo.bloggs@gmail.com'));
      assert((await waitFor(page, { range: 'jo.bloggs@gmail.com' }, 8000)).ok, 'email not underlined');
      // A new draft goes to the slow host; the composer is closed 200 ms
      // later, before the reply.
      await page.evaluate(() => __fixture.setText('Mail jo.bloggs@gmail.com or ring 07700 900123'));
      await page.waitForTimeout(200);
      await page.evaluate(() => document.querySelector('main.card').remove());
      assert((await waitFor(page, { none: true }, 1000)).ok, 'the panel stayed after its composer was closed');
      // Nothing to wait on: the reply comes 1.5 s after the check went.
      await page.waitForTimeout(2500);
      const left = await page.evaluate(() => ({ shown: __pc.shown(), marks: __pc.highlights().map((h) => h.text) }));
      assert(left.shown === 0 && left.marks.length === 0,
        `the slow reply brought back a panel or underlines for the closed composer: ${JSON.stringify(left)}`);
      await page.close();
      return 'panel and underlines gone with the composer, and not back when the slow reply came';
    } finally {
      await b.ctx.close();
    }
  });

  // A site's own broad rules (a reset, a layout framework, a hostile page)
  // reach any element put in its page, the panel's host element included:
  // they must not move, shrink, fade or hide the panel, nor show it empty.
  test('page-css-cannot-move-panel', async () => {
    const b = await t.shared();
    const page = await open(b, 'x.com', { handle: 'LLMAT', settings: official });
    await page.addStyleTag({ content: 'body > div:last-child { position: absolute !important; ' +
      'display: block !important; top: 900px !important; left: 0 !important; transform: scale(0.3) !important; ' +
      'opacity: 0.1 !important; visibility: hidden !important; margin: 40px !important; ' +
      'width: 10px !important; height: 10px !important; overflow: hidden !important; ' +
      'pointer-events: none !important; filter: blur(4px) !important; }' });
    await page.keyboard.type('email jo.bloggs@gmail.com', { delay: 10 });
    assert((await waitFor(page, { range: 'jo.bloggs@gmail.com' }, 3000)).ok, 'not underlined');
    const look = () => page.evaluate(() => {
      const host = document.querySelector('[data-postcheck-ui]');
      if (!host) return null;
      const cs = getComputedStyle(host);
      const r = host.getBoundingClientRect();
      const e = document.querySelector('[data-fixture-editor]').getBoundingClientRect();
      return { position: cs.position, display: cs.display, opacity: cs.opacity, visibility: cs.visibility,
        transform: cs.transform, filter: cs.filter, pointer: cs.pointerEvents, margin: cs.marginTop,
        w: Math.round(r.width), h: Math.round(r.height), beside: r.left >= e.right || r.right <= e.left ||
        r.top >= e.bottom || r.bottom <= e.top, inView: r.top >= 0 && r.bottom <= innerHeight };
    });
    let g;
    const ok = (x) => x && x.position === 'fixed' && x.display !== 'none' && x.opacity === '1' &&
      x.visibility === 'visible' && x.transform === 'none' && x.filter === 'none' && x.pointer !== 'none' &&
      x.margin === '0px' && x.w >= 240 && x.h >= 100 && x.beside && x.inView;
    await t.until(async () => ok(g = await look()), () => `the page's CSS changed the panel: ${JSON.stringify(g)}`);
    // Nothing to show (the post emptied, by the editor's own model): the
    // panel goes, whatever display the page forces.
    await page.evaluate(() => __fixture.setText(''));
    await t.until(async () => (g = await look()) && (g.display === 'none' || g.w === 0),
      () => `the panel stays on screen with nothing to show: ${JSON.stringify(g)}`);
    await page.close();
    return 'fixed beside the composer, opaque, full size, and gone with nothing to show, under a page\'s ' +
      '!important rules on its host';
  });

  // A small window (900 x 260): the panel used to get the 31 px left below
  // X's composer. It must get room to read and click, over the page or the
  // composer's tool bar, but never over the editor's text or the publish
  // button, and never change the editor.
  for (const [site, handle] of [['x.com', 'LLMAT'], ['www.facebook.com', 'LLMAT'], ['www.linkedin.com', 'LLMAT']]) {
    test(`small-window-panel-${site.replace(/^www\./, '').replace(/\..*/, '')}`, async () => {
      const b = await t.shared();
      const page = await open(b, site, { handle, settings: official });
      await page.setViewportSize({ width: 900, height: 260 });
      await page.keyboard.type('Call 07700 900456 or email jo.bloggs@gmail.com', { delay: 10 });
      assert((await waitFor(page, { range: 'jo.bloggs@gmail.com' }, 3000)).ok, 'not underlined');
      const look = () => page.evaluate(() => {
        const host = document.querySelector('[data-postcheck-ui]');
        if (!host || host.style.display === 'none') return null;
        const r = host.getBoundingClientRect();
        const box = (el) => { const q = el.getBoundingClientRect(); return [q.left, q.top, q.right, q.bottom]; };
        const apart = (q) => r.left >= q[2] || r.right <= q[0] || r.top >= q[3] || r.bottom <= q[1];
        const ed = document.querySelector('[data-fixture-editor]');
        const pub = document.querySelector('[data-fixture-publish]');
        // The topmost element at the editor's centre and near its corners
        // is the editor (or inside it), not the panel.
        const e = box(ed);
        const pts = [[(e[0] + e[2]) / 2, (e[1] + e[3]) / 2], [e[0] + 3, e[1] + 3], [e[2] - 3, e[1] + 3],
          [e[0] + 3, Math.min(e[3], innerHeight) - 3], [e[2] - 3, Math.min(e[3], innerHeight) - 3]];
        const topmost = pts.every(([x, y]) => { const h = document.elementFromPoint(x, y); return !h || ed.contains(h); });
        return { w: Math.round(r.width), h: Math.round(r.height), top: Math.round(r.top), left: Math.round(r.left),
          offEditor: apart(e), offPublish: !pub || apart(box(pub)), topmost,
          inView: r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth };
      });
      let g;
      const ok = (x) => x && x.h >= 100 && x.w >= 200 && x.offEditor && x.offPublish && x.topmost && x.inView;
      await t.until(async () => ok(g = await look()), () => `panel in a 900 x 260 window: ${JSON.stringify(g)}`);
      // Its buttons work there: the list scrolled with the mouse wheel (as
      // a person does) to the first entry's Dismiss, which takes it away.
      const before = (await panel(page)).rules.length;
      await page.mouse.move(g.left + 60, g.top + 60);
      for (let i = 0; ; i++) {
        await page.mouse.wheel(0, 40);
        try {
          await t.clickPanel(page, 'dismiss', 0, 400);
          break;
        } catch (e) {
          if (i === 15) throw e;
        }
      }
      await t.until(async () => (await panel(page)).rules.length === before - 1,
        () => 'dismiss in the small panel did nothing');
      const fx = await page.evaluate(() => ({ text: __fixture.text(), foreign: __fixture.foreign }));
      assert(fx.foreign === 0 && fx.text === 'Call 07700 900456 or email jo.bloggs@gmail.com',
        `the editor was changed: ${JSON.stringify(fx)}`);
      await page.close();
      return `panel ${g.w} x ${g.h} px at ${g.left},${g.top}, off the editor and Post; dismiss works`;
    });
  }

  test('text-over-limit-checked-in-part', async () => {
    const b = await t.shared();
    const page = await open(b, 'x.com', { handle: 'LLMAT', settings: official });
    await page.evaluate(() => __fixture.setText('Write to jo.bloggs@gmail.com ' + 'lorem ipsum '.repeat(100000)));
    const w = await waitFor(page, { range: 'jo.bloggs@gmail.com' }, 8000);
    assert(w.ok, `1.2 MB post: the email in it not underlined (${(await panel(page)).text.slice(0, 120)})`);
    const p = await panelSays(page, /Only the first [\d,]+ of 1,200,029 characters were checked/, 3000);
    assert(p, 'the panel does not say the post was checked in part');
    await page.close();
    return `"${p.text.match(/Only the first [^:]*/)[0]}"`;
  });

  test('attachments-over-64', async () => {
    const b = await t.shared();
    const page = await open(b, 'x.com', { handle: 'LLMAT', settings: official });
    await page.evaluate(async () => {
      for (let i = 0; i < 70; i++) await __fixture.attach('/fixtures/img/pupils.png', '', `p${i}.png`);
    });
    await page.click('[data-fixture-editor]');
    await page.keyboard.type('email jo.bloggs@gmail.com', { delay: 10 });
    const w = await waitFor(page, { range: 'jo.bloggs@gmail.com' }, 8000);
    assert(w.ok, `70 images: the text was not checked (${(await panel(page)).text.slice(0, 120)})`);
    const p = await panelSays(page, /6 attached files were not checked/, 3000);
    assert(p, 'the panel does not say 6 attachments were left out');
    await page.close();
    return '64 attachments sent, the text checked, "6 attached files were not checked"';
  });

  // Who is posting: X's profile being viewed is not the poster.
  test('who-posts-x', async () => {
    const b = await t.shared();
    let page = await open(b, 'x.com', { handle: 'LLMAT', q: '&viewing=jo_teacher', settings: official });
    await page.keyboard.type('email jo.bloggs@gmail.com', { delay: 10 });
    assert((await waitFor(page, { range: 'jo.bloggs@gmail.com' }, 3000)).ok,
      'signed in as @LLMAT, viewing another profile: not checked as official');
    await page.close();
    page = await open(b, 'x.com', { handle: 'jo_teacher', q: '&viewing=LLMAT&nonav=1', settings: official });
    await page.keyboard.type('email jo.bloggs@gmail.com', { delay: 10 });
    const p = await panelSays(page, /cannot tell which account is posting/, 3000);
    const hl = await page.evaluate(() => __pc.highlights().length);
    assert(p && hl === 0, `no signed-in account shown, @LLMAT's profile viewed: checked as @LLMAT (${hl} marks)`);
    await page.close();
    return 'the signed-in account, never the profile viewed; unknown said in the panel';
  });

  test('who-posts-facebook-profile-id', async () => {
    const b = await t.shared();
    const page = await open(b, 'www.facebook.com', { q: 'x&pid=1000123',
      settings: { ...official, officialHandles: ['@1000123'] } });
    await page.keyboard.type('email jo.bloggs@gmail.com', { delay: 10 });
    assert((await waitFor(page, { range: 'jo.bloggs@gmail.com' }, 3000)).ok,
      'profile.php?id=1000123 listed as official: not checked');
    await page.close();
    return 'profile.php?id=1000123 read as @1000123';
  });

  test('who-posts-linkedin-company-admin', async () => {
    const b = await t.shared();
    const page = await open(b, 'www.linkedin.com', { path: 'company/llmat/admin/', q: 'x&fixture=linkedin-shadow',
      settings: official, click: false });
    await page.click('#start');
    await page.click('[data-fixture-editor]');
    await page.keyboard.type('email jo.bloggs@gmail.com', { delay: 10 });
    assert((await waitFor(page, { range: 'jo.bloggs@gmail.com' }, 3000)).ok,
      "an admin posting as the LLMAT page (name, no link): not checked as @llmat");
    await page.close();
    return 'posting from /company/llmat/admin/ is @llmat';
  });

  for (const [site, name] of [['www.instagram.com', 'instagram'], ['www.threads.net', 'threads'],
    ['bsky.app', 'bluesky']]) {
    test(`site-${name}`, async () => {
      const b = await t.shared();
      const page = await open(b, site, { handle: name === 'bluesky' ? 'llmat' : 'LLMAT',
        settings: { ...official, officialHandles: ['@LLMAT', '@llmat'] } });
      await page.keyboard.type('email jo.bloggs@gmail.com', { delay: 10 });
      assert((await waitFor(page, { range: 'jo.bloggs@gmail.com' }, 3000)).ok, `${name}: not underlined ${(await panel(page)).text.slice(0, 150)} ${await page.evaluate(() => __fixture.text())}`);
      await page.click('[data-fixture-publish]');
      assert(await posted(page) === 0, `${name}: publish went through with an error standing`);
      assert(await gate(page), `${name}: no gate`);
      await page.screenshot({ path: `${t.OUT}/${name}.png`, caret: 'initial' });
      await page.close();
      return 'underlined, publish held';
    });
  }

  // A Mastodon instance the user adds: its compose form is recognised.
  // The site permission is given by a copy of the extension whose manifest
  // holds it (a browser prompt cannot be answered headless).
  test('site-mastodon-added', async () => {
    const { cpSync, readFileSync, writeFileSync } = await import('node:fs');
    const dir = `${t.tmp}/extension-mastodon`;
    cpSync(t.EXT, dir, { recursive: true });
    const m = JSON.parse(readFileSync(`${dir}/manifest.json`, 'utf8'));
    m.host_permissions = ['https://mastodon.example/*'];
    writeFileSync(`${dir}/manifest.json`, JSON.stringify(m));
    const b = await t.browser('mastodon', t.HOST, dir);
    try {
      await t.popupStatus(b);
      const origin = t.url('mastodon.example').slice(0, -1);
      await b.sw.evaluate(([o]) => chrome.storage.sync.set({ policy: 'llmat', officialHandles: ['@llmat'],
        personalMode: false }).then(() => o), [origin]);
      const opt = await b.ctx.newPage();
      await opt.goto(`chrome-extension://${t.ids.chrome_extension_id}/options/options.html`);
      await opt.evaluate((o) => chrome.runtime.sendMessage({ type: PostcheckMessages.UI_BG_SITE_SET,
        origin: o, on: true }), origin);
      await opt.close();
      const page = await open(b, 'mastodon.example', { handle: 'llmat', click: false });
      await page.click('textarea');
      await page.keyboard.type('email jo.bloggs@gmail.com', { delay: 10 });
      const p = await panelSays(page, /email address/, 4000);
      assert(p && p.rules.includes('llmat.personal-data'), 'mastodon: the panel lists no finding');
      await page.click('.compose-form button[type=submit]');
      assert(await page.evaluate(() => window.__posted || 0) === 0, 'mastodon: Post went through');
      assert(await page.inputValue('textarea') === 'email jo.bloggs@gmail.com', 'textarea changed');
      await page.screenshot({ path: `${t.OUT}/mastodon.png`, caret: 'initial' });
      await page.close();
      return 'instance added in options: compose form found, @llmat read, Post held';
    } finally {
      await b.ctx.close();
    }
  });

  // One tab misbehaves; another tab's checks go on. First its host hangs
  // on every check (HANGME, a shim: no CPU used, so the bound does not
  // depend on the machine's load): with one host for all tabs the other
  // tab waited up to 5 s, the timeout. Then it sends a 1.2 MB post of
  // short emails every 300 ms (each check runs to the host's time budget):
  // reported, and every underline must still come.
  test('hostile-tab-isolation', async () => {
    const b = await t.browser('isolation', t.flakyHost());
    try {
      const settings = { policy: 'llmat', officialHandles: ['@LLMAT'], personalMode: true };
      const good = await open(b, 'www.facebook.com', { handle: 'jo.teacher', settings });
      // Each round completes an address never typed before, so only a
      // fresh reply (not one kept from an earlier draft) can underline it.
      let round = 0;
      const rounds = async (n) => {
        const out = [];
        for (let i = 0; i < n; i++) {
          const e = `r${++round}k@gmail.co`;
          await good.keyboard.type(` ${e}`, { delay: 5 });
          const w = await t.measure(good, { range: `${e}m` }, () => good.keyboard.type('m'), 8000);
          out.push(w.ok ? w.latency : Infinity);
        }
        return out;
      };
      await good.keyboard.type('Mail', { delay: 10 });
      await good.waitForTimeout(500); // the host started
      const before = await rounds(6);
      const bad = await open(b, 'x.com', { handle: 'LLMAT' });
      await bad.keyboard.type('HANGME now', { delay: 10 });
      await good.bringToFront();
      await good.waitForTimeout(300);
      const hung = await rounds(6);
      await bad.evaluate(() => {
        let n = 0;
        const spam = () => {
          n++;
          let s = '';
          for (let i = 0; s.length < 1200000; i++) s += `a${i}x${n}@b.co `;
          __fixture.setText(s);
        };
        spam();
        window.__spam = setInterval(spam, 300);
      });
      await good.bringToFront();
      await good.waitForTimeout(500);
      const busy = await rounds(6);
      await bad.evaluate(() => clearInterval(window.__spam));
      await bad.close();
      await good.close();
      const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
      const ms = (a) => a.map((x) => x.toFixed(0)).join(', ');
      assert(hung.every((x) => x < 1500), `the other tab waited behind a hung host: ${ms(hung)} ms`);
      assert(busy.every((x) => x < 8000), `the other tab lost checks while the hostile tab spammed: ${ms(busy)} ms`);
      return `other tab keystroke to underline, median (max): ${med(before).toFixed(1)} ` +
        `(${Math.max(...before).toFixed(1)}) ms alone, ${med(hung).toFixed(1)} (${Math.max(...hung).toFixed(1)}) ms ` +
        `while the hostile tab's host hangs, ${med(busy).toFixed(1)} (${Math.max(...busy).toFixed(1)}) ms while it ` +
        'sends 1.2 MB every 300 ms';
    } finally {
      await b.ctx.close();
    }
  });

  return list;
}

// Issue 13 deliverable 5: the controls people ask for.
export function controlCases(t) {
  const { assert, open, panelSays, waitFor, panel, clickPanel } = t;
  const list = [];
  const test = (name, fn) => list.push({ name, fn });
  const official = { policy: 'llmat', officialHandles: ['@LLMAT'], personalMode: false, allowList: [],
    sites: { x: true, facebook: true, linkedin: true } };
  const personal = { ...official, personalMode: true };
  const marks = (page) => page.evaluate(() => __pc.highlights().map((h) => h.text));

  test('controls-off-for-draft-and-site', async () => {
    const b = await t.shared();
    const page = await open(b, 'x.com', { handle: 'LLMAT', settings: official });
    await page.keyboard.type('email jo.bloggs@gmail.com', { delay: 10 });
    assert((await waitFor(page, { range: 'jo.bloggs@gmail.com' }, 3000)).ok, 'not underlined');
    await clickPanel(page, 'off-draft');
    assert(await panelSays(page, /off for this post/, 2000), 'no word that it is off for this post');
    await page.keyboard.type(' and jo.smith@outlook.com', { delay: 10 });
    await page.waitForTimeout(300);
    assert((await marks(page)).length === 0, `underlined while off: ${await marks(page)}`);
    await clickPanel(page, 'on');
    assert((await waitFor(page, { range: 'jo.smith@outlook.com' }, 3000)).ok, 'not on again');
    await clickPanel(page, 'off-site');
    // The page asks the worker, which writes the setting: wait for it, up to 3 s.
    await t.storageUntil(b.sw, { sites: { x: false } }, { what: 'site switched off' });
    assert((await waitFor(page, { none: true }, 3000)).ok, 'still shown with the site off');
    await page.close();
    return 'off for the post (and on again), off on the site';
  });

  test('controls-dismiss-undo', async () => {
    const b = await t.shared();
    const page = await open(b, 'x.com', { handle: 'LLMAT', settings: official });
    await page.keyboard.type('email jo.bloggs@gmail.com', { delay: 10 });
    assert((await waitFor(page, { range: 'jo.bloggs@gmail.com' }, 3000)).ok, 'not underlined');
    await clickPanel(page, 'dismiss', (await panel(page)).rules.indexOf('llmat.personal-data'));
    assert((await waitFor(page, { noRange: 'jo.bloggs@gmail.com' }, 2000)).ok, 'dismissed but still underlined');
    assert(await panelSays(page, /Dismissed for this post/, 1000), 'no undo offered');
    await clickPanel(page, 'undo');
    assert((await waitFor(page, { range: 'jo.bloggs@gmail.com' }, 2000)).ok, 'undo did not bring it back');
    await page.close();
    return 'dismissed, "Undo" shown, undone';
  });

  test('controls-never-for-phrase', async () => {
    const b = await t.shared();
    await b.sw.evaluate(() => chrome.storage.local.remove('ignoredPhrases'));
    let page = await open(b, 'x.com', { handle: 'jo_teacher', settings: personal });
    await page.keyboard.type('Day out with LLMAT, email jo.bloggs@gmail.com', { delay: 5 });
    assert((await waitFor(page, { range: 'LLMAT' }, 3000)).ok, 'LLMAT not underlined');
    // the whole draft's reply: both findings drawn before the panel is read
    assert((await waitFor(page, { range: 'jo.bloggs@gmail.com' }, 3000)).ok, 'email not underlined');
    const p = await panel(page);
    const nevers = (p.buttons.never || []).length;
    assert(nevers >= 1 && nevers < p.rules.length, `"never" offered on ${nevers} of ${p.rules.length} (never on errors)`);
    assert(p.rules.includes('llmat.disclaimer'), 'no disclaimer warning');
    await clickPanel(page, 'never', 0); // the disclaimer's: the only warning on words
    assert((await waitFor(page, { noRange: 'LLMAT' }, 3000)).ok, 'phrase still flagged');
    await page.close();
    page = await open(b, 'x.com', { handle: 'jo_teacher' });
    await page.keyboard.type('Day out with LLMAT, email jo.bloggs@gmail.com', { delay: 5 });
    assert((await waitFor(page, { range: 'jo.bloggs@gmail.com' }, 3000)).ok, 'email not underlined');
    assert(!(await marks(page)).includes('LLMAT'), 'ignored phrase flagged again in a new draft');
    await page.close();
    await b.sw.evaluate(() => chrome.storage.local.remove('ignoredPhrases'));
    return '"never for this phrase" on the warning only; kept for the next draft; errors keep flagging';
  });

  test('controls-allow-list', async () => {
    const b = await t.shared();
    const page = await open(b, 'x.com', { handle: 'LLMAT',
      settings: { ...official, allowList: ['office@llmat.example.org', '020 7946-0000'] } });
    await page.keyboard.type('Write to office@llmat.example.org or 020 7946 0000, not jo.bloggs@gmail.com',
      { delay: 5 });
    assert((await waitFor(page, { range: 'jo.bloggs@gmail.com' }, 3000)).ok, 'other email not underlined');
    const m = await marks(page);
    assert(!m.includes('office@llmat.example.org') && !m.includes('020 7946 0000'), `allowed words flagged: ${m}`);
    await page.close();
    return `allowed address not flagged; flagged: ${m.join(', ')}`;
  });

  test('read-clause-and-report', async () => {
    const b = await t.shared();
    const page = await open(b, 'x.com', { handle: 'LLMAT', settings: official });
    await page.keyboard.type('Our secret plan: email jo.bloggs@gmail.com', { delay: 5 });
    assert((await waitFor(page, { range: 'jo.bloggs@gmail.com' }, 3000)).ok, 'not underlined');
    const quote = (await panel(page)).text.match(/Policy: LLMAT [^ ]+/);
    const opened = b.ctx.waitForEvent('page');
    await clickPanel(page, 'clause');
    const clause = await opened;
    await clause.waitForFunction(() => document.getElementById('quote').textContent.length > 0);
    const shown = await clause.textContent('main');
    assert(/LLMAT/.test(await clause.textContent('#clause')), `clause page: ${shown.slice(0, 100)}`);
    const opened2 = b.ctx.waitForEvent('page');
    await clickPanel(page, 'report');
    const report = await opened2;
    await report.waitForFunction(() => /Rule:/.test(document.getElementById('body').value));
    const body = await report.inputValue('#body');
    assert(/llmat\.personal-data/.test(body) && /“jo\.bloggs@gmail\.com”/.test(body), `report: ${body}`);
    assert(!/secret plan/.test(body), 'the report holds the rest of the post');
    assert(/^mailto:/.test(await report.getAttribute('#mail', 'href')), 'no mail link');
    await clause.close();
    await report.close();
    await page.close();
    return `clause page (${quote && quote[0]}); report with rule, category, flagged words only`;
  });

  test('sent-with-warnings-count', async () => {
    const b = await t.shared();
    await b.sw.evaluate(() => chrome.storage.local.set({ sentWithWarnings: 0 }));
    const page = await open(b, 'x.com', { handle: 'jo_teacher', settings: personal });
    await page.keyboard.type('Great day with LLMAT', { delay: 5 });
    assert((await waitFor(page, { range: 'LLMAT' }, 3000)).ok, 'warning not shown');
    await page.click('[data-fixture-publish]');
    assert(await page.evaluate(() => __fixture.posted.length) === 1, 'a warning held the post');
    // The page tells the worker, which counts it in storage; the popup reads that.
    await t.storageUntil(b.sw, { sentWithWarnings: 1 }, { area: 'local', what: 'the post sent with a warning counted' });
    const st = await t.popupStatus(b, '#sent');
    assert(/^1 /.test(st), `popup says ${st}`);
    await page.close();
    return `popup: "${st}"`;
  });

  return list;
}
