#!/usr/bin/env node
// tests/bench/engines.mjs: the extension's browser benchmark on the pages
// built from the real editor engines (tests/e2e/engines). Prints figures,
// asserts nothing. Per engine page:
//   - keystroke to underline: ROUNDS times the key that completes "LLMAT"
//     (a personal account: the llmat disclaimer warning), then Backspace
//     until the underline goes; median and worst, ms from the keydown to the
//     moment CSS.highlights holds the range (polled between tasks);
//   - main-thread time per keystroke: the renderer's TaskDuration (CDP
//     Performance.getMetrics) over KEYS characters typed at 10 ms a key,
//     divided by KEYS, with the extension and in a browser without it,
//     REPEAT times each, alternating (on a shared machine the load moves:
//     the medians, and the median of the paired differences, are printed);
//   - lost keystrokes (typed text against the engine's own model) and
//     console errors;
//   - the load average before and after (os.loadavg), since the figures
//     move with it.
// A <textarea> has no underlines: its latency is not measured here.
//
// Usage: node tests/bench/engines.mjs [--host PATH] [--extension DIR] [--rounds N] [--keys N]
//        [--repeat N] [--only PAGE,...]
// Needs the e2e set-up: bash tests/run e2e-chromium once (Chromium, npm
// packages, tests/e2e/engines/dist), and a built postcheck (PC_BUILD_DIR).
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const E2E = join(ROOT, 'tests', 'e2e');
const {
  argOf, hostPath, extensionDir, launch, registerHost, setSettings, readIds, CHROMIUM,
} = await import(join(E2E, 'lib', 'browser.mjs'));
const { startServer, SITES } = await import(join(E2E, 'lib', 'server.mjs'));
const { INIT, measure } = await import(join(E2E, 'lib', 'page.mjs'));
const { PAGES } = await import(join(E2E, 'engines', 'pages.mjs'));
const { chromium } = createRequire(join(E2E, 'package.json'))('playwright-core');

const HOST = hostPath();
const ROUNDS = Number(argOf('--rounds') || 20);
const KEYS = Number(argOf('--keys') || 200);
const REPEAT = Math.max(1, Number(argOf('--repeat') || 3));
const ONLY = (argOf('--only') || '').split(',').filter(Boolean);
const EXT = extensionDir();
const ids = readIds(ROOT);
if (!existsSync(HOST)) throw new Error(`no postcheck at ${HOST}`);
if (!existsSync(join(E2E, 'engines', 'dist', 'x.js'))) throw new Error('build tests/e2e/engines first');

const tmp = mkdtempSync(join(tmpdir(), 'postcheck-bench-engines-'));
const server = await startServer(join(E2E, 'fixtures'), tmp,
  { extra: [['/e/dist/', join(E2E, 'engines', 'dist')], ['/e/', join(E2E, 'engines', 'pages')]] });
const SETTINGS = { policy: 'llmat', officialHandles: ['@LLMAT'], personalMode: true,
  sites: { x: true, facebook: true, linkedin: true } };
const TEXT = 'The school trip went well and every pupil came back with a story to tell. ';

async function withExtension(origin) {
  const profile = join(tmp, `profile-${origin ? 'added' : 'ext'}`);
  registerHost(profile, ids, HOST);
  let ext = EXT;
  if (origin) {
    const { cpSync, readFileSync, writeFileSync } = await import('node:fs');
    ext = join(tmp, 'extension-added');
    cpSync(EXT, ext, { recursive: true });
    const m = JSON.parse(readFileSync(join(ext, 'manifest.json'), 'utf8'));
    m.host_permissions = [`${origin.replace(/:\d+$/, '')}/*`];
    writeFileSync(join(ext, 'manifest.json'), JSON.stringify(m));
  }
  const b = await launch(profile, ext);
  const p = await b.ctx.newPage();
  await p.goto(`chrome-extension://${ids.chrome_extension_id}/popup/popup.html`);
  await p.waitForFunction(() => !/Checking/.test(document.getElementById('status').textContent));
  await setSettings(b.sw, SETTINGS);
  if (origin) {
    await p.evaluate((o) => chrome.runtime.sendMessage({ type: PostcheckMessages.UI_BG_SITE_SET,
      origin: o, on: true }), origin);
  }
  await p.close();
  return b.ctx;
}

