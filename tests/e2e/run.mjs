#!/usr/bin/env node
// run.mjs: the browser end-to-end tests. Debian's Chromium (headless) with
// the unpacked extension, the real postcheck host registered in the test
// profile, and fixture pages that reproduce the X (Draft.js), Facebook
// (Lexical) and LinkedIn (Quill) composers under their real host names.
// Types like a person, key by key, and asserts on CSS.highlights in the
// page's main world and on the panel (through the DevTools protocol).
//
// Usage: node tests/e2e/run.mjs [--host PATH] [--only NAME,...] [--update-screenshot]
//        (--update-screenshot copies out/x-publish-gate.png to docs/screenshot.png)
// Env: PC_HOST (the postcheck binary), PC_BUILD_DIR (its build folder).
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, copyFileSync, cpSync, existsSync, rmSync }
  from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ROOT, hostPath, extensionDir, launch, registerHost, wrapper, setSettings, readIds,
} from './lib/browser.mjs';
import { runCases } from './lib/cases.mjs';
import { startServer } from './lib/server.mjs';
import { INIT, waitFor, measure, waitRule, panel, panelUntil, clickPanel, extensionReady } from './lib/page.mjs';
import { until, storageUntil } from './lib/wait.mjs';
import { startOracle } from './lib/oracle.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const EXT = extensionDir();
const OUT = join(HERE, 'out');
const LOGOS = join(ROOT, 'host', 'policies', 'tools', 'logos');
const HOST = hostPath();
const KEY_DELAY = 25;       // ms between keys for the ordinary cases
const ids = readIds(ROOT);
const latencies = [];       // keystroke to underline/panel, ms
const attachLatencies = []; // attaching an image to its finding in the panel, ms

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

// ---- set-up: server, profiles, browsers
const tmp = mkdtempSync(join(tmpdir(), 'postcheck-e2e-'));
mkdirSync(OUT, { recursive: true });
assert(existsSync(HOST), `no postcheck binary at ${HOST} (build it, or pass --host)`);
const server = await startServer(join(HERE, 'fixtures'), tmp,
  { extra: [['/fixtures/logos/', LOGOS], ['/extension/', EXT]] });
// The fixtures also serve the packs' own test logos, so the logo test uses
// exactly the image whose hash the llmat pack lists.
const url = (site, q = '') => `https://${site}:${server.port}/${q}`;
const oracle = startOracle(HOST);

const profileA = join(tmp, 'profile-a');
registerHost(profileA, ids, HOST);
const A = await launch(profileA, EXT);
await warmUp(A);

async function warmUp(b) {
  // Open the popup page once: it connects the worker to the host, so the
  // first test does not pay for starting the host.
  const p = await b.ctx.newPage();
  await p.goto(`chrome-extension://${ids.chrome_extension_id}/popup/popup.html`);
  await p.waitForFunction(() => /running|not|cannot/.test(document.getElementById('status').textContent));
  const status = await p.textContent('#status');
  await p.close();
  return status;
}

async function popupStatus(b) {
  const p = await b.ctx.newPage();
  await p.goto(`chrome-extension://${ids.chrome_extension_id}/popup/popup.html`);
  await p.waitForFunction(() => document.getElementById('status').textContent !== 'Checking…');
  const status = await p.textContent('#status');
  await p.close();
  return status;
}

async function open(b, site, handle, settings) {
  await setSettings(b.sw, { sites: { x: true, facebook: true, linkedin: true }, ...settings });
  const page = await b.ctx.newPage();
  await page.addInitScript(INIT);
  await page.goto(url(site, `?handle=${encodeURIComponent(handle)}`));
  await page.click('[data-fixture-editor]');
  await extensionReady(page); // the content script has its settings and took the editor up
  return page;
}

const kindOf = (s, handle) => (s.officialHandles || []).map((h) => h.toLowerCase().replace(/^@/, ''))
  .includes(handle.toLowerCase()) ? 'official' : 'personal';

/**
 * Types text key by key and checks that `rule` shows after exactly the
 * keystroke at which the host first finds it (asked directly), not before.
 * Returns the latency in ms for that keystroke.
 */
