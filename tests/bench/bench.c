/* bench.c: prints postcheck's speed and size figures beside a bare C
 * echo host's (tests/bench/echo_host.c, the same framing code); never
 * fails. Each aim of issue 16 gets one line, the aim at its end:
 *   - 280-character check, framed round trip through `postcheck serve`
 *     and through the echo host, alternating, blocks' medians, their ratio
 *     (aim: <= 2x the echo host), and what the host's trip is made of:
 *     its reply's elapsed_us against the rest (docs/PROTOCOL.md);
 *   - in-process pc_check of a 280-character post, median, for every
 *     built-in pack, the packs taken in turns (aim: <= 15 us), with
 *     pc_protocol_handle beside it;
 *   - a 64 KB post checked in-process, MB/s per pack (aim: >= 50 MB/s);
 *   - first check after start: spawn, hello naming the pack, check,
 *     median (aim: <= 15 ms), echo host beside it;
 *   - peak RSS of `postcheck serve` with one pack in use (aim: <= 8 MB),
 *     and what it is made of: own (anonymous) pages, the shared
 *     libraries' and the binary's (file-backed) pages, and PSS.
 * The in-process line also times pc_check of the 280-character post
 * with four attachments (names and alt texts). At the end, a summary
 * puts each aim beside this run's figure and says whether it was met.
 * `pc_bench packs` prints the in-process figures only, `pc_bench serve`
 * those through `postcheck serve` only; `pc_bench profile
 * ID [N [BYTES|files|request]]` only runs N (default 1000) 280-character
 * checks of pack ID (or of a BYTES-byte post: 65536 for the long post;
 * `files`: the 280 characters with four attachments; `request`: the
 * whole request, pc_protocol_handle, whose instructions outside pc_check
 * are the host's own), for a profiler (valgrind
 * --tool=callgrind, perf record), with a budget of an hour, so that a
 * profiler's slowdown never cuts rules short (the default budget,
 * budget.h, is CPU time: 550 ms for 64 KB, which callgrind's 50-fold
 * slowdown comes near).
 * Every pack is prepared (pc_packset_warm) before it is timed, and
 * malloc is set as postcheck sets it at start (pc__heap_init, grow.h),
 * so the in-process figures are the host's; the header line says so. */
#define _GNU_SOURCE 1 /* wait4; sched_getcpu (bench_pin.h) */
#include <fcntl.h>
#include <jansson.h>
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
#include "bench_aims.h"
#include "bench_evict.h"
#include "bench_pin.h"
#include "bench_proc.h"
#include "bench_time.h"
#include "grow.h"

extern char **environ;

#define RUNS 1000
#define TRIP_BLOCKS 21 /* the round trip's, of BLOCK_TRIPS each */
#define BLOCK_TRIPS 100
#define TRIPS (TRIP_BLOCKS * BLOCK_TRIPS)
#define COLD_RUNS 30
#define BIG_RUNS 20
#define ROUNDS 20 /* the 280-character check's turns (bench_in_turns) */
#define MAX_PACKS 16

typedef struct child {
    pid_t pid;
    int in, out;
} child;

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

/* Attachments of the kind people add, for the figure with attachments:
 * each name and alt text is read by every attachment rule of a pack. */
static const pc_attachment attachments[] = {
    {"image", "sports_day-year4.jpg", "Pupils running the relay at sports "
     "day", 0, 0, 0, 0},
    {"image", "IMG_2041.jpg", "Our crest on the banner at the summer fair",
     0, 0, 0, 0},
    {"video", "leavers-assembly.mp4", "Year 6 leavers singing in the hall",
     0, 0, 0, 0},
    {"file", "newsletter_autumn-term.pdf", NULL, 0, 0, 0, 0},
};
#define N_ATTACHMENTS (sizeof attachments / sizeof attachments[0])

/* The post make_request describes, for in-process checks; with_files:
 * with the attachments above. */
