/* host_bench.c: where the host's time goes around a check, phase by
 * phase, in-process; prints figures and never fails. For a 280-character
 * check request and for a 64 KB post's request, each a median:
 *   - reading the request's JSON: the host's one-pass reader
 *     (json_read.c) and jansson's json_loadb beside it;
 *   - rendering the result reply;
 *   - framing: the reply written and read back through a pipe;
 *   - the check itself (pc_check) and the whole request
 *     (pc_protocol_handle: UTF-8 check, JSON, fields, check, reply),
 *     and the host's own phases (read, render, frames) as a share of it.
 * The round trip through `postcheck serve` beside the echo host is
 * pc_bench's (bench.c). Usage: pc_bench_host [PACK] (default llmat). */
#define _GNU_SOURCE 1 /* F_SETPIPE_SZ */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "postcheck/frame.h"
#include "postcheck/pack.h"
#include "postcheck/protocol.h"
#include "postcheck/rules.h"
#include "protocol_int.h"
#include "bench_time.h"

#define RUNS 2000
#define BIG_RUNS 30

/* A post of at least `bytes` bytes: a paragraph of the kind people
 * write (a phone number, an email address, the organisation, a little
 * non-ASCII and JSON escapes), repeated, cut on a character boundary. */
static char *make_text(const char *org, size_t bytes)
{
    char para[512];
    size_t n, len = 0;
    char *buf;

    n = (size_t)snprintf(para, sizeof para,
                         "Lovely \"open morning\" at %s today \xe2\x80\x94 "
                         "thanks all!\nQuestions? Ring 07700 900123 or "
                         "write to jane.doe@example.org.\tCaf\xc3\xa9 opens "
                         "at 9. ", org);
    buf = malloc(bytes + n + 1);
    if (!buf) {
        exit(0);
    }
    while (len < bytes) {
        memcpy(buf + len, para, n);
        len += n;
    }
    len = bytes;
    while (len > 0 && ((unsigned char)buf[len] & 0xC0) == 0x80) {
        len--;
    }
    buf[len] = '\0';
    return buf;
}

/* The check request the extension sends for text. */
static char *make_request(const char *id, const char *text, size_t *len)
{
    json_t *o = json_object(), *acc = json_object();
    char *s;

    json_object_set_new(acc, "kind", json_string("personal"));
    json_object_set_new(acc, "handle", json_string("@jane"));
    json_object_set_new(o, "type", json_string("check"));
    json_object_set_new(o, "id", json_integer(1));
    json_object_set_new(o, "policy", json_string(id));
    json_object_set_new(o, "account", acc);
    json_object_set_new(o, "site", json_string("x.com"));
    json_object_set_new(o, "text", json_string(text));
    json_object_set_new(o, "now", json_string("2026-11-23T10:15:00+00:00"));
    s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!s) {
        exit(0);
    }
    *len = strlen(s);
    return s;
}

typedef struct phases {
    double fast, jansson, check, handle, render, frames;
    size_t reply_len, findings;
} phases;

static void time_reads(const char *req, size_t len, size_t runs, phases *p)
{
    static double a[RUNS], b[RUNS];

    for (size_t i = 0; i < runs; i++) {
        json_t *v;
        double t0 = bench_now_us();
        pc__json_parse(req, len, &v);
        a[i] = bench_now_us() - t0;
        json_decref(v);
        t0 = bench_now_us();
        v = json_loadb(req, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL |
                       JSON_DECODE_ANY, NULL);
        b[i] = bench_now_us() - t0;
        json_decref(v);
    }
    p->fast = bench_quantile(a, runs, 0.5);
    p->jansson = bench_quantile(b, runs, 0.5);
}

/* pc_check and pc_protocol_handle, alternating; the check's findings
 * rendered and framed through a pipe. */
