#!/usr/bin/env node
// vision.mjs: browser end-to-end tests of faces in attached photos (issue
// 12), apart from run.mjs: Debian's Chromium with the unpacked extension
// and the real postcheck host (which starts postcheck-vision from its build
// folder on the first image). On the X fixture, a personal account under
// the llmat pack attaches a group photo with no words at all: the pupil
// warning must appear, from the faces alone; the same draft from the
// school's official account gets the consent reminder instead; a picture
// without faces gets nothing. Prints the time from the preview appearing
// to the warning. The tab's host has its vision helper running before the
// first photo is attached: a composer taking the focus starts the tab's
// host with a hello that says images may come. The thumbnail goes as a
// JPEG to a host that reads one and as RGB to one that does not (a shim
// in front of the host logs the form and hides the hello's list).
// The photos are dlib's (../shared/images/faces-dlib, adults, PASCAL VOC:
// served to the test browser only, never copied into the repository);
// without that folder the tests are skipped.
//
// Usage: node tests/e2e/vision.mjs [--host PATH]
// Env: PC_HOST (the postcheck binary), PC_BUILD_DIR (its build folder).
import { mkdtempSync, existsSync, rmSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ROOT, hostPath, extensionDir, launch, registerHost, setSettings, readIds, wrapper,
} from './lib/browser.mjs';
import { runCases } from './lib/cases.mjs';
import { startServer } from './lib/server.mjs';
import { INIT, panel, panelUntil, extensionReady } from './lib/page.mjs';
import { until } from './lib/wait.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const EXT = extensionDir();
const FACES = resolve(ROOT, '..', 'shared', 'images', 'faces-dlib');
const HOST = hostPath();
const ids = readIds(ROOT);

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

if (!existsSync(join(FACES, '2008_002470.jpg'))) {
  console.log(`vision e2e: skipped: no photos in ${FACES}`);
  console.log('vision e2e: 0 passed, 0 failed');
  process.exit(0);
}
assert(existsSync(HOST), `no postcheck binary at ${HOST} (build it, or pass --host)`);
assert(existsSync(join(dirname(HOST), 'postcheck-vision')), 'no postcheck-vision beside the host');

const tmp = mkdtempSync(join(tmpdir(), 'postcheck-vision-e2e-'));
const server = await startServer(join(HERE, 'fixtures'), tmp, { extra: [['/faces/', FACES]] });
const url = (site, q = '') => `https://${site}:${server.port}/${q}`;
const profile = join(tmp, 'profile');
registerHost(profile, ids, HOST);
// The hosts this browser starts carry this folder in their environment
// (and their vision helpers, which inherit it): how they are told apart
// from other postcheck processes on the machine.
const config = join(tmp, 'config');
const B = await launch(profile, EXT, { env: { XDG_CONFIG_HOME: config } });
const latencies = []; // preview shown -> warning in the panel, ms

async function open(handle, settings) {
  await setSettings(B.sw, { sites: { x: true, facebook: true, linkedin: true }, ...settings });
  const page = await B.ctx.newPage();
  await page.addInitScript(INIT);
  await page.goto(url('x.com', `?handle=${encodeURIComponent(handle)}`));
  await page.click('[data-fixture-editor]');
  await extensionReady(page); // the content script has its settings and took the editor up
  return page;
}

/**
 * Attaches src like a user and returns {ok, latency, rules}: latency is the
 * ms from the preview's image loading to `rule` in the panel (the panel is
 * read through the DevTools protocol after each DOM change it reports, so
 * it is a little late).
 */
async function attachUntil(page, src, rule, timeout = 20000) {
  await page.evaluate((s) => __fixture.attach(s), src);
  const t0 = Date.now();
  const p = await panelUntil(page, (x) => x.rules.includes(rule), timeout) || await panel(page);
  return { ok: p.rules.includes(rule), latency: Date.now() - t0, rules: p.rules, text: p.text };
}

