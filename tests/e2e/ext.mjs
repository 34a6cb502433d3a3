#!/usr/bin/env node
// ext.mjs: browser tests of what a person meets with the extension (issue
// 13's bugs and controls, issue 14's hostile-page parts), each written to
// fail on the bug it covers. Same set-up as run.mjs: Debian's Chromium
// (headless) with the unpacked extension, the real postcheck host, fixture
// pages under the real site names.
//
// Usage: node tests/e2e/ext.mjs [--host PATH] [--extension DIR] [--only NAME,...]
// Env: PC_HOST (the postcheck binary), PC_BUILD_DIR (its build folder).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, underTest, launch, registerHost, wrapper, setSettings } from './lib/browser.mjs';
import { runCases } from './lib/cases.mjs';
import { startFixtures } from './lib/server.mjs';
import { INIT, waitFor, measure, panel, panelUntil, clickPanel, extensionReady } from './lib/page.mjs';
import { until, storageUntil } from './lib/wait.mjs';
import { cases as extCases, moreCases, controlCases } from './ext-cases.mjs';
import { perfCases } from './perf-cases.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const { EXT, HOST, ids } = underTest();
const OUT = join(HERE, 'out');

const { tmp, server } = await startFixtures('ext', [['/extension/', EXT]]);
mkdirSync(OUT, { recursive: true });
const url = (site, path = '', q = '') => `https://${site}:${server.port}/${path}${q}`;

/** A browser with its own profile whose host is hostPath (or none). */
async function browser(name, hostPath = HOST, extDir = EXT) {
  const profile = join(tmp, `profile-${name}`);
  if (hostPath) registerHost(profile, ids, hostPath);
  const b = await launch(profile, extDir);
  if (process.env.PC_DEBUG2) b.ctx.on('console', (m) => console.log(`${name}:`, m.text()));
  b.name = name;
  return b;
}

async function popupStatus(b, field = '#status') {
  const p = await b.ctx.newPage();
  await p.goto(`chrome-extension://${ids.chrome_extension_id}/popup/popup.html`);
  await p.waitForFunction(() => !/Checking/.test(document.getElementById('status').textContent));
  const status = await p.textContent(field);
  await p.close();
  return status;
}

/** Opens a fixture page on site after setting the extension's settings. */
async function open(b, site, { handle = '', path = '', settings, click = true, q = '' } = {}) {
  if (settings) await setSettings(b.sw, { sites: { x: true, facebook: true, linkedin: true }, ...settings });
  const page = await b.ctx.newPage();
  if (process.env.PC_DEBUG) page.on('console', (m) => console.log('page:', m.text()));
  await page.addInitScript(INIT);
  const query = handle ? `?handle=${encodeURIComponent(handle)}${q}` : (q ? `?${q.slice(1)}` : '');
  await page.goto(url(site, path, query));
  // The content script has its settings and took the editor up (with no
  // editor clicked, as on LinkedIn before its share box opens: is there).
  if (click) await page.click('[data-fixture-editor]');
  await extensionReady(page, { sessions: click ? 1 : 0 });
  return page;
}

/** Waits until the panel's text matches re (DevTools protocol): the
 *  panel, or null after timeout ms. */
const panelSays = (page, re, timeout = 3000) => panelUntil(page, (p) => re.test(p.text), timeout);

/** A host that passes frames to the real one, but exits on a check whose
 *  text holds KILLME, is stuck from a check that holds HANGME on (it
 *  answers nothing more, as a host busy with one request answers no other),
 *  and reports a rule cut short (`limited`) for a check that holds LIMITME. */
function flakyHost() {
  const js = join(tmp, 'flaky-host.mjs');
  writeFileSync(js, `
import { spawn } from 'node:child_process';
import { endianness } from 'node:os';
const child = spawn(process.argv[2], process.argv.slice(3), { stdio: ['pipe', 'pipe', 'inherit'] });
const LE = endianness() === 'LE';
let buf = Buffer.alloc(0);
let stuck = false;

process.stdin.on('data', (d) => {
  buf = Buffer.concat([buf, d]);
  while (buf.length >= 4) {
    const n = LE ? buf.readUInt32LE(0) : buf.readUInt32BE(0);
    if (buf.length < 4 + n) break;
    const frame = buf.subarray(0, 4 + n);
    const msg = JSON.parse(buf.subarray(4, 4 + n).toString('utf8'));
    buf = buf.subarray(4 + n);
    if (msg.type === 'check' && /KILLME/.test(msg.text)) process.exit(3);
    if (msg.type === 'check' && /HANGME/.test(msg.text)) stuck = true;
    if (msg.type === 'check' && /LIMITME/.test(msg.text)) limit.add(msg.id);
    if (!stuck) child.stdin.write(frame);
  }
});
const limit = new Set();
let out = Buffer.alloc(0);
child.stdout.on('data', (d) => {
  out = Buffer.concat([out, d]);
  while (out.length >= 4) {
    const n = LE ? out.readUInt32LE(0) : out.readUInt32BE(0);
    if (out.length < 4 + n) break;
    let frame = out.subarray(0, 4 + n);
    const msg = JSON.parse(out.subarray(4, 4 + n).toString('utf8'));
    out = out.subarray(4 + n);
    if (limit.has(msg.id)) {
      msg.limited = [{ rule: 'llmat.slow', why: 'time' }];
      const body = Buffer.from(JSON.stringify(msg));
      const len = Buffer.alloc(4);
      if (LE) len.writeUInt32LE(body.length); else len.writeUInt32BE(body.length);
      frame = Buffer.concat([len, body]);
    }
    process.stdout.write(frame);
  }
});
process.stdin.on('end', () => child.stdin.end());
child.on('exit', (code) => process.exit(code ?? 1));
`);
  return wrapper(join(tmp, 'flaky-host'), [process.execPath, js, HOST]);
}

const ctx = { assert, browser, open, panelSays, popupStatus, flakyHost, url, OUT, ROOT, HOST, EXT, ids, tmp,
  waitFor, measure, panel, panelUntil, clickPanel, until, storageUntil, extensionReady };

const cases = [...extCases(ctx), ...moreCases(ctx), ...controlCases(ctx), ...perfCases(ctx)];
let A = null;
ctx.shared = async () => {
  if (!A) {
    A = await browser('a');
    await popupStatus(A); // starts the host once
  }
  return A;
};
const results = await runCases(cases);
if (A) await A.ctx.close();
server.close();
rmSync(tmp, { recursive: true, force: true });
const failed = results.filter((r) => !r.ok).length;
console.log(`ext: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
