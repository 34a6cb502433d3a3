// run.mjs: postcheck in a real headless Firefox ESR, driven over WebDriver
// BiDi. HOME must be a scratch folder in which `postcheck install --browser
// firefox` has written $HOME/.mozilla/native-messaging-hosts/<host>.json:
// that registration is the only way the extension can reach the host here.
//
// Steps: start Firefox with a fresh profile, install the extension as a
// temporary add-on (webExtension.install with a path), optionally give it
// managed settings ($HOME/.mozilla/managed-storage), then open a fixture
// composer under its real site name (https://x.com/...): requests to the
// fixture sites are intercepted over BiDi and answered by the Chromium
// tests' own fixture server (tests/e2e/lib/server.mjs, on 127.0.0.1), so
// nothing leaves the machine. Types a draft into the composer with real key
// events and waits until the page's CSS.highlights hold exactly the
// underlines of the whole draft's findings, as the host itself (`postcheck
// serve`, --host) gives them for the same pack and account: every finding
// with a span, on exactly its words, at its severity; not the first reply
// (to a prefix still being typed) nor a part of the findings.
//
// Usage: HOME=<scratch> node run.mjs --extension DIR --fixtures DIR --host POSTCHECK
//          --url https://x.com/?handle=H --composer SELECTOR --text TEXT [--managed JSON]
// The pack and the account are the managed settings' (`policy`,
// `officialHandles`) and the URL's `handle`.
// Prints PASS/FAIL lines; exits 0 only if every step passed.
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { launchFirefox, Bidi } from './bidi.mjs';
import { startServer, SITES } from '../lib/server.mjs';
import { startOracle } from '../lib/oracle.mjs';

function parseArgs(argv) {
  const out = { binary: process.env.PC_FIREFOX || 'firefox-esr' };
  for (let i = 0; i < argv.length; i += 2) {
    out[argv[i].replace(/^--/, '')] = argv[i + 1];
  }
  for (const k of ['extension', 'fixtures', 'url', 'composer', 'text', 'host', 'managed']) {
    if (!out[k]) {
      console.error(`run.mjs: missing --${k}`);
      process.exit(2);
    }
  }
  return out;
}

// Fetches one URL from the fixture server on 127.0.0.1:port, as the host
// the browser asked for. Resolves to {status, type, body (base64)}.
function fetchFixture(port, url) {
  return new Promise((resolve) => {
    const req = https.request({
      host: '127.0.0.1', port, path: url.pathname + url.search, method: 'GET',
      headers: { host: url.hostname }, rejectUnauthorized: false,
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode,
        type: res.headers['content-type'] || 'application/octet-stream',
        body: Buffer.concat(chunks).toString('base64') }));
    });
    req.on('error', () => resolve({ status: 502, type: 'text/plain', body: '' }));
    req.end();
  });
}