/** How many postcheck-vision processes this browser's hosts have started
 *  and are running (Linux /proc). */
function visionHelpers(dir = config) {
  const read = (p) => { try { return readFileSync(p, 'utf8'); } catch { return ''; } };
  const running = (d) => !/^\d+ \(.*\) Z/.test(read(`/proc/${d}/stat`));
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d) &&
    read(`/proc/${d}/comm`).startsWith('postcheck-visio') &&
    read(`/proc/${d}/environ`).split('\0').includes(`XDG_CONFIG_HOME=${dir}`) && running(d)).length;
}

const llmat = { policy: 'llmat', officialHandles: ['@LLMAT'], personalMode: true };
const cases = [];
const test = (name, fn) => cases.push({ name, fn });

test('faces-no-words-personal-x', async () => {
  const page = await open('jo_teacher', llmat);
  // The composer has the focus: the tab's host is ready for a photo before
  // one comes (its helper started, the face model run once).
  const t0 = Date.now();
  while (visionHelpers() === 0 && Date.now() - t0 < 20000) await page.waitForTimeout(100);
  assert(visionHelpers() > 0, 'no vision helper running before the first photo (the composer has the focus)');
  // Nothing typed: the photo alone (six labelled faces).
  const w = await attachUntil(page, '/faces/2008_002470.jpg', 'llmat.pupil-faces');
  assert(w.ok, `llmat.pupil-faces did not appear after attaching a photo with faces (panel: ${w.rules})`);
  assert(/faces/.test(w.text) && !/\b(child|children|aged?|years? old)\b/i.test(w.text),
    'the warning must speak of faces, not of ages');
  latencies.push(w.latency);
  // Typing afterwards keeps the warning (the host answers from its cache,
  // the thumbnail is not sent again).
  await page.keyboard.type('Lovely day', { delay: 25 });
  await page.waitForTimeout(400);
  assert((await panel(page)).rules.includes('llmat.pupil-faces'), 'warning lost while typing');
  await page.close();
  return `pupil warning ${w.latency.toFixed(1)} ms after the preview appeared; kept while typing`;
});

test('faces-official-consent-x', async () => {
  const page = await open('LLMAT', { ...llmat, personalMode: false });
  const w = await attachUntil(page, '/faces/2007_007763.jpg', 'llmat.photo-consent');
  assert(w.ok && !w.rules.includes('llmat.pupil-faces'),
    `official account: expected the consent reminder, not the pupil warning; got ${w.rules}`);
  latencies.push(w.latency);
  await page.close();
  return `consent reminder ${w.latency.toFixed(1)} ms after the preview appeared`;
});

test('no-faces-nothing-x', async () => {
  const page = await open('jo_teacher', llmat);
  await page.evaluate(() => __fixture.attach('/fixtures/img/pupils.png'));
  // Give the host the time the other cases took, and more.
  await page.waitForTimeout(3000);
  const p = await panel(page);
  assert(!p.rules.includes('llmat.pupil-faces'), `a picture without faces raised ${p.rules}`);
  await page.close();
  return `a drawing without faces: no face warning (panel: ${p.rules.join(', ') || 'empty'})`;
});

/** A second browser whose host is the real one behind host-shim.mjs
 *  (shimEnv: the shim's settings), logging each check's attachments. */
async function shimmed(name, shimEnv) {
  const dir = join(tmp, name);
  const log = join(tmp, `${name}.log`);
  const cmd = [process.execPath, join(HERE, 'host-shim.mjs'), HOST];
  registerHost(dir, ids, wrapper(join(tmp, `${name}.sh`), cmd,
    { POSTCHECK_SHIM_LOG: log, POSTCHECK_SHIM_ATTACHMENTS: '1', ...shimEnv }));
  const b = await launch(dir, EXT, { env: { XDG_CONFIG_HOME: config } });
  await setSettings(b.sw, { sites: { x: true }, ...llmat });
  const page = await b.ctx.newPage();
  await page.addInitScript(INIT);
  await page.goto(url('x.com', '?handle=jo_teacher'));
  await page.click('[data-fixture-editor]');
  await extensionReady(page);
  const forms = () => (existsSync(log) ? readFileSync(log, 'utf8') : '').split('\n')
    .filter((l) => l.startsWith('pixels\t')).map((l) => l.slice(7));
  return { b, page, forms };
}

