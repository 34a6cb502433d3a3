#!/usr/bin/env node
// controls.mjs: browser tests of the controls a pack gives (issue 13 part
// 5): the pack's allow list (the organisation's own published phone
// number, email, address, handle and web address are never underlined,
// other numbers are) and each rule's `ignorable` ("Never for this phrase"
// offered only where the pack allows it, and a phrase ignored before
// flagged again once the pack forbids ignoring it). Same set-up as ext.mjs:
// Debian's Chromium (headless) with the unpacked extension and the real
// postcheck host, here serving the test pack tests/cases/allow/acme.json
// as a user pack.
//
// Usage: node tests/e2e/controls.mjs [--host PATH] [--only NAME,...]
// Env: PC_HOST (the postcheck binary), PC_BUILD_DIR (its build folder).
import assert from 'node:assert/strict';
import { mkdirSync, copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, underTest, launch, registerHost, wrapper, setSettings } from './lib/browser.mjs';
import { runCases } from './lib/cases.mjs';
import { startFixtures } from './lib/server.mjs';
import { INIT, waitFor, clickPanel, extensionReady } from './lib/page.mjs';

const { EXT, HOST, ids } = underTest();

const { tmp, server } = await startFixtures('controls', [['/extension/', EXT]]);

// The host reads the test pack as a user pack ($XDG_CONFIG_HOME/postcheck/
// policies), as an organisation's own pack would be read.
const xdg = join(tmp, 'xdg');
mkdirSync(join(xdg, 'postcheck', 'policies'), { recursive: true, mode: 0o755 });
copyFileSync(join(ROOT, 'tests', 'cases', 'allow', 'acme.json'), join(xdg, 'postcheck', 'policies', 'acme.json'));
const profile = join(tmp, 'profile');
registerHost(profile, ids, wrapper(join(tmp, 'host'), [HOST], { XDG_CONFIG_HOME: xdg }));
const b = await launch(profile, EXT);
const settings = { sites: { x: true, facebook: true, linkedin: true }, policy: 'acme',
  officialHandles: ['@AcmeTrust'], personalMode: false, allowList: [] };

async function open() {
  await setSettings(b.sw, settings);
  const page = await b.ctx.newPage();
  await page.addInitScript(INIT);
  await page.goto(`https://x.com:${server.port}/?handle=AcmeTrust`);
  await page.click('[data-fixture-editor]');
  await extensionReady(page); // the content script has its settings and took the editor up
  return page;
}

/** The panel's entries (closed shadow root, through the DevTools
 *  protocol): each listed rule with the data-act of its buttons. */
async function entries(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const out = [];
    const attr = (n, k) => {
      const a = n.attributes || [];
      for (let i = 0; i < a.length; i += 2) if (a[i] === k) return a[i + 1];
      return null;
    };
    const walk = (n, fn) => {
      fn(n);
      for (const c of [...(n.children || []), ...(n.shadowRoots || [])]) walk(c, fn);
    };
    walk(root, (n) => {
      if (n.nodeName !== 'LI' || attr(n, 'data-rule') === null) return;
      const acts = [];
      walk(n, (m) => { if (m.nodeName === 'BUTTON') acts.push(attr(m, 'data-act')); });
      out.push({ rule: attr(n, 'data-rule'), acts });
    });
    return out;
  } finally {
    await cdp.detach();
  }
}

const marks = (page) => page.evaluate(() => window.__pc.highlights().map((h) => h.text));
const POST = 'Ring 020 7946 0000 or 07700 900123, thanks @AcmeTrust and @sam_smith, ' +
  'see https://www.acme-trust.example.org/contact/ or https://elsewhere.example.net/x and top secret';

const cases = [];
const test = (name, fn) => cases.push({ name, fn });

test('pack-allow-list', async () => {
  const page = await open();
  await page.keyboard.type(POST, { delay: 3 });
  assert((await waitFor(page, { range: '07700 900123' }, 4000)).ok, 'another phone number not underlined');
  assert((await waitFor(page, { range: 'https://elsewhere.example.net/x' }, 2000)).ok,
    `another link not underlined: ${(await marks(page)).join(' | ')}`);
  const m = await marks(page);
  for (const allowed of ['020 7946 0000', '@AcmeTrust', 'https://www.acme-trust.example.org/contact/']) {
    assert(!m.includes(allowed), `the pack's own ${allowed} underlined: ${m.join(' | ')}`);
  }
  assert(m.includes('@sam_smith'), `another handle not underlined: ${m.join(' | ')}`);
  await page.close();
  return `the pack's number, handle and address not underlined; underlined: ${m.join(', ')}`;
});

test('pack-ignorable', async () => {
  await b.sw.evaluate(() => chrome.storage.local.remove('ignoredPhrases'));
  let page = await open();
  await page.keyboard.type(POST, { delay: 3 });
  assert((await waitFor(page, { range: 'top secret' }, 4000)).ok, 'top secret not underlined');
  const e = await entries(page);
  const never = (rule) => {
    const x = e.find((y) => y.rule === rule);
    assert(x, `no entry for ${rule}: ${JSON.stringify(e)}`);
    return x.acts.includes('never');
  };
  // The pack: tagging is a warning it forbids ignoring; personal data an
  // error (not ignorable by default); links a note (ignorable by
  // default); "top secret" an error it lets users ignore.
  assert(!never('acme.tagging'), '"never" offered on a warning the pack forbids ignoring');
  assert(!never('acme.personal-data'), '"never" offered on an error');
  assert(never('acme.links'), '"never" not offered on a note');
  assert(never('acme.secret'), '"never" not offered on an error the pack lets users ignore');
  // Ignore "top secret": gone, and gone in the next draft.
  const idx = e.filter((x) => x.acts.includes('never')).findIndex((x) => x.rule === 'acme.secret');
  await clickPanel(page, 'never', idx);
  assert((await waitFor(page, { noRange: 'top secret' }, 3000)).ok, 'ignored phrase still underlined');
  await page.close();
  // A phrase stored for a rule the pack does not let users ignore (from
  // an older pack, or another version) is flagged all the same.
  await b.sw.evaluate(() => chrome.storage.local.get({ ignoredPhrases: [] }).then(({ ignoredPhrases }) =>
    chrome.storage.local.set({ ignoredPhrases: [...ignoredPhrases, { rule: 'acme.tagging', words: '@sam_smith' }] })));
  page = await open();
  await page.keyboard.type(POST, { delay: 3 });
  assert((await waitFor(page, { range: '@sam_smith' }, 4000)).ok,
    'a phrase of a rule the pack forbids ignoring was not flagged');
  assert(!(await marks(page)).includes('top secret'), 'ignored phrase flagged again in a new draft');
  await page.close();
  await b.sw.evaluate(() => chrome.storage.local.remove('ignoredPhrases'));
  return '"never" on the pack\'s ignorable rules only (a note, an error it allows), kept for the next draft; ' +
    'a stored phrase of a non-ignorable rule still flagged';
});

const results = await runCases(cases);
await b.ctx.close();
server.close();
rmSync(tmp, { recursive: true, force: true });
const failed = results.filter((r) => !r.ok).length;
console.log(`controls: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
