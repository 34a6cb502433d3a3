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

/* The buckets of one text as a set: a bit a bucket, and a bit for each
 * word of 64 buckets that has any (a word is valid only while its bit is
 * set, so only the used bits need clearing). Read back by visiting only
 * the words in use, in order (model_feat.c), the set gives the distinct
 * buckets ascending with no sort, and is left empty for the next text.
 * When it scores (mg set), each bucket's weights by mg's models are
 * added to dot as the bucket first comes (model_int.h). */
#define PC__SET_WORDS (PC_MODEL_BUCKETS / 64)
#define PC__SET_USED (PC__SET_WORDS / 64)

struct pc__feat_set {
    uint64_t word[PC__SET_WORDS];
    uint64_t used[PC__SET_USED];
    size_t n; /* distinct buckets in the set */
    const struct pc__merged *mg; /* the models it scores by, or NULL */
    double dot[PC__MERGED_MAX];  /* their sums over the set's buckets */
};

/* Sets bucket x's bit in a set's words and used (pc__feat_set), its
 * count aside. Returns 1 if it was not set yet, else 0. */
static inline int pc__feat_set_bit(uint64_t *word, uint64_t *used,
                                   uint32_t x)
{
    uint64_t bit = (uint64_t)1 << (x & 63);
    uint64_t wbit = (uint64_t)1 << ((x >> 6) & 63);

    if (!(used[x >> 12] & wbit)) {
        used[x >> 12] |= wbit;
        word[x >> 6] = bit;
    } else if (!(word[x >> 6] & bit)) {
        word[x >> 6] |= bit;
    } else {
        return 0;
    }
    return 1;
}

/* Adds bucket x to the set (its dot aside). Returns 1 if it was not in
 * it yet, else 0. */
static inline int pc__feat_insert(struct pc__feat_set *f, uint32_t x)
{
    int added = pc__feat_set_bit(f->word, f->used, x);

    f->n += (size_t)added;
    return added;
}

/* Adds the bucket of hash h to the set. */
static inline void pc__feat_push(struct pc__feat_set *f, uint32_t h)
{
    uint32_t x = h & (PC_MODEL_BUCKETS - 1);
    const float *row;

    if (pc__feat_insert(f, x) && f->mg) {
        row = pc__merged_row(f->mg, x);
        if (row) {
            pc__merged_add(f->mg, row, f->dot);
        }
    }
}

/* A family of features over the words of one unit. */
typedef void pc__feat_family(struct pc__feat_set *f, const struct words *ws);

/* The families (model_shape.c): the organisation features and the shape
 * features, as model.h describes them. */
void pc__feat_org(struct pc__feat_set *f, const struct words *ws);
void pc__feat_shape(struct pc__feat_set *f, const struct words *ws);

#endif
