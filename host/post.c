/* post.c: the post and its findings (post.h): severity names, the
 * findings list and its merge, and the parsers of the request fields that
 * every caller shares (time of posting, dHash). A leaf: libc only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "postcheck/post.h"

const char *pc_severity_name(pc_severity s)
{
    switch (s) {
    case PC_SEV_ERROR: return "error";
    case PC_SEV_WARNING: return "warning";
    default: return "info";
    }
}

static size_t opt_len(const char *s)
{
    return s ? strlen(s) : 0;
}

/* About what x takes in a result reply: its strings plus the keys,
 * numbers and punctuation (under 128 bytes). */
static size_t finding_bytes(const pc_finding *x)
{
    return 128 + opt_len(x->rule) + opt_len(x->category) +
           opt_len(x->message) + opt_len(x->clause) + opt_len(x->quote) +
           opt_len(x->suggestion);
}

int pc_findings_full(const pc_findings *f)
{
    return f->bytes >= PC_FINDINGS_MAX_BYTES;
}

pc_status pc_findings_limit(pc_findings *f, const char *rule,
                            const char *why)
{
    pc_limit *v;

    for (size_t i = 0; i < f->n_limited; i++) {
        if (strcmp(f->limited[i].rule, rule) == 0) {
            return PC_OK;
        }
    }
    v = realloc(f->limited, (f->n_limited + 1) * sizeof *v);
    if (!v) {
        return PC_ERR_NOMEM;
    }
    f->limited = v;
    f->limited[f->n_limited].rule = rule;
    f->limited[f->n_limited++].why = why;
    return PC_OK;
}

pc_status pc_findings_push(pc_findings *f, const pc_finding *x)
{
    pc_finding *v;

    if (pc_findings_full(f)) {
        free(x->message);
        f->dropped++;
        return PC_OK;
    }
    v = pc__grow(f->v, f->n, &f->cap, sizeof *v, 8);
    if (!v) {
        free(x->message);
        return PC_ERR_NOMEM;
    }
    f->v = v;
    f->v[f->n++] = *x;
    f->bytes += finding_bytes(x);
    return PC_OK;
}

void pc_findings_truncate(pc_findings *f, size_t n)
{
    while (f->n > n) {
        f->n--;
        f->bytes -= finding_bytes(&f->v[f->n]);
        free(f->v[f->n].message);
    }
}

/* pc_findings_merge keeps, per category, the spans kept so far from
 * earlier rules: sorted and disjoint (overlapping ones were merged), so
 * whether a new span repeats one is a binary search. A rule's own
 * findings never overlap each other (rules.c keeps one per place), so
 * they join their category's list when the rule ends. Whole-post and
 * attachment findings are few and are compared directly. */
typedef struct kspan {
    long start;
    long end;
    size_t at;                 /* index of the kept finding */
} kspan;

/* The most categories merged (DESIGN.md has fewer). */
#define MAX_CATS 32

typedef struct kcat {
    const char *name;
    kspan *v;                  /* earlier rules' kept spans, by start */
    size_t n;
    size_t cap;
} kcat;

static kcat *cat_of(kcat *cats, size_t *n, const char *name)
{
    for (size_t i = 0; i < *n; i++) {
        if (strcmp(cats[i].name, name) == 0) {
            return &cats[i];
        }
    }
    memset(&cats[*n], 0, sizeof cats[*n]);
    cats[*n].name = name;
    return &cats[(*n)++];
}

/* The kept finding that span [start, end) repeats, or -1. */
static long find_overlap(const kcat *c, long start, long end)
{
    size_t lo = 0, hi = c->n;

    /* The last kept span that starts before end. */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->v[mid].start < end) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo > 0 && c->v[lo - 1].end > start) {
        return (long)c->v[lo - 1].at;
    }
    return -1;
}

