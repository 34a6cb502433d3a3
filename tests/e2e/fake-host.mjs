#!/usr/bin/env node
// fake-host.mjs: a stand-in for `postcheck serve` while the real host was
// being written; speaks the same framing (4-byte native-endian length +
// JSON) and protocol 1, with a few crude rules. The final tests use the
// real binary; this stays for debugging the extension without a build
// (run.mjs --fake-host).
const LOGO = '4ba552a9942db65b';
const PACKS = {
  llmat: { id: 'llmat', name: 'LLMAT (fake)', org: /\bllmat\b/gi, disclaimer: /views are my own/i },
  ala: { id: 'ala', name: 'ALA (fake)', org: /\bala\b/gi, disclaimer: /do not represent/i },
};

function hamming(a, b) {
  let x = BigInt('0x' + a) ^ BigInt('0x' + b);
  let n = 0;
  while (x) { n += Number(x & 1n); x >>= 1n; }
  return n;
}

function check(req) {
  const pack = PACKS[req.policy];
  if (!pack) return { type: 'error', id: req.id, code: 'unknown-policy', message: 'no such pack' };
  const text = String(req.text || '');
  const findings = [];
  const f = (o) => findings.push({ clause: `${pack.id.toUpperCase()} 1`, quote: 'fake', ...o });
  if (!pack.disclaimer.test(text)) {
    for (const m of text.matchAll(pack.org)) {
      f({ rule: `${pack.id}.disclaimer`, category: 'disclaimer', severity: 'error',
        message: 'Add a disclaimer.', start: m.index, end: m.index + m[0].length,
        suggestion: 'Views are my own.' });
    }
  }
  for (const m of text.matchAll(/[\w.+-]+@[\w-]+\.[\w.]+/g)) {
    f({ rule: `${pack.id}.personal-data`, category: 'personal-data', severity: 'error',
      message: 'Personal data.', start: m.index, end: m.index + m[0].length });
  }
  (req.attachments || []).forEach((a, i) => {
    if (pack.id === 'llmat' && a.dhash && hamming(a.dhash, LOGO) <= 10) {
      f({ rule: 'llmat.logo', category: 'logo', severity: 'error', message: 'Logo.', attachment: i });
    }
    if (/pupil|child/i.test(text + a.alt + a.name)) {
      f({ rule: `${pack.id}.pupil-image`, category: 'pupil-image', severity: 'error',
        message: 'Pupil photo.', attachment: i });
    }
  });
  return { type: 'result', id: req.id, policy: pack.id, findings, elapsed_us: 1, truncated: false };
}

function reply(msg) {
  const body = Buffer.from(JSON.stringify(msg));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(body.length);
  process.stdout.write(Buffer.concat([len, body]));
}

function handle(req) {
  if (req.type === 'hello') {
    const policies = Object.values(PACKS).map((p) => ({ id: p.id, name: p.name }));
    return { type: 'hello', id: req.id, protocol: 1, version: 'fake-0', policies };
  }
  if (req.type === 'policies') return { type: 'policies', id: req.id, policies: [] };
  if (req.type === 'check') return check(req);
  return { type: 'error', id: req.id, code: 'bad-request', message: 'unknown type' };
}

let buf = Buffer.alloc(0);
process.stdin.on('data', (d) => {
  buf = Buffer.concat([buf, d]);
  while (buf.length >= 4) {
    const n = buf.readUInt32LE(0);
    if (buf.length < 4 + n) break;
    const req = JSON.parse(buf.subarray(4, 4 + n).toString('utf8'));
    buf = buf.subarray(4 + n);
    reply(handle(req));
  }
});
process.stdin.on('end', () => process.exit(0));
