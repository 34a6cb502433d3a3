/* test_logos.c: logos given as image files beside a pack, and packs that
 * extend a built-in pack to add them (issue 12 part 5): an extension of
 * llmat in the user's policy folder inherits its rules; `postcheck check
 * --image` on a photo showing the extension's logo raises llmat's logo
 * rule, naming the logo and citing its clause, and a photo with another
 * logo does not; the protocol's "pixels" do the same and a re-check by
 * dHash alone keeps the finding, also when the first image attachment
 * handed the logos to the helper ahead of its pixels; `policy lint` refuses a missing, large
 * or unreadable logo file, an unknown pack to extend and a cycle; and the
 * host starts its vision helper at the first image attachment for a pack
 * that looks at pixels, not at the hello or for a post without images,
 * and not for a pack that does not look at pixels, unless the hello says
 * images may come (then it also hands it the pack's logos).
 * Every image is drawn here (flat test logos of coloured blocks: nobody's
 * real logo); files go to a private folder under /tmp. */
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

#define PHOTO_W 1152
#define PHOTO_H 864

static char home[256];   /* XDG_CONFIG_HOME of the tests */
static char folder[320]; /* its postcheck/policies */

static void write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");

    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
}

static void write_text(const char *dir, const char *name, const char *text)
{
    char path[512];

    snprintf(path, sizeof path, "%s/%s", dir, name);
    write_file(path, text, strlen(text));
}

/* Writes the flat test logo of seed as a PNG (side px) to dir/name. */
static void write_logo(const char *dir, const char *name, unsigned seed)
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
static uint8_t *photo_with(unsigned seed)
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
static void write_photo(const char *path, unsigned seed)
{
    uint8_t *img = photo_with(seed);
    size_t n = 0;
    uint8_t *jpg = pc_test_jpeg(img, PHOTO_W, PHOTO_H, &n);

    assert_non_null(jpg);
    write_file(path, jpg, n);
    free(jpg);
    free(img);
}

static const char extension[] =
    "{\"id\": \"llmat-crest\", \"extends\": \"llmat\", \"name\": \"LLMAT "
    "with its crest\", \"organisation\": \"LLMAT\", \"version\": \"1\", "
    "\"logos\": [{\"name\": \"Test crest\", \"image\": \"crest.png\"}]}";

static int setup(void **state)
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

static int teardown(void **state)
{
    char cmd[600];

    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", home);
    return system(cmd) == 0 ? 0 : -1;
}

/* Runs postcheck with args (a shell fragment) and the test's config
 * folder; returns its exit status and its output in out. */
