/* test_model_scratch.c: the scores a check computes while it cuts a post
 * (pc__judge_score: each bucket's weights summed as the features' sets
 * first meet it, model_scratch.c's flush) are, bit for bit, pc_model_score's
 * scores of the units' features (pc__judge_cut keeping them), by every
 * merging of the built-in models (each set of up to PC__MERGED_MAX of
 * them, as a pack's merge), on generated posts: words of every class the
 * features know (the organisation, insults plain and spelt to evade,
 * groups, threats, handles, numbers), repeated within and across
 * sentences, cut by every kind of sentence end, and texts of letters
 * spaced out across an edge; each text scored in the room the last
 * left (units and scores), as a check's model rules keep it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "builtin.h"
#include "model_int.h"
#include "postcheck/text.h"

static pc_model *parse(size_t i)
{
    const struct pc__blob *b = &pc__builtin_models[i];

    return pc_model_parse(b->data, b->len, NULL);
}

/* A post of generated words into buf (NUL-terminated), from seed *x. */
static void generate(uint32_t *x, char *buf, size_t cap)
{
    static const char *const words[] = {
        "the", "trust", "board", "is", "a", "joke", "you", "are", "an",
        "idiot", "idoit", "st*pid", "m0r0n", "s t u p i d", "women",
        "immigrants", "they", "ill", "gonna", "hurt", "punch", "not",
        "never", "called", "me", "vermin", "@head", "2024", "llmat",
        "governors", "shambles", "waste", "of", "time", "great", "day",
        "thanks", "to", "staff", "pupils", "and", "\xf0\x9f\x98\xa1",
        "caf\xc3\xa9", "w4nk3r", "i.d.i.o.t", "crony", "message", "mess",
        "s", "t", "u", "again", "again", "the", "the", "board"};
    static const char *const ends[] = {" ", " ", " ", " ", " ", ". ", "! ",
                                       "? ", "\n", "...", ".", ", ",
                                       "\" ", "?! "};
    size_t k = 0, n;

    *x = *x * 1103515245u + 12345u;
    n = 1 + (*x >> 16) % 70;
    for (size_t i = 0; i < n && k + 40 < cap; i++) {
        const char *w, *e;
        *x = *x * 1103515245u + 12345u;
        w = words[(*x >> 16) % (sizeof words / sizeof *words)];
        *x = *x * 1103515245u + 12345u;
        e = ends[(*x >> 16) % (sizeof ends / sizeof *ends)];
        k += (size_t)snprintf(buf + k, cap - k, "%s%s", w, e);
    }
    buf[k] = '\0';
}

/* The room pc__judge_score fills, kept from one text to the next as a
 * check's model rules keep it (rules_model.c): units and scores of the
 * last text, longer or shorter, by another merging or the same. */
struct room {
    pc_units scored;
    double *score;
    size_t cap;
};

/* pc__judge_score's scores of text by mg, in room r, are
 * pc_model_score's of the units pc__judge_cut keeps, by each model of
 * mg, or with ref, by ref[k] for mg's model k (the same model parsed and
 * not merged, its own weights). */
static void check_text(struct room *r, const struct pc__merged *mg,
                       pc_model *const *ref, const char *text)
{
    pc_text *t = pc_text_new(text, strlen(text), NULL);
    pc_hits hits = {0};
    pc_units kept = {0};

    assert_non_null(t);
    assert_int_equal(pc__judge_cut(t, &hits, &kept), PC_OK);
    assert_int_equal(pc__judge_score(t, &hits, mg, &r->scored, &r->score,
                                     &r->cap),
                     PC_OK);
    assert_int_equal(r->scored.n, kept.n);
    assert_true(r->cap >= kept.n * mg->n);
    for (size_t i = 0; i < kept.n; i++) {
        assert_int_equal(r->scored.v[i].start, kept.v[i].start);
        assert_int_equal(r->scored.v[i].end, kept.v[i].end);
        for (size_t k = 0; k < mg->n; k++) {
            double want =
                pc_model_score(ref ? ref[k] : mg->model[k], &kept.v[i].f);
            assert_memory_equal(&r->score[i * mg->n + k], &want,
                                sizeof want);
        }
    }
    pc_units_free(&kept);
    pc_text_free(t);
}

