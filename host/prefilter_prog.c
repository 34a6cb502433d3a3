/* prefilter_prog.c: a pattern's query (prefilter.h) as the check reads
 * it: freeing it, reading the build's stored query in place, and the
 * branching program pc__query_pass runs (pc__query_program). The leaf
 * sets it is tested against are prefilter_leaf.c's. */
#include <stdlib.h>
#include <string.h>

#include "precompiled.h"
#include "prefilter.h"

void pc__query_free(pc__query *p)
{
    if (!p->stored) {
        free((void *)p->code);
        free((void *)p->trig);
        free((void *)p->prog);
        free((void *)p->leaves);
    }
    memset(p, 0, sizeof *p);
}

/* A step while the program is built: its leaf and its edges, by the
 * steps' indices (the query keeps the leaf's bit in the step, the leaf
 * beside, and the edges as word offsets: prefilter.h). */
typedef struct step {
    uint32_t leaf;
    uint16_t t, f;
} step;

static int is_node(uint32_t w)
{
    return w >> 28 == PC_Q_AND || w >> 28 == PC_Q_OR;
}

/* The words of the AND, OR or leaf at c. */
static size_t words_of(const uint32_t *c)
{
    return is_node(c[0]) ? (c[0] & 0x0FFFFFFFu) : 1;
}

/* Writes the steps of the query at c, going on to t when it holds and
 * to f when it does not, into prog below *next (the steps are written
 * from the end, a node's last child first, so they stand in code's
 * order). Returns its first step (t or f for an empty AND or OR), or -1
 * when out of memory. */
static long program(const uint32_t *c, step *prog, size_t *next,
                    uint16_t t, uint16_t f)
{
    const uint32_t *k, *end = c + words_of(c), **kid;
    size_t n = 0;
    long go;
    int is_and = c[0] >> 28 == PC_Q_AND;

    if (!is_node(c[0])) {
        prog[--*next] = (step){c[0], t, f};
        return (long)*next;
    }
    for (k = c + 1; k < end; k += words_of(k)) {
        n++;
    }
    kid = malloc((n ? n : 1) * sizeof *kid);
    if (!kid) {
        return -1;
    }
    n = 0;
    for (k = c + 1; k < end; k += words_of(k)) {
        kid[n++] = k;
    }
    /* An AND goes on to its next child while each holds, an OR while
     * each does not. */
    go = is_and ? t : f;
    while (n-- > 0 && go >= 0) {
        go = is_and ? program(kid[n], prog, next, (uint16_t)go, f)
                    : program(kid[n], prog, next, t, (uint16_t)go);
    }
    free(kid);
    return go;
}

/* What a walk of a program knows on reaching a step: leaves it has
 * tested on every path there, each with its answer (bit 31; a leaf word
 * leaves it clear), the latest last. At most KNOWN_MAX are kept: knowing
 * less is always sound. */
#define KNOWN_MAX 32

typedef struct known {
    size_t n;
    uint32_t fact[KNOWN_MAX];
} known;

/* The answer k holds for leaf, or -1. */
static int known_answer(const known *k, uint32_t leaf)
{
    for (size_t i = k->n; i-- > 0;) {
        if ((k->fact[i] & 0x7FFFFFFFu) == leaf) {
            return (int)(k->fact[i] >> 31);
        }
    }
    return -1;
}

/* *into (NULL: nothing reached it yet; made) becomes what both it and e
 * know. Returns -1 when out of memory. */
static int known_meet(known **into, const known *e)
{
    known *k = *into;
    size_t n = 0;

    if (!k) {
        *into = malloc(sizeof **into);
        if (!*into) {
            return -1;
        }
        **into = *e;
        return 0;
    }
    for (size_t i = 0; i < k->n; i++) {
        for (size_t j = 0; j < e->n; j++) {
            if (e->fact[j] == k->fact[i]) {
                k->fact[n++] = k->fact[i];
                break;
            }
        }
    }
    k->n = n;
    return 0;
}

/* Points each step's edges past the steps whose leaf the walk has
 * already tested on every path along that edge (a post's leaf answers
 * the same each time it is asked, by bit or by exact set): a word list's
 * alternatives repeat their leaves, and a failing OR was walked to its
 * end leaf by leaf again. Steps go on only to later steps, so those
 * before a step are done when it is reached; what is known on reaching
 * it is what every edge into it knows. The verdict of every walk is the
 * same. Out of memory, stops with the edges changed so far (each
 * change is sound alone). */
