/* model_own.h: the layout of a parsed model (model.h's pc_model),
 * shared by model.c, which parses and scores it, and model_merge.c,
 * which merges several (model_int.h). Private to those two files. */
#ifndef PC_MODEL_OWN_H
#define PC_MODEL_OWN_H

#include <stddef.h>
#include <stdint.h>

#include "postcheck/model.h"

#define NAME_CAP 32
#define MAP_WORDS (PC_MODEL_BUCKETS / 64)

struct pc_model {
    char name[NAME_CAP];
    double bias;
    /* The model's own weights, or all three NULL once merged: */
    uint64_t *map;     /* bit b: bucket b has a weight */
    uint32_t *before;  /* per word of map: weights in the words before */
    float *w;          /* the n weights, buckets ascending */
    size_t n;          /* non-zero weights */
    int exact;         /* every sum of its weights is exact (sums_exact) */
    /* Once merged (pc__merged_take): its weights are column col of
     * mg's rows. */
    const struct pc__merged *mg;
    size_t col;
};

#endif
