// browser.mjs: starts Debian's Chromium with the unpacked extension in a
// fresh profile (see docs in ../README or shared BROWSER notes), registers
// the native host for that profile only, and gives the tests small helpers.
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync, chmodSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SITES } from './server.mjs';

export const CHROMIUM = process.env.PC_CHROMIUM || '/usr/bin/chromium';
/** The repository's root folder. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The value after flag k on the command line (`--host PATH`), or undefined. */
export function argOf(k, argv = process.argv.slice(2)) {
  const i = argv.indexOf(k);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** The postcheck binary the tests run: `--host PATH`, else $PC_HOST, else
 *  postcheck in $PC_BUILD_DIR (relative to the root) or build/. Absolute. */
export function hostPath() {
  const build = process.env.PC_BUILD_DIR ? resolve(ROOT, process.env.PC_BUILD_DIR) : join(ROOT, 'build');
  return resolve(argOf('--host') || process.env.PC_HOST || join(build, 'postcheck'));
}

/** hostPath(), which must be built: throws, saying so, where it is not. */
export function builtHost() {
  const host = hostPath();
  if (!existsSync(host)) throw new Error(`no postcheck binary at ${host} (build it, or pass --host)`);
  return host;
}

/** What a browser test runs: the extension folder (extensionDir()), the
 *  built host (builtHost()) and their ids (readIds). */
export function underTest() {
  return { EXT: extensionDir(), HOST: builtHost(), ids: readIds(ROOT) };
}

/** The extension folder the tests load: `--extension DIR`, else extension/. */
export function extensionDir() {
  return resolve(argOf('--extension') || join(ROOT, 'extension'));
}

/**
 * Writes <profile>/NativeMessagingHosts/<host_name>.json pointing at
 * hostPath (absolute), allowing only our extension id.
 */
export function registerHost(profileDir, ids, hostPath) {
  const dir = join(profileDir, 'NativeMessagingHosts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${ids.host_name}.json`), JSON.stringify({
    name: ids.host_name,
    description: ids.description,
    path: hostPath,
    type: 'stdio',
    allowed_origins: [`chrome-extension://${ids.chrome_extension_id}/`],
  }, null, 2));
}

/** A shell wrapper that runs cmd (array) with env; returns its path. */
export function wrapper(path, cmd, env = {}) {
  const q = (s) => `'${String(s).replace(/'/g, "'\\''")}'`;
  const exports = Object.entries(env).map(([k, v]) => `export ${k}=${q(v)}\n`).join('');
  writeFileSync(path, `#!/bin/sh\n${exports}exec ${cmd.map(q).join(' ')} "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}

/** env: more environment for the browser (and so for the hosts it starts). */
export async function launch(profileDir, extDir, { env = {} } = {}) {
  const rules = Object.keys(SITES).map((s) => `MAP ${s} 127.0.0.1`).join(',');
  const ctx = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    env: { ...process.env, ...env },
    headless: true,
    viewport: { width: 1200, height: 700 },
    ignoreHTTPSErrors: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--host-resolver-rules=${rules}`, '--ignore-certificate-errors',
      `--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`],
  });
  let sw = ctx.serviceWorkers()[0];
  if (!sw) sw = await ctx.waitForEvent('serviceworker', { timeout: 15000 });
  return { ctx, sw };
}

/** Sets the extension's settings (storage.sync) from inside its worker. */
export async function setSettings(sw, values) {
  await sw.evaluate((v) => chrome.storage.sync.set(v), values);
}

export function readIds(root) {
  return JSON.parse(readFileSync(join(root, 'manifests', 'ids.json'), 'utf8'));
}

/** A TZ (Etc/GMT-N) in which the local time now is 21:xx, outside every
 *  pack's working hours, so a personal draft gets no working-hours
 *  warning and a test sees only what it is about. */
export function eveningTZ(now = new Date()) {
  let h = 21 - now.getUTCHours();
  if (h < -12) h += 24;
  if (h > 14) h -= 24;
  return h === 0 ? 'Etc/GMT' : `Etc/GMT${h > 0 ? '-' : '+'}${Math.abs(h)}`;
}