// The thumbnail goes as a JPEG (a twelfth of the RGB's bytes) to a host
// whose hello says it reads one, and as RGB, decoded by the worker, to a
// host that does not (an older postcheck): the face warning either way.
for (const [name, shimEnv, want] of [
  ['thumbnail-as-jpeg', {}, 'jpeg'],
  ['thumbnail-as-rgb-to-older-host', { POSTCHECK_SHIM_HELLO_RGB_ONLY: '1' }, 'rgb'],
]) {
  test(name, async () => {
    const { b, page, forms } = await shimmed(name, shimEnv);
    try {
      const w = await attachUntil(page, '/faces/2008_002470.jpg', 'llmat.pupil-faces');
      assert(w.ok, `llmat.pupil-faces did not appear (panel: ${w.rules}; thumbnails sent as ${forms()})`);
      const f = forms();
      assert(f.length === 1 && f[0] === want, `the thumbnail went as ${f.join(', ') || 'nothing'}; want once, as ${want}`);
      return `face warning ${w.latency.toFixed(1)} ms after the preview; the thumbnail went once, as ${want}`;
    } finally {
      await b.ctx.close();
    }
  });
}

// The tab's vision helper, left idle (1.5 s here, POSTCHECK_VISION_IDLE_MS;
// 5 minutes by default), stops and gives its memory back; the composer
// taking the focus again (past the 10 s the page and the worker leave
// between greetings) has the host start it again before the photo comes,
// and the photo's warning comes as it did before the stop.
test('idle-helper-started-again-at-focus', async () => {
  const dir = join(tmp, 'idle');
  const conf = join(tmp, 'idle-config');
  registerHost(dir, ids, wrapper(join(tmp, 'idle.sh'), [HOST], { POSTCHECK_VISION_IDLE_MS: '1500' }));
  const b = await launch(dir, EXT, { env: { XDG_CONFIG_HOME: conf } });
  try {
    await setSettings(b.sw, { sites: { x: true }, ...llmat });
    const page = await b.ctx.newPage();
    await page.addInitScript(INIT);
    await page.goto(url('x.com', '?handle=jo_teacher'));
    await page.click('[data-fixture-editor]');
    const focused = Date.now();
    await extensionReady(page);
    await until(() => visionHelpers(conf) === 1, 'the vision helper started at the focus', 20000);
    await until(() => visionHelpers(conf) === 0, 'the idle vision helper stopped', 20000);
    const left = 10500 - (Date.now() - focused);
    if (left > 0) await page.waitForTimeout(left);
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    await page.click('[data-fixture-editor]');
    await until(() => visionHelpers(conf) === 1, 'the vision helper started again at the focus', 20000);
    const w = await attachUntil(page, '/faces/2008_002470.jpg', 'llmat.pupil-faces');
    assert(w.ok, `llmat.pupil-faces did not appear after the helper's restart (panel: ${w.rules})`);
    return `the idle helper stopped, started again at the focus; face warning ${w.latency.toFixed(1)} ms after the preview`;
  } finally {
    await b.ctx.close();
  }
});

const results = await runCases(cases);
await B.ctx.close();
server.close();
rmSync(tmp, { recursive: true, force: true });
if (latencies.length) {
  console.log(`latency preview -> face warning: ${latencies.map((x) => x.toFixed(1)).join(', ')} ms ` +
    '(the first includes starting postcheck-vision)');
}
const failed = results.filter((r) => !r.ok).length;
console.log(`vision e2e: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
