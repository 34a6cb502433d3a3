/* test_model_feat_tab.c: the table a post's units put their buckets in
 * (model_feat.h: one slot a bucket, the stamp of the last unit that had
 * it and whether the whole post has it) gives each unit the features it
 * has alone, however the table is used: through one scratch for
 * thousands of generated texts (the stamps run out and start again, the
 * table is emptied, grows and is handed on to the next scratch), and for
 * generated posts of many sentences whose whole is put together from
 * them while the table grows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model_int.h"
#include "postcheck/text.h"

#define TEXT_CAP 40000

/* Words to make texts of: everyday, insults (and spelt to evade them),
 * a class or two, leet, a handle, a number, spaced letters, non-ASCII. */
static const char *const pool[] = {
    "the", "trust", "board", "is", "a", "joke", "you", "idiot", "idoit",
    "st*pid", "women", "are", "vermin", "ill", "hurt", "them", "not",
    "@sam", "l33t", "2024", "s t u p i d", "caf\xc3\xa9", "waste",
    "amateurish", "gonna", "stab", "worthless", "numbskull", "with",
    "year", "class", "proud", "of", "everyone",
};

static uint32_t g_r = 2026;

static uint32_t rnd(uint32_t n)
{
    g_r = g_r * 1103515245u + 12345u;
    return (g_r >> 8) % n;
}

/* A text of n words from the pool, with made-up words among them (new
 * buckets), and a sentence's end now and then when sentences. */
static size_t make_text(char *t, size_t n, int sentences)
{
    size_t k = 0;

    for (size_t i = 0; i < n && k + 64 < TEXT_CAP; i++) {
        if (rnd(4) == 0) {
            k += (size_t)snprintf(t + k, TEXT_CAP - k, "w%xq%x",
                                  (unsigned)rnd(100000), (unsigned)rnd(999));
        } else {
            k += (size_t)snprintf(t + k, TEXT_CAP - k, "%s",
                                  pool[rnd(sizeof pool / sizeof *pool)]);
        }
        t[k++] = sentences && rnd(6) == 0 ? '.' : ' ';
        t[k] = ' ';
        k += t[k - 1] == '.';
    }
    t[k] = '\0';
    return k;
}

static void assert_same(const pc_feats *a, const pc_feats *b)
{
    assert_int_equal(a->n, b->n);
    if (a->n) {
        assert_memory_equal(a->v, b->v, a->n * sizeof *a->v);
    }
}

/* Through one scratch, 9000 texts of 1 to 2000 words: each has the
 * features a fresh pc_model_features gives it (a new scratch each). */
static void one_table_for_thousands_of_texts(void **state)
{
    struct pc__feat_scratch *sc = pc__feat_scratch_new();
    char *t = malloc(TEXT_CAP + 1);
    pc_feats shared = {0}, fresh = {0};
    struct pc__feat_out o = {&shared, NULL, 0};

    (void)state;
    assert_true(sc && t);
    for (int i = 0; i < 9000; i++) {
        size_t n = i % 500 == 0 ? 2000 : 1 + rnd(i % 7 == 0 ? 300 : 30);
        size_t len = make_text(t, n, 0);
        assert_int_equal(pc__model_features_in(sc, t, len, NULL, 0, &o),
                         PC_OK);
        assert_int_equal(pc_model_features(t, len, NULL, 0, &fresh), PC_OK);
        assert_same(&shared, &fresh);
        assert_int_equal(o.n, fresh.n);
    }
    pc_feats_free(&shared);
    pc_feats_free(&fresh);
    pc__feat_scratch_free(sc);
    free(t);
}

/* Through one scratch, short texts again and again, which add no bucket
 * to the table after the first few: the stamps run out (8191 units) and
 * start again, each text with its own features still. */
static void the_stamps_run_out(void **state)
{
    static const char *const texts[] = {"you idiot", "the trust is a joke",
                                        "ill hurt them", ""};
    struct pc__feat_scratch *sc = pc__feat_scratch_new();
    pc_feats shared = {0}, fresh[4] = {{0}};
    struct pc__feat_out o = {&shared, NULL, 0};

    (void)state;
    assert_non_null(sc);
    for (size_t k = 0; k < 4; k++) {
        assert_int_equal(pc_model_features(texts[k], strlen(texts[k]), NULL,
                                           0, &fresh[k]),
                         PC_OK);
    }
    for (int i = 0; i < 20000; i++) {
        const char *t = texts[i % 4];
        assert_int_equal(pc__model_features_in(sc, t, strlen(t), NULL, 0,
                                               &o),
                         PC_OK);
        assert_same(&shared, &fresh[i % 4]);
    }
    for (size_t k = 0; k < 4; k++) {
        pc_feats_free(&fresh[k]);
    }
    pc_feats_free(&shared);
    pc__feat_scratch_free(sc);
}

/* Generated posts of many sentences (the whole put together from them,
 * the table growing while they are cut): each unit has the features of
 * its own text alone. */
static void posts_of_many_sentences(void **state)
{
    char *t = malloc(TEXT_CAP + 1);
    long units = 0;

    (void)state;
    assert_non_null(t);
    for (int i = 0; i < 300; i++) {
        pc_text *tx;
        pc_hits hits = {0};
        pc_units u = {0};
        const char *s;
        size_t len, n = 1 + rnd(i % 10 == 0 ? 1500 : 120);
        make_text(t, n, 1);
        tx = pc_text_new(t, strlen(t), NULL);
        assert_non_null(tx);
        s = pc_text_view(tx, PC_VIEW_FOLD, &len);
        assert_int_equal(pc__judge_cut(tx, &hits, &u), PC_OK);
        for (size_t k = 0; k < u.n; k++) {
            pc_feats alone = {0};
            assert_int_equal(pc_model_features(s + u.v[k].start,
                                               u.v[k].end - u.v[k].start,
                                               NULL, 0, &alone),
                             PC_OK);
            assert_same(&u.v[k].f, &alone);
            pc_feats_free(&alone);
            units++;
        }
        pc_units_free(&u);
        pc_text_free(tx);
    }
    fprintf(stderr, "%ld units of 300 posts as alone\n", units);
    assert_true(units > 1000);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_table_for_thousands_of_texts),
        cmocka_unit_test(the_stamps_run_out),
        cmocka_unit_test(posts_of_many_sentences),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