static void fill_post_with(pc_post *post, const char *text, int with_files)
{
    memset(post, 0, sizeof *post);
    if (with_files) {
        post->attachments = attachments;
        post->n_attachments = N_ATTACHMENTS;
    }
    post->text = text;
    post->text_len = strlen(text);
    post->account = PC_ACCOUNT_PERSONAL;
    post->handle = "@jane";
    post->site = "x.com";
    pc_post_set_now(post, "2026-11-23T10:15:00+00:00");
}

static void fill_post(pc_post *post, const char *text)
{
    fill_post_with(post, text, 0);
}

/* Minor page faults per check in the last time_check_with: pages the
 * check had to be given afresh (memory malloc took from the system for
 * it, or gave back after the one before). */
static double g_faults;

/* Median time of pc_check over runs runs, in microseconds; *nfind gets
 * the number of findings. with_files: the post has the attachments.
 * Sets g_faults. */
static double time_check_with(const pc_pack *pack, const char *text,
                              size_t runs, int with_files, size_t *nfind)
{
    static double t[RUNS];
    pc_post post;
    size_t i;
    long faults = minor_faults();

    fill_post_with(&post, text, with_files);
    for (i = 0; i < runs; i++) {
        pc_findings f = {0};
        double t0 = bench_now_us();
        pc_check(pack, &post, &f, NULL, NULL);
        t[i] = bench_now_us() - t0;
        *nfind = f.n;
        pc_findings_free(&f);
    }
    g_faults = (double)(minor_faults() - faults) / (double)runs;
    return bench_quantile(t, runs, 0.5);
}

