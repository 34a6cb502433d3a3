// perf-cases.mjs: browser tests of how the extension reads and draws while
// a person types (issue 13's aims: the benchmark is tests/e2e/bench.mjs and
// tests/bench/engines.mjs; these assert the behaviour the speed rests on,
// each failing on the code before it):
//   - the text read again only for the blocks a mutation touched gives
//     exactly the text and offset map of a full read;
//   - underlines are changed in place: one Highlight per severity stays
//     registered, and a range whose words and DOM nodes stay is kept.
// Run from ext.mjs (same browser set-up and fixture server).

/** In a plain page with core.js: seeded random edits of each editor shape
 *  (text typed into a node, blocks split, removed, emptied, wrapped, text
 *  between blocks), each followed by a read with the cache (told of every
 *  mutation record) and a full read; returns the first difference. */
function incrementalReads(seed, edits) {
  const core = globalThis.PostcheckCore;
  let s = seed;
  const rnd = (n) => { s = (s * 1103515245 + 12345) % 2147483648; return s % n; };
  const pick = (list) => list[rnd(list.length)];
  const out = { reads: 0, cached: 0, diff: null };
  for (const el of document.querySelectorAll('[data-case]')) {
    const cache = core.textCache();
    const mo = new MutationObserver(() => {});
    mo.observe(el, { childList: true, subtree: true, characterData: true });
    const blocksOf = () => [...el.querySelectorAll('p, div, li, ol')].filter((b) => b !== el);
    const texts = () => {
      const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      const l = [];
      for (let n = w.nextNode(); n; n = w.nextNode()) l.push(n);
      return l;
    };
    const ops = [
      () => { const t = pick(texts()); if (t) t.insertData(rnd(t.data.length + 1), pick(['a', 'LLMAT ', '👋', ' '])); },
      () => { const t = pick(texts()); if (t && t.data.length) t.deleteData(rnd(t.data.length), 1); },
      () => { const b = pick(blocksOf()); if (b && b.parentNode) b.parentNode.insertBefore(b.cloneNode(true), b.nextSibling); },
      () => { const b = pick(blocksOf()); if (b && blocksOf().length > 2) b.remove(); },
      () => { const b = pick(blocksOf()); if (b) b.replaceChildren(document.createElement('br')); },
      () => { const b = pick(blocksOf()); if (b) { const p = document.createElement('p'); p.textContent = 'new ' + rnd(99); b.after(p); } },
      () => { const t = pick(texts()); if (t) t.replaceWith(document.createTextNode(t.data + 'x')); },
      () => { const b = pick(blocksOf()); if (b) b.after(document.createTextNode(pick(['\n  ', 'loose text']))); },
      () => { const b = pick(blocksOf()); if (b) { const d = document.createElement('div'); b.replaceWith(d); d.append(b); } },
      () => { const b = pick(blocksOf()); if (b) b.append(document.createElement('br'), document.createTextNode('soft')); },
    ];
    core.readText(el, cache);
    for (let i = 0; i < edits; i++) {
      pick(ops)();
      for (const r of mo.takeRecords()) core.textChanged(cache, el, r.target);
      const a = core.readText(el, cache);
      const b = core.readText(el);
      out.reads++;
      const same = a.text === b.text && a.segs.length === b.segs.length &&
        a.segs.every((x, k) => x.node === b.segs[k].node && x.start === b.segs[k].start);
      if (!same) {
        out.diff = { shape: el.getAttribute('data-case'), edit: i, cached: a.text, full: b.text };
        return out;
      }
    }
    mo.disconnect();
  }
  return out;
}

