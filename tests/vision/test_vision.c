/* test_vision.c: images: decoding JPEG, PNG and WebP (sizes, the 50
 * megapixel refusal before decoding, garbage), the dHash, faces found by
 * the postcheck-vision helper in a labelled photo, a helper that dies,
 * and the protocol's "pixels" (faces raise pupil-image; bad pixels are a
 * bad-request; a re-check by dHash needs no pixels), as RGB and as a JPEG
 * (which the hello lists).
 * The labelled photos are dlib's (../shared/images/faces-dlib, adults);
 * the tests that need them are skipped where that folder is missing, and
 * fail where it is there and a photo in it cannot be read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "images.h"
#include "shell.h"
#include "postcheck/protocol.h"
#include "postcheck/vision.h"

#define FACES_DIR PC_SOURCE_DIR "/../shared/images/faces-dlib"

/* A labelled photo's bytes, or NULL when the photos' folder is missing
 * (the caller skips). A photo that is missing or unreadable while its
 * folder is there fails the test: it must not pass as a skip. */
static uint8_t *face_photo(const char *name, size_t *len)
{
    char path[sizeof FACES_DIR + 64];
    struct stat st;
    uint8_t *bytes;

    if (stat(FACES_DIR, &st) != 0 || !S_ISDIR(st.st_mode)) {
        return NULL;
    }
    snprintf(path, sizeof path, "%s/%s", FACES_DIR, name);
    bytes = pc_test_file_bytes(path, len);
    if (!bytes) {
        fail_msg("%s cannot be read, though its folder is there", path);
    }
    return bytes;
}

typedef uint8_t *(*encoder)(const uint8_t *, unsigned, unsigned, size_t *);

static void roundtrip(encoder enc, int tolerance)
{
    uint8_t *rgb = pc_test_gradient(64, 48);
    size_t len = 0;
    uint8_t *file = enc(rgb, 64, 48, &len);
    pc_vision_image img;
    int worst = 0;

    assert_non_null(file);
    assert_int_equal(pc_vision_decode(file, len, 0, &img, NULL), PC_OK);
    assert_int_equal(img.width, 64);
    assert_int_equal(img.height, 48);
    for (size_t i = 0; i < 64 * 48 * 3; i++) {
        int d = abs((int)img.rgb[i] - (int)rgb[i]);
        worst = d > worst ? d : worst;
    }
    assert_true(worst <= tolerance);
    pc_vision_image_free(&img);
    free(file);
    free(rgb);
}

static void decodes_jpeg_png_webp(void **state)
{
    (void)state;
    roundtrip(pc_test_jpeg, 24);
    roundtrip(pc_test_png, 0);
    roundtrip(pc_test_webp, 0);
}

static void shrinks_to_max_side(void **state)
{
    encoder encs[] = {pc_test_jpeg, pc_test_png, pc_test_webp};
    uint8_t *rgb = pc_test_gradient(800, 600);
    (void)state;

    for (size_t k = 0; k < 3; k++) {
        size_t len = 0;
        uint8_t *file = encs[k](rgb, 800, 600, &len);
        pc_vision_image img;
        assert_int_equal(pc_vision_decode(file, len, 384, &img, NULL), PC_OK);
        assert_int_equal(img.width, 384);
        assert_int_equal(img.height, 288);
        /* Still the gradient: dark red on the left, bright on the right. */
        assert_true(img.rgb[0] < 20 && img.rgb[(383) * 3] > 235);
        pc_vision_image_free(&img);
        free(file);
    }
    free(rgb);
}

