// chromium-installed.mjs: proves that the manifest written by
// `postcheck install --browser chromium` is the one Chromium uses.
//
// Runs real Chromium with its DEFAULT profile folder for the current HOME
// ($HOME/.config/chromium), so the only registration it can find is the
// user-level one that `postcheck install` wrote there (no profile-local
// manifest is made). Loads the extension, and from inside its service
// worker connects to the host by name and sends hello, then a check; asks
// the extension's own worker for its host status; and finally types a
// draft into the fixture X composer (the extension tests' fixture server,
// tests/e2e/lib/server.mjs, under the real name x.com) and waits for the
// finding to be underlined (CSS.highlights), as a user would see it.
//
// Usage: HOME=<scratch> node chromium-installed.mjs <extension dir> <host name>
// Prints what it checks; exits 0 only if the host answered both.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [extDir, hostName] = process.argv.slice(2);
if (!extDir || !hostName || !process.env.HOME) {
  console.error('usage: HOME=<scratch> node chromium-installed.mjs <extension dir> <host name>');
  process.exit(2);
}
const ext = path.resolve(extDir);
const profile = path.join(process.env.HOME, '.config', 'chromium');

// A draft that every organisation's policy treats as a problem: log-in
// details and a person's phone number and date of birth. Used only to see
// that findings come back through the installed registration.
const DRAFT = 'Staff wifi password is Tr0ub4dor&3. Call Tom Smith on 07700 900123, ' +
  'his date of birth is 12/03/1985.';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const E2E = path.resolve(HERE, '..', 'e2e');

// Starts the extension tests' fixture server when it exists; null if not.
async function fixtureServer() {
  const mod = path.join(E2E, 'lib', 'server.mjs');
  if (!fs.existsSync(mod)) return null;
  const { startServer, SITES } = await import(mod);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-install-tls-'));
  const server = await startServer(path.join(E2E, 'fixtures'), tmp, 0);
  return { server, sites: Object.keys(SITES) };
}

// Types the draft into the X fixture posting as @LLMAT (set as the official
// account, llmat pack) and waits for an underline. Returns true if seen.
async function underlined(ctx, sw, fx) {
  await sw.evaluate((v) => chrome.storage.sync.set(v),
    { policy: 'llmat', officialHandles: ['@LLMAT'], sites: { x: true, facebook: true, linkedin: true } });
  const page = await ctx.newPage();
  const url = `https://x.com:${fx.server.port}/?handle=LLMAT`;
  await page.goto(url);
  await page.click('[data-fixture-editor]');
  await page.waitForTimeout(150);
  await page.keyboard.type(DRAFT, { delay: 5 });
  const marks = await page.waitForFunction(() => {
    const out = [];
    for (const [name, h] of CSS.highlights) for (const r of h) out.push(`${name}: ${r.toString()}`);
    return out.length ? out : null;
  }, null, { timeout: 15000 }).then((h) => h.jsonValue(), () => null);
  await page.close();
  if (marks) {
    console.log(`PASS the extension underlined findings on ${url}: ${marks.join('; ')}`);
    return true;
  }
  console.log(`FAIL nothing underlined on ${url} within 15 s`);
  return false;
}

