/* audit.h: the audit of past posts. Reads a social-media archive (X,
 * Facebook, Instagram, LinkedIn; a zip or its unpacked folder), checks
 * each post with the rule engine as of the post's own date, and writes a
 * report (report.html, findings.jsonl, findings.csv) into a folder.
 *
 * Archives are streamed: memory stays flat in the archive's size (one
 * post at a time, plus the findings' totals). Post text goes only into
 * the report files the caller asked for; never to logs. */
#ifndef POSTCHECK_AUDIT_H
#define POSTCHECK_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "postcheck/pack.h"
#include "postcheck/rules.h"
#include "postcheck/status.h"

/* Limits. A zip entry larger than PC_AUDIT_MAX_ENTRY bytes, or one over
 * 1 MiB that expands more than PC_AUDIT_MAX_RATIO times, is refused (a zip
 * bomb); a post (one element of a JSON array, one CSV record) over
 * PC_AUDIT_MAX_POST bytes is reported as damaged and skipped. */
#define PC_AUDIT_MAX_ENTRY (8ull * 1024 * 1024 * 1024)
#define PC_AUDIT_MAX_RATIO 200
#define PC_AUDIT_MAX_POST (4u * 1024 * 1024)
#define PC_AUDIT_MAX_MEDIA 16

typedef enum pc_audit_platform {
    PC_AUDIT_X = 0,
    PC_AUDIT_FACEBOOK = 1,
    PC_AUDIT_INSTAGRAM = 2,
    PC_AUDIT_LINKEDIN = 3
} pc_audit_platform;

/* "x", "facebook", "instagram" or "linkedin". */
const char *pc_audit_platform_name(pc_audit_platform p);

/* One media file of a post. path is inside the archive (relative to its
 * root); present says whether the archive holds the file (deleted media
 * is listed by the post but missing). */
typedef struct pc_audit_media {
    char *path;
    int present;
} pc_audit_media;

/* One post as read from an archive. Every string is owned by the reader
 * and valid only during the callback that receives the post. */
typedef struct pc_audit_post {
    pc_audit_platform platform;
    const char *id;          /* the platform's id, or "file#N" */
    const char *url;         /* link to the post, may be NULL */
    long long time;          /* seconds since 1970 UTC, or -1 unknown */
    const char *kind;        /* "post", "reply", "retweet", "share" */
    const char *text;        /* valid UTF-8 */
    size_t text_len;
    const pc_audit_media *media;
    size_t n_media;
} pc_audit_post;

/* What a reader hands back, one call per post or damaged post. Each
 * callback returns 0 to go on, non-zero to stop the reading. */
typedef struct pc_audit_sink {
    void *ctx;
    int (*post)(void *ctx, const pc_audit_post *post);
    /* where: "data/tweets.js, post 17"; why: plain words (no post text). */
    int (*damaged)(void *ctx, const char *where, const char *why);
    /* done bytes of total read from the archive's post files. */
    void (*progress)(void *ctx, unsigned long long done,
                     unsigned long long total);
} pc_audit_sink;

typedef struct pc_archive pc_archive;

/* Opens path: a zip file or a folder holding an unpacked archive (at its
 * top or one folder down). Returns an owned archive, free with
 * pc_archive_close(), or NULL with err set: PC_ERR_IO (cannot open),
 * PC_ERR_REQUEST (not a zip or folder, or no known archive inside; the
 * message names the files expected), PC_ERR_TOO_LARGE (a zip bomb). */
pc_archive *pc_archive_open(const char *path, pc_error *err);

/* Frees a. pc_archive_close(NULL) does nothing. */
void pc_archive_close(pc_archive *a);

/* Reads every post of every platform found in a, in archive order, into
 * sink. Returns PC_OK (damaged posts were reported and skipped), the
 * first I/O or limit error, or PC_ERR_INTERNAL if the sink stopped. */
pc_status pc_archive_read(pc_archive *a, const pc_audit_sink *sink,
                          pc_error *err);

/* Reads the whole file name (relative to the archive's root) into an
 * owned buffer (free with free()) of *len bytes if it is at most max
 * bytes. Returns NULL (err set) when missing, larger, or unreadable. */
char *pc_archive_slurp(pc_archive *a, const char *name, size_t max,
                       size_t *len, pc_error *err);

/* Options of one audit run. */
typedef struct pc_audit_opts {
    const pc_pack *pack;
    pc_account account;
    const char *out_dir;      /* folder for the report (created) */
    const char *ack_path;     /* acknowledgement file to honour, or NULL */
    int progress;             /* draw a progress bar on stdout */
    int no_images;            /* do not look inside images */
} pc_audit_opts;

/* What a run counted. */
typedef struct pc_audit_totals {
    unsigned long long posts;
    unsigned long long flagged;     /* posts with findings, shown */
    unsigned long long acknowledged;/* flagged, but acknowledged and same */
    unsigned long long findings;
    unsigned long long damaged;
    unsigned long long text_bytes;
    unsigned long long media;
    unsigned long long media_missing;
    unsigned long long images_seen;   /* looked at by vision */
    unsigned long long images_unseen; /* could not be (no helper, bad file) */
} pc_audit_totals;

/* Runs an audit of the archive at path with opts, writing
 * opts->out_dir/findings.jsonl, findings.csv and report.html. Damaged
 * posts are reported on stderr (place and reason only) and skipped.
 * Returns PC_OK with *totals filled, or an error with err set. */
pc_status pc_audit_run(const char *path, const pc_audit_opts *opts,
                       pc_audit_totals *totals, pc_error *err);

/* Marks every post in the findings.jsonl beside ack_path as reviewed:
 * adds them to ack_path (created if missing), keeping earlier entries.
 * A later run with that file shows only posts that are new or whose text
 * or findings changed. *n gets the number of posts added. */
pc_status pc_audit_ack(const char *ack_path, size_t *n, pc_error *err);

#endif
