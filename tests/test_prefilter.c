/* test_prefilter.c: the regex prefilter may let a text through, but must
 * never skip a regex that matches. The trigram sets chosen patterns get
 * (which texts each filter lets through: test_prefilter_query.c), and a
 * sweep of every regex of every built-in pack against every example post
 * of the packs and every post of the labelled corpus. */
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
#include "prefilter.h"
#include "support_corpus.h"

static size_t grams(const char *pattern)
{
    pc__prefilter pf;
    size_t n;

    assert_int_equal(pc__prefilter_build(pattern, &pf), PC_OK);
    n = pf.n;
    pc__prefilter_free(&pf);
    return n;
}

static void test_unconstrained(void **state)
{
    (void)state;
    /* Nothing every match must contain: always run. */
    assert_int_equal(grams("ab"), 0);
    assert_int_equal(grams("(?:foo|ba)"), 0);
    assert_int_equal(grams("abc|"), 0);
    assert_int_equal(grams("(?:abc)?x"), 0);
    assert_int_equal(grams("(?=abc)"), 0);
    assert_int_equal(grams("\\d{3}-\\d{4}"), 0);
    assert_int_equal(grams("(abc)\\1"), 0);
    assert_int_equal(grams("(?x) a b c"), 0);
    assert_int_equal(grams("(?(1)abc|def)"), 0);
    assert_int_equal(grams("\\Qabc\\E"), 0);
    assert_int_equal(grams("abc("), 0);
    assert_int_equal(grams("\xc3\xa9t\xc3\xa9"), 0);
    /* Constrained ones. */
    assert_int_equal(grams("(?:foo|bar)x"), 2);
    assert_int_equal(grams("x(?:foo|bar)+"), 2);
    assert_int_equal(grams("\\bfoo(?:bar|baz)?"), 1);
    /* Prefix trees: a branch reads on from the literal before its group. */
    assert_int_equal(grams("(?:a(?:rsehole|sshole)|k(?:ys|nob))"), 4);
    /* ...but not into a lookaround, which reads no text. */
    assert_int_equal(grams("ab(?=cd)"), 0);
}

/* Every regex of m against one text: a match the filter would skip is a
 * failure. Returns the number of regexes that matched. */
static int sweep_text(const pc__matcher *m, const pc_text *t,
                      const pc__gramset *g, const char *what)
{
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    int hits = 0;

    for (size_t i = 0; i < m->n_shared; i++) {
        hits += sweep_text(m->shared[i], t, g, what);
    }

    for (size_t i = 0; i < m->n; i++) {
        size_t len;
        const char *s = pc_text_view(t, m->rx[i].view, &len);
        int rc = pcre2_match(m->rx[i].code, (PCRE2_SPTR)s, len, 0, 0, md,
                             NULL);
        if (rc >= 0) {
            hits++;
            if (!pc__prefilter_pass(&m->rx[i].pf, &g[m->rx[i].view])) {
                fail_msg("prefilter skipped /%s/ which matches %s",
                         m->rx[i].src, what);
            }
            if (!pc__query_pass(&m->rx[i].q, g[m->rx[i].view].leaves)) {
                fail_msg("query skipped /%s/ which matches %s",
                         m->rx[i].src, what);
            }
        }
    }
    pcre2_match_data_free(md);
    return hits;
}

static int sweep_pack(pc_pack *p, const pc_text *t, const pc__gramset *g,
                      const char *what)
{
    int hits = sweep_text(&p->mention, t, g, what);

    for (size_t r = 0; r < p->n_rules; r++) {
        hits += sweep_text(&p->rules[r].match, t, g, what);
        hits += sweep_text(&p->rules[r].unless, t, g, what);
        hits += sweep_text(&p->rules[r].near, t, g, what);
        hits += sweep_text(&p->rules[r].required, t, g, what);
    }
    return hits;
}

/* Every detector pattern against one text's case-kept view: a match the
 * filters would skip is a failure. Returns the number that matched. */
static int sweep_detectors(const pc_detectors *d, const pc_text *t,
                           const pc__gramset *g, const char *what)
{
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    size_t len;
    const char *s = pc_text_view(t, PC_VIEW_CASED, &len);
    int hits = 0;

    for (int i = 0; i < PC__P_COUNT; i++) {
        if (pcre2_match(d->re[i], (PCRE2_SPTR)s, len, 0, 0, md, NULL) < 0) {
            continue;
        }
        hits++;
        if (!pc__prefilter_pass(&d->pf[i], g) ||
            !pc__query_pass(&d->q[i], g->leaves)) {
            fail_msg("a filter skipped detector pattern %d which matches "
                     "%s", i, what);
        }
    }
    pcre2_match_data_free(md);
    return hits;
}