export function perfCases(t) {
  const { assert, open, waitFor } = t;
  const list = [];
  const test = (name, fn) => list.push({ name, fn });

  test('text-read-incremental', async () => {
    const b = await t.shared();
    const page = await b.ctx.newPage();
    await page.goto(t.url('127.0.0.1', 'fixtures/textmap.html'));
    let reads = 0;
    for (const seed of [1, 7, 42, 1234]) {
      const r = await page.evaluate(([f, s]) => (0, eval)(`(${f})`)(s, 150), [incrementalReads.toString(), seed]);
      assert(!r.diff, `seed ${seed}: the cached read differs from a full read: ${JSON.stringify(r.diff)}`);
      reads += r.reads;
      await page.reload();
    }
    await page.close();
    return `${reads} reads after random edits of 4 editor shapes: text and offset map equal to a full read`;
  });

  test('underlines-changed-in-place', async () => {
    // core.drawHighlights in a plain page: an edit after the words keeps
    // their Range; an edit inside them replaces it; the registry keeps
    // the same Highlight.
    const b = await t.shared();
    const page = await b.ctx.newPage();
    await page.goto(t.url('127.0.0.1', 'fixtures/textmap.html'));
    const r = await page.evaluate(() => {
      const core = globalThis.PostcheckCore;
      const el = document.querySelector('[data-case="lexical"]');
      const spanOf = (m, w) => ({ severity: 'warning', start: m.text.indexOf(w), end: m.text.indexOf(w) + w.length });
      let m = core.readText(el);
      core.drawHighlights(1, [spanOf(m, 'LLMAT'), spanOf(m, 'soft')], m);
      const h = CSS.highlights.get('postcheck-warning');
      const before = [...h];
      el.querySelector('p:last-child span').firstChild.appendData(' more');
      m = core.readText(el);
      core.drawHighlights(1, [spanOf(m, 'LLMAT'), spanOf(m, 'soft')], m);
      const after = [...CSS.highlights.get('postcheck-warning')];
      const keptAfterEdit = CSS.highlights.get('postcheck-warning') === h &&
        after.length === 2 && after.every((x) => before.includes(x));
      const strong = el.querySelector('strong');
      strong.replaceChildren(document.createTextNode('LLMAT'));
      m = core.readText(el);
      core.drawHighlights(1, [spanOf(m, 'LLMAT'), spanOf(m, 'soft')], m);
      const moved = [...CSS.highlights.get('postcheck-warning')];
      const redrawn = moved.length === 2 && !moved.includes(before[0]) && moved.includes(before[1]) &&
        moved.map(String).sort().join() === 'LLMAT,soft';
      core.drawHighlights(1, [], m);
      return { keptAfterEdit, redrawn, emptied: CSS.highlights.get('postcheck-warning').size };
    });
    await page.close();
    assert(r.keptAfterEdit, 'an edit after the words replaced their underline or the Highlight');
    assert(r.redrawn, 'new DOM nodes for the words: the underline not redrawn on them alone');
    assert(r.emptied === 0, `cleared: ${r.emptied} ranges left`);
    return 'unchanged underlines kept, moved ones replaced, one Highlight per severity';
  });

  test('highlight-registered-once', async () => {
    // With the extension: typing on after an underlined word never
    // replaces the page's registered Highlight (it used to be rebuilt and
    // set again on every redraw).
    const b = await t.shared();
    const page = await open(b, 'x.com', { handle: 'jo_teacher',
      settings: { policy: 'llmat', officialHandles: ['@LLMAT'], personalMode: true } });
    await page.keyboard.type('Proud of LLMAT', { delay: 10 });
    assert((await waitFor(page, { range: 'LLMAT' }, 3000)).ok, 'LLMAT not underlined');
    const sev = await page.evaluate(() => {
      for (const s of ['error', 'warning', 'info']) {
        const h = CSS.highlights.get(`postcheck-${s}`);
        if (h && [...h].some((r) => String(r) === 'LLMAT')) { window.__h = h; return s; }
      }
      return '';
    });
    await page.keyboard.type(' and all our friends today', { delay: 10 });
    await page.waitForTimeout(300);
    const same = await page.evaluate((s) => CSS.highlights.get(`postcheck-${s}`) === window.__h &&
      [...window.__h].some((r) => String(r) === 'LLMAT'), sev);
    await page.close();
    assert(same, 'the Highlight was replaced while typing');
    return `postcheck-${sev} kept across 26 keys, LLMAT still underlined`;
  });

  return list;
}
