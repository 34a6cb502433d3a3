/* test_rules_fair.c: a `model` rule's model of fair criticism
 * (`fair_model`, `fair_ratio`; rules_model.c): the rule stays quiet on a
 * sentence, or a post as a whole, that its own model scores under
 * fair_ratio times the fair model's score, so a disparaging rule leaves
 * a plain objection to one decision (which ALT's and ALA's policies
 * allow) to pass, and keeps every other
 * finding it makes without the key; a pack naming one half of the pair,
 * an unknown model or a ratio outside (0, 1] is refused. The posts are
 * plain cases the models must get right whatever they are retrained on:
 * objections to one decision with reasons and a request, which the
 * criticism model (taught put-downs and fair criticism alike) scores
 * above the disparaging model (taught fair criticism as no put-down).
 *
 * And a `model` rule's floor on the whole post (`post_floor`): the rule
 * stays quiet on a post whose whole its model scores under the floor,
 * a warm post with one mild swipe, and keeps a one-sentence post's
 * finding (its whole is the sentence) and every finding it keeps as it
 * was; a floor at 0, at the threshold or over, or not a number is
 * refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "postcheck/pack.h"
#include "postcheck/rules.h"
#include "support_check.h"
#include "support_pack.h"

/* A disparaging model rule at threshold thr with extra keys. */
#define RULE(id, thr, extra)                                             \
    "{\"id\":\"" id "\",\"kind\":\"model\",\"category\":\"disparaging\"," \
    "\"severity\":\"warning\",\"applies_to\":[\"official\"],"           \
    "\"clause\":\"c\",\"quote\":\"q\",\"message\":\"d {match}\","       \
    "\"model\":\"disparaging\",\"threshold\":" thr extra ","            \
    "\"examples\":{\"flag\":[],\"pass\":[]}}"
/* Pack id of one such rule at 0.35 with extra keys, for the loader to
 * refuse. */
#define REFUSED(id, extra) PC_TEST_PACK_JSON(id, RULE(id ".x", "0.35", extra))

/* The same rule without and with the model of fair criticism (in two
 * packs: a check merges one category's findings of one span), at a
 * threshold low enough that the objections below reach it. */
static const char plain_json[] =
    PC_TEST_PACK_JSON("md", RULE("md.d", "0.05", ""));
static const char fair_json[] = PC_TEST_PACK_JSON("mf",
    RULE("mf.d", "0.05", ",\"fair_model\":\"criticism\",\"fair_ratio\":1"));

/* The same rule at a lower threshold, without and with a floor just
 * under it. */
static const char low_json[] =
    PC_TEST_PACK_JSON("ml", RULE("ml.d", "0.15", ""));
static const char floor_json[] = PC_TEST_PACK_JSON("mp",
    RULE("mp.d", "0.15", ",\"post_floor\":0.14"));

/* Warm posts with one mild swipe at something of the organisation's: the
 * swipe alone reaches the low threshold, the post as a whole reads as
 * thanks. */
static const char *const warm_posts[] = {
    "Huge thanks to the kitchen team for the lunches all week. The website "
    "is a joke. Lovely to see so many members at the welcome evening, and "
    "congratulations to this year's prize winners.",
    "Thanks so much to everyone who came to the spring walk, the weather "
    "was kind and the bluebells were stunning. The newsletter is a joke. "
    "Lovely to see so many families, and congratulations to the photo "
    "competition winners.",
};

static const char *const objections[] = {
    "I'm disappointed the board has cut the travel bursary for early-career "
    "members. It was the only way many of us could attend. Please "
    "reconsider.",
    "The committee's decision to move the annual dinner to a Monday was a "
    "mistake: most of our members teach on Monday evenings.",
    "Could the trustees look again at closing the library on Saturdays? It "
    "is the only day many members can visit.",
};

/* Objections whose first sentence, alone, the disparaging model scores
 * above the criticism model, but whose whole post (the decision, its
 * reasons, a request) reads as fair criticism: the whole post is read
 * too (session 26). */
static const char *const sharp_objections[] = {
    "The trustees seem to have forgotten who the library is for. Closing "
    "it on Saturdays shuts out everyone who works in the week. Please "
    "review the decision.",
    "The board has made a mess of the bursary. Cutting it shuts out "
    "early-career members who cannot pay their own way. Please "
    "reconsider.",
};

static const char *const put_downs[] = {
    "The annual conference is a tired talking shop that achieves nothing",
    "Honestly the association is a glorified dinner club run by vendors and "
    "a waste of our money.",
    "The board has no idea what it is doing and members pay for it",
};

static const pc_pack *g_plain, *g_fair, *g_low, *g_floor;
static pc_packset *g_plain_set, *g_low_set, *g_floor_set;

static int setup(void **state)
{
    pc_packset *set = NULL;

    g_plain = pc_test_pack_json(&g_plain_set, plain_json,
                                sizeof plain_json - 1, "md", "md");
    g_low = pc_test_pack_json(&g_low_set, low_json, sizeof low_json - 1,
                              "ml", "ml");
    g_floor = pc_test_pack_json(&g_floor_set, floor_json,
                                sizeof floor_json - 1, "mp", "mp");
    g_fair = pc_test_pack_json(&set, fair_json, sizeof fair_json - 1, "mf",
                               "mf");
    *state = set;
    return g_plain && g_fair && g_low && g_floor ? 0 : -1;
}

static int teardown(void **state)
{
    pc_packset_free(g_plain_set);
    pc_packset_free(g_low_set);
    pc_packset_free(g_floor_set);
    return pc_test_pack_teardown(state);
}

