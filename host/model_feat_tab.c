/* model_feat_tab.c: the table of the buckets of a post's units
 * (model_feat.h: struct pc__feat_tab, and its views, the sets): made,
 * grown and emptied (the scratch that holds it is kept for the next
 * check: model_scratch.c); the buckets a unit's words bring put in it with
 * one probe each; a set read back ascending where the features are
 * kept. Split from model_feat.c. */
#include <stdlib.h>
#include <string.h>

#include "model_feat.h"

void pc__feat_tab_init(struct pc__feat_tab *t)
{
    t->slot = NULL;
    t->cap = 0;
    t->mask = 0;
    t->used = 0;
    t->stamp = 1; /* the first live: no unit's */
    t->live = t->stamp << PC__STAMP_SHIFT;
}

void pc__feat_tab_free(struct pc__feat_tab *t)
{
    free(t->slot);
    pc__feat_tab_init(t);
}

/* The stamps a post may take at most after the table is emptied (a
 * unit each sentence, the whole and the whole again): fewer left, and
 * emptying the table starts them again, so that they do not run out in
 * the middle of a post (which makes it compute the whole afresh). */
#define STAMPS_A_POST (PC_JUDGE_MAX_SENTENCES + 8)

void pc__feat_tab_clear(struct pc__feat_tab *t)
{
    if (t->stamp > PC__STAMP_MAX - STAMPS_A_POST) {
        if (t->slot) {
            memset(t->slot, 0, t->cap * sizeof *t->slot);
        }
        t->stamp = 0;
    }
    /* The new live is a stamp no unit is given: the whole's buckets not
     * met in a unit are put in with it (pc__feat_set_flush). */
    t->stamp++;
    t->live = t->stamp << PC__STAMP_SHIFT;
    t->used = 0;
}

uint32_t pc__feat_tab_stamp(struct pc__feat_tab *t)
{
    if (t->stamp == PC__STAMP_MAX) {
        return 0;
    }
    t->stamp++;
    return t->stamp << PC__STAMP_SHIFT;
}

/* The slots (a power of two, 1024 at least, 2^20 at most) for `want`
 * buckets at most half of them taken. */
static size_t slots_for(size_t want)
{
    size_t slots = 1024;

    while (slots < 2 * want && slots < ((size_t)1 << 20)) {
        slots *= 2;
    }
    return slots;
}

pc_status pc__feat_tab_fit(struct pc__feat_tab *t, size_t more)
{
    size_t slots = slots_for(more);

    if (t->used == 0 && slots <= t->cap) {
        t->mask = (uint32_t)(slots - 1);
        return PC_OK;
    }
    return pc__feat_tab_room(t, more);
}

pc_status pc__feat_tab_room(struct pc__feat_tab *t, size_t more)
{
    struct pc__feat_tab nt;
    size_t slots;

    if (t->slot && (t->used + more) * 4 <= ((size_t)t->mask + 1) * 3) {
        return PC_OK;
    }
    slots = slots_for(t->used + more);
    if (t->used == 0 && slots <= t->cap) {
        /* The slots beyond those in use are empty (below live). */
        t->mask = (uint32_t)(slots - 1);
        return PC_OK;
    }
    nt.slot = calloc(slots, sizeof *nt.slot);
    if (!nt.slot) {
        return PC_ERR_NOMEM;
    }
    nt.cap = slots;
    nt.mask = (uint32_t)(slots - 1);
    nt.used = t->used;
    nt.stamp = t->stamp;
    nt.live = t->live;
    /* The slots taken are those at or over live (rare: the guess of
     * pc__feat_scratch_reserve falls short). */
    for (size_t i = 0; t->used > 0 && i <= t->mask; i++) {
        uint32_t e = t->slot[i];
        if (e >= t->live) {
            *pc__feat_slot(&nt, e & PC__SLOT_KEY) = e;
        }
    }
    free(t->slot);
    *t = nt;
    return PC_OK;
}

/* Puts buckets xs[0, m) in unit set u and, whole (PC__SLOT_WHOLE or 0:
 * a constant where called), in the whole's set too. Those new to u are
 * written to own, but with whole, those new to the whole as well, which
 * go to both (it may be xs: it is written no further than read); *n_own
 * gets the count of own, the count of both is returned. A slot with u's
 * stamp was met in u before: with whole, it is in the whole too. */
