/* model_feat.h: what a family of the models' features needs (model.h;
 * model_feat.c runs them). A unit's features are its words' own (each
 * word, its character n-grams, each pair of adjacent words: model_feat.c)
 * and those of each family of model_feat.c's table, which looks at the
 * unit's words all together (model_shape.c: the organisation and shape
 * features). Private to the model module.
 *
 * To add a family: write `void pc__feat_NAME(struct pc__feat_set *f,
 * const struct words *ws)` in a new host/model_NAME.c, declare it below,
 * and add it to `families` in model_feat.c. It pushes each feature's
 * hash into f with pc__feat_push: pc__feat_hash of a prefix that no
 * other feature starts with (one letter, as "s" or "u" in
 * model_shape.c), then of the feature's text. It sees a unit's words in
 * order (cut, joined and tagged: model_words.h, w->tag and w->lists);
 * for the whole post it runs once over all the post's words, and the
 * sentences' runs are not kept in the whole's features, so a family may
 * say anything of a unit as a whole ("no target in it"). Features that
 * change a model need its retraining (scripts/train-models) and a new
 * PC_MODEL_FEATURES. */
#ifndef PC_MODEL_FEAT_H
#define PC_MODEL_FEAT_H

#include <stddef.h>
#include <stdint.h>

#include "model_int.h"
#include "model_words.h"
#include "postcheck/model.h"

#define PC__FEAT_BASIS 2166136261u /* FNV-1a, 32 bits */

/* Hashes p[0, n) on from h (FNV-1a: start from PC__FEAT_BASIS; a longer
 * text's hash goes on from its prefix's). */
