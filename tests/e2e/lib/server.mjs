// server.mjs: serves the fixture pages over HTTPS on 127.0.0.1 with a
// throw-away self-signed certificate. Chromium is started with
// --host-resolver-rules mapping x.com, www.facebook.com and www.linkedin.com
// to 127.0.0.1, so each fixture is served under the real site's name and the
// extension's real site adapters run on it.
import { createServer } from 'node:https';
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join, extname, normalize } from 'node:path';

export const SITES = {
  'x.com': 'x.html',
  'www.facebook.com': 'facebook.html',
  'www.linkedin.com': 'linkedin.html',
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

/** Starts the server; resolves with {port, close()}. */
export async function startServer(fixturesDir, tmpDir, port = 0) {
  const server = createServer(makeCert(tmpDir), (req, res) => {
    const url = new URL(req.url, 'https://h');
    const host = (req.headers.host || '').replace(/:\d+$/, '');
    let file;
    if (url.pathname === '/' || url.pathname === '/compose') {
      file = SITES[host] || 'generic.html';
    } else if (url.pathname.startsWith('/fixtures/')) {
      file = normalize(url.pathname.slice('/fixtures/'.length));
    }
    if (!file || file.startsWith('..')) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = readFileSync(join(fixturesDir, file));
      res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream',
        'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { port: server.address().port, close: () => server.close() };
}
