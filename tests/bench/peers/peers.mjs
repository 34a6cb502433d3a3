// peers.mjs: postcheck beside other open-source checkers on the labelled
// corpus (tests/corpus/*.jsonl).
//
//  personal part (ids pd-*, pdn-*): postcheck's personal-data findings vs
//    redact-pii (SyncRedactor) and @redactpii/node (Redactor): a post counts
//    as flagged when the tool changes (redacts) anything in it.
//  harmful part (ids hm-*, hmn-*): postcheck's harassment findings vs alex
//    (any message) and obscenity (englishDataset, recommended transformers).
//
// Prints precision, recall, F1 and throughput (posts per second over
// `rounds` passes; postcheck's figure includes the framed round trip to a
// `postcheck serve` process, as the browser sees it).
//
// Usage: node peers.mjs POSTCHECK-BINARY CORPUS-DIR [rounds]
// Environment: PC_PEERS_FILTER (below).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { text as alexText } from 'alex';
import {
  RegExpMatcher, englishDataset, englishRecommendedTransformers,
} from 'obscenity';
import { Redactor } from '@redactpii/node';
import { Host } from './host.mjs';

const require = createRequire(import.meta.url);
const { SyncRedactor } = require('redact-pii');

const [binary, corpusDir, roundsArg] = process.argv.slice(2);
const rounds = Number(roundsArg || 20);
// PC_PEERS_FILTER: a regular expression on post ids, to compare on a part
// of the corpus (e.g. '-b[3-6]-' for the later, held-out batches).
const idFilter = new RegExp(process.env.PC_PEERS_FILTER || '');
// PC_PEERS_ALL=1: every post of the folder goes into both parts, scored
// by its labels (for a batch without the pd-/hm- id prefixes, such as the
// blind held-out batch: tests/corpus/heldout).
const allPosts = process.env.PC_PEERS_ALL === '1';

function loadPosts(prefixes) {
  const posts = [];
  for (const f of readdirSync(corpusDir).filter((n) => n.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(join(corpusDir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const p = JSON.parse(line);
      if ((allPosts || prefixes.some((x) => p.id.startsWith(x))) && idFilter.test(p.id)) posts.push(p);
    }
  }
  return posts;
}

function request(p, id) {
  const account = { kind: p.account };
  if (p.handle) account.handle = p.handle;
  const req = { type: 'check', id, policy: p.pack, account, site: 'x.com', text: p.text };
  if (p.attachments) req.attachments = p.attachments;
  if (p.now) req.now = p.now;
  return req;
}

function postcheckTool(host, category) {
  return async (p, id) => {
    const r = await host.ask(request(p, id));
    if (r.type !== 'result') throw new Error(`${p.id}: ${JSON.stringify(r)}`);
    return r.findings.some((f) => f.category === category);
  };
}

function score(name, posts, results, seconds) {
  let tp = 0; let fp = 0; let fn = 0;
  posts.forEach((p, i) => {
    const want = p.labels.includes(p._category);
    if (want && results[i]) tp++;
    else if (results[i]) fp++;
    else if (want) fn++;
  });
  const prec = tp + fp ? tp / (tp + fp) : 1;
  const rec = tp + fn ? tp / (tp + fn) : 1;
  const f1 = prec + rec ? (2 * prec * rec) / (prec + rec) : 0;
  return { name, tp, fp, fn, prec, rec, f1, rate: (posts.length * rounds) / seconds };
}

async function measure(name, posts, fn) {
  const results = [];
  for (let i = 0; i < posts.length; i++) results.push(await fn(posts[i], i));
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < posts.length; i++) await fn(posts[i], i);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return score(name, posts, results, seconds);
}

function print(title, rows) {
  console.log(`\n${title}`);
  console.log('tool                     TP   FP   FN  precision  recall     F1    posts/s');
  for (const r of rows) {
    console.log(`${r.name.padEnd(22)} ${String(r.tp).padStart(4)} ${String(r.fp).padStart(4)} `
      + `${String(r.fn).padStart(4)} ${r.prec.toFixed(3).padStart(10)} ${r.rec.toFixed(3).padStart(7)} `
      + `${r.f1.toFixed(3).padStart(6)} ${Math.round(r.rate).toString().padStart(10)}`);
  }
}

async function main() {
  const host = new Host(binary);
  const listed = await host.ask({ type: 'policies', id: 'p' });
  const known = new Set(listed.policies.map((x) => x.id));
  const missing = new Set();
  // ALT personal posts are left out: their labels depend on the policy's
  // scope (posts about ALT's work), which the peers know nothing of.
  const keep = (p) => (p.pack === 'alt' && p.account === 'personal' ? false
    : known.has(p.pack) ? true : (missing.add(p.pack), false));
  const personal = loadPosts(['pd-', 'pdn-']).filter(keep).map((p) => ({ ...p, _category: 'personal-data' }));
  const harmful = loadPosts(['hm-', 'hmn-']).filter(keep).map((p) => ({ ...p, _category: 'harassment' }));
  if (missing.size) console.log(`note: no pack ${[...missing].join(', ')} in the binary; its posts are left out`);

  const redactPii = new SyncRedactor();
  const redactpiiNode = new Redactor();
  const obscenity = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

  const rowsP = [
    await measure('postcheck', personal, postcheckTool(host, 'personal-data')),
    await measure('redact-pii 3.4', personal, async (p) => redactPii.redact(p.text) !== p.text),
    await measure('@redactpii/node 1.0', personal, async (p) => redactpiiNode.redact(p.text) !== p.text),
  ];
  const rowsH = [
    await measure('postcheck', harmful, postcheckTool(host, 'harassment')),
    await measure('alex 11', harmful, async (p) => alexText(p.text).messages.length > 0),
    await measure('obscenity 0.4', harmful, async (p) => obscenity.hasMatch(p.text)),
  ];
  host.close();
  print(`Personal data: ${personal.length} posts (${personal.filter((p) => p.labels.includes('personal-data')).length} with personal data)`, rowsP);
  print(`Harassment, discrimination, threats: ${harmful.length} posts (${harmful.filter((p) => p.labels.includes('harassment')).length} harmful)`, rowsH);
}

main().catch((e) => { console.error(e); process.exit(1); });
