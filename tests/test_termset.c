/* test_termset.c: the scan of two term sets over two views alike but
 * for ASCII case, in one walk of their tokens (pc__termset_scan_alike),
 * must give each owner of each set exactly what its terms' own scan
 * over its view gives: generated terms sharing first tokens, over
 * generated texts whose cased view has capitals here and there and
 * words of more than one byte; and a set with no terms, on either side,
 * leaves the other's matches as they are. So must the scan of one set of
 * several owners, of one view and of two alike but for ASCII case:
 * chosen overlapping sets, and terms sharing first tokens that part at
 * the byte after them, over generated texts (moved here from
 * test_match_seen.c, which tries every built-in pack's sets). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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
    }
}

static void owned_free(owned *o)
{
    for (int k = 0; k < OWNERS; k++) {
        pc__spans_free(&o->v[k]);
    }
}

/* The host's scans (pc__termset_scan_alike) of all (owner k's terms
 * one[k]'s) over text[0..len) (NUL at len), of one view and of two alike but for
 * ASCII case (a lower-case copy as the folded view): each owner gets its
 * own set's scan's matches from each. o: the lower-case copy's. */
static void scan_owned(pc__termset *const one[OWNERS],
                       const pc__termset *all, const char *text, size_t len,
                       owned *o)
{
    char *low = malloc(len + 1);
    owned solo = {0}, cased = {0};
    pc__termscan v[2] = {{all, text, push_owned, &solo},
                         {all, text, push_owned, &cased}};

    assert_non_null(low);
    for (size_t i = 0; i < len; i++) {
        low[i] = (char)(text[i] + 32 * (text[i] >= 'A' && text[i] <= 'Z'));
    }
    low[len] = '\0'; /* the scan's end (termset.h) */
    memset(o, 0, sizeof *o);
    assert_int_equal(pc__termset_scan_alike(v, 1, len), PC_OK);
    assert_each_own(one, &solo, text, len);
    v[0].s = low;
    v[0].arg = o;
    assert_int_equal(pc__termset_scan_alike(v, 2, len), PC_OK);
    assert_each_own(one, o, low, len);
    assert_each_own(one, &cased, text, len);
    owned_free(&solo);
    owned_free(&cased);
    free(low);
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
        text[0][len] = '\0'; /* the scan's end (termset.h) */
        memcpy(text[1], text[0], len + 1);
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
                    owned_free(&o[side]);
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

static void test_owned_scan_is_each_sets_scan(void **state)
{
    static const char *const sets[3][4] = {
        {"year 4", "4 class", "ex-pupils", "caf\xc3\xa9"},
        {"year", "class", "pupils", "st."},
        {"year 4 class", "st. john", "class", "na\xc3\xafve \xe2\x80\x9cuser"},
    };
    /* Words and marks of more than one byte too. */
    static const char *const texts[] = {
        "year 4 class", "Year  4 class!", "st.john year 4", "yearly 4 classes",
        "ex-pupils and pupils", "st. john's class, year 4 class year",
        "4 class year 4 class", "", "st.", "year4 class",
        "caf\xc3\xa9 year 4 class", "caf\xc3\xa9s na\xc3\xafve \xe2\x80\x9cuser",
        "\xe2\x80\x9cyear 4\xe2\x80\x9d class", "\xc3\xa9year 4 caf\xc3\xa9",
        "year\xc2\xa0" "4 class", "\xe6\x97\xa5\xe6\x9c\xac year 4",
    };
    pc__termset *one[3], *all = pc__termset_new();

    (void)state;
    assert_non_null(all);
    for (uint32_t k = 0; k < 3; k++) {
        one[k] = pc__termset_new();
        assert_non_null(one[k]);
        for (size_t i = 0; i < 4 && sets[k][i]; i++) {
            assert_int_equal(pc__termset_add(one[k], sets[k][i]), PC_OK);
        }
        assert_int_equal(pc__termset_finish(one[k]), PC_OK);
        assert_int_equal(pc__termset_add_set(all, one[k], k), PC_OK);
    }
    assert_int_equal(pc__termset_finish(all), PC_OK);
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        owned o;
        scan_owned(one, all, texts[t], strlen(texts[t]), &o);
        if (t == 0) {
            /* "year 4 class": set 0 has "year 4" then nothing ("4 class"
             * starts inside it), set 1 "year" and "class", set 2 all. */
            assert_int_equal(o.v[0].n, 1);
            assert_int_equal(o.v[1].n, 2);
            assert_int_equal(o.v[2].n, 1);
            assert_int_equal(o.v[2].v[0].end, 12);
        }
        owned_free(&o);
    }
    for (int k = 0; k < 3; k++) {
        pc__termset_free(one[k]);
    }
    pc__termset_free(all);
}

/* Terms that share first tokens and part at the byte after them (white
 * space or not, then which byte: the scan passes over the terms whose
 * gap or next byte is not the text's), over generated texts: each set
 * gets from the one-pass scan exactly its own scan's matches. */
static void test_owned_scan_shared_firsts(void **state)
{
    static const char *const firsts[] = {"year", "the", "st", "a", "4"};
    static const char *const rests[] = {
        "", " 4", " 4 class", "  class", " of the", "-pupils", "'s", ".",
        ". john", " a", " the", "s", " year", "-4",
    };
    static const char *const words[] = {
        "year", "the", "st", "a", "4", "class", "of", "john", "pupils",
        " ", "  ", "-", "'s", ".", "s", "\xc3\xa9", "\n",
    };
    pc__termset *one[3], *all = pc__termset_new();
    uint32_t seed = 7;
    char term[64], text[512];

    (void)state;
    assert_non_null(all);
    for (uint32_t k = 0; k < 3; k++) {
        one[k] = pc__termset_new();
        assert_non_null(one[k]);
        for (int i = 0; i < 40; i++) {
            seed = seed * 1103515245u + 12345u;
            snprintf(term, sizeof term, "%s%s", firsts[(seed >> 8) % 5],
                     rests[(seed >> 16) % 14]);
            assert_int_equal(pc__termset_add(one[k], term), PC_OK);
        }
        assert_int_equal(pc__termset_finish(one[k]), PC_OK);
        assert_int_equal(pc__termset_add_set(all, one[k], k), PC_OK);
    }
    assert_int_equal(pc__termset_finish(all), PC_OK);
    for (int n = 0; n < 300; n++) {
        size_t len = 0;
        owned o;
        while (len < 400) {
            seed = seed * 1103515245u + 12345u;
            const char *w = words[(seed >> 8) % 17];
            memcpy(text + len, w, strlen(w));
            len += strlen(w);
            if ((seed >> 20) % 3 == 0) {
                text[len++] = ' ';
            }
        }
        text[len] = '\0';
        scan_owned(one, all, text, len, &o);
        owned_free(&o);
    }
    for (int k = 0; k < 3; k++) {
        pc__termset_free(one[k]);
    }
    pc__termset_free(all);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alike_scan_is_each_sets_scan),
        cmocka_unit_test(test_owned_scan_is_each_sets_scan),
        cmocka_unit_test(test_owned_scan_shared_firsts),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
