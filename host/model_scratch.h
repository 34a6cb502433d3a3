/* model_scratch.h: a check's feature scratch (model_int.h's opaque
 * struct pc__feat_scratch) as model_feat.c fills it, and what
 * model_scratch.c does with it: the table of the post's buckets, the
 * unit's and the whole's sets, the words of the parts kept for the
 * whole, and the buckets of a unit's words hashed and not yet put in
 * its sets. Private to the model module. */
#ifndef PC_MODEL_SCRATCH_H
#define PC_MODEL_SCRATCH_H

#include <stddef.h>
#include <stdint.h>

#include "model_feat.h"
#include "model_words.h"
#include "postcheck/judge.h"

/* The parts of a whole (pc__model_features_part): their words one after
 * another, where each part's start, and whether they overflowed. */
#define PC__PART_CAP (PC_JUDGE_MAX_SENTENCES + 1)

/* The buckets of a unit's words' own features, hashed but not yet in its
 * sets (pc__scratch_flush): room for many words' (PC__WORD_PUSHES at
 * most a word: itself, a pair and three n-grams at each of WORD_CAP + 2
 * starts). */
#define PC__PENDING_CAP 1024
#define PC__WORD_PUSHES (2 + 3 * (WORD_CAP + 2))
/* Room past PC__PENDING_CAP for the spare lanes of model_feat.c's last
 * store of eight grams (counted in no n_pending). */
#define PC__PENDING_SLACK 8

struct pc__feat_scratch {
    struct pc__feat_tab tab;   /* the buckets of the units so far, and
                                * the stamps given */
    struct pc__feat_set unit;  /* the features of the unit at hand */
    /* The words' own features of the parts so far (each word, its
     * n-grams, the pairs inside a part), for the whole; and whether the
     * unit at hand is a part whose are wanted there. */
    struct pc__feat_set whole;
    int to_whole;
    struct words ws;
    struct words cat;       /* the parts' words, in order */
    size_t part_at[PC__PART_CAP];
    size_t n_parts;
    int cat_full;           /* more words or parts than cat holds */
    size_t cut_n;           /* the parts' words before joining, in all */
    /* The part in which the parts' words before joining reach
     * PC_MODEL_MAX_WORDS, where the whole's cut stops (its index; 0 when
     * capped is not set): it and the parts after it go neither to cat
     * nor to the whole's set, and the whole takes its first words from
     * the cut of its text (pc__model_features_whole). */
    size_t cap_part;
    int capped;
    /* Of each part: its first and its last word before joining is a
     * single ASCII letter (a spaced-out run may go on across its edge). */
    unsigned char first_single[PC__PART_CAP], last_single[PC__PART_CAP];
    uint32_t pending[PC__PENDING_CAP + PC__PENDING_SLACK];
    size_t n_pending;
    uint32_t own[PC__PENDING_CAP]; /* flush's buckets new to the unit
                                    * alone */
};

/* Empties sc's table (pc__feat_tab_clear). */
void pc__scratch_clear(struct pc__feat_scratch *sc);

/* Starts a unit of words ws with n_extras extra features in sc: a new
 * stamp, and room for what it adds. may_clear: the whole's buckets are
 * no longer wanted, so the table may be emptied (it is when the stamps
 * run out, whatever may_clear says: a post's parts begin with an
 * emptied table, which leaves them enough). Returns PC_OK or
 * PC_ERR_NOMEM. */
pc_status pc__scratch_unit_start(struct pc__feat_scratch *sc,
                                 const struct words *ws, size_t n_extras,
                                 int may_clear);

/* Adds the bucket of a word's own feature (hash h) to the unit's set,
 * and to the whole's when the unit is a part of it, at the next
 * pc__scratch_flush: the words are hashed first and their buckets put
 * in the sets after, in one tight loop. At most PC__PENDING_CAP pending:
 * the caller flushes before. */
static inline void pc__scratch_push(struct pc__feat_scratch *sc, uint32_t h)
{
    sc->pending[sc->n_pending++] = h & (PC_MODEL_BUCKETS - 1);
}

/* Puts the pending buckets in the unit's set, and the whole's when
 * sc->to_whole (the unit is a part of it); when the sets score, adds the
 * weights of each bucket new to a set to its sums. */
void pc__scratch_flush(struct pc__feat_scratch *sc);

#endif