static void scores_summed_on_the_way_are_the_features_scores(void **state)
{
    size_t n = 0;
    char buf[4096];
    struct room r = {{0}, NULL, 0};

    (void)state;
    while (pc__builtin_models[n].name) {
        n++;
    }
    assert_true(n >= 1 && n < 16);
    /* Every set of the built-in models that merges (PC__MERGED_MAX at
     * most: a pack of more scores them one by one, rules_model.c),
     * merged as a pack's are. */
    for (unsigned mask = 1; mask < (1u << n); mask++) {
        pc_model *v[PC__MERGED_MAX];
        struct pc__merged *mg;
        size_t m = 0;
        uint32_t seed = mask;
        if (pc__ones(mask) > PC__MERGED_MAX) {
            continue;
        }
        for (size_t i = 0; i < n; i++) {
            if (mask >> i & 1u) {
                v[m] = parse(i);
                assert_non_null(v[m]);
                m++;
            }
        }
        mg = pc__merged_take(v, m);
        assert_non_null(mg);
        assert_true(mg->exact);
        for (int p = 0; p < 300; p++) {
            generate(&seed, buf, sizeof buf);
            check_text(&r, mg, NULL, buf);
        }
        check_text(&r, mg, NULL,
                   "You are s t u. p i d and the board is a joke.");
        check_text(&r, mg, NULL,
                   "The trust. The trust. The trust! idiot idiot.");
        check_text(&r, mg, NULL, "");
        for (size_t j = 0; j < m; j++) {
            pc_model_free(v[j]);
        }
        pc__merged_free(mg);
    }
    pc_units_free(&r.scored);
    free(r.score);
}

/* A set of PC__MERGED_MAX models, more than the built-in sets hold
 * (three models; the set a fourth built-in model would make): its lines
 * are those of a run of 32 buckets and rows of 4 weights, 3 a line, so
 * more of its rows are in the overflow. Its scores are the features' by the same models
 * parsed and not merged: the built-in models, the first again as the
 * fourth. */
static void a_set_of_the_most_models_scores_as_its_features(void **state)
{
    pc_model *v[PC__MERGED_MAX], *own[PC__MERGED_MAX];
    struct pc__merged *mg;
    struct room r = {{0}, NULL, 0};
    char buf[4096];
    uint32_t seed = 4;
    size_t n = 0;

    (void)state;
    while (pc__builtin_models[n].name) {
        n++;
    }
    assert_true(n >= 1);
    for (size_t j = 0; j < PC__MERGED_MAX; j++) {
        v[j] = parse(j % n);
        own[j] = parse(j % n);
        assert_non_null(v[j]);
        assert_non_null(own[j]);
    }
    mg = pc__merged_take(v, PC__MERGED_MAX);
    assert_non_null(mg);
    assert_int_equal(mg->n, PC__MERGED_MAX);
    assert_true(mg->n_over > 0);
    for (int p = 0; p < 300; p++) {
        generate(&seed, buf, sizeof buf);
        check_text(&r, mg, own, buf);
    }
    check_text(&r, mg, own, "You are s t u. p i d and the board is a joke.");
    for (size_t j = 0; j < PC__MERGED_MAX; j++) {
        pc_model_free(v[j]);
        pc_model_free(own[j]);
    }
    pc__merged_free(mg);
    pc_units_free(&r.scored);
    free(r.score);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scores_summed_on_the_way_are_the_features_scores),
        cmocka_unit_test(a_set_of_the_most_models_scores_as_its_features),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