/* Median time of pc_protocol_handle over RUNS runs, in microseconds. */
static double time_handle(pc_packset *ps, const char *req,
                          size_t req_len)
{
    static double t[RUNS];
    size_t i, out_len = 0;

    for (i = 0; i < RUNS; i++) {
        char *out = NULL;
        double t0 = bench_now_us();
        pc_protocol_handle(ps, req, req_len, &out, &out_len);
        t[i] = bench_now_us() - t0;
        free(out);
    }
    return bench_quantile(t, RUNS, 0.5);
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

/* What the RSS is made of, in KiB, for the child finish() last ended:
 * own pages (RssAnon: heap, JIT code), the shared libraries' and the
 * binary's pages (RssFile), and PSS (smaps_rollup: a library page shared
 * with n processes counts 1/n); -1 where /proc has no figure. */
static long g_anon = -1, g_file = -1, g_pss = -1;

/* Closes the child's stdin, waits, and returns its peak RSS in KiB
 * (VmHWM where /proc has it, else getrusage's maxrss of the child); sets
 * g_anon, g_file and g_pss. */
static long finish(child *c)
{
    struct rusage ru;
    int status;
    long kb = proc_kb(c->pid, "status", "VmHWM:");

    g_anon = proc_kb(c->pid, "status", "RssAnon:");
    g_file = proc_kb(c->pid, "status", "RssFile:");
    g_pss = proc_kb(c->pid, "smaps_rollup", "Pss:");

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
    double t0 = bench_now_us(), t;
    char *reply = NULL, *e;
    size_t rlen;

    if (pc_frame_write(c->in, req, len, NULL) != PC_OK ||
        pc_frame_read(c->out, 64u << 20, &reply, &rlen, NULL) != PC_OK) {
        return -1;
    }
    t = bench_now_us() - t0;
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

/* postcheck's g_anon, g_file and g_pss after the round trips. */
static long trips_anon = -1, trips_file = -1, trips_pss = -1;

/* This run's figures of issue 16's aims (bench_aims.h). */
static struct bench_aims aims = {-1, -1, "", -1, "", -1, -1};

/* Round trips through postcheck and the echo host, alternating, on one CPU
 * (bench_pin_here: why), in blocks (bench_block_medians: why), each host
 * first by turns. Prints the figures; *rss: postcheck's peak RSS (KiB). */
static void bench_round_trip(const char *req, size_t len, const char *pack_id,
                             long *rss)
{
    static double th[TRIPS], te[TRIPS], in[TRIPS], rest[TRIPS];
    child host, echo;
    double m[5];
    size_t i;
    cpu_set_t cpus;
    int pinned = bench_pin_here(&cpus);

    if (open_host(&host, PC_BINARY, "serve", pack_id) != 0 ||
        open_host(&echo, PC_ECHO_BINARY, NULL, pack_id) != 0) {
        printf("round trip: cannot start the hosts\n");
        bench_unpin(pinned, &cpus);
        return;
    }
    for (i = 0; i < TRIPS; i++) {
        long el;
        if ((i / BLOCK_TRIPS) % 2 == 0) {
            th[i] = trip(&host, req, len, &el);
            te[i] = trip(&echo, req, len, NULL);
        } else {
            te[i] = trip(&echo, req, len, NULL);
            th[i] = trip(&host, req, len, &el);
        }
        /* elapsed_us: the host's own time, request to findings. */
        in[i] = (double)el;
        rest[i] = th[i] - (double)el;
    }
    *rss = finish(&host);
    trips_anon = g_anon;
    trips_file = g_file;
    trips_pss = g_pss;
    finish(&echo);
    bench_unpin(pinned, &cpus);
    bench_block_medians(th, te, TRIP_BLOCKS, BLOCK_TRIPS, m);
    aims.trip_ratio = m[2] > 0 ? m[2] : -1;
    printf("280-char check, framed round trip, median   postcheck %8.1f us"
           "   echo %8.1f us   %.2fx echo   (aim <= 2x; blocks %.2f-%.2fx%s)"
           "\n", m[0], m[1], m[2], m[3], m[4], pinned ? ", one CPU" : "");
    printf("  of which: in the host (elapsed_us: request parsed and checked) "
           "%.1f us; the rest (reply rendered and framed, pipes, wake-ups) "
           "%.1f us\n", bench_quantile(in, TRIPS, 0.5),
           bench_quantile(rest, TRIPS, 0.5));
}

/* Median time from spawn to the reply to the first check (after a hello
 * naming the pack, sent at once, as the extension does), over COLD_RUNS
 * starts; *rss gets the last child's peak RSS (KiB). */
static double first_check(const char *path, const char *arg,
                          const char *pack_id, const char *req, size_t len,
                          long *rss)
{
    static double t[COLD_RUNS];
    char hello[160];

    snprintf(hello, sizeof hello, "{\"type\":\"hello\",\"protocol\":1,"
             "\"id\":0,\"policy\":\"%s\"}", pack_id);
    for (size_t i = 0; i < COLD_RUNS; i++) {
        child c;
        double t0 = bench_now_us();
        if (spawn(&c, path, arg) != 0 ||
            trip(&c, hello, strlen(hello), NULL) < 0 ||
            trip(&c, req, len, NULL) < 0) {
            return -1;
        }
        t[i] = bench_now_us() - t0;
        *rss = finish(&c);
    }
    return bench_quantile(t, COLD_RUNS, 0.5);
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

/* What check_once checks in bench_in_turns, and each pack's findings. */
typedef struct turns {
    const pc_pack *packs[MAX_PACKS];
    pc_post posts[MAX_PACKS];
    size_t nfind[MAX_PACKS];
} turns;

/* One pc_check of pack i's post, for bench_in_turns; its time in us. */
static double check_once(void *ctx, size_t i)
{
    turns *tc = ctx;
    pc_findings f = {0};
    double t0 = bench_now_us();

    pc_check(tc->packs[i], &tc->posts[i], &f, NULL, NULL);
    t0 = bench_now_us() - t0;
    tc->nfind[i] = f.n;
    pc_findings_free(&f);
    return t0;
}

/* In-process figures for every pack (the first MAX_PACKS): the
 * 280-character check's median, the packs taken in turns (ROUNDS rounds,
 * bench_in_turns: why) with the lowest and highest round's median
 * beside it; pc_protocol_handle's median and the check with attachments,
 * and 64 KB throughput, a pack at a time. */
static void bench_packs(pc_packset *ps)
{
    static double t[MAX_PACKS * RUNS];
    static turns tc;
    char *short_text[MAX_PACKS];
    double c[MAX_PACKS], lo[MAX_PACKS], hi[MAX_PACKS];
    double worst = 0, slowest = -1;
    size_t i, n = pc_packset_count(ps);

    n = n < MAX_PACKS ? n : MAX_PACKS;
    for (i = 0; i < n; i++) {
        tc.packs[i] = pc_packset_at(ps, i);
        short_text[i] = make_post(pc_pack_organisation(tc.packs[i]), 280, 1);
        fill_post(&tc.posts[i], short_text[i]);
    }
    bench_in_turns(n, ROUNDS, RUNS / ROUNDS, check_once, &tc, t, c, lo, hi);
    for (i = 0; i < n; i++) {
        const pc_pack *p = tc.packs[i];
        char *long_text = make_post(pc_pack_organisation(p), 64 * 1024, 0);
        size_t len, n64 = 0;
        char *req = make_request(pc_pack_id(p), short_text[i], &len);
        double h = time_handle(ps, req, len);
        double big = time_check_with(p, long_text, BIG_RUNS, 0, &n64);
        double mbs = (double)strlen(long_text) / big;
        double faults = g_faults;
        size_t nf = 0;
        double f = time_check_with(p, short_text[i], RUNS, 1, &nf);
        printf("  %-18s %3zu rules   280 chars: pc_check %7.1f us (rounds "
               "%.1f-%.1f), handle %7.1f us (%zu findings), with %zu "
               "attachments %7.1f us (%zu)   64 KB: %6.1f MB/s (%zu "
               "findings, %.0f page faults a check)\n",
               pc_pack_id(p), pc_pack_rule_count(p), c[i], lo[i], hi[i], h,
               tc.nfind[i], N_ATTACHMENTS, f, nf, mbs, n64, faults);
        if (c[i] > worst) {
            worst = c[i];
            snprintf(aims.check_pack, sizeof aims.check_pack, "%s",
                     pc_pack_id(p));
        }
        if (slowest < 0 || mbs < slowest) {
            slowest = mbs;
            snprintf(aims.mbs_pack, sizeof aims.mbs_pack, "%s",
                     pc_pack_id(p));
        }
        free(req);
        free(short_text[i]);
        free(long_text);
    }
    aims.check_us = worst;
    aims.mbs = slowest;
    printf("in-process check, 280 chars, median, slowest pack   %7.1f us"
           "   (aim <= 15 us)\n", worst);
    printf("64 KB post, in-process, slowest pack                %7.1f MB/s"
           "   (aim >= 50 MB/s)\n", slowest);
}

/* Runs n checks of the pack with id, untimed, for a profiler to watch:
 * of a 280-character post (with the attachments above when with_files),
 * or of a post of `bytes` bytes when not 0; when request, n requests
 * checking the 280-character post (pc_protocol_handle, default budget). */
static void profile(pc_packset *ps, const char *id, size_t n, size_t bytes,
                    int with_files, int request)
{
    const pc_pack *p = pc_packset_find(ps, id);
    char *text, *req, *out;
    size_t len, out_len;
    pc_post post;

    if (!p) {
        printf("bench: no pack %s\n", id);
        return;
    }
    text = bytes ? make_post(pc_pack_organisation(p), bytes, 0)
                 : make_post(pc_pack_organisation(p), 280, 1);
    req = make_request(id, text, &len);
    fill_post_with(&post, text, with_files);
    post.budget_ns = 3600LL * 1000000000LL;
    for (size_t k = 0; k < n; k++) {
        pc_findings f = {0};
        if (request) {
            pc_protocol_handle(ps, req, len, &out, &out_len);
            free(out);
            continue;
        }
        pc_check(p, &post, &f, NULL, NULL);
        pc_findings_free(&f);
    }
    free(req);
    free(text);
}

int main(int argc, char **argv)
{
    pc_error err;
    pc_packset *ps;
    const pc_pack *pack;
    long rss_trips = 0, rss_first = 0, rss_echo = 0;
    long first_anon, first_file, first_pss;
    double hc, ec;
    char *text, *req;
    size_t len;

    signal(SIGPIPE, SIG_IGN);
    pc__heap_init(0); /* as main.c: the host's malloc settings */
    setenv("XDG_CONFIG_HOME", "/nonexistent/postcheck-bench", 1);
    /* A profile's figures repeat from run to run: jansson's hash tables
     * otherwise take a random seed at start, which moves malloc's work
     * while the packs load by ~0.7 M instructions a run. */
    if (argc > 2 && strcmp(argv[1], "profile") == 0)
        json_object_seed(1);
    pc_error_clear(&err);
    ps = pc_packset_new(&err);
    if (!ps || pc_packset_load_default(ps, NULL, &err) != PC_OK ||
        pc_packset_warm(ps, NULL, &err) != PC_OK || !(pack = largest(ps))) {
        printf("bench: cannot load the built-in packs: %s\n", err.text);
        return 0;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc > 2 && strcmp(argv[1], "profile") == 0) {
        profile(ps, argv[2], argc > 3 ? strtoul(argv[3], NULL, 10) : 1000,
                argc > 4 ? strtoul(argv[4], NULL, 10) : 0,
                argc > 4 && strcmp(argv[4], "files") == 0,
                argc > 4 && strcmp(argv[4], "request") == 0);
        pc_packset_free(ps);
        return 0;
    }
    printf("postcheck benchmark: %d runs in-process (%d for 64 KB; malloc set "
           "as the host sets it, pc__heap_init), %d round "
           "trips, %d starts; round trips and starts use pack '%s' (%zu "
           "rules)\n", RUNS, BIG_RUNS, TRIPS, COLD_RUNS, pc_pack_id(pack),
           pc_pack_rule_count(pack));
    if (argc < 2 || strcmp(argv[1], "serve") != 0) {
        bench_packs(ps);
    }
    if (argc > 1 && strcmp(argv[1], "packs") == 0) {
        /* `pc_bench packs`: the in-process figures only, for comparing
         * two builds quickly. */
        pc_packset_free(ps);
        return 0;
    }
    text = make_post(pc_pack_organisation(pack), 280, 1);
    req = make_request(pc_pack_id(pack), text, &len);
    bench_evict_host(PC_BINARY); /* read from disk, as a user's is */
    bench_round_trip(req, len, pc_pack_id(pack), &rss_trips);
    hc = first_check(PC_BINARY, "serve", pc_pack_id(pack), req, len,
                     &rss_first);
    first_anon = g_anon;
    first_file = g_file;
    first_pss = g_pss;
    ec = first_check(PC_ECHO_BINARY, NULL, pc_pack_id(pack), req, len,
                     &rss_echo);
    aims.first_ms = hc >= 0 ? hc / 1000.0 : -1;
    aims.rss_mb = hc >= 0 ? (double)rss_first / 1024.0 : -1;
    printf("first check after start (spawn, hello, check)   postcheck %7.2f ms"
           "   echo %7.2f ms   (aim <= 15 ms)\n", hc / 1000.0, ec / 1000.0);
    printf("peak RSS, one pack in use                        postcheck %7.1f MB"
           "   echo %7.1f MB   (aim <= 8 MB; %.1f MB after %d round trips)\n",
           (double)rss_first / 1024.0, (double)rss_echo / 1024.0,
           (double)rss_trips / 1024.0, TRIPS);
    /* What the 8 MB is made of (PSS shares the libraries' pages out). */
    printf("  of which: own (anon) %.1f MB, shared libraries and binary "
           "(file) %.1f MB; PSS %.1f MB   (after %d round trips: own %.1f, "
           "file %.1f, PSS %.1f)\n", (double)first_anon / 1024.0,
           (double)first_file / 1024.0, (double)first_pss / 1024.0, TRIPS,
           (double)trips_anon / 1024.0, (double)trips_file / 1024.0,
           (double)trips_pss / 1024.0);
    bench_print_aims(&aims);
    free(req);
    free(text);
    pc_packset_free(ps);
    return 0;
}
