/* prefilter_set.c: what a part of a pattern sums up to for the prefilter
 * (prefilter_int.h): the exact set of strings it matches, collapsed as
 * prefilter.h says, while that set is small, or else a query (an AND/OR
 * tree of trigrams, pairs and bytes) every match meets. A sequence
 * multiplies sets, an alternation unites them; a set too large becomes
 * the OR of its strings, each the AND of its rarest trigrams. */
#include <stdlib.h>
#include <string.h>

#include "prefilter_int.h"

/* A byte as the collapsed form reads it: letters in lower case, every
 * digit as '0'. */
unsigned char pc__pf_fold(unsigned char c)
{
    if (c >= '0' && c <= '9') {
        return '0';
    }
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

void pc__pf_qfree(pc__qry *q)
{
    if (!q) {
        return;
    }
    for (size_t i = 0; i < q->n; i++) {
        pc__pf_qfree(q->kid[i]);
    }
    free(q->kid);
    free(q);
}

static void set_free(pc__pfset *s)
{
    if (s) {
        free(s->v);
        free(s);
    }
}

void pc__pf_free(pc__pfinfo *x)
{
    set_free(x->ex);
    pc__pf_qfree(x->q);
    memset(x, 0, sizeof *x);
}

/* Appends k to q's children (q is AND or OR). Returns 0 or -1. */
static int q_push(pc__qry *q, pc__qry *k)
{
    pc__qry **v = realloc(q->kid, (q->n + 1) * sizeof *v);

    if (!v) {
        return -1;
    }
    q->kid = v;
    q->kid[q->n++] = k;
    return 0;
}

/* The AND (op PC_Q_AND) or OR (PC_Q_OR) of a and b, both taken. NULL is true:
 * it vanishes from an AND and swallows an OR. */
pc__qry *pc__pf_join(pc__pfparser *p, int op, pc__qry *a, pc__qry *b)
{
    pc__qry *r = NULL;

    if (!a || !b) {
        if (op == PC_Q_AND) {
            return a ? a : b;
        }
        pc__pf_qfree(a);
        pc__pf_qfree(b);
        return NULL;
    }
    if (a->op == op) {
        r = a;
        a = NULL;
    } else {
        r = calloc(1, sizeof *r);
        if (!r) {
            goto fail;
        }
        r->op = op;
        if (q_push(r, a) != 0) {
            goto fail;
        }
        a = NULL;
    }
    if (b->op != op) {
        if (q_push(r, b) != 0) {
            goto fail;
        }
        return r;
    }
    for (size_t i = 0; i < b->n; i++) {
        if (q_push(r, b->kid[i]) != 0) {
            goto fail;
        }
        b->kid[i] = NULL;
    }
    pc__pf_qfree(b);
    return r;
fail:
    p->nomem = 1;
    pc__pf_qfree(r);
    pc__pf_qfree(a);
    pc__pf_qfree(b);
    return NULL;
}

int pc__pf_rarity(unsigned char c)
{
    static const unsigned char letters[26] = {
        36, 60, 52, 45, 30, 55, 56, 40, 38, 94, 70, 46, 54, /* a-m */
        39, 37, 57, 100, 40, 40, 35, 52, 66, 54, 94, 56, 105 /* n-z */
    };

    if (c >= 'a' && c <= 'z') {
        return letters[c - 'a'];
    }
    if (c == ' ') {
        return 25;
    }
    if (c >= 0x80) {
        return 45; /* the bytes of ’, “, ” and emoji are not rare */
    }
    return c >= '0' && c <= '9' ? 60 : 70;
}

/* The commonest trigrams of English prose, which filter little. */
static const char common[] =
    "the|and|ing|ion|tio|ent|for|her|tha|nth|int|ere|ter|hat|his|ati|"
    "ate|all|ith|wit|you|ver|was|are|ons|our|ess|not|res|com|thi|ted|"
    "ers|sta|pro|con|men|ear|ove|out|one|ome|ist|ill|rea|ine|ght|igh|"
    " th|he |ng | an|nd | to|to | of|of |ed | in|in |is | is|er |es |"
    "re | wh|at |on |an | a |s t|e t|t t|d t|e a|e s|s a|n t| be| wi|"
    "who|wha|whe|hen|can|hav|ave|jus|ust|abo|bou|ike|lik|now|kno|day|"
    "ple|peo|eop|ink|hin|our|oul|uld|wou|sho|ery|ver|eve|ry |ly |y t|";

static int gram_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return (x > y) - (x < y);
}

