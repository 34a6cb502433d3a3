/* logos_fixture.c: what test_logos.c and test_vision_helper.c share: a
 * private config folder under /tmp holding llmat-crest (a pack extending
 * llmat with a flat test logo of coloured blocks, nobody's real logo),
 * the photos that show that logo, and a check of an image through the
 * protocol that returns the logo finding's message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "images.h"
#include "postcheck/protocol.h"
#include "postcheck/vision.h"
#include "logos_fixture.h"

char home[256];   /* XDG_CONFIG_HOME of the tests */
char folder[320]; /* its postcheck/policies */

void write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");

    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
}

void write_text(const char *dir, const char *name, const char *text)
{
    char path[512];

    snprintf(path, sizeof path, "%s/%s", dir, name);
    write_file(path, text, strlen(text));
}

/* Writes the flat test logo of seed as a PNG (side px) to dir/name. */
void write_logo(const char *dir, const char *name, unsigned seed)
{
    uint8_t *logo = pc_test_block_logo(256, seed);
    size_t n = 0;
    uint8_t *png = pc_test_png(logo, 256, 256, &n);
    char path[512];

    assert_non_null(png);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    write_file(path, png, n);
    free(png);
    free(logo);
}

/* A photo (PHOTO_W x PHOTO_H: a gradient with seeded clutter) showing
 * the test logo of seed at 30% of its width. Owned RGB. */
uint8_t *photo_with(unsigned seed)
{
    uint8_t *img = pc_test_gradient(PHOTO_W, PHOTO_H);
    uint8_t *logo = pc_test_block_logo(256, seed);

    srand(3);
    for (int k = 0; k < 40; k++) {
        unsigned x = (unsigned)rand() % (PHOTO_W - 40);
        unsigned y = (unsigned)rand() % (PHOTO_H - 40);
        uint8_t c[3] = {(uint8_t)rand(), (uint8_t)rand(), (uint8_t)rand()};
        for (unsigned yy = y; yy < y + 30; yy++) {
            for (unsigned xx = x; xx < x + 30; xx++) {
                memcpy(img + ((size_t)yy * PHOTO_W + xx) * 3, c, 3);
            }
        }
    }
    pc_test_paste(img, PHOTO_W, logo, 256, 600, 250, PHOTO_W * 3 / 10);
    free(logo);
    return img;
}

/* Writes photo_with(seed) as a JPEG to path. */
void write_photo(const char *path, unsigned seed)
{
    uint8_t *img = photo_with(seed);
    size_t n = 0;
    uint8_t *jpg = pc_test_jpeg(img, PHOTO_W, PHOTO_H, &n);

    assert_non_null(jpg);
    write_file(path, jpg, n);
    free(jpg);
    free(img);
}

const char extension[] =
    "{\"id\": \"llmat-crest\", \"extends\": \"llmat\", \"name\": \"LLMAT "
    "with its crest\", \"organisation\": \"LLMAT\", \"version\": \"1\", "
    "\"logos\": [{\"name\": \"Test crest\", \"image\": \"crest.png\"}]}";

int setup(void **state)
{
    (void)state;
    snprintf(home, sizeof home, "/tmp/pc-test-logos-%ld", (long)getpid());
    mkdir(home, 0700);
    snprintf(folder, sizeof folder, "%s/postcheck", home);
    mkdir(folder, 0700);
    snprintf(folder, sizeof folder, "%s/postcheck/policies", home);
    mkdir(folder, 0700);
    write_logo(folder, "crest.png", 7);
    write_text(folder, "llmat-crest.json", extension);
    return 0;
}

int teardown(void **state)
{
    char cmd[600];

    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", home);
    return system(cmd) == 0 ? 0 : -1;
}

/* Checks an image (dhash; with pixels of photo_with(seed) when seed is
 * not 0) against llmat-crest; returns the logo finding's message (owned)
 * or NULL. */
