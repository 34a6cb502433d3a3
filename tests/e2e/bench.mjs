#!/usr/bin/env node
// bench.mjs: the extension's browser benchmark (issue 13's aims), printing
// figures, asserting nothing. Per composer page:
//   - keystroke to underline: 20 rounds of the key that completes "LLMAT"
//     (a personal account: the disclaimer warning), median and worst, ms;
//   - main-thread time per keystroke while typing 300 characters at 10 ms a
//     key (CDP Performance.getMetrics TaskDuration), with the extension and
//     in a browser without it, --repeat times each (default 3), alternating:
//     the medians and the median of the paired differences (the machine's
//     load moves while it runs; the load average is printed too);
//   - lost keystrokes and divergences (the editor's own text against what
//     was typed), console errors.
// Usage: node tests/e2e/bench.mjs [--host PATH] [--pages x,facebook,...] [--repeat N]
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import {
  ROOT, argOf, hostPath, extensionDir, launch, registerHost, setSettings, readIds, CHROMIUM,
} from './lib/browser.mjs';
import { startServer, SITES } from './lib/server.mjs';
import { INIT, measure, waitFor } from './lib/page.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const HOST = hostPath();
const EXT = extensionDir();
const tmp = mkdtempSync(join(tmpdir(), 'postcheck-bench-'));
const server = await startServer(join(HERE, 'fixtures'), tmp,
  { extra: [['/e/dist/', join(HERE, 'engines', 'dist')], ['/e/', join(HERE, 'engines', 'pages')]] });
const ids = readIds(ROOT);

// The fixture pages (each editor keeps its own model and re-renders), then
// the pages built on the real editor engines (tests/e2e/engines: run the
// e2e stage once to build them), except those needing a site the user adds.
const ENG = join(HERE, 'engines');
const enginePages = existsSync(join(ENG, 'dist')) ? (await import('./engines/pages.mjs')).PAGES
  .filter((p) => !p.origin)
  .map((p) => ({ name: `engine ${p.name}`, host: p.host, path: `e/${p.file}`, start: p.start, editor: p.editor,
    engine: true })) : [];
const PAGES = [
  { name: 'x (Draft.js-like)', host: 'x.com', handle: 'jo_teacher' },
  { name: 'facebook (Lexical-like)', host: 'www.facebook.com', handle: 'jo.teacher' },
  { name: 'linkedin (Quill-like)', host: 'www.linkedin.com', handle: 'jo-teacher' },
  { name: 'linkedin shadow root', host: 'www.linkedin.com', path: 'fixtures/linkedin-shadow.html', start: '#start' },
  { name: 'instagram (Lexical-like)', host: 'www.instagram.com', handle: 'jo_teacher' },
  { name: 'bluesky (ProseMirror-like)', host: 'bsky.app', handle: 'jo-teacher' },
  ...enginePages,
].filter((p) => !argOf('--pages') || argOf('--pages').split(',').some((n) => p.name.startsWith(n)));

const median = (a) => [...a].sort((x, y) => x - y)[(a.length - 1) >> 1];
const REPEAT = Math.max(1, Number(argOf('--repeat') || 3));
const os = await import('node:os');
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

async function openPage(ctx, p) {
  const page = await ctx.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error' && !/404/.test(m.text())) errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.addInitScript(INIT);
  await page.goto(`https://${p.host}:${server.port}/${p.path || ''}${p.handle ? `?handle=${p.handle}` : ''}`);
  if (p.start) await page.click(p.start);
  await page.click(p.editor || '[data-fixture-editor]');
  await page.waitForTimeout(200);
  return { page, errors };
}

/** Main-thread ms per key typing text at 10 ms a key; and the text kept. */
async function typing(page, text) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const get = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics
    .map((m) => [m.name, m.value]));
  const a = await get();
  await page.keyboard.type(text, { delay: 10 });
  await page.waitForTimeout(300);
  const b = await get();
  await cdp.detach();
  const kept = await page.evaluate(() => (window.__engineText ? window.__engineText() : __fixture.text()));
  return { perKey: ((b.TaskDuration - a.TaskDuration) * 1000) / text.length, kept };
}

const TEXT = 'Lovely morning with year 5 at LLMAT, thanks all! Write to jo.bloggs@gmail.com for photos. '
  .repeat(4).slice(0, 300);

function browserWithout(profile) {
  const rules = Object.keys(SITES).map((s) => `MAP ${s} 127.0.0.1`).join(',');
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, viewport: { width: 1200, height: 700 }, ignoreHTTPSErrors: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', `--host-resolver-rules=${rules}`,
      '--ignore-certificate-errors'],
  });
}

const profile = join(tmp, 'profile');
registerHost(profile, ids, HOST);
const B = await launch(profile, EXT);
await setSettings(B.sw, { policy: 'llmat', officialHandles: ['@LLMAT'], personalMode: true });
const bare = await browserWithout(join(tmp, 'bare'));
console.log(`bench: Chromium headless, host ${HOST}, ${new Date().toISOString()}, ` +
  `${os.cpus().length} CPUs, load average ${load()}`);
for (const p of PAGES) {
  // Keystroke to underline.
  const first = await openPage(B.ctx, p);
  let page = first.page;
  const errors = first.errors;
  await page.keyboard.type('Thanks LLMA', { delay: 20 });
  const lat = [];
  for (let i = 0; i < 20; i++) {
    const w = await measure(page, { range: 'LLMAT' }, () => page.keyboard.type('T'));
    lat.push(w.ok ? w.latency : Infinity);
    await page.keyboard.press('Backspace');
    await waitFor(page, { noRange: 'LLMAT' }, 3000);
  }
  await page.close();
  // Main-thread time per key, without and with the extension in turn.
  const ons = [];
  const offs = [];
  let lost = 0;
  let diverged = 0;
  for (let i = 0; i < REPEAT; i++) {
    const plain = await openPage(bare, p);
    offs.push((await typing(plain.page, TEXT)).perKey);
    await plain.page.close();
    const second = await openPage(B.ctx, p);
    errors.push(...second.errors);
    const on = await typing(second.page, TEXT);
    await second.page.close();
    ons.push(on.perKey);
    lost += Math.max(0, TEXT.length - on.kept.length);
    if (on.kept !== TEXT) diverged++;
  }
  const f2 = (x) => x.toFixed(2);
  console.log(`${p.name}: keystroke to underline median ${median(lat).toFixed(1)} ms, worst ` +
    `${Math.max(...lat).toFixed(1)} ms (20 keys); main-thread per key ${f2(median(ons))} ms ` +
    `with the extension, ${f2(median(offs))} ms without (medians of ${REPEAT}, ${TEXT.length} keys at 10 ms; ` +
    `with ${ons.map(f2).join('/')}, without ${offs.map(f2).join('/')}; the extension's share ` +
    `${f2(median(ons.map((x, i) => x - offs[i])))} ms); lost keys ${lost}, divergences ${diverged}, ` +
    `console errors ${errors.length}${errors.length ? ': ' + errors.slice(0, 2).join(' | ') : ''}`);
}
console.log(`load average after: ${load()}`);
await B.ctx.close();
await bare.close();
server.close();
rmSync(tmp, { recursive: true, force: true });
