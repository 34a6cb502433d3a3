/* prefilter_flat.c: a pattern's query tree (prefilter_int.h) written out
 * as pc__query_pass reads it (prefilter.h), with its triggers: leaves one
 * of which every text the query holds for has, each with a check leaf,
 * for the trigger index (match_trig.c). An AND's children are written
 * fail-first (order()): the program tests them in the order written. */
#include <stdlib.h>
#include <string.h>

#include "prefilter_int.h"

#define MAX_CODE 8192          /* words of a flattened query */
#define MAX_TRIG 128           /* trigger leaves of one pattern */

/* Writes q into out (see prefilter_leaf.c's pc__query_pass). Returns the
 * words written, or 0 when it does not fit. */
static size_t flatten(const pc__qry *q, uint32_t *out, size_t cap)
{
    size_t n = 1;

    if (cap == 0) {
        return 0;
    }
    if (q->op != PC_Q_AND && q->op != PC_Q_OR) {
        out[0] = ((uint32_t)q->op << 28) | q->gram;
        return 1;
    }
    for (size_t i = 0; i < q->n; i++) {
        size_t k = flatten(q->kid[i], out + n, cap - n);
        if (k == 0) {
            return 0;
        }
        n += k;
    }
    out[0] = ((uint32_t)q->op << 28) | (uint32_t)n;
    return n;
}

static uint32_t leaf_word(const pc__qry *q)
{
    return ((uint32_t)q->op << 28) | q->gram;
}

static int is_leaf(const pc__qry *q)
{
    return q->op != PC_Q_AND && q->op != PC_Q_OR;
}

static unsigned long triggers(const pc__qry *q, uint32_t *out, size_t cap,
                              size_t *n);

/* The child of AND q whose triggers triggers() takes: the cheapest that
 * fits (the first of equals), its triggers written to out unless out is
 * NULL (at most cap pairs, *n gets them). Returns their weight with *pick
 * the child, or 0 with *pick q->n when no child's fit (or out of
 * memory). */
static unsigned long cheapest(const pc__qry *q, uint32_t *out, size_t cap,
                              size_t *n, size_t *pick)
{
    unsigned long best = 0;
    uint32_t *tmp = malloc(2 * cap * sizeof *tmp);

    *n = 0;
    *pick = q->n;
    for (size_t i = 0; tmp && i < q->n; i++) {
        size_t m;
        unsigned long c = triggers(q->kid[i], tmp, cap, &m);
        if (c > 0 && (best == 0 || c < best)) {
            if (out) {
                memcpy(out, tmp, 2 * m * sizeof *tmp);
            }
            *n = m;
            best = c;
            *pick = i;
        }
    }
    free(tmp);
    return best;
}

/* Writes to out (pairs: a trigger leaf, then a check leaf or 0; at most
 * cap pairs) leaves one of which every text q holds for has, with a leaf
 * such a text also has beside it: a leaf itself (no check), every
 * child's for an OR, the cheapest child's for an AND (cheapest()),
 * checked by its rarest leaf child. Returns their summed weight
 * (pc__pf_weight), or 0 when they do not fit (or out of memory). *n gets
 * the pairs. */
static unsigned long triggers(const pc__qry *q, uint32_t *out, size_t cap,
                              size_t *n)
{
    unsigned long best, total = 0;
    const pc__qry *check = NULL;
    size_t pick;

    *n = 0;
    if (is_leaf(q)) {
        if (cap == 0) {
            return 0;
        }
        out[0] = leaf_word(q);
        out[1] = 0;
        *n = 1;
        return pc__pf_weight(out[0]);
    }
    if (q->op == PC_Q_OR) {
        for (size_t i = 0; i < q->n; i++) {
            size_t m;
            unsigned long c = triggers(q->kid[i], out + 2 * *n, cap - *n,
                                       &m);
            if (c == 0) {
                return 0;
            }
            *n += m;
            total += c;
        }
        return total;
    }
    best = cheapest(q, out, cap, n, &pick);
    for (size_t i = 0; best && i < q->n; i++) {
        if (i != pick && is_leaf(q->kid[i]) &&
            (!check || pc__pf_weight(leaf_word(q->kid[i])) <
                           pc__pf_weight(leaf_word(check)))) {
            check = q->kid[i];
        }
    }
    for (size_t i = 0; check && i < *n; i++) {
        out[2 * i + 1] = out[2 * i + 1] ? out[2 * i + 1] : leaf_word(check);
    }
    return best;
}

