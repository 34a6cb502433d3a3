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
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { underTest, launch, registerHost, setSettings } from './lib/browser.mjs';
import { startFixtures } from './lib/server.mjs';
import { enginePaths } from './engines/pages.mjs';
import { INIT } from './lib/page.mjs';
import { until } from './lib/wait.mjs';

const { EXT, HOST, ids } = underTest();

const PHONE = '07700 900123';
const EMAIL = 'jo.bloggs@gmail.com';
const HOME = '[data-testid="tweetTextarea_0"]';
const REPLY = '[data-testid="tweetTextarea_1"]';

const { tmp, server } = await startFixtures('two', enginePaths());
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

/**
 * What a person sees of the two editors with the panels shown: each shown
 * panel's box (the page sees its host element's geometry), and the points
 * of each editor (its centre and four points inset 6 px from its corners)
 * where the topmost element is not the editor itself. Empty `hidden`: no
 * panel hides any part of either editor.
 */
const cover = (page) => page.evaluate(([home, reply]) => {
  const panels = [...document.querySelectorAll('[data-postcheck-ui]')]
    .filter((el) => el.style.display !== 'none').map((el) => el.getBoundingClientRect());
  const hidden = [];
  for (const [name, sel] of [['home', home], ['reply', reply]]) {
    const ed = document.querySelector(sel);
    const r = ed.getBoundingClientRect();
    const pts = [[r.left + r.width / 2, r.top + r.height / 2], [r.left + 6, r.top + 6],
      [r.right - 6, r.top + 6], [r.left + 6, r.bottom - 6], [r.right - 6, r.bottom - 6]];
    for (const [x, y] of pts) {
      const top = document.elementFromPoint(x, y);
      if (!top || !ed.contains(top)) hidden.push(`${name}@${Math.round(x)},${Math.round(y)}`);
    }
    for (const p of panels) {
      if (p.left < r.right && p.right > r.left && p.top < r.bottom && p.bottom > r.top) {
        hidden.push(`${name} under a panel at ${Math.round(p.left)},${Math.round(p.top)} ` +
          `${Math.round(p.width)}x${Math.round(p.height)}`);
      }
    }
  }
  return { panels: panels.length, hidden, at: panels.map((p) => `${Math.round(p.left)},${Math.round(p.top)} ${Math.round(p.width)}x${Math.round(p.height)}`) };
}, [HOME, REPLY]);

/** cover(page) once a panel is shown and none hides an editor, or as it
 *  is after 3 s. */
async function placed() {
  let c;
  try {
    await until(async () => (c = await cover(page)).panels > 0 && !c.hidden.length, 'placed', 3000);
  } catch {
    // c is what it was at the end: the caller says what is hidden.
  }
  return c;
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
      // The home composer's panel is open beside it; it must leave the
      // reply box below in sight, and a click in its middle reach it. It
      // is placed at an animation frame: waited for, up to 3 s.
      const c = await placed();
      if (!c.panels || c.hidden.length) {
        return [false, `${c.panels} panels shown; hidden: ${c.hidden.join('; ')}`];
      }
      await page.click(REPLY);
      await page.keyboard.type(`mail ${EMAIL} now`, { delay: 10 });
      r = await exactly(page, [`home:${PHONE}`, `reply:${EMAIL}`]);
      return [r.ok, r.ok ? `each editor keeps its own underline; the home panel (${c.at[0]}) hid ` +
        'no part of the reply box' : JSON.stringify(r.got)];
    }],
    ['panels-hide-no-editor', async () => {
      // Now the reply box's panel is open (the home one folded): neither
      // hides any part of either editor.
      const c = await placed();
      const ok = c.panels > 0 && !c.hidden.length;
      return [ok, ok ? `${c.panels} panels shown (${c.at.join('; ')}), neither editor hidden`
        : `${c.panels} panels shown; hidden: ${c.hidden.join('; ')}`];
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
