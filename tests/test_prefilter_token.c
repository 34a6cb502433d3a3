/* test_prefilter_token.c: a regex whose every match lies in one word
 * (prefilter.h: pc__token_mask) runs only over the words that hold a
 * byte of its mask (match.c), and finds exactly what one run over the
 * whole view finds. Patterns are read right (one token or not, and
 * which bytes every match holds), and the patterns below, and every
 * regex of every built-in pack (word lists included) that has a mask,
 * are run with skipping on and off over generated texts of words,
 * punctuation, digits, every kind of white space and non-ASCII letters,
 * short and long, in both views: the matches must be the same. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "match.h"
#include "pack_int.h"
#include "postcheck/pack.h"
#include "prefilter.h"
#include "support_pack.h"

/* 1 if mask m holds the class of byte c. */
static int has(uint64_t m, unsigned char c)
{
    return (int)((m >> pc__token_bit[c]) & 1);
}

static void test_one_token_or_not(void **state)
{
    static const char *const not_one[] = {
        "a\\sb", "a b", "a.b", "[^x]+", "foo(?!\\s+of)", "\\bfoo\\W",
        "foo$", "^foo", "(a)\\1", "(?x)a b", "a\\tb", "[a-z ]+",
        "[ -~]+", "[\x01-z]", "x*", "a|", "(?:foo)?", "\\p{Z}", "\\P{L}", "\\Dx",
        "a\\x20b", "(*UTF)ab", "a\\Kb", "\\Qa b\\E", "\\Gab", "ab\\z",
        "(?=a)", "\\bfoo\\b|bar\\s", "\\p{Common}", "(?(1)a|b)",
        "[[:space:]]x", "\xc2\xa0x", "(?<=\\s)foo", "a\\h", "a\\Rb",
        NULL};
    static const struct {
        const char *pattern;
        const char *in;   /* a byte every match holds, one of these */
        const char *out;  /* bytes the mask must not take for that */
    } one[] = {
        {"\\bfoo\\b", "fo", "abxyz0!"},
        {"c[*#@!]nt", "cnt*#@!", ""},
        {"(?:ab|cd)", "abcd", ""},
        {"#(?:voteleave|nothanks)\\b", "#", ""},
        {"(?<![\"'])\\b(?:b[*#@!1]tch|tw[*#@!]t)(?:e?s)?(?!\\w)(?![\"'])",
         "b*#@!1tw", ""},
        {"[\\w.+-]+@[\\w-]+\\.[a-z]{2,}", "@", ""},
        {"(?i)x{2,3}", "xX", ""},
        {"\\d{3}-\\d{4}", "-", ""},
        {"(?<name>q)(?=u)", "q", ""},
        {"[!-~]{2}", "!~az", ""},
    };

    (void)state;
    for (size_t i = 0; not_one[i]; i++) {
        if (pc__token_mask(not_one[i]) != 0) {
            fail_msg("/%s/ taken for one token", not_one[i]);
        }
    }
    for (size_t i = 0; i < sizeof one / sizeof one[0]; i++) {
        uint64_t m = pc__token_mask(one[i].pattern);
        int any = 0;
        if (m == 0) {
            fail_msg("/%s/ not taken for one token", one[i].pattern);
        }
        for (const char *p = one[i].in; *p; p++) {
            any |= has(m, (unsigned char)*p);
        }
        assert_true(any);
        for (const char *p = one[i].out; *p; p++) {
            if (has(m, (unsigned char)*p)) {
                fail_msg("/%s/: mask takes '%c'", one[i].pattern, *p);
            }
        }
    }
    /* Caseless: 's' and 'k' are also U+017F and U+212A. */
    assert_true(has(pc__token_mask("sss"), 0xC5));
    assert_true(has(pc__token_mask("kkk"), 0xE2));
    /* Either case. */
    assert_true(has(pc__token_mask("qqq"), 'Q'));
}

