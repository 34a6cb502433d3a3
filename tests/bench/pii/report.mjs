// report.mjs: postcheck and the peers (redact-pii, @redactpii/node) on
// the generated personal-data set (gen.mjs): recall and precision per
// entity type and per locale.
//
// A sentence counts as flagged when postcheck reports a personal-data
// finding in it (through `postcheck serve`, pack `ala`, a personal
// account), or when a peer changes (redacts) anything in it. Every
// sentence carries at most one piece of personal data, so for an entity
// type: recall = flagged positives / positives; precision = flagged
// positives / (flagged positives + flagged look-alikes of that type).
//
// Usage: node report.mjs POSTCHECK-BINARY [PER-TYPE] [SEED]
// Environment: PC_PII_MISSES=TYPE prints postcheck's misses and false
// alarms of that type (for development; the set is generated, so this
// shows what formats fail, not sentences to tune to).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, LOCALES, TYPES } from './gen.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const peersDir = join(here, '..', 'peers');
const { Host } = await import(join(peersDir, 'host.mjs'));
const require = createRequire(join(peersDir, 'package.json'));
const { SyncRedactor } = require('redact-pii');
const { Redactor } = await import(require.resolve('@redactpii/node'));

const [binary, perArg, seedArg] = process.argv.slice(2);
const posts = generate(Number(perArg) || 30, Number(seedArg) || 20261203);

async function postcheck(host) {
  const flags = [];
  for (let i = 0; i < posts.length; i++) {
    const r = await host.ask({
      type: 'check', id: i, policy: 'ala', account: { kind: 'personal' }, site: 'x.com', text: posts[i].text,
    });
    if (r.type !== 'result') throw new Error(`${posts[i].id}: ${JSON.stringify(r)}`);
    flags.push(r.findings.some((x) => x.category === 'personal-data'));
  }
  return flags;
}

function tally(flags, keep) {
  let tp = 0; let fp = 0; let fn = 0;
  posts.forEach((p, i) => {
    if (!keep(p)) return;
    if (p.pd && flags[i]) tp++;
    else if (flags[i]) fp++;
    else if (p.pd) fn++;
  });
  const rec = tp + fn ? tp / (tp + fn) : 1;
  const prec = tp + fp ? tp / (tp + fp) : 1;
  return { rec, prec, n: tp + fn, tp };
}

const cell = (t) => `${t.rec.toFixed(2)} ${t.prec.toFixed(2)}`;

function table(title, keys, keyOf, tools) {
  console.log(`\n${title}: recall precision`);
  console.log(`${''.padEnd(9)} ${'pos'.padStart(4)}  ${tools.map((t) => t.name.padEnd(16)).join(' ')}`);
  const all = [...keys, 'all'];
  for (const k of all) {
    const keep = k === 'all' ? () => true : (p) => keyOf(p) === k;
    const cells = tools.map((t) => tally(t.flags, keep));
    console.log(`${k.padEnd(9)} ${String(cells[0].n).padStart(4)}  ${cells.map((c) => cell(c).padEnd(16)).join(' ')}`);
  }
}

async function main() {
  const host = new Host(binary);
  const pc = await postcheck(host);
  host.close();
  const rp = new SyncRedactor();
  const rn = new Redactor();
  const tools = [
    { name: 'postcheck', flags: pc },
    { name: 'redact-pii 3.4', flags: posts.map((p) => rp.redact(p.text) !== p.text) },
    { name: '@redactpii/node', flags: posts.map((p) => rn.redact(p.text) !== p.text) },
  ];
  console.log(`Generated set: ${posts.length} sentences, ${posts.filter((p) => p.pd).length} with personal data, `
    + `${LOCALES.length} locales (@faker-js/faker, seeded)`);
  table('Per entity type', TYPES, (p) => p.type, tools);
  table('Per locale', LOCALES, (p) => p.locale, tools);
  // Every entity type in every locale: the cells under 0.97 (postcheck).
  const low = [];
  for (const type of TYPES) {
    for (const locale of LOCALES) {
      const t = tally(pc, (p) => p.type === type && p.locale === locale);
      if (t.n && (t.rec < 0.97 || t.prec < 0.97)) low.push(`${type}/${locale} ${t.tp}/${t.n} ${t.prec.toFixed(2)}`);
    }
  }
  console.log(`\npostcheck, entity type x locale cells under 0.97 (found/positives, precision): `
    + `${low.length ? low.join(', ') : 'none'}`);
  const want = process.env.PC_PII_MISSES;
  if (want) {
    posts.forEach((p, i) => {
      if (p.type === want && p.pd !== pc[i]) console.log(`${p.pd ? 'MISS' : 'FALSE'} ${p.locale} ${JSON.stringify(p.text)}`);
    });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
