/* decode.c: JPEG, PNG and WebP files to 8-bit RGB, with Debian's
 * maintained decoders: libturbojpeg, libspng and libwebp. Runs only in
 * the helper (postcheck-vision), which the host starts with resource
 * limits, so a decoder bug costs the helper, not the host.
 *
 * Every path reads the header first and refuses an image over
 * PC_VISION_MAX_PIXELS before decoding a pixel. JPEG and WebP decode
 * straight at a reduced scale when the caller asks for a small image;
 * PNG decodes whole, then shrinks. Alpha is blended onto white. */
#include <stdlib.h>
#include <string.h>

#include <spng.h>
#include <turbojpeg.h>
#include <webp/decode.h>

#include "postcheck/vision.h"

static int too_many(unsigned long w, unsigned long h)
{
    return w == 0 || h == 0 || w > 65535 || h > 65535 ||
           w * h > PC_VISION_MAX_PIXELS;
}

/* Why a header's size is refused: empty (a broken header) or too large. */
static pc_status refuse_size(pc_error *err, unsigned long w, unsigned long h)
{
    if (w == 0 || h == 0) {
        return pc_error_set(err, PC_ERR_REQUEST, "the image has no pixels");
    }
    return pc_error_set(err, PC_ERR_TOO_LARGE,
                        "the image is %lux%lu pixels; at most %u million "
                        "pixels are read", w, h,
                        PC_VISION_MAX_PIXELS / 1000000u);
}

/* RGBA (n pixels) to RGB over white, in place into the same buffer. */
static void blend_white(uint8_t *px, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned a = px[i * 4 + 3];
        for (int c = 0; c < 3; c++) {
            px[i * 3 + c] = (uint8_t)((px[i * 4 + c] * a +
                                       255u * (255u - a) + 127u) / 255u);
        }
    }
}

static pc_status decode_jpeg(const uint8_t *data, size_t len,
                             unsigned max_side, pc_vision_image *out,
                             pc_error *err)
{
    tjhandle tj = tjInitDecompress();
    int w = 0, h = 0, sub = 0, cs = 0, nf, pick = -1;
    tjscalingfactor *sf;
    pc_status st = PC_OK;

    if (!tj) {
        return pc_error_set(err, PC_ERR_NOMEM, "turbojpeg: no memory");
    }
    if (len > (unsigned long)-1 ||
        tjDecompressHeader3(tj, data, (unsigned long)len, &w, &h, &sub,
                            &cs) != 0 ||
        w <= 0 || h <= 0) {
        /* A stream of tables only (no frame) passes the header read
         * without a size: not an image either. */
        st = pc_error_set(err, PC_ERR_REQUEST, "not a JPEG we can read");
        goto out;
    }
    if (too_many((unsigned long)w, (unsigned long)h)) {
        st = refuse_size(err, (unsigned long)w, (unsigned long)h);
        goto out;
    }
    /* The smallest scale that still leaves max_side pixels on the long
     * side: a 12 MP photo decodes at 1/8, in a fraction of the time. */
    sf = tjGetScalingFactors(&nf);
    for (int i = 0; sf && i < nf; i++) {
        int sw = TJSCALED(w, sf[i]), sh = TJSCALED(h, sf[i]);
        int side = sw > sh ? sw : sh;
        if (sf[i].num > sf[i].denom ||
            (sf[i].num != sf[i].denom &&
             (!max_side || side < (int)max_side))) {
            continue;
        }
        if (pick < 0 || TJSCALED(w, sf[i]) < TJSCALED(w, sf[pick])) {
            pick = i;
        }
    }
    out->width = (unsigned)(pick < 0 ? w : TJSCALED(w, sf[pick]));
    out->height = (unsigned)(pick < 0 ? h : TJSCALED(h, sf[pick]));
    out->rgb = malloc((size_t)out->width * out->height * 3);
    if (!out->rgb) {
        st = pc_error_set(err, PC_ERR_NOMEM, "no memory for the pixels");
        goto out;
    }
    if (tjDecompress2(tj, data, (unsigned long)len, out->rgb,
                      (int)out->width, 0, (int)out->height, TJPF_RGB,
                      TJFLAG_FASTDCT) != 0 &&
        tjGetErrorCode(tj) == TJERR_FATAL) {
        pc_vision_image_free(out);
        st = pc_error_set(err, PC_ERR_REQUEST, "corrupt JPEG: %s",
                          tjGetErrorStr2(tj));
    }
out:
    tjDestroy(tj);
    return st;
}

