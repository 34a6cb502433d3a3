#!/usr/bin/env node
// dhash.mjs: the extension's dHash of an attached image equals the host's
// (pc_vision_dhash, host/vision_pixels.c) and the pack tool's
// (host/policies/tools/dhash.py) for the same pixels. A pack's logo hash is
// made with the tool and matched against the hash the extension sends, and
// the host keys what it found in a photo by that hash: if either side
// changes its arithmetic (grey weights, compositing over white, the area
// average, the bit order), this fails.
//
// Each image is attached like a user on the X fixture (a blob: preview),
// so the hash is the one the content script computes and the worker sends:
// a shim in front of the real host logs each check's attachment names and
// dHashes (never the text). The reference side gets the same pixels the
// extension hashed (the browser's decode, drawn as the extension draws it:
// its thumbnail, at most 384 px a side over white) from the page, and hands
// them to dhash.py (as a PNG) and to pc_vision_dhash (a small driver,
// tests/e2e/tools/dhash-rgb.c, compiled here with the host's own source
// file; opaque pixels only, as the host's decoder composites before it
// hashes: drawn over white, every image's are).
//
// Images: the packs' test logos, the pupils drawing, images drawn here
// (transparency, sizes that do not divide by 9 x 8, images smaller than
// 9 x 8) and, when ../shared/images/faces-dlib is there, five photos (all
// over 384 px, so drawn smaller: the extension's scaling is covered too).
//
// Usage: node tests/e2e/dhash.mjs [--host PATH] [--extension DIR]
// Env: PC_HOST, PC_BUILD_DIR, CC (default cc).
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { ROOT, underTest, launch, registerHost, setSettings, wrapper } from './lib/browser.mjs';
import { runCases } from './lib/cases.mjs';
import { startServer } from './lib/server.mjs';
import { encodePng, paint } from './lib/png.mjs';
import { until } from './lib/wait.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const { EXT, HOST, ids } = underTest();
const LOGOS = join(ROOT, 'host', 'policies', 'tools', 'logos');
const FACES = resolve(ROOT, '..', 'shared', 'images', 'faces-dlib');
const PHOTOS = ['2008_002470.jpg', '2009_004587.jpg', 'Tom_Cruise_avp_2014_4.jpg', 'dogs.jpg', 'bald_guys.jpg'];

const tmp = mkdtempSync(join(tmpdir(), 'postcheck-dhash-'));

// The host's dHash, from its own source file.
const driver = join(tmp, 'dhash-rgb');
execFileSync(process.env.CC || 'cc', ['-std=c11', '-O2', '-I', join(ROOT, 'include'), '-o', driver,
  join(HERE, 'tools', 'dhash-rgb.c'), join(ROOT, 'host', 'vision_pixels.c')], { stdio: 'inherit' });

// Images drawn here: what photos and logos rarely have.
const drawn = join(tmp, 'drawn');
mkdirSync(drawn);
const wave = (x, y, k) => Math.round(127.5 + 127.5 * Math.sin(x * 0.37 * k + y * 0.23 + k));
const DRAWN = {
  // Transparency: the colour under a half-clear pixel is blended with white.
  'alpha-97x61.png': [97, 61, (x, y) => [wave(x, y, 1), wave(x, y, 2), wave(x, y, 3), (x * 7 + y * 3) % 256]],
  // Sides that 9 and 8 do not divide: pixels shared by two cells.
  'odd-203x77.png': [203, 77, (x, y) => [wave(x, y, 1.3), wave(y, x, 0.7), (x * y) % 251, 255]],
  // Fewer pixels than cells: each pixel spread over several cells.
  'tiny-7x5.png': [7, 5, (x, y) => [(x * 37 + y * 11) % 256, (x * 53) % 256, (y * 91) % 256, 255]],
  'tall-3x200.png': [3, 200, (x, y) => [(x * 80 + y) % 256, (y * 5) % 256, 200 - y % 200, 255]],
};
for (const [name, [w, h, fn]] of Object.entries(DRAWN)) writeFileSync(join(drawn, name), encodePng(w, h, paint(w, h, fn)));

const images = [
  ...['llmat', 'ala', 'alt', 'society', 'learning-alliance'].map((k) => `/logos/${k}-test-logo.png`),
  '/fixtures/img/pupils.png',
  ...Object.keys(DRAWN).map((n) => `/drawn/${n}`),
];
const photos = existsSync(join(FACES, PHOTOS[0]));
if (photos) images.push(...PHOTOS.map((n) => `/faces/${n}`));
const nameOf = (src) => src.split('/').pop();

const server = await startServer(join(HERE, 'fixtures'), tmp,
  { extra: [['/logos/', LOGOS], ['/drawn/', drawn], ...(photos ? [['/faces/', FACES]] : [])] });
const log = join(tmp, 'shim.log');
writeFileSync(log, '');
const profile = join(tmp, 'profile');
registerHost(profile, ids, wrapper(join(tmp, 'host'), [process.execPath, join(HERE, 'host-shim.mjs'), HOST],
  { POSTCHECK_SHIM_LOG: log, POSTCHECK_SHIM_ATTACHMENTS: '1' }));
const B = await launch(profile, EXT);

/** name -> the dHash the extension sent the host for it ('' = none). */
function sent() {
  const out = new Map();
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    const m = line.match(/^attachment\t(.*)\t([0-9a-f]*)$/);
    if (m) out.set(m[1], m[2]);
  }
  return out;
}

