// core.js: what every site adapter shares, in the content script's isolated
// world (nothing here is visible to the page). Reads an editor's text the way
// the site joins blocks, with a map from UTF-16 offsets back to DOM
// positions; draws findings with the CSS Custom Highlight API; shows the
// panel in a closed shadow root outside the editor; computes image dHashes.
// It never writes to the editor's DOM or text.
(() => {
  'use strict';
  if (globalThis.PostcheckCore) return;

  const BLOCK_TAGS = new Set(['P', 'DIV', 'LI', 'UL', 'OL', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6',
    'BLOCKQUOTE', 'PRE', 'SECTION', 'ARTICLE', 'FIGURE', 'TABLE', 'TR']);
  const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);

  /** A <br> that only keeps an empty line (or the end of a line) open. */
  function isPlaceholderBr(br) {
    let n = br.nextSibling;
    while (n && n.nodeType === 3 && n.data === '') n = n.nextSibling;
    if (n) return false;
    // Last in its inline run: a placeholder if its block has nothing after.
    let p = br.parentNode;
    while (p && !BLOCK_TAGS.has(p.nodeName) && p.nextSibling === null) p = p.parentNode;
    return !!p && (BLOCK_TAGS.has(p.nodeName) || p.hasAttribute?.('contenteditable'));
  }

  const isBlock = (n) => !n || (n.nodeType === 1 && BLOCK_TAGS.has(n.nodeName));

  /** Source-formatting white space between blocks (a line break and
   *  indentation), which no editor shows as text. */
  function isLayoutWhitespace(t) {
    return /^[ \t\r\n]*\n[ \t\r\n]*$/.test(t.data) &&
      isBlock(t.previousSibling) && isBlock(t.nextSibling);
  }

  /**
   * Reads root's text: blocks joined by one '\n' (an empty block is an empty
   * line), <br> inside a line is '\n'. Returns {text, segs}, segs being the
   * text nodes with their UTF-16 start in text.
   *
   * cache (optional, from textCache()): what each block read last time, kept
   * until textChanged() says something inside it changed; a block whose
   * entry stands is not walked again, so a key typed re-reads only its own
   * block. The result is the same as without a cache.
   */
  function readText(root, cache) {
    if (root instanceof HTMLTextAreaElement || root instanceof HTMLInputElement) {
      return { text: root.value, segs: [], plain: true };
    }
    let text = '';
    const segs = [];
    let pending = false;
    let begun = false;
    const flush = () => {
      if (pending) { text += '\n'; pending = false; }
    };
    const visit = (n) => {
      if (n.nodeType === 3) {
        if (!n.data || isLayoutWhitespace(n)) return;
        flush();
        segs.push({ start: text.length, node: n });
        text += n.data;
        begun = true;
        return;
      }
      if (n.nodeType !== 1 || SKIP_TAGS.has(n.nodeName)) return;
      if (n.nodeName === 'BR') {
        flush();
        if (!isPlaceholderBr(n)) text += '\n';
        begun = true;
        return;
      }
      const block = n !== root && BLOCK_TAGS.has(n.nodeName);
      if (block && begun) pending = true;
      for (let c = n.firstChild; c; c = c.nextSibling) visit(c);
      if (block) { pending = true; begun = true; }
    };
    if (!cache) {
      visit(root);
      return { text, segs };
    }
    // A wrapper that is its editor's only child (Draft.js's data-contents)
    // adds nothing to the text: its children are the blocks.
    let box = root;
    while (box.childNodes.length === 1 && isBlockEl(box.firstChild)) box = box.firstChild;
    for (let c = box.firstChild; c; c = c.nextSibling) {
      if (!isBlockEl(c)) { visit(c); continue; }
      // A block's text depends only on its subtree and on whether anything
      // came before it (then it starts on a new line).
      const e = cache.get(c);
      if (e && e.begun === begun) {
        const base = text.length;
        text += e.text;
        for (const s of e.segs) segs.push({ start: base + s.start, node: s.node });
      } else {
        const base = text.length;
        const first = segs.length;
        const was = begun;
        visit(c);
        cache.set(c, { begun: was, text: text.slice(base),
          segs: segs.slice(first).map((s) => ({ start: s.start - base, node: s.node })) });
      }
      pending = true;
      begun = true;
    }
    return { text, segs };
  }

  const isBlockEl = (n) => n.nodeType === 1 && BLOCK_TAGS.has(n.nodeName);

  /** A cache for readText: one per editor. */
  const textCache = () => new WeakMap();

  /** Forgets what cache holds for node and the blocks around it (up to
   *  root): call it for every mutation record inside root. */
  function textChanged(cache, root, node) {
    for (let n = node; n && n !== root; n = n.parentNode) cache.delete(n);
  }

  /** DOM position {node, offset} of UTF-16 offset off; atEnd prefers the
   *  end of the previous text node at a boundary. */
  function positionOf(model, off, atEnd) {
    const segs = model.segs;
    if (!segs.length) return null;
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) { // last seg with start <= off
      const mid = (lo + hi + 1) >> 1;
      if (segs[mid].start <= off) lo = mid; else hi = mid - 1;
    }
    let s = segs[lo];
    if (s.start > off) return { node: s.node, offset: 0 };
    if (atEnd && off === s.start && lo > 0) s = segs[lo - 1];
    const len = s.node.data.length;
    return { node: s.node, offset: Math.min(len, off - s.start) };
  }

  function rangeOf(model, start, end) {
    const a = positionOf(model, start, false);
    const b = positionOf(model, end, true);
    if (!a || !b) return null;
    const r = document.createRange();
    try {
      r.setStart(a.node, a.offset);
      r.setEnd(b.node, b.offset);
    } catch {
      return null;
    }
    return r.collapsed ? null : r;
  }

  /**
   * Moves a span found in oldText to newText: unchanged if before the edit,
   * shifted if after it, null if the edit touched it.
   */
  function shiftSpan(oldText, newText, start, end) {
    if (oldText === newText) return [start, end];
    let p = 0;
    const max = Math.min(oldText.length, newText.length);
    while (p < max && oldText.charCodeAt(p) === newText.charCodeAt(p)) p++;
    let s = 0;
    while (s < max - p &&
      oldText.charCodeAt(oldText.length - 1 - s) === newText.charCodeAt(newText.length - 1 - s)) s++;
    const oldEditEnd = oldText.length - s;
    if (end <= p) return [start, end];
    if (start >= oldEditEnd) {
      const d = newText.length - oldText.length;
      return [start + d, end + d];
    }
    return null;
  }

  // ---- highlights: one Highlight per severity, shared by every editor on
  // the page, registered once and changed in place: a redraw adds the ranges
  // that are new and deletes those that went, and keeps (does not touch) a
  // range whose finding and boundaries stay, so an unchanged underline
  // costs the page no style or paint work.
  const SEVERITIES = ['error', 'warning', 'info'];
  const drawnBySession = new Map(); // sessionId -> [{severity, range, words}]
  const highlights = new Map();     // severity -> Highlight
  const canHighlight = () => !!(globalThis.CSS && CSS.highlights && typeof Highlight !== 'undefined');

  function highlightOf(sev) {
    let h = highlights.get(sev);
    if (!h) {
      h = new Highlight();
      h.priority = 3 - SEVERITIES.indexOf(sev);
      highlights.set(sev, h);
    }
    const name = `postcheck-${sev}`;
    if (CSS.highlights.get(name) !== h) CSS.highlights.set(name, h);
    return h;
  }

  const sameRange = (r, a, b) => r.startContainer === a.node && r.startOffset === a.offset &&
    r.endContainer === b.node && r.endOffset === b.offset;

  /**
   * Draws sessionId's underlines: spans [{severity, start, end}] in
   * model's text (from readText). Ranges drawn before for the same span and
   * severity at the same DOM boundaries are kept as they are.
   */
  function drawHighlights(sessionId, spans, model) {
    const old = drawnBySession.get(sessionId) || [];
    const next = [];
    const kept = new Set();
    for (const s of spans || []) {
      const a = positionOf(model, s.start, false);
      const b = positionOf(model, s.end, true);
      if (!a || !b) continue;
      const same = old.find((o) => !kept.has(o) && o.severity === s.severity && sameRange(o.range, a, b));
      if (same) {
        kept.add(same);
        next.push(same);
        continue;
      }
      const r = document.createRange();
      try {
        r.setStart(a.node, a.offset);
        r.setEnd(b.node, b.offset);
      } catch {
        continue;
      }
      if (!r.collapsed) next.push({ severity: s.severity, range: r, words: r.toString() });
    }
    if (next.length) drawnBySession.set(sessionId, next); else drawnBySession.delete(sessionId);
    if (!canHighlight()) return;
    if (!inPlace) return rebuildHighlights();
    try {
      for (const o of old) if (!kept.has(o)) highlightOf(o.severity).delete(o.range);
      for (const n of next) if (!kept.has(n)) highlightOf(n.severity).add(n.range);
    } catch {
      inPlace = false; // a browser that refuses them: new Highlights each time
      rebuildHighlights();
    }
    return undefined;
  }

  /**
   * True when one of sessionId's underlines no longer covers the words it
   * was drawn on: the editor re-rendered the text nodes it sat in (a live
   * Range whose nodes leave the page collapses onto their parent), set
   * their data anew, or an edit changed the words inside it. Costs one
   * toString per underline.
   */
  function highlightsStale(sessionId) {
    for (const d of drawnBySession.get(sessionId) || []) {
      const r = d.range;
      if (r.collapsed || !r.startContainer.isConnected || !r.endContainer.isConnected ||
          r.toString() !== d.words) return true;
    }
    return false;
  }

  // Firefox (content scripts reach the page's Highlights through Xray
  // wrappers): the Highlights are built anew on each redraw there, as
  // before. (The underline once seen on no words in Firefox was a range
  // left collapsed by the editor's re-render, see highlightsStale, not the
  // changes in place.) getBrowserInfo is Firefox's only.
  let inPlace = !(globalThis.browser && globalThis.browser.runtime &&
    typeof globalThis.browser.runtime.getBrowserInfo === 'function');
  function rebuildHighlights() {
    for (const sev of SEVERITIES) {
      const all = [];
      for (const list of drawnBySession.values()) {
        for (const d of list) if (d.severity === sev) all.push(d.range);
      }
      const name = `postcheck-${sev}`;
      if (!all.length) { CSS.highlights.delete(name); continue; }
      const h = new Highlight(...all);
      h.priority = 3 - SEVERITIES.indexOf(sev);
      CSS.highlights.set(name, h);
    }
  }

  // ---- dHash: 9x8 grayscale (area average), bit = left < right, row-major,
  // first pixel the most significant bit, 16 lowercase hex digits.
  function dhashPixels(data, w, h) {
    const cells = boxGrey(data, w, h, 9, 8);
    let hex = '';
    for (let y = 0; y < 8; y++) {
      let nib = 0;
      for (let x = 0; x < 8; x++) {
        nib = (nib << 1) | (cells[y * 9 + x] < cells[y * 9 + x + 1] ? 1 : 0);
        if (x === 3 || x === 7) { hex += nib.toString(16); nib = 0; }
      }
    }
    return hex;
  }

  /** For n pixels into m equal cells: the cells each pixel overlaps and by
   *  how much, flat: pixel i's pairs are cell[k], part[k] for k from at[i]
   *  to at[i + 1] (one or two when n >= m); whole[i]: the one cell pixel i
   *  lies wholly in (part 1), else -1. */
  function overlaps(n, m) {
    const cell = [];
    const part = [];
    const at = new Uint32Array(n + 1);
    const whole = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      at[i] = cell.length;
      for (let c = Math.floor((i * m) / n); c < m && (c * n) / m < i + 1; c++) {
        const ov = Math.min(((c + 1) * n) / m, i + 1) - Math.max((c * n) / m, i);
        if (ov > 0) { cell.push(c); part.push(ov); }
      }
      whole[i] = cell.length - at[i] === 1 && part[at[i]] === 1 ? cell[at[i]] : -1;
    }
    at[n] = cell.length;
    return { cell: Uint8Array.from(cell), part: Float64Array.from(part), at, whole };
  }

  /**
   * The area-weighted average grey of RGBA data (w x h, each channel
   * composited over white, then grey = 0.299 R + 0.587 G + 0.114 B) in
   * dw x dh cells, row-major. One pass over the pixels and no grey image
   * kept. The arithmetic is the host's (pc_vision_dhash, host/vision_pixels.c)
   * and the pack tool's (host/policies/tools/dhash.py), operation for
   * operation: each pixel adds grey * (its row overlap * its column
   * overlap) and that weight to each cell it overlaps, in pixel order, and
   * a cell is its sum over its weight. Neighbouring cells of equal grey (a
   * flat background: a logo's margin, a sky) then compare alike on every
   * side: averaging rows and then columns, as before, gave the same means
   * with other rounding, and up to 7 of the 64 bits differed from the
   * pack's hash of the same picture (tests/e2e/dhash.mjs). A pixel wholly
   * inside one cell (weight 1 x 1) adds grey and 1, the same numbers
   * without the multiplications.
   */
  function boxGrey(data, w, h, dw, dh) {
    const ox = overlaps(w, dw);
    const oy = overlaps(h, dh);
    const sums = new Float64Array(dw * dh);
    const tots = new Float64Array(dw * dh);
    for (let y = 0, i = 0; y < h; y++) {
      const y0 = oy.at[y];
      const y1 = oy.at[y + 1];
      const wholeRow = oy.whole[y] >= 0 ? oy.whole[y] * dw : -1;
      for (let x = 0; x < w; x++, i += 4) {
        const a = data[i + 3] / 255;
        const g = 0.299 * (data[i] * a + 255 * (1 - a)) + 0.587 * (data[i + 1] * a + 255 * (1 - a)) +
          0.114 * (data[i + 2] * a + 255 * (1 - a));
        const cx = ox.whole[x];
        if (wholeRow >= 0 && cx >= 0) {
          sums[wholeRow + cx] += g;
          tots[wholeRow + cx] += 1;
          continue;
        }
        for (let ky = y0; ky < y1; ky++) {
          const wy = oy.part[ky];
          const base = oy.cell[ky] * dw;
          for (let k = ox.at[x]; k < ox.at[x + 1]; k++) {
            const wgt = wy * ox.part[k];
            sums[base + ox.cell[k]] += g * wgt;
            tots[base + ox.cell[k]] += wgt;
          }
        }
      }
    }
    for (let c = 0; c < dw * dh; c++) sums[c] = tots[c] > 0 ? sums[c] / tots[c] : 0;
    return sums;
  }

  // ---- thumbnail for the host's vision helper (docs/PROTOCOL.md "pixels"):
  // <= 384 px on the longest side, RGB over white, base64. The image is
  // drawn once, at that size (imageSmoothingQuality 'medium': mipmaps, so a
  // large photo is averaged down rather than sampled), and the dHash is
  // taken from the same pixels the host gets: the host's hash of the
  // thumbnail is the extension's, and on 24 photos of 360-2560 px the hash
  // of the thumbnail differed from the hash of the whole image in 1 bit of
  // 64 on one photo and none on the others (the packs' logo_distance is 10).
  // Before, the image was drawn at up to 1024 px for the dHash and the
  // thumbnail drawn from that: two draws, and the dHash's JavaScript over up
  // to 7 times the pixels.
  const THUMB_SIDE = 384;
  // The thumbnail goes to the host as a JPEG of this quality when the
  // browser encodes one (docs/PROTOCOL.md "pixels"): 40-80 KB of base64
  // for a 384-px photo against 360-430 KB of RGB, and a message's time
  // from the page to the worker and on to the host grows with its size
  // (400 KB: 128 ms there and back at load 8, 50 KB: 12 ms). Its pixels
  // differ from the drawn ones by noise (PSNR 34-42 dB on three photos);
  // the dHash is taken from the drawn ones.
  const JPEG_QUALITY = 0.92;
  const thumbCache = new Map(); // src -> {width, height, jpeg | rgb}

  const base64 = (bytes) => {
    if (bytes.toBase64) return bytes.toBase64();
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(bin);
  };

  /** RGBA bytes (px, opaque) to RGB, base64. */
  function rgbBase64(px, n) {
    const u = new Uint32Array(px.buffer, px.byteOffset, n);
    const rgb = new Uint8Array(n * 3);
    const little = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
    for (let i = 0, j = 0; i < n; i++, j += 3) {
      const v = u[i];
      if (little) { rgb[j] = v; rgb[j + 1] = v >> 8; rgb[j + 2] = v >> 16; }
      else { rgb[j] = v >>> 24; rgb[j + 1] = v >> 16; rgb[j + 2] = v >> 8; }
    }
    return base64(rgb);
  }

  /** Draws source (sw x sh) at most THUMB_SIDE a side over white: its
   *  dHash and its thumbnail {width, height, jpeg} (the canvas encoded,
   *  off the page's main thread), or {width, height, rgb} where the
   *  browser does not encode one or the JPEG would be no smaller (a tiny
   *  image). */
  async function readPixels(source, sw, sh) {
    const s = Math.min(1, THUMB_SIDE / Math.max(sw, sh));
    const w = Math.max(1, Math.round(sw * s));
    const h = Math.max(1, Math.round(sh * s));
    const canvas = new OffscreenCanvas(w, h);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    ctx.imageSmoothingQuality = 'medium';
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    ctx.drawImage(source, 0, 0, w, h);
    // Encoded while the dHash is taken (the encoder takes its copy now).
    let encoded = null;
    try {
      encoded = canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY });
    } catch { /* no encoder */ }
    const px = ctx.getImageData(0, 0, w, h).data;
    const hash = dhashPixels(px, w, h);
    try {
      const blob = await encoded;
      if (blob && blob.type === 'image/jpeg' && blob.size < w * h * 3) {
        return { hash, thumb: { width: w, height: h, jpeg: base64(new Uint8Array(await blob.arrayBuffer())) } };
      }
    } catch { /* no encoder: the RGB goes */ }
    return { hash, thumb: { width: w, height: h, rgb: rgbBase64(px, w * h) } };
  }

  /** Runs the path an attached photo takes (a canvas drawn and read, its
   *  dHash and base64) on a small made-up picture three times, each in an
   *  idle moment of the page, the answers dropped: the first photo then
   *  finds the canvas set up and this code compiled, where it used to pay
   *  both (docs/EXTENSION.md, "The first photo in a tab"). A composer
   *  taking the focus calls it (main.js); once a page. Off the page's DOM
   *  (an OffscreenCanvas). */
  let warmedUp = false;
  function warmPixels() {
    if (warmedUp || typeof OffscreenCanvas === 'undefined') return;
    warmedUp = true;
    const idle = globalThis.requestIdleCallback || ((f) => setTimeout(f, 50));
    let c;
    const round = (k) => {
      try {
        if (!c) {
          c = new OffscreenCanvas(96, 72);
          const g = c.getContext('2d');
          const grad = g.createLinearGradient(0, 0, 96, 72);
          grad.addColorStop(0, '#123');
          grad.addColorStop(1, '#fe8');
          g.fillStyle = grad;
          g.fillRect(0, 0, 96, 72);
        }
        // The last one scaled down, as photos are; the JPEG encoder too.
        readPixels(c, 96 + k * 200, 72 + k * 150).then(() => {
          if (k < 2) idle(() => round(k + 1), { timeout: 500 });
        }, () => { /* nothing to warm: the photo pays it */ });
      } catch {
        // nothing to warm: the photo pays it
      }
    };
    idle(() => round(0), { timeout: 500 });
  }

  /** The image's thumbnail, once dhashOfImage has read it (else null). */
  const thumbnailOf = (img) => thumbCache.get(img.currentSrc || img.src) || null;

  const hashCache = new Map(); // src -> dhash ('' when it cannot be read)
  /** The image's dHash when dhashOfImage has read it ('' when it could
   *  not), else undefined: not read yet. */
  function dhashKnown(img) {
    return hashCache.get(img.currentSrc || img.src);
  }
  async function dhashOfImage(img) {
    const src = img.currentSrc || img.src;
    if (hashCache.has(src)) return hashCache.get(src);
    let hash = '';
    try {
      if (!img.complete || !img.naturalWidth) await img.decode();
      const r = await readPixels(img, img.naturalWidth, img.naturalHeight);
      hash = r.hash;
      thumbCache.set(src, r.thumb);
    } catch {
      hash = ''; // not loaded, or a cross-origin image the page may not read
    }
    if (hash || img.complete) hashCache.set(src, hash);
    return hash;
  }

  function normaliseHandle(h) {
    return String(h || '').trim().replace(/^@+/, '').toLowerCase();
  }

  /**
   * True when the page or the user switched postcheck off for el: only
   * data-postcheck="off" on el or an ancestor, across shadow-root borders.
   * Markers that keep grammar checkers away (data-gramm="false", which
   * Quill puts on every editor, data-enable-grammarly, data-lt-active) are
   * not an opt-out of the organisation's policy checks.
   */
  function optedOut(el) {
    for (let n = el; n; n = n.getRootNode().host) {
      if (n.closest('[data-postcheck="off"]')) return true;
    }
    return false;
  }

  /** The open shadow roots in node's subtree (node included), outermost
   *  first, looking inside each one found. */
  function shadowRootsIn(node) {
    const out = [];
    const visit = (n) => {
      if (n.nodeType !== 1 && n.nodeType !== 11) return;
      if (n.shadowRoot) out.push(n.shadowRoot);
      const w = document.createTreeWalker(n, NodeFilter.SHOW_ELEMENT);
      for (let e = w.nextNode(); e; e = w.nextNode()) if (e.shadowRoot) out.push(e.shadowRoot);
    };
    visit(node);
    for (let i = 0; i < out.length; i++) visit(out[i]); // roots inside roots
    return out;
  }

  /** Elements matching sel in node (node included) and in the open shadow
   *  roots below it. */
  function queryDeep(node, sel) {
    const out = [];
    const add = (r) => {
      if (r.nodeType === 1 && r.matches(sel)) out.push(r);
      if (r.querySelectorAll) out.push(...r.querySelectorAll(sel));
    };
    add(node);
    for (const root of shadowRootsIn(node)) add(root);
    return out;
  }

  // A document's stylesheet does not reach into shadow trees: each shadow
  // root holding an editor adopts one constructed sheet with the ::highlight
  // rules (the same as highlight.css), so underlines show there too.
  let sheet = null;
  const HIGHLIGHT_CSS = `
    ::highlight(postcheck-error) { text-decoration: underline wavy #d93025; text-decoration-thickness: 2px;
      text-underline-offset: 3px; background-color: rgba(217, 48, 37, 0.08); }
    ::highlight(postcheck-warning) { text-decoration: underline wavy #e37400; text-decoration-thickness: 2px;
      text-underline-offset: 3px; }
    ::highlight(postcheck-info) { text-decoration: underline dotted #1a73e8; text-underline-offset: 3px; }`;
  function styleShadowRoot(root) {
    if (!(root instanceof ShadowRoot)) return;
    try {
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(HIGHLIGHT_CSS);
      }
      if (!root.adoptedStyleSheets.includes(sheet)) {
        root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      }
    } catch { /* a browser without constructed sheets: no underline there */ }
  }

  Object.defineProperty(globalThis, 'PostcheckCore', {
    value: Object.freeze({
      readText, textCache, textChanged, rangeOf, shiftSpan, drawHighlights, highlightsStale, dhashPixels,
      dhashOfImage, warmPixels, dhashKnown, thumbnailOf, normaliseHandle, optedOut, shadowRootsIn, queryDeep, styleShadowRoot, adapters: [],
    }),
  });
})();
