/* test_frame.c: framing on pipes: round trips, reads that arrive a byte
 * at a time, reads and writes interrupted by signals, the length cap
 * (checked before the body is read), and both kinds of end of input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "postcheck/frame.h"

static volatile sig_atomic_t signals_seen;

static void on_signal(int sig)
{
    (void)sig;
    signals_seen++;
}

/* Installs a SIGUSR1 handler without SA_RESTART, so a blocked read or
 * write returns EINTR (or a short count) when the signal arrives. */
static void catch_usr1(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sigaction(SIGUSR1, &sa, NULL);
    signals_seen = 0;
}

static void nap_us(long us)
{
    struct timespec ts = {0, us * 1000L};

    nanosleep(&ts, NULL);
}

/* Writes a frame header claiming len, then body (n bytes). */
static void put_raw(int fd, uint32_t len, const char *body, size_t n)
{
    unsigned char head[4];

    pc_frame_encode_len(len, head);
    assert_int_equal(write(fd, head, 4), 4);
    if (n > 0) {
        assert_int_equal(write(fd, body, n), (ssize_t)n);
    }
}

static void test_length_is_native_order(void **state)
{
    unsigned char head[4];
    uint32_t v = 0x01020304u, back;

    (void)state;
    pc_frame_encode_len(v, head);
    memcpy(&back, head, 4);
    assert_int_equal(back, v);
    assert_int_equal(pc_frame_decode_len(head), v);
}

static void test_round_trip(void **state)
{
    int p[2];
    char *out = NULL;
    size_t len = 0;
    const char *msg = "{\"type\":\"hello\",\"text\":\"caf\xc3\xa9\"}";

    (void)state;
    assert_int_equal(pipe(p), 0);
    assert_int_equal(pc_frame_write(p[1], msg, strlen(msg), NULL), PC_OK);
    assert_int_equal(pc_frame_write(p[1], "", 0, NULL), PC_OK);
    close(p[1]);
    assert_int_equal(pc_frame_read(p[0], PC_FRAME_MAX_IN, &out, &len, NULL),
                     PC_OK);
    assert_int_equal(len, strlen(msg));
    assert_memory_equal(out, msg, len);
    assert_int_equal(out[len], '\0');
    free(out);
    /* An empty frame is a frame, not end of input. */
    assert_int_equal(pc_frame_read(p[0], PC_FRAME_MAX_IN, &out, &len, NULL),
                     PC_OK);
    assert_int_equal(len, 0);
    free(out);
    assert_int_equal(pc_frame_read(p[0], PC_FRAME_MAX_IN, &out, &len, NULL),
                     PC_ERR_EOF);
    assert_null(out);
    close(p[0]);
}

/* A child writes a frame one byte at a time, signalling the parent before
 * each byte; the parent's read must see the whole frame. */
static void test_byte_by_byte_with_signals(void **state)
{
    const char *msg = "{\"type\":\"policies\",\"id\":42}";
    uint32_t n = (uint32_t)strlen(msg);
    unsigned char all[64];
    int p[2];
    pid_t pid;
    char *out = NULL;
    size_t len = 0, i;
    pc_status st;
    int status;

    (void)state;
    catch_usr1();
    pc_frame_encode_len(n, all);
    memcpy(all + 4, msg, n);
    assert_int_equal(pipe(p), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(p[0]);
        for (i = 0; i < 4 + n; i++) {
            kill(getppid(), SIGUSR1);
            nap_us(2000);
            if (write(p[1], all + i, 1) != 1) {
                _exit(1);
            }
        }
        _exit(0);
    }
    close(p[1]);
    st = pc_frame_read(p[0], PC_FRAME_MAX_IN, &out, &len, NULL);
    waitpid(pid, &status, 0);
    assert_int_equal(st, PC_OK);
    assert_int_equal(len, n);
    assert_memory_equal(out, msg, n);
    assert_true(signals_seen > 0);
    free(out);
    close(p[0]);
}

/* A 1 MiB frame does not fit a pipe, so the write is split; a slow
 * reader that keeps signalling the writer makes writev return early. */
static void test_large_write_interrupted(void **state)
{
    size_t n = PC_FRAME_MAX_IN, i;
    char *body = malloc(n);
    int p[2];
    pid_t pid;
    int status;

    (void)state;
    assert_non_null(body);
    for (i = 0; i < n; i++) {
        body[i] = (char)('a' + i % 26);
    }
    catch_usr1();
    assert_int_equal(pipe(p), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        char *got = NULL;
        size_t len = 0;
        close(p[1]);
        for (i = 0; i < 20; i++) {
            kill(getppid(), SIGUSR1);
            nap_us(1000);
        }
        if (pc_frame_read(p[0], n, &got, &len, NULL) != PC_OK || len != n ||
            memcmp(got, body, n) != 0) {
            _exit(1);
        }
        _exit(0);
    }
    close(p[0]);
    assert_int_equal(pc_frame_write(p[1], body, n, NULL), PC_OK);
    close(p[1]);
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    free(body);
}