async function typeUntil(page, c, text, rule, attachments = []) {
  const kind = kindOf(c.settings, c.handle);
  let k = -1;
  let hit = null;
  let all = [];
  for (let i = 1; i <= text.length; i++) {
    all = await oracle.findings(c.settings.policy, kind, '@' + c.handle, c.siteName,
      text.slice(0, i), attachments);
    hit = all.find((f) => f.rule === rule);
    if (hit) { k = i; break; }
  }
  assert(k > 0, `host never finds ${rule} in "${text}"`);
  await page.keyboard.type(text.slice(0, k - 1), { delay: KEY_DELAY });
  const before = await panel(page);
  assert(!before.rules.includes(rule), `${rule} shown before the keystroke that completes it`);
  const w = hit.start !== undefined
    ? await measure(page, { range: text.slice(hit.start, hit.end) }, () => page.keyboard.type(text[k - 1]))
    : await waitRule(page, rule, () => page.keyboard.type(text[k - 1]));
  assert(w.ok, `${rule} did not appear after keystroke ${k} ("${text.slice(0, k)}")`);
  const p = await panel(page);
  assert(p.rules.includes(rule), `panel lacks ${rule}: ${p.rules}`);
  assert(p.text.includes(hit.clause), `panel lacks the clause ${hit.clause}`);
  latencies.push(w.latency);
  await page.keyboard.type(text.slice(k), { delay: KEY_DELAY });
  return { k, latency: w.latency, hit };
}

async function editorIntact(page, expected) {
  const st = await page.evaluate(() => ({ text: __fixture.text(), foreign: __fixture.foreign,
    log: __fixture.foreignLog }));
  assert(st.text === expected, `editor model changed: ${JSON.stringify(st.text)}`);
  assert(st.foreign === 0, `${st.foreign} foreign changes to the editor's DOM: ${st.log}`);
}

// ---- the cases
const cases = [];
const test = (name, fn) => cases.push({ name, fn });

const personalLLMAT = { policy: 'llmat', officialHandles: ['@LLMAT'], personalMode: true };

test('disclaimer-x', async () => {
  const c = { siteName: 'x.com', handle: 'jo_teacher', settings: personalLLMAT };
  const page = await open(A, 'x.com', c.handle, c.settings);
  const text = 'So proud of LLMAT pupils today';
  const r = await typeUntil(page, c, text, 'llmat.disclaimer');
  assert(r.hit.start !== undefined, 'disclaimer finding has no span');
  await waitFor(page, { range: 'LLMAT' }, 2000);
  await page.screenshot({ path: join(OUT, 'x-disclaimer.png'), caret: 'initial' });
  // "Copy suggestion" puts the pack's suggested wording on the clipboard
  // (and does not touch the editor).
  await A.ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url('x.com').slice(0, -1) });
  await clickPanel(page, 'copy');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert(copied === r.hit.suggestion, `clipboard holds ${JSON.stringify(copied)}`);
  await page.click('[data-fixture-editor]');
  await page.keyboard.press('End');
  // Adding the disclaimer makes the finding go away.
  await page.keyboard.type('. Views my own.', { delay: KEY_DELAY });
  const gone = await waitFor(page, { noRange: 'LLMAT' }, 3000);
  assert(gone.ok, 'disclaimer underline stayed after "Views my own."');
  await editorIntact(page, text + '. Views my own.');
  await page.close();
  return `underlined after keystroke ${r.k} in ${r.latency.toFixed(1)} ms; suggestion copied; ` +
    'gone once disclaimed';
});

test('personal-data-facebook', async () => {
  const c = { siteName: 'facebook.com', handle: 'LLMAT', settings: { ...personalLLMAT, personalMode: false } };
  const page = await open(A, 'www.facebook.com', c.handle, c.settings);
  const text = 'Any questions, email jo.bloggs@gmail.com';
  const r = await typeUntil(page, c, text, 'llmat.personal-data');
  await page.screenshot({ path: join(OUT, 'facebook-personal-data.png'), caret: 'initial' });
  await editorIntact(page, text);
  await page.close();
  return `underlined "${text.slice(r.hit.start, r.hit.end)}" after keystroke ${r.k} in ${r.latency.toFixed(1)} ms`;
});

