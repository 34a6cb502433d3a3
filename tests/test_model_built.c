/* test_model_built.c: the built-in models' tables the build writes
 * (model_built.h, host/tools/model_tables.c) are what parsing and
 * merging the text files at start made: every set's lines, overflow and
 * counts byte for byte as pc__merged_take makes them from pc_model_parse's
 * models, each model's name, bias, size and exactness as parsed; the
 * models a check takes (pc__models_need, pc__models_merge) read them in
 * place, a pack's set after each pack, and each subset of a pack's
 * models its own set (pc__merged_part); and each score by a model so
 * taken is, bit for bit, the score by the model parsed from its file,
 * on generated features. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "builtin.h"
#include "model_built.h"
#include "model_int.h"
#include "model_own.h"

static size_t count_models(void)
{
    size_t n = 0;

    while (pc__builtin_models[n].name) {
        n++;
    }
    return n;
}

static pc_model *parse(size_t i)
{
    const struct pc__blob *b = &pc__builtin_models[i];

    return pc_model_parse(b->data, b->len, NULL);
}

/* The weight model m parsed has for bucket x (0 when none). */
static float parsed_weight(const pc_model *m, uint32_t x)
{
    uint64_t word = m->map[x / 64];

    if (!((word >> (x % 64)) & 1)) {
        return 0.0f;
    }
    word &= ((uint64_t)1 << (x % 64)) - 1;
    return m->w[m->before[x / 64] + pc__ones(word)];
}

/* Each bucket of mg, the set of the models of mask, has a row exactly
 * when one of them weighs it, and the row holds their weights, in their
 * lines or in the overflow. */
static void every_bucket_is_its_models(const struct pc__merged *mg,
                                       unsigned mask)
{
    pc_model *v[PC__MERGED_MAX];
    size_t n = 0, rows = 0;

    for (size_t i = 0; i < pc__n_built_models; i++) {
        if ((mask >> i) & 1u) {
            v[n++] = parse(i);
        }
    }
    for (uint32_t x = 0; x < PC_MODEL_BUCKETS; x++) {
        const float *row = pc__merged_row(mg, x);
        int any = 0;
        for (size_t j = 0; j < n; j++) {
            float w = parsed_weight(v[j], x);
            any |= w != 0.0f;
            if (row) {
                assert_memory_equal(&row[j], &w, sizeof w);
            }
        }
        assert_int_equal(row != NULL, any);
        rows += row != NULL;
    }
    assert_int_equal(rows, mg->rows);
    for (size_t j = 0; j < n; j++) {
        pc_model_free(v[j]);
    }
}

/* Every set of at most PC__MERGED_MAX models, each once, and each the
 * merging of its models' files, byte for byte. */
static void each_set_is_the_merge_of_the_files(void **state)
{
    size_t n_models = count_models();
    size_t want = 0;

    (void)state;
    assert_int_equal(pc__n_built_models, n_models);
    for (unsigned mask = 1; mask < (1u << n_models); mask++) {
        want += (size_t)__builtin_popcount(mask) <= PC__MERGED_MAX;
    }
    assert_int_equal(pc__n_built_sets, want);
    for (size_t s = 0; s < pc__n_built_sets; s++) {
        const struct pc__built_set *b = &pc__built_sets[s];
        pc_model *v[PC__MERGED_MAX];
        struct pc__merged *mg;
        size_t n = 0;
        assert_true(s == 0 || b->mask > pc__built_sets[s - 1].mask);
        for (size_t i = 0; i < n_models; i++) {
            if ((b->mask >> i) & 1u) {
                v[n] = parse(i);
                assert_non_null(v[n]);
                n++;
            }
        }
        mg = pc__merged_take(v, n);
        assert_non_null(mg);
        assert_int_equal(mg->exact, b->exact);
        assert_memory_equal(mg->line, b->line,
                            PC_MODEL_BUCKETS / PC__LINE_BUCKETS(n) *
                                sizeof *b->line);
        assert_int_equal(mg->rows, b->rows);
        assert_int_equal(mg->n_over, b->n_over);
        assert_memory_equal(mg->over_key, b->over_key,
                            b->n_over * sizeof *b->over_key);
        assert_memory_equal(mg->over_row, b->over_row,
                            b->n_over * n * sizeof *b->over_row);
        every_bucket_is_its_models(mg, b->mask);
        for (size_t j = 0; j < n; j++) {
            pc_model_free(v[j]);
        }
        pc__merged_free(mg);
    }
}