/* Pieces the generated texts are made of. */
static const char *const pieces[] = {
    "b*tch", "c@nt", "tw!t", "a$$hole", "b1tch", "foo", "Foo", "FOO",
    "bar", "qux", "alt", "salt", "llmat", "L.L.M.A.T", "jane.doe@example.org",
    "@jane", "#voteleave", "#VoteLeave", "indyref2", "07700 900123",
    "x", "xx", "xxx", "caf\xc3\xa9", "na\xc3\xafve", "pa\xc5\xbfs",
    "\xe2\x84\xaa" "at", "\xf0\x9f\x8e\x89", "don't", "\xe2\x80\x99s", "'",
    "\"", "!", "?", ".", ",", "-", "*", "(", ")", "quote\"d", "'bitch'",
    "pr!ck", "d#ckhead", "w*nker", "b@stard", "c***", "c*nts", "12-3456",
    "head@LLMAT.org", "jo@llmat", "me@\xe2\x84\xaa" "at", "me@kat", "x@KAT!",
};

static const char *const spaces[] = {
    " ", " ", " ", "  ", "\t", "\n", "\r\n", "\v", "\f", "\xc2\xa0",
    "\xe2\x80\x83", "", "", ". ", "! ", "\n\n",
};

/* A text of about n bytes from seed. */
static char *make_text(unsigned *seed, size_t n)
{
    char *buf = malloc(n + 64);
    size_t len = 0;

    assert_non_null(buf);
    while (len < n) {
        const char *p = pieces[(size_t)rand_r(seed) %
                               (sizeof pieces / sizeof pieces[0])];
        const char *s = spaces[(size_t)rand_r(seed) %
                               (sizeof spaces / sizeof spaces[0])];
        memcpy(buf + len, p, strlen(p));
        len += strlen(p);
        memcpy(buf + len, s, strlen(s));
        len += strlen(s);
    }
    buf[len] = '\0';
    return buf;
}

static void assert_same(const pc__spans *a, const pc__spans *b,
                        const char *pattern, const char *text)
{
    int same = a->n == b->n;

    for (size_t i = 0; same && i < a->n; i++) {
        same = a->v[i].start == b->v[i].start && a->v[i].end == b->v[i].end &&
               a->v[i].view == b->v[i].view;
    }
    if (!same) {
        fail_msg("/%.80s/ over \"%.80s\": %zu matches skipping, %zu not",
                 pattern, text, a->n, b->n);
    }
}

/* Runs the regexes of m over text with skipping on and off (with what a
 * check reads once, seen, and without); fails on any difference.
 * Returns the matches found. */
static size_t compare(const pc__matcher *m, const char *text,
                      const char *what)
{
    pc_text *t = pc_text_new(text, strlen(text), NULL);
    pc__seen seen;
    pc__spans on = {0}, bare = {0}, off = {0};
    size_t n;

    assert_non_null(t);
    assert_int_equal(pc__seen_fill(&seen, NULL, t), PC_OK);
    pc__prefilter_enable(1);
    assert_int_equal(pc__matcher_run(m, t, &seen, 0, &on), PC_OK);
    assert_int_equal(pc__matcher_run(m, t, NULL, 0, &bare), PC_OK);
    pc__prefilter_enable(0);
    assert_int_equal(pc__matcher_run(m, t, NULL, 0, &off), PC_OK);
    pc__prefilter_enable(1);
    assert_same(&on, &off, what, text);
    assert_same(&bare, &off, what, text);
    n = off.n;
    pc__spans_free(&on);
    pc__spans_free(&bare);
    pc__spans_free(&off);
    pc__seen_free(&seen);
    pc_text_free(t);
    return n;
}

