#!/usr/bin/env node
// host-shim.mjs: sits between the browser and the real host in a test
// profile and counts the frames the browser sends, by type, into the file
// named by POSTCHECK_SHIM_LOG (one line per frame: the type only, never the
// text), and the real host's pid as "pid N". Frames pass through unchanged
// in both directions.
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { endianness } from 'node:os';

const [, , real, ...args] = process.argv;
const log = process.env.POSTCHECK_SHIM_LOG;
const child = spawn(real, args, { stdio: ['pipe', 'inherit', 'inherit'] });
// The real host's pid, so a test can stop it and watch the extension reconnect.
if (log) appendFileSync(log, `pid ${child.pid}\n`);
let buf = Buffer.alloc(0);
process.stdin.on('data', (d) => {
  child.stdin.write(d);
  buf = Buffer.concat([buf, d]);
  while (buf.length >= 4) {
    const n = endianness() === 'LE' ? buf.readUInt32LE(0) : buf.readUInt32BE(0);
    if (buf.length < 4 + n) break;
    let type = '?';
    try { type = String(JSON.parse(buf.subarray(4, 4 + n).toString('utf8')).type); } catch { /* counted as ? */ }
    if (log) appendFileSync(log, type + '\n');
    buf = buf.subarray(4 + n);
  }
});
process.stdin.on('end', () => child.stdin.end());
child.on('exit', (code) => process.exit(code ?? 1));
