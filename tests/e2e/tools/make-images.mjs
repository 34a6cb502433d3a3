#!/usr/bin/env node
// make-images.mjs: draws the test images in fixtures/img (committed):
//   logo.png    a made-up "LLMAT" logo for the tests: a 9x8 mosaic of navy,
//               gold and white 20-pixel cells, no two side by side alike, so
//               any reasonable 9x8 resize gives the same dHash;
//   pupils.png  a stand-in "photo" (sky, field, figures) for the pupil tests;
//   other.png   an unrelated picture.
// Run: node tests/e2e/tools/make-images.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePng, paint } from '../lib/png.mjs';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'img');
const C = { N: [20, 40, 110, 255], G: [230, 180, 30, 255], W: [255, 255, 255, 255] };
const LOGO = [
  'WNWGNWNGW',
  'NGNWGNWNG',
  'WNGNWGNWN',
  'GWNWNWGNW',
  'NWGNGNWGN',
  'WGNWNGWNG',
  'NWNGWNGWN',
  'GNWNGWNGW',
];
const logo = paint(180, 160, (x, y) => C[LOGO[Math.floor(y / 20)][Math.floor(x / 20)]]);
writeFileSync(join(out, 'logo.png'), encodePng(180, 160, logo));

function person(px, py, x, y, shirt) {
  const dx = x - px;
  const dy = y - py;
  if (dx * dx + dy * dy < 14 * 14) return [240, 200, 170, 255];            // head
  if (Math.abs(dx) < 16 && dy > 14 && dy < 70) return shirt;               // body
  return null;
}
const pupils = paint(240, 160, (x, y) => {
  for (const [px, shirt] of [[50, [200, 30, 30, 255]], [120, [30, 90, 200, 255]],
    [190, [40, 150, 60, 255]]]) {
    const p = person(px, 60, x, y, shirt);
    if (p) return p;
  }
  return y < 90 ? [150 + y, 200, 250, 255] : [60, 140 + (x % 7), 60, 255];
});
writeFileSync(join(out, 'pupils.png'), encodePng(240, 160, pupils));

const other = paint(160, 120, (x, y) => [(x * 3) & 255, (y * 4) & 255, 128, 255]);
writeFileSync(join(out, 'other.png'), encodePng(160, 120, other));
console.log('wrote logo.png, pupils.png, other.png in', out);
