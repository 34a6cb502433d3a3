/* test_match_span.c: running a regex only where it can match in a long
 * post (host/match_span.c) finds exactly what one run over the whole post
 * finds. Every regex of every built-in pack (word lists included) and
 * every detector pattern is run both ways over long texts made of the
 * labelled corpus's posts, in both views; the barriers read from a
 * pattern's text are checked on patterns whose answer is known; and an
 * index made over a view that differs only in ASCII case (as a post's
 * two views mostly do) gives the same matches. */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "detect_int.h"
#include "match.h"
#include "pack_int.h"
#include "postcheck/pack.h"
#include "support_pack.h"
#include "support_regex.h"

#define LONG_TEXT (64 * 1024)
#define N_TEXTS 3

typedef struct texts {
    char *view[N_TEXTS][2];
    size_t len[N_TEXTS][2];
    pc__spanindex *ix[N_TEXTS][2];
} texts;

static texts T;
static pc_packset *packs;
static pcre2_match_context *mctx;
static size_t windowed, whole;

/* Posts of the labelled corpus, joined by a separator that varies (a
 * space, a full stop, a line break, nothing) into N_TEXTS long texts. */
static void make_texts(void)
{
    static const char *const seps[] = {" ", ". ", "\n\n", "", "! ", "? "};
    char path[512];
    size_t k = 0;

    for (int t = 0; t < N_TEXTS; t++) {
        char *buf = malloc(LONG_TEXT + 8192);
        size_t len = 0;
        pc_text *pt;
        assert_non_null(buf);
        while (len < LONG_TEXT) {
            json_t *line;
            FILE *f;
            char row[65536];
            snprintf(path, sizeof path, "%s/tests/corpus/posts-b%zu.jsonl",
                     PC_SOURCE_DIR, 2 + k % 10);
            f = fopen(path, "r");
            assert_non_null(f);
            for (size_t skip = k / 10 % 50; skip && fgets(row, sizeof row, f);
                 skip--) {
            }
            while (len < LONG_TEXT && fgets(row, sizeof row, f)) {
                const char *s;
                line = json_loads(row, 0, NULL);
                s = json_string_value(json_object_get(line, "text"));
                if (s && strlen(s) < 4096) {
                    const char *sep = seps[(k + len) % 6];
                    memcpy(buf + len, s, strlen(s));
                    len += strlen(s);
                    memcpy(buf + len, sep, strlen(sep));
                    len += strlen(sep);
                }
                json_decref(line);
            }
            fclose(f);
            k++;
        }
        pt = pc_text_new(buf, len, NULL);
        assert_non_null(pt);
        for (int v = 0; v < 2; v++) {
            size_t n;
            const char *s = pc_text_view(pt, (pc_view)v, &n);
            T.view[t][v] = malloc(n + 1);
            memcpy(T.view[t][v], s, n);
            T.view[t][v][n] = '\0';
            T.len[t][v] = n;
            T.ix[t][v] = pc__spanindex_new(T.view[t][v], n);
            assert_non_null(T.ix[t][v]);
        }
        pc_text_free(pt);
        free(buf);
    }
}

static int setup(void **state)
{
    (void)state;
    packs = pc_test_builtin_packs(NULL);
    make_texts();
    /* As the engine runs them: a JIT stack of up to 1 MB. */
    mctx = pcre2_match_context_create(NULL);
    pcre2_jit_stack_assign(mctx, NULL,
                           pcre2_jit_stack_create(32 * 1024, 1024 * 1024,
                                                  NULL));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (int t = 0; t < N_TEXTS; t++) {
        for (int v = 0; v < 2; v++) {
            pc__spanindex_free(T.ix[t][v]);
            free(T.view[t][v]);
        }
    }
    pc_packset_free(packs);
    return 0;
}

/* Appends the matches of re in s from `at`, the subject ending at end, as
 * the engine runs a regex (match.c's run_one), to v (pairs). */
static size_t run(const pcre2_code *re, const char *s, size_t at, size_t end,
                  size_t *v, size_t n, size_t cap)
{
    return pc_test_regex_run(re, mctx, s, at, end, v, n, cap);
}

/* One pattern both ways over every long text in view v, its windows
 * found by the index of ix (T.ix, or indexes of other texts alike). */