static inline size_t put_new(struct pc__feat_set *u, const uint32_t *xs,
                             size_t m, const uint32_t whole, uint32_t *both,
                             uint32_t *own, size_t *n_own)
{
    struct pc__feat_tab *t = u->tab;
    uint32_t *slot = t->slot, mask = t->mask;
    uint32_t v = u->v, live = t->live;
    size_t n_both = 0, k = 0, used = t->used;

    for (size_t i = 0; i < m; i++) {
        uint32_t x = xs[i], at = pc__feat_probe(slot, mask, live, x);
        uint32_t was = slot[at], had;
        if (was < live) {
            had = 0; /* new to the table */
            used++;
        } else if ((was & PC__SLOT_STAMP) != v) {
            had = was & PC__SLOT_WHOLE;
        } else {
            continue;
        }
        slot[at] = x | had | whole | v;
        if (whole && !had) {
            both[n_both++] = x;
        } else {
            own[k++] = x;
        }
    }
    t->used = used;
    *n_own = k;
    return n_both;
}

size_t pc__feat_keep_new(struct pc__feat_set *u, const uint32_t *xs, size_t m,
                       uint32_t *out)
{
    size_t k;

    (void)put_new(u, xs, m, 0, NULL, out, &k);
    return k;
}

size_t pc__feat_split_new(struct pc__feat_set *u, uint32_t *xs, size_t m,
                        uint32_t *own, size_t *n_own)
{
    return put_new(u, xs, m, PC__SLOT_WHOLE, xs, own, n_own);
}

/* pc__feat_set_flush for n models (mg's count: a constant where called,
 * so the sums are unrolled and kept in registers; 0: none scores). */
static inline void set_flush_n(struct pc__feat_set *f, const size_t n)
{
    struct pc__feat_tab *t = f->tab;
    uint32_t *slot = t->slot, mask = t->mask;
    uint32_t m = f->m, v = f->v, live = t->live;
    /* A slot new to the table takes the set's stamp, or for the whole's
     * (no stamp of its own) the live one, which no unit has. */
    uint32_t fresh = (v & PC__SLOT_STAMP) ? v : v | live;
    size_t used = t->used, added = 0;
    double dot[PC__MERGED_MAX];

    for (size_t k = 0; k < n; k++) {
        dot[k] = f->dot[k];
    }
    for (size_t i = 0; i < f->n_pend; i++) {
        uint32_t x = f->pend[i];
        uint32_t at = pc__feat_probe(slot, mask, live, x);
        uint32_t was = slot[at];
        const float *row;
        if (was < live) {
            slot[at] = x | fresh;
            used++;
        } else if ((was & m) == v) {
            continue;
        } else {
            slot[at] = (was & ~m) | v;
        }
        added++;
        row = n ? pc__merged_row_n(f->mg, x, n) : NULL; /* n is mg->n */
        for (size_t k = 0; row && k < n; k++) {
            dot[k] += row[k];
        }
    }
    for (size_t k = 0; k < n; k++) {
        f->dot[k] = dot[k];
    }
    t->used = used;
    f->n += added;
    f->n_pend = 0;
}

void pc__feat_set_flush(struct pc__feat_set *f)
{
    switch (f->mg ? f->mg->n : 0) {
    case 0:
        set_flush_n(f, 0);
        break;
    case 1:
        set_flush_n(f, 1);
        break;
    case 2:
        set_flush_n(f, 2);
        break;
    case 3:
        set_flush_n(f, 3);
        break;
    default:
        set_flush_n(f, PC__MERGED_MAX);
        break;
    }
}

static int cmp_bucket(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return (x > y) - (x < y);
}

void pc__feat_drain(struct pc__feat_set *f, uint32_t *out, double *dot)
{
    const struct pc__feat_tab *t = f->tab;
    size_t k = 0;

    f->n_pend = 0;
    for (size_t j = 0; f->mg && j < f->mg->n; j++) {
        if (dot) {
            dot[j] = f->dot[j];
        }
        f->dot[j] = 0.0;
    }
    /* Only where the features are kept (not in a check): the slots in
     * use read through, those taken (at or over live) in no bucket
     * order. */
    for (size_t i = 0; out && t->used > 0 && i <= t->mask; i++) {
        uint32_t e = t->slot[i];
        if (e >= t->live && (e & f->m) == f->v) {
            out[k++] = e & PC__SLOT_KEY;
        }
    }
    if (out) {
        qsort(out, k, sizeof *out, cmp_bucket);
    }
    f->n = 0;
}
