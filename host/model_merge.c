/* model_merge.c: several parsed models' weights merged into one table
 * (model_int.h: struct pc__merged), so that a text's features are scored
 * by all of them at once, a bucket's weights by every model looked up
 * together: 128 KiB of cells plus 4 bytes a model and bucket
 * any of them weighs. Moved from model.c unchanged. A built-in
 * models' set is not merged here but read from the tables the build
 * merged with this file (model_built.h, pc__merged_built). */
#include <stdlib.h>

#include "model_built.h"
#include "model_int.h"
#include "model_own.h"

/* The bit counts of the bytes, spelt out four values at a time: a
 * block of 4^k values counts as n, n+1, n+1, n+2 blocks of 4^(k-1). */
#define POP2(n) n, n + 1, n + 1, n + 2
#define POP4(n) POP2(n), POP2(n + 1), POP2(n + 1), POP2(n + 2)
#define POP6(n) POP4(n), POP4(n + 1), POP4(n + 1), POP4(n + 2)
const unsigned char pc__pop8[256] = {POP6(0), POP6(1), POP6(1), POP6(2)};

/* The bits of byte b below bit k, for k 0 to 7 (pc__below8). */
#define BITS(x)                                                             \
    (((x) & 1) + ((x) >> 1 & 1) + ((x) >> 2 & 1) + ((x) >> 3 & 1) +        \
     ((x) >> 4 & 1) + ((x) >> 5 & 1) + ((x) >> 6 & 1))
#define BELOW(b)                                                            \
    0, BITS((b) & 1), BITS((b) & 3), BITS((b) & 7), BITS((b) & 15),         \
        BITS((b) & 31), BITS((b) & 63), BITS((b) & 127)
#define BELOW4(b) BELOW(b), BELOW(b + 1), BELOW(b + 2), BELOW(b + 3)
#define BELOW16(b) BELOW4(b), BELOW4(b + 4), BELOW4(b + 8), BELOW4(b + 12)
#define BELOW64(b) BELOW16(b), BELOW16(b + 16), BELOW16(b + 32), BELOW16(b + 48)
const unsigned char pc__below8[256 * 8] = {BELOW64(0), BELOW64(64),
                                           BELOW64(128), BELOW64(192)};

/* The 64 buckets of word i of m's map: bit b set when m has a weight
 * for bucket i * 64 + b (a merged model's: a weight but 0). */
static uint64_t model_map(const pc_model *m, size_t i)
{
    uint64_t w = 0;

    if (!m->mg) {
        return m->map[i];
    }
    /* The buckets with a row, 8 to a cell, looked at one by one. */
    for (unsigned c = 0; c < 8; c++) {
        unsigned byte = m->mg->cell[i * 8 + c] & 0xffu;
        for (unsigned b = c * 8; byte; b++, byte >>= 1) {
            const float *row = (byte & 1)
                ? pc__merged_row(m->mg, (uint32_t)(i * 64 + b)) : NULL;
            if (row && row[m->col] != 0.0f) {
                w |= (uint64_t)1 << b;
            }
        }
    }
    return w;
}

/* Fills a merged set's cells (model_int.h) from any, the map of the
 * buckets any of its models weighs. */
static void merge_map(uint32_t *cell, const uint64_t *any)
{
    uint32_t k = 0;

    for (size_t i = 0; i < MAP_WORDS * 8; i++) {
        uint32_t byte = (uint32_t)(any[i / 8] >> (8 * (i % 8))) & 0xffu;
        cell[i] = byte | k << 8;
        k += pc__pop8[byte];
    }
}

/* Fills column j of mg's rows with model m's weights, whose buckets map
 * holds (model_map's words). */
static void merge_rows(struct pc__merged *mg, const pc_model *m, size_t j,
                       const uint64_t *map)
{
    size_t k = 0;

    for (size_t i = 0; i < MAP_WORDS; i++) {
        uint64_t w = map[i];
        while (w) {
            /* The lowest bit of w, and its bucket's row, being filled. */
            uint32_t b = (uint32_t)(i * 64 + pc__ones((w & (0 - w)) - 1));
            float *row = (float *)pc__merged_row(mg, b);
            row[j] = m->mg ? pc__merged_row(m->mg, b)[m->col] : m->w[k++];
            w &= w - 1;
        }
    }
}

/* Gives model m's weights to column j of mg: its own are freed. */
static void adopt(struct pc__merged *mg, pc_model *m, size_t j)
{
    free(m->map);
    free(m->before);
    free(m->w);
    m->map = NULL;
    m->before = NULL;
    m->w = NULL;
    m->mg = mg;
    m->col = j;
}

/* The merged set's room for n models whose weights fall in the buckets
 * of any (NULL when out of memory). */
static struct pc__merged *merged_alloc(const uint64_t *any, size_t n)
{
    struct pc__merged *mg = calloc(1, sizeof *mg);
    size_t rows = 0;
    uint32_t *cell = NULL;

    for (size_t i = 0; i < MAP_WORDS; i++) {
        rows += pc__ones(any[i]);
    }
    if (mg) {
        mg->n = n;
        mg->owned = 1;
        cell = malloc(MAP_WORDS * 8 * sizeof *cell);
        mg->cell = cell;
        mg->row = calloc(rows * n + 1, sizeof *mg->row);
    }
    if (mg && (!mg->cell || !mg->row)) {
        pc__merged_free(mg);
        return NULL;
    }
    if (mg) {
        merge_map(cell, any);
    }
    return mg;
}

struct pc__merged *pc__merged_built(const struct pc__built_set *b,
                                    pc_model *const *models, size_t n)
{
    struct pc__merged *mg = n <= PC__MERGED_MAX ? calloc(1, sizeof *mg)
                                                : NULL;

    if (mg) {
        mg->n = n;
        mg->cell = b->cell;
        mg->row = b->row;
        mg->exact = b->exact;
        for (size_t j = 0; j < n; j++) {
            mg->model[j] = models[j];
        }
    }
    return mg;
}

struct pc__merged *pc__merged_take(pc_model *const *models, size_t n)
{
    /* Each model's map (model_map, which costs a look-up a bucket for a
     * model merged before), then the map of the buckets any weighs. */
    uint64_t *maps = n <= PC__MERGED_MAX
                         ? malloc((n + 1) * MAP_WORDS * sizeof *maps)
                         : NULL;
    uint64_t *any = maps ? maps + n * MAP_WORDS : NULL;
    struct pc__merged *mg = NULL;

    if (maps) {
        for (size_t i = 0; i < MAP_WORDS; i++) {
            any[i] = 0;
            for (size_t j = 0; j < n; j++) {
                maps[j * MAP_WORDS + i] = model_map(models[j], i);
                any[i] |= maps[j * MAP_WORDS + i];
            }
        }
        mg = merged_alloc(any, n);
    }
    if (mg) {
        mg->exact = 1;
        for (size_t j = 0; j < n; j++) {
            mg->model[j] = models[j];
            mg->exact &= models[j]->exact;
            merge_rows(mg, models[j], j, maps + j * MAP_WORDS);
        }
        for (size_t j = 0; j < n; j++) {
            adopt(mg, models[j], j);
        }
    }
    free(maps);
    return mg;
}

void pc__merged_free(struct pc__merged *mg)
{
    if (!mg) {
        return;
    }
    if (mg->owned) {
        free((void *)mg->cell);
        free((void *)mg->row);
    }
    free(mg);
}
