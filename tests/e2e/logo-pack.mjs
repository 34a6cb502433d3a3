#!/usr/bin/env node
// logo-pack.mjs: an organisation's own logo in its own pack (DESIGN.md:
// a user pack `{"extends": "llmat", "logos": [{"image": ...}]}`), found in
// photos attached on X's composer (the Draft.js engine page,
// tests/e2e/engines), after what people do between two photos. Each case
// failed on the extension before the change it covers:
//   logo-after-switch-and-reload  the pack chosen in settings, the page
//       reloaded, a photo attached: the warning comes (before: the worker
//       kept the old page's check counts for the tab, took the new page's
//       first checks for old ones and dropped their replies: no warning);
//   logo-after-switch-same-page   a photo attached under llmat (whose logo
//       it is not), then the pack switched: the photo is looked at again for
//       the new pack's logo (before: its pixels were not sent again);
//   logo-kept-after-host-restart  the host ended (crash, or the browser's
//       worker stopped) after the warning: the next key's check goes to a
//       new host, which is sent the photo again (before: the warning went);
//   slow-image-not-restarted      a host that takes 7 s over a photo (a
//       loaded machine): its answer is waited for (before: the host was
//       ended after 5 s and started again with the photo, for ever).
// The real host, its built-in packs and postcheck-vision; the pack and its
// logo (a test logo drawn for another built-in pack) in a user policy
// folder (XDG_CONFIG_HOME); the photos composed in the page: the logo
// pasted into a textured picture at a third of its width.
//
// Usage: node tests/e2e/logo-pack.mjs [--host PATH] [--extension DIR] [--only NAME,...]
// Env: PC_HOST, PC_BUILD_DIR.
import { mkdtempSync, mkdirSync, writeFileSync, copyFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import {
  ROOT, hostPath, extensionDir, launch, registerHost, setSettings, readIds, wrapper,
} from './lib/browser.mjs';
import { runCases } from './lib/cases.mjs';
import { startServer } from './lib/server.mjs';
import { INIT, panel, panelUntil } from './lib/page.mjs';
import { until } from './lib/wait.mjs';

const HOST = hostPath();
const EXT = extensionDir();
const ENG = join(ROOT, 'tests', 'e2e', 'engines');
const LOGO = join(ROOT, 'host', 'policies', 'tools', 'logos', 'alt-test-logo.png');
const ids = readIds(ROOT);

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}
assert(existsSync(HOST), `no postcheck binary at ${HOST} (build it, or pass --host)`);
assert(existsSync(join(dirname(HOST), 'postcheck-vision')), 'no postcheck-vision beside the host');
assert(existsSync(join(ENG, 'dist', 'x.js')), 'no tests/e2e/engines/dist: npm ci and node build.mjs there');

const tmp = mkdtempSync(join(tmpdir(), 'postcheck-logo-pack-'));
const policies = join(tmp, 'config', 'postcheck', 'policies');
mkdirSync(policies, { recursive: true });
copyFileSync(LOGO, join(policies, 'crest.png'));
writeFileSync(join(policies, 'llmat-crest.json'), JSON.stringify({
  id: 'llmat-crest', extends: 'llmat', name: 'LLMAT with its crest', organisation: 'LLMAT',
  version: '1', logos: [{ name: 'Test crest', image: 'crest.png' }],
}));
const server = await startServer(join(ROOT, 'tests', 'e2e', 'fixtures'), tmp,
  { extra: [['/e/dist/', join(ENG, 'dist')], ['/e/', join(ENG, 'pages')], ['/logo/', policies]] });

/** A browser whose host runs with the user policy folder; with a shim log,
 *  through tests/e2e/host-shim.mjs (env: the shim's). */
async function browser(name, shimEnv = null) {
  const env = { XDG_CONFIG_HOME: join(tmp, 'config') };
  const cmd = shimEnv ? [process.execPath, join(ROOT, 'tests', 'e2e', 'host-shim.mjs'), HOST] : [HOST];
  const profile = join(tmp, `profile-${name}`);
  registerHost(profile, ids, wrapper(join(tmp, `host-${name}.sh`), cmd, { ...env, ...shimEnv }));
  return launch(profile, EXT);
}

const PERSONAL = { sites: { x: true }, officialHandles: ['@LLMAT'], personalMode: true };

async function openX(b, policy) {
  await setSettings(b.sw, { ...PERSONAL, policy });
  const page = await b.ctx.newPage();
  await page.addInitScript(INIT);
  await page.goto(`https://x.com:${server.port}/e/x.html?handle=jo_teacher`);
  await page.click('[data-testid="tweetTextarea_0"]');
  return page;
}

/** Attaches a photo with the test crest in it (seed: which photo). */
function attachPhoto(page, seed) {
  return page.evaluate(async (s) => {
    const logo = await createImageBitmap(await (await fetch('/logo/crest.png')).blob());
    const w = 960;
    const h = 640;
    const c = new OffscreenCanvas(w, h);
    const g = c.getContext('2d');
    let x = s * 7919 + 1; // a small seeded generator: the same photo each run
    const rnd = () => { x = (x * 48271) % 2147483647; return x / 2147483647; };
    const sky = g.createLinearGradient(0, 0, 0, h);
    sky.addColorStop(0, `hsl(${200 + 40 * rnd()}, 50%, 70%)`);
    sky.addColorStop(1, `hsl(${90 + 60 * rnd()}, 40%, 35%)`);
    g.fillStyle = sky;
    g.fillRect(0, 0, w, h);
    for (let i = 0; i < 300; i++) {
      g.fillStyle = `hsla(${360 * rnd()}, 40%, ${30 + 40 * rnd()}%, 0.5)`;
      g.beginPath();
      g.arc(w * rnd(), h * rnd(), 4 + 30 * rnd(), 0, 2 * Math.PI);
      g.fill();
    }
    const side = Math.round(w / 3);
    g.drawImage(logo, Math.round((w - side) * rnd()), Math.round((h - side) * rnd()), side, side);
    const blob = await c.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
    await window.__engine.attach(URL.createObjectURL(blob));
  }, seed);
}

