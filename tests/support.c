/* support.c: test helpers: spawning the built binary on pipes, framing,
 * fixture paths, the JSON readers' mutation test. Reads wait with poll() and a timeout, so a hung host
 * fails a test instead of hanging it. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "postcheck/text.h"
#include "support.h"

#define WAIT_MS 20000
#define MUTANT_MAX 1021

int pc_test_spawn(pc_child *c, const char *const *args)
{
    int pin[2], pout[2], perr[2];
    const char *argv[64];
    size_t n = 0;

    argv[n++] = PC_BINARY;
    while (args && args[n - 1] && n < 63) {
        argv[n] = args[n - 1];
        n++;
    }
    argv[n] = NULL;
    signal(SIGPIPE, SIG_IGN);
    if (pipe(pin) != 0 || pipe(pout) != 0 || pipe(perr) != 0) {
        return -1;
    }
    c->pid = fork();
    if (c->pid < 0) {
        return -1;
    }
    if (c->pid == 0) {
        dup2(pin[0], 0);
        dup2(pout[1], 1);
        dup2(perr[1], 2);
        close(pin[1]);
        close(pout[0]);
        close(perr[0]);
        setenv("XDG_CONFIG_HOME", "/nonexistent/postcheck-tests", 1);
        execv(PC_BINARY, (char *const *)argv);
        _exit(127);
    }
    close(pin[0]);
    close(pout[1]);
    close(perr[1]);
    /* Our ends must not leak into a later child, or this child would
     * never see end of input. */
    fcntl(pin[1], F_SETFD, FD_CLOEXEC);
    fcntl(pout[0], F_SETFD, FD_CLOEXEC);
    fcntl(perr[0], F_SETFD, FD_CLOEXEC);
    c->in = pin[1];
    c->out = pout[0];
    c->err = perr[0];
    return 0;
}

int pc_test_send_raw(pc_child *c, const void *buf, size_t len)
{
    const char *p = buf;

    while (len > 0) {
        ssize_t w = write(c->in, p, len);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w < 0) {
            return -1;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

int pc_test_send(pc_child *c, const char *json, size_t len)
{
    uint32_t n = (uint32_t)len;

    if (pc_test_send_raw(c, &n, 4) != 0) {
        return -1;
    }
    return pc_test_send_raw(c, json, len);
}

int pc_test_send_str(pc_child *c, const char *json)
{
    return pc_test_send(c, json, strlen(json));
}

/* Reads exactly n bytes from fd, waiting at most WAIT_MS for each part.
 * Returns the number read (less than n at end of output or timeout). */
static size_t read_wait(int fd, void *buf, size_t n)
{
    char *p = buf;
    size_t got = 0;

    while (got < n) {
        struct pollfd pfd = {fd, POLLIN, 0};
        ssize_t r;
        if (poll(&pfd, 1, WAIT_MS) <= 0) {
            break;
        }
        r = read(fd, p + got, n - got);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            break;
        }
        got += (size_t)r;
    }
    return got;
}

char *pc_test_recv(pc_child *c, size_t *len)
{
    uint32_t n;
    char *buf;

    if (read_wait(c->out, &n, 4) != 4) {
        return NULL;
    }
    buf = malloc((size_t)n + 1);
    if (!buf || read_wait(c->out, buf, n) != n) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    if (len) {
        *len = n;
    }
    return buf;
}

json_t *pc_test_recv_json(pc_child *c)
{
    size_t len;
    char *buf = pc_test_recv(c, &len);
    json_t *j;

    if (!buf) {
        return NULL;
    }
    j = json_loadb(buf, len, JSON_REJECT_DUPLICATES, NULL);
    free(buf);
    return j;
}

json_t *pc_test_roundtrip(pc_child *c, const char *json)
{
    if (pc_test_send_str(c, json) != 0) {
        return NULL;
    }
    return pc_test_recv_json(c);
}

void pc_test_close_in(pc_child *c)
{
    if (c->in >= 0) {
        close(c->in);
        c->in = -1;
    }
}

int pc_test_out_ends(pc_child *c)
{
    char b;

    return read_wait(c->out, &b, 1) == 0;
}

/* Reads fd to its end into an owned buffer. */
static char *slurp(int fd, size_t *len)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);

    while (buf) {
        ssize_t r = read(fd, buf + n, cap - n - 1);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            break;
        }
        n += (size_t)r;
        if (cap - n < 2) {
            char *b = realloc(buf, cap * 2);
            if (!b) {
                free(buf);
                return NULL;
            }
            buf = b;
            cap *= 2;
        }
    }
    if (buf) {
        buf[n] = '\0';
    }
    if (len) {
        *len = n;
    }
    return buf;
}

int pc_test_wait(pc_child *c, char **err_text)
{
    int status = 0;
    char *e;

    pc_test_close_in(c);
    e = slurp(c->err, NULL);
    while (waitpid(c->pid, &status, 0) < 0 && errno == EINTR) {
    }
    close(c->out);
    close(c->err);
    if (err_text) {
        *err_text = e;
    } else {
        free(e);
    }
    if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
    }
    return WEXITSTATUS(status);
}

