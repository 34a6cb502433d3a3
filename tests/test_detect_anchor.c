/* test_detect_anchor.c: a detector pattern with an anchor (detect_int.h:
 * a byte every match holds near its start, so a search begins just
 * before the first one) finds exactly what a plain search of the whole
 * text finds. Every anchored pattern is run both ways over every post of
 * the labelled corpus and over texts made to sit on the reach's edges
 * (local parts of 64 and 65 characters, handles before an address,
 * characters beyond ASCII just before where the search begins). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "detect_int.h"
#include "support_corpus.h"

#include "detect_fixture.h"

typedef struct run {
    long texts;
    long matches;
} run;

/* Every match of pattern p over text, one after another as pc__next
 * goes (on past each match): through the detectors' search (anchored)
 * when plain is 0, else by pcre2_match from each place on. Returns the
 * count; spans go to v (2 per match, at most cap matches). */
static size_t matches(int p, const char *text, int plain, size_t *v,
                      size_t cap)
{
    size_t len = strlen(text), pos = 0, ms, me, n = 0;
    pc__scan sc;

    memset(&sc, 0, sizeof sc);
    sc.d = dets;
    sc.s = text;
    sc.len = len;
    sc.md = pcre2_match_data_create(40, NULL);
    assert_non_null(sc.md);
    for (;;) {
        if (plain) {
            int rc = pcre2_match(dets->re[p], (PCRE2_SPTR)text, len, pos, 0,
                                 sc.md, NULL);
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc.md);
            if (rc < 0) {
                assert_int_equal(rc, PCRE2_ERROR_NOMATCH);
                break;
            }
            ms = ov[0];
            me = ov[1];
            pos = me > ms ? me : ms + 1;
        } else if (!pc__next(&sc, p, &pos, &ms, &me)) {
            assert_int_equal(sc.st, PC_OK);
            break;
        }
        if (n < cap) {
            v[2 * n] = ms;
            v[2 * n + 1] = me;
        }
        n++;
    }
    pcre2_match_data_free(sc.md);
    return n;
}

static void same(run *r, const char *text)
{
    for (int p = 0; p < PC__P_COUNT; p++) {
        size_t a[64], b[64], na, nb;
        if (!pc__pat_defs[p].anchor) {
            continue;
        }
        na = matches(p, text, 0, a, 32);
        nb = matches(p, text, 1, b, 32);
        if (na != nb) {
            fail_msg("pattern %d: %zu matches anchored, %zu plain, in a text "
                     "of %zu bytes", p, na, nb, strlen(text));
        }
        for (size_t i = 0; i < 2 * (na < 32 ? na : 32); i++) {
            assert_int_equal(a[i], b[i]);
        }
        r->matches += (long)na;
    }
    r->texts++;
}

static void corpus_text(void *ctx, const char *text, const char *path)
{
    (void)path;
    same(ctx, text);
}

/* The local part's length around the reach, what stands before it, and
 * handles and stray anchors before the address. */
static void edges(run *r)
{
    static const char *const before[] = {
        "", " ", "x", "\xc3\xa9", "\xc3\xa9\xc3\xa9 ", "@jo ", "@ ", "a@",
        "mail @jane or ", "\xe2\x80\x94", ".", "%", "\xf0\x9f\x8e\x89",
        "_", "a+", "-", "x_y.", "\xc5\xbf",
    };
    char local[80], text[400];

    for (size_t len = 60; len <= 67; len++) {
        for (size_t i = 0; i < len; i++) {
            local[i] = (char)(i % 7 == 3 ? '.' : 'a' + (char)(i % 26));
        }
        local[len] = '\0';
        for (size_t k = 0; k < sizeof before / sizeof *before; k++) {
            snprintf(text, sizeof text, "%s%s@example.org then %s%s@x.co.uk",
                     before[k], local, before[k], local + len / 2);
            same(r, text);
            snprintf(text, sizeof text, "%.*s\xc3\xa9%s@example.org",
                     (int)(len / 3), local, local + len / 3);
            same(r, text);
        }
    }
}

static void anchored_search_finds_what_a_plain_one_does(void **state)
{
    run r = {0};
    int anchored = 0;

    (void)state;
    for (int p = 0; p < PC__P_COUNT; p++) {
        anchored += pc__pat_defs[p].anchor != 0;
    }
    assert_true(anchored > 0);
    pc_test_corpus_each(corpus_text, &r);
    edges(&r);
    fprintf(stderr, "%d anchored patterns, %ld texts, %ld matches, the "
                    "same both ways\n", anchored, r.texts, r.matches);
    assert_true(r.matches > 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(anchored_search_finds_what_a_plain_one_does),
    };
    return cmocka_run_group_tests_name("detect_anchor", tests, setup,
                                       teardown);
}
