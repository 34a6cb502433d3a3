/* test_rules_cache.c: what a check computes once and shares only saves
 * time (rules_cache.c, rules_model.c). Every post of the labelled
 * corpus and every example of the built-in packs is checked against
 * every pack, from both kinds of account, with the check's cache on (a
 * detector named by two rules runs once; the three hostile detectors and
 * the models' hostile hits come from one scan) and off (each detector run
 * on its own every time it is asked for): the findings must be the same,
 * finding by finding. And the hostile detectors' shared scan gives each
 * detector exactly the hits of its own run, hit by hit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "postcheck/pack.h"
#include "postcheck/rules.h"
#include "postcheck/text.h"
#include "rules_int.h"
#include "support_check.h"
#include "support_corpus.h"

typedef struct run {
    pc_packset *set;
    pc_detectors *det;
    long checks;
    long findings;
    long hits;
} run;

/* Checks text with the cache on and off and fails on any difference. */
static void compare(run *r, const pc_pack *pack, const char *text,
                    pc_account acct)
{
    r->findings += (long)pc_test_check_both(pack, text, acct,
                                            pc__check_cache_enable, "cache");
    r->checks++;
}

/* The shared hostile scan against each hostile detector's own run. */
static void compare_hostile(run *r, const char *text)
{
    static const char *const names[3] = {"hostile", "hostile-person",
                                         "hostile-group"};
    pc_hits all[3] = {{0}}, *out[3] = {&all[0], &all[1], &all[2]};
    pc_error err;
    pc_text *t;

    pc_error_clear(&err);
    t = pc_text_new(text, strlen(text), &err);
    assert_non_null(t);
    assert_int_equal(pc_detect_hostile_kinds(r->det, t, out), PC_OK);
    for (size_t k = 0; k < 3; k++) {
        pc_hits own = {0};
        assert_int_equal(pc_detect_run(r->det, names[k], t, &own), PC_OK);
        if (own.n != all[k].n) {
            fail_msg("%s: %zu hits in the shared scan, %zu alone", names[k],
                     all[k].n, own.n);
        }
        for (size_t i = 0; i < own.n; i++) {
            const pc_hit *a = &all[k].v[i], *b = &own.v[i];
            assert_int_equal(a->start, b->start);
            assert_int_equal(a->end, b->end);
            assert_string_equal(a->kind, b->kind);
            assert_string_equal(a->label, b->label);
        }
        r->hits += (long)own.n;
        pc_hits_free(&own);
        pc_hits_free(&all[k]);
    }
    pc_text_free(t);
}

static void post_one(run *r, const char *text)
{
    for (size_t i = 0; i < pc_packset_count(r->set); i++) {
        compare(r, pc_packset_at(r->set, i), text, PC_ACCOUNT_PERSONAL);
        compare(r, pc_packset_at(r->set, i), text, PC_ACCOUNT_OFFICIAL);
    }
    compare_hostile(r, text);
}

static void text_post(void *ctx, const char *text, const char *path)
{
    (void)path;
    post_one(ctx, text);
}

static void test_same_findings(void **state)
{
    run r = {0};
    pc_error err;

    (void)state;
    pc_error_clear(&err);
    r.set = pc_packset_new(NULL);
    assert_non_null(r.set);
    assert_int_equal(pc_packset_add_builtin(r.set, NULL), PC_OK);
    assert_int_equal(pc_packset_warm(r.set, NULL, NULL), PC_OK);
    r.det = pc_detect_new(&err);
    assert_non_null(r.det);
    /* The blind batches (tests/corpus/heldout) are not read. */
    pc_test_corpus_each(text_post, &r);
    pc_test_pack_examples_each(text_post, &r);
    fprintf(stderr, "cache on and off: %ld checks, %ld findings, the same; "
                    "%ld hostile hits, the same shared and alone\n",
            r.checks, r.findings, r.hits);
    /* The sweep reached the rules the cache serves. */
    assert_true(r.checks > 10000);
    assert_true(r.findings > 1000);
    assert_true(r.hits > 100);
    pc_detect_free(r.det);
    pc_packset_free(r.set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_findings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
