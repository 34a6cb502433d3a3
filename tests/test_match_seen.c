/* test_match_seen.c: what a check reads from its post once (match.h's
 * pc__seen) must not change what any matcher or detector finds:
 *   - the one-pass scan of a pack's term index, of one view or of two
 *     alike but for ASCII case, gives every term set exactly the matches
 *     of its own scan (every set of every built-in pack over the
 *     labelled corpus; test_termset.c tries chosen and generated sets);
 *   - the detectors give the same hits with the post's trigrams as
 *     without (every detector over the corpus and the packs' examples);
 *   - the trigger index rules out the same regexes 64 at a time as one
 *     by one, and its scan of the views' bit maps marks exactly the
 *     regexes a trigger of which (with its check leaf) the leaf sets
 *     hold, asked leaf by leaf (every matcher of every built-in pack
 *     over the corpus and a post of 3000 bytes);
 *   - a caseless pattern is not skipped for a text that spells its
 *     letters with U+017F or U+212A, which PCRE2 matches as 's' and 'k';
 *   - a regex run over only the stretches of a short post that can hold
 *     its match (cut at the barriers it cannot read) finds what one run
 *     over the whole post finds. */
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
#include "pack_int.h"
#include "support_corpus.h"
#include "termset.h"

static pc_status push(void *arg, size_t start, size_t end)
{
    return pc__spans_push(arg, start, end, PC_VIEW_FOLD);
}

static void assert_same_spans(const pc__spans *a, const pc__spans *b,
                              const char *what)
{
    if (a->n != b->n) {
        fail_msg("%s: %zu matches alone, %zu in one pass", what, a->n, b->n);
    }
    for (size_t i = 0; i < a->n; i++) {
        if (a->v[i].start != b->v[i].start || a->v[i].end != b->v[i].end) {
            fail_msg("%s: match %zu at %zu-%zu alone, %zu-%zu in one pass",
                     what, i, a->v[i].start, a->v[i].end, b->v[i].start,
                     b->v[i].end);
        }
    }
}

typedef struct sweep {
    pc_packset *set;
    long texts;
    long term_hits;
    long det_hits;
    long none[3];              /* regexes ruled out one by one, as a
                                  group, marked (check_none) */
} sweep;

/* Every term set of m: its own scan of t against seen's. */
static long check_terms(const pc__matcher *m, const pc_text *t,
                        const pc__seen *seen)
{
    long hits = 0;

    for (size_t i = 0; i < m->n_shared; i++) {
        hits += check_terms(m->shared[i], t, seen);
    }
    for (int v = 0; v < 2; v++) {
        pc__spans alone = {0};
        const pc__spans *got;
        size_t len;
        const char *s = pc_text_view(t, (pc_view)v, &len);
        if (!m->terms[v]) {
            continue;
        }
        got = pc__seen_terms(seen, m->terms[v]);
        assert_non_null(got);
        assert_int_equal(pc__termset_scan(m->terms[v], s, len, push, &alone),
                         PC_OK);
        assert_same_spans(&alone, got, s);
        hits += (long)alone.n;
        pc__spans_free(&alone);
    }
    return hits;
}

/* 1 if a trigger of rx (a regex with triggers) and its check leaf are
 * in the leaves of rx's view, asked one leaf at a time. */
static int trigger_in(const pc__regex *rx, const pc__seen *seen)
{
    const pc__leafset *g = &seen->leaves[rx->view];

    for (size_t i = 0; i < rx->q.n_trig; i++) {
        uint32_t check = rx->q.trig[2 * i + 1];
        if (pc__leafset_has(g, rx->q.trig[2 * i]) &&
            (!check || pc__leafset_has(g, check))) {
            return 1;
        }
    }
    return 0;
}

/* What the trigger index says of m's regexes (and its word lists'),
 * 64 at a time and one by one, must agree: a regex passed over as a
 * group is one its triggers rule out. And the scan's marks, read from
 * the views' bit maps a word at a time, must be what asking the leaf
 * set after each trigger gives. Counts in tally[0] those ruled out one
 * by one, in tally[1] those passed over as a group, in tally[2] the
 * regexes marked. */