/** The pixels the extension hashes for src: the browser's decode, drawn
 *  as core.js draws it (its thumbnail: at most 384 px a side, over white),
 *  RGBA. */
async function pixelsOf(page, src) {
  const r = await page.evaluate(async (s) => {
    const img = new Image();
    img.src = URL.createObjectURL(await (await fetch(s)).blob());
    await img.decode();
    const scale = Math.min(1, 384 / Math.max(img.naturalWidth, img.naturalHeight));
    const w = Math.max(1, Math.round(img.naturalWidth * scale));
    const h = Math.max(1, Math.round(img.naturalHeight * scale));
    const ctx = new OffscreenCanvas(w, h).getContext('2d', { willReadFrequently: true });
    ctx.imageSmoothingQuality = 'medium';
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    ctx.drawImage(img, 0, 0, w, h);
    const d = ctx.getImageData(0, 0, w, h).data;
    let bin = '';
    for (let i = 0; i < d.length; i += 0x8000) bin += String.fromCharCode.apply(null, d.subarray(i, i + 0x8000));
    return { w, h, natural: [img.naturalWidth, img.naturalHeight], b64: btoa(bin) };
  }, src);
  return { ...r, rgba: new Uint8Array(Buffer.from(r.b64, 'base64')) };
}

function toolHash(name, px) {
  const file = join(tmp, `${name}.pixels.png`);
  writeFileSync(file, encodePng(px.w, px.h, px.rgba));
  return execFileSync('python3', [join(ROOT, 'host', 'policies', 'tools', 'dhash.py'), file],
    { encoding: 'utf8' }).split(/\s+/)[0];
}

function hostHash(px) {
  const rgb = Buffer.alloc(px.w * px.h * 3);
  for (let i = 0, j = 0; i < px.rgba.length; i += 4) {
    rgb[j++] = px.rgba[i]; rgb[j++] = px.rgba[i + 1]; rgb[j++] = px.rgba[i + 2];
  }
  return execFileSync(driver, [String(px.w), String(px.h)], { input: rgb, encoding: 'utf8' }).trim();
}

const cases = [];
cases.push({ name: 'dhash-extension-equals-host-and-tool', fn: async () => {
  await setSettings(B.sw, { sites: { x: true }, policy: 'llmat', officialHandles: ['@LLMAT'], personalMode: false });
  const page = await B.ctx.newPage();
  await page.goto(`https://x.com:${server.port}/?handle=LLMAT`);
  await page.click('[data-fixture-editor]');
  await page.keyboard.type('Photos from today', { delay: 10 });
  for (const src of images) await page.evaluate(([s, n]) => __fixture.attach(s, '', n), [src, nameOf(src)]);
  // Each check carries every attachment's hash: wait for one with them all.
  const got = await until(() => {
    const m = sent();
    return images.every((s) => m.get(nameOf(s))) ? m : null;
  }, () => `the extension sent no dHash for ${images.map(nameOf).filter((n) => !sent().get(n)).join(', ')}`,
  30000);
  const bad = [];
  const lines = [];
  let hosts = 0;
  for (const src of images) {
    const name = nameOf(src);
    const px = await pixelsOf(page, src);
    const opaque = px.rgba.every((v, i) => i % 4 !== 3 || v === 255);
    const ext = got.get(name);
    const tool = toolHash(name, px);
    const host = opaque ? hostHash(px) : null;
    hosts += opaque ? 1 : 0;
    if (ext !== tool) bad.push(`${name}: extension ${ext}, dhash.py ${tool}`);
    if (host !== null && ext !== host) bad.push(`${name}: extension ${ext}, pc_vision_dhash ${host}`);
    lines.push(`${name} ${px.natural.join('x')}${px.w !== px.natural[0] ? ` (drawn at ${px.w}x${px.h})` : ''} ${ext}`);
  }
  await page.close();
  assert(!bad.length, bad.join('; '));
  return `${images.length} images, extension = dhash.py on all, = pc_vision_dhash on the ${hosts} opaque ones` +
    `${photos ? '' : ` (no photos: ${FACES} missing)`}: ${lines.join(', ')}`;
} });

// The options page's logo tool goes through the same code: its line for a
// pack's test logo must carry the hash the pack lists.
cases.push({ name: 'dhash-options-logo-tool-equals-packs', fn: async () => {
  const opt = await B.ctx.newPage();
  await opt.goto(`chrome-extension://${ids.chrome_extension_id}/options/options.html`);
  const out = [];
  for (const k of ['ala', 'alt', 'society', 'learning-alliance']) {
    const pack = JSON.parse(readFileSync(join(ROOT, 'host', 'policies', `${k}.json`), 'utf8'));
    const want = ((pack.settings || {}).logos || [])[0];
    assert(want && want.dhash, `${k}.json lists no logo hash`);
    await opt.evaluate(() => { document.getElementById('logo-line').textContent = ''; });
    await opt.setInputFiles('#logo', join(LOGOS, `${k}-test-logo.png`));
    await opt.waitForFunction(() => document.getElementById('logo-line').textContent !== '');
    const line = JSON.parse(await opt.textContent('#logo-line'));
    assert(line.dhash === want.dhash, `${k}: the options page's tool gives ${line.dhash}, the pack lists ${want.dhash}`);
    out.push(`${k} ${line.dhash}`);
  }
  await opt.close();
  return out.join(', ');
} });

const results = await runCases(cases);
await B.ctx.close();
server.close();
rmSync(tmp, { recursive: true, force: true });
const failed = results.filter((r) => !r.ok).length;
console.log(`dhash: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