static void both_ways_ix(const pcre2_code *re, const pc__prefilter *pf,
                         unsigned barriers, int v, const char *src,
                         pc__spanindex *const ix[N_TEXTS])
{
    static size_t a[1 << 16], b[1 << 16];

    for (int t = 0; t < N_TEXTS; t++) {
        const char *s = T.view[t][v];
        size_t len = T.len[t][v], na, nb = 0;
        pc__window *w;
        size_t nw = pc__span_windows(ix[t], pf, barriers, &w);
        if (nw == PC__SPAN_WHOLE) {
            whole++;
            continue;
        }
        windowed++;
        na = run(re, s, 0, len, a, 0, 1 << 16);
        for (size_t i = 0; i < nw; i++) {
            assert_true(w[i].from < w[i].end && w[i].end <= len);
            assert_true(i == 0 || w[i - 1].end < w[i].from ||
                        w[i - 1].end == w[i].from);
            nb = run(re, s, w[i].from, w[i].end, b, nb, 1 << 16);
        }
        free(w);
        if (na != nb || memcmp(a, b, na * sizeof *a) != 0) {
            fail_msg("/%.200s/ text %d view %d: %zu matches whole, %zu in "
                     "windows", src, t, v, na / 2, nb / 2);
        }
    }
}

static void both_ways(const pcre2_code *re, const pc__prefilter *pf,
                      unsigned barriers, int v, const char *src)
{
    pc__spanindex *ix[N_TEXTS];

    for (int t = 0; t < N_TEXTS; t++) {
        ix[t] = T.ix[t][v];
    }
    both_ways_ix(re, pf, barriers, v, src, ix);
}

static void matcher_both_ways(const pc__matcher *m)
{
    for (size_t i = 0; i < m->n_shared; i++) {
        matcher_both_ways(m->shared[i]);
    }
    for (size_t i = 0; i < m->n; i++) {
        const pc__regex *r = &m->rx[i];
        both_ways(r->code, &r->pf, r->barriers, r->view, r->src);
    }
}

static void test_pack_regexes(void **state)
{
    (void)state;
    windowed = whole = 0;
    for (size_t p = 0; p < pc_packset_count(packs); p++) {
        const pc_pack *pack = pc_packset_at(packs, p);
        matcher_both_ways(&pack->mention);
        matcher_both_ways(&pack->not_mention);
        matcher_both_ways(&pack->logo_words);
        for (size_t i = 0; i < pack->n_rules; i++) {
            const pc__rule *r = &pack->rules[i];
            matcher_both_ways(&r->match);
            matcher_both_ways(&r->unless);
            matcher_both_ways(&r->near);
            matcher_both_ways(&r->required);
        }
    }
    /* Most pack regexes get windows; the test is not vacuous. */
    print_message("pack regexes: %zu runs in windows, %zu whole\n", windowed,
                  whole);
    assert_true(windowed > 100);
    assert_true(windowed > whole);
}

static void test_detector_patterns(void **state)
{
    pc_error err;
    pc_detectors *d = pc_detect_new(&err);

    (void)state;
    assert_non_null(d);
    windowed = whole = 0;
    for (int i = 0; i < PC__P_COUNT; i++) {
        both_ways(d->re[i], &d->pf[i], d->barriers[i], PC_VIEW_CASED,
                  pc__pat_defs[i].re);
    }
    print_message("detector patterns: %zu runs in windows, %zu whole\n",
                  windowed, whole);
    assert_true(windowed > 10);
    pc_detect_free(d);
}

/* Views alike but for ASCII case (pc__views_alike) share what is read
 * for skipping: an index made over the cased view with the case of
 * every ASCII letter swapped gives each detector pattern, run over the
 * cased view itself, the matches of one run over the whole of it. */