static void check_none(const pc__matcher *m, const pc__seen *seen,
                       long tally[3])
{
    for (size_t i = 0; i < m->n_shared; i++) {
        check_none(m->shared[i], seen, tally);
    }
    for (size_t base = 0; base < m->n; base += 64) {
        size_t k = m->n - base < 64 ? m->n - base : 64;
        uint64_t none = pc__trigindex_none(seen->trig, seen->cand,
                                           &m->rx[base], k);
        for (size_t j = 0; j < k; j++) {
            int marked = pc__trigindex_marked(seen->trig, seen->cand,
                                              &m->rx[base + j]);
            int out = (int)((none >> j) & 1);
            if (out && marked != 0) {
                fail_msg("regex /%s/ passed over, its triggers say %d",
                         m->rx[base + j].src, marked);
            }
            if (marked >= 0 &&
                marked != trigger_in(&m->rx[base + j], seen)) {
                fail_msg("regex /%s/ marked %d, its triggers say %d",
                         m->rx[base + j].src, marked,
                         trigger_in(&m->rx[base + j], seen));
            }
            tally[0] += marked == 0;
            tally[1] += out;
            tally[2] += marked == 1;
        }
    }
}

static int same_hits(const pc_hits *a, const pc_hits *b)
{
    if (a->n != b->n) {
        return 0;
    }
    for (size_t i = 0; i < a->n; i++) {
        if (a->v[i].start != b->v[i].start || a->v[i].end != b->v[i].end ||
            strcmp(a->v[i].kind, b->v[i].kind) != 0) {
            return 0;
        }
    }
    return 1;
}

/* Every detector over t, without and with the trigrams of its view. */
static long check_detectors(const pc_detectors *d, const pc_text *t,
                            const pc__gramset *cased)
{
    const char *const *names = pc_detect_names();
    long hits = 0;

    for (size_t i = 0; names[i]; i++) {
        pc_hits plain = {0}, seen = {0};
        pc_status a = pc_detect_run_seen(d, names[i], t, 0, NULL, &plain);
        pc_status b = pc_detect_run_seen(d, names[i], t, 0, cased, &seen);
        if (a != b || !same_hits(&plain, &seen)) {
            size_t len;
            fail_msg("detector %s: %zu hits, %zu with trigrams, on: %s",
                     names[i], plain.n, seen.n,
                     pc_text_view(t, PC_VIEW_CASED, &len));
        }
        hits += (long)plain.n;
        pc_hits_free(&plain);
        pc_hits_free(&seen);
    }
    return hits;
}

static void sweep_one(sweep *sw, const char *text)
{
    pc_text *t = pc_text_new(text, strlen(text), NULL);
    const pc_detectors *det = NULL;

    if (!t) {
        return;
    }
    for (size_t k = 0; k < pc_packset_count(sw->set); k++) {
        const pc_pack *p = pc_packset_at(sw->set, k);
        pc__seen seen;
        assert_int_equal(pc__seen_fill(&seen, p->terms, t), PC_OK);
        sw->term_hits += check_terms(&p->mention, t, &seen);
        sw->term_hits += check_terms(&p->not_mention, t, &seen);
        for (size_t r = 0; r < p->n_rules; r++) {
            sw->term_hits += check_terms(&p->rules[r].match, t, &seen);
            sw->term_hits += check_terms(&p->rules[r].unless, t, &seen);
            sw->term_hits += check_terms(&p->rules[r].near, t, &seen);
            sw->term_hits += check_terms(&p->rules[r].required, t, &seen);
            check_none(&p->rules[r].match, &seen, sw->none);
            check_none(&p->rules[r].unless, &seen, sw->none);
            check_none(&p->rules[r].near, &seen, sw->none);
            check_none(&p->rules[r].required, &seen, sw->none);
        }
        check_none(&p->mention, &seen, sw->none);
        check_none(&p->not_mention, &seen, sw->none);
        if (!det) {
            det = p->detectors;
            sw->det_hits += check_detectors(det, t,
                                            &seen.grams[PC_VIEW_CASED]);
        }
        pc__seen_free(&seen);
    }
    sw->texts++;
    pc_text_free(t);
}

/* sweep_one for pc_test_corpus_each. */
static void sweep_post(void *ctx, const char *text, const char *path)
{
    (void)path;
    sweep_one(ctx, text);
}

