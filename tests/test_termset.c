/* test_termset.c: the scan of two term sets over two views alike but
 * for ASCII case, in one walk of their tokens (pc__termset_scan_alike),
 * must give each owner of each set exactly what its terms' own scan
 * over its view gives: generated terms sharing first tokens, over
 * generated texts whose cased view has capitals here and there and
 * words of more than one byte; and a set with no terms, on either side,
 * leaves the other's matches as they are. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "match.h"
#include "termset.h"

#define OWNERS 3

/* The matches of one side, per owner. */
typedef struct owned {
    pc__spans v[OWNERS];
} owned;

static pc_status push_owned(void *arg, uint32_t owner, size_t start,
                            size_t end)
{
    owned *o = arg;

    assert_true(owner < OWNERS);
    return pc__spans_push(&o->v[owner], start, end, PC_VIEW_FOLD);
}

static pc_status push(void *arg, size_t start, size_t end)
{
    return pc__spans_push(arg, start, end, PC_VIEW_FOLD);
}

static uint32_t next_rand(uint32_t *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return *seed >> 8;
}

/* OWNERS sets of generated terms (capitals in them when cased), and
 * their union, each set's terms its owner's. */
static pc__termset *make_sets(pc__termset *one[OWNERS], int cased,
                              uint32_t *seed)
{
    static const char *const firsts[] = {"year", "the", "st", "a", "caf\xc3\xa9"};
    static const char *const rests[] = {
        "", " 4", " 4 class", "  class", " of the", "-pupils", "'s", ".",
        ". john", " a", "s", " year",
    };
    pc__termset *all = pc__termset_new();
    char term[64];

    assert_non_null(all);
    for (uint32_t k = 0; k < OWNERS; k++) {
        one[k] = pc__termset_new();
        assert_non_null(one[k]);
        for (int i = 0; i < 30; i++) {
            snprintf(term, sizeof term, "%s%s", firsts[next_rand(seed) % 5],
                     rests[next_rand(seed) % 12]);
            if (cased && next_rand(seed) % 2) {
                term[0] = (char)(term[0] - 'a' + 'A');
            }
            assert_int_equal(pc__termset_add(one[k], term), PC_OK);
        }
        assert_int_equal(pc__termset_finish(one[k]), PC_OK);
        assert_int_equal(pc__termset_add_set(all, one[k], k), PC_OK);
    }
    assert_int_equal(pc__termset_finish(all), PC_OK);
    return all;
}

/* Each owner's matches in got are its own set's scan of text. */
static void assert_each_own(pc__termset *const one[OWNERS], owned *got,
                            const char *text, size_t len)
{
    for (int k = 0; k < OWNERS; k++) {
        pc__spans alone = {0};
        assert_int_equal(pc__termset_scan(one[k], text, len, push, &alone),
                         PC_OK);
        assert_int_equal(alone.n, got->v[k].n);
        for (size_t i = 0; i < alone.n; i++) {
            assert_int_equal(alone.v[i].start, got->v[k].v[i].start);
            assert_int_equal(alone.v[i].end, got->v[k].v[i].end);
        }
        pc__spans_free(&alone);
        pc__spans_free(&got->v[k]);
    }
}

static void test_alike_scan_is_each_sets_scan(void **state)
{
    static const char *const words[] = {
        "year", "the", "st", "a", "4", "class", "of", "john", "pupils",
        " ", "  ", "-", "'s", ".", "s", "caf\xc3\xa9", "\n", "\xe2\x80\x9c",
    };
    pc__termset *fold[OWNERS], *cased[OWNERS], *all[2];
    uint32_t seed = 11;
    char text[2][512];
    long hits = 0;

    (void)state;
    all[0] = make_sets(fold, 0, &seed);
    all[1] = make_sets(cased, 1, &seed);
    for (int n = 0; n < 300; n++) {
        size_t len = 0;
        owned o[2];
        while (len < 400) {
            const char *w = words[next_rand(&seed) % 18];
            memcpy(text[0] + len, w, strlen(w));
            len += strlen(w);
        }
        memcpy(text[1], text[0], len);
        for (size_t i = 0; i < len; i++) {
            if (text[1][i] >= 'a' && text[1][i] <= 'z' &&
                next_rand(&seed) % 3 == 0) {
                text[1][i] = (char)(text[1][i] - 'a' + 'A');
            }
        }
        /* Both sets, then each with an empty other side. */
        for (int with = 0; with < 3; with++) {
            pc__termscan v[2] = {
                {with == 2 ? NULL : all[0], text[0], push_owned, &o[0]},
                {with == 1 ? NULL : all[1], text[1], push_owned, &o[1]},
            };
            memset(o, 0, sizeof o);
            assert_int_equal(pc__termset_scan_alike(v, 2, len), PC_OK);
            for (int side = 0; side < 2; side++) {
                for (int k = 0; k < OWNERS; k++) {
                    hits += (long)o[side].v[k].n;
                }
                if (v[side].ts) {
                    assert_each_own(side ? cased : fold, &o[side],
                                    text[side], len);
                } else {
                    for (int k = 0; k < OWNERS; k++) {
                        assert_int_equal(o[side].v[k].n, 0);
                    }
                }
            }
        }
    }
    /* The texts hold matches of both sides. */
    assert_true(hits > 1000);
    for (int k = 0; k < OWNERS; k++) {
        pc__termset_free(fold[k]);
        pc__termset_free(cased[k]);
    }
    pc__termset_free(all[0]);
    pc__termset_free(all[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alike_scan_is_each_sets_scan),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
