/* test_frame.c: framing on pipes: round trips, reads that arrive a byte
 * at a time, reads and writes interrupted by signals, the length cap
 * (checked before the body is read), and both kinds of end of input;
 * the same for the buffered reader (pc_frame_in) the serve loop uses. */
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

/* The frames a child writes for the reader's tests: frame i has length
 * frame_len(i) and its bytes are 'a' + (i + j) % 26. */
static size_t frame_len(size_t i)
{
    /* Short ones, one around the reader's buffer on each side, one far
     * over it, and an empty one. */
    static const size_t special[] = {PC_FRAME_IN_BUF - 5, PC_FRAME_IN_BUF - 4,
                                     PC_FRAME_IN_BUF - 1, PC_FRAME_IN_BUF,
                                     PC_FRAME_IN_BUF + 1, 3 * PC_FRAME_IN_BUF,
                                     0};
    if (i % 7 == 3) {
        return special[(i / 7) % 7];
    }
    return (i * 7919u) % 1500u + 1u;
}

/* Writes n frames to fd in pieces of varying size (a piece may end
 * inside a length, inside a body or between frames), napping between
 * pieces now and then so the reader sees them arrive apart. */
static void write_frames(int fd, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t len = frame_len(i), pos = 0, piece = 1;
        unsigned char *f = malloc(len + 4);
        if (!f) {
            _exit(1);
        }
        pc_frame_encode_len((uint32_t)len, f);
        for (size_t j = 0; j < len; j++) {
            f[4 + j] = (unsigned char)('a' + (i + j) % 26);
        }
        while (pos < len + 4) {
            size_t k = len + 4 - pos < piece ? len + 4 - pos : piece;
            if (write(fd, f + pos, k) != (ssize_t)k) {
                _exit(1);
            }
            pos += k;
            piece = piece * 3 % 5003 + 1;
            if (i % 5 == 0) {
                nap_us(200);
            }
        }
        free(f);
    }
}

/* The reader gives back every frame of a stream written in odd pieces,
 * each with its NUL, whether it fits its buffer or not, straddles the
 * buffer's end, or came in one read with others. */
static void test_reader_stream(void **state)
{
    enum { N = 120 };
    pc_frame_in in;
    int p[2], status;
    pid_t pid;
    size_t i;

    (void)state;
    assert_int_equal(pipe(p), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(p[0]);
        write_frames(p[1], N);
        _exit(0);
    }
    close(p[1]);
    pc_frame_in_init(&in, p[0]);
    for (i = 0; i < N; i++) {
        const char *out = NULL;
        size_t len = 0, j, bad = 0;
        assert_int_equal(pc_frame_in_next(&in, PC_FRAME_MAX_IN, &out, &len,
                                          NULL), PC_OK);
        assert_int_equal(len, frame_len(i));
        for (j = 0; j < len; j++) {
            bad += out[j] != (char)('a' + (i + j) % 26);
        }
        assert_int_equal(bad, 0);
        assert_int_equal(out[len], '\0');
    }
    {
        const char *out = (const char *)1;
        size_t len = 1;
        assert_int_equal(pc_frame_in_next(&in, PC_FRAME_MAX_IN, &out, &len,
                                          NULL), PC_ERR_EOF);
        assert_null(out);
    }
    pc_frame_in_free(&in);
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    close(p[0]);
}

/* Two frames that arrive together: the second is pending after the
 * first (no poll would show it), and the NUL written after the first
 * body does not cost the second its first byte. */
static void test_reader_pending(void **state)
{
    pc_frame_in in;
    const char *out;
    size_t len;
    int p[2];

    (void)state;
    assert_int_equal(pipe(p), 0);
    put_raw(p[1], 2, "{}", 2);
    put_raw(p[1], 5, "[1,2]", 5);
    pc_frame_in_init(&in, p[0]);
    assert_false(pc_frame_in_pending(&in));
    assert_int_equal(pc_frame_in_next(&in, 100, &out, &len, NULL), PC_OK);
    assert_int_equal(len, 2);
    assert_string_equal(out, "{}");
    assert_true(pc_frame_in_pending(&in));
    assert_int_equal(pc_frame_in_next(&in, 100, &out, &len, NULL), PC_OK);
    assert_int_equal(len, 5);
    assert_string_equal(out, "[1,2]");
    assert_false(pc_frame_in_pending(&in));
    close(p[1]);
    assert_int_equal(pc_frame_in_next(&in, 100, &out, &len, NULL),
                     PC_ERR_EOF);
    pc_frame_in_free(&in);
    close(p[0]);
}

/* Over the cap: refused from the length; skipping its body takes the
 * buffered bytes first, and the frame after it is read whole. */
static void test_reader_over_limit_skip(void **state)
{
    char body[40];
    pc_frame_in in;
    const char *out;
    size_t len;
    int p[2];

    (void)state;
    memset(body, 'x', sizeof body);
    assert_int_equal(pipe(p), 0);
    put_raw(p[1], sizeof body, body, sizeof body);
    put_raw(p[1], 3, "abc", 3);
    close(p[1]);
    pc_frame_in_init(&in, p[0]);
    assert_int_equal(pc_frame_in_next(&in, 16, &out, &len, NULL),
                     PC_ERR_TOO_LARGE);
    assert_null(out);
    assert_int_equal(len, sizeof body);
    assert_int_equal(pc_frame_in_skip(&in, len, NULL), PC_OK);
    assert_int_equal(pc_frame_in_next(&in, 16, &out, &len, NULL), PC_OK);
    assert_string_equal(out, "abc");
    assert_int_equal(pc_frame_in_next(&in, 16, &out, &len, NULL),
                     PC_ERR_EOF);
    pc_frame_in_free(&in);
    close(p[0]);
}

/* End of input inside a length or a body, short or over the buffer, is
 * PC_ERR_TRUNCATED; between frames it is PC_ERR_EOF. */
static void test_reader_eof(void **state)
{
    static const uint32_t claims[] = {10, 10, 3 * PC_FRAME_IN_BUF};
    static const size_t sent[] = {0, 4, 100};
    char *body = calloc(1, 100);
    const char *out;
    size_t len;
    int p[2];

    (void)state;
    assert_non_null(body);
    for (size_t i = 0; i < 3; i++) {
        pc_frame_in in;
        assert_int_equal(pipe(p), 0);
        put_raw(p[1], claims[i], body, sent[i]);
        close(p[1]);
        pc_frame_in_init(&in, p[0]);
        assert_int_equal(pc_frame_in_next(&in, PC_FRAME_MAX_IN, &out, &len,
                                          NULL), PC_ERR_TRUNCATED);
        pc_frame_in_free(&in);
        close(p[0]);
    }
    {
        pc_frame_in in;
        pc_error err;
        assert_int_equal(pipe(p), 0);
        assert_int_equal(write(p[1], "\x05\x00", 2), 2);
        close(p[1]);
        pc_frame_in_init(&in, p[0]);
        pc_error_clear(&err);
        assert_int_equal(pc_frame_in_next(&in, 100, &out, &len, &err),
                         PC_ERR_TRUNCATED);
        assert_non_null(strstr(err.text, "input ended"));
        pc_frame_in_free(&in);
        close(p[0]);
    }
    free(body);
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
        cmocka_unit_test(test_reader_stream),
        cmocka_unit_test(test_reader_pending),
        cmocka_unit_test(test_reader_over_limit_skip),
        cmocka_unit_test(test_reader_eof),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
