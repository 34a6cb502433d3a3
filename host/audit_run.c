/* audit_run.c: one audit run: reads the archive post by post, checks
 * each with the pack as of the post's own date (so working hours are
 * judged when it was posted), and writes the flagged ones to
 * findings.jsonl and findings.csv, then report.html from those.
 *
 * A post's date is in UTC in every archive; it is turned into local time
 * with the machine's time zone (TZ), which is the user's. Media become
 * attachments, images looked at by vision (audit_media.c). Damaged posts are reported on stderr by place only and
 * skipped. Outputs are written to temporary names and renamed at the end,
 * so a failed run leaves the previous report whole. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "audit_int.h"
#include "postcheck/log.h"

#define MAX_DAMAGED_SHOWN 20
#define BAR_WIDTH 30

typedef struct run {
    const pc_audit_opts *o;
    pc_audit_totals *t;
    pc__ackset *ack;
    pc_archive *a;
    pc__media_eye *eye;
    FILE *jsonl, *csv;
    pc_findings found;
    pc_attachment att[PC_AUDIT_MAX_MEDIA];
    pc_error *err;
    int failed;
    int last_pct;
} run;

/* Sets post's local wall-clock time from seconds since 1970 UTC. */
static void set_now(pc_post *post, long long t)
{
    time_t tt = (time_t)t;
    struct tm tm;

    if (t < 0 || !localtime_r(&tt, &tm)) {
        return;
    }
    post->has_now = 1;
    post->now_wday = tm.tm_wday;
    post->now_minute = tm.tm_hour * 60 + tm.tm_min;
}

static const char *site_of(pc_audit_platform pf)
{
    static const char *const sites[] = {"x.com", "facebook.com",
                                        "instagram.com", "linkedin.com"};
    return (unsigned)pf < 4 ? sites[pf] : NULL;
}

/* Writes one flagged post, unless acknowledged unchanged. */
static int record(run *r, const pc_audit_post *p)
{
    pc__audit_rec rec = {p, &r->found, 0};
    char key[300];

    rec.hash = pc__audit_hash(p, &r->found);
    pc__audit_key(p->platform, p->id, key, sizeof key);
    if (pc__ack_has(r->ack, key, rec.hash)) {
        r->t->acknowledged++;
        return 0;
    }
    r->t->flagged++;
    r->t->findings += r->found.n;
    if (pc__audit_write_jsonl(r->jsonl, &rec) != 0 ||
        pc__audit_write_csv(r->csv, &rec) != 0) {
        pc_error_set(r->err, PC_ERR_IO, "writing the findings failed: %s",
                     strerror(errno));
        r->failed = 1;
        return 1;
    }
    return 0;
}

static int on_post(void *ctx, const pc_audit_post *p)
{
    run *r = ctx;
    pc_post post;
    pc_error cerr;
    pc_status st;

    memset(&post, 0, sizeof post);
    post.text = p->text;
    post.text_len = p->text_len;
    post.account = r->o->account;
    post.site = site_of(p->platform);
    post.attachments = r->att;
    post.n_attachments = pc__media_attach(r->eye, r->a, p, r->att, r->t);
    set_now(&post, p->time);
    r->t->posts++;
    r->t->text_bytes += p->text_len;
    pc_error_clear(&cerr);
    st = pc_check(r->o->pack, &post, &r->found, NULL, &cerr);
    if (st == PC_ERR_NOMEM) {
        pc_error_set(r->err, st, "out of memory");
        r->failed = 1;
        return 1;
    }
    if (st != PC_OK) {
        pc_log_print("postcheck: audit: %s post %s could not be "
                     "checked: %s\n", pc_audit_platform_name(p->platform),
                     p->id, pc_strerror(st));
        r->t->damaged++;
    } else if (r->found.n > 0 && record(r, p) != 0) {
        pc_findings_free(&r->found);
        return 1;
    }
    pc_findings_free(&r->found);
    return 0;
}

static int on_damaged(void *ctx, const char *where, const char *why)
{
    run *r = ctx;

    r->t->damaged++;
    if (r->t->damaged <= MAX_DAMAGED_SHOWN) {
        pc_log_print("%spostcheck: audit: skipped a damaged post: %s: "
                     "%s\n", r->o->progress ? "\r\033[K" : "", where, why);
    }
    return 0;
}

