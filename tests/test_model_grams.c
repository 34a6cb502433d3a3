/* test_model_grams.c: a word's character n-grams (model.h: the 3- to
 * 5-byte pieces of "<word>", each hashed with FNV-1a after "c") are
 * the same features whichever way model_feat.c hashes them, a start at a
 * time or eight starts at once (AVX2, where the CPU has it): every piece
 * of words of every length (cut at WORD_CAP) is there, and texts of one
 * word to thousands (the buckets waiting to be put in the table fill
 * and are emptied in the middle of a text) get the same features both
 * ways. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model_int.h"
#include "model_words.h"

#define TEXT_CAP 60000

static uint32_t fnv(uint32_t h, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 16777619u;
    }
    return h;
}

static int has(const pc_feats *f, uint32_t bucket)
{
    for (size_t i = 0; i < f->n; i++) {
        if (f->v[i] == bucket) {
            return 1;
        }
    }
    return 0;
}

/* The features of t[0, len), hashed the plain way when plain. */
static void features(const char *t, size_t len, int plain, pc_feats *f)
{
    pc__model_feat_plain(plain);
    assert_int_equal(pc_model_features(t, len, NULL, 0, f), PC_OK);
    pc__model_feat_plain(0);
}

static void assert_same(const pc_feats *a, const pc_feats *b)
{
    assert_int_equal(a->n, b->n);
    if (a->n) {
        assert_memory_equal(a->v, b->v, a->n * sizeof *a->v);
    }
}

/* Words of 1 to WORD_CAP + 6 letters (no letter thrice in a row, which
 * the cut would drop), both ways: each 3-, 4- and 5-gram of "<word>" of
 * the word as kept (its first WORD_CAP letters) is a feature. */
static void every_gram_of_every_length(void **state)
{
    static const char abc[] = "abcdefghijklmnopqrstuvwxyz";

    (void)state;
    for (size_t len = 1; len <= WORD_CAP + 6; len++) {
        char word[WORD_CAP + 8], g[WORD_CAP + 3];
        size_t kept = len < WORD_CAP ? len : WORD_CAP, n = kept + 2;
        pc_feats f[2] = {{0}};
        for (size_t i = 0; i < len; i++) {
            word[i] = abc[(i * 7 + len) % 26];
        }
        g[0] = '<';
        memcpy(g + 1, word, kept);
        g[n - 1] = '>';
        features(word, len, 1, &f[0]);
        features(word, len, 0, &f[1]);
        assert_same(&f[0], &f[1]);
        for (size_t k = 3; k <= 5; k++) {
            for (size_t i = 0; i + k <= n; i++) {
                uint32_t h = fnv(fnv(2166136261u, "c", 1), g + i, k);
                assert_true(has(&f[0], h & (PC_MODEL_BUCKETS - 1)));
            }
        }
        pc_feats_free(&f[0]);
        pc_feats_free(&f[1]);
    }
}

static uint32_t g_r = 16;

static uint32_t rnd(uint32_t n)
{
    g_r = g_r * 1103515245u + 12345u;
    return (g_r >> 8) % n;
}

/* Texts of 1 to 5000 words of 1 to 40 bytes (letters, leet, a mask,
 * non-ASCII, numbers, handles): the same features both ways. */
static void texts_the_same_both_ways(void **state)
{
    static const char *const bits[] = {"a", "b", "st", "e", "0", "*",
                                       "caf\xc3\xa9", "k", "@", "z", "4",
                                       "ou", "9"};
    char *t = malloc(TEXT_CAP + 1);
    long feats = 0;

    (void)state;
    assert_non_null(t);
    for (int i = 0; i < 400; i++) {
        size_t words = i % 50 == 0 ? 5000 : 1 + rnd(80), k = 0;
        pc_feats f[2] = {{0}};
        for (size_t w = 0; w < words && k + 200 < TEXT_CAP; w++) {
            size_t n = 1 + rnd(16);
            for (size_t j = 0; j < n; j++) {
                const char *b = bits[rnd(sizeof bits / sizeof *bits)];
                memcpy(t + k, b, strlen(b));
                k += strlen(b);
            }
            t[k++] = rnd(8) ? ' ' : '.';
        }
        t[k] = '\0';
        features(t, k, 1, &f[0]);
        features(t, k, 0, &f[1]);
        assert_same(&f[0], &f[1]);
        feats += (long)f[0].n;
        pc_feats_free(&f[0]);
        pc_feats_free(&f[1]);
    }
    fprintf(stderr, "%ld features of 400 texts, the same both ways\n",
            feats);
    assert_true(feats > 100000);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_gram_of_every_length),
        cmocka_unit_test(texts_the_same_both_ways),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