static int run(const char *args, char *out, size_t cap)
{
    char cmd[2048];
    FILE *p;
    size_t n;
    int status;

    snprintf(cmd, sizeof cmd, "XDG_CONFIG_HOME='%s' '%s' %s 2>&1", home,
             PC_BINARY, args);
    p = popen(cmd, "r");
    assert_non_null(p);
    n = fread(out, 1, cap - 1, p);
    out[n] = '\0';
    status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
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

/* Checks an image (dhash; with pixels of photo_with(seed) when seed is
 * not 0) against llmat-crest; returns the logo finding's message (owned)
 * or NULL. */
static char *logo_message_in(pc_packset *ps, const char *policy,
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

static char *logo_message(pc_packset *ps, const char *dhash, unsigned seed)
{
    return logo_message_in(ps, "llmat-crest", dhash, seed);
}

/* Adds llmat-fake, a pack extending llmat whose logo file is not an
 * image the helper can read. */
static void add_fake_logo_pack(pc_packset *ps)
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

/* The first image attachment hands the pack's logos to the helper
 * without waiting for it to read them (pc_vision_start); the look that
 * follows reads those replies first. Its logo is found at that first
 * look, and a pack whose logo the helper cannot read, handed ahead the
 * same way, leaves the next look answered: the photo with the good
 * pack's logo is still found, and the broken pack raises no logo. */
static void logos_handed_at_the_attachment(void **state)
{
    pc_packset *ps = pc_packset_new(NULL);
    char path[480], *msg;
    (void)state;

    snprintf(path, sizeof path, "%s/llmat-crest.json", folder);
    assert_int_equal(pc_packset_add_builtin(ps, NULL), PC_OK);
    assert_int_equal(pc_packset_add_file(ps, path, "user", NULL), PC_OK);
    add_fake_logo_pack(ps);
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
    pc_packset *ps = pc_packset_new(NULL);
    char path[400], *msg;
    (void)state;

    snprintf(path, sizeof path, "%s/llmat-crest.json", folder);
    assert_int_equal(pc_packset_add_builtin(ps, NULL), PC_OK);
    assert_int_equal(pc_packset_add_file(ps, path, "user", NULL), PC_OK);
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

/* ---- the helper starts at the first image ---- */

/* The number of children of process pid. */
static int children(pid_t pid)
{
    char path[64];
    long child;
    int kids = 0;
    FILE *f;

    snprintf(path, sizeof path, "/proc/%ld/task/%ld/children", (long)pid,
             (long)pid);
    f = fopen(path, "r");
    while (f && fscanf(f, "%ld", &child) == 1) {
        kids++;
    }
    if (f) {
        fclose(f);
    }
    return kids;
}

/* Writes one request frame to fd and reads its reply from rfd. */
static void ask(int fd, int rfd, const char *req)
{
    char buf[8192];
    uint32_t len = (uint32_t)strlen(req);
    size_t got = 0;

    assert_int_equal(write(fd, &len, 4), 4);
    assert_int_equal(write(fd, req, len), (ssize_t)len);
    assert_int_equal(read(rfd, &len, 4), 4);
    assert_true(len < sizeof buf);
    while (got < len) {
        ssize_t n = read(rfd, buf + got, len - got);
        assert_true(n > 0);
        got += (size_t)n;
    }
}

/* How many children `postcheck serve` has up to max_ms after it was sent
 * a hello naming policy (saying images may come when hello_images is
 * set), a check of a post without attachments unless image is -1, and,
 * when image is 1, a check of a post with an image attachment (a name,
 * no pixels); the host idles (its warm-up runs) after each. */
static int children_after_hello(const char *policy, int hello_images,
                                int image, int max_ms)
{
    char req[512];
    int in[2], out[2], kids = 0;
    pid_t pid;

    assert_int_equal(pipe(in), 0);
    assert_int_equal(pipe(out), 0);
    pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[1]);
        close(out[0]);
        setenv("XDG_CONFIG_HOME", home, 1);
        execl(PC_BINARY, PC_BINARY, "serve", (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    snprintf(req, sizeof req, "{\"type\": \"hello\", \"id\": 1, "
             "\"protocol\": 1, \"policy\": \"%s\"%s}", policy,
             hello_images ? ", \"images\": true" : "");
    ask(in[1], out[0], req);
    snprintf(req, sizeof req, "{\"type\": \"check\", \"id\": 2, "
             "\"policy\": \"%s\", \"account\": {\"kind\": "
             "\"personal\"}, \"text\": \"Sports day\"%s}", policy,
             image > 0 ? ", \"attachments\": [{\"kind\": \"image\", "
                         "\"name\": \"day.jpg\"}]" : "");
    if (image >= 0) {
        ask(in[1], out[0], req);
    }
    for (int took = 0; took < max_ms && kids == 0; took += 100) {
        nanosleep(&(struct timespec){0, 100000000}, NULL);
        kids = children(pid);
    }
    close(in[1]);
    close(out[0]);
    waitpid(pid, NULL, 0);
    return kids;
}

static int children_after(const char *policy, int image, int max_ms)
{
    return children_after_hello(policy, 0, image, max_ms);
}

static void helper_starts_at_the_first_image(void **state)
{
    (void)state;

    /* llmat has faces rules; the extension adds a logo image: a host
     * that has checked a post without images has no helper after an
     * idle moment (before, it started one once the pack was prepared),
     * and starts one at the first image attachment. alt has neither and
     * starts none even then. */
    assert_int_equal(children_after("llmat", 0, 2000), 0);
    assert_int_equal(children_after("llmat-crest", 0, 2000), 0);
    assert_int_equal(children_after("llmat", 1, 60000), 1);
    assert_int_equal(children_after("llmat-crest", 1, 60000), 1);
    assert_int_equal(children_after("alt", 1, 2000), 0);
}

/* A hello that says images may come (the extension's, when a composer
 * takes the focus) starts the helper for a pack that looks at pixels
 * before any check, and hands it the pack's logos: the first photo's
 * logo is found at its first look, and a pack whose logo the helper
 * cannot read, handed the same way, leaves the look answered. A pack
 * that does not look at pixels starts nothing; "images" must be a
 * boolean. */
static void helper_starts_at_a_hello_saying_images(void **state)
{
    pc_packset *ps = pc_packset_new(NULL);
    const char *hello = "{\"type\": \"hello\", \"id\": 1, \"policy\": "
                        "\"%s\", \"images\": %s}";
    char path[480], req[256], *msg, *reply = NULL;
    size_t len = 0;
    (void)state;

    assert_int_equal(children_after_hello("llmat", 1, -1, 60000), 1);
    assert_int_equal(children_after_hello("llmat-crest", 1, -1, 60000), 1);
    assert_int_equal(children_after_hello("alt", 1, -1, 2000), 0);
    assert_int_equal(children_after_hello("llmat-crest", 0, -1, 2000), 0);

    snprintf(path, sizeof path, "%s/llmat-crest.json", folder);
    assert_int_equal(pc_packset_add_builtin(ps, NULL), PC_OK);
    assert_int_equal(pc_packset_add_file(ps, path, "user", NULL), PC_OK);
    add_fake_logo_pack(ps);
    snprintf(req, sizeof req, hello, "llmat-crest", "\"yes\"");
    assert_int_equal(pc_protocol_handle(ps, req, strlen(req), &reply, &len),
                     PC_ERR_REQUEST);
    assert_non_null(strstr(reply, "images must be a boolean"));
    free(reply);
    snprintf(req, sizeof req, hello, "llmat-crest", "true");
    assert_int_equal(pc_protocol_handle(ps, req, strlen(req), &reply, &len),
                     PC_OK);
    free(reply);
    msg = logo_message(ps, "4444444444444444", 7);
    assert_non_null(msg);
    assert_non_null(strstr(msg, "\"Test crest\""));
    free(msg);
    snprintf(req, sizeof req, hello, "llmat-fake", "true");
    assert_int_equal(pc_protocol_handle(ps, req, strlen(req), &reply, &len),
                     PC_OK);
    free(reply);
    assert_null(logo_message_in(ps, "llmat-fake", "5555555555555555", 7));
    msg = logo_message(ps, "6666666666666666", 7);
    assert_non_null(msg);
    free(msg);
    pc_packset_free(ps);
    pc_vision_shutdown();
}

/* A logo file larger than the helper's socket holds, handed ahead at a
 * hello saying images may come: the socket takes part of it at once,
 * and the rest goes while the host waits for its next request
 * (pc_vision_wait, which serve.c calls when idle), not at that request.
 * The bytes sent piece by piece are read whole: the logo is found at the
 * first look. */
static void big_logo_sent_while_idle(void **state)
{
    pc_packset *ps = pc_packset_new(NULL);
    const char *hello = "{\"type\": \"hello\", \"id\": 1, \"policy\": "
                        "\"llmat-big\", \"images\": true}";
    enum { SIDE = 800 };
    uint8_t *small = pc_test_block_logo(256, 7);
    uint8_t *big = malloc((size_t)SIDE * SIDE * 3), *png;
    char dir[400], path[480], *reply = NULL, *msg;
    size_t len = 0, n = 0;
    int quiet[2];
    (void)state;

    /* The crest at 800 px, its pixels' lowest bits noise, so that the PNG
     * stays large (over 500 KB: the socket holds about 200 KB). */
    assert_non_null(big);
    srand(11);
    for (unsigned y = 0; y < SIDE; y++) {
        for (unsigned x = 0; x < SIDE; x++) {
            const uint8_t *c = small + ((size_t)(y * 256 / SIDE) * 256 + x * 256 / SIDE) * 3;
            for (int k = 0; k < 3; k++) {
                int v = c[k] + rand() % 17 - 8;
                big[((size_t)y * SIDE + x) * 3 + k] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
            }
        }
    }
    png = pc_test_png(big, SIDE, SIDE, &n);
    assert_non_null(png);
    assert_true(n > 500000 && n < PC_VISION_MAX_LOGO_FILE);
    snprintf(dir, sizeof dir, "%s/big", home);
    mkdir(dir, 0700);
    snprintf(path, sizeof path, "%s/big.png", dir);
    write_file(path, png, n);
    write_text(dir, "llmat-big.json", "{\"id\": \"llmat-big\", "
               "\"extends\": \"llmat\", \"name\": \"B\", "
               "\"organisation\": \"B\", \"version\": \"1\", \"logos\":"
               " [{\"name\": \"Big crest\", \"image\": \"big.png\"}]}");
    snprintf(path, sizeof path, "%s/llmat-big.json", dir);
    assert_int_equal(pc_packset_add_builtin(ps, NULL), PC_OK);
    assert_int_equal(pc_packset_add_file(ps, path, "user", NULL), PC_OK);

    assert_int_equal(pc_protocol_handle(ps, hello, strlen(hello), &reply, &len),
                     PC_OK);
    free(reply);
    assert_true(pc_vision_sending());
    /* Idle: no request comes (a pipe nobody writes to). */
    assert_int_equal(pipe(quiet), 0);
    for (int i = 0; i < 60 && pc_vision_sending(); i++) {
        assert_int_equal(pc_vision_wait(quiet[0], 1000), 0);
    }
    assert_false(pc_vision_sending());
    msg = logo_message_in(ps, "llmat-big", "7777777777777777", 7);
    assert_non_null(msg);
    assert_non_null(strstr(msg, "\"Big crest\""));
    free(msg);
    close(quiet[0]);
    close(quiet[1]);
    free(png);
    free(big);
    free(small);
    pc_packset_free(ps);
    pc_vision_shutdown();
}

/* The children of process pid that are running (not exited and waiting
 * to be reaped). */
static int live_children(pid_t pid)
{
    char path[64], stat[256];
    long child;
    int kids = 0;
    FILE *f;

    snprintf(path, sizeof path, "/proc/%ld/task/%ld/children", (long)pid,
             (long)pid);
    f = fopen(path, "r");
    while (f && fscanf(f, "%ld", &child) == 1) {
        FILE *s;
        char *end;
        snprintf(path, sizeof path, "/proc/%ld/stat", child);
        s = fopen(path, "r");
        if (s && fgets(stat, sizeof stat, s) && (end = strrchr(stat, ')')) &&
            end[1] == ' ' && end[2] != 'Z') {
            kids++;
        }
        if (s) {
            fclose(s);
        }
    }
    if (f) {
        fclose(f);
    }
    return kids;
}

/* A helper left idle gives its memory back: kept idle for
 * POSTCHECK_VISION_IDLE_MS (300 ms here; 5 minutes by default), it has
 * exited a little later, with nothing asked of it. The next hello saying
 * images may come (a composer taking the focus) starts another and hands
 * it the pack's logos again: the logo is found at the first look, as it
 * was before the stop. */
static void idle_helper_stops_and_starts_again(void **state)
{
    const char *hello = "{\"type\": \"hello\", \"id\": 1, \"policy\": "
                        "\"llmat-crest\", \"images\": true}";
    pc_packset *ps = pc_packset_new(NULL);
    char path[400], *msg, *reply = NULL;
    size_t len = 0;
    int took;
    (void)state;

    setenv("POSTCHECK_VISION_IDLE_MS", "300", 1);
    snprintf(path, sizeof path, "%s/llmat-crest.json", folder);
    assert_int_equal(pc_packset_add_builtin(ps, NULL), PC_OK);
    assert_int_equal(pc_packset_add_file(ps, path, "user", NULL), PC_OK);
    msg = logo_message(ps, "8888888888888888", 7);
    assert_non_null(msg);
    free(msg);
    assert_int_equal(live_children(getpid()), 1);
    for (took = 0; took < 20000 && live_children(getpid()) > 0; took += 100) {
        nanosleep(&(struct timespec){0, 100000000}, NULL);
    }
    assert_int_equal(live_children(getpid()), 0);
    assert_int_equal(pc_protocol_handle(ps, hello, strlen(hello), &reply, &len),
                     PC_OK);
    free(reply);
    assert_int_equal(live_children(getpid()), 1);
    msg = logo_message(ps, "9999999999999999", 7);
    assert_non_null(msg);
    assert_non_null(strstr(msg, "\"Test crest\""));
    free(msg);
    /* What was found before the stop is still known by its dHash. */
    msg = logo_message(ps, "8888888888888888", 0);
    assert_non_null(msg);
    free(msg);
    unsetenv("POSTCHECK_VISION_IDLE_MS");
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
        cmocka_unit_test(helper_starts_at_the_first_image),
        cmocka_unit_test(helper_starts_at_a_hello_saying_images),
        cmocka_unit_test(big_logo_sent_while_idle),
        cmocka_unit_test(idle_helper_stops_and_starts_again),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
