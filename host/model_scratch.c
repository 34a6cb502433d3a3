/* model_scratch.c: a check's feature scratch (model_scratch.h): made,
 * kept for the next check and freed; a unit started in its table; and
 * the buckets of a unit's words put in its sets, their weights summed on
 * the way (flush). model_feat.c computes the features into it. Split
 * from model_feat.c. Nothing here keeps or logs the text. */
#include <stdlib.h>

#include "model_int.h"
#include "model_scratch.h"

/* A scratch freed, kept for the next (the host is single-threaded), with
 * its table emptied, up to the size PC_JUDGE_MAX_BYTES makes (32768
 * slots, 128 KB): a check allocates none. */
#define SPARE_MAX (4 * PC_JUDGE_MAX_BYTES)
static struct pc__feat_scratch *spare;

struct pc__feat_scratch *pc__feat_scratch_new(void)
{
    struct pc__feat_scratch *sc = spare;

    if (sc) {
        spare = NULL;
    } else {
        sc = malloc(sizeof *sc);
        if (!sc) {
            return NULL;
        }
        pc__feat_tab_init(&sc->tab);
    }
    sc->unit.tab = &sc->tab;
    sc->unit.m = PC__SLOT_STAMP;
    sc->unit.v = 0;
    sc->whole.tab = &sc->tab;
    sc->whole.m = PC__SLOT_WHOLE;
    sc->whole.v = PC__SLOT_WHOLE;
    sc->unit.n = 0;
    sc->whole.n = 0;
    sc->unit.mg = NULL;
    sc->whole.mg = NULL;
    sc->unit.n_pend = 0;
    sc->whole.n_pend = 0;
    sc->to_whole = 0;
    sc->cat.n = 0;
    sc->n_parts = 0;
    sc->cat_full = 0;
    sc->n_pending = 0;
    return sc;
}

void pc__feat_scratch_free(struct pc__feat_scratch *sc)
{
    if (!sc) {
        return;
    }
    pc__feat_tab_clear(&sc->tab);
    if (!spare && sc->tab.cap <= SPARE_MAX) {
        spare = sc;
        return;
    }
    pc__feat_tab_free(&sc->tab);
    free(sc);
}

/* The most buckets a unit of words ws adds to the table: each word, a
 * pair and at most three n-grams a letter (model_feat.c), the families'
 * (model_shape.c: at most eight a word and 64 besides), the pairs across
 * parts' edges and the extras. */
static size_t most_buckets(const struct words *ws, size_t n_extras)
{
    size_t k = 128 + PC__PART_CAP + n_extras;

    for (size_t i = 0; i < ws->n; i++) {
        k += 3 * (size_t)ws->v[i].len + 12;
    }
    return k;
}

pc_status pc__feat_scratch_reserve(struct pc__feat_scratch *sc, size_t len)
{
    return pc__feat_tab_fit(&sc->tab, 2 * len);
}

void pc__scratch_clear(struct pc__feat_scratch *sc)
{
    pc__feat_tab_clear(&sc->tab);
}

pc_status pc__scratch_unit_start(struct pc__feat_scratch *sc,
                                 const struct words *ws, size_t n_extras,
                                 int may_clear)
{
    size_t more = most_buckets(ws, n_extras);

    if (sc->tab.stamp == PC__STAMP_MAX ||
        (may_clear &&
         (sc->tab.used + more) * 4 > ((size_t)sc->tab.mask + 1) * 3)) {
        pc__scratch_clear(sc);
    }
    if (pc__feat_tab_room(&sc->tab, more) != PC_OK) {
        return PC_ERR_NOMEM;
    }
    sc->unit.v = pc__feat_tab_stamp(&sc->tab);
    return PC_OK;
}

void pc__feat_scratch_score(struct pc__feat_scratch *sc,
                            const struct pc__merged *mg)
{
    sc->unit.mg = mg;
    sc->whole.mg = mg;
    for (size_t j = 0; mg && j < mg->n; j++) {
        sc->unit.dot[j] = 0.0;
        sc->whole.dot[j] = 0.0;
    }
}

/* The row of bucket x in mg, of n models, whose lines are lines
 * (pc__merged_row_n, its bits counted with the CPU's instruction when
 * hw), or NULL. */
#if defined(__GNUC__)
__attribute__((always_inline)) /* into flush_sum_popcnt too */
#endif
static inline const float *row_of(const struct pc__merged *mg,
                                  const union pc__line *lines, uint32_t x,
                                  const size_t n, const int hw)
{
    const union pc__line *l = pc__line_of(lines, x, n);
    const float *row;

    if (!pc__line_has(l, x)) {
        return NULL;
    }
    row = pc__line_row(l, pc__line_place(l, x, hw), n);
    return row ? row : pc__merged_over(mg, x);
}

/* Puts the pending buckets in the unit's set, and the whole's when
 * to_whole (the unit is a part of it), as pc__feat_split_new and
 * pc__feat_keep_new do, and adds the weights (pc__merged_row) of each
 * bucket new to a set to its sums by mg's n models, in the same pass:
 * one probe and one row a bucket, no list of the new ones written and
 * read again. Written for a constant n, to_whole and hw (flush_sum calls
 * it so, for each count of models), so that the compiler unrolls the sums
 * and keeps them in registers; hw: a row's rank in its line is counted
 * with the CPU's population count (model_int.h: pc__line_place).
 *
 * Only a bucket new to the unit can be new to the whole: while the
 * words' own features are pushed, the unit's set holds only the part's
 * own so far, each of which went to the whole too. The sums of the
 * buckets new to both (most are) are kept once, for both sets, and those
 * new to the unit alone apart: the sums then come in another order than
 * the buckets', which gives the same sums only because sets that score
 * are exact (model_int.h: pc__judge_score scores by exact merged models
 * only). tests/test_model_scratch.c: the scores are those of the features. */
