/* prefilter.c: trigram sets that every match of a pattern must contain
 * (see prefilter.h), read from the pattern's text; the post's side (its
 * trigrams, and whether a pattern's sets hold in them) is
 * prefilter_grams.c. The pattern parser below understands the PCRE2
 * syntax the packs use: literals and escaped punctuation, classes,
 * escapes, groups of every kind, quantifiers. Anything it does not
 * understand makes the whole pattern "always run". A built-in pattern's
 * sets were derived at build time (host/tools/precompile.c) and are read
 * from the binary (precompiled.h) instead. */
#include <stdlib.h>
#include <string.h>

#include "precompiled.h"
#include "prefilter.h"
#include "prefilter_int.h"

#define MAX_GRAMS 256
#define MAX_RUN 64

/* A set of trigrams under construction; any == 1 means unconstrained. */
typedef struct gset {
    uint32_t g[MAX_GRAMS];
    size_t n;
    int any;
} gset;

/* Sets that must all be met (each: one of its trigrams present): what a
 * sequence guarantees. At most MAX_SETS, the smallest kept. */
#define MAX_SETS 4
typedef struct conj {
    gset set[MAX_SETS];
    size_t n;
} conj;

typedef struct parser {
    const char *s;
    size_t i;
    int bail;                  /* syntax we do not follow: no filter */
} parser;

static void set_any(gset *r)
{
    r->any = 1;
    r->n = 0;
}

/* Adds a candidate set to a sequence's conjunction; when full, it
 * replaces the largest set if it is smaller. */
static void conj_add(conj *c, const gset *cand)
{
    size_t worst = 0;

    if (cand->any || cand->n == 0) {
        return;
    }
    if (c->n < MAX_SETS) {
        c->set[c->n++] = *cand;
        return;
    }
    for (size_t i = 1; i < c->n; i++) {
        if (c->set[i].n > c->set[worst].n) {
            worst = i;
        }
    }
    if (cand->n < c->set[worst].n) {
        c->set[worst] = *cand;
    }
}

/* The smallest set of a conjunction, or "any" when it has none. */
static void conj_best(const conj *c, gset *out)
{
    size_t best = 0;

    if (c->n == 0) {
        set_any(out);
        return;
    }
    for (size_t i = 1; i < c->n; i++) {
        if (c->set[i].n < c->set[best].n) {
            best = i;
        }
    }
    *out = c->set[best];
}

/* Adds cand's trigrams to acc (the union for alternatives). */
static void add_union(gset *acc, const gset *cand)
{
    if (acc->any || cand->any || cand->n == 0 ||
        acc->n + cand->n > MAX_GRAMS) {
        set_any(acc);
        return;
    }
    memcpy(acc->g + acc->n, cand->g, cand->n * sizeof *cand->g);
    acc->n += cand->n;
}

/* How rare a byte is (pc__pf_rarity), except that every byte of UTF-8
 * counts as 70 here, as when the stored trigram sets were derived. */
static int rarity(unsigned char c)
{
    return c >= 0x80 ? 70 : pc__pf_rarity(c);
}

/* A literal run of at least three characters gives one trigram: every
 * trigram of the run is in every match, so the rarest is kept. Shorter
 * runs give none. */
static void flush_run(const unsigned char *run, size_t *len, conj *best)
{
    if (*len >= 3) {
        gset one;
        size_t pick = 0;
        int score = -1;
        for (size_t i = 0; i + 2 < *len; i++) {
            int r = rarity(run[i]) + rarity(run[i + 1]) + rarity(run[i + 2]);
            if (r > score) {
                score = r;
                pick = i;
            }
        }
        one.any = 0;
        one.n = 1;
        one.g[0] = pc__pf_gram(run[pick], run[pick + 1], run[pick + 2]);
        conj_add(best, &one);
    }
    *len = 0;
}

static void parse_alt(parser *p, conj *out, const unsigned char *pre,
                      size_t plen);

/* Skips a character class [...], p->i at '['. */
static void skip_class(parser *p)
{
    const char *s = p->s;
    size_t i = p->i + 1;

    if (s[i] == '^') {
        i++;
    }
    if (s[i] == ']') {
        i++;
    }
    while (s[i] && s[i] != ']') {
        if (s[i] == '\\' && s[i + 1]) {
            i += 2;
        } else if (s[i] == '[' && s[i + 1] == ':') {
            const char *end = strstr(s + i + 2, ":]");
            i = end ? (size_t)(end - s) + 2 : i + 1;
        } else {
            i++;
        }
    }
    if (!s[i]) {
        p->bail = 1;
    }
    p->i = s[i] ? i + 1 : i;
}

