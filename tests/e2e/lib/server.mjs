// server.mjs: serves the fixture pages over HTTPS on 127.0.0.1 with a
// throw-away self-signed certificate. Chromium is started with
// --host-resolver-rules mapping x.com, www.facebook.com and www.linkedin.com
// to 127.0.0.1, so each fixture is served under the real site's name and the
// extension's real site adapters run on it.
import { createServer } from 'node:https';
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, extname, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SITES = {
  'x.com': 'x.html',
  'www.facebook.com': 'facebook.html',
  'www.linkedin.com': 'linkedin.html',
  'mastodon.social': 'generic.html', // a Mastodon instance (tests/e2e/engines)
  'www.instagram.com': 'instagram.html',
  'www.threads.net': 'threads.html',
  'bsky.app': 'bsky.html',
  'mastodon.example': 'mastodon.html',
};

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
  '.png': 'image/png' };

function makeCert(dir) {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  if (!existsSync(cert)) {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
      '-subj', '/CN=postcheck-fixtures', '-keyout', key, '-out', cert, '-addext',
      `subjectAltName=${Object.keys(SITES).map((s) => 'DNS:' + s).join(',')},IP:127.0.0.1`],
    { stdio: 'ignore' });
  }
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

/**
 * Starts the server; resolves with {port, close()}. extra: more
 * [URL prefix, folder] pairs, tried before /fixtures/.
 */
export async function startServer(fixturesDir, tmpDir, { port = 0, extra = [] } = {}) {
  // URL prefix -> folder; nothing outside these folders is served.
  const roots = [...extra, ['/fixtures/', fixturesDir]];
  const server = createServer(makeCert(tmpDir), (req, res) => {
    const url = new URL(req.url, 'https://h');
    const host = (req.headers.host || '').replace(/:\d+$/, '');
    let path = null;
    const root = roots.find(([prefix]) => url.pathname.startsWith(prefix));
    if (root) {
      const rel = normalize(decodeURIComponent(url.pathname.slice(root[0].length)));
      if (!rel.startsWith('..')) path = join(root[1], rel);
    } else if (/^[a-z-]+$/.test(url.searchParams.get('fixture') || '')) {
      path = join(fixturesDir, `${url.searchParams.get('fixture')}.html`); // that page, at this path
    } else if (url.pathname === '/' || url.pathname === '/compose' || SITES[host]) {
      // Any other path on a site's name is its composer page (/company/x/admin/ too).
      path = join(fixturesDir, SITES[host] || 'generic.html');
    }
    try {
      if (!path) throw new Error('not found');
      const body = readFileSync(path);
      res.writeHead(200, { 'content-type': TYPES[extname(path)] || 'application/octet-stream',
        'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { port: server.address().port, close: () => server.close() };
}

/** tests/e2e/fixtures: the fixture pages. */
export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/**
 * A scratch folder (postcheck-NAME-* in the temporary folder) and the
 * server of the fixture pages started with it; resolves with {tmp,
 * server}. extra: as startServer's.
 */
export async function startFixtures(name, extra = []) {
  const tmp = mkdtempSync(join(tmpdir(), `postcheck-${name}-`));
  return { tmp, server: await startServer(FIXTURES, tmp, { extra }) };
}