#if defined(__GNUC__)
__attribute__((always_inline)) /* into flush_sum_popcnt too */
#endif
static inline void flush_sum_n(struct pc__feat_scratch *sc,
                               const struct pc__merged *mg, const size_t n,
                               const int to_whole, const int hw)
{
    struct pc__feat_set *u = &sc->unit, *wh = &sc->whole;
    struct pc__feat_tab *t = u->tab;
    uint32_t *slot = t->slot, mask = t->mask;
    uint32_t stamp = u->v, v = to_whole ? stamp | PC__SLOT_WHOLE : stamp;
    uint32_t live = t->live;
    const union pc__line *lines = mg->line;
    const uint32_t *xs = sc->pending;
    size_t m = sc->n_pending, n_dup = 0, n_own = 0, n_back = 0, n_both;
    double both[PC__MERGED_MAX], own[PC__MERGED_MAX];

    for (size_t k = 0; k < n; k++) {
        both[k] = 0.0;
    }

    for (size_t i = 0; i < m; i++) {
        uint32_t x = xs[i], at = pc__feat_probe(slot, mask, live, x);
        uint32_t was = slot[at];
        const float *row;
        /* Most buckets are new to the post (below live): only the few met
         * before are told apart, and counted, so that the common path
         * counts nothing. */
        if (was >= live) {
            if (was >= stamp) {
                /* In the unit already: the unit's stamp is the newest
                 * given, so a slot holding it is the largest. */
                n_dup++;
                continue;
            }
            if (!to_whole || (was & PC__SLOT_WHOLE)) {
                /* New to the unit alone: summed after. */
                slot[at] = (was & ~PC__SLOT_STAMP) | v;
                sc->own[n_own++] = x;
                continue;
            }
            n_back++; /* new to both, its slot taken before */
        }
        slot[at] = x | v;
        row = row_of(mg, lines, x, n, hw);
        if (!row) {
            continue;
        }
        for (size_t k = 0; k < n; k++) {
            both[k] += row[k];
        }
    }
    n_both = m - n_dup - n_own;
    for (size_t k = 0; k < n; k++) {
        own[k] = 0.0;
    }
    for (size_t i = 0; i < n_own; i++) {
        const float *row = row_of(mg, lines, sc->own[i], n, hw);
        for (size_t k = 0; row && k < n; k++) {
            own[k] += row[k];
        }
    }
    t->used += n_both - n_back;
    sc->n_pending = 0;
    u->n += n_both + n_own;
    for (size_t k = 0; k < n; k++) {
        u->dot[k] += both[k];
        u->dot[k] += own[k];
    }
    /* Only a part's buckets are the whole's (the parts after the one
     * where the whole's cut stops are not: model_scratch.h). */
    if (to_whole) {
        wh->n += n_both;
        for (size_t k = 0; k < n; k++) {
            wh->dot[k] += both[k];
        }
    }
}

/* flush_sum_n for mg's count of models, counting bits with the CPU's
 * instruction (hw) or without. */
#define FLUSH_SUM(n, hw)                                                    \
    (sc->to_whole ? flush_sum_n(sc, mg, n, 1, hw)                           \
                  : flush_sum_n(sc, mg, n, 0, hw))
#define FLUSH_SUMS(hw)                                                      \
    switch (mg->n) {                                                        \
    case 1:                                                                 \
        FLUSH_SUM(1, hw);                                                   \
        break;                                                              \
    case 2:                                                                 \
        FLUSH_SUM(2, hw);                                                   \
        break;                                                              \
    case 3:                                                                 \
        FLUSH_SUM(3, hw);                                                   \
        break;                                                              \
    default:                                                                \
        FLUSH_SUM(PC__MERGED_MAX, hw);                                      \
        break;                                                              \
    }

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
__attribute__((target("popcnt"))) static void
flush_sum_popcnt(struct pc__feat_scratch *sc, const struct pc__merged *mg)
{
    FLUSH_SUMS(1)
}

static void flush_sum_plain(struct pc__feat_scratch *sc,
                            const struct pc__merged *mg)
{
    FLUSH_SUMS(0)
}

static void flush_sum(struct pc__feat_scratch *sc,
                      const struct pc__merged *mg)
{
    if (__builtin_cpu_supports("popcnt")) {
        flush_sum_popcnt(sc, mg);
    } else {
        flush_sum_plain(sc, mg);
    }
}
#else
/* Elsewhere (arm64) the compiler's population count is the CPU's. */
static void flush_sum(struct pc__feat_scratch *sc,
                      const struct pc__merged *mg)
{
    FLUSH_SUMS(1)
}
#endif
#undef FLUSH_SUMS
#undef FLUSH_SUM

void pc__scratch_flush(struct pc__feat_scratch *sc)
{
    struct pc__feat_set *u = &sc->unit, *wh = &sc->whole;
    size_t n_both = 0, n_own = 0;

    if (u->mg) {
        flush_sum(sc, u->mg);
        return;
    }
    /* Nothing scores (the features are kept): the new buckets are only
     * counted. */
    if (sc->to_whole) {
        n_both = pc__feat_split_new(u, sc->pending, sc->n_pending, sc->own,
                                    &n_own);
    } else {
        n_own = pc__feat_keep_new(u, sc->pending, sc->n_pending, sc->own);
    }
    sc->n_pending = 0;
    u->n += n_both + n_own;
    wh->n += n_both;
}