static void test_alike_views(void **state)
{
    pc_error err;
    pc_detectors *d = pc_detect_new(&err);
    pc__spanindex *ix[N_TEXTS];
    char *swapped[N_TEXTS];

    (void)state;
    assert_true(pc__views_alike("Views ARE my own.", 17,
                                "views are My Own.", 17));
    assert_false(pc__views_alike("views", 5, "view", 4));
    assert_false(pc__views_alike("a.b", 3, "a,b", 3));
    assert_false(pc__views_alike("caf\xc3\xa9", 5, "CAF\xc3\x89", 5));
    assert_false(pc__views_alike("[a]", 3, "{a}", 3));
    /* Long views: a difference other than case anywhere, in the first
     * bytes, the middle or the last, is seen. */
    {
        const char *a = "Great day at the fair with the YEAR 4 class! Ok";
        char b[64];
        size_t n = strlen(a);
        for (size_t i = 0; i < n; i++) {
            b[i] = (char)tolower((unsigned char)a[i]);
        }
        b[n] = '\0';
        assert_true(pc__views_alike(a, n, b, n));
        for (size_t i = 0; i < n; i++) {
            char keep = b[i];
            b[i] = keep == '.' ? ',' : '.';
            assert_false(pc__views_alike(a, n, b, n));
            b[i] = keep;
        }
    }
    /* Every pair of bytes, at a place read sixteen bytes at a time and
     * at one of the last bytes: alike only when the same byte or the
     * same ASCII letter in either case. */
    {
        char a[40], b[40];
        memset(a, 'q', sizeof a);
        for (unsigned c = 0; c < 256; c++) {
            for (unsigned e = 0; e < 256; e++) {
                unsigned l = c | 32u;
                int want = c == e || (l == (e | 32u) && l >= 'a' && l <= 'z');
                for (size_t at = 5; at < sizeof a; at += 33) {
                    memcpy(b, a, sizeof a);
                    a[at] = (char)c;
                    b[at] = (char)e;
                    assert_int_equal(pc__views_alike(a, sizeof a, b, sizeof b),
                                     want);
                    a[at] = 'q';
                }
            }
        }
    }
    assert_non_null(d);
    for (int t = 0; t < N_TEXTS; t++) {
        size_t n = T.len[t][PC_VIEW_CASED];
        swapped[t] = malloc(n + 1);
        assert_non_null(swapped[t]);
        for (size_t i = 0; i <= n; i++) {
            unsigned char c = (unsigned char)T.view[t][PC_VIEW_CASED][i];
            int letter = (c | 32) >= 'a' && (c | 32) <= 'z';
            swapped[t][i] = (char)(letter ? c ^ 32 : c);
        }
        assert_true(pc__views_alike(swapped[t], n,
                                    T.view[t][PC_VIEW_CASED], n));
        ix[t] = pc__spanindex_new(swapped[t], n);
        assert_non_null(ix[t]);
    }
    windowed = whole = 0;
    for (int i = 0; i < PC__P_COUNT; i++) {
        both_ways_ix(d->re[i], &d->pf[i], d->barriers[i], PC_VIEW_CASED,
                     pc__pat_defs[i].re, ix);
    }
    assert_true(windowed > 10);
    for (int t = 0; t < N_TEXTS; t++) {
        pc__spanindex_free(ix[t]);
        free(swapped[t]);
    }
    pc_detect_free(d);
}

/* Barriers read from patterns whose answer is known: bit 0 '\n', 1 '.',
 * 2 '!', 3 '?' where no match reads them. */
static void test_barriers(void **state)
{
    static const struct {
        const char *re;
        unsigned barriers;
    } cases[] = {
        {"foo\\s+bar", 0xE},              /* \s reads line breaks */
        {"foo bar", 0xF},
        {"foo\\.bar", 0xD},
        {"mr\\.?\\s+\\w+", 0xC},
        {"(?<=[.!?\\n])\\s*foo", 0xE},     /* lookbehinds may read any */
        {"(?<![\\w.])foo(?!\\.)", 0xD},    /* lookaheads may not */
        {"foo(?=[^a-z])", 0},
        {"[^.!?\\n]{0,40}foo", 0xF},
        {"[^a-z]foo", 0},
        {"[!-/]x", 0x9},                  /* the range holds '.' and '!' */
        {"[\\!-\\/]x", 0},                /* escaped ends: anything */
        {"a.b", 0},
        {"foo$", 0},
        {"foo\\z", 0},
        {"(a)\\1", 0},
        {"(?x) foo # bar", 0},
        {"\\p{L}+", 0},
        {"\\Qa.b\\E", 0},
        {"(?i)foo", 0xF},
        {"(?i:foo)\\W", 0},
        {"(?<name>foo)\\h+bar", 0xF},
        {"[[:punct:]]", 0x1},
        {"[[:alpha:][:space:]]+", 0xE},
        {"[^[:alpha:]]", 0},
        {"x\\", 0},
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        unsigned got = pc__barriers(cases[i].re);
        if (got != cases[i].barriers) {
            fail_msg("/%s/: barriers %x, want %x", cases[i].re, got,
                     cases[i].barriers);
        }
    }
}

