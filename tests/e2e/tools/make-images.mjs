#!/usr/bin/env node
// make-images.mjs: draws the test images in fixtures/img (committed):
//   pupils.png  a stand-in "photo" (sky, field, figures) for the pupil tests.
// The logo test uses the packs' own test logo
// (host/policies/tools/logos/llmat-test-logo.png), whose dHash the llmat
// pack lists.
// Run: node tests/e2e/tools/make-images.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePng, paint } from '../lib/png.mjs';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'img');
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

console.log('wrote pupils.png in', out);
