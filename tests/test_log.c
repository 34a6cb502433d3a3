/* test_log.c: diagnostics go to stderr, one "postcheck: LEVEL: ..." line
 * each, filtered by level, with POSTCHECK_LOG choosing the level. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "postcheck/log.h"

/* Runs fn with stderr captured into buf. */
static void capture(void (*fn)(void), char *buf, size_t size)
{
    int p[2], saved;
    ssize_t n;

    assert_int_equal(pipe(p), 0);
    fflush(stderr);
    saved = dup(2);
    dup2(p[1], 2);
    fn();
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    close(p[1]);
    n = read(p[0], buf, size - 1);
    buf[n > 0 ? n : 0] = '\0';
    close(p[0]);
}

static void log_three(void)
{
    pc_log(PC_LOG_ERROR, "request %d failed", 7);
    pc_log(PC_LOG_WARN, "skipped %s", "a pack");
    pc_log(PC_LOG_DEBUG, "request %d: %zu bytes", 8, (size_t)12);
}

static void test_levels(void **state)
{
    char out[1024];

    (void)state;
    pc_log_set_level(PC_LOG_WARN);
    capture(log_three, out, sizeof out);
    assert_string_equal(out, "postcheck: error: request 7 failed\n"
                             "postcheck: warn: skipped a pack\n");
    pc_log_set_level(PC_LOG_ERROR);
    capture(log_three, out, sizeof out);
    assert_string_equal(out, "postcheck: error: request 7 failed\n");
    assert_false(pc_log_enabled(PC_LOG_WARN));
}

static void test_env(void **state)
{
    char out[1024];

    (void)state;
    pc_log_set_level(PC_LOG_WARN);
    setenv("POSTCHECK_LOG", "debug", 1);
    pc_log_from_env();
    capture(log_three, out, sizeof out);
    assert_non_null(strstr(out, "postcheck: debug: request 8: 12 bytes\n"));
    /* An unknown name leaves the level alone. */
    setenv("POSTCHECK_LOG", "loud", 1);
    pc_log_from_env();
    assert_true(pc_log_enabled(PC_LOG_DEBUG));
    unsetenv("POSTCHECK_LOG");
}

static void log_long(void)
{
    char big[2000];

    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    pc_log(PC_LOG_ERROR, "%s", big);
}

static void test_long_line_is_cut_with_newline(void **state)
{
    char out[4096];
    size_t n;

    (void)state;
    pc_log_set_level(PC_LOG_WARN);
    capture(log_long, out, sizeof out);
    n = strlen(out);
    assert_true(n > 100 && n < 600);
    /* One line: the only newline is the last byte. */
    assert_int_equal(out[n - 1], '\n');
    assert_ptr_equal(strchr(out, '\n'), out + n - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_levels),
        cmocka_unit_test(test_env),
        cmocka_unit_test(test_long_line_is_cut_with_newline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