/* The trigrams an index's walk gives a long view's gramset
 * (pc__spanindex_fill) are those pc__gramset_fill finds: each of one set
 * passes the other's filter, and both hold as many. */
static size_t grams_in_both(const pc__gramset *a, const pc__gramset *b)
{
    size_t n = 0;

    for (size_t k = 0; k <= a->mask; k++) {
        uint32_t gram;
        pc__prefilter one = {&gram, 1, {1, 0, 0, 0}, 1};
        if (!a->slots[k]) {
            continue;
        }
        gram = a->slots[k] - 1;
        assert_true(pc__prefilter_pass(&one, b));
        n++;
    }
    return n;
}

static void test_index_grams(void **state)
{
    (void)state;
    for (int t = 0; t < N_TEXTS; t++) {
        for (int v = 0; v < 2; v++) {
            pc__gramset walked = {0}, filled = {0};
            pc__spanindex *ix = pc__spanindex_fill(T.view[t][v], T.len[t][v],
                                                   &walked);
            assert_non_null(ix);
            assert_null(walked.in);
            assert_int_equal(pc__gramset_fill(&filled, T.view[t][v],
                                              T.len[t][v]),
                             PC_OK);
            assert_int_equal(grams_in_both(&walked, &filled),
                             grams_in_both(&filled, &walked));
            /* Past the table's first size: it grew on the way. */
            assert_true(grams_in_both(&walked, &filled) > 2048);
            pc__spanindex_free(ix);
            pc__gramset_free(&walked);
            pc__gramset_free(&filled);
        }
    }
}

/* The windows of one trigram over s[0..len), found without the index:
 * the runs of stretches (cut after each '\n', '.', '!', '?' but the last
 * byte) in which a place of it starts, letters read in lower case. */
static size_t windows_by_hand(const char *s, size_t len, uint32_t gram,
                              const char *cuts, pc__window *w)
{
    size_t n = 0, from = 0;
    int has = 0;

    for (size_t i = 0; i < len; i++) {
        int cut = i + 1 < len && strchr(cuts, s[i]) && s[i];
        if (i + 2 < len &&
            pc__gram((unsigned char)tolower((unsigned char)s[i]),
                     (unsigned char)tolower((unsigned char)s[i + 1]),
                     (unsigned char)tolower((unsigned char)s[i + 2])) ==
                gram) {
            has = 1;
        }
        if (cut || i + 1 == len) {
            if (has && n && w[n - 1].end == from) {
                w[n - 1].end = i + 1;
            } else if (has) {
                w[n].from = from;
                w[n++].end = i + 1;
            }
            from = i + 1;
            has = 0;
        }
    }
    return n;
}

/* Every place of a trigram is in the index, once: the windows of a
 * pattern of one trigram are the stretches it starts in, cut at every
 * barrier or at those but '\n', over generated texts of lengths that
 * end anywhere in a word of the barriers' bit map, with and without
 * capitals (read two ways), with the text's last trigram new to it or
 * not. */
static void test_index_places(void **state)
{
    static const char low[] = "ab a.b\n!?c", caps[] = "aB A.b\n!?C";
    static pc__window want[8192];
    char *buf = malloc(6001);
    uint32_t r = 7;
    pc__spanindex *ix;

    (void)state;
    assert_non_null(buf);
    for (int seed = 0; seed < 24; seed++) {
        const char *abc = seed % 2 ? caps : low;
        size_t len = 4096 + (size_t)seed * 77;
        for (size_t i = 0; i < len; i++) {
            r = r * 1103515245u + 12345u;
            buf[i] = abc[(r >> 16) % (sizeof low - 1)];
        }
        /* Half the texts end in a trigram found nowhere else. */
        if (seed % 4 < 2) {
            memcpy(buf + len - 3, "xyz", 3);
        }
        buf[len] = '\0';
        ix = pc__spanindex_new(buf, len);
        assert_non_null(ix);
        /* Fifteen places' trigrams, the last the text's last. */
        for (size_t k = 0; k < 15; k++) {
            size_t p = k == 14 ? len - 3 : k * (len / 14);
            uint32_t g = pc__gram(
                (unsigned char)tolower((unsigned char)buf[p]),
                (unsigned char)tolower((unsigned char)buf[p + 1]),
                (unsigned char)tolower((unsigned char)buf[p + 2]));
            pc__prefilter pf = {&g, 1, {1, 0, 0, 0}, 1};
            /* Cut at every barrier, and at the three but '\n'. */
            for (int c = 0; c < 2; c++) {
                pc__window *w;
                size_t nw = pc__span_windows(ix, &pf, c ? 0xE : 0xF, &w);
                size_t nh = windows_by_hand(buf, len, g,
                                            c ? ".!?" : "\n.!?", want);
                assert_int_equal(nw, nh);
                assert_memory_equal(w, want, nh * sizeof *w);
                free(w);
            }
        }
        pc__spanindex_free(ix);
    }
    free(buf);
}