static void test_sweep_corpus(void **state)
{
    static const char *const crafted[] = {
        "My first pet was called Rex and my mum's maiden name is Smith",
        "paſsword: hunter2 and pin 4321",
        "email jane.doe@example.org or ring 07700 900123",
        "NI number QQ 12 34 56 C, card 4111 1111 1111 1111",
    };
    sweep *sw = calloc(1, sizeof *sw);
    char *long_post = malloc(4096);
    size_t at = 0;

    (void)state;
    assert_non_null(sw);
    assert_non_null(long_post);
    sw->set = pc_packset_new(NULL);
    assert_int_equal(pc_packset_add_builtin(sw->set, NULL), PC_OK);
    assert_int_equal(pc_packset_warm(sw->set, NULL, NULL), PC_OK);
    for (size_t i = 0; i < sizeof crafted / sizeof *crafted; i++) {
        sweep_one(sw, crafted[i]);
    }
    /* A post of over 2048 bytes: its leaf sets have exact trigram sets
     * behind their bit maps, which the trigger index reads too. */
    for (int i = 0; at < 3000; i++) {
        at += (size_t)snprintf(long_post + at, 4096 - at, "Post %d: %s. ",
                               i * 37, crafted[i % 4]);
    }
    sweep_one(sw, long_post);
    free(long_post);
    pc_test_corpus_each(sweep_post, sw);
    fprintf(stderr, "seen sweep: %ld texts, %ld term matches, %ld detector "
                    "hits, all the same in one pass\n",
            sw->texts, sw->term_hits, sw->det_hits);
    fprintf(stderr, "trigger index: %ld regexes ruled out one by one, "
                    "%ld passed over 64 at a time, %ld marked as their "
                    "leaves say\n",
            sw->none[0], sw->none[1], sw->none[2]);
    /* Every word list and pattern list has its regexes' ids in a run. */
    assert_true(sw->none[0] > 10000);
    assert_int_equal(sw->none[1], sw->none[0]);
    assert_true(sw->none[2] > 1000);
    assert_true(sw->texts > 900);
    assert_true(sw->term_hits > 1000);
    assert_true(sw->det_hits > 200);
    pc_packset_free(sw->set);
    free(sw);
}

/* 1 if a (caseless) pattern's prefilter lets text through. */
static int passes(const char *pattern, const char *text)
{
    pc__prefilter pf;
    pc__gramset g;
    int ok;

    assert_int_equal(pc__prefilter_build(pattern, &pf), PC_OK);
    assert_int_equal(pc__gramset_fill(&g, text, strlen(text)), PC_OK);
    ok = pc__prefilter_pass(&pf, &g);
    pc__gramset_free(&g);
    pc__prefilter_free(&pf);
    return ok;
}

static void test_caseless_twins(void **state)
{
    pcre2_code *re;
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    int code;
    PCRE2_SIZE off;
    static const char *const texts[] = {
        "my pa\xc5\xbfsword", "\xe2\x84\xaa" "ey: abc", "PASSWORD",
        /* Other characters with the twins' lead bytes (an em dash, a
         * heart, a Polish l) before the twin. */
        "\xe2\x80\x94 \xc5\x82 my pa\xc5\xbfsword",
        "\xe2\x9d\xa4 \xe2\x84\xa2 \xe2\x84\xaa" "ey: abc",
    };

    (void)state;
    re = pcre2_compile((PCRE2_SPTR) "(?i)password|key:", PCRE2_ZERO_TERMINATED,
                       PCRE2_UTF | PCRE2_UCP, &code, &off, NULL);
    assert_non_null(re);
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        /* PCRE2 matches each; the filter must let each through. */
        assert_true(pcre2_match(re, (PCRE2_SPTR)texts[i], strlen(texts[i]),
                                0, 0, md, NULL) >= 0);
        assert_true(passes("(?i)password|key:", texts[i]));
    }
    assert_false(passes("(?i)password|key:", "my pin is 1234"));
    pcre2_code_free(re);
    pcre2_match_data_free(md);
}

/* pc__has_twins answers exactly: the twins' lead bytes also start
 * common characters (dashes, a heart, the trade mark sign U+2122 beside
 * the Kelvin sign U+212A), and a sequence cut short is none. */
static void test_twins_exact(void **state)
{
    static const struct {
        const char *s;
        int twins;
    } cases[] = {
        {"pa\xc5\xbfs", 1},
        {"\xe2\x84\xaa" "ey", 1},
        {"\xe2\x80\x94 \xe2\x9d\xa4 \xe2\x84\xa2 \xc5\x82 \xc5\xbf", 1},
        {"\xe2\x80\x94 \xe2\x9d\xa4 \xe2\x84\xa2 \xc5\x82", 0},
        {"plain ascii", 0},
        {"cut \xe2\x84", 0},
        {"cut \xc5", 0},
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_int_equal(pc__has_twins(cases[i].s, strlen(cases[i].s)),
                         cases[i].twins);
    }
    /* The bytes after len are not read as part of the text. */
    assert_int_equal(pc__has_twins("pa\xc5\xbfs", 3), 0);
}

/* The matches of pattern over text run whole (no seen) and run over
 * the stretches seen finds must be the same; returns how many, and in
 * *cut whether the stretches left some of the text out. */