/* The leaves of q. */
static size_t leaves_of(const pc__qry *q)
{
    size_t n = 0;

    if (is_leaf(q)) {
        return 1;
    }
    for (size_t i = 0; i < q->n; i++) {
        n += leaves_of(q->kid[i]);
    }
    return n;
}

/* The order of an AND's children after the first: leaves before nodes,
 * leaves the rarest first (pc__pf_weight), nodes the smallest first, so
 * that a test of the AND fails early and cheaply. */
static int later(const pc__qry *a, const pc__qry *b)
{
    if (is_leaf(a) != is_leaf(b)) {
        return is_leaf(b);
    }
    if (is_leaf(a)) {
        return pc__pf_weight(leaf_word(a)) > pc__pf_weight(leaf_word(b));
    }
    return leaves_of(a) > leaves_of(b);
}

/* The leaf a walk of q tests first (0 for an empty AND or OR). */
static uint32_t first_leaf(const pc__qry *q)
{
    while (!is_leaf(q) && q->n > 0) {
        q = q->kid[0];
    }
    return is_leaf(q) ? leaf_word(q) : 0;
}

/* How many children of OR q are leaf w or an AND with leaf w among its
 * children. */
static size_t shared_by(const pc__qry *q, uint32_t w)
{
    size_t n = 0;

    for (size_t i = 0; i < q->n; i++) {
        const pc__qry *k = q->kid[i];
        if (is_leaf(k)) {
            n += leaf_word(k) == w;
            continue;
        }
        for (size_t j = 0; k->op == PC_Q_AND && j < k->n; j++) {
            if (is_leaf(k->kid[j]) && leaf_word(k->kid[j]) == w) {
                n++;
                break;
            }
        }
    }
    return n;
}

/* Orders OR q's children so that a walk tests a leaf they share once:
 * each AND child opens with its leaf that the most of its siblings hold
 * (when two or more do; else as order() left it), and the children a
 * walk opens with the same leaf stand together (a stable sort by that
 * leaf). A program that finds the leaf missing then passes over all of
 * them at once (prefilter_prog.c's shortcut(), which keeps only the
 * latest facts): "(?:the|our|my)\s+(?:trust|school)" tests a trigram
 * of "trust" and one of "school" once each where it tested the rarest
 * trigram of each of the six strings. The same query: an OR's and an
 * AND's children in any order. */
static void group(pc__qry *q)
{
    for (size_t i = 0; i < q->n; i++) {
        pc__qry *k = q->kid[i];
        size_t best = 1, at = 0;
        for (size_t j = 0; k->op == PC_Q_AND && j < k->n; j++) {
            size_t c = is_leaf(k->kid[j])
                           ? shared_by(q, leaf_word(k->kid[j]))
                           : 0;
            if (c > best) {
                best = c;
                at = j;
            }
        }
        if (at > 0) {
            pc__qry *first = k->kid[at];
            memmove(k->kid + 1, k->kid, at * sizeof *k->kid);
            k->kid[0] = first;
        }
    }
    for (size_t i = 1; i < q->n; i++) {
        pc__qry *k = q->kid[i];
        uint32_t w = first_leaf(k);
        size_t j = i;
        for (; j > 0 && first_leaf(q->kid[j - 1]) > w; j--) {
            q->kid[j] = q->kid[j - 1];
        }
        q->kid[j] = k;
    }
}