/* The leaves a long view's distinct trigrams give (pc__leafset_from)
 * are those a walk of the view finds (pc__leafset_fill): the same bits,
 * and each trigram of one set in the other. */
static void leaves_agree(const char *s, size_t len)
{
    pc__gramset grams = {0};
    pc__leafset from, walked;
    pc__spanindex *ix = pc__spanindex_fill(s, len, &grams);

    assert_non_null(ix);
    assert_true(pc__leafset_from(&from, s, len, &grams));
    assert_int_equal(pc__leafset_fill(&walked, s, len), PC_OK);
    assert_memory_equal(from.bits, walked.bits,
                        (PC_GRAM_BITS + PC_PAIR_BITS + 256) / 8);
    for (int k = 0; k < 2; k++) {
        const pc__leafset *a = k ? &walked : &from, *b = k ? &from : &walked;
        for (size_t i = 0; i <= a->mask; i++) {
            uint32_t leaf = ((uint32_t)PC_Q_GRAM << 28) | (a->slots[i] - 1);
            assert_true(!a->slots[i] || pc__leafset_has(b, leaf));
        }
    }
    pc__leafset_free(&from);
    pc__leafset_free(&walked);
    pc__spanindex_free(ix);
    pc__gramset_free(&grams);
}

static void test_index_leaves(void **state)
{
    static const char *const bits[] = {
        "ab", "Cd", "7", " ", "  ", "\n\n", "\t", " \r\n ", "\xc3\xa9",
        "\xf0\x9f\x8e\x89", ".", "x y", "Q", "42", "! ", "zz", "\xe2\x82\xac"};
    char *buf = malloc(9000);
    uint32_t r = 1;

    (void)state;
    assert_non_null(buf);
    for (int t = 0; t < N_TEXTS; t++) {
        for (int v = 0; v < 2; v++) {
            leaves_agree(T.view[t][v], T.len[t][v]);
        }
    }
    /* Generated texts: white-space runs (at the start and end too),
     * digits, capitals, characters of several bytes. */
    for (int seed = 0; seed < 40; seed++) {
        size_t len = 0;
        while (len < 8000) {
            const char *b;
            r = r * 1103515245u + 12345u;
            b = bits[(r >> 16) % (sizeof bits / sizeof *bits)];
            memcpy(buf + len, b, strlen(b));
            len += strlen(b);
        }
        leaves_agree(buf, len);
    }
    /* A character that collapses from more than one byte (U+00A0, a
     * space; U+2003 at the very end): not derived, the text is walked. */
    for (int k = 0; k < 2; k++) {
        pc__gramset grams = {0};
        pc__leafset from;
        pc__spanindex *ix;
        memset(buf, 'a', 8000);
        memcpy(k ? buf + 7997 : buf + 100, k ? "\xe2\x80\x83" : "\xc2\xa0", k ? 3 : 2);
        ix = pc__spanindex_fill(buf, 8000, &grams);
        assert_non_null(ix);
        assert_false(pc__leafset_from(&from, buf, 8000, &grams));
        pc__spanindex_free(ix);
        pc__gramset_free(&grams);
    }
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_barriers),
        cmocka_unit_test(test_pack_regexes),
        cmocka_unit_test(test_detector_patterns),
        cmocka_unit_test(test_alike_views),
        cmocka_unit_test(test_index_grams),
        cmocka_unit_test(test_index_leaves),
        cmocka_unit_test(test_index_places),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
