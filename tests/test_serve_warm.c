/* test_serve_warm.c: serve.c's warm-up follows the pack the extension
 * names. The host prepares (parses, compiles, JIT-compiles) the pack a
 * hello named while no request is waiting; a later hello naming another
 * pack (the user switched policy in the options) must get that pack
 * prepared too, not only the first one. Drives the built binary with
 * POSTCHECK_LOG=debug and reads its "policy ID is prepared" lines, which
 * carry the pack id only. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support.h"

#define WAIT_MS 60000

/* Reads the child's stderr into log (size cap, kept NUL-terminated,
 * appended to what it holds) until it contains want or WAIT_MS passes
 * without output. Returns 1 when want was seen. */
static int stderr_until(pc_child *c, char *log, size_t cap, const char *want)
{
    size_t n = strlen(log);

    while (!strstr(log, want) && n + 1 < cap) {
        struct pollfd p = {c->err, POLLIN, 0};
        ssize_t r;
        if (poll(&p, 1, WAIT_MS) <= 0) {
            return 0;
        }
        r = read(c->err, log + n, cap - n - 1);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            return 0;
        }
        n += (size_t)r;
        log[n] = '\0';
    }
    return strstr(log, want) != NULL;
}

static void hello(pc_child *c, int id, const char *policy)
{
    char req[128];
    json_t *j;

    snprintf(req, sizeof req, "{\"type\":\"hello\",\"protocol\":1,\"id\":%d,"
             "\"policy\":\"%s\"}", id, policy);
    j = pc_test_roundtrip(c, req);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "type")),
                        "hello");
    json_decref(j);
}

/* The first pack is prepared in full, then a hello names another: the
 * host prepares that one as well while idle. */
static void a_second_hello_warms_its_pack(void **state)
{
    const char *args[] = {"serve", NULL};
    static char log[1 << 16];
    pc_child c;
    (void)state;

    log[0] = '\0';
    setenv("POSTCHECK_LOG", "debug", 1);
    assert_int_equal(pc_test_spawn(&c, args), 0);
    unsetenv("POSTCHECK_LOG");
    hello(&c, 1, "alt");
    assert_true(stderr_until(&c, log, sizeof log, "policy alt is prepared"));
    hello(&c, 2, "ala");
    assert_true(stderr_until(&c, log, sizeof log, "policy ala is prepared"));
    pc_test_close_in(&c);
    assert_int_equal(pc_test_wait(&c, NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_second_hello_warms_its_pack),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
