/* bench.c: prints postcheck's speed and size figures; never fails.
 *
 * For posts of 280 characters, 5 KB and 64 KB checked against the largest
 * built-in pack (most rules):
 *   - in-process pc_check time, median and p99 over RUNS runs, and the
 *     same for pc_protocol_handle (JSON parse + check + reply);
 *   - framed round trip through the real binary (`postcheck serve`) and
 *     through the echo host built from the same framing code, and their
 *     ratio;
 * then cold start to the first reply (hello) and the peak RSS of the host
 * process (VmHWM of the child, else getrusage via wait4).
 * Targets (issue 2): p99 <= 100 us for 280 characters in-process; round
 * trip <= 1.3x the echo host; cold start <= 15 ms; RSS <= 8 MB. */
#define _DEFAULT_SOURCE 1 /* wait4 */
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "postcheck/frame.h"
#include "postcheck/pack.h"
#include "postcheck/protocol.h"
#include "postcheck/rules.h"

extern char **environ;

#define RUNS 1000
#define TRIPS 1000
#define COLD_RUNS 50

typedef struct child {
    pid_t pid;
    int in, out;
} child;

static double now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/* Sorts v and returns the q-quantile (0..1). */
static double quantile(double *v, size_t n, double q)
{
    size_t i;

    qsort(v, n, sizeof *v, cmp_double);
    i = (size_t)(q * (double)(n - 1) + 0.5);
    return v[i];
}

/* A post of `target` bytes, or characters when chars is set: sentences
 * of the kind people write, some of which the packs flag (the
 * organisation, an email address, a phone number, politics), with a
 * little non-ASCII text. */
static char *make_post(const char *org, size_t target, int chars)
{
    static const char *const sentences[] = {
        "Great day at %s with the year 4 class! ",
        "Ring me on 07700 900123 or write to jane.doe@example.org. ",
        "So proud of everyone who came to the fair \xf0\x9f\x8e\x89 ",
        "Not sure what the government is thinking with this strike. ",
        "Our caf\xc3\xa9 opens at 9 tomorrow, all welcome. ",
        "Thanks to the volunteers who made it happen. ",
        "Views are my own. ",
    };
    size_t n = sizeof sentences / sizeof sentences[0], len = 0, k = 0;
    char *buf = malloc(target + 256);

    while (buf && len < target) {
        len += (size_t)snprintf(buf + len, target + 256 - len,
                                sentences[k % n], org);
        k += 3; /* step through the pool in a mixed order */
    }
    if (!buf) {
        exit(0);
    }
    /* Cut to the target on a character boundary. */
    if (chars) {
        size_t c = 0;
        for (len = 0; buf[len] && c <= target; len++) {
            c += ((unsigned char)buf[len] & 0xC0) != 0x80;
        }
        len--;
    } else {
        len = target;
    }
    while (len > 0 && ((unsigned char)buf[len] & 0xC0) == 0x80) {
        len--;
    }
    buf[len] = '\0';
    return buf;
}

/* The request JSON for a check of text against pack id. */
static char *make_request(const char *id, const char *text, size_t *len)
{
    json_t *o = json_pack("{s:s, s:i, s:s, s:{s:s, s:s}, s:s, s:s, s:s}",
                          "type", "check", "id", 1, "policy", id, "account",
                          "kind", "personal", "handle", "@jane", "site",
                          "x.com", "text", text, "now",
                          "2026-11-23T10:15:00+00:00");
    char *s = json_dumps(o, JSON_COMPACT);

    json_decref(o);
    *len = strlen(s);
    return s;
}

static void bench_in_process(const pc_pack *pack, const char *text)
{
    static double t[RUNS];
    pc_post post;
    size_t i, nfind = 0;

    memset(&post, 0, sizeof post);
    post.text = text;
    post.text_len = strlen(text);
    /* The same post the request below describes. */
    post.account = PC_ACCOUNT_PERSONAL;
    post.handle = "@jane";
    post.site = "x.com";
    pc_post_set_now(&post, "2026-11-23T10:15:00+00:00");
    for (i = 0; i < RUNS; i++) {
        pc_findings f = {0};
        double t0 = now_us();
        pc_check(pack, &post, &f, NULL, NULL);
        t[i] = now_us() - t0;
        nfind = f.n;
        pc_findings_free(&f);
    }
    printf("  pc_check            median %9.1f us   p99 %9.1f us   "
           "(%zu findings)\n", quantile(t, RUNS, 0.5), quantile(t, RUNS, 0.99),
           nfind);
}

