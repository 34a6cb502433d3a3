/* model_merge.c: several parsed models' weights merged into one table
 * (model_int.h: struct pc__merged), so that a text's features are scored
 * by all of them at once, a bucket's weights by every model looked up
 * together, its bit and its row in one cache line (model_int.h: union
 * pc__line). Moved from model.c. A built-in
 * models' set is not merged here but read from the tables the build
 * merged with this file (model_built.h, pc__merged_built). */
#include <stdlib.h>
#include <string.h>

#include "model_built.h"
#include "model_int.h"
#include "model_own.h"

/* The 64 buckets of word i of m's map: bit b set when m has a weight
 * for bucket i * 64 + b (a merged model's: a weight but 0). */
static uint64_t model_map(const pc_model *m, size_t i)
{
    uint64_t w = 0;

    if (!m->mg) {
        return m->map[i];
    }
    for (unsigned b = 0; b < 64; b++) {
        const float *row = pc__merged_row(m->mg, (uint32_t)(i * 64 + b));
        if (row && row[m->col] != 0.0f) {
            w |= (uint64_t)1 << b;
        }
    }
    return w;
}

/* Fills a merged set's lines from any, the map of the buckets its
 * models weigh, and counts into mg->rows those buckets and into
 * mg->n_over those whose rows their lines have no room for; with key,
 * puts those buckets there, ascending. */
static void merge_lines(struct pc__merged *mg, union pc__line *line,
                        const uint64_t *any, uint32_t *key)
{
    size_t n = mg->n, per = PC__LINE_BUCKETS(n);

    mg->rows = 0;
    mg->n_over = 0;
    for (size_t i = 0; i < PC_MODEL_BUCKETS / per; i++) {
        unsigned k = 0;
        memset(&line[i], 0, sizeof line[i]);
        for (uint32_t t = 0; t < per; t++) {
            uint32_t x = (uint32_t)(i * per + t);
            if (!((any[x / 64] >> (x % 64)) & 1)) {
                continue;
            }
            line[i].d[0] |= (uint64_t)1 << (x % 64);
            if (k++ >= PC__LINE_ROWS(n)) {
                if (key) {
                    key[mg->n_over] = x;
                }
                mg->n_over++;
            }
        }
        mg->rows += k;
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
 * of any, its lines filled (NULL when out of memory). */
static struct pc__merged *merged_alloc(const uint64_t *any, size_t n)
{
    struct pc__merged *mg = calloc(1, sizeof *mg);
    size_t lines = PC_MODEL_BUCKETS / PC__LINE_BUCKETS(n);
    union pc__line *line = NULL;
    uint32_t *key = NULL;
    float *row = NULL;

    if (mg) {
        mg->n = n;
        mg->owned = 1;
        /* On whole cache lines, as the build's (model_tables.c). */
        line = aligned_alloc(64, lines * sizeof *line);
        mg->line = line;
    }
    if (line) {
        merge_lines(mg, line, any, NULL);
        key = malloc((mg->n_over + 1) * sizeof *key);
        row = calloc(mg->n_over * n + 1, sizeof *row);
        mg->over_key = key;
        mg->over_row = row;
    }
    if (mg && (!line || !key || !row)) {
        pc__merged_free(mg);
        return NULL;
    }
    if (mg) {
        merge_lines(mg, line, any, key);
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
        mg->line = b->line;
        mg->over_key = b->over_key;
        mg->over_row = b->over_row;
        mg->n_over = b->n_over;
        mg->rows = b->rows;
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
        free((void *)mg->line);
        free((void *)mg->over_key);
        free((void *)mg->over_row);
    }
    free(mg);
}
