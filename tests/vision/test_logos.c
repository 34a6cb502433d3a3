/* test_logos.c: logos given as image files beside a pack, and packs that
 * extend a built-in pack to add them (issue 12 part 5): an extension of
 * llmat in the user's policy folder inherits its rules; `postcheck check
 * --image` on a photo showing the extension's logo raises llmat's logo
 * rule, naming the logo and citing its clause, and a photo with another
 * logo does not; the protocol's "pixels" do the same and a re-check by
 * dHash alone keeps the finding, also when the first image attachment
 * handed the logos to the helper ahead of its pixels; `policy lint`
 * refuses a missing, large or unreadable logo file, an unknown pack to
 * extend and a cycle. When the host starts its vision helper is in
 * test_vision_helper.c; both share logos_fixture.c.
 * Every image is drawn here (flat test logos of coloured blocks: nobody's
 * real logo); files go to a private folder under /tmp. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "images.h"
#include "shell.h"
#include "postcheck/protocol.h"
#include "postcheck/vision.h"
#include "logos_fixture.h"

/* Runs postcheck with args (a shell fragment) and the test's config
 * folder; returns its exit status and its output in out. */
static int run(const char *args, char *out, size_t cap)
{
    char cmd[2048];

    snprintf(cmd, sizeof cmd, "XDG_CONFIG_HOME='%s' '%s' %s", home,
             PC_BINARY, args);
    return pc_test_shell(cmd, out, cap);
}

static void check_image_finds_the_extensions_logo(void **state)
{
    char out[8192], args[1024], with[400], other[400];
    (void)state;

    snprintf(with, sizeof with, "%s/banner.jpg", home);
    snprintf(other, sizeof other, "%s/other.jpg", home);
    write_photo(with, 7);
    write_photo(other, 99);
    snprintf(args, sizeof args, "check --policy llmat-crest --personal "
             "--image '%s' 'Lovely day out!'", with);
    assert_int_equal(run(args, out, sizeof out), 1);
    assert_non_null(strstr(out, "banner.jpg error logo This image shows "
                                "\"Test crest\". "));
    assert_non_null(strstr(out, "[LLMAT 5.4]"));
    /* Another logo in the same kind of photo is not the crest. */
    snprintf(args, sizeof args, "check --policy llmat-crest --personal "
             "--image '%s' 'Lovely day out!'", other);
    assert_int_equal(run(args, out, sizeof out), 0);
    assert_null(strstr(out, "logo"));
    /* llmat itself has no logo image: the extension added it. */
    snprintf(args, sizeof args, "check --policy llmat --personal "
             "--image '%s' 'Lovely day out!'", with);
    assert_int_equal(run(args, out, sizeof out), 0);
    assert_null(strstr(out, "logo"));
}

/* The rule count `policy lint` gives for path. */
static long lint_rules(const char *path, char *out, size_t cap)
{
    char args[600];
    const char *at;

    snprintf(args, sizeof args, "policy lint '%s'", path);
    assert_int_equal(run(args, out, cap), 0);
    at = strstr(out, ", ");
    assert_non_null(at);
    return strtol(at + 2, NULL, 10);
}

static void extension_inherits_every_rule(void **state)
{
    char out[8192], path[400];
    long base, ext;
    (void)state;

    base = lint_rules(PC_SOURCE_DIR "/host/policies/llmat.json", out,
                      sizeof out);
    snprintf(path, sizeof path, "%s/llmat-crest.json", folder);
    ext = lint_rules(path, out, sizeof out);
    assert_non_null(strstr(out, "ok: llmat-crest"));
    assert_true(base > 5);
    assert_int_equal(ext, base);
    /* A word rule of llmat's, and its names, from the extension. */
    assert_int_equal(run("policy list", out, sizeof out), 0);
    assert_non_null(strstr(out, "llmat-crest"));
    assert_int_equal(run("check --policy llmat-crest --personal "
                         "'Brilliant INSET day at LLMAT today, so much to "
                         "take back to my classroom!'", out, sizeof out), 1);
    assert_non_null(strstr(out, "disclaimer"));
}

/* Lints pack text (written as dir/name.json in a folder of its own with
 * the files of the test logo) and expects failure saying why. */
static void lint_fails(const char *name, const char *text, const char *why)
{
    char dir[400], args[600], out[8192];

    snprintf(dir, sizeof dir, "%s/%s", home, name);
    mkdir(dir, 0700);
    write_logo(dir, "crest.png", 7);
    write_text(dir, "pack.json", text);
    snprintf(args, sizeof args, "policy lint '%s/pack.json'", dir);
    assert_int_equal(run(args, out, sizeof out), 1);
    if (!strstr(out, why)) {
        print_error("lint said: %s\n", out);
    }
    assert_non_null(strstr(out, why));
}

