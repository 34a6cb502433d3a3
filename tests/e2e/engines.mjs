#!/usr/bin/env node
// engines.mjs: the real extension on composer pages built from the editor
// engines the sites run (tests/e2e/engines: Draft.js + React for X, Lexical
// for Facebook, Quill in LinkedIn's shadow root and in the light DOM,
// LinkedIn's Tiptap share box, Mastodon's React <textarea>), bundled from
// npm, with the sites' own markers. On each page, like a person: typing at
// 10 ms a key, the engine rendering the same text anew, an edit before the
// underlined words, paste, undo and redo, an IME composition, the publish
// gate, and what the site posts equal to the engine's own model (0 lost
// keystrokes, 0 divergences); then emoji before a new finding and a key
// typed inside an underlined one; 0 console errors.
//
// A step listed in KNOWN fails because of an extension bug being fixed
// (named there); it is reported as "known failing until ext lands", counted
// neither as passed nor as failed. Such a step that passes is reported too.
//
// Usage: node tests/e2e/engines.mjs [--host PATH] [--extension DIR] [--only PAGE,...]
// Env: PC_HOST (the postcheck binary), PC_BUILD_DIR (its build folder).
// Needs tests/e2e/engines/dist (npm ci and node build.mjs there).
import { readFileSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { underTest, launch, registerHost, setSettings } from './lib/browser.mjs';
import { onlyNames } from './lib/cases.mjs';
import { startFixtures } from './lib/server.mjs';
import { INIT, waitFor, panel, panelUntil, clickPanel, extensionReady } from './lib/page.mjs';
import { startOracle } from './lib/oracle.mjs';
import { PAGES, KNOWN, enginePaths } from './engines/pages.mjs';

const { EXT, HOST, ids } = underTest();
const ONLY = onlyNames();
const SETTINGS = { policy: 'llmat', officialHandles: ['@LLMAT'], personalMode: true,
  sites: { x: true, facebook: true, linkedin: true } };

const { tmp, server } = await startFixtures('engines', enginePaths());
const oracle = startOracle(HOST);

// The texts typed. EMAIL and PHONE are personal data the llmat pack flags.
const EMAIL = 'jo.bloggs@gmail.com';
const PHONE = '07700 900123';
const TYPED = `Trip on Friday: email ${EMAIL} or call ${PHONE} for the forms`;
const PASTED = ' Or write to sam.smith@outlook.com. Proud of LLMAT!';
const PASTE_EMAIL = 'sam.smith@outlook.com';
// What shows the paste: its email's underline; in a <textarea> (no
// underlines, one panel entry per rule) the disclaimer rule that only the
// pasted mention of the organisation brings.
const pasteMark = (pg) => (pg.plain ? 'LLMAT' : PASTE_EMAIL);
const PREFIX = 'Hi all. ';
const NEW_PHONE = '07700 900789';
const ASTRAL = `\u{1F600}\u{1F1EC}\u{1F1E7} ring ${NEW_PHONE} `;

/** Browser whose extension may run on origins (a site the user added). */
async function browser(name, origins = []) {
  let ext = EXT;
  if (origins.length) {
    // The user granting the optional host permission, as the options page
    // asks; the rest of the extension is the same files.
    ext = join(tmp, `extension-${name}`);
    cpSync(EXT, ext, { recursive: true });
    const m = JSON.parse(readFileSync(join(ext, 'manifest.json'), 'utf8'));
    m.host_permissions = origins.map((o) => `${o.replace(/:\d+$/, '')}/*`);
    writeFileSync(join(ext, 'manifest.json'), JSON.stringify(m));
  }
  const profile = join(tmp, `profile-${name}`);
  registerHost(profile, ids, HOST);
  const b = await launch(profile, ext);
  const p = await b.ctx.newPage(); // starts the host once
  await p.goto(`chrome-extension://${ids.chrome_extension_id}/popup/popup.html`);
  await p.waitForFunction(() => !/Checking/.test(document.getElementById('status').textContent));
  await setSettings(b.sw, SETTINGS);
  for (const o of origins) {
    await p.evaluate((origin) => chrome.runtime.sendMessage({ type: PostcheckMessages.UI_BG_SITE_SET,
      origin, on: true }), o);
  }
  await p.close();
  return b;
}

/** Where a finding shows: an underline (rich editors) or the panel's list. */
function shows(pg, words) {
  if (!pg.plain) return (page, timeout = 3000) => waitFor(page, { range: words }, timeout).then((r) => r.ok);
  return async (page, timeout = 3000) => {
    const rule = await ruleFor(words);
    return !!(await panelUntil(page, (p) => p.rules.includes(rule), timeout));
  };
}
function gone(pg, words) {
  if (!pg.plain) return (page, timeout = 3000) => waitFor(page, { noRange: words }, timeout).then((r) => r.ok);
  return async (page, timeout = 3000) => {
    const rule = await ruleFor(words);
    return !!(await panelUntil(page, (p) => !p.rules.includes(rule), timeout));
  };
}
/** The rule the host (asked directly) gives the words, alone in a post. */
const ruleCache = new Map();
async function ruleFor(words) {
  if (!ruleCache.has(words)) {
    const f = await oracle.findings('llmat', 'personal', '', 'x.com', `about ${words} here`);
    const hit = f.find((x) => x.start !== undefined && `about ${words} here`.slice(x.start, x.end) === words);
    if (!hit) throw new Error(`the host does not flag "${words}"`);
    ruleCache.set(words, hit.rule);
  }
  return ruleCache.get(words);
}

const engineText = (page) => page.evaluate(() => window.__engineText());
const posted = (page) => page.evaluate(() => window.__engine.posted.slice());
function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}
async function sameText(page, want, what) {
  // The engine may apply a key a task later (React, Lexical's update).
  let got = '';
  for (let i = 0; i < 50; i++) {
    got = await engineText(page);
    if (got === want) return;
    await page.waitForTimeout(10);
  }
  throw new Error(`${what}: the engine holds ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
}

/** An IME composing "nihon" and committing 日本, as Chromium's IME does. */
async function compose(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    for (const t of ['に', 'にほ', 'にほん']) {
      await cdp.send('Input.imeSetComposition', { text: t, selectionStart: t.length, selectionEnd: t.length });
      await page.waitForTimeout(15);
    }
    await cdp.send('Input.insertText', { text: '日本' });
  } finally {
    await cdp.detach();
  }
}

const STEPS = [
  ['typing-10ms', async (page, pg) => {
    await page.keyboard.type(TYPED, { delay: 10 });
    await sameText(page, TYPED, `${TYPED.length} keys at 10 ms`);
    assert(await shows(pg, EMAIL)(page), `${EMAIL} not shown`);
    assert(await shows(pg, PHONE)(page), `${PHONE} not shown`);
    return `${TYPED.length} keys, engine text equal, email and phone shown`;
  }],
  ['rerender-same-text', async (page, pg) => {
    if (pg.plain) return 'a <textarea> has no underlines';
    // The engine renders the same text anew after the reply was drawn: no
    // check follows (the text is the same), and the underlines' text nodes
    // leave the page. Read at the first task after the engine's re-render
    // (its mutations seen), before any timer of the extension's can run.
    const r = await page.evaluate(async (words) => {
      const ranges = [];
      for (const h of CSS.highlights.values()) for (const x of h) ranges.push(x);
      const old = ranges.find((x) => x.toString() === words);
      if (!old) return { error: `${words} not underlined before` };
      const node = old.startContainer;
      const seen = new Promise((resolve) => {
        const mo = new MutationObserver(() => { mo.disconnect(); setTimeout(resolve, 0); });
        setTimeout(() => { mo.disconnect(); resolve(); }, 3000); // the engine did nothing
        mo.observe(node.getRootNode(), { childList: true, subtree: true, characterData: true });
      });
      window.__engine.renderAgain();
      await seen;
      return { oldGone: !node.isConnected, marks: window.__pc.highlights().map((h) => h.text) };
    }, EMAIL);
    assert(!r.error, r.error);
    await sameText(page, TYPED, 'rendered again');
    assert(r.oldGone, 'the engine kept the underlined text node: nothing re-rendered');
    assert(r.marks.includes(EMAIL) && r.marks.includes(PHONE) &&
      r.marks.every((m) => [EMAIL, PHONE].includes(m) || /LLMAT/.test(m)),
      `after the engine's re-render the underlines cover ${JSON.stringify(r.marks)}`);
    return 'the underlined nodes replaced, the underlines on the same words at once';
  }],
  ['underline-follows-edit', async (page, pg) => {
    await page.keyboard.press('Control+Home');
    await page.keyboard.type(PREFIX, { delay: 10 });
    await sameText(page, PREFIX + TYPED, 'typed before the findings');
    assert(await shows(pg, EMAIL)(page), `${EMAIL} no longer marked after an edit before it`);
    if (!pg.plain) {
      // Every mark still covers exactly flagged words: none shifted.
      const marks = await page.evaluate(() => __pc.highlights().map((h) => h.text));
      const bad = marks.filter((m) => ![EMAIL, PHONE].includes(m) && !/LLMAT/.test(m));
      assert(!bad.length, `marks moved off their words: ${JSON.stringify(bad)}`);
    }
    await page.keyboard.press('Control+End');
    return 'marks moved with the text';
  }],
  ['paste', async (page, pg) => {
    // A person pauses to copy; the editors' histories (Quill 1 s, Lexical
    // 300 ms) then keep the paste as its own undo step.
    await page.waitForTimeout(1100);
    await page.evaluate((t) => navigator.clipboard.writeText(t), PASTED);
    await page.keyboard.press('Control+V');
    await sameText(page, PREFIX + TYPED + PASTED, 'pasted');
    assert(await shows(pg, pasteMark(pg))(page), `pasted ${pasteMark(pg)} not shown`);
    return 'pasted text in the engine and checked';
  }],
  ['undo-redo', async (page, pg) => {
    await page.keyboard.press('Control+Z');
    await sameText(page, PREFIX + TYPED, 'undo of the paste');
    assert(await gone(pg, pasteMark(pg))(page), `${pasteMark(pg)} still shown after undo`);
    assert(await shows(pg, EMAIL)(page), `${EMAIL} lost after undo`);
    await page.keyboard.press('Control+Shift+Z');
    await sameText(page, PREFIX + TYPED + PASTED, 'redo of the paste');
    assert(await shows(pg, pasteMark(pg))(page), `${pasteMark(pg)} not shown again after redo`);
    return 'undo and redo follow the engine';
  }],
  ['ime-composition', async (page, pg) => {
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' ', { delay: 10 });
    await compose(page);
    await page.keyboard.type(' trip, ring 07700 900456', { delay: 10 });
    await sameText(page, PREFIX + TYPED + PASTED + ' 日本 trip, ring 07700 900456', 'after a composition');
    assert(await shows(pg, '07700 900456')(page), 'number typed after a composition not shown');
    return 'composition committed into the engine, checked after';
  }],
  ['publish-gate', async (page, pg) => {
    const want = PREFIX + TYPED + PASTED + ' 日本 trip, ring 07700 900456';
    await page.click(pg.post);
    assert((await posted(page)).length === 0, 'Post went through with an error standing');
    assert(await panelUntil(page, (p) => p.state === 'gate', 2000), 'the panel does not ask before posting');
    await clickPanel(page, 'post-anyway');
    await page.waitForFunction(() => window.__engine.posted.length === 1, null, { timeout: 2000 })
      .catch(() => {});
    const sent = await posted(page);
    assert(sent.length === 1, `${sent.length} posts after "Post anyway"`);
    assert(sent[0] === want, `posted ${JSON.stringify(sent[0])}, typed ${JSON.stringify(want)}`);
    assert(sent[0] === await engineText(page), 'posted text differs from the engine');
    return `held, then posted exactly the engine's ${want.length} characters`;
  }],
  ['astral-before-finding', async (page, pg) => {
    // Emoji and a flag (UTF-16 surrogate pairs) before a finding the host
    // finds anew: its underline is placed by the host's offsets only.
    const before = await engineText(page);
    await page.focus(pg.editor); // the focus went to Post
    // A person's pause before the next key: ProseMirror puts its own
    // selection back a moment after the focus comes.
    await page.waitForTimeout(200);
    await page.keyboard.press('Control+Home');
    await page.keyboard.type(ASTRAL, { delay: 10 });
    await sameText(page, ASTRAL + before, 'typed before the text');
    assert(await shows(pg, NEW_PHONE)(page), `${NEW_PHONE} after emoji not shown`);
    if (!pg.plain) {
      const marks = await page.evaluate(() => __pc.highlights().map((h) => h.text));
      const bad = marks.filter((m) => ![EMAIL, PHONE, PASTE_EMAIL, NEW_PHONE, '07700 900456'].includes(m) &&
        !/LLMAT/.test(m));
      assert(!bad.length, `marks off their words after emoji: ${JSON.stringify(bad)}`);
    }
    await page.keyboard.press('Control+End');
    return 'a finding after emoji and a flag underlined on exactly its words';
  }],
  ['typed-inside-finding', async (page, pg) => {
    if (pg.plain) return 'a <textarea> has no underlines';
    // A key typed inside underlined words: at the first task after the
    // engine's change (before any timer of the extension's, before the
    // reply), no underline covers the changed words.
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
    await page.evaluate(() => {
      const ed = document.activeElement.shadowRoot ? document.activeElement.shadowRoot : document;
      window.__after = new Promise((resolve) => {
        const mo = new MutationObserver(() => {
          mo.disconnect();
          setTimeout(() => resolve(window.__pc.highlights().map((h) => h.text)), 0);
        });
        mo.observe(ed, { childList: true, subtree: true, characterData: true });
      });
    });
    await page.keyboard.type('x');
    const marks = await page.evaluate(() => window.__after);
    const bad = marks.filter((m) => m.includes('x') || m === '');
    assert(!bad.length, `right after a key inside "07700 900456" the underlines cover ${JSON.stringify(marks)}`);
    assert(/07700 900x456$/.test(await engineText(page)), 'the key did not land inside the number');
    return 'no underline on the edited words at once';
  }],
];