static void refuses_over_50_megapixels_unread(void **state)
{
    uint8_t *rgb = pc_test_gradient(32, 32);
    size_t plen = 0, jlen = 0;
    uint8_t *png = pc_test_png(rgb, 32, 32, &plen);
    uint8_t *jpg = pc_test_jpeg(rgb, 32, 32, &jlen);
    pc_vision_image img;
    pc_error err;
    (void)state;

    /* The headers claim 8000 x 7000 (56 MP); the data is 32 x 32, so a
     * decoder that got as far as the pixels would fail differently. */
    assert_int_equal(pc_test_png_claim(png, plen, 8000, 7000), 0);
    assert_int_equal(pc_test_jpeg_claim(jpg, jlen, 8000, 7000), 0);
    pc_error_clear(&err);
    assert_int_equal(pc_vision_decode(png, plen, 384, &img, &err),
                     PC_ERR_TOO_LARGE);
    assert_non_null(strstr(err.text, "8000x7000"));
    assert_null(img.rgb);
    assert_int_equal(pc_vision_decode(jpg, jlen, 384, &img, NULL),
                     PC_ERR_TOO_LARGE);
    /* 7000 x 7000 (49 MP) is allowed as far as the header goes. */
    assert_int_equal(pc_test_png_claim(png, plen, 7000, 7000), 0);
    assert_int_not_equal(pc_vision_decode(png, plen, 384, &img, NULL),
                         PC_ERR_TOO_LARGE);
    pc_vision_image_free(&img);
    free(png);
    free(jpg);
    free(rgb);
}

static void refuses_what_is_not_an_image(void **state)
{
    static const uint8_t text[] = "GIF89a is not one we read";
    static const uint8_t jpeg_start[] = {0xff, 0xd8, 0xff, 0xe0, 0, 16};
    static const uint8_t riff[] = "RIFF\x10\0\0\0WEBPVP8 ";
    pc_vision_image img;
    (void)state;

    assert_int_equal(pc_vision_decode(text, sizeof text, 0, &img, NULL),
                     PC_ERR_REQUEST);
    assert_int_equal(pc_vision_decode(jpeg_start, sizeof jpeg_start, 0,
                                      &img, NULL),
                     PC_ERR_REQUEST);
    assert_int_equal(pc_vision_decode(riff, sizeof riff - 1, 0, &img, NULL),
                     PC_ERR_REQUEST);
    assert_int_equal(pc_vision_decode(text, 0, 0, &img, NULL),
                     PC_ERR_REQUEST);
}

static void dhash_follows_brightness(void **state)
{
    uint8_t *rgb = pc_test_gradient(90, 40);
    uint8_t *mirror = malloc(90 * 40 * 3);
    (void)state;

    /* Brighter to the right: every cell is darker than its right
     * neighbour, so every bit is set; mirrored, none is. */
    assert_true(pc_vision_dhash(rgb, 90, 40) == UINT64_MAX);
    for (unsigned y = 0; y < 40; y++) {
        for (unsigned x = 0; x < 90; x++) {
            memcpy(mirror + (y * 90 + x) * 3, rgb + (y * 90 + 89 - x) * 3, 3);
        }
    }
    assert_true(pc_vision_dhash(mirror, 90, 40) == 0);
    free(mirror);
    free(rgb);
}

static void helper_counts_faces(void **state)
{
    size_t len = 0;
    uint8_t *file = face_photo("2008_002470.jpg", &len);
    uint8_t *rgb = pc_test_gradient(640, 480), *jpg;
    pc_vision_result res;
    (void)state;

    if (!file) {
        free(rgb);
        skip();
    }
    /* Six labelled faces in this group photo. */
    assert_int_equal(pc_vision_look_file(file, len, NULL, 0, &res, NULL), PC_OK);
    assert_true(res.faces >= 5 && res.faces <= 7);
    assert_int_equal(res.width, 384);
    assert_true(res.has_dhash);
    free(file);
    /* A gradient has none. */
    jpg = pc_test_jpeg(rgb, 640, 480, &len);
    assert_int_equal(pc_vision_look_file(jpg, len, NULL, 0, &res, NULL), PC_OK);
    assert_int_equal(res.faces, 0);
    free(jpg);
    free(rgb);
}

