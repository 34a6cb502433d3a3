#!/usr/bin/env node
// audit.mjs: opens an audit's report.html (postcheck audit) from disk in
// headless Chromium, with no server, and checks what a reader relies on:
// the counts it shows match findings.jsonl (posts, findings, per category,
// per clause, per year in the chart); the category, year and clause
// filters show exactly the posts that have them; every span marked in a
// post is text of that post; the page asks for nothing over the network
// and logs no error (its Content-Security-Policy would report one).
//
// Usage: node tests/e2e/audit.mjs REPORT-DIR [--screenshot FILE.png]
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM } from './lib/browser.mjs';

const args = process.argv.slice(2);
const dir = resolve(args[0] || '');
const shot = args.includes('--screenshot') ? args[args.indexOf('--screenshot') + 1] : null;
const failures = [];

function check(cond, what) {
  if (!cond) {
    failures.push(what);
    console.log(`FAIL: ${what}`);
  }
}

function tally(records) {
  const cats = {}, clauses = {}, years = {};
  let findings = 0;
  for (const r of records) {
    for (const f of r.findings) {
      findings++;
      cats[f.category] = (cats[f.category] || 0) + 1;
      const c = f.clause || '(no clause)';
      clauses[c] = (clauses[c] || 0) + 1;
      if (r.date) years[r.date.slice(0, 4)] = (years[r.date.slice(0, 4)] || 0) + 1;
    }
  }
  return { cats, clauses, years, findings };
}

async function tableCounts(page, sel, attr) {
  return page.$$eval(`${sel} tr[${attr}]`, (rows, a) => Object.fromEntries(rows.map(
    (r) => [r.getAttribute(a), Number(r.querySelector('td.n').textContent)])), attr);
}

async function shown(page) {
  return page.$$eval('article.post', (as) => as.filter((a) => !a.hidden).length);
}

async function checkFilter(page, records, select, value, has) {
  await page.selectOption(select, value);
  const want = records.filter(has).length;
  const n = await shown(page);
  const label = Number(await page.textContent('#shown'));
  check(n === want && label === want,
    `filter ${select}=${value}: ${n} posts shown, counter ${label}, findings.jsonl has ${want}`);
  await page.selectOption(select, '');
  return want;
}

async function main() {
  const lines = readFileSync(join(dir, 'findings.jsonl'), 'utf8').split('\n').filter(Boolean);
  const records = lines.map((l) => JSON.parse(l));
  const t = tally(records);
  const browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  // A 13,000-post report on a 2-core machine busy with other builds took over
  // 30 s (Playwright's default) for one click: allow what the load needs;
  // the checks themselves are exact.
  page.setDefaultTimeout(300000);
  const requests = [], errors = [];
  page.on('request', (r) => { if (!/^(file|data):/.test(r.url())) requests.push(r.url()); });
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  const t0 = Date.now();
  await page.goto(pathToFileURL(join(dir, 'report.html')).href, { waitUntil: 'load', timeout: 120000 });
  console.log(`report.html: ${records.length} flagged posts, ${t.findings} findings; loaded in ${Date.now() - t0} ms`);

  check(requests.length === 0, `no network requests (saw ${requests.slice(0, 3).join(', ')})`);
  check(errors.length === 0, `no errors in the page (saw ${errors.slice(0, 3).join(' | ')})`);
  const articles = await page.$$eval('article.post', (as) => as.length);
  check(articles === records.length, `one article per flagged post: ${articles} vs ${records.length}`);
  check(await shown(page) === records.length, 'every post shown before filtering');
  check(Number(await page.textContent('#n-flagged')) === records.length, 'flagged count in the header');
  check(Number(await page.textContent('#n-findings')) === t.findings, 'findings count in the header');
  const cats = await tableCounts(page, '#categories', 'data-category');
  check(JSON.stringify(Object.entries(cats).sort()) === JSON.stringify(Object.entries(t.cats).sort()),
    `category table ${JSON.stringify(cats)} matches findings.jsonl ${JSON.stringify(t.cats)}`);
  const clauses = await tableCounts(page, '#clauses', 'data-clause');
  check(JSON.stringify(Object.entries(clauses).sort()) === JSON.stringify(Object.entries(t.clauses).sort()),
    'clause table matches findings.jsonl');
  const bars = await page.$$eval('#chart g.bar', (gs) => Object.fromEntries(gs.map(
    (g) => [g.dataset.year, Number(g.dataset.count)]).filter(([, n]) => n > 0)));
  check(JSON.stringify(Object.entries(bars).sort()) === JSON.stringify(Object.entries(t.years).sort()),
    'the chart of findings per year matches findings.jsonl');

  // Marked spans are words of their post.
  const marks = await page.$$eval('article.post', (as) => as.slice(0, 2000).map((a) => ({
    text: a.querySelector('.text').textContent,
    marks: [...a.querySelectorAll('mark')].map((m) => m.textContent),
  })));
  check(marks.every((p) => p.marks.every((m) => m.length > 0 && p.text.includes(m))),
    'every marked span is text of its post');
  check(marks.some((p) => p.marks.length > 0), 'some spans are marked');

  // Thumbnails of flagged media are images the browser can draw.
  const imgs = await page.$$eval('article.post img', (is) => is.map((i) => i.naturalWidth));
  check(imgs.every((w) => w > 0), `every thumbnail decodes (${imgs.length} images)`);

  // Filters: each category, the busiest year, a clause picked from the table.
  for (const cat of Object.keys(t.cats)) {
    await checkFilter(page, records, '#f-cat', cat, (r) => r.findings.some((f) => f.category === cat));
  }
  const year = Object.entries(t.years).sort((a, b) => b[1] - a[1])[0]?.[0];
  if (year) await checkFilter(page, records, '#f-year', year, (r) => (r.date || '').startsWith(year));
  const clause = Object.keys(t.clauses)[0];
  if (clause) {
    await page.click(`#clauses tr[data-clause="${clause.replace(/"/g, '\\"')}"]`);
    const want = records.filter((r) => r.findings.some((f) => (f.clause || '(no clause)') === clause)).length;
    check(await shown(page) === want, `clicking clause ${clause} in the table shows its ${want} posts`);
    await page.selectOption('#f-clause', '');
  }
  // Two filters together.
  const cat = Object.keys(t.cats)[0];
  if (cat && year) {
    await page.selectOption('#f-cat', cat);
    await page.selectOption('#f-year', year);
    const want = records.filter((r) => (r.date || '').startsWith(year) &&
      r.findings.some((f) => f.category === cat)).length;
    check(await shown(page) === want, `category ${cat} and year ${year} together: ${want} posts`);
    await page.selectOption('#f-cat', '');
    await page.selectOption('#f-year', '');
  }
  if (shot) {
    // The top of the page as a reader first sees it, on a tall window.
    await page.setViewportSize({ width: 1100, height: 1400 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: shot });
    console.log(`screenshot: ${shot}`);
  }
  await browser.close();
  console.log(failures.length ? `${failures.length} failures` : 'report checks passed');
  process.exit(failures.length ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(1); });