/* Moves data between the child's pipes until both outputs end. */
static int pump(pc_child *c, const char *in, size_t in_len, pc_run *r)
{
    size_t cap[2] = {4096, 4096}, len[2] = {0, 0}, off = 0;
    char *buf[2] = {malloc(4096), malloc(4096)};
    int fds[2] = {c->out, c->err}, open_n = 2, k;

    if (in_len == 0) {
        pc_test_close_in(c);
    }
    while (buf[0] && buf[1] && open_n > 0) {
        struct pollfd p[3] = {{fds[0], POLLIN, 0}, {fds[1], POLLIN, 0},
                              {c->in, POLLOUT, 0}};
        if (poll(p, c->in >= 0 ? 3 : 2, WAIT_MS) <= 0) {
            break;
        }
        if (c->in >= 0 && (p[2].revents & (POLLOUT | POLLERR))) {
            ssize_t w = write(c->in, in + off, in_len - off);
            off += w > 0 ? (size_t)w : 0;
            if (w < 0 || off == in_len) {
                pc_test_close_in(c);
            }
        }
        for (k = 0; k < 2; k++) {
            ssize_t n;
            if (fds[k] < 0 || !(p[k].revents & (POLLIN | POLLHUP))) {
                continue;
            }
            if (cap[k] - len[k] < 4096) {
                cap[k] *= 2;
                buf[k] = realloc(buf[k], cap[k]);
                if (!buf[k]) {
                    break;
                }
            }
            n = read(fds[k], buf[k] + len[k], cap[k] - len[k] - 1);
            if (n <= 0) {
                fds[k] = -1;
                p[k].fd = -1;
                open_n--;
            } else {
                len[k] += (size_t)n;
            }
        }
    }
    if (!buf[0] || !buf[1]) {
        free(buf[0]);
        free(buf[1]);
        return -1;
    }
    buf[0][len[0]] = '\0';
    buf[1][len[1]] = '\0';
    r->out = buf[0];
    r->out_len = len[0];
    r->err = buf[1];
    r->err_len = len[1];
    return open_n == 0 ? 0 : -1;
}

int pc_test_run(const char *const *args, const char *stdin_data,
                size_t stdin_len, pc_run *r)
{
    pc_child c;
    int rc;

    memset(r, 0, sizeof *r);
    if (pc_test_spawn(&c, args) != 0) {
        return -1;
    }
    rc = pump(&c, stdin_data, stdin_data ? stdin_len : 0, r);
    pc_test_close_in(&c);
    close(c.err);
    c.err = open("/dev/null", O_RDONLY);
    r->status = pc_test_wait(&c, NULL);
    return rc;
}

void pc_run_free(pc_run *r)
{
    free(r->out);
    free(r->err);
    memset(r, 0, sizeof *r);
}

const char *pc_test_case_path(const char *rel)
{
    static char path[4096];

    snprintf(path, sizeof path, "%s/tests/cases/%s", PC_SOURCE_DIR, rel);
    return path;
}

char *pc_test_read_file(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY);
    char *buf;

    if (fd < 0) {
        return NULL;
    }
    buf = slurp(fd, len);
    close(fd);
    return buf;
}

void pc_test_json_has(json_t *o, const char *members)
{
    json_error_t jerr;
    json_t *want = json_loads(members, 0, &jerr);
    const char *key;
    json_t *v;

    if (!json_is_object(want)) {
        fail_msg("pc_test_json_has: not a JSON object: %s", members);
    }
    json_object_foreach(want, key, v) {
        json_t *got = json_object_get(o, key);

        if (!got || !json_equal(got, v)) {
            char *a = json_dumps(v, JSON_ENCODE_ANY);
            char *b = got ? json_dumps(got, JSON_ENCODE_ANY) : NULL;

            print_error("\"%s\": want %s, got %s\n", key, a,
                        b ? b : "nothing");
            free(a);
            free(b);
            json_decref(want);
            fail();
        }
    }
    json_decref(want);
}

/* Mutates the n bytes of buf 1 to 3 times (k % 3 + 1), from the seeded
 * linear congruential generator *seed: a byte replaced by one of
 * `bytes`, one inserted, or the rest cut. buf holds at least *n + 3
 * bytes. */
static void mutate(char *buf, size_t *n, int k, uint32_t *seed,
                   const char *bytes, size_t nbytes)
{
    for (int m = 0; m < 1 + k % 3 && *n > 0; m++) {
        size_t pos;
        *seed = *seed * 1103515245u + 12345u;
        pos = (*seed >> 8) % *n;
        *seed = *seed * 1103515245u + 12345u;
        switch ((*seed >> 4) % 3) {
        case 0:
            buf[pos] = bytes[(*seed >> 12) % nbytes];
            break;
        case 1:
            memmove(buf + pos + 1, buf + pos, *n - pos);
            buf[pos] = bytes[(*seed >> 12) % nbytes];
            (*n)++;
            break;
        default:
            *n = pos;
            break;
        }
    }
}

long pc_test_mutants(const char *const *srcs, size_t nsrc, int count,
                     uint32_t seed, const char *bytes, size_t nbytes,
                     int (*agrees)(const char *s, size_t n))
{
    char buf[MUTANT_MAX + 3];
    long sum = 0;

    for (int k = 0; k < count; k++) {
        const char *src = srcs[(size_t)k % nsrc];
        size_t n = strlen(src);

        if (n > MUTANT_MAX) {
            fail_msg("a mutants' seed of %zu bytes (at most %d)", n,
                     MUTANT_MAX);
        }
        memcpy(buf, src, n);
        mutate(buf, &n, k, &seed, bytes, nbytes);
        if (pc_utf8_valid(buf, n, NULL)) {
            sum += agrees(buf, n);
        }
    }
    return sum;
}
