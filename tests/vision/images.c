/* images.c: test images encoded with libturbojpeg, libspng and libwebp,
 * and image files read and written (images.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <spng.h>
#include <turbojpeg.h>
#include <webp/encode.h>

#include "images.h"

uint8_t *pc_test_gradient(unsigned w, unsigned h)
{
    uint8_t *p = malloc((size_t)w * h * 3);
    for (unsigned y = 0; p && y < h; y++) {
        for (unsigned x = 0; x < w; x++) {
            uint8_t *q = p + ((size_t)y * w + x) * 3;
            q[0] = (uint8_t)(x * 255 / (w > 1 ? w - 1 : 1));
            q[1] = (uint8_t)(y * 255 / (h > 1 ? h - 1 : 1));
            q[2] = 80;
        }
    }
    return p;
}

uint8_t *pc_test_jpeg(const uint8_t *rgb, unsigned w, unsigned h,
                      size_t *len)
{
    tjhandle tj = tjInitCompress();
    unsigned char *buf = NULL;
    unsigned long n = 0;
    uint8_t *out = NULL;

    if (tj && tjCompress2(tj, rgb, (int)w, 0, (int)h, TJPF_RGB, &buf, &n,
                          TJSAMP_420, 90, 0) == 0) {
        out = malloc(n);
        if (out) {
            memcpy(out, buf, n);
            *len = n;
        }
    }
    tjFree(buf);
    if (tj) {
        tjDestroy(tj);
    }
    return out;
}

uint8_t *pc_test_png(const uint8_t *rgb, unsigned w, unsigned h,
                     size_t *len)
{
    spng_ctx *ctx = spng_ctx_new(SPNG_CTX_ENCODER);
    struct spng_ihdr ihdr;
    uint8_t *out = NULL;
    int rc;

    if (!ctx) {
        return NULL;
    }
    memset(&ihdr, 0, sizeof ihdr);
    ihdr.width = w;
    ihdr.height = h;
    ihdr.bit_depth = 8;
    ihdr.color_type = SPNG_COLOR_TYPE_TRUECOLOR;
    spng_set_option(ctx, SPNG_ENCODE_TO_BUFFER, 1);
    spng_set_ihdr(ctx, &ihdr);
    rc = spng_encode_image(ctx, rgb, (size_t)w * h * 3, SPNG_FMT_PNG,
                           SPNG_ENCODE_FINALIZE);
    if (rc == 0) {
        out = spng_get_png_buffer(ctx, len, &rc);
    }
    spng_ctx_free(ctx);
    return rc == 0 ? out : NULL;
}

uint8_t *pc_test_webp(const uint8_t *rgb, unsigned w, unsigned h,
                      size_t *len)
{
    uint8_t *buf = NULL, *out = NULL;
    size_t n = WebPEncodeLosslessRGB(rgb, (int)w, (int)h, (int)w * 3, &buf);

    if (n) {
        out = malloc(n);
        if (out) {
            memcpy(out, buf, n);
            *len = n;
        }
    }
    WebPFree(buf);
    return out;
}

static uint32_t crc32(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) {
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
        }
    }
    return c ^ 0xffffffffu;
}

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

int pc_test_png_claim(uint8_t *png, size_t len, uint32_t w, uint32_t h)
{
    /* Signature (8), IHDR length (4), "IHDR" (4), data (13), CRC (4). */
    if (len < 33 || memcmp(png + 12, "IHDR", 4) != 0) {
        return -1;
    }
    put_be32(png + 16, w);
    put_be32(png + 20, h);
    put_be32(png + 29, crc32(png + 12, 17));
    return 0;
}

int pc_test_jpeg_claim(uint8_t *jpg, size_t len, uint16_t w, uint16_t h)
{
    for (size_t i = 2; i + 9 < len; i++) {
        if (jpg[i] == 0xff && jpg[i + 1] == 0xc0) {
            /* FF C0, length (2), precision (1), height (2), width (2). */
            jpg[i + 5] = (uint8_t)(h >> 8);
            jpg[i + 6] = (uint8_t)h;
            jpg[i + 7] = (uint8_t)(w >> 8);
            jpg[i + 8] = (uint8_t)w;
            return 0;
        }
    }
    return -1;
}

uint8_t *pc_test_block_logo(unsigned w, unsigned seed)
{
    uint8_t *p = malloc((size_t)w * w * 3);
    unsigned cell = w / 8;
    srand(seed);
    memset(p, 255, (size_t)w * w * 3);
    for (unsigned by = 1; by < 7; by++) {
        for (unsigned bx = 1; bx < 7; bx++) {
            uint8_t c[3] = {(uint8_t)(rand() % 256), (uint8_t)(rand() % 256),
                            (uint8_t)(rand() % 256)};
            if (rand() % 3 == 0) {
                continue;
            }
            for (unsigned y = by * cell; y < (by + 1) * cell; y++) {
                for (unsigned x = bx * cell; x < (bx + 1) * cell; x++) {
                    memcpy(p + ((size_t)y * w + x) * 3, c, 3);
                }
            }
        }
    }
    return p;
}

void pc_test_paste(uint8_t *img, unsigned w, const uint8_t *logo,
                   unsigned lw, unsigned ox, unsigned oy, unsigned s)
{
    for (unsigned y = 0; y < s; y++) {
        for (unsigned x = 0; x < s; x++) {
            memcpy(img + ((size_t)(oy + y) * w + ox + x) * 3,
                   logo + ((size_t)(y * lw / s) * lw + x * lw / s) * 3, 3);
        }
    }
}

char *pc_test_b64(const uint8_t *p, size_t n)
{
    static const char a[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char *out = malloc((n + 2) / 3 * 4 + 1), *o = out;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16 |
                     (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) |
                     (i + 2 < n ? p[i + 2] : 0);
        *o++ = a[v >> 18];
        *o++ = a[(v >> 12) & 63];
        *o++ = i + 1 < n ? a[(v >> 6) & 63] : '=';
        *o++ = i + 2 < n ? a[v & 63] : '=';
    }
    *o = '\0';
    return out;
}

uint8_t *pc_test_file_bytes(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    long n;

    if (!f) {
        return NULL;
    }
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
        fseek(f, 0, SEEK_SET) == 0) {
        buf = malloc(n > 0 ? (size_t)n : 1);
        if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
            free(buf);
            buf = NULL;
        }
        *len = (size_t)n;
    }
    fclose(f);
    return buf;
}

int pc_test_write_bytes(const char *path, const uint8_t *p, size_t n)
{
    FILE *f = fopen(path, "wb");

    if (!f) {
        return -1;
    }
    if (fwrite(p, 1, n, f) != n) {
        fclose(f);
        return -1;
    }
    return fclose(f) == 0 ? 0 : -1;
}