test('logo-linkedin', async () => {
  const c = { siteName: 'linkedin.com', handle: 'llmat', settings: { ...personalLLMAT, personalMode: false } };
  const page = await open(A, 'www.linkedin.com', c.handle, c.settings);
  const text = 'Welcome back everyone!';
  await page.keyboard.type(text, { delay: KEY_DELAY });
  const logo = `/fixtures/logos/llmat-test-logo.png`;
  const pack = JSON.parse(readFileSync(join(ROOT, 'host', 'policies', 'llmat.json'), 'utf8'));
  const w = await waitRule(page, 'llmat.logo', () => page.evaluate((src) => __fixture.attach(src), logo));
  assert(w.ok, 'logo finding did not appear after attaching the logo');
  attachLatencies.push(w.latency);
  const p = await panel(page);
  assert(p.rules.includes('llmat.logo'), `panel lacks llmat.logo: ${p.rules}`);
  await page.screenshot({ path: join(OUT, 'linkedin-logo.png'), caret: 'initial' });
  // The options page's logo tool computes the same hash the pack lists.
  const opt = await A.ctx.newPage();
  await opt.goto(`chrome-extension://${ids.chrome_extension_id}/options/options.html`);
  await opt.setInputFiles('#logo', join(LOGOS, 'llmat-test-logo.png'));
  await opt.waitForFunction(() => document.getElementById('logo-line').textContent !== '');
  const line = JSON.parse(await opt.textContent('#logo-line'));
  await opt.close();
  assert(line.dhash === pack.settings.logos[0].dhash,
    `extension's dHash ${line.dhash} != pack's ${pack.settings.logos[0].dhash}`);
  await editorIntact(page, text);
  await page.close();
  return `logo flagged ${w.latency.toFixed(1)} ms after attaching; dHash ${line.dhash} equals the pack's`;
});

test('pupil-photo-x', async () => {
  const c = { siteName: 'x.com', handle: 'jo_teacher',
    settings: { policy: 'learning-alliance', officialHandles: ['@TLA'], personalMode: true } };
  const page = await open(A, 'x.com', c.handle, c.settings);
  await page.evaluate(() => __fixture.attach('/fixtures/img/pupils.png', '', 'IMG_7781.jpg'));
  const att = [{ kind: 'image', name: 'IMG_7781.jpg', alt: '', dhash: '0000000000000000' }];
  const text = 'Proud of my class today!';
  const r = await typeUntil(page, c, text, 'learning-alliance.pupil-images', att);
  await page.screenshot({ path: join(OUT, 'x-pupil-photo.png'), caret: 'initial' });
  await editorIntact(page, text);
  await page.close();
  return `pupil photo flagged after keystroke ${r.k} ("${text.slice(0, r.k)}") in ${r.latency.toFixed(1)} ms`;
});

test('text-map', async () => {
  // core.js's text reading and offset map, on each editor's DOM shape, in a
  // plain page (no extension needed for this one).
  const page = await A.ctx.newPage();
  await page.goto(url('127.0.0.1', 'fixtures/textmap.html'));
  const res = await page.evaluate(() => window.runTextMap());
  const shifts = await page.evaluate(() => window.runShift());
  await page.close();
  for (const c of shifts) assert(c.ok, `shiftSpan ${JSON.stringify(c)}`);
  for (const r of res) {
    assert(r.textOk, `${r.name}: read ${JSON.stringify(r.got)}`);
    assert(r.bad.length === 0, `${r.name}: ranges differ: ${JSON.stringify(r.bad)}`);
  }
  return res.map((r) => `${r.name} ${r.spans} spans`).join(', ') +
    ` map exactly; ${shifts.length} span shifts right`;
});