static void helper_that_dies_is_replaced(void **state)
{
    const char *real = getenv("POSTCHECK_VISION");
    char *saved = real ? strdup(real) : NULL;
    uint8_t *rgb = pc_test_gradient(64, 64), *png;
    pc_vision_result res;
    pc_error err;
    size_t len = 0;
    (void)state;

    png = pc_test_png(rgb, 64, 64, &len);
    pc_vision_shutdown();
    setenv("POSTCHECK_VISION", "/bin/false", 1);
    pc_error_clear(&err);
    assert_int_equal(pc_vision_look_file(png, len, NULL, 0, &res, &err),
                     PC_ERR_INTERNAL);
    assert_true(res.faces < 0);
    if (saved) {
        setenv("POSTCHECK_VISION", saved, 1);
    } else {
        unsetenv("POSTCHECK_VISION");
    }
    assert_int_equal(pc_vision_look_file(png, len, NULL, 0, &res, NULL), PC_OK);
    assert_int_equal(res.faces, 0);
    free(saved);
    free(png);
    free(rgb);
}

/* ---- logos (the shim's finder) ---- */

static void logo_found_in_photo_not_elsewhere(void **state)
{
    uint8_t *logo = pc_test_block_logo(128, 7), *other = pc_test_block_logo(128, 99);
    uint8_t *photo = pc_test_gradient(384, 288), *plain = pc_test_gradient(384, 288);
    pc_vision_logo *l = pc_vision_logo_new(logo, 128, 128, NULL);
    pc_vision_scene *with, *without;
    pc_vision_logo_vote v;
    (void)state;

    assert_non_null(l);
    /* At 30% of the width; the other photo shows another logo. */
    pc_test_paste(photo, 384, logo, 128, 200, 90, 115);
    pc_test_paste(plain, 384, other, 128, 200, 90, 115);
    with = pc_vision_scene_new(photo, 384, 288, NULL);
    without = pc_vision_scene_new(plain, 384, 288, NULL);
    assert_int_equal(pc_vision_logo_find(l, with, &v, NULL), PC_OK);
    assert_true(v.found);
    assert_int_equal(pc_vision_logo_find(l, without, &v, NULL), PC_OK);
    assert_false(v.found);
    pc_vision_scene_free(with);
    pc_vision_scene_free(without);
    pc_vision_logo_free(l);
    free(logo);
    free(other);
    free(photo);
    free(plain);
}

/* ---- postcheck check --image ---- */

/* Runs `postcheck check --policy llmat --personal --image path ""`;
 * returns its exit status and its output in out. */
static int check_image(const char *path, char *out, size_t cap)
{
    char cmd[1024];

    snprintf(cmd, sizeof cmd, "'%s' check --policy llmat --personal "
             "--image '%s' ''", PC_BINARY, path);
    return pc_test_shell(cmd, out, cap);
}

static void cli_reads_jpeg_png_webp(void **state)
{
    encoder encs[] = {pc_test_jpeg, pc_test_png, pc_test_webp};
    const char *ext[] = {"jpg", "png", "webp"};
    size_t len = 0;
    uint8_t *file = face_photo("2008_002470.jpg", &len);
    pc_vision_image img;
    char out[4096], path[256];
    (void)state;

    if (!file) {
        skip();
    }
    /* The same group photo as JPEG, PNG and WebP: each is a pupil image
     * to llmat from a personal account, with no words at all. */
    assert_int_equal(pc_vision_decode(file, len, 0, &img, NULL), PC_OK);
    for (size_t k = 0; k < 3; k++) {
        size_t n = 0;
        uint8_t *enc = encs[k](img.rgb, img.width, img.height, &n);
        FILE *f;
        snprintf(path, sizeof path, "/tmp/pc-test-vision-%ld.%s",
                 (long)getpid(), ext[k]);
        f = fopen(path, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(enc, 1, n, f), n);
        fclose(f);
        assert_int_equal(check_image(path, out, sizeof out), 1);
        assert_non_null(strstr(out, "warning pupil-image"));
        assert_non_null(strstr(out, "faces"));
        remove(path);
        free(enc);
    }
    pc_vision_image_free(&img);
    free(file);
    /* Not an image: a usage or input error, said plainly. */
    assert_int_equal(check_image(PC_SOURCE_DIR "/README.md", out, sizeof out),
                     2);
    assert_non_null(strstr(out, "not a JPEG, PNG or WebP file"));
}

