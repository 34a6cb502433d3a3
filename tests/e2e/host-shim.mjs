#!/usr/bin/env node
// host-shim.mjs: sits between the browser and the real host in a test
// profile and counts the frames the browser sends, by type, into the file
// named by POSTCHECK_SHIM_LOG (one line per frame: the type only, never the
// text; "check+pixels" for a check carrying an image's pixels), and the real
// host's pid as "pid N". Frames pass through unchanged and in order in both
// directions. With POSTCHECK_SHIM_PIXELS_DELAY_MS set, a check carrying
// pixels (and every frame behind it) reaches the host that much later: a
// host busy that long with an image on a loaded machine;
// POSTCHECK_SHIM_CHECK_DELAY_MS does the same to every check. With
// POSTCHECK_SHIM_ATTACHMENTS set, each check's attachments are logged too,
// one line each: "attachment<TAB>name<TAB>dhash" (never the text).
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { endianness } from 'node:os';

const [, , real, ...args] = process.argv;
const log = process.env.POSTCHECK_SHIM_LOG;
const delay = Number(process.env.POSTCHECK_SHIM_PIXELS_DELAY_MS || 0);
const attachments = !!process.env.POSTCHECK_SHIM_ATTACHMENTS;
const checkDelay = Number(process.env.POSTCHECK_SHIM_CHECK_DELAY_MS || 0);
const child = spawn(real, args, { stdio: ['pipe', 'inherit', 'inherit'] });
// The real host's pid, so a test can stop it and watch the extension reconnect.
if (log) appendFileSync(log, `pid ${child.pid}\n`);

/** The frame's type as logged: its `type`, "?" when it is not JSON. */
function typeOf(body) {
  try {
    const m = JSON.parse(body.toString('utf8'));
    const pixels = Array.isArray(m.attachments) && m.attachments.some((a) => a && a.pixels);
    return String(m.type) + (pixels ? '+pixels' : '');
  } catch {
    return '?';
  }
}

/** "attachment<TAB>name<TAB>dhash" lines for a check's attachments. */
function attachmentLines(body) {
  try {
    const m = JSON.parse(body.toString('utf8'));
    if (m.type !== 'check' || !Array.isArray(m.attachments)) return '';
    return m.attachments.map((a) => `attachment\t${String(a.name).replace(/\s/g, ' ')}\t${a.dhash || ''}\n`).join('');
  } catch {
    return '';
  }
}

let buf = Buffer.alloc(0);
let queue = Promise.resolve(); // frames go to the host in the order they came
process.stdin.on('data', (d) => {
  buf = Buffer.concat([buf, d]);
  while (buf.length >= 4) {
    const n = endianness() === 'LE' ? buf.readUInt32LE(0) : buf.readUInt32BE(0);
    if (buf.length < 4 + n) break;
    const frame = buf.subarray(0, 4 + n);
    const type = typeOf(frame.subarray(4));
    if (log) appendFileSync(log, type + '\n' + (attachments ? attachmentLines(frame.subarray(4)) : ''));
    const wait = Math.max(delay && type === 'check+pixels' ? delay : 0,
      checkDelay && type.startsWith('check') ? checkDelay : 0);
    queue = queue.then(() => new Promise((r) => setTimeout(r, wait))).then(() => child.stdin.write(frame));
    buf = buf.subarray(4 + n);
  }
});
process.stdin.on('end', () => queue.then(() => child.stdin.end()));
child.on('exit', (code) => process.exit(code ?? 1));
