/* rules_post.c: the rules that look at more than the text (attachments,
 * the posting account), making findings, and the small parsers the
 * protocol shares (time of posting, dHash). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules_int.h"

#define PC_MESSAGE_MAX 2048
#define PC_MATCH_QUOTE_MAX 80

const char *pc_severity_name(pc_severity s)
{
    switch (s) {
    case PC_SEV_ERROR: return "error";
    case PC_SEV_WARNING: return "warning";
    default: return "info";
    }
}

void pc__findings_truncate(pc_findings *f, size_t n)
{
    while (f->n > n) {
        free(f->v[--f->n].message);
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

/* Adds a finished rule's kept spans to their categories' lists. */
static int flush_rule(kcat *cats, size_t ncats, const pc_findings *f,
                      size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        kcat *c = NULL;
        if (f->v[i].start < 0) {
            continue;
        }
        for (size_t k = 0; k < ncats && !c; k++) {
            c = strcmp(cats[k].name, f->v[i].category) == 0 ? &cats[k] : NULL;
        }
        if (!c) {
            continue; /* not seen by repeated(): merging had stopped */
        }
        if (c->n == c->cap) {
            size_t cap = c->cap ? c->cap * 2 : 16;
            kspan *v = realloc(c->v, cap * sizeof *v);
            if (!v) {
                return -1;
            }
            c->v = v;
            c->cap = cap;
        }
        c->v[c->n].start = f->v[i].start;
        c->v[c->n].end = f->v[i].end;
        c->v[c->n++].at = i;
    }
    for (size_t k = 0; k < ncats; k++) {
        if (cats[k].n > 1) {
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
    kcat cats[32];
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
    pc__findings_truncate(f, 0);
    free(f->v);
    memset(f, 0, sizeof *f);
}

/* Appends src[0..n) to dst (capacity PC_MESSAGE_MAX), as far as fits. */
static void append(char *dst, size_t *len, const char *src, size_t n)
{
    if (*len + n >= PC_MESSAGE_MAX) {
        n = PC_MESSAGE_MAX - 1 - *len;
    }
    memcpy(dst + *len, src, n);
    *len += n;
    dst[*len] = '\0';
}

/* The byte offset of UTF-16 offset u16 in the original, walking on from
 * the last one asked for: findings come in increasing order within a
 * rule, so a check costs one pass over the text, not one per finding. */
static size_t byte_at(pc__ctx *c, size_t u16)
{
    size_t len;
    const unsigned char *p =
        (const unsigned char *)pc_text_original(c->text, &len);

    if (u16 < c->cur_u16) {
        c->cur_u16 = 0;
        c->cur_byte = 0;
    }
    while (c->cur_byte < len) {
        unsigned char b = p[c->cur_byte];
        size_t units = b >= 0xF0 ? 2 : 1;
        if (c->cur_u16 + units > u16) {
            break;
        }
        c->cur_u16 += units;
        c->cur_byte += b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    }
    return c->cur_byte;
}

/* The message with {match} and {what} filled in. */
static char *render(pc__ctx *c, const char *tmpl, long start,
                    long end, const char *what)
{
    char *msg = malloc(PC_MESSAGE_MAX);
    size_t len = 0;

    if (!msg) {
        return NULL;
    }
    msg[0] = '\0';
    for (const char *p = tmpl; *p;) {
        if (strncmp(p, "{match}", 7) == 0 && start >= 0) {
            size_t olen, a = byte_at(c, (size_t)start);
            size_t b = byte_at(c, (size_t)end);
            const char *orig = pc_text_original(c->text, &olen);
            if (b - a > PC_MATCH_QUOTE_MAX) {
                b = a + PC_MATCH_QUOTE_MAX;
                while (b > a && ((unsigned char)orig[b] & 0xC0) == 0x80) {
                    b--;
                }
            }
            append(msg, &len, orig + a, b - a);
            p += 7;
        } else if (strncmp(p, "{what}", 6) == 0) {
            const char *w = what ? what : "personal information";
            append(msg, &len, w, strlen(w));
            p += 6;
        } else {
            append(msg, &len, p, 1);
            p++;
        }
    }
    return msg;
}

void pc__emit(pc__ctx *c, const pc__rule *r, long start, long end,
              long attachment, const char *what, const char *kind)
{
    pc_findings *f = c->out;
    pc_finding *x;

    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 8;
        pc_finding *v = realloc(f->v, cap * sizeof *v);
        if (!v) {
            c->status = PC_ERR_NOMEM;
            return;
        }
        f->v = v;
        f->cap = cap;
    }
    x = &f->v[f->n];
    memset(x, 0, sizeof *x);
    x->message = render(c, r->message, start, end, what);
    if (!x->message) {
        c->status = PC_ERR_NOMEM;
        return;
    }
    x->rule = r->id;
    x->category = r->category;
    x->severity = r->severity;
    x->clause = r->clause;
    x->quote = r->quote;
    x->suggestion = r->suggestion;
    x->kind = kind;
    x->start = start;
    x->end = end;
    x->attachment = attachment;
    f->n++;
}

