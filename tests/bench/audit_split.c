/* audit_split.c: where an audit's time goes. Reads an archive twice in
 * process: once with a sink that only counts (reading, unzipping, JSON or
 * CSV parsing, mojibake repair), once checking every post with pc_check
 * (the engine, as `postcheck audit` calls it), and prints the CPU time and
 * MB/s of post text of each. Used by tests/bench/audit; prints figures,
 * never fails on them.
 *
 * Usage: pc_bench_audit_split POLICY ARCHIVE */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "postcheck/audit.h"
#include "postcheck/pack.h"
#include "postcheck/post.h"
#include "postcheck/rules.h"

typedef struct tally {
    const pc_pack *pack;
    unsigned long long posts, bytes, flagged;
} tally;

static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static int count_only(void *ctx, const pc_audit_post *p)
{
    tally *t = ctx;
    t->posts++;
    t->bytes += p->text_len;
    return 0;
}

static int check_post(void *ctx, const pc_audit_post *p)
{
    tally *t = ctx;
    pc_post post;
    pc_findings found = {0};
    pc_error err;

    memset(&post, 0, sizeof post);
    post.text = p->text;
    post.text_len = p->text_len;
    post.account = PC_ACCOUNT_PERSONAL;
    if (pc_check(t->pack, &post, &found, NULL, &err) == PC_OK && found.n) {
        t->flagged++;
    }
    pc_findings_free(&found);
    t->posts++;
    t->bytes += p->text_len;
    return 0;
}

static int ignore(void *ctx, const char *where, const char *why)
{
    return 0;
}

static int pass(const char *path, tally *t,
                int (*fn)(void *, const pc_audit_post *), double *secs)
{
    pc_audit_sink sink = {t, fn, ignore, NULL};
    pc_error err;
    pc_archive *a = pc_archive_open(path, &err);
    double t0 = cpu_now();

    if (!a || pc_archive_read(a, &sink, &err) != PC_OK) {
        fprintf(stderr, "audit_split: %s\n", err.text);
        pc_archive_close(a);
        return -1;
    }
    *secs = cpu_now() - t0;
    pc_archive_close(a);
    return 0;
}

int main(int argc, char **argv)
{
    pc_error err;
    pc_packset *ps = pc_packset_new(&err);
    tally read = {0}, check = {0};
    double rs, cs;

    if (argc != 3 || !ps || pc_packset_add_builtin(ps, &err) != PC_OK ||
        pc_packset_warm(ps, argv[1], &err) != PC_OK) {
        fprintf(stderr, "usage: pc_bench_audit_split POLICY ARCHIVE\n");
        return 2;
    }
    check.pack = pc_packset_find(ps, argv[1]);
    if (pass(argv[2], &read, count_only, &rs) != 0 ||
        pass(argv[2], &check, check_post, &cs) != 0) {
        return 2;
    }
    printf("  reading alone: %.2f s CPU, %.1f MB/s of post text, %.0f "
           "posts/s\n", rs, read.bytes / 1e6 / rs, read.posts / rs);
    printf("  reading + pc_check: %.2f s CPU, %.2f MB/s of post text, %.0f "
           "posts/s, %.1f us a post in pc_check\n", cs,
           check.bytes / 1e6 / cs, check.posts / cs,
           (cs - rs) * 1e6 / (double)(check.posts ? check.posts : 1));
    pc_packset_free(ps);
    return 0;
}