test('switch-organisation', async () => {
  const c = { siteName: 'x.com', handle: 'jo_teacher', settings: personalLLMAT };
  const page = await open(A, 'x.com', c.handle, c.settings);
  const text = 'Great day at LLMAT with ALA friends';
  await page.keyboard.type(text, { delay: 10 });
  assert((await waitFor(page, { range: 'LLMAT' }, 3000)).ok, 'llmat: LLMAT not underlined');
  const before = (await panel(page)).rules;
  await setSettings(A.sw, { policy: 'ala' });
  const w = await waitFor(page, { range: 'ALA' }, 3000);
  assert(w.ok, 'ala: ALA not underlined after switching');
  assert((await waitFor(page, { noRange: 'LLMAT' }, 3000)).ok, 'ala: LLMAT still underlined');
  const after = (await panel(page)).rules;
  assert(before.every((r) => r.startsWith('llmat.')) && after.every((r) => r.startsWith('ala.')),
    `rules did not switch: ${before} -> ${after}`);
  await page.close();
  return `llmat [${[...new Set(before)]}] -> ala [${[...new Set(after)]}]`;
});

test('publish-gate', async () => {
  const c = { siteName: 'x.com', handle: 'LLMAT', settings: { ...personalLLMAT, personalMode: false } };
  const page = await open(A, 'x.com', c.handle, c.settings);
  await page.keyboard.type('Call Jo on jo.bloggs@gmail.com', { delay: 10 });
  assert((await waitFor(page, { range: 'jo.bloggs@gmail.com' }, 3000)).ok, 'email not underlined');
  const posted = () => page.evaluate(() => __fixture.posted.length);
  await page.click('[data-fixture-publish]');
  assert(await posted() === 0, 'publish click went through with an error standing');
  assert(await panelUntil(page, (p) => p.state === 'gate', 2000), 'panel does not ask before posting');
  await page.screenshot({ path: join(OUT, 'x-publish-gate.png'), caret: 'initial' });
  await page.click('[data-fixture-editor]');
  await page.keyboard.press('Control+Enter');
  assert(await posted() === 0, 'Ctrl+Enter went through with an error standing');
  await clickPanel(page, 'post-anyway');
  await page.waitForFunction(() => __fixture.posted.length === 1, null, { timeout: 2000 });
  await page.click('[data-fixture-publish]');
  assert(await posted() === 1, 'after "post anyway" the gate let a second publish through');
  // Dismissing the finding lifts the gate for this draft.
  await clickPanel(page, 'dismiss');
  assert((await waitFor(page, { noRange: 'jo.bloggs@gmail.com' }, 2000)).ok, 'dismissed finding still shown');
  assert(await panelUntil(page, (p) => !p.rules.length, 2000), 'dismissed finding still listed');
  await page.click('[data-fixture-publish]');
  assert(await posted() === 2, 'publish held after the finding was dismissed');
  await page.close();
  return 'held the click and Ctrl+Enter, "post anyway" let one through, dismiss lifted it';
});

test('opt-out-attribute', async () => {
  const c = { siteName: 'www.linkedin.com', handle: 'llmat', settings: { ...personalLLMAT, personalMode: false } };
  const page = await open(A, c.siteName, c.handle, c.settings);
  await page.evaluate(() => document.querySelector('.ql-container').setAttribute('data-postcheck', 'off'));
  await page.keyboard.type('email jo.bloggs@gmail.com', { delay: 10 });
  await page.waitForTimeout(400);
  const hl = await page.evaluate(() => ({ h: __pc.highlights().length, n: __pc.shown() }));
  assert(hl.h === 0 && hl.n === 0, `shown despite data-postcheck="off": ${JSON.stringify(hl)}`);
  await page.close();
  return 'nothing shown under data-postcheck="off"';
});

