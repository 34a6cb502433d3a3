// pixels.js: an image's thumbnail for a host that reads it only as RGB.
// The page sends a thumbnail as a JPEG where the browser encodes one
// (content/core.js): a twelfth of the bytes to carry to the worker and on
// to the host. A host whose hello does not list "jpeg" among the forms of
// `pixels` it reads (docs/PROTOCOL.md; an older postcheck) gets the RGB,
// decoded here.

/** Does the host that said hello read thumbnails as JPEG? */
export const readsJpeg = (hello) => !!hello && Array.isArray(hello.pixels) && hello.pixels.includes('jpeg');

function fromBase64(s) {
  if (Uint8Array.fromBase64) return Uint8Array.fromBase64(s);
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function toBase64(bytes) {
  if (bytes.toBase64) return bytes.toBase64();
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin);
}

/** px ({width, height, jpeg}) as {width, height, rgb}; null when the JPEG
 *  cannot be decoded or is not width x height. Any other px as it is. */
export async function asRgb(px) {
  if (!px || typeof px.jpeg !== 'string') return px;
  try {
    const bmp = await createImageBitmap(new Blob([fromBase64(px.jpeg)], { type: 'image/jpeg' }));
    const { width: w, height: h } = px;
    if (bmp.width !== w || bmp.height !== h) return null;
    const ctx = new OffscreenCanvas(w, h).getContext('2d');
    ctx.drawImage(bmp, 0, 0);
    const d = ctx.getImageData(0, 0, w, h).data;
    const rgb = new Uint8Array(w * h * 3);
    for (let i = 0, j = 0; j < rgb.length; i += 4, j += 3) {
      rgb[j] = d[i];
      rgb[j + 1] = d[i + 1];
      rgb[j + 2] = d[i + 2];
    }
    return { width: w, height: h, rgb: toBase64(rgb) };
  } catch {
    return null;
  }
}

/** attachments with each JPEG thumbnail as RGB (one that cannot be
 *  decoded left out: the attachment goes without pixels). */
export async function withRgb(attachments) {
  return Promise.all(attachments.map(async (a) => {
    if (!a || !a.pixels || typeof a.pixels.jpeg !== 'string') return a;
    const pixels = await asRgb(a.pixels);
    const out = { ...a };
    delete out.pixels;
    if (pixels) out.pixels = pixels;
    return out;
  }));
}