/* The findings of text from an official account by the rule without
 * (fair 0) or with (1) the model of fair criticism; the first into
 * *first when first is not NULL. */
static size_t check(const char *text, int fair, pc_finding *first)
{
    return pc_test_check(fair ? g_fair : g_plain, text, PC_ACCOUNT_OFFICIAL,
                         NULL, first, NULL, first ? 1 : 0);
}

static void an_objection_to_one_decision_passes(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof objections / sizeof *objections; i++) {
        assert_int_equal(check(objections[i], 0, NULL), 1);
        assert_int_equal(check(objections[i], 1, NULL), 0);
    }
}

static void a_sharp_sentence_in_a_fair_objection_passes(void **state)
{
    (void)state;
    for (size_t i = 0;
         i < sizeof sharp_objections / sizeof *sharp_objections; i++) {
        assert_int_equal(check(sharp_objections[i], 0, NULL), 1);
        assert_int_equal(check(sharp_objections[i], 1, NULL), 0);
    }
}

/* The model of fair criticism only ever takes a finding away, and a
 * finding it keeps quotes what the rule without it quotes. */
static void every_other_finding_is_kept(void **state)
{
    size_t kept = 0;

    (void)state;
    for (size_t i = 0; i < sizeof put_downs / sizeof *put_downs; i++) {
        pc_finding d, f;
        size_t nf = check(put_downs[i], 1, &f);
        assert_int_equal(check(put_downs[i], 0, &d), 1);
        if (nf) {
            assert_int_equal(f.start, d.start);
            assert_int_equal(f.end, d.end);
            kept++;
        }
    }
    for (size_t i = 0; i < sizeof objections / sizeof *objections; i++) {
        assert_true(check(objections[i], 1, NULL) <=
                    check(objections[i], 0, NULL));
    }
    assert_true(kept > 0);
}

/* The findings of text from an official account by the low rule without
 * (floor 0) or with (1) the floor; the first into *first when not NULL. */
static size_t check_floor(const char *text, int floor, pc_finding *first)
{
    return pc_test_check(floor ? g_floor : g_low, text, PC_ACCOUNT_OFFICIAL,
                         NULL, first, NULL, first ? 1 : 0);
}

static void a_warm_post_with_one_swipe_passes_the_floor(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof warm_posts / sizeof *warm_posts; i++) {
        assert_int_equal(check_floor(warm_posts[i], 0, NULL), 1);
        assert_int_equal(check_floor(warm_posts[i], 1, NULL), 0);
    }
}

/* A one-sentence post is its own whole: a floor under the threshold
 * keeps its finding. Every finding the floor keeps quotes what the rule
 * without it quotes. */
static void the_floor_keeps_every_other_finding(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof put_downs / sizeof *put_downs; i++) {
        pc_finding d, f;
        assert_int_equal(check_floor(put_downs[i], 0, &d), 1);
        assert_int_equal(check_floor(put_downs[i], 1, &f), 1);
        assert_int_equal(f.start, d.start);
        assert_int_equal(f.end, d.end);
    }
    for (size_t i = 0; i < sizeof sharp_objections / sizeof *sharp_objections;
         i++) {
        assert_true(check_floor(sharp_objections[i], 1, NULL) <=
                    check_floor(sharp_objections[i], 0, NULL));
    }
}

static void a_bad_floor_is_refused(void **state)
{
    static const char *const bad[] = {
        REFUSED("mp", ",\"post_floor\":0"),
        REFUSED("mp", ",\"post_floor\":0.35"),
        REFUSED("mp", ",\"post_floor\":0.5"),
        REFUSED("mp", ",\"post_floor\":\"low\""),
    };
    pc_error err;

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        pc_error_clear(&err);
        assert_int_equal(pc_test_pack_load(bad[i], &err), PC_ERR_PACK);
        assert_non_null(strstr(err.text, "post_floor"));
    }
    pc_error_clear(&err);
    assert_int_equal(pc_test_pack_load(floor_json, &err), PC_OK);
}

static void a_half_pair_or_a_bad_value_is_refused(void **state)
{
    static const char *const bad[] = {
        REFUSED("mf", ",\"fair_model\":\"criticism\""),
        REFUSED("mf", ",\"fair_ratio\":0.5"),
        REFUSED("mf", ",\"fair_model\":\"nope\",\"fair_ratio\":0.5"),
        REFUSED("mf", ",\"fair_model\":\"criticism\",\"fair_ratio\":0"),
        REFUSED("mf", ",\"fair_model\":\"criticism\",\"fair_ratio\":1.5"),
        REFUSED("mf", ",\"fair_model\":\"criticism\",\"fair_ratio\":\"half\""),
    };
    pc_error err;

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        pc_error_clear(&err);
        assert_int_equal(pc_test_pack_load(bad[i], &err), PC_ERR_PACK);
        assert_non_null(strstr(err.text, "fair_"));
    }
    pc_error_clear(&err);
    assert_int_equal(pc_test_pack_load(fair_json, &err), PC_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_objection_to_one_decision_passes),
        cmocka_unit_test(a_sharp_sentence_in_a_fair_objection_passes),
        cmocka_unit_test(every_other_finding_is_kept),
        cmocka_unit_test(a_half_pair_or_a_bad_value_is_refused),
        cmocka_unit_test(a_warm_post_with_one_swipe_passes_the_floor),
        cmocka_unit_test(the_floor_keeps_every_other_finding),
        cmocka_unit_test(a_bad_floor_is_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
