/* cli_audit.c: `postcheck audit`: checks every post of a social-media
 * archive against a policy and writes a report folder; with only --ack,
 * marks the posts of a report as reviewed.
 *
 *   postcheck audit --policy ID [--personal|--official] [--out DIR]
 *                   [--ack FILE] [--all] [--no-images] PATH
 *   postcheck audit --ack DIR/ack.json
 *
 * A run honours DIR/ack.json (or --ack FILE) unless --all is given. The
 * progress bar is drawn only when stdout is a terminal. Exit 0: nothing
 * flagged; 1: flagged posts; 2: usage, input or output error. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "postcheck/pack.h"
#include "postcheck/audit.h"
#include "postcheck/log.h"

#define DEFAULT_OUT "postcheck-report"

typedef struct audit_args {
    const char *policy, *out, *ack, *path;
    pc_account account;
    int all, no_images;
} audit_args;

/* Handles --policy, --out or --ack VALUE at argv[*i]: 1 if it was one, 0
 * if not, -1 on a missing value. */
static int value_option(audit_args *a, int argc, char **argv, int *i)
{
    static const char *const names[] = {"--policy", "--out", "--ack"};
    const char **slots[] = {&a->policy, &a->out, &a->ack};
    size_t k;

    for (k = 0; k < 3; k++) {
        int r = pc_cli_opt_value(argc, argv, i, names[k], slots[k]);
        if (r != 0) {
            return r;
        }
    }
    return 0;
}

static int parse(audit_args *a, int argc, char **argv)
{
    int i, r;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--personal") == 0 ||
            strcmp(argv[i], "--official") == 0) {
            a->account = argv[i][2] == 'p' ? PC_ACCOUNT_PERSONAL
                                           : PC_ACCOUNT_OFFICIAL;
            continue;
        }
        if (strcmp(argv[i], "--all") == 0) {
            a->all = 1;
            continue;
        }
        if (strcmp(argv[i], "--no-images") == 0) {
            a->no_images = 1;
            continue;
        }
        r = value_option(a, argc, argv, &i);
        if (r < 0) {
            return -1;
        }
        if (r > 0) {
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0') {
            pc_log_print("postcheck: audit: unknown option '%s'\n",
                         argv[i]);
            return -1;
        }
        if (a->path) {
            pc_log_print("%s", "postcheck: audit: give one archive\n");
            return -1;
        }
        a->path = argv[i];
    }
    return 0;
}

/* `--ack FILE` alone: records the report's posts as reviewed. */
static int acknowledge(const char *ack)
{
    pc_error err;
    size_t n = 0;

    pc_error_clear(&err);
    if (pc_audit_ack(ack, &n, &err) != PC_OK) {
        pc_log_print("postcheck: audit: %s\n", err.text);
        return PC_EXIT_USAGE;
    }
    printf("%zu posts marked as reviewed in %s; the next audit with this "
           "report folder shows only new or changed ones.\n", n, ack);
    return PC_EXIT_OK;
}

/* The ack file a run honours: --ack, else OUT/ack.json if present. */
static const char *ack_for_run(const audit_args *a, char *buf, size_t n)
{
    struct stat st;

    if (a->all) {
        return NULL;
    }
    if (a->ack) {
        return a->ack;
    }
    snprintf(buf, n, "%s/ack.json", a->out);
    return stat(buf, &st) == 0 ? buf : NULL;
}

static void summary(const audit_args *a, const pc_audit_totals *t,
                    double secs)
{
    printf("Checked %llu posts (%.1f MB of text) in %.2f s against '%s'.\n",
           t->posts, t->text_bytes / 1e6, secs, a->policy);
    printf("%llu posts flagged, %llu findings.\n", t->flagged, t->findings);
    if (t->acknowledged) {
        printf("%llu flagged posts already reviewed and unchanged are not "
               "shown (--all shows them).\n", t->acknowledged);
    }
    if (t->images_seen) {
        printf("%llu images looked at (logos, faces).\n", t->images_seen);
    }
    if (t->images_unseen) {
        printf("%llu images could not be looked at (unreadable, or "
               "postcheck-vision is missing); checked by name only.\n",
               t->images_unseen);
    }
    if (t->media_missing) {
        printf("%llu of %llu media files are missing from the archive "
               "(deleted media).\n", t->media_missing, t->media);
    }
    if (t->damaged) {
        printf("%llu damaged posts skipped (%s above).\n", t->damaged,
               t->damaged > 20 ? "the first 20 listed" : "listed");
    }
    printf("Report: %s/report.html (also findings.jsonl, findings.csv)\n",
           a->out);
}

static int run(const audit_args *a, const pc_pack *pack)
{
    pc_audit_opts o;
    pc_audit_totals t;
    pc_error err;
    struct timespec t0, t1;
    char ackbuf[4200];

    memset(&o, 0, sizeof o);
    o.pack = pack;
    o.account = a->account;
    o.out_dir = a->out;
    o.ack_path = ack_for_run(a, ackbuf, sizeof ackbuf);
    o.progress = isatty(1);
    o.no_images = a->no_images;
    pc_error_clear(&err);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (pc_audit_run(a->path, &o, &t, &err) != PC_OK) {
        pc_log_print("postcheck: audit: %s\n", err.text);
        return PC_EXIT_USAGE;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    summary(a, &t, (double)(t1.tv_sec - t0.tv_sec) +
                       (t1.tv_nsec - t0.tv_nsec) / 1e9);
    return t.flagged ? PC_EXIT_FOUND : PC_EXIT_OK;
}

int pc_cli_audit(int argc, char **argv, const pc_cli_globals *g)
{
    audit_args a;
    pc_packset *ps;
    const pc_pack *pack;
    int rc;

    memset(&a, 0, sizeof a);
    a.account = PC_ACCOUNT_OFFICIAL;
    a.out = DEFAULT_OUT;
    if (parse(&a, argc, argv) != 0) {
        return PC_EXIT_USAGE;
    }
    if (!a.path && a.ack) {
        return acknowledge(a.ack);
    }
    if (!a.path || !a.policy) {
        pc_log_print("%s", "postcheck: audit: usage: postcheck audit "
                     "--policy ID [--personal|--official] [--out DIR] "
                     "ARCHIVE (a .zip or its folder); postcheck audit "
                     "--ack DIR/ack.json\n");
        return PC_EXIT_USAGE;
    }
    ps = pc_cli_load(g);
    pack = ps ? pc_packset_find(ps, a.policy) : NULL;
    if (ps && !pack) {
        pc_log_print("postcheck: unknown policy '%s' (see postcheck "
                "policy list)\n", a.policy);
    }
    if (pack) {
        pc_error err;
        pc_error_clear(&err);
        /* Compiled once here, not inside the first post's check. */
        if (pc_packset_warm(ps, a.policy, &err) != PC_OK) {
            pc_log_print("postcheck: %s\n", err.text);
            pack = NULL;
        }
    }
    rc = pack ? run(&a, pack) : PC_EXIT_USAGE;
    pc_packset_free(ps);
    return rc;
}