static void test_same_matches_generated(void **state)
{
    static const char *const patterns[] = {
        "(?<![\"'])\\b(?:b[*#@!1]tch|tw[*#@!]t|c[*#@!]nt|c[*#@!]{3}|"
        "d[*#@!]ckhead|a[*#@!$]{2,3}hole|w[*#@!]nker|b[*#@!]stard|"
        "pr[*#@!]ck)(?:e?s)?(?!\\w)(?![\"'])",
        "\\bfoo\\b", "foo", "(?<!s)alt\\b", "\\b[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+\\b",
        "#?\\bindyref\\w*|#(?:voteleave|voteremain)\\b", "x{2}",
        "(?<=x)x", "\\d+-\\d+", "[\\w']+'s", "\\bna\\p{L}ve\\b", "s\\b",
        "caf\\p{M}*", "(?<!\\w)'\\w", "\\w\\b", "k(?=a)", "q*x",
        /* A trigram every match holds beside the mask's byte: a word
         * with '@' but without it is not run (match.c). */
        "[\\w.+-]+@[\\w-]*llmat[\\w-]*", "[!-~]*@[!-~]*kat",
    };
    unsigned seed = 1612;
    size_t found = 0, masked = 0;

    (void)state;
    for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
        for (int v = 0; v < 2; v++) {
            pc__matcher m;
            memset(&m, 0, sizeof m);
            assert_int_equal(pc__matcher_add_regex(&m, patterns[i],
                                                   (pc_view)v, NULL),
                             PC_OK);
            masked += m.rx[0].token != 0;
            for (int k = 0; k < 300; k++) {
                /* Short posts, and long ones past the span index's
                 * threshold (match_span.c). */
                size_t n = k % 50 == 49 ? 2 * PC__SPAN_MIN_BYTES
                                        : 1 + (size_t)rand_r(&seed) % 400;
                char *text = make_text(&seed, n);
                found += compare(&m, text, patterns[i]);
                free(text);
            }
            pc__matcher_free(&m);
        }
    }
    /* Most of them run by their words, and they match. */
    assert_true(masked >= 2 * 16);
    assert_true(found > 1000);
}

/* Runs each regex of m (its word lists' too) that has a mask alone over
 * generated texts, skipping on and off; counts them in *masked. */
static void matcher_both_ways(const pc__matcher *m, unsigned *seed,
                              size_t *masked)
{
    for (size_t i = 0; i < m->n_shared; i++) {
        matcher_both_ways(m->shared[i], seed, masked);
    }
    for (size_t k = 0; k < m->n; k++) {
        pc__matcher one;
        if (!m->rx[k].token) {
            continue;
        }
        ++*masked;
        memset(&one, 0, sizeof one);
        one.rx = &m->rx[k];
        one.n = 1;
        for (int i = 0; i < 20; i++) {
            char *text = make_text(seed, 1 + (size_t)rand_r(seed) % 600);
            (void)compare(&one, text, m->rx[k].src);
            free(text);
        }
    }
}

/* Every regex of the built-in packs with a mask, over generated texts. */
static void test_same_matches_packs(void **state)
{
    pc_packset *set = pc_test_builtin_packs(NULL);
    unsigned seed = 1613;
    size_t masked = 0;

    (void)state;
    for (size_t p = 0; p < pc_packset_count(set); p++) {
        const pc_pack *pack = pc_packset_at(set, p);
        matcher_both_ways(&pack->mention, &seed, &masked);
        matcher_both_ways(&pack->not_mention, &seed, &masked);
        matcher_both_ways(&pack->logo_words, &seed, &masked);
        for (size_t r = 0; r < pack->n_rules; r++) {
            const pc__rule *rule = &pack->rules[r];
            matcher_both_ways(&rule->match, &seed, &masked);
            matcher_both_ways(&rule->unless, &seed, &masked);
            matcher_both_ways(&rule->near, &seed, &masked);
            matcher_both_ways(&rule->required, &seed, &masked);
        }
    }
    print_message("pack regexes run by their words: %zu\n", masked);
    assert_true(masked > 0);
    pc_packset_free(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_token_or_not),
        cmocka_unit_test(test_same_matches_generated),
        cmocka_unit_test(test_same_matches_packs),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