static size_t same_in_stretches(const char *pattern, const char *text,
                                int *cut)
{
    pc__matcher m;
    pc__seen seen;
    pc__spans whole = {0}, parts = {0};
    pc_text *t = pc_text_new(text, strlen(text), NULL);
    uint64_t all, has;
    char what[160];
    size_t found;

    memset(&m, 0, sizeof m);
    assert_non_null(t);
    assert_int_equal(pc__matcher_add_regex(&m, pattern, PC_VIEW_FOLD, NULL),
                     PC_OK);
    assert_int_equal(pc__seen_fill(&seen, NULL, t), PC_OK);
    assert_int_equal(pc__matcher_run(&m, t, NULL, 0, &whole), PC_OK);
    assert_int_equal(pc__matcher_run(&m, t, &seen, 0, &parts), PC_OK);
    snprintf(what, sizeof what, "/%.60s/ over \"%.60s\"", pattern, text);
    assert_same_spans(&whole, &parts, what);
    has = pc__prefilter_stretches(&m.rx[0].pf, &seen.grams[PC_VIEW_FOLD],
                                  m.rx[0].barriers);
    all = seen.grams[PC_VIEW_FOLD].n_cuts >= 64
              ? ~(uint64_t)0
              : ((uint64_t)1 << seen.grams[PC_VIEW_FOLD].n_cuts) - 1;
    /* Cut only where some barrier holds for the pattern. */
    *cut = (m.rx[0].barriers & 0xFu) != 0 &&
           seen.grams[PC_VIEW_FOLD].in && (has & all) != all;
    found = whole.n;
    pc__spans_free(&whole);
    pc__spans_free(&parts);
    pc__seen_free(&seen);
    pc__matcher_free(&m);
    pc_text_free(t);
    return found;
}

static void test_short_post_stretches(void **state)
{
    static const struct {
        const char *pattern;
        const char *text;
        size_t matches;
        int cut;               /* the stretches leave text out */
    } cases[] = {
        /* \s reads '\n': a match across a line, whole sentences. */
        {"\\bviews\\s+are\\s+my\\s+own\\b",
         "Views are\nmy own. Not views! views are my own? Fine.", 2, 1},
        /* Cut at every barrier; a match at a stretch's very end. */
        {"\\bgreat\\s+day\\b",
         "A great day. Another great day! No. great day", 3, 1},
        /* A lookbehind reads before its stretch: never cut off. */
        {"(?<![.!?])\\bfoo\\w*", "bar.foo and x foot. .foobar foo", 2, 1},
        /* A match reaching back to its stretch's start. */
        {"[^.!?\\n]{0,6}abc", "xx. yyyyyyy abc. zz abc! q", 2, 1},
        /* Each set of trigrams met in one stretch, not the other. */
        {"\\bred\\b[^.!?\\n]*\\bblue\\b",
         "red is here. blue is there. red and blue. blue, red", 1, 1},
        /* '.' in the pattern, no other barrier in the text: one unit,
         * run whole. */
        {"\\w+\\.org\\b", "write to jane.doe@example.org. Thanks. x.org",
         2, 0},
        /* '.' in the pattern: cut at '!' and '?' only, a match across
         * the stretches a '.' cuts. */
        {"\\w+@\\w+\\.org\\b",
         "Hi! write to jane@example.org. Thanks? x.org and y@z.org", 2, 1},
        /* '!' in the pattern: cut at '\n', '.' and '?' only. */
        {"\\bb[*!]tch\\b", "What a b!tch. Fine! ok. b*tch? no", 2, 1},
        /* No match at all: nothing to run. */
        {"\\bpurple\\s+rain\\b", "Purple. Rain. purple sky! rain", 0, 1},
    };
    char many[1024];
    size_t n = 0;
    int cut;

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_int_equal(same_in_stretches(cases[i].pattern, cases[i].text,
                                           &cut),
                         cases[i].matches);
        assert_int_equal(cut, cases[i].cut);
    }
    /* 70 stretches: more than are noted; the regex runs whole. */
    for (int k = 0; k < 70; k++) {
        n += (size_t)snprintf(many + n, sizeof many - n, "%s. ",
                              k == 3 || k == 68 ? "great day" : "ok");
    }
    assert_int_equal(same_in_stretches("\\bgreat\\s+day\\b", many, &cut),
                     2);
    assert_int_equal(cut, 0);
    /* 60 stretches: noted, the last ones included. */
    n = 0;
    for (int k = 0; k < 60; k++) {
        n += (size_t)snprintf(many + n, sizeof many - n, "%s. ",
                              k == 3 || k == 59 ? "great day" : "ok");
    }
    assert_int_equal(same_in_stretches("\\bgreat\\s+day\\b", many, &cut),
                     2);
    assert_int_equal(cut, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_caseless_twins),
        cmocka_unit_test(test_twins_exact),
        cmocka_unit_test(test_short_post_stretches),
        cmocka_unit_test(test_sweep_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