/* Reads a quantifier at p->i, if any. Returns 0 when there is none, 1
 * for an optional one (?, *, {0...}), 2 for a mandatory repeat (+,
 * {n...} with n >= 1). */
static int quantifier(parser *p)
{
    long min, max;

    if (!pc__pf_quantifier(p->s, &p->i, &min, &max)) {
        return 0;
    }
    return min > 0 ? 2 : 1;
}

/* Handles "(" at p->i: sets *r to what the group guarantees (any for
 * lookarounds and option settings). pre[0..plen) is the literal text just
 * before the group: every branch starts right after it, so a branch's own
 * literal is read on from it ("a(?:rsehole|sshole)" gives "ars", "ass"). */
static void parse_group(parser *p, conj *r, const unsigned char *pre,
                        size_t plen)
{
    enum pc__pf_group_kind kind = pc__pf_group(p->s, &p->i);
    int look = pc__pf_is_look(kind);

    if (kind == PC_PF_UNREAD) {
        p->bail = 1;
        return;
    }
    if (kind == PC_PF_OPTIONS || kind == PC_PF_COMMENT) {
        r->n = 0; /* reads no text */
        return;
    }
    parse_alt(p, r, look ? NULL : pre, look ? 0 : plen);
    if (p->s[p->i] != ')') {
        p->bail = 1;
        return;
    }
    p->i++;
    if (look) {
        r->n = 0;
    }
}

/* What an escape at p->i is: returns the literal byte for escaped
 * punctuation, -1 for a non-literal atom, and sets bail for back
 * references and other constructs we do not follow. */
static int parse_escape(parser *p)
{
    unsigned char c = (unsigned char)p->s[p->i + 1];

    if (c == '\0') {
        p->i++;
        p->bail = 1;
        return -1;
    }
    p->i += 2;
    /* \K only moves where the reported match starts: what comes before
     * it is still in the text, so it reads as an atom that is no
     * literal. */
    if ((c >= '1' && c <= '9') || c == 'k' || c == 'g' ||
        c == 'Q' || c == 'E' || c == 'x' || c == 'o' || c == 'c' ||
        c == '0') {
        p->bail = 1;
        return -1;
    }
    if (c == 'p' || c == 'P') {
        const char *end = strchr(p->s + p->i, '}');
        if (p->s[p->i] != '{' || !end) {
            p->bail = 1; /* the one-letter form: keep it simple */
            return -1;
        }
        p->i = (size_t)(end - p->s) + 1;
        return -1;
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        return -1;
    }
    return c < 0x80 ? c : -1;
}

/* One branch of an alternation, up to '|', ')' or the end, whose text
 * follows pre[0..plen). */
static void parse_seq(parser *p, conj *best, const unsigned char *pre,
                      size_t plen)
{
    unsigned char run[MAX_RUN];
    size_t len = plen < MAX_RUN ? plen : 0;

    if (len) {
        memcpy(run, pre, len);
    }
    best->n = 0;
    while (!p->bail && p->s[p->i] && p->s[p->i] != '|' &&
           p->s[p->i] != ')') {
        unsigned char c = (unsigned char)p->s[p->i];
        int lit = -1, q;
        conj *sub = malloc(sizeof *sub);
        if (!sub) {
            p->bail = 1;
            return;
        }
        sub->n = 0;
        if (c == '(') {
            unsigned char tail[2];
            size_t tlen = len < 2 ? len : 2;
            memcpy(tail, run + len - tlen, tlen);
            flush_run(run, &len, best);
            parse_group(p, sub, tail, tlen);
        } else if (c == '[') {
            skip_class(p);
        } else if (c == '\\') {
            lit = parse_escape(p);
        } else if (c == '.' || c == '^' || c == '$' || c >= 0x80) {
            p->i++;
            while (c >= 0x80 && ((unsigned char)p->s[p->i] & 0xC0) == 0x80) {
                p->i++;
            }
        } else if (c == '*' || c == '+' || c == '?' || c == '{') {
            if (c != '{') {
                p->bail = 1; /* a quantifier with nothing before it */
                free(sub);
                return;
            }
            lit = c;
            p->i++;
        } else {
            lit = c;
            p->i++;
        }
        q = quantifier(p);
        if (lit >= 0 && q != 1) {
            if (len == MAX_RUN) {
                flush_run(run, &len, best);
            }
            run[len++] = pc__pf_lower((unsigned char)lit);
            if (q == 2) {
                flush_run(run, &len, best);
            }
        } else {
            flush_run(run, &len, best);
            for (size_t k = 0; q != 1 && k < sub->n; k++) {
                conj_add(best, &sub->set[k]);
            }
        }
        free(sub);
    }
    flush_run(run, &len, best);
}