/* 1 if trigram g is one of the commonest. */
static int is_common(uint32_t g)
{
    static uint32_t sorted[sizeof common / 4];
    static size_t n;

    if (n == 0) {
        for (const char *c = common; *c; c += 4) {
            sorted[n++] = pc__gram((unsigned char)c[0], (unsigned char)c[1],
                                   (unsigned char)c[2]);
        }
        qsort(sorted, n, sizeof *sorted, gram_cmp);
    }
    return bsearch(&g, sorted, n, sizeof *sorted, gram_cmp) != NULL;
}

static int gram_rarity(uint32_t g)
{
    int r = pc__pf_rarity((unsigned char)(g >> 16)) +
            pc__pf_rarity((unsigned char)(g >> 8)) +
            pc__pf_rarity((unsigned char)g);

    return is_common(g) ? r - 60 : r;
}

unsigned long pc__pf_weight(uint32_t leaf)
{
    uint32_t v = leaf & 0xFFFFFFu;
    int r;

    switch (leaf >> 28) {
    case PC_Q_GRAM:
        r = (255 - gram_rarity(v)) / 16;
        break;
    case PC_Q_PAIR:
        r = (190 - pc__pf_rarity((unsigned char)(v >> 8)) -
             pc__pf_rarity((unsigned char)v)) / 8;
        break;
    default:
        r = (120 - pc__pf_rarity((unsigned char)v)) / 4;
        break;
    }
    return 1ul << (r < 0 ? 0 : r > 24 ? 24 : r);
}

/* A leaf of op (PC_Q_GRAM, PC_Q_PAIR or PC_Q_BYTE) and gram, or NULL
 * with p->nomem set when out of memory. */
static pc__qry *q_leaf(pc__pfparser *p, int op, uint32_t gram)
{
    pc__qry *r = calloc(1, sizeof *r);

    if (!r) {
        p->nomem = 1;
        return NULL;
    }
    r->op = op;
    r->gram = gram;
    return r;
}

/* A leaf: the pair or byte of a string s under three bytes (true for
 * ""). */
static pc__qry *q_short(pc__pfparser *p, const pc__pfstr *s)
{
    if (s->n == 0) {
        return NULL;
    }
    if (s->n == 1) {
        return q_leaf(p, PC_Q_BYTE, s->b[0]);
    }
    return q_leaf(p, PC_Q_PAIR, ((uint32_t)s->b[0] << 8) | s->b[1]);
}

/* 1 if trigram y is one of v[0..n). */
static int gram_in(uint32_t y, const uint32_t *v, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (v[k] == y) {
            return 1;
        }
    }
    return 0;
}

/* The AND of the rarest trigrams of s (a pair or byte for a string under
 * three bytes; true for ""), leaving out the trigrams skip[0..n_skip)
 * (true when only they are left). */
