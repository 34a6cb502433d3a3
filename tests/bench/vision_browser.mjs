#!/usr/bin/env node
// vision_browser.mjs: issue 12's browser aim as a benchmark (prints figures,
// asserts nothing): "attaching a photo shows the warning within 300 ms of
// the preview appearing". Debian's Chromium with the unpacked extension and
// the real postcheck host (which starts postcheck-vision at the hello, the
// llmat pack having faces rules). On the X fixture, a personal account,
// nothing typed: each of dlib's labelled group photos (adults; served to the
// browser only) is attached in turn, and the time is taken inside the page,
// from the preview image's load event to the extension's panel being shown
// (polled between the page's tasks); the panel's rules are then read through
// the DevTools protocol to check it is the face warning. Each photo is new to
// the host (its result is cached by dHash), so each is decoded and looked at;
// then the first photo again (the cached path). Tests that the warning
// appears at all live in tests/e2e/vision.mjs.
//
// Usage: node tests/bench/vision_browser.mjs [--host PATH]
// Needs tests/e2e's npm packages (the e2e-chromium stage installs them).
import { mkdtempSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, registerHost, setSettings, readIds } from '../e2e/lib/browser.mjs';
import { startServer } from '../e2e/lib/server.mjs';
import { INIT, panel } from '../e2e/lib/page.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const E2E = join(ROOT, 'tests', 'e2e');
const FACES = resolve(ROOT, '..', 'shared', 'images', 'faces-dlib');
const args = process.argv.slice(2);
const argOf = (k) => (args.includes(k) ? args[args.indexOf(k) + 1] : undefined);
const HOST = resolve(argOf('--host') || process.env.PC_HOST || join(ROOT, 'build', 'postcheck'));
const AIM = 300;

if (!existsSync(FACES)) {
  console.log(`browser: no ${FACES}: skipped`);
  process.exit(0);
}
const photos = readdirSync(FACES).filter((f) => /^20\d\d_\d+\.jpg$/.test(f)).sort();
const tmp = mkdtempSync(join(tmpdir(), 'postcheck-vision-bench-'));
const server = await startServer(join(E2E, 'fixtures'), tmp, { extra: [['/faces/', FACES]] });
const profile = join(tmp, 'profile');
registerHost(profile, readIds(ROOT), HOST);
const B = await launch(profile, join(ROOT, 'extension'));
await setSettings(B.sw, {
  sites: { x: true }, policy: 'llmat', officialHandles: ['@LLMAT'], personalMode: true,
});
const page = await B.ctx.newPage();
await page.addInitScript(INIT);
await page.goto(`https://x.com:${server.port}/?handle=jo_teacher`);
await page.click('[data-fixture-editor]');
await page.waitForTimeout(1500); // the hello, and the helper's start it asks for

/** Attaches src and resolves the ms from the preview's load to the panel
 *  being shown (timeout: -1), measured in the page. */
const attach = (src) => page.evaluate(async (s) => {
  const pc = window.__pc;
  let shownAt = -1;
  const poll = new Promise((done) => {
    const t0 = performance.now();
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      if (pc.shown() > 0) { shownAt = performance.now(); done(); }
      else if (performance.now() - t0 > 20000) done();
      else ch.port2.postMessage(0);
    };
    ch.port2.postMessage(0);
  });
  await __fixture.attach(s);
  const loaded = performance.now();
  await poll;
  return shownAt < 0 ? -1 : Math.max(0, shownAt - loaded);
}, src);

/** Removes the attachments and waits for the panel to go. */
async function clear() {
  await page.evaluate(() => __fixture.clearAttachments());
  await page.evaluate(() => window.__pc.waitFor({ shown: 0 }, 5000));
}

const fresh = [];
let wrong = 0;
for (const f of photos) {
  const ms = await attach(`/faces/${f}`);
  const p = await panel(page);
  if (ms < 0 || !p.rules.includes('llmat.pupil-faces')) wrong++;
  else fresh.push(ms);
  await clear();
}
const cached = await attach(`/faces/${photos[0]}?again`);
await clear();
await B.ctx.close();
server.close();
rmSync(tmp, { recursive: true, force: true });

const sorted = [...fresh].sort((a, b) => a - b);
const med = sorted.length ? sorted[(sorted.length - 1) >> 1] : NaN;
const max = sorted.length ? sorted[sorted.length - 1] : NaN;
const first = fresh.length ? fresh[0] : NaN;
console.log(`browser: preview shown -> face warning shown, ${photos.length} photos new to the host: ` +
  `median ${med.toFixed(0)} ms, max ${max.toFixed(0)} ms (aim <= ${AIM} ms; ` +
  `${sorted.filter((x) => x <= AIM).length}/${sorted.length} within it; the first ${first.toFixed(0)} ms); ` +
  `the same photo again (host cache) ${cached.toFixed(0)} ms` +
  `${wrong ? `; ${wrong} attachments showed no face warning` : ''}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