/* Orders the children of every AND of q: the one triggers() takes its
 * triggers from first (the rarest, by the triggers' weight), then the
 * rest as later() says; and those of every OR as group() says. The same
 * query: an AND's children in any order. */
static void order(pc__qry *q)
{
    size_t pick, m;

    if (is_leaf(q)) {
        return;
    }
    for (size_t i = 0; i < q->n; i++) {
        order(q->kid[i]);
    }
    if (q->op == PC_Q_OR) {
        group(q);
        return;
    }
    if (q->n < 2) {
        return;
    }
    cheapest(q, NULL, MAX_TRIG, &m, &pick);
    if (pick < q->n) {
        pc__qry *k = q->kid[pick];
        memmove(q->kid + 1, q->kid, pick * sizeof *q->kid);
        q->kid[0] = k;
    }
    /* Insertion sort (stable) of the rest. */
    for (size_t i = 2; i < q->n; i++) {
        pc__qry *k = q->kid[i];
        size_t j = i;
        for (; j > 1 && later(q->kid[j - 1], k); j--) {
            q->kid[j] = q->kid[j - 1];
        }
        q->kid[j] = k;
    }
}

/* Moves the leaves of AND q that its n triggers (pairs in trig) all
 * read to its end: the leaf that checks every trigger (order() put it
 * second: the rarest leaf beside the child the triggers are taken
 * from), and that child when it is a leaf (the trigger itself). A short
 * post's check tests the query of a regex only when the trigger index
 * found one of its triggers with its check (match.c's skip()), so those
 * leaves are there: the rest, tested first, are what can fail. A child
 * that is an OR stays first: a trigger is one leaf of one of its
 * alternatives. */
static void vouched_last(pc__qry *q, const uint32_t *trig, size_t n)
{
    int lead = is_leaf(q->kid[0]), check = is_leaf(q->kid[1]);
    size_t from, m;
    pc__qry *k[2];

    for (size_t i = 0; i < n; i++) {
        lead &= trig[2 * i] == leaf_word(q->kid[0]);
        check &= trig[2 * i + 1] == leaf_word(q->kid[1]);
    }
    if (!lead && !check) {
        return;
    }
    from = lead ? 0 : 1;
    m = (size_t)lead + (size_t)check;
    k[0] = q->kid[from];
    k[1] = q->kid[1];
    memmove(q->kid + from, q->kid + from + m,
            (q->n - from - m) * sizeof *q->kid);
    for (size_t i = 0; i < m; i++) {
        q->kid[q->n - 1 - i] = k[i];
    }
}

pc_status pc__pf_finish(pc__query *out, pc__qry *q)
{
    uint32_t trig[2 * MAX_TRIG];
    size_t n_trig = 0;
    uint32_t *code = malloc(MAX_CODE * sizeof *code), *v;

    if (!code) {
        return PC_ERR_NOMEM;
    }
    order(q);
    /* The triggers of the order above (the child they are taken from is
     * the first of equals). */
    if (triggers(q, trig, MAX_TRIG, &n_trig) == 0) {
        n_trig = 0;
    }
    if (n_trig > 0 && q->op == PC_Q_AND && q->n >= 2) {
        vouched_last(q, trig, n_trig);
    }
    out->n = flatten(q, code, MAX_CODE);
    if (out->n == 0) {
        free(code);
        return PC_OK;
    }
    v = realloc(code, out->n * sizeof *v);
    out->code = v ? v : code;
    if (n_trig > 0) {
        uint32_t *t = malloc(2 * n_trig * sizeof *t);
        if (!t) {
            return PC_ERR_NOMEM;
        }
        memcpy(t, trig, 2 * n_trig * sizeof *trig);
        out->trig = t;
        out->n_trig = n_trig;
    }
    return PC_OK;
}