static pc__qry *q_of_str(pc__pfparser *p, const pc__pfstr *s,
                         const uint32_t *skip, size_t n_skip)
{
    uint32_t g[PC_PF_MAX_AND];
    size_t at[PC_PF_MAX_AND], n = 0;
    int rare[PC_PF_MAX_STR];
    pc__qry *r = NULL;

    if (s->n < 3) {
        return q_short(p, s);
    }
    for (size_t j = 0; j + 2 < s->n; j++) {
        rare[j] = gram_rarity(pc__gram(s->b[j], s->b[j + 1], s->b[j + 2]));
    }
    /* Up to PC_PF_MAX_AND trigrams, rarest first: first those that
     * overlap none taken (more independent evidence), then any other. */
    for (int pass = 0; pass < 2; pass++) {
        while (n < PC_PF_MAX_AND) {
            size_t best = 0;
            int score = -1;
            for (size_t j = 0; j + 2 < s->n; j++) {
                uint32_t y = pc__gram(s->b[j], s->b[j + 1], s->b[j + 2]);
                int ok = !gram_in(y, skip, n_skip);
                for (size_t k = 0; k < n && ok; k++) {
                    size_t d = at[k] > j ? at[k] - j : j - at[k];
                    ok = g[k] != y && (pass == 1 || d >= 3);
                }
                if (ok && rare[j] > score) {
                    score = rare[j];
                    best = j;
                }
            }
            if (score < 0) {
                break;
            }
            g[n] = pc__gram(s->b[best], s->b[best + 1], s->b[best + 2]);
            at[n++] = best;
        }
    }
    /* The rarest few say almost as much as all, in less room. */
    for (size_t i = 0; i < n && i < PC_PF_MAX_AND && !p->nomem; i++) {
        r = pc__pf_join(p, PC_Q_AND, r, q_leaf(p, PC_Q_GRAM, g[i]));
    }
    if (p->nomem) {
        pc__pf_qfree(r);
        return NULL;
    }
    return r;
}

/* The trigrams every string of set has, up to PC_PF_MAX_SHARED, the
 * rarest first, in out. Returns how many (0 for a set of one string, or
 * with a string under three bytes). */
#define PC_PF_MAX_SHARED 2
static size_t shared_grams(const pc__pfset *set, uint32_t *out)
{
    const pc__pfstr *a = &set->v[0];
    size_t n = 0;
    int rare[PC_PF_MAX_SHARED];

    if (set->n < 2) {
        return 0;
    }
    for (size_t j = 0; j + 2 < a->n; j++) {
        uint32_t y = pc__gram(a->b[j], a->b[j + 1], a->b[j + 2]);
        int r = gram_rarity(y), in_all = 1;
        size_t at;
        for (size_t i = 1; i < set->n && in_all; i++) {
            const pc__pfstr *b = &set->v[i];
            in_all = 0;
            for (size_t k = 0; k + 2 < b->n && !in_all; k++) {
                in_all = pc__gram(b->b[k], b->b[k + 1], b->b[k + 2]) == y;
            }
        }
        if (!in_all || gram_in(y, out, n)) {
            continue;
        }
        /* Kept rarest first: y goes before the first commoner. */
        for (at = 0; at < n && rare[at] >= r; at++) {
        }
        if (at == PC_PF_MAX_SHARED) {
            continue;
        }
        n = n < PC_PF_MAX_SHARED ? n + 1 : n;
        for (size_t k = n - 1; k > at; k--) {
            out[k] = out[k - 1];
            rare[k] = rare[k - 1];
        }
        out[at] = y;
        rare[at] = r;
    }
    return n;
}

/* The query of x (taken): its own, or the OR of its strings'. The
 * trigrams all the strings share are asked once, before the OR ("hitler
 * was right|hitler had the right idea": AND of "itl", "hit" and the OR
 * of the rest), which is the same condition, tests fewer leaves, and
 * gives the trigger index a rare leaf to look up. */