test('typing-1000', async () => {
  const results = [];
  for (const [site, handle] of [['x.com', 'jo_teacher'], ['www.facebook.com', 'jo.teacher'],
    ['www.linkedin.com', 'jo-teacher']]) {
    const page = await open(A, site, handle, personalLLMAT);
    // Problems that come and go: LLMAT (no disclaimer), an email, a fix.
    const para = [
      'Lovely morning with year 5 at LLMAT, thanks all! ',
      'Write to jo.bloggs@gmail.com for the photos 📷 ',
      'Views my own, as ever. ',
    ];
    let s = '';
    for (let i = 0; s.length < 900; i++) s += para[i % 3] + (i % 4 === 3 ? '\n' : '');
    s = s.slice(0, 900).replace(/\n$/, 'x');
    if (/[\uD800-\uDBFF]$/.test(s)) s = s.slice(0, -1) + 'y';
    await page.evaluate(() => {
      window.__seen = new Set();
      const tick = () => { window.__seen.add(__pc.highlights().length); setTimeout(tick, 5); };
      tick();
    });
    const t0 = Date.now();
    await page.keyboard.type(s, { delay: 10 });
    // The user moves the caret 10 characters back and types the rest there.
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowLeft');
    const tail = 'inserted here without losing a key, ' + 'z'.repeat(100);
    const mid = tail.slice(0, 1000 - s.length);
    await page.keyboard.type(mid, { delay: 10 });
    const ms = Date.now() - t0;
    const want = s.slice(0, s.length - 10) + mid + s.slice(s.length - 10);
    const st = await page.evaluate(() => ({ text: __fixture.text(), caret: __fixture.caret(),
      foreign: __fixture.foreign, seen: [...window.__seen] }));
    assert(want.length === 1000, `test text is ${want.length} characters`);
    assert(st.text === want, `${site}: editor model differs from what was typed`);
    assert(st.caret === s.length - 10 + mid.length, `${site}: caret at ${st.caret}, not ${s.length - 10 + mid.length}`);
    assert(st.foreign === 0, `${site}: ${st.foreign} foreign changes to the editor DOM`);
    assert(st.seen.length >= 2, `${site}: findings never came and went (${st.seen})`);
    results.push(`${site} ${ms} ms, underline counts seen ${st.seen.sort((a, b) => a - b).join('/')}`);
    await page.close();
  }
  return results.join('; ');
});

test('latency-loop', async () => {
  const per = [];
  for (const [site, handle] of [['x.com', 'jo_teacher'], ['www.facebook.com', 'jo.teacher'],
    ['www.linkedin.com', 'jo-teacher']]) {
    const page = await open(A, site, handle, personalLLMAT);
    await page.keyboard.type('Thanks LLMA', { delay: KEY_DELAY });
    const mine = [];
    for (let i = 0; i < 20; i++) {
      const w = await measure(page, { range: 'LLMAT' }, () => page.keyboard.type('T'));
      assert(w.ok, `${site}: no underline after keystroke (round ${i})`);
      mine.push(w.latency);
      await page.keyboard.press('Backspace');
      assert((await waitFor(page, { noRange: 'LLMAT' }, 3000)).ok, `${site}: underline stayed`);
    }
    latencies.push(...mine);
    per.push(`${site} median ${median(mine).toFixed(1)} ms max ${Math.max(...mine).toFixed(1)} ms`);
    await page.close();
  }
  return per.join('; ');
});