async function withoutExtension() {
  const rules = Object.keys(SITES).map((s) => `MAP ${s} 127.0.0.1`).join(',');
  return chromium.launchPersistentContext(join(tmp, 'profile-none'), {
    executablePath: CHROMIUM, headless: true, viewport: { width: 1200, height: 700 },
    ignoreHTTPSErrors: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--host-resolver-rules=${rules}`, '--ignore-certificate-errors'],
  });
}

async function openPage(ctx, pg) {
  const page = await ctx.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.addInitScript(INIT);
  await page.goto(`https://${pg.host}:${server.port}/e/${pg.file}`);
  await page.waitForFunction(() => typeof window.__engineText === 'function');
  if (pg.start) await page.click(pg.start);
  await page.click(pg.editor);
  await page.waitForTimeout(300);
  return { page, errors };
}

/** Main-thread ms per key typing KEYS characters at 10 ms a key; lost keys. */
async function mainThread(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const task = async () => (await cdp.send('Performance.getMetrics')).metrics
    .find((m) => m.name === 'TaskDuration').value;
  const before = await page.evaluate(() => window.__engineText());
  let text = '';
  while (text.length < KEYS) text += TEXT;
  text = text.slice(0, KEYS);
  const t0 = await task();
  await page.keyboard.type(text, { delay: 10 });
  await page.waitForTimeout(300); // the last replies
  const t1 = await task();
  await cdp.detach();
  const after = await page.evaluate(() => window.__engineText());
  // Keys missing from the engine's text, or 1 when it differs otherwise.
  const lost = after === before + text ? 0 : Math.abs(before.length + text.length - after.length) || 1;
  return { perKey: ((t1 - t0) * 1000) / KEYS, lost };
}

async function latency(page) {
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' Proud of LLMA', { delay: 20 });
  const ms = [];
  let missed = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const r = await measure(page, { range: 'LLMAT' }, () => page.keyboard.type('T'), 2000);
    if (r.ok) ms.push(r.latency); else missed++;
    const gone = await measure(page, { noRange: 'LLMAT' }, () => page.keyboard.press('Backspace'), 2000);
    if (!gone.ok) missed++;
    await page.waitForTimeout(30);
  }
  ms.sort((a, b) => a - b);
  return { ms, missed };
}

const fmt = (x) => x.toFixed(1);
const fmt2 = (x) => x.toFixed(2);
const median = (a) => [...a].sort((x, y) => x - y)[(a.length - 1) >> 1];
const os = await import('node:os');
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`machine: ${process.arch}, ${os.cpus().length} CPUs, load average ${load()}; ` +
  `${ROUNDS} rounds, ${KEYS} keys at 10 ms, main thread ${REPEAT} times each way`);
const plain = await withoutExtension();
const withExt = new Map();
for (const pg of PAGES) {
  if (ONLY.length && !ONLY.includes(pg.name)) continue;
  const origin = pg.origin ? `${pg.origin}:${server.port}` : '';
  if (!withExt.has(origin)) withExt.set(origin, await withExtension(origin));
  const ctx = withExt.get(origin);
  // Without and with the extension in turn, each on a fresh page.
  const offs = [];
  const ons = [];
  const lost = { on: 0, off: 0 };
  const errors = [];
  for (let i = 0; i < REPEAT; i++) {
    const off = await openPage(plain, pg);
    const b0 = await mainThread(off.page);
    await off.page.close();
    const o = await openPage(ctx, pg);
    const a0 = await mainThread(o.page);
    errors.push(...o.errors);
    await o.page.close();
    offs.push(b0.perKey);
    ons.push(a0.perKey);
    lost.off += b0.lost;
    lost.on += a0.lost;
  }
  const diff = median(ons.map((x, i) => x - offs[i]));
  const on = await openPage(ctx, pg);
  let lat = 'n/a (a <textarea> has no underlines)';
  if (!pg.plain) {
    const l = await latency(on.page);
    lat = l.ms.length
      ? `median ${fmt(l.ms[Math.floor(l.ms.length / 2)])} ms, worst ${fmt(l.ms[l.ms.length - 1])} ms` +
        (l.missed ? ` (${l.missed} of ${ROUNDS * 2} changes not shown in 2 s)` : '')
      : 'never underlined (the extension does not attach)';
  }
  const engine = await on.page.evaluate(() => window.__engine.name);
  errors.push(...on.errors);
  console.log(`${pg.name} (${engine}): keystroke to underline ${lat}; main thread per key ` +
    `${fmt2(median(ons))} ms with the extension, ${fmt2(median(offs))} ms without ` +
    `(medians of ${REPEAT}; with ${ons.map(fmt2).join('/')}, without ${offs.map(fmt2).join('/')}; ` +
    `the extension's share ${fmt2(diff)} ms); lost or diverged keys ${lost.on} with, ${lost.off} without; ` +
    `console errors ${errors.length}`);
  await on.page.close();
}
console.log(`load average after: ${load()}`);
for (const ctx of withExt.values()) await ctx.close();
await plain.close();
server.close();
rmSync(tmp, { recursive: true, force: true });