/** Waits until the panel lists rule (or timeout ms): {ok, ms, rules}. */
async function panelLists(page, rule, timeout = 20000) {
  const t0 = Date.now();
  const p = await panelUntil(page, (x) => x.rules.includes(rule), timeout) || await panel(page);
  return { ok: p.rules.includes(rule), ms: Date.now() - t0, rules: p.rules };
}

const cases = [];
const test = (name, fn) => cases.push({ name, fn });

test('logo-after-switch-and-reload', async () => {
  const b = await browser('reload');
  try {
    const page = await openX(b, 'llmat');
    // A draft typed and checked key by key: the page's checks count up.
    await page.keyboard.type('Sports day at LLMAT was a joy', { delay: 30 });
    const typed = await panelLists(page, 'llmat.disclaimer', 5000);
    assert(typed.ok, `no disclaimer warning while typing (panel: ${typed.rules})`);
    await setSettings(b.sw, { policy: 'llmat-crest' });
    await page.reload();
    await page.click('[data-testid="tweetTextarea_0"]');
    await attachPhoto(page, 1);
    const w = await panelLists(page, 'llmat.logo');
    assert(w.ok, `no logo warning within 20 s of attaching a photo with the crest after the ` +
      `pack was switched and the page reloaded (panel: ${w.rules.join(', ') || 'empty'})`);
    return `llmat.logo ${w.ms} ms after the photo's preview, on the reloaded page`;
  } finally {
    await b.ctx.close();
  }
});

test('logo-after-switch-same-page', async () => {
  const b = await browser('switch');
  try {
    const page = await openX(b, 'llmat');
    await attachPhoto(page, 2);
    // Under llmat the photo is looked at (for faces): the check is answered
    // and the crest, not llmat's logo, raises nothing.
    await page.waitForTimeout(3000);
    const before = await panel(page);
    assert(!before.rules.includes('llmat.logo'), `llmat flagged the crest: ${before.rules}`);
    await setSettings(b.sw, { policy: 'llmat-crest' });
    const w = await panelLists(page, 'llmat.logo');
    assert(w.ok, `no logo warning within 20 s of switching to the pack with the crest, the ` +
      `photo attached before (panel: ${w.rules.join(', ') || 'empty'})`);
    return `llmat.logo ${w.ms} ms after the switch`;
  } finally {
    await b.ctx.close();
  }
});

test('logo-kept-after-host-restart', async () => {
  const log = join(tmp, 'restart.log');
  const b = await browser('restart', { POSTCHECK_SHIM_LOG: log });
  try {
    const page = await openX(b, 'llmat-crest');
    await attachPhoto(page, 3);
    const w = await panelLists(page, 'llmat.logo');
    assert(w.ok, `no logo warning (panel: ${w.rules})`);
    const pids = readFileSync(log, 'utf8').match(/^pid \d+$/gm).map((l) => Number(l.slice(4)));
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    // The next key goes to a new host, which has not seen the photo.
    await page.waitForTimeout(600);
    await page.keyboard.type('Our sports day', { delay: 30 });
    const pixelChecks = () => readFileSync(log, 'utf8').split('\n').filter((l) => l === 'check+pixels').length;
    await until(() => pixelChecks() >= 2, () => `the photo's pixels went ${pixelChecks()} times after the ` +
      'host was restarted; want once more, to the new host', 10000);
    const after = await panelLists(page, 'llmat.logo', 5000);
    const sent = pixelChecks();
    assert(after.ok, `the logo warning went after the host was restarted (panel: ${after.rules})`);
    assert(sent === 2, `the photo's pixels went ${sent} times; want 2 (once to each host)`);
    return 'the warning stays; the photo was sent once to the first host and once to the new one';
  } finally {
    await b.ctx.close();
  }
});

test('slow-image-not-restarted', async () => {
  const log = join(tmp, 'slow.log');
  const b = await browser('slow', { POSTCHECK_SHIM_LOG: log, POSTCHECK_SHIM_PIXELS_DELAY_MS: '7000' });
  try {
    const page = await openX(b, 'llmat-crest');
    await page.waitForTimeout(500);
    await attachPhoto(page, 4);
    const w = await panelLists(page, 'llmat.logo', 20000);
    const sent = readFileSync(log, 'utf8').split('\n').filter((l) => l === 'check+pixels').length;
    assert(w.ok, `no logo warning within 20 s from a host 7 s slow over the photo ` +
      `(its pixels sent ${sent} times; panel: ${w.rules.join(', ') || 'empty'})`);
    assert(w.ms >= 6500, `the warning came after ${w.ms} ms, before the host could answer`);
    assert(sent === 1, `the photo's pixels went ${sent} times; want 1 (the host not ended as hung)`);
    return `llmat.logo after ${w.ms} ms, the photo sent once`;
  } finally {
    await b.ctx.close();
  }
});

const results = await runCases(cases);
server.close();
rmSync(tmp, { recursive: true, force: true });
const failed = results.filter((r) => !r.ok).length;
console.log(`logo-pack e2e: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