pc__qry *pc__pf_query(pc__pfparser *p, pc__pfinfo *x)
{
    pc__qry *r = x->q;

    if (x->ex) {
        uint32_t shared[PC_PF_MAX_SHARED];
        size_t n_shared = shared_grams(x->ex, shared);
        for (size_t i = 0; i < x->ex->n; i++) {
            pc__qry *one = q_of_str(p, &x->ex->v[i], shared, n_shared);
            if (!one) {
                pc__pf_qfree(r);
                r = NULL;
                break;
            }
            r = i == 0 ? one : pc__pf_join(p, PC_Q_OR, r, one);
        }
        /* The rarest shared trigram ends first: an AND tests in order. */
        for (size_t k = n_shared; k-- > 0 && !p->nomem;) {
            r = pc__pf_join(p, PC_Q_AND, q_leaf(p, PC_Q_GRAM, shared[k]), r);
        }
        set_free(x->ex);
    }
    x->ex = NULL;
    x->q = NULL;
    return r;
}

static pc__pfset *set_new(pc__pfparser *p, size_t n)
{
    pc__pfset *s = calloc(1, sizeof *s);

    if (s) {
        s->v = calloc(n ? n : 1, sizeof *s->v);
    }
    if (!s || !s->v) {
        p->nomem = 1;
        set_free(s);
        return NULL;
    }
    return s;
}

/* Writes code point cp as UTF-8 into s. */
static void put_utf8(pc__pfstr *s, uint32_t cp)
{
    if (cp < 0x80) {
        s->b[0] = (unsigned char)cp;
        s->n = 1;
        return;
    }
    s->n = cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (size_t k = s->n - 1; k > 0; k--) {
        s->b[k] = (unsigned char)(0x80 | (cp & 0x3F));
        cp >>= 6;
    }
    s->b[0] = (unsigned char)((0xF00 >> s->n) | cp);
}

pc__pfinfo pc__pf_chars(pc__pfparser *p, const uint32_t *chars, size_t n)
{
    pc__pfinfo r = {0};

    r.ex = set_new(p, n);
    for (size_t i = 0; r.ex && i < n; i++) {
        put_utf8(&r.ex->v[i], chars[i]);
    }
    if (r.ex) {
        r.ex->n = n;
    }
    return r;
}

/* Info for "" (a zero-width item). */
pc__pfinfo pc__pf_empty(pc__pfparser *p)
{
    pc__pfinfo r = {0};

    r.ex = set_new(p, 1);
    r.empty = 1;
    if (r.ex) {
        r.ex->n = 1;
    }
    return r;
}

pc__pfinfo pc__pf_copy(pc__pfparser *p, const pc__pfinfo *x)
{
    pc__pfinfo r = {0};

    r.empty = x->empty;
    if (x->ex) {
        r.ex = set_new(p, x->ex->n);
        if (r.ex) {
            memcpy(r.ex->v, x->ex->v, x->ex->n * sizeof *r.ex->v);
            r.ex->n = x->ex->n;
        }
    }
    return r;
}

/* Appends b to a (a space run of both sides read as one space). Returns
 * 0, or -1 when the result would be too long. */
static int str_cat(pc__pfstr *out, const pc__pfstr *a, const pc__pfstr *b)
{
    size_t skip = a->n && b->n && a->b[a->n - 1] == ' ' && b->b[0] == ' ';

    if (a->n + b->n - skip > PC_PF_MAX_STR) {
        return -1;
    }
    memcpy(out->b, a->b, a->n);
    memcpy(out->b + a->n, b->b + skip, b->n - skip);
    out->n = a->n + b->n - skip;
    return 0;
}

/* The exact product of a and b, or NULL when it would be too large. */
static pc__pfset *set_product(pc__pfparser *p, const pc__pfset *a,
                              const pc__pfset *b)
{
    pc__pfset *r;

    if (a->n * b->n > PC_PF_MAX_SET) {
        return NULL;
    }
    r = set_new(p, a->n * b->n);
    for (size_t i = 0; r && i < a->n; i++) {
        for (size_t j = 0; j < b->n; j++) {
            if (str_cat(&r->v[r->n++], &a->v[i], &b->v[j]) != 0) {
                set_free(r);
                return NULL;
            }
        }
    }
    return r;
}