static void shortcut(step *prog, size_t n, size_t entry)
{
    known **at = calloc(n, sizeof *at);
    int ok = at && known_meet(&at[entry], &(known){0}) == 0;

    for (size_t i = entry; ok && i < n; i++) {
        /* Steps no edge reaches have nothing known (and never run). */
        for (int yes = 1; at[i] && ok && yes >= 0; yes--) {
            uint16_t *edge = yes ? &prog[i].t : &prog[i].f;
            size_t j = *edge;
            int a;
            known e = *at[i];
            if (e.n == KNOWN_MAX) {
                memmove(e.fact, e.fact + 1, (KNOWN_MAX - 1) * sizeof *e.fact);
                e.n--;
            }
            e.fact[e.n++] = prog[i].leaf | ((uint32_t)yes << 31);
            while (j < n && (a = known_answer(&e, prog[j].leaf)) >= 0) {
                j = a ? prog[j].t : prog[j].f;
            }
            *edge = (uint16_t)j;
            ok = j >= n || known_meet(&at[j], &e) == 0;
        }
        free(at[i]);
        at[i] = NULL;
    }
    for (size_t i = 0; at && i < n; i++) {
        free(at[i]);
    }
    free(at);
}

/* 1 if every edge of prog goes on to a later step or a verdict. */
static int forward(const step *prog, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if ((prog[i].t < PC_QSTEP_FALSE && prog[i].t <= i) ||
            (prog[i].f < PC_QSTEP_FALSE && prog[i].f <= i)) {
            return 0;
        }
    }
    return 1;
}

/* A step's edge as the program stores it: the word offset of the step
 * it goes on to, or its verdict. */
static uint16_t word_of(uint16_t to)
{
    return to < PC_QSTEP_FALSE ? (uint16_t)(to * PC_QSTEP_WORDS) : to;
}

void pc__query_program(pc__query *q)
{
    size_t leaves = pc__query_leaves(q), next = leaves;
    step *steps = NULL;
    uint16_t *prog = NULL;
    uint32_t *leaf = NULL;
    long entry;

    if (q->stored) {
        return; /* the build's, beside the words */
    }
    free((void *)q->prog);
    free((void *)q->leaves);
    q->prog = NULL;
    q->leaves = NULL;
    if (q->n == 0 || leaves > PC_QSTEP_MAX) {
        return;
    }
    steps = malloc((leaves ? leaves : 1) * sizeof *steps);
    entry = steps ? program(q->code, steps, &next, PC_QSTEP_TRUE,
                            PC_QSTEP_FALSE)
                  : -1;
    if (entry >= 0 && next == 0) {
        prog = malloc((leaves ? leaves : 1) * PC_QSTEP_WORDS * sizeof *prog);
        leaf = malloc((leaves ? leaves : 1) * sizeof *leaf);
    }
    if (!prog || !leaf) {
        free(steps);
        free(prog);
        free(leaf);
        return;
    }
    if (forward(steps, leaves)) {
        shortcut(steps, leaves, (size_t)entry);
    }
    for (size_t k = 0; k < leaves; k++) {
        prog[PC_QSTEP_WORDS * k] = pc__leaf_bit(steps[k].leaf);
        prog[PC_QSTEP_WORDS * k + 1] = word_of(steps[k].t);
        prog[PC_QSTEP_WORDS * k + 2] = word_of(steps[k].f);
        leaf[k] = steps[k].leaf;
    }
    free(steps);
    q->prog = prog;
    q->leaves = leaf;
    q->entry = word_of((uint16_t)entry);
}

int pc__query_stored(long index, pc__query *out)
{
    memset(out, 0, sizeof *out);
    /* In place: a check reads the program of a pattern it may run (the
     * words only where there is none), the trigger index reads the
     * triggers when it is built, and pc__precompiled_drop_queries gives
     * back the words' and triggers' pages after. */
    if (!pc__precompiled_query(index, out)) {
        memset(out, 0, sizeof *out);
        return 0;
    }
    out->stored = 1;
    return 1;
}

size_t pc__query_leaves(const pc__query *p)
{
    size_t n = 0;

    for (size_t i = 0; i < p->n; i++) {
        uint32_t op = p->code[i] >> 28;
        n += op != PC_Q_AND && op != PC_Q_OR;
    }
    return n;
}
