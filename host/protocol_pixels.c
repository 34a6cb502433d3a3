/* protocol_pixels.c: an image attachment's optional "pixels" (a thumbnail
 * the extension drew: {"width","height","rgb": base64 of width*height*3
 * bytes}, each side 1..PC_VISION_MAX_THUMB), handed to vision for faces
 * and the pack's logo images; and, for an attachment sent again without
 * pixels, what was found the first time, by its dHash. The first image
 * attachment for a pack that looks at pixels starts the vision helper,
 * or the hello when it says images may come ("images": true, which the
 * extension sends when a composer takes the focus): a host that is
 * never told of an image never starts it.
 * The thumbnail may come as a JPEG instead ("jpeg": base64 of a JPEG of
 * width x height, at most width*height*3 bytes; the hello lists the
 * forms read), which the helper decodes: a twelfth of the bytes to carry.
 * Bad pixels (a missing or non-integer side, a side over the limit, bad
 * base64, the wrong number of bytes, rgb and jpeg both or neither, a JPEG
 * the helper cannot decode or of another size) make the request a
 * bad-request. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "postcheck/vision.h"
#include "protocol_int.h"

static int b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Decodes standard base64 (padding optional) s[0..n) into out, which
 * holds cap bytes. Returns the byte count, or -1 for a bad character,
 * bad padding or more than cap bytes. */
static long b64_decode(const char *s, size_t n, uint8_t *out, size_t cap)
{
    size_t k = 0;
    unsigned acc = 0;
    int bits = 0;

    while (n && s[n - 1] == '=') {
        n--;
    }
    for (size_t i = 0; i < n; i++) {
        int v = b64_value((unsigned char)s[i]);
        if (v < 0) {
            return -1;
        }
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (k == cap) {
                return -1;
            }
            out[k++] = (uint8_t)(acc >> bits);
        }
    }
    /* Leftover bits must be padding zeros, and one leftover character
     * (6 bits) cannot end valid base64. */
    return bits >= 6 || (acc & ((1u << bits) - 1)) ? -1 : (long)k;
}

static int side(json_t *obj, const char *key, unsigned *out)
{
    json_t *v = json_object_get(obj, key);
    json_int_t n;

    if (!json_is_integer(v)) {
        return -1;
    }
    n = json_integer_value(v);
    if (n < 1 || n > PC_VISION_MAX_THUMB) {
        return -1;
    }
    *out = (unsigned)n;
    return 0;
}

void pc__expect_images(pc_packset *ps, const char *policy)
{
    pc_vision_logo_ref logos[PC_VISION_MAX_LOGOS];
    const pc_pack *pack;
    pc_error err;

    pc_error_clear(&err);
    pack = pc_packset_ready(ps, policy, &err);
    if (pack && pc_pack_wants_pixels(pack)) {
        pc_vision_prepare(logos, pc_pack_logo_refs(pack, logos));
    }
}

int pc__read_pixels(pc__req *r, json_t *v, size_t i, const pc_pack *pack,
                    pc_attachment *a)
{
    json_t *px = json_object_get(v, "pixels"), *rgb, *jpeg;
    pc_vision_logo_ref logos[PC_VISION_MAX_LOGOS];
    size_t n_logos = pc_pack_logo_refs(pack, logos);
    pc_vision_result res;
    unsigned w, h;
    uint8_t *buf;
    long n;

    if (strcmp(a->kind, "image") == 0 && pc_pack_wants_pixels(pack)) {
        /* Its start (OpenCV, the face model) and its reading of the
         * pack's logos overlap the decoding below and the page's
         * drawing of the image; later calls return at once. */
        pc_vision_start(logos, n_logos);
    }
    if (!px || json_is_null(px)) {
        if (a->has_dhash && pc_vision_cached(a->dhash, logos, n_logos, &res)) {
            a->faces = res.faces > 0 ? res.faces : 0;
            a->logos = res.logos;
        }
        return 0;
    }
    rgb = json_is_object(px) ? json_object_get(px, "rgb") : NULL;
    jpeg = json_is_object(px) ? json_object_get(px, "jpeg") : NULL;
    if (json_is_string(rgb) == json_is_string(jpeg) ||
        side(px, "width", &w) != 0 || side(px, "height", &h) != 0) {
        pc_error_set(&r->err, PC_ERR_REQUEST,
                     "attachments[%zu].pixels must be {\"width\", \"height\""
                     " (1..%d), \"rgb\" or \"jpeg\" (base64)}", i,
                     PC_VISION_MAX_THUMB);
        return -1;
    }
    buf = malloc((size_t)w * h * 3);
    if (!buf) {
        pc_error_set(&r->err, PC_ERR_NOMEM, "out of memory");
        return -1;
    }
    if (json_is_string(jpeg)) {
        n = b64_decode(json_string_value(jpeg), json_string_length(jpeg), buf,
                       (size_t)w * h * 3);
        if (n < 0 || pc_vision_look_jpeg(buf, (size_t)n, w, h, a->has_dhash,
                                         a->dhash, logos, n_logos,
                                         &res) != PC_OK) {
            free(buf);
            pc_error_set(&r->err, PC_ERR_REQUEST,
                         "attachments[%zu].pixels.jpeg must be the base64 "
                         "of a JPEG of width x height pixels", i);
            return -1;
        }
        free(buf);
        a->faces = res.faces > 0 ? res.faces : 0;
        a->logos = res.faces >= 0 ? res.logos : 0;
        return 0;
    }
    n = b64_decode(json_string_value(rgb), json_string_length(rgb), buf,
                   (size_t)w * h * 3);
    if (n != (long)((size_t)w * h * 3)) {
        free(buf);
        pc_error_set(&r->err, PC_ERR_REQUEST,
                     "attachments[%zu].pixels.rgb must be the base64 of "
                     "width*height*3 bytes", i);
        return -1;
    }
    pc_vision_look_pixels(buf, w, h, a->has_dhash, a->dhash, logos, n_logos,
                          &res);
    free(buf);
    a->faces = res.faces > 0 ? res.faces : 0;
    a->logos = res.faces >= 0 ? res.logos : 0;
    return 0;
}