static void each_model_is_its_file(void **state)
{
    (void)state;
    for (size_t i = 0; i < count_models(); i++) {
        const struct pc__built_model *b = &pc__built_models[i];
        pc_model *m = parse(i);
        assert_non_null(m);
        assert_string_equal(b->file, pc__builtin_models[i].name);
        assert_string_equal(b->name, pc_model_name(m));
        assert_memory_equal(&b->bias, &m->bias, sizeof m->bias);
        assert_int_equal(b->n, pc_model_size(m));
        assert_int_equal(b->exact, m->exact);
        pc_model_free(m);
    }
}

/* Buckets ascending, distinct, k of them (a few past the buckets, which
 * weigh nothing), from a small generator of its own. */
static void make_feats(pc_feats *f, uint32_t *seed, size_t k)
{
    uint32_t b = 0;

    f->n = 0;
    for (size_t i = 0; i < k; i++) {
        *seed = *seed * 1103515245u + 12345u;
        b += 1 + (*seed >> 8) % (2 * PC_MODEL_BUCKETS / (k + 1) + 1);
        f->v[f->n++] = b;
    }
}

/* The models a pack takes, one and then another, are read from the
 * tables in place, and score as their files do. */
static void taken_models_read_the_tables_and_score_as_parsed(void **state)
{
    size_t n_models = count_models();
    struct pc__models *ms = pc__models_load(NULL);
    uint32_t buf[4096], seed = 20261205u;
    pc_feats f = {buf, 0, 4096};
    unsigned mask = 0;

    (void)state;
    assert_non_null(ms);
    for (size_t i = n_models; i-- > 0;) {
        const char *file = pc__builtin_models[i].name;
        char name[64] = {0};
        const struct pc__merged *mg;
        const pc_model *m;
        pc_model *alone = parse(i);
        memcpy(name, file, strlen(file) - strlen(".model"));
        assert_int_equal(pc__models_need(ms, name, NULL), PC_OK);
        pc__models_merge(ms);
        m = pc__models_find(ms, name);
        mg = pc__models_merged(ms);
        assert_non_null(m);
        assert_non_null(mg);
        mask |= 1u << i;
        if (__builtin_popcount(mask) <= PC__MERGED_MAX) {
            size_t s = 0;
            while (pc__built_sets[s].mask != mask) {
                s++;
            }
            assert_ptr_equal(mg->line, pc__built_sets[s].line);
            assert_int_equal(mg->n, __builtin_popcount(mask));
        }
        assert_string_equal(pc_model_name(m), name);
        for (size_t k = 0; k < 300; k++) {
            double a, b;
            make_feats(&f, &seed, 1 + k * 13 % 4000);
            a = pc_model_score(m, &f);
            b = pc_model_score(alone, &f);
            assert_memory_equal(&a, &b, sizeof a);
        }
        pc_model_free(alone);
    }
    pc__models_free(ms);
}

/* Once a pack's models are merged, each subset of them has its own set
 * (pc__merged_part), read from the tables in place: its models are
 * those of its columns, in order, so a pack scores by its own models
 * only; all the columns give the merged set itself. */
static void each_part_is_the_set_of_its_models(void **state)
{
    size_t n_models = count_models();
    struct pc__models *ms = pc__models_load(NULL);
    const struct pc__merged *mg;

    (void)state;
    assert_non_null(ms);
    for (size_t i = 0; i < n_models && i < PC__MERGED_MAX; i++) {
        const char *file = pc__builtin_models[i].name;
        char name[64] = {0};
        memcpy(name, file, strlen(file) - strlen(".model"));
        assert_int_equal(pc__models_need(ms, name, NULL), PC_OK);
    }
    pc__models_merge(ms);
    mg = pc__models_merged(ms);
    assert_non_null(mg);
    assert_ptr_equal(pc__merged_part(mg, (1u << mg->n) - 1), mg);
    for (unsigned cols = 1; cols < (1u << mg->n); cols++) {
        const struct pc__merged *p = pc__merged_part(mg, cols);
        unsigned mask = 0;
        size_t k = 0, s = 0;
        assert_int_equal(p->n, __builtin_popcount(cols));
        for (size_t j = 0; j < mg->n; j++) {
            if ((cols >> j) & 1u) {
                assert_ptr_equal(p->model[k++], mg->model[j]);
                mask |= 1u << j; /* the models were taken in order */
            }
        }
        while (pc__built_sets[s].mask != mask) {
            s++;
        }
        assert_ptr_equal(p->line, pc__built_sets[s].line);
        assert_int_equal(p->exact, pc__built_sets[s].exact);
    }
    pc__models_free(ms);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_set_is_the_merge_of_the_files),
        cmocka_unit_test(each_model_is_its_file),
        cmocka_unit_test(taken_models_read_the_tables_and_score_as_parsed),
        cmocka_unit_test(each_part_is_the_set_of_its_models),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