/* Draws the progress bar on stdout (a terminal) at each new percent. */
static void on_progress(void *ctx, unsigned long long done,
                        unsigned long long total)
{
    run *r = ctx;
    int pct = total ? (int)(done * 100 / total) : 0, k;
    char bar[BAR_WIDTH + 1];

    if (!r->o->progress || pct == r->last_pct || pct > 100) {
        return;
    }
    r->last_pct = pct;
    for (k = 0; k < BAR_WIDTH; k++) {
        bar[k] = k < pct * BAR_WIDTH / 100 ? '#' : '.';
    }
    bar[BAR_WIDTH] = '\0';
    printf("\r[%s] %3d%%  %llu posts", bar, pct, r->t->posts);
    fflush(stdout);
}

/* Joins dir and name into out. */
static int out_path(const char *dir, const char *name, char *out, size_t n)
{
    int w = snprintf(out, n, "%s/%s", dir, name);
    return w < 0 || (size_t)w >= n ? -1 : 0;
}

/* Opens dir/name.tmp for writing. */
static FILE *open_tmp(const char *dir, const char *name, pc_error *err)
{
    char path[4200];
    FILE *f = NULL;

    if (out_path(dir, name, path, sizeof path) == 0) {
        strcat(path, ".tmp");
        f = fopen(path, "wb");
    }
    if (!f) {
        pc_error_set(err, PC_ERR_IO, "%s/%s: cannot write: %s", dir, name,
                     strerror(errno));
    }
    return f;
}

/* Renames dir/name.tmp to dir/name (or removes it when !keep). */
static int commit(const char *dir, const char *name, int keep)
{
    char to[4200], from[4300];

    if (out_path(dir, name, to, sizeof to) != 0) {
        return -1;
    }
    snprintf(from, sizeof from, "%s.tmp", to);
    if (!keep) {
        remove(from);
        return 0;
    }
    return rename(from, to);
}

static pc_status read_all(run *r, pc_archive *a)
{
    pc_audit_sink sink = {r, on_post, on_damaged, on_progress};
    pc_status st;

    r->last_pct = -1;
    st = pc_archive_read(a, &sink, r->err);
    if (r->o->progress) {
        printf("\r\033[K");
        fflush(stdout);
    }
    if (st == PC_ERR_INTERNAL && r->failed) {
        st = r->err->code;
    }
    return st;
}

pc_status pc_audit_run(const char *path, const pc_audit_opts *opts,
                       pc_audit_totals *totals, pc_error *err)
{
    run r;
    pc_archive *a;
    pc_status st = PC_OK;
    int ok;

    memset(&r, 0, sizeof r);
    memset(totals, 0, sizeof *totals);
    r.o = opts;
    r.t = totals;
    r.err = err;
    a = pc_archive_open(path, err);
    if (!a) {
        return err->code;
    }
    if (mkdir(opts->out_dir, 0700) != 0 && errno != EEXIST) {
        pc_archive_close(a);
        return pc_error_set(err, PC_ERR_IO, "%s: cannot create: %s",
                            opts->out_dir, strerror(errno));
    }
    r.a = a;
    r.eye = opts->no_images ? NULL : pc__media_eye_new();
    r.ack = pc__ack_load(opts->ack_path, err);
    r.jsonl = r.ack ? open_tmp(opts->out_dir, "findings.jsonl", err) : NULL;
    r.csv = r.jsonl ? open_tmp(opts->out_dir, "findings.csv", err) : NULL;
    st = r.csv ? PC_OK : err->code;
    if (st == PC_OK && pc__audit_write_csv_header(r.csv) == 0) {
        st = read_all(&r, a);
    }
    ok = st == PC_OK;
    if (r.jsonl && fclose(r.jsonl) != 0 && ok) {
        st = pc_error_set(err, PC_ERR_IO, "writing findings.jsonl failed");
    }
    if (r.csv && fclose(r.csv) != 0 && ok) {
        st = pc_error_set(err, PC_ERR_IO, "writing findings.csv failed");
    }
    ok = st == PC_OK;
    if (commit(opts->out_dir, "findings.jsonl", ok) != 0 ||
        commit(opts->out_dir, "findings.csv", ok) != 0) {
        st = pc_error_set(err, PC_ERR_IO, "%s: cannot rename the outputs",
                          opts->out_dir);
    }
    if (st == PC_OK) {
        st = pc__audit_write_html(opts->out_dir, totals, opts, a, err);
    }
    pc__ack_free(r.ack);
    pc__media_eye_free(r.eye);
    pc_archive_close(a);
    return st;
}