/* ---- the protocol's "pixels" ---- */

/* A check request for llmat from a personal account with one image. */
static json_t *request(const char *dhash, json_t *pixels)
{
    json_t *att = json_pack("{s:s, s:s, s:s}", "kind", "image", "name",
                            "IMG_0001.jpg", "dhash", dhash);
    if (pixels) {
        json_object_set_new(att, "pixels", pixels);
    }
    return json_pack("{s:s, s:i, s:s, s:s, s:{s:s}, s:[o]}", "type", "check",
                     "id", 7, "policy", "llmat", "text", "Lovely day out!",
                     "account", "kind", "personal", "attachments", att);
}

/* Sends req (stolen) and returns the parsed reply. */
static json_t *handle(pc_packset *ps, json_t *req)
{
    char *text = json_dumps(req, JSON_COMPACT), *reply = NULL;
    size_t len = 0;
    json_t *out;

    pc_protocol_handle(ps, text, strlen(text), &reply, &len);
    out = json_loads(reply, 0, NULL);
    free(text);
    free(reply);
    json_decref(req);
    return out;
}

static int has_category(json_t *reply, const char *cat)
{
    json_t *f;
    size_t i;
    json_array_foreach(json_object_get(reply, "findings"), i, f) {
        if (strcmp(json_string_value(json_object_get(f, "category")), cat) ==
            0) {
            return 1;
        }
    }
    return 0;
}

/* An image sent with its pixels raises pupil-image; typing on, the same
 * image named by its dHash alone raises it again (the host keeps what it
 * saw by dHash). */
static void pupil_image_then_by_dhash(pc_packset *ps, const char *dhash,
                                      json_t *pixels)
{
    json_t *reply = handle(ps, request(dhash, pixels));

    assert_string_equal(json_string_value(json_object_get(reply, "type")),
                        "result");
    assert_true(has_category(reply, "pupil-image"));
    json_decref(reply);
    reply = handle(ps, request(dhash, NULL));
    assert_true(has_category(reply, "pupil-image"));
    json_decref(reply);
}

static json_t *pixels(unsigned w, unsigned h, const char *rgb)
{
    return json_pack("{s:i, s:i, s:s}", "width", w, "height", h, "rgb", rgb);
}

static void pixels_with_faces_raise_pupil_image(void **state)
{
    size_t len = 0;
    uint8_t *file = face_photo("2007_007763.jpg", &len);
    pc_packset *ps = pc_packset_new(NULL);
    pc_vision_image img;
    json_t *reply;
    char *rgb;
    (void)state;

    if (!file) {
        pc_packset_free(ps);
        skip();
    }
    assert_int_equal(pc_packset_add_builtin(ps, NULL), PC_OK);
    assert_int_equal(pc_vision_decode(file, len, 384, &img, NULL), PC_OK);
    rgb = pc_test_b64(img.rgb, (size_t)img.width * img.height * 3);
    pupil_image_then_by_dhash(ps, "0123456789abcdef",
                              pixels(img.width, img.height, rgb));
    /* Another image never looked at: words alone, nothing to say. */
    reply = handle(ps, request("fedcba9876543210", NULL));
    assert_false(has_category(reply, "pupil-image"));
    json_decref(reply);
    free(rgb);
    pc_vision_image_free(&img);
    free(file);
    pc_packset_free(ps);
}

/* Each of the n cases (a request's "pixels", taken) sent with dhash is
 * refused as a bad-request; a failure names the case and the reply. */