const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// Personal mode off, a handle not on the official list: the host must see
// no check at all. A shim in front of the host counts frame types only.
test('personal-off-sends-nothing', async () => {
  const profileB = join(tmp, 'profile-b');
  const log = join(tmp, 'shim.log');
  writeFileSync(log, '');
  const shim = wrapper(join(tmp, 'postcheck-shim'), [process.execPath, join(HERE, 'host-shim.mjs'), HOST],
    { POSTCHECK_SHIM_LOG: log });
  registerHost(profileB, ids, shim);
  const B = await launch(profileB, EXT);
  try {
    await warmUp(B);
    const settings = { policy: 'llmat', officialHandles: ['@LLMAT'], personalMode: false };
    const page = await open(B, 'x.com', 'jo_teacher', settings);
    await page.keyboard.type('So proud of LLMAT, email jo.bloggs@gmail.com', { delay: 10 });
    await page.waitForTimeout(600);
    const shown = await page.evaluate(() => ({ h: __pc.highlights().length, n: __pc.shown() }));
    const checks = () => readFileSync(log, 'utf8').split('\n').filter((l) => l === 'check').length;
    const sent = checks();
    assert(sent === 0, `${sent} check frames reached the host from a personal account`);
    assert(shown.h === 0 && shown.n === 0, `something was shown: ${JSON.stringify(shown)}`);
    // Control: the same shim does count checks from the official account.
    const page2 = await open(B, 'x.com', 'LLMAT', settings);
    await page2.keyboard.type('email jo.bloggs@gmail.com', { delay: 10 });
    assert((await waitFor(page2, { range: 'jo.bloggs@gmail.com' }, 3000)).ok, 'official: not underlined');
    const official = checks();
    assert(official > 0, 'the shim counted no checks from the official account');
    // The host is killed: the worker starts it again (after the backoff),
    // the popup says it is running, and the next keystrokes underline again.
    const pids = readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('pid '))
      .map((l) => Number(l.slice(4)));
    process.kill(pids[pids.length - 1], 'SIGKILL');
    // The worker starts it again after its backoff (250 ms, doubling).
    let st = '';
    await until(async () => /running/.test(st = await popupStatus(B)),
      () => `the popup does not say the host runs again after it was killed: "${st}"`, 10000);
    await page2.keyboard.type(' ok', { delay: 10 });
    await page2.keyboard.type(' and jo.smith@outlook.com', { delay: 10 });
    const back = await waitFor(page2, { range: 'jo.smith@outlook.com' }, 5000);
    assert(back.ok, 'no underline after the host restarted');
    const starts = readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('pid ')).length;
    assert(starts >= 2, 'host was not started again');
    await page.close();
    await page2.close();
    return `personal: 0 check frames, nothing shown; official control: ${official} check frames ` +
      `for ${'email jo.bloggs@gmail.com'.length} keystrokes; host killed, reconnected (${starts} starts)`;
  } finally {
    await B.ctx.close();
  }
});

// The options page lists the host's packs and saves what the user picks.
test('options-page', async () => {
  await setSettings(A.sw, { policy: 'llmat', officialHandles: ['@LLMAT'], personalMode: false });
  const page = await A.ctx.newPage();
  await page.goto(`chrome-extension://${ids.chrome_extension_id}/options/options.html`);
  await page.waitForFunction(() => document.querySelectorAll('#policy option').length > 1);
  const offered = await page.$$eval('#policy option', (o) => o.map((x) => x.value).filter(Boolean));
  const listed = (await oracle.ask({ type: 'policies' })).policies.map((p) => p.id);
  assert(JSON.stringify(offered) === JSON.stringify(listed), `offered ${offered}, host lists ${listed}`);
  assert(/running/.test(await page.textContent('#status')), 'options page does not say the host runs');
  await page.selectOption('#policy', 'ala');
  await page.fill('#handles', '@ALAofficial\nala_news');
  await page.dispatchEvent('#handles', 'change');
  await page.check('#personal');
  await page.uncheck('#site-linkedin');
  // The page saves each choice as it is made: wait for storage to hold them all.
  await storageUntil(A.sw, { policy: 'ala', officialHandles: ['@ALAofficial', '@ala_news'],
    personalMode: true, sites: { linkedin: false } }, { what: 'options page choices' });
  await page.close();
  return `offers ${offered.join(', ')}; saved policy, handles, personal mode, sites`;
});

