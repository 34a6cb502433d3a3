/* model_built.h: the built-in models' weights as tables in the binary's
 * read-only data, written at build time by host/tools/model_tables.c
 * from the text files (host/policies/models/NAME.model, the trained
 * artefact and the source of truth) with the host's own parse
 * (pc_model_parse) and merge (pc__merged_take): a set of merged weights
 * for each set of the models that one merging may hold (every set of at
 * most PC__MERGED_MAX of them), so the host reads the one a pack's
 * models need in place (model_judge.c), where it parsed each model's
 * file and merged them at start; only the pages a check looks up are
 * read. Private to the model module. */
#ifndef PC_MODEL_BUILT_H
#define PC_MODEL_BUILT_H

#include <stddef.h>
#include <stdint.h>

#include "model_int.h"

/* One model, in pc__builtin_models' order: its file's name, and its
 * name line, bias, count of weights and whether its sums are exact
 * (pc_model_parse's). */
struct pc__built_model {
    const char *file; /* "harassment.model" */
    const char *name; /* "harassment" (shorter than model_own.h's
                       * NAME_CAP: pc_model_parse read it) */
    double bias;
    size_t n;
    int exact;
};

/* The merging of the models of mask (bit i: pc__built_models[i]), in
 * their order: pc__merged_take's lines, overflow and exact. */
struct pc__built_set {
    unsigned mask;
    int exact;
    const union pc__line *line;
    const uint32_t *over_key;
    const float *over_row;
    size_t n_over;
    size_t rows; /* buckets with a row */
};

extern const struct pc__built_model pc__built_models[];
extern const size_t pc__n_built_models;
extern const struct pc__built_set pc__built_sets[]; /* by mask, ascending */
extern const size_t pc__n_built_sets;

/* The model of b, scoring through set one (its column 0, one's model[0]
 * is it): owned, free with pc_model_free; NULL when out of memory. */
pc_model *pc__model_built(const struct pc__built_model *b,
                          struct pc__merged *one);

/* A merged set over the built tables of b for models[0, n) (b's models,
 * in order), reading them in place: owned (the tables are not), free
 * with pc__merged_free; NULL when out of memory. */
struct pc__merged *pc__merged_built(const struct pc__built_set *b,
                                    pc_model *const *models, size_t n);

#endif