static void time_check(pc_packset *ps, const pc_pack *pack, const char *text,
                       const char *req, size_t len, size_t runs, phases *p)
{
    static double c[RUNS], h[RUNS], r[RUNS], f[RUNS];
    pc_post post;
    int fds[2], pipe_size;

    memset(&post, 0, sizeof post);
    post.text = text;
    post.text_len = strlen(text);
    post.account = PC_ACCOUNT_PERSONAL;
    post.handle = "@jane";
    post.site = "x.com";
    pc_post_set_now(&post, "2026-11-23T10:15:00+00:00");
    if (pipe(fds) != 0) {
        exit(0);
    }
    /* The reply is written whole before it is read back: it must fit in
     * the pipe (1 MB, Linux's default limit for a pipe's size). */
    pipe_size = fcntl(fds[1], F_SETPIPE_SZ, 1 << 20);
    for (size_t i = 0; i < runs; i++) {
        pc_findings found = {0};
        char *out = NULL, *back = NULL;
        size_t out_len = 0, back_len = 0;
        double t0 = bench_now_us();
        pc_check(pack, &post, &found, NULL, NULL);
        c[i] = bench_now_us() - t0;
        t0 = bench_now_us();
        out = pc_protocol_result_json(pc_pack_id(pack), &found, 0,
                                      PC_PROTOCOL_MAX_REPLY, &out_len);
        r[i] = bench_now_us() - t0;
        t0 = bench_now_us();
        if (out && out_len + PC_FRAME_HEADER <= (size_t)pipe_size) {
            pc_frame_write(fds[1], out, out_len, NULL);
            pc_frame_read(fds[0], PC_PROTOCOL_MAX_REPLY, &back, &back_len,
                          NULL);
        }
        f[i] = back ? bench_now_us() - t0 : -1;
        p->reply_len = out_len;
        p->findings = found.n;
        free(back);
        free(out);
        pc_findings_free(&found);
        t0 = bench_now_us();
        pc_protocol_handle(ps, req, len, &out, &out_len);
        h[i] = bench_now_us() - t0;
        free(out);
    }
    close(fds[0]);
    close(fds[1]);
    p->check = bench_quantile(c, runs, 0.5);
    p->handle = bench_quantile(h, runs, 0.5);
    p->render = bench_quantile(r, runs, 0.5);
    p->frames = bench_quantile(f, runs, 0.5);
}

static void report(const char *what, size_t req_len, const phases *p)
{
    /* Measured phase by phase: the whole request less the check would
     * carry the check's own spread. */
    double own = p->fast + p->render + (p->frames > 0 ? p->frames : 0);

    printf("%s: request %zu bytes, reply %zu bytes (%zu findings)\n", what,
           req_len, p->reply_len, p->findings);
    printf("  read request  %9.1f us (%7.1f MB/s)   jansson %9.1f us "
           "(%7.1f MB/s)\n", p->fast, (double)req_len / p->fast, p->jansson,
           (double)req_len / p->jansson);
    printf("  render reply  %9.1f us   frame out and in %7.1f us%s\n",
           p->render, p->frames, p->frames < 0 ? " (over the pipe's size)"
                                                : "");
    printf("  check %9.1f us   whole request %9.1f us   host's own phases "
           "(read, render, frames) %7.1f us (%.1f%%)\n", p->check, p->handle,
           own, p->handle > 0 ? 100.0 * own / p->handle : 0.0);
}

int main(int argc, char **argv)
{
    const char *id = argc > 1 ? argv[1] : "llmat";
    pc_error err;
    pc_packset *ps;
    const pc_pack *pack;
    char *text, *req;
    size_t len;

    setenv("XDG_CONFIG_HOME", "/nonexistent/postcheck-bench", 1);
    pc_error_clear(&err);
    ps = pc_packset_new(&err);
    if (!ps || pc_packset_load_default(ps, NULL, &err) != PC_OK ||
        pc_packset_warm(ps, id, &err) != PC_OK ||
        !(pack = pc_packset_find(ps, id))) {
        printf("host bench: cannot load pack %s: %s\n", id, err.text);
        return 0;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("host phases, pack '%s', medians of %d runs (%d for 64 KB)\n", id,
           RUNS, BIG_RUNS);
    for (int big = 0; big < 2; big++) {
        size_t runs = big ? BIG_RUNS : RUNS;
        phases p = {0};
        text = make_text(pc_pack_organisation(pack), big ? 64 * 1024 : 280);
        req = make_request(id, text, &len);
        time_reads(req, len, runs, &p);
        time_check(ps, pack, text, req, len, runs, &p);
        report(big ? "64 KB post" : "280-byte post", len, &p);
        free(req);
        free(text);
    }
    pc_packset_free(ps);
    return 0;
}