static void each_is_a_bad_request(pc_packset *ps, const char *dhash,
                                  json_t **cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        json_t *reply = handle(ps, request(dhash, cases[i]));
        const char *code = json_string_value(json_object_get(reply, "code"));

        if (!code || strcmp(code, "bad-request") != 0) {
            char *text = json_dumps(reply, JSON_COMPACT);
            fail_msg("case %zu is not a bad-request: %s", i, text);
        }
        json_decref(reply);
    }
}

static void bad_pixels_are_bad_requests(void **state)
{
    pc_packset *ps = pc_packset_new(NULL);
    uint8_t *grad = pc_test_gradient(4, 2);
    char *good = pc_test_b64(grad, 4 * 2 * 3), *bad = strdup(good);
    json_t *cases[7], *reply;
    (void)state;

    assert_int_equal(pc_packset_add_builtin(ps, NULL), PC_OK);
    bad[3] = '*';
    cases[0] = pixels(4, 3, good);                 /* too few bytes */
    cases[1] = pixels(2, 2, good);                 /* too many bytes */
    cases[2] = pixels(4, 2, bad);                  /* not base64 */
    cases[3] = pixels(385, 1, good);               /* over 384 */
    cases[4] = pixels(0, 2, good);                 /* empty */
    cases[5] = json_pack("{s:i, s:s}", "width", 4, "rgb", good);
    cases[6] = json_string("pixels");
    each_is_a_bad_request(ps, "0000000000000001", cases, 7);
    reply = handle(ps, request("0000000000000001", pixels(4, 2, good)));
    assert_string_equal(json_string_value(json_object_get(reply, "type")),
                        "result");
    assert_false(has_category(reply, "pupil-image"));
    json_decref(reply);
    free(good);
    free(bad);
    free(grad);
    pc_packset_free(ps);
}

static json_t *jpeg_pixels(unsigned w, unsigned h, const char *jpeg)
{
    return json_pack("{s:i, s:i, s:s}", "width", w, "height", h, "jpeg",
                     jpeg);
}

/* The thumbnail as a JPEG (a twelfth of the RGB's bytes): the same
 * faces found, kept by dHash; the hello says the host reads it. */
static void jpeg_pixels_with_faces_raise_pupil_image(void **state)
{
    size_t len = 0, jlen = 0;
    uint8_t *file = face_photo("2007_007763.jpg", &len), *jpg;
    pc_packset *ps = pc_packset_new(NULL);
    pc_vision_image img;
    json_t *reply, *forms;
    char *b64;
    (void)state;

    assert_int_equal(pc_packset_add_builtin(ps, NULL), PC_OK);
    reply = handle(ps, json_pack("{s:s, s:i, s:i}", "type", "hello", "id", 1,
                                 "protocol", 1));
    forms = json_object_get(reply, "pixels");
    assert_int_equal(json_array_size(forms), 2);
    assert_string_equal(json_string_value(json_array_get(forms, 0)), "rgb");
    assert_string_equal(json_string_value(json_array_get(forms, 1)), "jpeg");
    json_decref(reply);
    if (!file) {
        pc_packset_free(ps);
        skip();
    }
    assert_int_equal(pc_vision_decode(file, len, 384, &img, NULL), PC_OK);
    jpg = pc_test_jpeg(img.rgb, img.width, img.height, &jlen);
    assert_non_null(jpg);
    assert_true(jlen < (size_t)img.width * img.height * 3 / 4);
    b64 = pc_test_b64(jpg, jlen);
    pupil_image_then_by_dhash(ps, "1123456789abcdef",
                              jpeg_pixels(img.width, img.height, b64));
    /* The same JPEG said to be of another size: refused, not looked at. */
    reply = handle(ps, request("2123456789abcdef",
                               jpeg_pixels(img.width, img.height - 1, b64)));
    assert_string_equal(json_string_value(json_object_get(reply, "code")),
                        "bad-request");
    json_decref(reply);
    reply = handle(ps, request("2123456789abcdef", NULL));
    assert_false(has_category(reply, "pupil-image"));
    json_decref(reply);
    free(b64);
    free(jpg);
    pc_vision_image_free(&img);
    free(file);
    pc_packset_free(ps);
}