char *logo_message_in(pc_packset *ps, const char *policy,
                             const char *dhash, unsigned seed)
{
    json_t *att = json_pack("{s:s, s:s, s:s}", "kind", "image", "name",
                            "IMG_0001.jpg", "dhash", dhash), *req, *f;
    char *text, *reply = NULL, *msg = NULL;
    size_t len = 0, i;
    json_t *out;

    if (seed) {
        uint8_t *img = photo_with(seed);
        pc_vision_image thumb = {img, PHOTO_W, PHOTO_H};
        char *rgb;
        assert_int_equal(pc_vision_shrink(&thumb, 384), PC_OK);
        rgb = pc_test_b64(thumb.rgb, (size_t)thumb.width * thumb.height * 3);
        json_object_set_new(att, "pixels", json_pack("{s:i, s:i, s:s}",
                            "width", thumb.width, "height", thumb.height,
                            "rgb", rgb));
        free(rgb);
        pc_vision_image_free(&thumb);
    }
    req = json_pack("{s:s, s:i, s:s, s:s, s:{s:s}, s:[o]}", "type", "check",
                    "id", 1, "policy", policy, "text", "Hello",
                    "account", "kind", "personal", "attachments", att);
    text = json_dumps(req, JSON_COMPACT);
    pc_protocol_handle(ps, text, strlen(text), &reply, &len);
    out = json_loads(reply, 0, NULL);
    assert_non_null(out);
    json_array_foreach(json_object_get(out, "findings"), i, f) {
        if (strcmp(json_string_value(json_object_get(f, "category")),
                   "logo") == 0) {
            msg = strdup(json_string_value(json_object_get(f, "message")));
        }
    }
    json_decref(out);
    json_decref(req);
    free(text);
    free(reply);
    return msg;
}

char *logo_message(pc_packset *ps, const char *dhash, unsigned seed)
{
    return logo_message_in(ps, "llmat-crest", dhash, seed);
}

void logo_found_in(pc_packset *ps, const char *policy, const char *dhash,
                   unsigned seed, const char *name)
{
    char *msg = logo_message_in(ps, policy, dhash, seed), quoted[128];

    if (!msg) {
        fail_msg("%s: no logo finding for %s (seed %u)", policy, dhash,
                 seed);
    }
    snprintf(quoted, sizeof quoted, "\"%s\"", name ? name : "");
    if (name && !strstr(msg, quoted)) {
        fail_msg("%s: the logo finding does not name %s: %s", policy,
                 quoted, msg);
    }
    free(msg);
}

pc_status hello_images(pc_packset *ps, const char *policy,
                       const char *images, char **reply)
{
    char req[256], *out = NULL;
    size_t len = 0;
    pc_status st;

    snprintf(req, sizeof req, "{\"type\": \"hello\", \"id\": 1, \"policy\": "
             "\"%s\", \"images\": %s}", policy, images);
    st = pc_protocol_handle(ps, req, strlen(req), &out, &len);
    if (reply) {
        *reply = out;
    } else {
        free(out);
    }
    return st;
}

/* Adds llmat-fake, a pack extending llmat whose logo file is not an
 * image the helper can read. */
void add_fake_logo_pack(pc_packset *ps)
{
    char dir[400], path[480];

    snprintf(dir, sizeof dir, "%s/ahead", home);
    mkdir(dir, 0700);
    write_text(dir, "fake.png", "\x89PNG\r\n\x1a\nnot really a png at all");
    write_text(dir, "llmat-fake.json", "{\"id\": \"llmat-fake\", "
               "\"extends\": \"llmat\", \"name\": \"F\", "
               "\"organisation\": \"F\", \"version\": \"1\", \"logos\":"
               " [{\"name\": \"Fake\", \"image\": \"fake.png\"}]}");
    snprintf(path, sizeof path, "%s/llmat-fake.json", dir);
    assert_int_equal(pc_packset_add_file(ps, path, "user", NULL), PC_OK);
}

/* A pack set of the built-in packs and llmat-crest, and llmat-fake when
 * fake is set. Owned: pc_packset_free. */
pc_packset *crest_packs(int fake)
{
    pc_packset *ps = pc_packset_new(NULL);
    char path[480];

    assert_non_null(ps);
    snprintf(path, sizeof path, "%s/llmat-crest.json", folder);
    assert_int_equal(pc_packset_add_builtin(ps, NULL), PC_OK);
    assert_int_equal(pc_packset_add_file(ps, path, "user", NULL), PC_OK);
    if (fake) {
        add_fake_logo_pack(ps);
    }
    return ps;
}
