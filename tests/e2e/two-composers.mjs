#!/usr/bin/env node
// two-composers.mjs: two Draft.js editors on one x.com page (the home
// composer and a post's reply box, tests/e2e/engines x.html?reply=1), one
// session each, their underlines in the page's one set of Highlights. A
// person writes in one, then the other, edits before a finding in each,
// and one engine renders its text anew while the other has the focus: after
// each step every underline covers exactly a flagged word of its own
// editor, none is lost, none doubled, none empty.
//
// Usage: node tests/e2e/two-composers.mjs [--host PATH] [--extension DIR]
// Env: PC_HOST (the postcheck binary), PC_BUILD_DIR (its build folder).
// Needs tests/e2e/engines/dist (the e2e-chromium stage builds it).
import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, registerHost, setSettings, readIds } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { INIT } from './lib/page.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const ENG = join(HERE, 'engines');
const args = process.argv.slice(2);
const argOf = (k) => (args.includes(k) ? args[args.indexOf(k) + 1] : undefined);
const EXT = resolve(argOf('--extension') || join(ROOT, 'extension'));
const HOST = resolve(argOf('--host') || process.env.PC_HOST ||
  join(process.env.PC_BUILD_DIR ? resolve(ROOT, process.env.PC_BUILD_DIR) : join(ROOT, 'build'), 'postcheck'));
if (!existsSync(HOST)) throw new Error(`no postcheck binary at ${HOST} (build it, or pass --host)`);
if (!existsSync(join(ENG, 'dist', 'x.js'))) throw new Error('no tests/e2e/engines/dist: npm ci and node build.mjs there');

const PHONE = '07700 900123';
const EMAIL = 'jo.bloggs@gmail.com';
const HOME = '[data-testid="tweetTextarea_0"]';
const REPLY = '[data-testid="tweetTextarea_1"]';

const tmp = mkdtempSync(join(tmpdir(), 'postcheck-two-'));
const server = await startServer(join(HERE, 'fixtures'), tmp,
  { extra: [['/e/dist/', join(ENG, 'dist')], ['/e/', join(ENG, 'pages')]] });
const ids = readIds(ROOT);
const profile = join(tmp, 'profile');
registerHost(profile, ids, HOST);
const b = await launch(profile, EXT);

const results = [];
function report(name, ok, note) {
  results.push(ok);
  console.log(`${ok ? 'PASS' : 'FAIL'} two-composers/${name}: ${note}`);
}

/** Which editor each underline lies in, and its words. */
const marks = (page) => page.evaluate(([home, reply]) => {
  const out = [];
  for (const h of CSS.highlights.values()) {
    for (const r of h) {
      const el = r.startContainer.parentElement;
      const where = el && el.closest(home) ? 'home' : el && el.closest(reply) ? 'reply' : 'none';
      out.push(`${where}:${r.toString()}`);
    }
  }
  return out.sort();
}, [HOME, REPLY]);

/** Waits (up to 3 s) until the underlines are exactly want (sorted). */
async function exactly(page, want) {
  const w = JSON.stringify([...want].sort());
  let got = [];
  for (const t0 = Date.now(); Date.now() - t0 < 3000;) {
    got = await marks(page);
    if (JSON.stringify(got) === w) return { ok: true, got };
    await page.waitForTimeout(20);
  }
  return { ok: false, got };
}

const texts = (page) => page.evaluate(() => [window.__engineText(), window.__reply.text()]);

let page;
try {
  const p = await b.ctx.newPage(); // starts the host once
  await p.goto(`chrome-extension://${ids.chrome_extension_id}/popup/popup.html`);
  await p.waitForFunction(() => !/Checking/.test(document.getElementById('status').textContent));
  await setSettings(b.sw, { policy: 'llmat', officialHandles: ['@LLMAT'], personalMode: true,
    sites: { x: true } });
  await p.close();

  page = await b.ctx.newPage();
  await page.addInitScript(INIT);
  await page.goto(`https://x.com:${server.port}/e/x.html?reply=1`);
  await page.waitForFunction(() => typeof window.__reply === 'object');

  const steps = [
    ['home-then-reply', async () => {
      await page.click(HOME);
      await page.keyboard.type(`Call ${PHONE} today`, { delay: 10 });
      let r = await exactly(page, [`home:${PHONE}`]);
      if (!r.ok) return [false, `after typing in the home composer: ${JSON.stringify(r.got)}`];
      // The home composer's open panel lies over the left of the reply
      // box: a person clicks the part they see.
      await page.click(REPLY, { position: { x: 560, y: 10 } });
      await page.keyboard.type(`mail ${EMAIL} now`, { delay: 10 });
      r = await exactly(page, [`home:${PHONE}`, `reply:${EMAIL}`]);
      return [r.ok, r.ok ? 'each editor keeps its own underline' : JSON.stringify(r.got)];
    }],
    ['edit-before-each', async () => {
      await page.keyboard.press('Home');
      await page.keyboard.type('Hi, ', { delay: 10 });
      await page.click(HOME);
      await page.keyboard.press('Home');
      await page.keyboard.type('Team: ', { delay: 10 });
      const [a, c] = await texts(page);
      if (a !== `Team: Call ${PHONE} today` || c !== `Hi, mail ${EMAIL} now`) {
        return [false, `the engines hold ${JSON.stringify([a, c])}`];
      }
      const r = await exactly(page, [`home:${PHONE}`, `reply:${EMAIL}`]);
      return [r.ok, r.ok ? 'both moved with their own edits' : JSON.stringify(r.got)];
    }],
    ['other-rendered-anew', async () => {
      // The reply box renders its text anew while the home composer has
      // the focus: read at the first task after its mutations.
      const got = await page.evaluate(async ([home, reply]) => {
        const box = document.querySelector(reply);
        const seen = new Promise((resolve) => {
          const mo = new MutationObserver(() => { mo.disconnect(); setTimeout(resolve, 0); });
          mo.observe(box, { childList: true, subtree: true, characterData: true });
          setTimeout(resolve, 3000);
        });
        window.__reply.renderAgain();
        await seen;
        const out = [];
        for (const h of CSS.highlights.values()) for (const r of h) out.push(r.toString());
        return out.sort();
      }, [HOME, REPLY]);
      const ok = JSON.stringify(got) === JSON.stringify([PHONE, EMAIL].sort());
      return [ok, ok ? 'both underlines on their words at once' : JSON.stringify(got)];
    }],
  ];
  for (const [name, fn] of steps) {
    try {
      const [ok, note] = await fn();
      report(name, ok, note);
    } catch (e) {
      report(name, false, e.message.split('\n')[0]);
    }
  }
} finally {
  await b.ctx.close();
  server.close();
  rmSync(tmp, { recursive: true, force: true });
}
const failed = results.filter((ok) => !ok).length;
console.log(`two-composers: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