static pc_status decode_png(const uint8_t *data, size_t len,
                            pc_vision_image *out, pc_error *err)
{
    spng_ctx *ctx = spng_ctx_new(0);
    struct spng_ihdr ihdr;
    size_t size = 0;
    pc_status st = PC_OK;

    if (!ctx) {
        return pc_error_set(err, PC_ERR_NOMEM, "spng: no memory");
    }
    /* Text and other chunks are skipped and capped, so a file cannot make
     * the decoder hold more than the pixels. */
    spng_set_crc_action(ctx, SPNG_CRC_USE, SPNG_CRC_USE);
    spng_set_chunk_limits(ctx, 1u << 20, 4u << 20);
    spng_set_image_limits(ctx, 65535, 65535);
    if (spng_set_png_buffer(ctx, data, len) != 0 ||
        spng_get_ihdr(ctx, &ihdr) != 0) {
        st = pc_error_set(err, PC_ERR_REQUEST, "not a PNG we can read");
        goto out;
    }
    if (too_many(ihdr.width, ihdr.height)) {
        st = refuse_size(err, ihdr.width, ihdr.height);
        goto out;
    }
    if (spng_decoded_image_size(ctx, SPNG_FMT_RGBA8, &size) != 0) {
        st = pc_error_set(err, PC_ERR_REQUEST, "not a PNG we can read");
        goto out;
    }
    out->rgb = malloc(size);
    if (!out->rgb) {
        st = pc_error_set(err, PC_ERR_NOMEM, "no memory for the pixels");
        goto out;
    }
    out->width = ihdr.width;
    out->height = ihdr.height;
    if (spng_decode_image(ctx, out->rgb, size, SPNG_FMT_RGBA8,
                          SPNG_DECODE_TRNS) != 0) {
        pc_vision_image_free(out);
        st = pc_error_set(err, PC_ERR_REQUEST, "corrupt PNG");
        goto out;
    }
    blend_white(out->rgb, (size_t)out->width * out->height);
out:
    spng_ctx_free(ctx);
    return st;
}

static pc_status decode_webp(const uint8_t *data, size_t len,
                             unsigned max_side, pc_vision_image *out,
                             pc_error *err)
{
    WebPDecoderConfig cfg;
    int w, h;
    size_t n;

    if (!WebPInitDecoderConfig(&cfg) || !WebPGetInfo(data, len, &w, &h)) {
        return pc_error_set(err, PC_ERR_REQUEST, "not a WebP we can read");
    }
    if (too_many((unsigned long)w, (unsigned long)h)) {
        return refuse_size(err, (unsigned long)w, (unsigned long)h);
    }
    out->width = (unsigned)w;
    out->height = (unsigned)h;
    if (max_side && (unsigned)(w > h ? w : h) > max_side) {
        double s = (double)max_side / (w > h ? w : h);
        out->width = (unsigned)(w * s + 0.5) ? (unsigned)(w * s + 0.5) : 1;
        out->height = (unsigned)(h * s + 0.5) ? (unsigned)(h * s + 0.5) : 1;
        cfg.options.use_scaling = 1;
        cfg.options.scaled_width = (int)out->width;
        cfg.options.scaled_height = (int)out->height;
    }
    n = (size_t)out->width * out->height;
    out->rgb = malloc(n * 4);
    if (!out->rgb) {
        return pc_error_set(err, PC_ERR_NOMEM, "no memory for the pixels");
    }
    cfg.output.colorspace = MODE_RGBA;
    cfg.output.is_external_memory = 1;
    cfg.output.u.RGBA.rgba = out->rgb;
    cfg.output.u.RGBA.stride = (int)out->width * 4;
    cfg.output.u.RGBA.size = n * 4;
    if (WebPDecode(data, len, &cfg) != VP8_STATUS_OK) {
        pc_vision_image_free(out);
        return pc_error_set(err, PC_ERR_REQUEST, "corrupt WebP");
    }
    blend_white(out->rgb, n);
    return PC_OK;
}

pc_status pc_vision_decode(const uint8_t *data, size_t len, unsigned max_side,
                           pc_vision_image *out, pc_error *err)
{
    static const uint8_t png_sig[8] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a,
                                       0x1a, 0x0a};
    pc_status st;

    memset(out, 0, sizeof *out);
    if (len > PC_VISION_MAX_FILE) {
        return pc_error_set(err, PC_ERR_TOO_LARGE,
                            "the file is over %u MiB",
                            PC_VISION_MAX_FILE >> 20);
    }
    if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff) {
        st = decode_jpeg(data, len, max_side, out, err);
    } else if (len >= 8 && memcmp(data, png_sig, 8) == 0) {
        st = decode_png(data, len, out, err);
    } else if (len >= 12 && memcmp(data, "RIFF", 4) == 0 &&
               memcmp(data + 8, "WEBP", 4) == 0) {
        st = decode_webp(data, len, max_side, out, err);
    } else {
        return pc_error_set(err, PC_ERR_REQUEST,
                            "not a JPEG, PNG or WebP file");
    }
    if (st == PC_OK && max_side) {
        st = pc_vision_shrink(out, max_side);
        if (st != PC_OK) {
            pc_vision_image_free(out);
            pc_error_set(err, st, "no memory to shrink the image");
        }
    }
    return st;
}

void pc_vision_image_free(pc_vision_image *img)
{
    if (img) {
        free(img->rgb);
        memset(img, 0, sizeof *img);
    }
}