static void lint_refuses_bad_logos_and_extends(void **state)
{
    char dir[400];
    uint8_t *big;
    (void)state;

    lint_fails("missing", "{\"id\": \"a\", \"extends\": \"llmat\", \"name\": "
               "\"A\", \"organisation\": \"A\", \"version\": \"1\", \"logos\":"
               " [{\"name\": \"Crest\", \"image\": \"nope.png\"}]}",
               "nope.png does not exist");
    lint_fails("unknown", "{\"id\": \"a\", \"extends\": \"nosuchpack\", "
               "\"name\": \"A\", \"organisation\": \"A\", \"version\": \"1\","
               " \"logos\": [{\"name\": \"Crest\", \"image\": \"crest.png\"}]}",
               "extends 'nosuchpack', which is not loaded");
    lint_fails("path", "{\"id\": \"a\", \"extends\": \"llmat\", \"name\": "
               "\"A\", \"organisation\": \"A\", \"version\": \"1\", \"logos\":"
               " [{\"name\": \"Crest\", \"image\": \"../crest.png\"}]}",
               "must be the name of a file in the pack's folder");
    /* A file that starts like a PNG and is not one: the helper says. */
    snprintf(dir, sizeof dir, "%s/broken", home);
    mkdir(dir, 0700);
    write_text(dir, "fake.png", "\x89PNG\r\n\x1a\nnot really a png at all");
    lint_fails("broken", "{\"id\": \"a\", \"extends\": \"llmat\", \"name\": "
               "\"A\", \"organisation\": \"A\", \"version\": \"1\", \"logos\":"
               " [{\"name\": \"Crest\", \"image\": \"fake.png\"}]}",
               "logo \"Crest\" cannot be read as an image");
    /* Over 2 MiB. */
    snprintf(dir, sizeof dir, "%s/big", home);
    mkdir(dir, 0700);
    big = calloc(3u << 20, 1);
    assert_non_null(big);
    memcpy(big, "\x89PNG\r\n\x1a\n", 8);
    snprintf(dir, sizeof dir, "%s/big/big.png", home);
    write_file(dir, big, 3u << 20);
    free(big);
    lint_fails("big", "{\"id\": \"a\", \"extends\": \"llmat\", \"name\": "
               "\"A\", \"organisation\": \"A\", \"version\": \"1\", \"logos\":"
               " [{\"name\": \"Crest\", \"image\": \"big.png\"}]}",
               "is over 2 MiB");
    lint_fails("self", "{\"id\": \"a\", \"extends\": \"a\", \"name\": "
               "\"A\", \"organisation\": \"A\", \"version\": \"1\", \"logos\":"
               " [{\"name\": \"Crest\", \"image\": \"crest.png\"}]}",
               "a pack cannot extend itself");
}

static void lint_refuses_a_cycle(void **state)
{
    char path[400], out[8192], args[600];
    (void)state;

    /* Two packs in the user's folder that extend each other. */
    write_text(folder, "cyc-a.json", "{\"id\": \"cyc-a\", \"extends\": "
               "\"cyc-b\", \"name\": \"A\", \"organisation\": \"A\", "
               "\"version\": \"1\", \"logos\": [{\"name\": \"Crest\", "
               "\"image\": \"crest.png\"}]}");
    write_text(folder, "cyc-b.json", "{\"id\": \"cyc-b\", \"extends\": "
               "\"cyc-a\", \"name\": \"B\", \"organisation\": \"B\", "
               "\"version\": \"1\", \"logos\": [{\"name\": \"Crest\", "
               "\"image\": \"crest.png\"}]}");
    snprintf(path, sizeof path, "%s/cyc-a.json", folder);
    snprintf(args, sizeof args, "policy lint '%s'", path);
    assert_int_equal(run(args, out, sizeof out), 1);
    assert_non_null(strstr(out, "extend each other (a cycle)"));
    /* The other packs still serve. */
    assert_int_equal(run("check --policy llmat-crest 'Hello'", out,
                         sizeof out), 0);
    snprintf(path, sizeof path, "%s/cyc-a.json", folder);
    remove(path);
    snprintf(path, sizeof path, "%s/cyc-b.json", folder);
    remove(path);
}

/* ---- the protocol's "pixels" ---- */
/* The first image attachment hands the pack's logos to the helper
 * without waiting for it to read them (pc_vision_start); the look that
 * follows reads those replies first. Its logo is found at that first
 * look, and a pack whose logo the helper cannot read, handed ahead the
 * same way, leaves the next look answered: the photo with the good
 * pack's logo is still found, and the broken pack raises no logo. */
static void logos_handed_at_the_attachment(void **state)
{
    pc_packset *ps = crest_packs(1);
    char *msg;
    (void)state;

    /* The attachment before its pixels (an unknown dHash): no finding. */
    assert_null(logo_message(ps, "1111111111111111", 0));
    msg = logo_message(ps, "1111111111111111", 7);
    assert_non_null(msg);
    assert_non_null(strstr(msg, "\"Test crest\""));
    free(msg);
    assert_null(logo_message_in(ps, "llmat-fake", "2222222222222222", 0));
    assert_null(logo_message_in(ps, "llmat-fake", "2222222222222222", 7));
    msg = logo_message(ps, "3333333333333333", 7);
    assert_non_null(msg);
    free(msg);
    pc_packset_free(ps);
    pc_vision_shutdown();
}

static void pixels_find_the_logo_and_dhash_remembers(void **state)
{
    pc_packset *ps = crest_packs(0);
    char *msg;
    (void)state;

    msg = logo_message(ps, "0123456789abcdef", 7);
    assert_non_null(msg);
    assert_non_null(strstr(msg, "\"Test crest\""));
    free(msg);
    /* Typing on: the same image by its dHash alone. */
    msg = logo_message(ps, "0123456789abcdef", 0);
    assert_non_null(msg);
    free(msg);
    /* Another logo's photo. */
    assert_null(logo_message(ps, "fedcba9876543210", 99));
    pc_packset_free(ps);
    pc_vision_shutdown();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(check_image_finds_the_extensions_logo),
        cmocka_unit_test(extension_inherits_every_rule),
        cmocka_unit_test(lint_refuses_bad_logos_and_extends),
        cmocka_unit_test(lint_refuses_a_cycle),
        cmocka_unit_test(pixels_find_the_logo_and_dhash_remembers),
        cmocka_unit_test(logos_handed_at_the_attachment),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
