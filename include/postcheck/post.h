/* post.h: what every part of a check shares: the post (text, account,
 * attachments, time of posting), the small parsers that fill it (ISO 8601
 * time, dHash), severities, and findings with their merge. A leaf: it
 * knows no JSON, no packs and no rules; protocol, rules, lint and the CLI
 * all build on it. */
#ifndef POSTCHECK_POST_H
#define POSTCHECK_POST_H

#include <stddef.h>
#include <stdint.h>
#include "postcheck/status.h"

typedef enum pc_account {
    PC_ACCOUNT_OFFICIAL = 1,
    PC_ACCOUNT_PERSONAL = 2
} pc_account;

typedef enum pc_severity {
    PC_SEV_INFO = 0,
    PC_SEV_WARNING = 1,
    PC_SEV_ERROR = 2
} pc_severity;

/* One attachment, as the extension describes it. Strings are borrowed and
 * may be NULL. */
typedef struct pc_attachment {
    const char *kind;   /* "image", "video" or "file" */
    const char *name;   /* file name */
    const char *alt;    /* alt text */
    int has_dhash;
    uint64_t dhash;     /* 64-bit difference hash of the image */
    int faces;          /* faces vision found (0: none, or not looked) */
    uint32_t logos;     /* bit k: the pack's logo image k found in it */
} pc_attachment;

/* One post to check. Strings are borrowed; text is UTF-8 of text_len
 * bytes. now: the user's local wall-clock time, when known. */
typedef struct pc_post {
    const char *text;
    size_t text_len;
    pc_account account;
    const char *handle;        /* "@name", may be NULL */
    const char *display_name;  /* may be NULL */
    const char *site;          /* "x.com", may be NULL */
    const pc_attachment *attachments;
    size_t n_attachments;
    int has_now;
    int now_wday;              /* 0 = Sunday .. 6 = Saturday */
    int now_minute;            /* minutes since local midnight */
    long long budget_ns;       /* time the check may take; 0: the
                                  default, pc_budget_ns(text_len) */
    int text_valid;            /* 1: text is known to be valid UTF-8
                                  (its reader checked every byte), so
                                  the check does not read it again;
                                  0: the check validates it */
} pc_post;

/* One finding. Strings marked borrowed live as long as the pack. */
typedef struct pc_finding {
    const char *rule;       /* borrowed: rule id */
    const char *category;   /* borrowed */
    pc_severity severity;
    char *message;          /* owned */
    const char *clause;     /* borrowed */
    const char *quote;      /* borrowed */
    const char *suggestion; /* borrowed, may be NULL */
    const char *kind;       /* borrowed detector kind, may be NULL */
    long start;             /* UTF-16 offset, -1 for the whole post */
    long end;               /* exclusive, -1 for the whole post */
    long attachment;        /* attachment index, or -1 */
    int ignorable;          /* 1: the user may say "never for this
                               phrase" (the rule's `ignorable`, by default
                               not for errors) */
} pc_finding;

/* A rule that could not finish: why is "time" (the check's or the rule's
 * time budget ran out) or "match-limit" (a pattern hit PCRE2's limits). */
typedef struct pc_limit {
    const char *rule;       /* borrowed: rule id */
    const char *why;        /* static */
} pc_limit;

/* Findings are kept only while their rendered size stays under this
 * (what one reply can carry); the rest are counted in dropped, so one
 * request's memory stays bounded whatever the post. */
#define PC_FINDINGS_MAX_BYTES (1024u * 1024u)

/* A growable list of findings; zero-initialise before first use. */
typedef struct pc_findings {
    pc_finding *v;
    size_t n;
    size_t cap;
    size_t bytes;           /* rendered size of v, estimated */
    size_t dropped;         /* findings counted past PC_FINDINGS_MAX_BYTES */
    pc_limit *limited;      /* rules cut short, each once */
    size_t n_limited;
} pc_findings;

/* Appends a copy of *x to f, taking ownership of x->message (which is
 * freed on failure too); once f holds PC_FINDINGS_MAX_BYTES the finding
 * is only counted (f->dropped). Returns PC_OK or PC_ERR_NOMEM. */
pc_status pc_findings_push(pc_findings *f, const pc_finding *x);

/* 1 if f is full: a further finding would only be counted. */
int pc_findings_full(const pc_findings *f);

/* Records that rule (borrowed) could not finish, why "time" or
 * "match-limit" (static). Returns PC_OK or PC_ERR_NOMEM. */
pc_status pc_findings_limit(pc_findings *f, const char *rule,
                            const char *why);

/* Drops (and frees) the findings from index n on. */
void pc_findings_truncate(pc_findings *f, size_t n);

/* Merges findings that say the same thing twice: a finding whose category
 * matches an earlier one's and whose span overlaps it (or that is about
 * the same attachment, or, without span or attachment, the whole post) is
 * dropped, so two rules catching the same words give the user one
 * warning. The earlier finding, from the rule listed first in the pack,
 * is kept, at the higher severity of the two, ignorable only when both
 * were. Order is otherwise kept.
 * pc_check() runs it on its findings; merging merged findings changes
 * nothing. */
void pc_findings_merge(pc_findings *f);

/* Frees the findings' storage and messages and zeroes f. */
void pc_findings_free(pc_findings *f);

/* "error", "warning" or "info". */
const char *pc_severity_name(pc_severity s);

/* Parses an ISO 8601 local time ("2026-11-23T10:15:00+00:00", offset or
 * Z optional) into post->has_now, now_wday and now_minute. The wall-clock
 * time as written is used: the browser sends the user's local time.
 * Returns PC_OK or PC_ERR_REQUEST. */
pc_status pc_post_set_now(pc_post *post, const char *iso);

/* Parses 16 hex digits into *out. Returns PC_OK or PC_ERR_REQUEST. */
pc_status pc_parse_dhash(const char *hex, uint64_t *out);

#endif