/* A pc_text of a file name or alt text, with the separators of file names
 * (_ - .) read as spaces so "sports_day-year4.jpg" has words. */
static pc_text *side_text(pc__ctx *c, const char *s, int is_name)
{
    char *copy;
    pc_text *t;
    pc_error err;

    if (!s || !*s) {
        return NULL;
    }
    copy = strdup(s);
    if (!copy) {
        c->status = PC_ERR_NOMEM;
        return NULL;
    }
    for (char *p = copy; is_name && *p; p++) {
        if (*p == '_' || *p == '-' || *p == '.') {
            *p = ' ';
        }
    }
    pc_error_clear(&err);
    t = pc_text_new(copy, strlen(copy), &err);
    free(copy);
    if (!t) {
        c->status = err.code ? err.code : PC_ERR_NOMEM;
    }
    return t;
}

static int matches(pc__ctx *c, const pc__matcher *m, const pc_text *t)
{
    pc__u16 *v = NULL;
    size_t n = 0;

    if (!t || pc__matcher_empty(m)) {
        return 0;
    }
    if (pc__run_u16(c, m, t, &v, &n) != PC_OK) {
        c->status = PC_ERR_NOMEM;
    }
    free(v);
    return n > 0;
}

static int names_in(pc__ctx *c, const char *s);

static int popcount64(uint64_t x)
{
    int n = 0;
    for (; x; x &= x - 1) {
        n++;
    }
    return n;
}

static int logo_hash(const pc_pack *p, const pc_attachment *a)
{
    for (size_t i = 0; a->has_dhash && i < p->n_logos; i++) {
        if (popcount64(a->dhash ^ p->logos[i]) <= p->logo_distance) {
            return 1;
        }
    }
    return 0;
}

/* Whether attachment a is flagged by rule r. */
static int attachment_hit(pc__ctx *c, const pc__rule *r,
                          const pc_attachment *a)
{
    pc_text *name = side_text(c, a->name, 1), *alt = side_text(c, a->alt, 0);
    int visual = !a->kind || strcmp(a->kind, "image") == 0 ||
                 strcmp(a->kind, "video") == 0;
    int hit = 0;

    if (r->attach == PC_ATTACH_LOGO) {
        hit = logo_hash(c->pack, a) ||
              (matches(c, &c->pack->logo_words, name) &&
               names_in(c, a->name)) ||
              (matches(c, &c->pack->logo_words, alt) &&
               (names_in(c, a->alt) || matches(c, &c->pack->mention, alt)));
    } else if (visual) {
        hit = matches(c, &r->match, name) || matches(c, &r->match, alt) ||
              matches(c, &r->match, c->text);
    }
    pc_text_free(name);
    pc_text_free(alt);
    return hit;
}

void pc__rule_attachment(pc__ctx *c, const pc__rule *r)
{
    /* "unless": the post says what clears the image ("everyone in the
     * photo agreed to it being shared"). */
    if (c->post->n_attachments && matches(c, &r->unless, c->text)) {
        return;
    }
    for (size_t i = 0; i < c->post->n_attachments && c->status == PC_OK;
         i++) {
        if (attachment_hit(c, r, &c->post->attachments[i])) {
            pc__emit(c, r, -1, -1, (long)i, NULL, NULL);
        }
    }
}