async function main() {
  const fx = await fixtureServer();
  const rules = fx ? [`--host-resolver-rules=${fx.sites.map((s) => `MAP ${s} 127.0.0.1`).join(',')}`,
    '--ignore-certificate-errors'] : [];
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.PC_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    ignoreHTTPSErrors: true,
    env: { ...process.env, HOME: process.env.HOME },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ...rules, `--disable-extensions-except=${ext}`, `--load-extension=${ext}`],
  });
  try {
    const sw = ctx.serviceWorkers()[0] ||
      await ctx.waitForEvent('serviceworker', { timeout: 15000 });
    const id = new URL(sw.url()).host;
    console.log(`extension loaded: chrome-extension://${id}/ (profile ${profile})`);
    const replies = await sw.evaluate(async ({ hostName, draft }) => {
      const api = globalThis.browser || globalThis.chrome;
      const port = api.runtime.connectNative(hostName);
      const waiting = new Map();
      let failure = null;
      port.onMessage.addListener((m) => {
        const w = waiting.get(m.id);
        if (w) { waiting.delete(m.id); w(m); }
      });
      port.onDisconnect.addListener(() => {
        const e = api.runtime.lastError || port.error;
        failure = (e && e.message) || 'disconnected';
        for (const w of waiting.values()) w({ type: 'disconnected', message: failure });
        waiting.clear();
      });
      const ask = (msg) => new Promise((resolve) => {
        if (failure) { resolve({ type: 'disconnected', message: failure }); return; }
        waiting.set(msg.id, resolve);
        port.postMessage(msg);
        setTimeout(() => { if (waiting.delete(msg.id)) resolve({ type: 'timeout' }); }, 10000);
      });
      const hello = await ask({ type: 'hello', protocol: 1, id: 1 });
      const policies = (hello.policies || []).map((p) => (typeof p === 'string' ? p : p.id));
      const results = [];
      for (const policy of policies) {
        results.push(await ask({ type: 'check', id: 2 + results.length, policy,
          account: { kind: 'official', handle: '@school' }, site: 'x.com',
          text: draft, attachments: [] }));
      }
      port.disconnect();
      return { hello, policies, results };
    }, { hostName, draft: DRAFT });

    let ok = true;
    const { hello, policies, results } = replies;
    if (hello.type === 'hello') {
      console.log(`PASS host replied to hello: protocol ${hello.protocol}, version ${hello.version}, policies ${policies.join(', ')}`);
    } else {
      console.log(`FAIL hello: ${JSON.stringify(hello)}`);
      ok = false;
    }
    if (policies.length === 0) {
      console.log('FAIL the host lists no policies, so nothing could be checked');
      ok = false;
    }
    let findings = 0;
    results.forEach((r, i) => {
      if (r.type !== 'result') {
        console.log(`FAIL check with ${policies[i]}: ${JSON.stringify(r)}`);
        ok = false;
        return;
      }
      findings += r.findings.length;
      console.log(`     check with ${policies[i]}: ${r.findings.length} findings` +
        ` (${[...new Set(r.findings.map((f) => f.category))].join(', ')})`);
    });
    if (results.length && findings === 0) {
      console.log('FAIL no policy found anything in a post giving out log-in details and personal data');
      ok = false;
    } else if (results.length) {
      console.log(`PASS the installed host returned ${findings} findings to the extension`);
    }
    // The extension's own connection: ask its service worker for the host's
    // status from one of its pages, as the popup does.
    const manifest = JSON.parse(fs.readFileSync(path.join(ext, 'manifest.json'), 'utf8'));
    const pageFile = (manifest.action && manifest.action.default_popup) ||
      (manifest.options_ui && manifest.options_ui.page);
    if (pageFile) {
      const page = await ctx.newPage();
      await page.goto(`chrome-extension://${id}/${pageFile}`);
      const st = await page.evaluate(() => new Promise((resolve) => {
        const api = globalThis.browser || globalThis.chrome;
        api.runtime.sendMessage({ type: globalThis.PostcheckMessages
          ? globalThis.PostcheckMessages.UI_BG_STATUS : 'ui-bg-status' }, resolve);
      }));
      const state = st && st.host ? st.host : {};
      if (state.code === 'ready') {
        console.log(`PASS the extension's own connection is ready (${JSON.stringify(state).slice(0, 160)})`);
      } else {
        console.log(`FAIL the extension's own connection: ${JSON.stringify(st).slice(0, 300)}`);
        ok = false;
      }
      await page.close();
    }
    if (!fx) {
      console.log('FAIL no fixture server (tests/e2e/lib/server.mjs) for the composer test');
      ok = false;
    } else if (!(await underlined(ctx, sw, fx))) {
      ok = false;
    }
    return ok;
  } finally {
    await ctx.close();
    if (fx) fx.server.close();
  }
}

main().then((ok) => process.exit(ok ? 0 : 1), (e) => {
  console.log(`FAIL ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