typedef struct sweep {
    pc_detectors *det;
    pc_packset *set;
    pc__gramset g[2];
    pc__leafset l[2];
    long texts;
    long hits;
} sweep;

static void sweep_one(sweep *sw, const char *text, const char *what)
{
    pc_text *t = pc_text_new(text, strlen(text), NULL);

    if (!t) {
        return;
    }
    for (int v = 0; v < 2; v++) {
        size_t len;
        const char *s = pc_text_view(t, (pc_view)v, &len);
        assert_int_equal(pc__gramset_fill(&sw->g[v], s, len), PC_OK);
        assert_int_equal(pc__leafset_fill(&sw->l[v], s, len), PC_OK);
        sw->g[v].leaves = &sw->l[v];
    }
    for (size_t k = 0; k < pc_packset_count(sw->set); k++) {
        sw->hits += sweep_pack((pc_pack *)pc_packset_at(sw->set, k), t, sw->g,
                               what);
    }
    sw->hits += sweep_detectors(sw->det, t, &sw->g[PC_VIEW_CASED], what);
    sw->texts++;
    pc__gramset_free(&sw->g[0]);
    pc__gramset_free(&sw->g[1]);
    pc__leafset_free(&sw->l[0]);
    pc__leafset_free(&sw->l[1]);
    pc_text_free(t);
}

/* Every "text" string anywhere in the JSON value j. */
static void sweep_json(sweep *sw, json_t *j, const char *what)
{
    const char *key;
    json_t *v;
    size_t i;

    if (json_is_string(j)) {
        sweep_one(sw, json_string_value(j), what);
    } else if (json_is_array(j)) {
        json_array_foreach(j, i, v) {
            sweep_json(sw, v, what);
        }
    } else if (json_is_object(j)) {
        json_object_foreach(j, key, v) {
            if (strcmp(key, "text") == 0 || strcmp(key, "examples") == 0 ||
                strcmp(key, "flag") == 0 || strcmp(key, "pass") == 0 ||
                strcmp(key, "rules") == 0 || json_is_array(v)) {
                sweep_json(sw, v, what);
            }
        }
    }
}

/* Every example text of the pack file at path (a missing file is passed
 * over). */
static void sweep_pack_file(sweep *sw, const char *path)
{
    FILE *f = fopen(path, "r");
    json_t *j;

    if (!f) {
        return;
    }
    j = json_loadf(f, 0, NULL);
    sweep_json(sw, json_object_get(j, "rules"), path);
    json_decref(j);
    fclose(f);
}

/* sweep_one for pc_test_corpus_each. */
static void sweep_post(void *ctx, const char *text, const char *path)
{
    sweep_one(ctx, text, path);
}

/* How many regexes of m (its lists' too) have a query. */
static size_t with_query(const pc__matcher *m)
{
    size_t n = 0;

    for (size_t i = 0; i < m->n_shared; i++) {
        n += with_query(m->shared[i]);
    }
    for (size_t i = 0; i < m->n; i++) {
        n += m->rx[i].q.n > 0;
    }
    return n;
}

static void test_sweep_builtin(void **state)
{
    static const char *const packs[] = {"alt", "ala", "society", "llmat",
                                        "learning-alliance"};
    sweep *sw = calloc(1, sizeof *sw);
    char path[512];

    (void)state;
    assert_non_null(sw);
    sw->det = pc_detect_new(NULL);
    assert_non_null(sw->det);
    sw->set = pc_packset_new(NULL);
    assert_int_equal(pc_packset_add_builtin(sw->set, NULL), PC_OK);
    assert_int_equal(pc_packset_warm(sw->set, NULL, NULL), PC_OK);
    for (size_t i = 0; i < sizeof packs / sizeof *packs; i++) {
        snprintf(path, sizeof path, "%s/host/policies/%s.json",
                 PC_SOURCE_DIR, packs[i]);
        sweep_pack_file(sw, path);
    }
    pc_test_corpus_each(sweep_post, sw);
    /* The warm-up derived the queries the sweep tested. */
    for (size_t k = 0; k < pc_packset_count(sw->set); k++) {
        const pc_pack *p = pc_packset_at(sw->set, k);
        size_t q = 0;
        for (size_t r = 0; r < p->n_rules; r++) {
            q += with_query(&p->rules[r].match);
        }
        assert_true(q > 20);
    }
    fprintf(stderr, "prefilter sweep: %ld texts, %ld regex matches, none "
                    "skipped\n", sw->texts, sw->hits);
    assert_true(sw->texts > 1000);
    assert_true(sw->hits > 500);
    pc_packset_free(sw->set);
    pc_detect_free(sw->det);
    free(sw);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unconstrained),
        cmocka_unit_test(test_sweep_builtin),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
