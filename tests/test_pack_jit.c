/* test_pack_jit.c: the JIT on demand (pack.c's pc__pack_jit_step,
 * match.c's pc__matcher_warm). Between checks the host JIT-compiles only
 * the regexes a check has run: most of a pack's regexes are skipped on
 * most posts by the triggers their queries give, and their JIT code was
 * most of the host's memory; the detectors' patterns likewise.
 * pc_packset_warm still compiles every one (the CLI, the audit, a long
 * post). Findings are the same throughout. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "detect_int.h"
#include "pack_int.h"
#include "postcheck/rules.h"
#include "support_pack.h"

static const char text[] = "Great day at LLMAT! Call me on 07700 900123 "
                           "or mail jane.doe@example.org, SLT are a "
                           "shambles";

/* Counts the regexes of m (and its word lists) and those with JIT code. */
static void count_matcher(const pc__matcher *m, size_t *all, size_t *jit)
{
    for (size_t i = 0; i < m->n; i++) {
        size_t size = 0;
        pcre2_pattern_info(m->rx[i].code, PCRE2_INFO_JITSIZE, &size);
        (*all)++;
        /* One taken apart has its parts' JIT code instead. */
        *jit += size > 0 || m->rx[i].split;
    }
    for (size_t i = 0; i < m->n_shared; i++) {
        count_matcher(m->shared[i], all, jit);
    }
}

/* How many of p's regexes have JIT code; *all gets how many it has. */
static size_t jitted(const pc_pack *p, size_t *all)
{
    size_t jit = 0;

    *all = 0;
    count_matcher(&p->mention, all, &jit);
    count_matcher(&p->not_mention, all, &jit);
    count_matcher(&p->logo_words, all, &jit);
    for (size_t i = 0; i < p->n_rules; i++) {
        count_matcher(&p->rules[i].match, all, &jit);
        count_matcher(&p->rules[i].unless, all, &jit);
        count_matcher(&p->rules[i].near, all, &jit);
        count_matcher(&p->rules[i].required, all, &jit);
    }
    return jit;
}

/* How many of the detectors' patterns have JIT code. */
static size_t detectors_jitted(const pc_pack *p)
{
    size_t jit = 0;

    for (int i = 0; i < PC__P_COUNT; i++) {
        size_t size = 0;
        pcre2_pattern_info(p->detectors->re[i], PCRE2_INFO_JITSIZE, &size);
        jit += size > 0;
    }
    return jit;
}

static void check(const pc_pack *p, pc_findings *out)
{
    pc_post post;
    pc_error err;

    memset(&post, 0, sizeof post);
    post.text = text;
    post.text_len = sizeof text - 1;
    post.account = PC_ACCOUNT_PERSONAL;
    pc_error_clear(&err);
    assert_int_equal(pc_check(p, &post, out, NULL, &err), PC_OK);
}

static void same(const pc_findings *a, const pc_findings *b)
{
    assert_int_equal(a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        assert_string_equal(a->v[i].rule, b->v[i].rule);
        assert_int_equal(a->v[i].start, b->v[i].start);
        assert_int_equal(a->v[i].end, b->v[i].end);
    }
}

static void warm_until_done(pc_packset *s)
{
    pc_error err;
    int steps = 0;

    pc_error_clear(&err);
    while (pc_packset_warm_step(s, "llmat", &err)) {
        assert_true(++steps < 10000);
    }
    assert_int_equal(err.code, PC_OK);
}

static void only_what_checks_ran_is_compiled(void **state)
{
    pc_error err;
    pc_packset *s;
    const pc_pack *p;
    pc_findings first = {0}, second = {0}, third = {0};
    size_t all, after_check;

    (void)state;
    pc_error_clear(&err);
    s = pc_test_builtin_ready("llmat", &p);

    /* Idle before any check: the pack is ready, no regex compiled. */
    warm_until_done(s);
    assert_int_equal(jitted(p, &all), 0);
    assert_true(all > 100);
    assert_int_equal(detectors_jitted(p), 0);
    assert_false(pc_packset_warm_wanted(s));

    /* A check runs some regexes interpreted; the next idle moment
     * compiles those, and only a few of the pack's. */
    check(p, &first);
    assert_true(first.n >= 1);
    assert_true(pc_packset_warm_wanted(s));
    warm_until_done(s);
    assert_false(pc_packset_warm_wanted(s));
    after_check = jitted(p, &all);
    assert_true(after_check > 0);
    assert_true(after_check < all / 4);
    /* The detectors' patterns too: those the post's phone number and
     * address let through, not all. */
    assert_true(detectors_jitted(p) > 0);
    assert_true(detectors_jitted(p) < PC__P_COUNT);

    /* The same post again runs nothing new. */
    check(p, &second);
    same(&first, &second);
    assert_false(pc_packset_warm_wanted(s));
    assert_int_equal(jitted(p, &all), after_check);

    /* pc_packset_warm compiles every regex. */
    assert_int_equal(pc_packset_warm(s, "llmat", &err), PC_OK);
    assert_int_equal(jitted(p, &all), all);
    assert_int_equal(detectors_jitted(p), PC__P_COUNT);
    assert_int_equal(pc_packset_warm_step(s, "llmat", &err), 0);
    check(p, &third);
    same(&first, &third);

    pc_findings_free(&first);
    pc_findings_free(&second);
    pc_findings_free(&third);
    pc_packset_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(only_what_checks_ran_is_compiled),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