/* a then b (both taken). */
pc__pfinfo pc__pf_concat(pc__pfparser *p, pc__pfinfo a, pc__pfinfo b)
{
    pc__pfinfo r = {0};

    r.empty = a.empty && b.empty;
    if (a.ex && b.ex) {
        r.ex = set_product(p, a.ex, b.ex);
        if (r.ex) {
            pc__pf_free(&a);
            pc__pf_free(&b);
            return r;
        }
    }
    r.q = pc__pf_join(p, PC_Q_AND, pc__pf_query(p, &a), pc__pf_query(p, &b));
    return r;
}

static int str_eq(const pc__pfstr *a, const pc__pfstr *b)
{
    return a->n == b->n && memcmp(a->b, b->b, a->n) == 0;
}

/* a or b (both taken). */
pc__pfinfo pc__pf_alt(pc__pfparser *p, pc__pfinfo a, pc__pfinfo b)
{
    pc__pfinfo r = {0};

    r.empty = a.empty || b.empty;
    if (a.ex && b.ex && a.ex->n + b.ex->n <= PC_PF_MAX_SET) {
        r.ex = set_new(p, a.ex->n + b.ex->n);
        for (size_t i = 0; r.ex && i < a.ex->n + b.ex->n; i++) {
            const pc__pfstr *s =
                i < a.ex->n ? &a.ex->v[i] : &b.ex->v[i - a.ex->n];
            size_t k = 0;
            while (k < r.ex->n && !str_eq(&r.ex->v[k], s)) {
                k++;
            }
            if (k == r.ex->n) {
                r.ex->v[r.ex->n++] = *s;
            }
        }
        pc__pf_free(&a);
        pc__pf_free(&b);
        return r;
    }
    r.q = pc__pf_join(p, PC_Q_OR, pc__pf_query(p, &a), pc__pf_query(p, &b));
    return r;
}

/* 1 if x is exactly the one string " " (white space, collapsed). */
static int is_space(const pc__pfinfo *x)
{
    return x->ex && x->ex->n == 1 && x->ex->v[0].n == 1 &&
           x->ex->v[0].b[0] == ' ';
}

/* x repeated n times, exact, or NULL when too large. */
static pc__pfset *set_power(pc__pfparser *p, const pc__pfset *x, long n)
{
    pc__pfset *r = set_new(p, 1);

    if (r) {
        r->n = 1; /* "" */
    }
    for (long k = 0; r && k < n; k++) {
        pc__pfset *next = set_product(p, r, x);
        set_free(r);
        r = next;
    }
    return r;
}

/* x{min,max} (max -1: no bound), x taken. A repeat of a small exact set
 * over a short range is the union of its powers; over a long one, its
 * min-th power, open to the right (the rest is not known). */
pc__pfinfo pc__pf_repeat(pc__pfparser *p, pc__pfinfo x, long min, long max)
{
    pc__pfinfo r = {0};

    if (min == 1 && max == 1) {
        return x;
    }
    if (is_space(&x)) {
        /* A run of white space is one space, collapsed. */
        return min > 0 ? x : pc__pf_alt(p, pc__pf_empty(p), x);
    }
    if (x.ex && max >= 0 && max - min <= 3) {
        for (long k = min; k <= max; k++) {
            pc__pfset *pw = set_power(p, x.ex, k);
            pc__pfinfo one = {pw, NULL, k == 0, 0, 0};
            if (!pw) {
                break;
            }
            r = k == min ? one : pc__pf_alt(p, r, one);
            if (!r.ex) {
                break;
            }
        }
        if (r.ex) {
            pc__pf_free(&x);
            return r;
        }
        pc__pf_free(&r);
    } else if (x.ex && min > 0) {
        r.ex = set_power(p, x.ex, min);
        if (r.ex) {
            r.open = 1;
            pc__pf_free(&x);
            return r;
        }
    }
    r.empty = min == 0 || x.empty;
    r.q = min == 0 ? NULL : pc__pf_query(p, &x);
    pc__pf_free(&x);
    return r;
}

