/* audit_int.h: what the audit's files share inside the host: reading an
 * archive's files as streams, the JSON array scanner, text repairs, and
 * the platform readers. Public contract: include/postcheck/audit.h. */
#ifndef POSTCHECK_AUDIT_INT_H
#define POSTCHECK_AUDIT_INT_H

#include <jansson.h>
#include <stdio.h>

#include "grow.h"
#include "postcheck/audit.h"

/* One file of an archive being read (a zip entry or a file on disk). */
typedef struct pc__astream pc__astream;

/* 1 if the archive holds the file name (relative to its root). Names
 * with "..", a leading '/' or a backslash are refused (0). */
int pc__archive_has(pc_archive *a, const char *name);

/* Opens name for reading; *size gets its length. NULL with err set when
 * missing, unreadable, or a zip bomb (PC_ERR_TOO_LARGE). */
pc__astream *pc__archive_stream(pc_archive *a, const char *name,
                                unsigned long long *size, pc_error *err);

/* Reads up to n bytes. Returns the count, 0 at the end, -1 on error
 * (err set). Reports progress to the archive's sink. */
long pc__astream_read(pc__astream *s, char *buf, size_t n, pc_error *err);

void pc__astream_close(pc__astream *s);

/* Starts reading a into sink, zeroing the progress counts, or stops
 * (sink NULL): the sink the streams report progress to and the readers
 * hand posts to.
 * Called by pc_archive_read (audit_read.c). */
void pc__archive_bind(pc_archive *a, const pc_audit_sink *sink);

/* Adds the size of file name (if present) to the total the progress bar
 * counts towards. */
void pc__archive_plan(pc_archive *a, const char *name);

/* The growable string pc__sbuf is grow.h's. */

/* The JSON array scanner: finds the first '[' of a stream and hands out
 * its elements one at a time, each parsed on its own, so a 1 GB file
 * never sits in memory. */
typedef struct pc__jscan {
    pc__astream *in;
    char *buf;          /* read buffer */
    size_t pos, len;
    pc__sbuf el;        /* the element being collected */
    int started, ended;
    unsigned long index; /* elements handed out so far */
    size_t col;         /* column of the next byte (bytes since '\n') */
    size_t el_col;      /* column the current element starts at */
    char *replay;       /* bytes to read again after a damaged element */
    size_t replay_pos, replay_len;
} pc__jscan;

/* Starts scanning s (borrowed). Returns PC_OK or PC_ERR_NOMEM. */
pc_status pc__jscan_init(pc__jscan *j, pc__astream *s);
void pc__jscan_free(pc__jscan *j);

/* The next element: returns 1 with *el an owned json_t (decref it), or 1
 * with *el NULL and why filled for a damaged element (bad JSON, over
 * PC_AUDIT_MAX_POST); 0 at the array's end; -1 on a read error or a file
 * that ends inside the array (err set). */
int pc__jscan_next(pc__jscan *j, json_t **el, char *why, size_t why_len,
                   pc_error *err);

/* Calls fn for every element of the JSON array in file name; a damaged
 * element goes to the sink's damaged callback instead. fn returns 0 to go
 * on, non-zero to stop (then PC_ERR_INTERNAL is returned). A missing file
 * or a read error is returned with err set; a file that ends inside the
 * array loses only the post it ends in. */
typedef int (*pc__elem_fn)(pc_archive *a, const char *name,
                           unsigned long index, json_t *el, void *ctx);
pc_status pc__audit_each(pc_archive *a, const char *name, pc__elem_fn fn,
                         void *ctx, pc_error *err);

/* A string member of obj, or NULL. */
const char *pc__jstr(const json_t *obj, const char *key);

/* Repairs Facebook's mojibake in place: a string whose characters are
 * all below U+0100 and whose bytes, taken as those code points, form
 * valid UTF-8 with at least one multi-byte sequence, is replaced by that
 * UTF-8. Returns the new length (never longer). */
size_t pc__audit_demojibake(char *s, size_t len);

/* Decodes the HTML entities X writes into full_text (&amp; &lt; &gt;
 * &quot; &#39;) in place. Returns the new length. */
size_t pc__audit_unentity(char *s, size_t len);


/* Hands a post to the sink after checking its text is valid UTF-8 (a
 * post that is not goes to the damaged callback). Returns the sink's
 * answer. */
int pc__audit_emit(pc_archive *a, const pc_audit_post *p, const char *where);

/* Reports a damaged post at file name's element index. */
int pc__audit_damaged(pc_archive *a, const char *file, unsigned long index,
                      const char *why);

