/* test_model_score.c: a model's score (model.h) is the logistic of the
 * bias plus the dot product of the weights of a text's buckets, scaled
 * by 1/sqrt(n), with the sum taken bucket by bucket in ascending order:
 * the scorer (model.c) adds only the buckets that have a weight and
 * finds each in the map by counting bits, and must give that same
 * double, bit for bit, counting with the CPU's instruction or in
 * software, on real posts' features and on sets that crowd one word of
 * the map, touch its first and last buckets, or hit no weight at all. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model_int.h"
#include "postcheck/model.h"
#include "support_corpus.h"

/* A model with weights at random buckets (some words of the map full,
 * most sparse), kept beside its file for the plain sum. */
typedef struct fixture {
    pc_model *m;
    float *w;        /* weight by bucket, 0 where none */
    double bias;
    unsigned long seed;
    long texts;
} fixture;

static unsigned long next(unsigned long *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return *s >> 33;
}

/* The score as model.h defines it, a bucket at a time. */
static double plain_score(const fixture *fx, const pc_feats *f)
{
    double dot = 0.0, z;

    for (size_t i = 0; i < f->n; i++) {
        dot += f->v[i] < PC_MODEL_BUCKETS ? fx->w[f->v[i]] : 0.0;
    }
    z = fx->bias + (f->n ? dot / sqrt((double)f->n) : 0.0);
    return 1.0 / (1.0 + exp(-z));
}

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    size_t cap = 4u << 20, len = 0, n = 0;
    char *text = malloc(cap);
    unsigned long s = 7;
    pc_error err = {0};

    assert_non_null(fx);
    assert_non_null(text);
    fx->w = calloc(PC_MODEL_BUCKETS, sizeof *fx->w);
    assert_non_null(fx->w);
    fx->bias = -1.25;
    for (uint32_t b = 0; b < PC_MODEL_BUCKETS; b++) {
        /* words 0, 7 and the last full; elsewhere one bucket in 3 */
        uint32_t wi = b >> 6;
        int full = wi == 0 || wi == 7 || wi == PC_MODEL_BUCKETS / 64 - 1;
        if (full || next(&s) % 3 == 0) {
            fx->w[b] = (float)((double)(next(&s) % 20001) / 10000.0 - 1.0);
            if (fx->w[b] == 0.0f) {
                fx->w[b] = 0.5f;
            }
            n++;
        }
    }
    len += (size_t)snprintf(text, cap, "postcheck-model 1\nname t\n"
                            "features %d\nbuckets %u\nbias %.2f\n"
                            "weights %zu\n", PC_MODEL_FEATURES,
                            PC_MODEL_BUCKETS, fx->bias, n);
    for (uint32_t b = 0; b < PC_MODEL_BUCKETS; b++) {
        if (fx->w[b] != 0.0f) {
            assert_true(len + 64 < cap);
            len += (size_t)snprintf(text + len, cap - len, "%u %.9g\n", b,
                                    (double)fx->w[b]);
        }
    }
    fx->m = pc_model_parse(text, len, &err);
    free(text);
    assert_non_null(fx->m);
    assert_int_equal(pc_model_size(fx->m), n);
    fx->seed = 11;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;

    pc_model_free(fx->m);
    free(fx->w);
    free(fx);
    return 0;
}

/* The score, counting bits with the CPU's instruction where it has one
 * and in software, is the plain sum's. */
static void same_score(const fixture *fx, const pc_feats *f)
{
    double a = pc_model_score(fx->m, f), b = plain_score(fx, f);
    double c = pc__model_score_soft(fx->m, f);

    assert_memory_equal(&a, &b, sizeof a);
    assert_memory_equal(&c, &b, sizeof c);
}

static void each_text(void *ctx, const char *text, const char *path)
{
    fixture *fx = ctx;
    pc_feats f = {0};

    (void)path;
    assert_int_equal(pc_model_features(text, strlen(text), NULL, 0, &f),
                     PC_OK);
    same_score(fx, &f);
    pc_feats_free(&f);
    fx->texts++;
}

/* Every post of the labelled corpus scores as the plain sum does. */
static void a_post_scores_as_the_plain_sum(void **state)
{
    fixture *fx = *state;

    pc_test_corpus_each(each_text, fx);
    assert_true(fx->texts > 1000);
}

/* Sets of buckets built to stress the scorer: random sets of every
 * density, a word of the map full, its first and last buckets, the last
 * bucket of all, and the empty set (the bias alone). */
static void crowded_and_edge_sets_score_as_the_plain_sum(void **state)
{
    fixture *fx = *state;
    pc_feats f = {0};

    f.v = malloc(PC_MODEL_BUCKETS * sizeof *f.v);
    assert_non_null(f.v);
    f.cap = PC_MODEL_BUCKETS;
    same_score(fx, &f);
    for (int round = 0; round < 400; round++) {
        /* one bucket in 2^k, k from 0 (all) to 17 */
        unsigned k = (unsigned)round % 18;
        f.n = 0;
        for (uint32_t b = 0; b < PC_MODEL_BUCKETS; b++) {
            if (next(&fx->seed) % (1u << k) == 0) {
                f.v[f.n++] = b;
            }
        }
        same_score(fx, &f);
    }
    f.n = 0;
    for (uint32_t b = 7 * 64; b < 8 * 64; b++) {
        f.v[f.n++] = b; /* a full word of the map, all weighted */
    }
    same_score(fx, &f);
    f.v[0] = 63;
    f.v[1] = 64;
    f.v[2] = 127;
    f.v[3] = PC_MODEL_BUCKETS - 1;
    f.n = 4;
    same_score(fx, &f);
    pc_feats_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_post_scores_as_the_plain_sum),
        cmocka_unit_test(crowded_and_edge_sets_score_as_the_plain_sum),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