/* Times pc_protocol_handle over RUNS runs. */
static void bench_handle(const pc_packset *ps, const char *req,
                           size_t req_len)
{
    static double t[RUNS];
    size_t i, out_len = 0;

    for (i = 0; i < RUNS; i++) {
        char *out = NULL;
        double t0 = now_us();
        pc_protocol_handle(ps, req, req_len, &out, &out_len);
        t[i] = now_us() - t0;
        free(out);
    }
    printf("  pc_protocol_handle  median %9.1f us   p99 %9.1f us   "
           "(reply %zu bytes)\n", quantile(t, RUNS, 0.5),
           quantile(t, RUNS, 0.99), out_len);
}

/* Starts path with arg (may be NULL) on pipes. posix_spawn, as a
 * browser's launcher does, so the figures do not include copying this
 * (large) process as fork() would. */
static int spawn(child *c, const char *path, const char *arg)
{
    int pin[2], pout[2], rc;
    char *argv[3];
    posix_spawn_file_actions_t fa;

    if (pipe(pin) != 0 || pipe(pout) != 0) {
        return -1;
    }
    /* Our ends must not leak into this or a later child, or a child
     * would never see end of input. */
    fcntl(pin[1], F_SETFD, FD_CLOEXEC);
    fcntl(pout[0], F_SETFD, FD_CLOEXEC);
    argv[0] = (char *)path;
    argv[1] = (char *)arg;
    argv[2] = NULL;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, pin[0], 0);
    posix_spawn_file_actions_adddup2(&fa, pout[1], 1);
    posix_spawn_file_actions_addclose(&fa, pin[0]);
    posix_spawn_file_actions_addclose(&fa, pout[1]);
    rc = posix_spawn(&c->pid, path, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(pin[0]);
    close(pout[1]);
    c->in = pin[1];
    c->out = pout[0];
    return rc == 0 ? 0 : -1;
}

/* The child's peak RSS in KiB so far, from /proc (VmHWM), or -1. */
static long peak_rss(pid_t pid)
{
    char path[64], line[256];
    long kb = -1;
    FILE *f;

    snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
    f = fopen(path, "r");
    while (f && fgets(line, sizeof line, f)) {
        if (strncmp(line, "VmHWM:", 6) == 0) {
            kb = strtol(line + 6, NULL, 10);
        }
    }
    if (f) {
        fclose(f);
    }
    return kb;
}

/* Closes the child's stdin, waits, and returns its peak RSS in KiB
 * (VmHWM where /proc has it, else getrusage's maxrss of the child). */
static long finish(child *c)
{
    struct rusage ru;
    int status;
    long kb = peak_rss(c->pid);

    close(c->in);
    memset(&ru, 0, sizeof ru);
    wait4(c->pid, &status, 0, &ru);
    close(c->out);
    return kb >= 0 ? kb : ru.ru_maxrss;
}

/* One request and its reply; returns the time in microseconds, and the
 * reply's "elapsed_us" (the host's own handling time) in *elapsed if not
 * NULL (-1 when the reply has none). */
static double trip(child *c, const char *req, size_t len, long *elapsed)
{
    double t0 = now_us(), t;
    char *reply = NULL, *e;
    size_t rlen;

    if (pc_frame_write(c->in, req, len, NULL) != PC_OK ||
        pc_frame_read(c->out, 64u << 20, &reply, &rlen, NULL) != PC_OK) {
        return -1;
    }
    t = now_us() - t0;
    if (elapsed) {
        e = strstr(reply, "\"elapsed_us\":");
        *elapsed = e ? strtol(e + 13, NULL, 10) : -1;
    }
    free(reply);
    return t;
}

/* Starts a host and opens the conversation as the extension does, with a
 * hello naming the pack (so postcheck prepares it while idle). */
static int open_host(child *c, const char *path, const char *arg,
                     const char *pack_id)
{
    char hello[160];

    snprintf(hello, sizeof hello, "{\"type\":\"hello\",\"protocol\":1,"
             "\"id\":0,\"policy\":\"%s\"}", pack_id);
    if (spawn(c, path, arg) != 0 || trip(c, hello, strlen(hello), NULL) < 0) {
        return -1;
    }
    /* Let it prepare the pack, as it would while the user types. */
    usleep(200000);
    return 0;
}

/* Round trips through postcheck and the echo host, alternating between
 * the two so that a change in the machine's load hits both alike. The
 * overhead is each round trip less the host's own elapsed_us for it:
 * what pipes, framing, waking up and writing the reply add. */