/* An alternation: one branch keeps its whole conjunction; several give
 * the union of each branch's smallest set. */
static void parse_alt(parser *p, conj *out, const unsigned char *pre,
                      size_t plen)
{
    conj *branch;
    gset *acc, *one;

    parse_seq(p, out, pre, plen);
    if (p->bail || p->s[p->i] != '|') {
        return;
    }
    branch = malloc(sizeof *branch);
    acc = malloc(sizeof *acc);
    one = malloc(sizeof *one);
    if (!branch || !acc || !one) {
        p->bail = 1;
    } else {
        conj_best(out, acc);
    }
    while (!p->bail && p->s[p->i] == '|') {
        p->i++;
        parse_seq(p, branch, pre, plen);
        conj_best(branch, one);
        add_union(acc, one);
    }
    out->n = 0;
    if (!p->bail) {
        conj_add(out, acc);
    }
    free(branch);
    free(acc);
    free(one);
}

_Static_assert(sizeof ((pc__prefilter *)0)->ends /
                       sizeof ((pc__prefilter *)0)->ends[0] ==
                   PC__PC_MAX_SETS,
               "precompiled.h stores as many sets as pc__prefilter has");

/* Fills out with the prefilter the build derived for a built-in pattern
 * (precompiled.h): the same as deriving it, without the work. */
static pc_status from_stored(const struct pc__pc_grams *g,
                             const uint32_t *grams, pc__prefilter *out)
{
    if (g->n == 0) {
        return PC_OK;
    }
    out->grams = malloc(g->n * sizeof *out->grams);
    if (!out->grams) {
        return PC_ERR_NOMEM;
    }
    memcpy(out->grams, grams, g->n * sizeof *out->grams);
    for (uint32_t k = 0; k < g->sets; k++) {
        out->ends[k] = g->ends[k];
    }
    out->sets = g->sets;
    out->n = g->n;
    return PC_OK;
}

pc_status pc__prefilter_build(const char *pattern, pc__prefilter *out)
{
    return pc__prefilter_build_at(pattern, pc__precompiled_index(pattern),
                                  out);
}

pc_status pc__prefilter_build_at(const char *pattern, long stored,
                                 pc__prefilter *out)
{
    const uint32_t *grams;
    const struct pc__pc_grams *g = pc__precompiled_prefilter_at(stored,
                                                                &grams);

    if (g) {
        memset(out, 0, sizeof *out);
        return from_stored(g, grams, out);
    }
    return pc__prefilter_derive(pattern, out);
}

pc_status pc__prefilter_derive(const char *pattern, pc__prefilter *out)
{
    parser p = {pattern, 0, 0};
    conj *r = malloc(sizeof *r);
    size_t total = 0, k = 0;

    memset(out, 0, sizeof *out);
    if (!r) {
        return PC_ERR_NOMEM;
    }
    parse_alt(&p, r, NULL, 0);
    if (p.bail || p.s[p.i] != '\0') {
        r->n = 0;
    }
    for (size_t i = 0; i < r->n; i++) {
        total += r->set[i].n;
    }
    if (total) {
        out->grams = malloc(total * sizeof *out->grams);
        if (!out->grams) {
            free(r);
            return PC_ERR_NOMEM;
        }
        for (size_t i = 0; i < r->n; i++) {
            memcpy(out->grams + k, r->set[i].g,
                   r->set[i].n * sizeof *r->set[i].g);
            k += r->set[i].n;
            out->ends[out->sets++] = k;
        }
        out->n = total;
    }
    free(r);
    return PC_OK;
}

void pc__prefilter_free(pc__prefilter *p)
{
    free(p->grams);
    memset(p, 0, sizeof *p);
}
