// limits.js: what the host accepts, so the extension never sends what the
// host must refuse (docs/PROTOCOL.md): a request of at most 1 MiB of
// UTF-8 JSON, at most 64 attachments.
export const MAX_REQUEST_BYTES = 1048576;
export const MAX_ATTACHMENTS = 64;
// Room left for the frame's id and what JSON.stringify adds around text.
const MARGIN = 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Bytes that one UTF-16 unit of a string costs inside JSON, UTF-8. */
function unitCost(s, i) {
  const c = s.charCodeAt(i);
  if (c < 0x20) return c === 8 || c === 9 || c === 10 || c === 12 || c === 13 ? 2 : 6;
  if (c === 0x22 || c === 0x5c) return 2;
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = s.charCodeAt(i + 1);
    return d >= 0xdc00 && d <= 0xdfff ? 2 : 6; // half of a 4-byte pair, or escaped
  }
  if (c >= 0xdc00 && c <= 0xdfff) {
    const b = s.charCodeAt(i - 1);
    return b >= 0xd800 && b <= 0xdbff ? 2 : 6;
  }
  return 3;
}

/**
 * The longest start of text that keeps request (with text in it) within
 * MAX_REQUEST_BYTES; text itself when it fits. Never ends inside a
 * surrogate pair. request's other fields count as they are.
 */
export function fitText(text, request) {
  // Everything but the text: small, unless attachments carry thumbnails,
  // whose base64 (RGB or JPEG; ASCII, nothing escaped: a byte a character)
  // is counted by its length rather than copied into JSON and encoded (in
  // the worker, under load, that took 50-110 ms of a first photo's way to
  // the host).
  let b64 = 0;
  const attachments = Array.isArray(request.attachments) ? request.attachments.map((a) => {
    const px = a && a.pixels;
    if (!px || typeof px !== 'object') return a;
    const out = { ...px };
    let counted = false;
    for (const k of ['rgb', 'jpeg']) {
      if (typeof px[k] !== 'string' || !BASE64.test(px[k])) continue;
      b64 += px[k].length;
      out[k] = '';
      counted = true;
    }
    return counted ? { ...a, pixels: out } : a;
  }) : request.attachments;
  const rest = new TextEncoder().encode(JSON.stringify({ ...request, attachments, text: '' })).length + b64;
  if (text.length * 6 + rest + MARGIN < MAX_REQUEST_BYTES) return text; // cannot be too long
  const budget = MAX_REQUEST_BYTES - rest - MARGIN;
  let used = 0;
  let i = 0;
  for (; i < text.length; i++) {
    used += unitCost(text, i);
    if (used > budget) break;
  }
  if (i >= text.length) return text;
  const c = text.charCodeAt(i - 1);
  if (c >= 0xd800 && c <= 0xdbff) i--; // keep a pair whole
  return text.slice(0, i);
}