/* Seconds since 1970 of a UTC date and time (proleptic Gregorian), or
 * -1 if a field is out of range. */
long long pc__audit_utc(int y, int mo, int d, int h, int mi, int s);

/* Media paths of one post, in fixed storage, and whether each is in the
 * archive. */
typedef struct pc__media_set {
    pc_audit_media v[PC_AUDIT_MAX_MEDIA];
    char path[PC_AUDIT_MAX_MEDIA][512];
    size_t n;
} pc__media_set;

/* Adds name (relative to the archive's root) to m, looking it up. A name
 * that does not fit, or an (n+1)th over the limit, is dropped. */
void pc__media_add(pc__media_set *m, pc_archive *a, const char *name);

/* One checked post with findings, as the outputs write it. */
typedef struct pc__audit_rec {
    const pc_audit_post *post;
    const pc_findings *f;
    uint64_t hash;
} pc__audit_rec;

/* What an acknowledgement remembers of a post: its text and findings
 * (rule and span), hashed (FNV-1a 64). */
uint64_t pc__audit_hash(const pc_audit_post *p, const pc_findings *f);

/* "x:1234": the key of a post in an acknowledgement file. */
void pc__audit_key(pc_audit_platform pf, const char *id, char *out,
                   size_t n);

/* "2019-03-19T14:05:17Z", or "" for t < 0. */
void pc__audit_iso(long long t, char *out, size_t n);

/* The byte offset in s[0..len) of UTF-16 offset u16 (clamped to len). */
size_t pc__audit_u16_byte(const char *s, size_t len, long u16);

/* Writes r as one line of findings.jsonl / rows of findings.csv. Return
 * 0, or -1 on a write or memory failure. */
int pc__audit_write_jsonl(FILE *f, const pc__audit_rec *r);
int pc__audit_write_csv_header(FILE *f);
int pc__audit_write_csv(FILE *f, const pc__audit_rec *r);

/* Writes dir/report.html from dir/findings.jsonl (read twice: totals,
 * then posts). t: the run's totals; pack: the policy; a: the archive,
 * for thumbnails of flagged media (may be NULL). */
pc_status pc__audit_write_html(const char *dir, const pc_audit_totals *t,
                               const pc_audit_opts *o, pc_archive *a,
                               pc_error *err);

/* HTML escaping of s[0..n) (or a C string) for text and attributes. */
void pc__html_esc(FILE *f, const char *s, size_t n);
void pc__html_escs(FILE *f, const char *s);

/* What writing the posts of a report needs: the archive (for thumbnails,
 * may be NULL) and how many bytes of images may still be embedded. */
typedef struct pc__html_post {
    pc_archive *a;
    unsigned long long thumb_budget;
} pc__html_post;

/* Writes one findings.jsonl record as an <article> of report.html. */
void pc__audit_html_post(FILE *f, const json_t *rec, pc__html_post *ctx);

/* The acknowledgement set: keys and hashes from an ack file. */
typedef struct pc__ackset pc__ackset;

/* Loads path (a missing file gives an empty set). NULL with err set on a
 * damaged file. */
pc__ackset *pc__ack_load(const char *path, pc_error *err);
void pc__ack_free(pc__ackset *s);

/* 1 if key was acknowledged with this hash. */
int pc__ack_has(const pc__ackset *s, const char *key, uint64_t hash);

/* Looks at a run's images (vision) and remembers what it saw. */
typedef struct pc__media_eye pc__media_eye;

/* An eye for a run (free with pc__media_eye_free), or NULL (no memory). */
pc__media_eye *pc__media_eye_new(void);
void pc__media_eye_free(pc__media_eye *e);

/* Fills att[0..n) from p's media (n returned): kind and name for each,
 * and for an image in the archive its dHash and faces as vision sees
 * them (none looked at when e is NULL). Counts media, missing media and
 * images seen or not into t. */
size_t pc__media_attach(pc__media_eye *e, pc_archive *a,
                        const pc_audit_post *p, pc_attachment *att,
                        pc_audit_totals *t);

/* The platform readers, each over the files it knows. Each returns PC_OK
 * when its files are absent. pc_archive_read (audit_read.c) runs them in
 * this order; they call the archive (audit_src.c) and the JSON scanner
 * (audit_json.c), never each other or the dispatcher. */
pc_status pc__audit_read_x(pc_archive *a, pc_error *err);
pc_status pc__audit_read_meta(pc_archive *a, pc_error *err);
pc_status pc__audit_read_linkedin(pc_archive *a, pc_error *err);

#endif