const results = [];
function report(name, status, note) {
  results.push({ name, status });
  console.log(`${status} ${name}: ${note}`);
}

const browsers = new Map();
async function browserFor(pg) {
  const key = pg.origin || '';
  // The user adds the site with the port the test server listens on.
  const origins = pg.origin ? [`${pg.origin}:${server.port}`] : [];
  if (!browsers.has(key)) browsers.set(key, await browser(pg.origin ? 'added' : 'a', origins));
  return browsers.get(key);
}

for (const pg of PAGES) {
  if (ONLY.length && !ONLY.includes(pg.name)) continue;
  const b = await browserFor(pg);
  const page = await b.ctx.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.addInitScript(INIT);
  const base = `https://${pg.host}:${server.port}`;
  await b.ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  await page.goto(`${base}/e/${pg.file}`);
  await page.waitForFunction(() => typeof window.__engineText === 'function');
  if (pg.start) await page.click(pg.start);
  await page.click(pg.editor);
  await extensionReady(page); // the content script has its settings and took the editor up
  let broken = false;
  for (const [step, fn] of STEPS) {
    const name = `${pg.name}/${step}`;
    const known = KNOWN[pg.name] && (KNOWN[pg.name].steps === '*' || KNOWN[pg.name].steps.includes(step));
    if (broken) { report(name, known ? 'KNOWN' : 'FAIL', 'not run: an earlier step failed'); continue; }
    try {
      const note = await fn(page, pg);
      report(name, 'PASS', note + (known ? ` (listed as known failing: ${KNOWN[pg.name].why}; remove it)` : ''));
    } catch (e) {
      broken = true;
      report(name, known ? 'KNOWN' : 'FAIL', e.message.split('\n')[0] +
        (known ? ` — known failing until ext lands: ${KNOWN[pg.name].why}` : ''));
    }
  }
  const name = `${pg.name}/console-errors`;
  if (errors.length) report(name, 'FAIL', `${errors.length}: ${errors.slice(0, 3).join(' | ')}`);
  else report(name, 'PASS', '0 console errors');
  await page.close();
}

for (const b of browsers.values()) await b.ctx.close();
oracle.close();
server.close();
rmSync(tmp, { recursive: true, force: true });
const count = (s) => results.filter((r) => r.status === s).length;
const known = results.filter((r) => r.status === 'KNOWN').map((r) => r.name);
if (known.length) console.log(`engines: known failing until ext lands: ${known.join(', ')}`);
console.log(`engines: ${count('PASS')} passed, ${count('FAIL')} failed, ${known.length} known failing`);
process.exit(count('FAIL') ? 1 : 0);