static void test_eof_cases(void **state)
{
    int p[2];
    char *out = NULL;
    size_t len = 0;
    pc_error err;

    (void)state;
    /* Nothing at all: a clean end. */
    assert_int_equal(pipe(p), 0);
    close(p[1]);
    assert_int_equal(pc_frame_read(p[0], 100, &out, &len, NULL), PC_ERR_EOF);
    close(p[0]);

    /* Half a length prefix. */
    assert_int_equal(pipe(p), 0);
    assert_int_equal(write(p[1], "\x05\x00", 2), 2);
    close(p[1]);
    pc_error_clear(&err);
    assert_int_equal(pc_frame_read(p[0], 100, &out, &len, &err),
                     PC_ERR_TRUNCATED);
    assert_int_equal(err.code, PC_ERR_TRUNCATED);
    close(p[0]);

    /* A length, then part of the body. */
    assert_int_equal(pipe(p), 0);
    put_raw(p[1], 10, "{\"a\"", 4);
    close(p[1]);
    assert_int_equal(pc_frame_read(p[0], 100, &out, &len, NULL),
                     PC_ERR_TRUNCATED);
    assert_null(out);
    close(p[0]);

    /* A length and no body at all is also inside a frame. */
    assert_int_equal(pipe(p), 0);
    put_raw(p[1], 10, NULL, 0);
    close(p[1]);
    assert_int_equal(pc_frame_read(p[0], 100, &out, &len, NULL),
                     PC_ERR_TRUNCATED);
    close(p[0]);
}

/* Over the cap: refused from the prefix alone; the body stays unread. */
static void test_over_limit(void **state)
{
    int p[2];
    char *out = NULL;
    size_t len = 0;
    char rest[8] = {0};

    (void)state;
    assert_int_equal(pipe(p), 0);
    put_raw(p[1], 0xFFFFFFFFu, "abc", 3);
    assert_int_equal(pc_frame_read(p[0], PC_FRAME_MAX_IN, &out, &len, NULL),
                     PC_ERR_TOO_LARGE);
    assert_null(out);
    assert_int_equal(len, 0xFFFFFFFFu);
    close(p[1]);
    assert_int_equal(read(p[0], rest, sizeof rest), 3);
    assert_memory_equal(rest, "abc", 3);
    close(p[0]);
}

static void test_limit_boundary(void **state)
{
    size_t max = 16;
    char body[17];
    int p[2];
    char *out = NULL;
    size_t len = 0;

    (void)state;
    memset(body, 'x', sizeof body);
    assert_int_equal(pipe(p), 0);
    put_raw(p[1], 16, body, 16);
    put_raw(p[1], 17, body, 17);
    close(p[1]);
    assert_int_equal(pc_frame_read(p[0], max, &out, &len, NULL), PC_OK);
    assert_int_equal(len, 16);
    free(out);
    assert_int_equal(pc_frame_read(p[0], max, &out, &len, NULL),
                     PC_ERR_TOO_LARGE);
    assert_int_equal(len, 17);
    close(p[0]);
}

static void test_write_to_closed_pipe(void **state)
{
    int p[2];
    pc_error err;

    (void)state;
    signal(SIGPIPE, SIG_IGN);
    assert_int_equal(pipe(p), 0);
    close(p[0]);
    pc_error_clear(&err);
    assert_int_equal(pc_frame_write(p[1], "{}", 2, &err), PC_ERR_IO);
    assert_int_equal(err.code, PC_ERR_IO);
    assert_non_null(strstr(err.text, "write"));
    close(p[1]);
}

static void test_read_bad_fd(void **state)
{
    char *out = NULL;
    size_t len = 0;

    (void)state;
    assert_int_equal(pc_frame_read(-1, 100, &out, &len, NULL), PC_ERR_IO);
    assert_null(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_length_is_native_order),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_byte_by_byte_with_signals),
        cmocka_unit_test(test_large_write_interrupted),
        cmocka_unit_test(test_eof_cases),
        cmocka_unit_test(test_over_limit),
        cmocka_unit_test(test_limit_boundary),
        cmocka_unit_test(test_write_to_closed_pipe),
        cmocka_unit_test(test_read_bad_fd),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