// A site the user switched on: any textarea or contenteditable. The user's
// permission for the site is given here by a copy of the extension whose
// manifest already holds it (a browser prompt cannot be answered headless);
// switching the site on goes through the options page's message as usual.
test('generic-site', async () => {
  const extD = join(tmp, 'extension-generic');
  cpSync(EXT, extD, { recursive: true });
  const m = JSON.parse(readFileSync(join(extD, 'manifest.json'), 'utf8'));
  m.host_permissions = ['https://127.0.0.1/*'];
  writeFileSync(join(extD, 'manifest.json'), JSON.stringify(m));
  const profileD = join(tmp, 'profile-d');
  registerHost(profileD, ids, HOST);
  const D = await launch(profileD, extD);
  try {
    await warmUp(D);
    await setSettings(D.sw, personalLLMAT);
    const opt = await D.ctx.newPage();
    await opt.goto(`chrome-extension://${ids.chrome_extension_id}/options/options.html`);
    const origin = url('127.0.0.1').slice(0, -1);
    await opt.evaluate((o) => chrome.runtime.sendMessage({ type: PostcheckMessages.UI_BG_SITE_SET,
      origin: o, on: true }), origin);
    await opt.close();
    const page = await D.ctx.newPage();
    await page.addInitScript(INIT);
    await page.goto(url('127.0.0.1'));
    await page.click('#rich [contenteditable]');
    await page.waitForTimeout(150);
    await page.keyboard.type('Meet jo.bloggs@gmail.com', { delay: KEY_DELAY });
    assert((await waitFor(page, { range: 'jo.bloggs@gmail.com' }, 3000)).ok,
      'contenteditable: not underlined');
    await page.click('#plain textarea');
    await page.keyboard.type('Meet jo.bloggs@gmail.com', { delay: KEY_DELAY });
    const count = await page.waitForFunction(() => __pc.shown() === 2, null, { timeout: 3000 })
      .then(() => true, () => false) && (await panel(page)).rules.length > 0;
    assert(count, 'textarea: no panel');
    const value = await page.inputValue('#plain textarea');
    assert(value === 'Meet jo.bloggs@gmail.com', `textarea value changed: ${value}`);
    await page.screenshot({ path: join(OUT, 'generic-site.png'), caret: 'initial' });
    await page.close();
    return 'contenteditable underlined, textarea listed in the panel, on a site switched on';
  } finally {
    await D.ctx.close();
  }
});

// No host registered in this profile: the popup says what to do. Then a
// host that speaks another protocol version: the popup says which to update.
test('host-missing-or-too-old', async () => {
  const profileC = join(tmp, 'profile-c');
  let C = await launch(profileC, EXT);
  let missing;
  try {
    missing = await popupStatus(C);
    assert(/not installed/.test(missing) && /postcheck install/.test(missing), `popup says: ${missing}`);
  } finally {
    await C.ctx.close();
  }
  const old = join(tmp, 'old-host.mjs');
  writeFileSync(old, `process.stdin.once('data', (d) => {
    const id = JSON.parse(d.subarray(4).toString()).id;
    const b = Buffer.from(JSON.stringify({ type: 'hello', id, protocol: 0, version: '0.0.1' }));
    const n = Buffer.alloc(4); n.writeUInt32LE(b.length);
    process.stdout.write(Buffer.concat([n, b]));
  });\n`);
  registerHost(profileC, ids, wrapper(join(tmp, 'old-host'), [process.execPath, old]));
  C = await launch(profileC, EXT);
  try {
    const st = await popupStatus(C);
    assert(/protocol 0/.test(st) && /update postcheck/.test(st), `popup says: ${st}`);
    return `popup: "${missing}" / "${st}"`;
  } finally {
    await C.ctx.close();
  }
});

// ---- run
const results = await runCases(cases);
await A.ctx.close();
server.close();
oracle.close();
rmSync(tmp, { recursive: true, force: true });
if (latencies.length) {
  console.log(`latency keystroke -> underline/panel over ${latencies.length} keystrokes: ` +
    `median ${median(latencies).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`);
}
if (attachLatencies.length) {
  console.log(`latency image attached -> finding: ${attachLatencies.map((x) => x.toFixed(1)).join(', ')} ms`);
}
const failed = results.filter((r) => !r.ok).length;
console.log(`e2e: ${results.length - failed} passed, ${failed} failed`);
if (existsSync(join(OUT, 'x-publish-gate.png')) && process.argv.includes('--update-screenshot')) {
  copyFileSync(join(OUT, 'x-publish-gate.png'), join(ROOT, 'docs', 'screenshot.png'));
}
process.exit(failed ? 1 : 0);