static void bad_jpeg_pixels_are_bad_requests(void **state)
{
    pc_packset *ps = pc_packset_new(NULL);
    uint8_t *grad = pc_test_gradient(32, 24), *png, *jpg;
    size_t png_len = 0, jpg_len = 0;
    char *rgb, *png64, *junk64, *jpg64, *big64;
    uint8_t junk[200], *big;
    json_t *cases[6], *reply;
    (void)state;

    assert_int_equal(pc_packset_add_builtin(ps, NULL), PC_OK);
    png = pc_test_png(grad, 32, 24, &png_len);
    jpg = pc_test_jpeg(grad, 32, 24, &jpg_len);
    assert_non_null(png);
    assert_non_null(jpg);
    /* A JPEG's first marker, then garbage. */
    for (size_t i = 0; i < sizeof junk; i++) {
        junk[i] = (uint8_t)(i * 37 + 11);
    }
    junk[0] = 0xff;
    junk[1] = 0xd8;
    junk[2] = 0xff;
    /* More bytes than width * height * 3: no JPEG that small is so long. */
    big = calloc(4 * 4 * 3 + 1, 1);
    memcpy(big, jpg, 3);
    rgb = pc_test_b64(grad, 32 * 24 * 3);
    png64 = pc_test_b64(png, png_len);
    junk64 = pc_test_b64(junk, sizeof junk);
    jpg64 = pc_test_b64(jpg, jpg_len);
    big64 = pc_test_b64(big, 4 * 4 * 3 + 1);
    cases[0] = jpeg_pixels(32, 24, png64);         /* a PNG */
    cases[1] = jpeg_pixels(32, 24, junk64);        /* not decodable */
    cases[2] = jpeg_pixels(32, 24, "*notbase64*");
    cases[3] = jpeg_pixels(4, 4, big64);           /* over w * h * 3 */
    cases[4] = json_pack("{s:i, s:i, s:s, s:s}", "width", 32, "height", 24,
                         "rgb", rgb, "jpeg", jpg64); /* both */
    cases[5] = jpeg_pixels(24, 32, jpg64);         /* sides swapped */
    each_is_a_bad_request(ps, "0000000000000002", cases, 6);
    /* And the host goes on: the good one is read. */
    reply = handle(ps, request("0000000000000002", jpeg_pixels(32, 24, jpg64)));
    assert_string_equal(json_string_value(json_object_get(reply, "type")),
                        "result");
    json_decref(reply);
    free(rgb);
    free(png64);
    free(junk64);
    free(jpg64);
    free(big64);
    free(big);
    free(png);
    free(jpg);
    free(grad);
    pc_packset_free(ps);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(decodes_jpeg_png_webp),
        cmocka_unit_test(shrinks_to_max_side),
        cmocka_unit_test(refuses_over_50_megapixels_unread),
        cmocka_unit_test(refuses_what_is_not_an_image),
        cmocka_unit_test(dhash_follows_brightness),
        cmocka_unit_test(helper_counts_faces),
        cmocka_unit_test(helper_that_dies_is_replaced),
        cmocka_unit_test(cli_reads_jpeg_png_webp),
        cmocka_unit_test(logo_found_in_photo_not_elsewhere),
        cmocka_unit_test(pixels_with_faces_raise_pupil_image),
        cmocka_unit_test(bad_pixels_are_bad_requests),
        cmocka_unit_test(jpeg_pixels_with_faces_raise_pupil_image),
        cmocka_unit_test(bad_jpeg_pixels_are_bad_requests),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    pc_vision_shutdown();
    return rc;
}