static int kspan_cmp(const void *a, const void *b)
{
    const kspan *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* 1 if v[from, n) is in order of start, v[from - 1] too (v[0, from) is). */
static int in_order(const kspan *v, size_t from, size_t n)
{
    for (size_t i = from > 0 ? from : 1; i < n; i++) {
        if (v[i].start < v[i - 1].start) {
            return 0;
        }
    }
    return 1;
}

/* Adds a finished rule's kept spans to their categories' lists. A rule
 * finds its spans in order (the detectors and regexes walk the post), so
 * a list is sorted only when the spans added put it out of order: a long
 * post's hundreds of spans were sorted again after every rule. */
static int flush_rule(kcat *cats, size_t ncats, const pc_findings *f,
                      size_t from, size_t to)
{
    size_t had[MAX_CATS];

    for (size_t k = 0; k < ncats; k++) {
        had[k] = cats[k].n;
    }
    for (size_t i = from; i < to; i++) {
        kcat *c = NULL;
        kspan *v;
        if (f->v[i].start < 0) {
            continue;
        }
        for (size_t k = 0; k < ncats && !c; k++) {
            c = strcmp(cats[k].name, f->v[i].category) == 0 ? &cats[k] : NULL;
        }
        if (!c) {
            continue; /* not seen by repeated(): merging had stopped */
        }
        v = pc__grow(c->v, c->n, &c->cap, sizeof *v, 16);
        if (!v) {
            return -1;
        }
        c->v = v;
        c->v[c->n].start = f->v[i].start;
        c->v[c->n].end = f->v[i].end;
        c->v[c->n++].at = i;
    }
    for (size_t k = 0; k < ncats; k++) {
        if (cats[k].n > 1 && !in_order(cats[k].v, had[k], cats[k].n)) {
            qsort(cats[k].v, cats[k].n, sizeof *cats[k].v, kspan_cmp);
        }
    }
    return 0;
}

/* The earlier kept finding that f->v[i] repeats, or -1. */
static long repeated(kcat *cats, size_t *ncats, const pc_findings *f,
                     size_t kept, size_t i)
{
    const pc_finding *b = &f->v[i];

    if (b->start >= 0) {
        return find_overlap(cat_of(cats, ncats, b->category), b->start,
                            b->end);
    }
    cat_of(cats, ncats, b->category);
    for (size_t j = 0; j < kept; j++) {
        const pc_finding *a = &f->v[j];
        if (a->start < 0 && a->attachment == b->attachment &&
            strcmp(a->category, b->category) == 0) {
            return (long)j;
        }
    }
    return -1;
}

void pc_findings_merge(pc_findings *f)
{
    kcat cats[MAX_CATS];
    size_t ncats = 0, k = 0, rule_from = 0;
    int ok = 1;

    for (size_t i = 0; i < f->n; i++) {
        long j = -1;
        if (ok && i > 0 && strcmp(f->v[i].rule, f->v[i - 1].rule) != 0) {
            ok = flush_rule(cats, ncats, f, rule_from, k) == 0;
            rule_from = k;
        }
        if (ncats == sizeof cats / sizeof *cats) {
            ok = 0; /* more categories than DESIGN.md has: merge no more */
        }
        if (ok) {
            j = repeated(cats, &ncats, f, rule_from, i);
        }
        if (j >= 0) {
            if (f->v[i].severity > f->v[j].severity) {
                f->v[j].severity = f->v[i].severity;
            }
            f->v[j].ignorable = f->v[j].ignorable && f->v[i].ignorable;
            f->bytes -= finding_bytes(&f->v[i]);
            free(f->v[i].message);
            continue;
        }
        f->v[k++] = f->v[i];
    }
    for (size_t c = 0; c < ncats; c++) {
        free(cats[c].v);
    }
    f->n = k;
}

void pc_findings_free(pc_findings *f)
{
    pc_findings_truncate(f, 0);
    free(f->v);
    free(f->limited);
    memset(f, 0, sizeof *f);
}

pc_status pc_parse_dhash(const char *hex, uint64_t *out)
{
    uint64_t v = 0;

    if (!hex || strlen(hex) != 16) {
        return PC_ERR_REQUEST;
    }
    for (int i = 0; i < 16; i++) {
        char ch = hex[i];
        int d = (ch >= '0' && ch <= '9')   ? ch - '0'
                : (ch >= 'a' && ch <= 'f') ? ch - 'a' + 10
                : (ch >= 'A' && ch <= 'F') ? ch - 'A' + 10
                                           : -1;
        if (d < 0) {
            return PC_ERR_REQUEST;
        }
        v = (v << 4) | (uint64_t)d;
    }
    *out = v;
    return PC_OK;
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static long days_from_civil(long y, int m, int d)
{
    long era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Reads exactly n ASCII digits at *s into *out and advances *s. Returns
 * 0, or -1 when any of them is not a digit. */
static int iso_digits(const char **s, int n, int *out)
{
    int v = 0;

    for (int i = 0; i < n; i++) {
        char ch = (*s)[i];
        if (ch < '0' || ch > '9') {
            return -1;
        }
        v = v * 10 + (ch - '0');
    }
    *s += n;
    *out = v;
    return 0;
}

/* Reads the optional ":SS[.fraction]" and zone ("Z" or "+HH:MM") that
 * end an ISO 8601 time, up to the end of the string. Returns 0 or -1. */
static int iso_tail(const char *s)
{
    int sec, oh, om;

    if (*s == ':') {
        s++;
        if (iso_digits(&s, 2, &sec) != 0 || sec > 60) {
            return -1;
        }
        if (*s == '.') {
            const char *f = ++s;
            while (*s >= '0' && *s <= '9') {
                s++;
            }
            if (s == f || s - f > 9) {
                return -1;
            }
        }
    }
    if (*s == 'Z') {
        s++;
    } else if (*s == '+' || *s == '-') {
        s++;
        if (iso_digits(&s, 2, &oh) != 0 || *s++ != ':' ||
            iso_digits(&s, 2, &om) != 0 || oh > 23 || om > 59) {
            return -1;
        }
    }
    return *s == '\0' ? 0 : -1;
}

pc_status pc_post_set_now(pc_post *post, const char *iso)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const char *s = iso;
    int y, mo, d, h, mi, leap, last;
    long days;

    /* Strict: YYYY-MM-DDTHH:MM[:SS[.f]][Z|+HH:MM], a real calendar date,
     * nothing after it. */
    if (!s || iso_digits(&s, 4, &y) != 0 || *s++ != '-' ||
        iso_digits(&s, 2, &mo) != 0 || *s++ != '-' ||
        iso_digits(&s, 2, &d) != 0 || *s++ != 'T' ||
        iso_digits(&s, 2, &h) != 0 || *s++ != ':' ||
        iso_digits(&s, 2, &mi) != 0 || iso_tail(s) != 0) {
        return PC_ERR_REQUEST;
    }
    if (mo < 1 || mo > 12 || h > 23 || mi > 59) {
        return PC_ERR_REQUEST;
    }
    leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    last = mdays[mo - 1] + (mo == 2 && leap);
    if (d < 1 || d > last) {
        return PC_ERR_REQUEST;
    }
    days = days_from_civil(y, mo, d);
    post->has_now = 1;
    post->now_wday = (int)(((days % 7) + 11) % 7); /* 1970-01-01: Thu */
    post->now_minute = h * 60 + mi;
    return PC_OK;
}