// Answers every request to the fixture sites from the fixture server.
function serveFixtures(bidi, port) {
  bidi.on('network.beforeRequestSent', async (p) => {
    if (!p.isBlocked) return;
    const url = new URL(p.request.url);
    const r = await fetchFixture(port, url);
    try {
      await bidi.send('network.provideResponse', {
        request: p.request.request, statusCode: r.status, reasonPhrase: r.status === 200 ? 'OK' : 'Error',
        headers: [{ name: 'content-type', value: { type: 'string', value: r.type } }],
        body: { type: 'base64', value: r.body },
      });
    } catch (e) {
      console.log(`     (could not answer ${url}: ${e.message})`);
    }
  });
  return bidi.send('network.addIntercept', {
    phases: ['beforeRequestSent'],
    urlPatterns: Object.keys(SITES).map((hostname) => ({ type: 'pattern', hostname })),
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(fn, ms) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await sleep(200);
  }
  return last;
}

/** The underlines the whole draft must get, sorted: `postcheck-SEVERITY:
 *  "words"` for each finding with a span, asked of the host directly. */
async function expectedMarks(a) {
  const settings = JSON.parse(a.managed);
  const handle = new URL(a.url).searchParams.get('handle') || '';
  const norm = (h) => String(h).replace(/^@+/, '').toLowerCase();
  const kind = (settings.officialHandles || []).some((h) => norm(h) === norm(handle)) ? 'official' : 'personal';
  const oracle = startOracle(a.host);
  try {
    const findings = await oracle.findings(settings.policy, kind, handle ? `@${handle}` : '',
      new URL(a.url).hostname, a.text);
    const marks = findings.filter((f) => f.start !== undefined)
      .map((f) => `postcheck-${f.severity}: ${JSON.stringify(a.text.slice(f.start, f.end))}`);
    return [...new Set(marks)].sort();
  } finally {
    oracle.close();
  }
}

async function main() {
  const a = parseArgs(process.argv.slice(2));
  const home = process.env.HOME;
  const profile = fs.mkdtempSync(path.join(home, 'ff-profile-'));
  // A fixed internal UUID, so that moz-extension:// URLs are predictable.
  const uuid = '0b5e2d7c-6f6a-4f0e-9a55-1c2d3e4f5a6b';
  const manifest = JSON.parse(fs.readFileSync(path.join(a.extension, 'manifest.json')));
  const geckoId = manifest.browser_specific_settings.gecko.id;
  fs.writeFileSync(path.join(profile, 'user.js'),
    `user_pref("extensions.webextensions.uuids", ${JSON.stringify(JSON.stringify({ [geckoId]: uuid }))});\n`);
  if (a.managed) {
    // Settings as an administrator would push them: Firefox's managed
    // storage manifest for the add-on, read by storage.managed.
    const dir = path.join(home, '.mozilla', 'managed-storage');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${geckoId}.json`), JSON.stringify({
      name: geckoId, description: 'postcheck test settings', type: 'storage',
      data: JSON.parse(a.managed),
    }, null, 2));
  }

  const expected = await expectedMarks(a);
  if (!expected.length) {
    console.log(`FAIL the host finds nothing to underline in ${JSON.stringify(a.text)}: choose a text it flags`);
    return false;
  }
  let ok = true;
  const server = await startServer(path.resolve(a.fixtures), fs.mkdtempSync(path.join(home, 'fixture-tls-')), 0);
  const ff = await launchFirefox({ binary: a.binary, profile, env: { ...process.env } });
  const bidi = await Bidi.connect(ff.url);
  try {
    await bidi.send('session.new', { capabilities: {} });
    const inst = await bidi.send('webExtension.install', {
      extensionData: { type: 'path', path: path.resolve(a.extension) },
    });
    console.log(`PASS Firefox installed the extension as a temporary add-on (${inst.extension})`);
    const tree = await bidi.send('browsingContext.getTree', {});
    const ctx = tree.contexts[0].context;

    await bidi.send('session.subscribe', { events: ['network.beforeRequestSent'] });
    await serveFixtures(bidi, server.port);
    const url = a.url;
    await bidi.send('browsingContext.navigate', { context: ctx, url, wait: 'complete' });
    const found = await bidi.click(ctx, a.composer);
    if (!found) {
      console.log(`FAIL no composer ${a.composer} on ${url}`);
      return false;
    }
    console.log(`PASS fixture composer loaded at ${url}`);
    await sleep(500); // let the content script find the composer
    await bidi.type(ctx, a.text);
    // The underlines of the whole draft, each on exactly its words (an
    // empty range draws nothing); the same ranges twice count once.
    const read = () => bidi.evaluate(ctx, `(() => {
      if (!globalThis.CSS || !CSS.highlights) return '[]';
      const out = new Set();
      for (const [name, h] of CSS.highlights) {
        for (const r of h) out.add(name + ': ' + JSON.stringify(r.toString()));
      }
      return JSON.stringify([...out].sort());
    })()`);
    const want = JSON.stringify(expected);
    let got = '[]';
    await waitFor(async () => {
      got = await read();
      return got === want;
    }, 20000);
    if (got === want) {
      console.log(`PASS the whole draft's findings are underlined (CSS.highlights): ${expected.join('; ')}`);
    } else {
      const text = await bidi.evaluate(ctx, `document.querySelector(${JSON.stringify(a.composer)}).textContent`);
      console.log(`FAIL within 20 s the underlines were ${JSON.parse(got).join('; ') || 'none'}; the host ` +
        `finds ${expected.join('; ')} (composer holds ${JSON.stringify(text)})`);
      ok = false;
    }
  } catch (e) {
    console.log(`FAIL ${e.message}`);
    ok = false;
  } finally {
    await bidi.send('session.end', {}).catch(() => {});
    bidi.close();
    ff.proc.kill();
    server.close();
  }
  return ok;
}

main().then((ok) => process.exit(ok ? 0 : 1), (e) => {
  console.log(`FAIL ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
