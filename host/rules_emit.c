/* rules_emit.c: what every kind of rule shares within one check: running
 * a matcher over a text into UTF-16 spans of the original (with what is
 * read from the post once, match.h's pc__seen), and making a finding, its
 * message filled in ({match}, {what}). Nothing here logs post text. */
#include <stdlib.h>
#include <string.h>

#include "postcheck/budget.h"
#include "rules_int.h"

#define PC_MESSAGE_MAX 2048
#define PC_MATCH_QUOTE_MAX 80

static void u16_spans(const pc_text *t, const pc__spans *in, pc__u16 *out,
                      size_t *n)
{
    *n = 0;
    for (size_t i = 0; i < in->n; i++) {
        size_t a, b;
        pc_text_span(t, in->v[i].view, in->v[i].start, in->v[i].end, &a, &b);
        if (b > a) {
            out[*n].start = (long)a;
            out[(*n)++].end = (long)b;
        }
    }
}

static int u16_cmp(const void *a, const void *b)
{
    const pc__u16 *x = a, *y = b;
    if (x->start != y->start) {
        return x->start < y->start ? -1 : 1;
    }
    return x->end > y->end ? -1 : (x->end < y->end);
}

size_t pc__u16_dedupe(pc__u16 *v, size_t n)
{
    size_t k = 0;

    if (n == 0) {
        return 0;
    }
    qsort(v, n, sizeof *v, u16_cmp);
    for (size_t i = 1; i < n; i++) {
        if (v[i].start >= v[k].end) {
            v[++k] = v[i];
        }
    }
    return k + 1;
}

void pc__cut_short(pc__ctx *c)
{
    if (!c->why) {
        c->why = pc_budget_over(c->deadline) ? "time" : "match-limit";
    }
}

const pc__seen *pc__check_seen(pc__ctx *c)
{
    if (!c->seen_done) {
        /* On a failure the matchers and detectors do without: the same
         * matches, found the longer way. */
        c->seen_done = 1;
        (void)pc__seen_fill(&c->seen, c->pack->terms, c->text);
    }
    return &c->seen;
}

/* Runs m over t and returns its matches as UTF-16 spans (owned array,
 * free with free()). */
pc_status pc__run_u16(pc__ctx *c, const pc__matcher *m, const pc_text *t,
                      pc__u16 **out, size_t *n)
{
    pc__spans sp = {0};
    pc_status st;

    /* File names and alt text run unfiltered. */
    st = pc__matcher_run(m, t, t == c->text ? pc__check_seen(c) : NULL,
                         c->deadline, &sp);

    *out = NULL;
    *n = 0;
    if (st == PC_ERR_LIMIT) {
        pc__cut_short(c);
        st = PC_OK;
    }
    if (st == PC_OK && sp.n) {
        *out = malloc(sp.n * sizeof **out);
        if (*out) {
            u16_spans(t, &sp, *out, n);
        } else {
            st = PC_ERR_NOMEM;
        }
    }
    pc__spans_free(&sp);
    return st;
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

/* The byte offset of UTF-16 offset u16 in the original, the cursor
 * walking on from the last one asked for: findings come in increasing
 * order within a rule, so a check costs one pass over the text, not one
 * per finding. */
static size_t byte_at(pc__ctx *c, size_t u16)
{
    if (!c->cur.s) {
        size_t len;
        const char *orig = pc_text_original(c->text, &len);
        pc_text_cursor_init(&c->cur, orig, len);
    }
    return pc_text_cursor_to_u16(&c->cur, u16);
}

/* The message with {match} and {what} filled in: written on the stack,
 * then copied to an owned string of its length (one malloc a finding,
 * where a buffer of PC_MESSAGE_MAX was taken and shrunk). */
static char *render(pc__ctx *c, const char *tmpl, long start,
                    long end, const char *what)
{
    char msg[PC_MESSAGE_MAX], *out;
    size_t len = 0;

    msg[0] = '\0';
    for (const char *p = tmpl; *p;) {
        /* Plain text up to the next brace at once: a long post's
         * hundreds of findings each render the message. */
        size_t plain = strcspn(p, "{");
        if (plain > 0) {
            append(msg, &len, p, plain);
            p += plain;
            continue;
        }
        if (strncmp(p, "{match}", 7) == 0 && start >= 0) {
            size_t olen, a = byte_at(c, (size_t)start);
            size_t b = byte_at(c, (size_t)end);
            const char *orig = pc_text_original(c->text, &olen);
            if (b - a > PC_MATCH_QUOTE_MAX) {
                b = pc_utf8_char_start(orig, a + PC_MATCH_QUOTE_MAX);
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
    /* Only what was written: a post with thousands of findings must not
     * hold PC_MESSAGE_MAX bytes for each. */
    out = malloc(len + 1);
    if (out) {
        memcpy(out, msg, len + 1);
    }
    return out;
}

/* 1 when the words of a pattern's or detector's finding at [start, end)
 * are on the pack's allow list (pack_allow.h): the organisation's own
 * published contact details are not a problem to flag. Leaves the walk
 * of byte_at() at start, so render() goes on from there. */
static int allowed(pc__ctx *c, const pc__rule *r, long start, long end,
                   const char *kind)
{
    size_t len, a, b;
    const char *orig;
    pc_text_cursor at;

    if (c->pack->allow.n == 0 || start < 0 ||
        (r->kind != PC_RULE_PATTERN && r->kind != PC_RULE_DETECTOR)) {
        return 0;
    }
    orig = pc_text_original(c->text, &len);
    a = byte_at(c, (size_t)start);
    at = c->cur;
    b = byte_at(c, (size_t)end);
    c->cur = at;
    return b > a && pc__allow_has(&c->pack->allow, kind, orig + a, b - a);
}

/* "first second": a new string; frees second. NULL when out of memory. */
static char *lead(const char *first, char *second)
{
    size_t a = strlen(first), b = strlen(second);
    char *s = malloc(a + b + 2);

    if (s) {
        memcpy(s, first, a);
        s[a] = ' ';
        memcpy(s + a + 1, second, b + 1);
    }
    free(second);
    return s;
}

void pc__emit(pc__ctx *c, const pc__rule *r, long start, long end,
              long attachment, const char *what, const char *kind)
{
    pc_finding x;

    if (allowed(c, r, start, end, kind)) {
        return;
    }
    if (pc_findings_full(c->out)) {
        /* Past what a reply can carry: counted, not rendered. */
        c->out->dropped++;
        return;
    }
    memset(&x, 0, sizeof x);
    x.message = render(c, r->message, start, end, what);
    if (x.message && what && r->kind == PC_RULE_ATTACHMENT) {
        /* An attachment rule's what is a sentence before its message
         * (which logo the image shows). */
        x.message = lead(what, x.message);
    }
    if (!x.message) {
        c->status = PC_ERR_NOMEM;
        return;
    }
    x.rule = r->id;
    x.category = r->category;
    x.severity = r->severity;
    x.clause = r->clause;
    x.quote = r->quote;
    x.suggestion = r->suggestion;
    x.kind = kind;
    x.start = start;
    x.end = end;
    x.attachment = attachment;
    x.ignorable = r->ignorable >= 0 ? r->ignorable
                                    : r->severity != PC_SEV_ERROR;
    if (pc_findings_push(c->out, &x) != PC_OK) {
        c->status = PC_ERR_NOMEM;
    }
}
