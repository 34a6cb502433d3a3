/* test_pack_unless.c: `unless` on detector rules (FORMAT.md, "detector"):
 * a detector's hit that lies inside a match of the rule's `unless` is
 * dropped, exactly as a pattern rule's match is; a hit outside every
 * `unless` match, in another sentence of the same post, stays; the
 * matcher-object form works too; a bad `unless` (a regex that does not
 * compile, a word list that does not exist) is refused with its place,
 * and `policy lint` runs the fixture's examples. Uses
 * tests/cases/unless/acme.json, whose `-always` rules are the same
 * detectors without `unless`, so each quiet case is shown to be one the
 * detector does flag. */
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
#include "support.h"
#include "support_check.h"
#include "support_pack.h"

static const pc_pack *acme;

static int setup(void **state)
{
    return pc_test_pack_setup(state, &acme,
                              pc_test_case_path("unless/acme.json"), NULL, 0,
                              "acme-unless");
}

/* How many findings rule (a name after "acme-unless."; NULL: any rule)
 * makes on text from an official account, as users see them (a finding
 * of an earlier rule of the category on the same words stands for both);
 * *first, when not NULL, gets the first one. */
static size_t count(const char *text, const char *rule, pc_finding *first)
{
    char id[64];
    pc_finding f[4];
    size_t n;

    if (rule) {
        snprintf(id, sizeof id, "acme-unless.%s", rule);
    }
    n = pc_test_check(acme, text, PC_ACCOUNT_OFFICIAL, rule ? id : NULL, f,
                      NULL, 4);
    if (first && n > 0) {
        *first = f[0];
    }
    return n;
}

static void test_hit_inside_unless_dropped(void **state)
{
    static const char *const posts[] = {
        "Shame on our deputy head for cancelling the trip",
        "Shame on you for forgetting the cake",
        "Honestly, shame on our deputy head for cancelling the trip!",
    };

    (void)state;
    for (size_t i = 0; i < sizeof posts / sizeof *posts; i++) {
        assert_int_equal(count(posts[i], "put-down-always", NULL), 1);
        assert_int_equal(count(posts[i], "put-down", NULL), 0);
    }
}

static void test_hit_outside_unless_kept(void **state)
{
    const char *two = "You are a useless idiot. Shame on our deputy head "
                      "for cancelling the trip";
    pc_finding f;

    (void)state;
    /* The unless match covers the second sentence's hit, not the first:
     * put-down flags the first (put-down-always's finding there merged
     * into it), put-down-always alone the second. */
    assert_int_equal(count(two, NULL, NULL), 2);
    assert_int_equal(count(two, "put-down", &f), 1);
    assert_int_equal(f.start, 0);
    assert_int_equal(count(two, "put-down-always", &f), 1);
    assert_int_equal(f.start, 25);
    /* No unless match at all: the rule flags as the detector does. */
    assert_int_equal(count("Shame on you", "put-down", NULL), 1);
    /* The unless pattern stops at a full stop: "For cancelling" in the
     * next sentence does not clear the put-down. */
    assert_int_equal(count("Shame on our deputy head. For cancelling the "
                           "trip.", "put-down", NULL), 1);
}

static void test_same_as_pattern_rule(void **state)
{
    static const pc_test_want cases[] = {
        {"Shame on our deputy head for cancelling the trip", 0},
        {"Shame on you", 1},
        {"Shame on our deputy head. For cancelling the trip.", 1},
    };

    (void)state;
    /* The pattern rule has the same `unless`: the two kinds agree. */
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_int_equal(count(cases[i].text, "pattern", NULL), cases[i].want);
        assert_int_equal(count(cases[i].text, "put-down", NULL), cases[i].want);
    }
}

static void test_matcher_object(void **state)
{
    (void)state;
    assert_int_equal(count("Shame on the board", "group-put-down-always",
                           NULL), 1);
    assert_int_equal(count("Shame on the board", "group-put-down", NULL), 0);
    assert_int_equal(count("The board are useless", "group-put-down", NULL),
                     1);
}

/* A one-rule detector pack whose last key is last. */
#define DETECTOR_PACK(last)                                                  \
    "{\"format\": 1, \"id\": \"d\", \"name\": \"D\", \"version\": \"1\",\n"  \
    "\"organisation\": {\"name\": \"D\", \"names\": [\"D\"]},\n"             \
    "\"source\": {\"title\": \"t\"},\n"                                      \
    "\"rules\": [{\"id\": \"d.r\", \"kind\": \"detector\",\n"                \
    "\"category\": \"harassment\", \"severity\": \"warning\",\n"             \
    "\"applies_to\": [\"official\"], \"clause\": \"1\", \"quote\": \"q\",\n" \
    "\"message\": \"m\", \"detectors\": [\"hostile\"],\n"                    \
    "\"examples\": {\"flag\": [], \"pass\": []},\n" last "}]}\n"

static void test_bad_unless_refused(void **state)
{
    pc_error err;

    (void)state;
    pc_error_clear(&err);
    assert_int_equal(pc_test_pack_load(DETECTOR_PACK("\"unless\": [\"a(b\"]"),
                                       &err),
                     PC_ERR_PATTERN);
    assert_string_equal(err.source, "a(b");
    assert_int_equal(err.line, 9);
    assert_non_null(strstr(err.text, "rules[0].unless[0]"));
    pc_error_clear(&err);
    assert_int_equal(pc_test_pack_load(DETECTOR_PACK("\"unless\": [1]"),
                                       &err),
                     PC_ERR_PACK);
    assert_non_null(strstr(err.text, "rules[0].unless[0]"));
    pc_error_clear(&err);
    assert_int_equal(pc_test_pack_load(DETECTOR_PACK("\"unless\": "
                                                     "{\"window\": 3}"),
                                       &err),
                     PC_ERR_PACK);
    assert_non_null(strstr(err.text, "unknown key"));
    pc_error_clear(&err);
    assert_int_equal(pc_test_pack_load(DETECTOR_PACK("\"unless\": [\"x\"]"),
                                       &err),
                     PC_OK);
    /* A named list of `unless` regexes (the packs' shared ones) must exist:
     * a misspelt name is refused with its place, not read as no list. */
    pc_error_clear(&err);
    assert_int_equal(pc_test_pack_load(DETECTOR_PACK("\"unless\": "
                                                     "{\"lists\": "
                                                     "[\"hostile-unles\"]}"),
                                       &err),
                     PC_ERR_PACK);
    assert_non_null(strstr(err.text, "rules[0].unless.lists[0]"));
    assert_non_null(strstr(err.text, "unknown word list 'hostile-unles'"));
    pc_error_clear(&err);
    assert_int_equal(pc_test_pack_load(DETECTOR_PACK("\"unless\": "
                                                     "{\"lists\": "
                                                     "[\"hostile-unless\"]}"),
                                       &err),
                     PC_OK);
}

static void test_lint_runs_examples(void **state)
{
    const char *args[] = {"policy", "lint",
                          pc_test_case_path("unless/acme.json"), NULL};
    pc_run r;

    (void)state;
    assert_int_equal(pc_test_run(args, NULL, 0, &r), 0);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "30 examples pass"));
    pc_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hit_inside_unless_dropped),
        cmocka_unit_test(test_hit_outside_unless_kept),
        cmocka_unit_test(test_same_as_pattern_rule),
        cmocka_unit_test(test_matcher_object),
        cmocka_unit_test(test_bad_unless_refused),
        cmocka_unit_test(test_lint_runs_examples),
    };
    return cmocka_run_group_tests(tests, setup, pc_test_pack_teardown);
}
