// oracle.mjs: asks the real host directly (`postcheck serve` on a pipe)
// what it finds in a draft, so a test knows at which keystroke a problem is
// complete without hard-coding the packs' rules.
import { spawn } from 'node:child_process';
import { endianness } from 'node:os';

const LE = endianness() === 'LE';

export function startOracle(hostPath) {
  const p = spawn(hostPath, ['serve'], { stdio: ['pipe', 'pipe', 'ignore'] });
  let buf = Buffer.alloc(0);
  let nextId = 1;
  const waiting = new Map();
  p.stdout.on('data', (d) => {
    buf = Buffer.concat([buf, d]);
    while (buf.length >= 4) {
      const n = LE ? buf.readUInt32LE(0) : buf.readUInt32BE(0);
      if (buf.length < 4 + n) break;
      const msg = JSON.parse(buf.subarray(4, 4 + n).toString('utf8'));
      buf = buf.subarray(4 + n);
      const w = waiting.get(msg.id);
      if (w) { waiting.delete(msg.id); w(msg); }
    }
  });
  const ask = (msg) => new Promise((resolve) => {
    const id = nextId++;
    waiting.set(id, resolve);
    const body = Buffer.from(JSON.stringify({ ...msg, id }));
    const len = Buffer.alloc(4);
    if (LE) len.writeUInt32LE(body.length); else len.writeUInt32BE(body.length);
    p.stdin.write(Buffer.concat([len, body]));
  });
  return {
    ask,
    /** Findings for a draft, as the extension would ask for them. */
    async findings(policy, kind, handle, site, text, attachments = []) {
      const r = await ask({ type: 'check', policy, account: { kind, handle }, site, text,
        attachments, now: localIso() });
      return r.findings || [];
    },
    close: () => p.stdin.end(),
  };
}

export function localIso(d = new Date()) {
  const pad = (n) => String(Math.abs(n)).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:` +
    `${pad(d.getMinutes())}:${pad(d.getSeconds())}${off >= 0 ? '+' : '-'}` +
    `${pad(Math.trunc(off / 60))}:${pad(off % 60)}`;
}