static inline uint32_t pc__feat_hash(uint32_t h, const char *p, size_t n)
{
    /* Unrolled where the compiler is told to (a word is a few bytes: the
     * loop's own counting cost as much as the hashing). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 4
#endif
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 16777619u;
    }
    return h;
}

/* The buckets of the units of one post in one open-addressed table
 * (model_scratch.c sizes it, at most three quarters full): a slot holds a
 * bucket (its low 18 bits), whether the whole post has it
 * (PC__SLOT_WHOLE) and, in its top bits, the stamp of the last unit that
 * had it (PC__SLOT_STAMP). A set (pc__feat_set) is a view of it: the
 * buckets whose slot has (slot & m) == v, a unit's its stamp, the
 * whole's the bit. One probe tells whether a bucket is new to a unit and
 * to the whole, where a bit map a set cost two, and the table is as
 * large as the post needs; emptied, it is kept for the next post's with
 * the scratch that holds it (model_scratch.c). When a set scores (mg set),
 * each bucket's weights by mg's models are added to dot as the bucket
 * first comes (model_int.h).
 *
 * Emptying the table writes no slot: the stamps go on rising from one
 * post to the next, and a slot below `live` (the first stamp given since
 * the table was last emptied, in the stamp's bits) is empty, whatever
 * it held; 0 is below any. Only when the stamps run out are the slots
 * zeroed (all at once) and the stamps started again. */
#define PC__SLOT_KEY (PC_MODEL_BUCKETS - 1)
#define PC__SLOT_WHOLE ((uint32_t)PC_MODEL_BUCKETS)
#define PC__STAMP_SHIFT 19
#define PC__SLOT_STAMP (~(PC__SLOT_KEY | PC__SLOT_WHOLE))
#define PC__STAMP_MAX (PC__SLOT_STAMP >> PC__STAMP_SHIFT)

struct pc__feat_tab {
    uint32_t *slot; /* NULL until first sized */
    size_t cap;     /* slots made: those in use are the first */
    uint32_t mask;  /* slots in use - 1 */
    size_t used;    /* slots taken (at or over live) */
    uint32_t stamp; /* the last stamp given (pc__feat_tab_stamp) */
    uint32_t live;  /* a slot below is empty: the stamp given when the
                     * table was last emptied, in the stamp's bits */
};

#define PC__SET_PEND 256

struct pc__feat_set {
    struct pc__feat_tab *tab;
    uint32_t m, v; /* the set's buckets: (slot & m) == v */
    size_t n;      /* distinct buckets in the set */
    const struct pc__merged *mg; /* the models it scores by, or NULL */
    double dot[PC__MERGED_MAX];  /* their sums over the set's buckets */
    /* Buckets pushed (pc__feat_push) but not yet put in the table, so
     * that they are put in one tight loop (pc__feat_set_flush). */
    size_t n_pend;
    uint32_t pend[PC__SET_PEND];
};

/* The index of the slot of slot[0, mask] (a table's, and its live) where
 * bucket x is, or of the empty one where it would go. The probe starts
 * at x's own low bits: a bucket is already a hash's (FNV-1a's low 18
 * bits), and multiplying it again bought no shorter probes (0.18 steps
 * past the first a probe with it, 0.19 without, on the bench's post). */
static inline uint32_t pc__feat_probe(const uint32_t *slot, uint32_t mask,
                                      uint32_t live, uint32_t x)
{
    uint32_t i = x & mask;

    while (slot[i] >= live && (slot[i] & PC__SLOT_KEY) != x) {
        i = (i + 1) & mask;
    }
    return i;
}

/* The slot where bucket x is, or the empty one where it would go. */
static inline uint32_t *pc__feat_slot(const struct pc__feat_tab *t,
                                      uint32_t x)
{
    return &t->slot[pc__feat_probe(t->slot, t->mask, t->live, x)];
}

/* The table's life (model_feat_tab.c). Init: an empty table of no
 * slots (room makes them). Free: frees its slots, leaving it as init
 * does. Clear: empties t (a new live: no slot written, but when the
 * stamps run out, all zeroed and the stamps started again). Stamp: the
 * next stamp of t, in the stamp's bits, or 0 when they have run out
 * (clear t, then ask again). Room: makes
 * room in t for `more` buckets besides those in it (at most three
 * quarters of its slots in use taken), growing it when it must (an empty
 * t uses more of the slots made, if it has them); PC_OK or PC_ERR_NOMEM
 * (t as it was). Fit: room, but an empty t uses as many of the slots
 * made as `more` wants, fewer than it did if so: a short post after a
 * long one probes a table of its own size. */
void pc__feat_tab_init(struct pc__feat_tab *t);
void pc__feat_tab_free(struct pc__feat_tab *t);
void pc__feat_tab_clear(struct pc__feat_tab *t);
uint32_t pc__feat_tab_stamp(struct pc__feat_tab *t);
pc_status pc__feat_tab_room(struct pc__feat_tab *t, size_t more);
pc_status pc__feat_tab_fit(struct pc__feat_tab *t, size_t more);

/* Puts buckets xs[0, m) in unit set u, writing those new to it to out;
 * returns their count. */
size_t pc__feat_keep_new(struct pc__feat_set *u, const uint32_t *xs,
                         size_t m, uint32_t *out);

/* Puts buckets xs[0, m) in unit set u, and those new to u in the whole's
 * set (PC__SLOT_WHOLE): those new to both to the front of xs (returns
 * their count), those new to u alone to own (*n_own their count). One
 * probe a bucket: a slot with u's stamp was met in u before, so it is
 * in the whole too (the words' own features of a part go to both). */
size_t pc__feat_split_new(struct pc__feat_set *u, uint32_t *xs, size_t m,
                          uint32_t *own, size_t *n_own);

/* Empties set f (buckets pushed and not flushed are dropped), writing
 * its buckets ascending to out (room for f->n; NULL: none written) and
 * its sums to dot (NULL: none). A unit's set is
 * left empty by the next unit's stamp; the whole's buckets stay marked
 * until the table is cleared. */
void pc__feat_drain(struct pc__feat_set *f, uint32_t *out, double *dot);

/* Puts the buckets pushed to set f in it (its view of the table), adding
 * the weights (mg) of each new to it to its sums, in the order pushed. */
void pc__feat_set_flush(struct pc__feat_set *f);

/* Adds the bucket of hash h to the set, at its next flush (at the latest
 * when it is drained: model_feat.c's finish flushes first). */
static inline void pc__feat_push(struct pc__feat_set *f, uint32_t h)
{
    f->pend[f->n_pend++] = h & (PC_MODEL_BUCKETS - 1);
    if (f->n_pend == PC__SET_PEND) {
        pc__feat_set_flush(f);
    }
}

/* A family of features over the words of one unit. */
typedef void pc__feat_family(struct pc__feat_set *f, const struct words *ws);

/* The families (model_shape.c): the organisation features and the shape
 * features, as model.h describes them. */
void pc__feat_org(struct pc__feat_set *f, const struct words *ws);
void pc__feat_shape(struct pc__feat_set *f, const struct words *ws);

#endif
