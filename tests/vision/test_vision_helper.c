/* test_vision_helper.c: when the host starts its vision helper
 * (host/vision.c, vision_helper.c), and what it hands it: not at the hello
 * or for a post without images, not for a pack that does not look at
 * pixels, but at the first image attachment, or at a hello that says
 * images may come (then it also hands it the pack's logos); a logo file
 * larger than the helper's socket holds, handed ahead while idle; a helper
 * left idle stops and starts again at the next image. Split from
 * test_logos.c; both use logos_fixture.c (flat test logos, nobody's). */
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

/* ---- the helper starts at the first image ---- */

/* The number of children of process pid; with live_only, only those
 * running (not exited and waiting to be reaped). */
static int children_of(pid_t pid, int live_only)
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
        if (!live_only) {
            kids++;
            continue;
        }
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
        kids = children_of(pid, 0);
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
    pc_packset *ps;
    char *reply = NULL;
    (void)state;

    assert_int_equal(children_after_hello("llmat", 1, -1, 60000), 1);
    assert_int_equal(children_after_hello("llmat-crest", 1, -1, 60000), 1);
    assert_int_equal(children_after_hello("alt", 1, -1, 2000), 0);
    assert_int_equal(children_after_hello("llmat-crest", 0, -1, 2000), 0);

    ps = crest_packs(1);
    assert_int_equal(hello_images(ps, "llmat-crest", "\"yes\"", &reply),
                     PC_ERR_REQUEST);
    assert_non_null(strstr(reply, "images must be a boolean"));
    free(reply);
    assert_int_equal(hello_images(ps, "llmat-crest", "true", NULL), PC_OK);
    logo_found_in(ps, "llmat-crest", "4444444444444444", 7, "Test crest");
    assert_int_equal(hello_images(ps, "llmat-fake", "true", NULL), PC_OK);
    assert_null(logo_message_in(ps, "llmat-fake", "5555555555555555", 7));
    logo_found_in(ps, "llmat-crest", "6666666666666666", 7, NULL);
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
    enum { SIDE = 800 };
    uint8_t *small = pc_test_block_logo(256, 7);
    uint8_t *big = malloc((size_t)SIDE * SIDE * 3), *png;
    char dir[400], path[480];
    size_t n = 0;
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

    assert_int_equal(hello_images(ps, "llmat-big", "true", NULL), PC_OK);
    assert_true(pc_vision_sending());
    /* Idle: no request comes (a pipe nobody writes to). */
    assert_int_equal(pipe(quiet), 0);
    for (int i = 0; i < 60 && pc_vision_sending(); i++) {
        assert_int_equal(pc_vision_wait(quiet[0], 1000), 0);
    }
    assert_false(pc_vision_sending());
    logo_found_in(ps, "llmat-big", "7777777777777777", 7, "Big crest");
    close(quiet[0]);
    close(quiet[1]);
    free(png);
    free(big);
    free(small);
    pc_packset_free(ps);
    pc_vision_shutdown();
}

/* A helper left idle gives its memory back: kept idle for
 * POSTCHECK_VISION_IDLE_MS (300 ms here; 5 minutes by default), it has
 * exited a little later, with nothing asked of it. The next hello saying
 * images may come (a composer taking the focus) starts another and hands
 * it the pack's logos again: the logo is found at the first look, as it
 * was before the stop. */
static void idle_helper_stops_and_starts_again(void **state)
{
    pc_packset *ps;
    int took;
    (void)state;

    setenv("POSTCHECK_VISION_IDLE_MS", "300", 1);
    ps = crest_packs(0);
    logo_found_in(ps, "llmat-crest", "8888888888888888", 7, NULL);
    assert_int_equal(children_of(getpid(), 1), 1);
    for (took = 0; took < 20000 && children_of(getpid(), 1) > 0; took += 100) {
        nanosleep(&(struct timespec){0, 100000000}, NULL);
    }
    assert_int_equal(children_of(getpid(), 1), 0);
    assert_int_equal(hello_images(ps, "llmat-crest", "true", NULL), PC_OK);
    assert_int_equal(children_of(getpid(), 1), 1);
    logo_found_in(ps, "llmat-crest", "9999999999999999", 7, "Test crest");
    /* What was found before the stop is still known by its dHash. */
    logo_found_in(ps, "llmat-crest", "8888888888888888", 0, NULL);
    unsetenv("POSTCHECK_VISION_IDLE_MS");
    pc_packset_free(ps);
    pc_vision_shutdown();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(helper_starts_at_the_first_image),
        cmocka_unit_test(helper_starts_at_a_hello_saying_images),
        cmocka_unit_test(big_logo_sent_while_idle),
        cmocka_unit_test(idle_helper_stops_and_starts_again),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