static void bench_round_trip(const char *req, size_t len, const char *pack_id,
                             long *peak)
{
    static double th[TRIPS], te[TRIPS], over[TRIPS];
    child host, echo;
    double h, e, o;
    long rss, elapsed;
    size_t i;

    if (open_host(&host, PC_BINARY, "serve", pack_id) != 0 ||
        open_host(&echo, PC_ECHO_BINARY, NULL, pack_id) != 0) {
        printf("  round trip: cannot start the hosts\n");
        return;
    }
    for (i = 0; i < TRIPS; i++) {
        th[i] = trip(&host, req, len, &elapsed);
        over[i] = th[i] - (double)elapsed;
        te[i] = trip(&echo, req, len, NULL);
    }
    rss = finish(&host);
    finish(&echo);
    h = quantile(th, TRIPS, 0.5);
    e = quantile(te, TRIPS, 0.5);
    o = quantile(over, TRIPS, 0.5);
    printf("  round trip          postcheck %8.1f us   echo %8.1f us   "
           "ratio %.2fx\n", h, e, e > 0 ? h / e : 0.0);
    printf("  round trip less the host's elapsed_us %7.1f us (%.2fx the echo "
           "round trip)\n", o, e > 0 ? o / e : 0.0);
    if (rss > *peak) {
        *peak = rss;
    }
}

/* Median time from fork to the first reply (a hello), and peak RSS. */
static void bench_cold_start(const char *path, const char *arg,
                             const char *name, long *rss_out)
{
    static const char hello[] = "{\"type\":\"hello\",\"protocol\":1,\"id\":1}";
    double t[COLD_RUNS];
    long rss = 0;
    size_t i;

    for (i = 0; i < COLD_RUNS; i++) {
        child c;
        double t0 = now_us();
        if (spawn(&c, path, arg) != 0) {
            return;
        }
        if (trip(&c, hello, sizeof hello - 1, NULL) < 0) {
            printf("cold start (%s): no reply\n", name);
        }
        t[i] = now_us() - t0;
        rss = finish(&c);
    }
    printf("cold start to first reply (%s): median %.2f ms, max %.2f ms; "
           "peak RSS %.1f MB\n", name, quantile(t, COLD_RUNS, 0.5) / 1000.0,
           quantile(t, COLD_RUNS, 1.0) / 1000.0, (double)rss / 1024.0);
    if (rss_out) {
        *rss_out = rss;
    }
}

/* The pack with the most rules. */
static const pc_pack *largest(const pc_packset *ps)
{
    const pc_pack *best = NULL;
    size_t i;

    for (i = 0; i < pc_packset_count(ps); i++) {
        const pc_pack *p = pc_packset_at(ps, i);
        if (!best || pc_pack_rule_count(p) > pc_pack_rule_count(best)) {
            best = p;
        }
    }
    return best;
}

int main(void)
{
    static const size_t sizes[] = {280, 5 * 1024, 64 * 1024};
    pc_error err;
    pc_packset *ps;
    const pc_pack *pack;
    long peak = 0;
    size_t i;

    signal(SIGPIPE, SIG_IGN);
    setenv("XDG_CONFIG_HOME", "/nonexistent/postcheck-bench", 1);
    pc_error_clear(&err);
    ps = pc_packset_new(&err);
    if (!ps || pc_packset_load_default(ps, NULL, &err) != PC_OK ||
        !(pack = largest(ps))) {
        printf("bench: cannot load the built-in packs: %s\n", err.text);
        return 0;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("postcheck benchmark: pack '%s' (%zu rules), %d runs in-process, "
           "%d round trips\n", pc_pack_id(pack), pc_pack_rule_count(pack),
           RUNS, TRIPS);
    for (i = 0; i < 3; i++) {
        char *text = make_post(pc_pack_organisation(pack), sizes[i], i == 0);
        size_t len;
        char *req = make_request(pc_pack_id(pack), text, &len);
        printf("post of %zu %s (%zu bytes; request %zu bytes):\n",
               sizes[i], i == 0 ? "characters" : "bytes", strlen(text), len);
        bench_in_process(pack, text);
        bench_handle(ps, req, len);
        bench_round_trip(req, len, pc_pack_id(pack), &peak);
        free(req);
        free(text);
    }
    bench_cold_start(PC_BINARY, "serve", "postcheck", NULL);
    bench_cold_start(PC_ECHO_BINARY, NULL, "echo host", NULL);
    printf("peak RSS of postcheck serve over the round trips: %.1f MB\n",
           (double)peak / 1024.0);
    pc_packset_free(ps);
    return 0;
}
