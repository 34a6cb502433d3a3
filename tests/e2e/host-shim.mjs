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
// one line each: "attachment<TAB>name<TAB>dhash" (never the text), and for
// each thumbnail the form it came in: "pixels<TAB>jpeg" or "pixels<TAB>rgb".
// With POSTCHECK_SHIM_HELLO_RGB_ONLY set, the host's hello reply loses its
// "pixels" list: the browser sees a host from before it read JPEG
// thumbnails (the frames the browser sends still reach the real host).
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { endianness } from 'node:os';

const [, , real, ...args] = process.argv;
const log = process.env.POSTCHECK_SHIM_LOG;
const delay = Number(process.env.POSTCHECK_SHIM_PIXELS_DELAY_MS || 0);
const attachments = !!process.env.POSTCHECK_SHIM_ATTACHMENTS;
const checkDelay = Number(process.env.POSTCHECK_SHIM_CHECK_DELAY_MS || 0);
const rgbOnly = !!process.env.POSTCHECK_SHIM_HELLO_RGB_ONLY;
const child = spawn(real, args, { stdio: ['pipe', rgbOnly ? 'pipe' : 'inherit', 'inherit'] });
const readU32 = (b) => (endianness() === 'LE' ? b.readUInt32LE(0) : b.readUInt32BE(0));
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
    return m.attachments.map((a) => `attachment\t${String(a.name).replace(/\s/g, ' ')}\t${a.dhash || ''}\n` +
      (a.pixels ? `pixels\t${typeof a.pixels.jpeg === 'string' ? 'jpeg' : 'rgb'}\n` : '')).join('');
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
if (rgbOnly) {
  // The host's frames, in order; a hello reply without its "pixels".
  let out = Buffer.alloc(0);
  child.stdout.on('data', (d) => {
    out = Buffer.concat([out, d]);
    while (out.length >= 4 && out.length >= 4 + readU32(out)) {
      const n = readU32(out);
      let frame = out.subarray(0, 4 + n);
      out = out.subarray(4 + n);
      try {
        const m = JSON.parse(frame.subarray(4).toString('utf8'));
        if (m.type === 'hello' && 'pixels' in m) {
          delete m.pixels;
          const body = Buffer.from(JSON.stringify(m));
          const len = Buffer.alloc(4);
          if (endianness() === 'LE') len.writeUInt32LE(body.length); else len.writeUInt32BE(body.length);
          frame = Buffer.concat([len, body]);
        }
      } catch { /* not JSON: passed on as it is */ }
      process.stdout.write(frame);
    }
  });
}
child.on('exit', (code) => process.exit(code ?? 1));