static int is_alpha(unsigned char ch)
{
    return ch >= 0x80 || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* Whether name (letters and digits, folded) stands in a handle or file
 * name: a name of several words anywhere in its letters
 * ("@TheLearningAllianceFan"), a one-word name only between non-letters
 * in the folded string or as an upper-case run in the cased one, so
 * "@ALT_law" and "@JaneALT" count but "@saltydog" and "@smallmatters" do
 * not. */
static int handle_has(const char *fold, const char *cased, const char *name,
                      int multi)
{
    size_t n = strlen(name), flen = strlen(fold);
    char compact[512];
    size_t k = 0;

    for (size_t i = 0; fold[i] && k + 1 < sizeof compact; i++) {
        if (is_alpha((unsigned char)fold[i]) ||
            (fold[i] >= '0' && fold[i] <= '9')) {
            compact[k++] = fold[i];
        }
    }
    compact[k] = '\0';
    if (multi && strstr(compact, name)) {
        return 1;
    }
    for (const char *p = strstr(fold, name); p; p = strstr(p + 1, name)) {
        size_t at = (size_t)(p - fold);
        if ((at == 0 || !is_alpha((unsigned char)fold[at - 1])) &&
            (at + n >= flen || !is_alpha((unsigned char)fold[at + n]))) {
            return 1;
        }
    }
    for (size_t at = 0; cased && at + n <= strlen(cased); at++) {
        size_t j;
        for (j = 0; j < n && cased[at + j] >= 'A' && cased[at + j] <= 'Z' &&
                    cased[at + j] - 'A' + 'a' == name[j];
             j++) {
        }
        if (j == n && (at == 0 || !(cased[at - 1] >= 'A' && cased[at - 1] <= 'Z')) &&
            !(cased[at + n] >= 'A' && cased[at + n] <= 'Z')) {
            return 1;
        }
    }
    return 0;
}

/* Whether one of the organisation's names stands in s (a handle, file
 * name or alt text), confusables included. */
static int names_in_one(pc__ctx *c, const char *s)
{
    char *fold, *cased;
    int hit = 0;

    fold = pc_text_normalise(s, strlen(s), PC_VIEW_FOLD, NULL);
    cased = pc_text_normalise(s, strlen(s), PC_VIEW_CASED, NULL);
    for (size_t i = 0; fold && !hit && i < c->pack->n_compact; i++) {
        hit = handle_has(fold, cased, c->pack->compact_names[i],
                         c->pack->compact_multi[i]);
    }
    if (!fold && c->status == PC_OK) {
        c->status = PC_ERR_UTF8;
    }
    free(fold);
    free(cased);
    return hit;
}

/* Whether one of the organisation's names stands in s (a handle, file
 * name or alt text), confusables included: non-ASCII look-alikes through
 * the text views, and the ASCII swaps that handles use ("AIliance" with
 * a capital I, "L1MAT", "S0ciety") by a second look at a copy with
 * I, 1 and | read as l and 0 as o. */
static int names_in(pc__ctx *c, const char *s)
{
    char *swapped;
    int hit;

    if (!s || !*s) {
        return 0;
    }
    hit = names_in_one(c, s);
    if (hit || !strpbrk(s, "I1|0")) {
        return hit;
    }
    swapped = strdup(s);
    if (!swapped) {
        c->status = PC_ERR_NOMEM;
        return 0;
    }
    for (char *p = swapped; *p; p++) {
        if (*p == 'I' || *p == '1' || *p == '|') {
            *p = 'l';
        } else if (*p == '0') {
            *p = 'o';
        }
    }
    hit = names_in_one(c, swapped);
    free(swapped);
    return hit;
}

void pc__rule_account(pc__ctx *c, const pc__rule *r)
{
    int hit = names_in(c, c->post->handle);

    if (!hit && c->post->display_name && c->status == PC_OK) {
        pc_text *t = side_text(c, c->post->display_name, 0);
        hit = matches(c, &c->pack->mention, t) ||
              names_in(c, c->post->display_name);
        pc_text_free(t);
    }
    if (hit && c->status == PC_OK) {
        pc__emit(c, r, -1, -1, -1, NULL, NULL);
    }
}
