/* test_rules_aim.c: the harassment model's rule makes no finding on a
 * sentence aimed at the organisation or its body and at no person and no
 * protected group, in a pack with a rule on running the organisation
 * down (rules_model.c, rules_aim.c): "The board should be sacked" is a
 * put-down of the organisation, which that rule judges on its own. A
 * sentence about a person (a name, a role of one person, "you"), a
 * protected group, or a body and a person together keeps the finding, as
 * does every sentence in a pack without such a rule. Each sentence is
 * read on its own: a post that runs the board down in one sentence and
 * insults a named colleague in the next keeps both findings. The posts
 * are ones the harassment model scores far over the threshold whatever
 * it is retrained on (insults, "should be sacked").
 *
 * A put-down rule's hit aimed at a person (rules_putdown.c's
 * pc__rule_aim_putdowns, after a pack's rules): a pattern or detector
 * rule's disparaging finding on a sentence holding an insult said of one
 * person is dropped where a harassment finding stands on that sentence
 * ("Mrs Hill is a clueless idiot": bullying, not running the organisation
 * down), a body named there too or not ("Our bursar is a useless moron and
 * the governors never check him": the post is judged by its worst line).
 * A put-down of the organisation or its body, of a person or a body by
 * description (no insult said of one), with no harassment finding, or in
 * another sentence than the insult keeps it. So is a hit on a sentence
 * aimed at a protected group (derogation by age, race, pregnancy, ...),
 * a body there or not, where a harassment finding stands on it: the
 * labelling decisions give such derogation to harassment whoever it is
 * aimed at, the board included; with no harassment finding on that
 * sentence, or the group in another sentence, the hit stays. Its pack's harassment
 * is a pattern rule, so what stands on each sentence does not hang on
 * the models; its model rule (a threshold no post reaches) only has the
 * post judged, as a real pack's model rules do. */
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

/* A harassment and a disparaging model rule, as ALT's and ALA's packs. */
static const char both_json[] = PC_TEST_PACK_JSON(
    "am", PC_TEST_MODEL_RULE("am.h", "harassment", "harassment", "0.3") ","
          PC_TEST_MODEL_RULE("am.d", "disparaging", "disparaging", "0.35"));
/* A harassment model rule alone, as the Society's pack. */
static const char alone_json[] = PC_TEST_PACK_JSON(
    "al", PC_TEST_MODEL_RULE("al.h", "harassment", "harassment", "0.3"));

/* Put-downs of a body: no person, no protected group in them. */
static const char *const at_body[] = {
    "The board should be sacked.",
    "The governors are useless idiots and should all be sacked.",
    "Management are a pack of idiots and should be sacked.",
    "SLT are pathetic morons, the lot of them.",
};

/* The same put-downs aimed at a person, at a protected group, or at a
 * body and a person together. */
static const char *const at_someone[] = {
    "Mrs Hill should be sacked.",
    "Our treasurer is a useless idiot and should be sacked.",
    "You are a useless idiot and should be sacked.",
    "That cretin on the board should be sacked.",
    "The chair of the board is a useless idiot.",
    "The old women on the board are useless idiots.",
    "Old farts on the board should all be sacked.",
    "The p*kis on the committee should all be sacked.",
};

/* A put-down pattern rule beside a harassment pattern rule, as the
 * packs' word-list rules. */
static const char words_json[] = PC_TEST_PACK_JSON(
    "pw", PC_TEST_TERMS_RULE("pw.d", "disparaging",
                             "\"clueless\",\"useless\",\"a shambles\"") ","
          PC_TEST_TERMS_RULE("pw.h", "harassment", "\"idiot\",\"moron\"") ","
          PC_TEST_MODEL_RULE("pw.m", "disparaging", "disparaging",
                             "0.999999"));

/* A pack whose name is written in capitals ("case": "exact") and has a
 * look-alike that is not it (not_mentions), as ALT's and ALA's packs. */
#define CASED_PACK_JSON(id, rules)                                       \
    "{\"format\":1,\"id\":\"" id "\",\"name\":\"n\",\"version\":\"1\"," \
    "\"organisation\":{\"name\":\"ARC\",\"names\":[{\"term\":\"ARC\","     \
    "\"case\":\"exact\"}],\"not_mentions\":[\"arc welders\"]},"            \
    "\"source\":{\"title\":\"t\"},\"rules\":[" rules "]}"
static const char cased_json[] = CASED_PACK_JSON(
    "ac", PC_TEST_MODEL_RULE("ac.h", "harassment", "harassment", "0.3") ","
          PC_TEST_MODEL_RULE("ac.d", "disparaging", "disparaging", "0.35"));

static const pc_pack *g_both, *g_alone, *g_words, *g_cased;
static pc_packset *g_set2, *g_set3, *g_set4;

static int setup(void **state)
{
    pc_packset *set = NULL;

    g_both = pc_test_pack_json(&set, both_json, sizeof both_json - 1, "am",
                               "am");
    g_alone = pc_test_pack_json(&g_set2, alone_json, sizeof alone_json - 1,
                                "al", "al");
    g_words = pc_test_pack_json(&g_set3, words_json, sizeof words_json - 1,
                                "pw", "pw");
    g_cased = pc_test_pack_json(&g_set4, cased_json, sizeof cased_json - 1,
                                "ac", "ac");
    *state = set;
    return g_both && g_alone && g_words && g_cased ? 0 : -1;
}

static int teardown(void **state)
{
    pc_packset_free(g_set2);
    pc_packset_free(g_set3);
    pc_packset_free(g_set4);
    return pc_test_pack_teardown(state);
}

static size_t check(const pc_pack *p, const char *text, const char *rule,
                    pc_finding *first)
{
    return pc_test_check(p, text, PC_ACCOUNT_OFFICIAL, rule, first, NULL,
                         first ? 1 : 0);
}

static void a_put_down_of_a_body_is_no_harassment(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof at_body / sizeof *at_body; i++) {
        assert_int_equal(check(g_both, at_body[i], "am.h", NULL), 0);
    }
}

static void a_person_or_a_protected_group_keeps_it(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof at_someone / sizeof *at_someone; i++) {
        assert_int_equal(check(g_both, at_someone[i], "am.h", NULL), 1);
    }
}

/* Without a rule on running the organisation down, the harassment rule
 * keeps its finding on a put-down of a body: the post is flagged still. */
static void a_pack_without_a_put_down_rule_keeps_it(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof at_body / sizeof *at_body; i++) {
        assert_int_equal(check(g_alone, at_body[i], "al.h", NULL), 1);
    }
}

/* Each sentence is read on its own: the board run down in one and a
 * named colleague insulted in the next, the insult keeps its finding,
 * quoting its own sentence. */
static void each_sentence_is_read_on_its_own(void **state)
{
    static const char text[] =
        "The board should be sacked. And Mrs Hill is a useless idiot.";
    const char *insult = strstr(text, "And Mrs Hill");
    pc_finding h;

    (void)state;
    assert_int_equal(check(g_both, text, "am.h", &h), 1);
    assert_int_equal(h.start, (long)(insult - text));
    assert_int_equal(h.end, (long)strlen(text));
}

/* A handle, hashtag or capitalised word names the organisation only
 * where its name stands in it, as the account rule reads a handle
 * (model_refer.c): "@Emco_HQ" and "#EMCOteam" are the organisation, so a
 * put-down of them is no harassment; "@wemcody" and "Remco", whose
 * letters merely hold the name, are a person, so the finding stays. */
static void a_name_counts_in_a_handle_only_where_it_stands(void **state)
{
    static const char *const org[] = {
        "@Emco_HQ are useless idiots and should all be sacked.",
        "#EMCOteam are useless idiots and should all be sacked.",
        "@Emco's trustees are useless idiots and should all be sacked.",
        "@Emco\u2019s trustees are useless idiots and should all be sacked.",
    };
    static const char *const person[] = {
        "@wemcody is a useless idiot and should be sacked.",
        "The board and Remco are useless idiots and should be sacked.",
    };

    (void)state;
    for (size_t i = 0; i < sizeof org / sizeof *org; i++) {
        assert_int_equal(check(g_both, org[i], "am.h", NULL), 0);
        assert_int_equal(check(g_alone, org[i], "al.h", NULL), 1);
    }
    for (size_t i = 0; i < sizeof person / sizeof *person; i++) {
        assert_int_equal(check(g_both, person[i], "am.h", NULL), 1);
    }
}

/* A word is the organisation's name only as the pack writes it: a name
 * of "case": "exact" in its case, and not inside one of its not_mentions
 * (the mentions rules.c reads). "ARC" names it, so a put-down of it is no
 * harassment; "arc" and "ARC welders" do not, so the finding stays. */
static void a_name_is_read_by_the_packs_own_rules(void **state)
{
    static const char *const person[] = {
        "The arc crew next door are useless idiots and should be sacked.",
        "ARC welders are useless idiots and should all be sacked.",
    };

    (void)state;
    assert_int_equal(
        check(g_cased, "ARC are useless idiots and should all be sacked.",
              "ac.h", NULL),
        0);
    for (size_t i = 0; i < sizeof person / sizeof *person; i++) {
        assert_int_equal(check(g_cased, person[i], "ac.h", NULL), 1);
    }
}

/* An insult at a person: the put-down rule's hit on it is dropped, the
 * harassment finding stands. */
static void a_put_down_hit_at_a_person_is_harassment(void **state)
{
    static const char *const at_person[] = {
        "Mrs Hill is a clueless idiot.",
        "Our treasurer is a useless moron.",
        "You are a clueless idiot, Dave.",
        "Kevin on the cinema committee is a useless idiot.",
        "The head of the trust is a clueless idiot.",
        "The trust is run by a useless idiot.",
        "Our bursar is a useless moron and the governors never check him.",
        "The committee is a shambles and its chair is a clueless idiot.",
        "Honestly the head is useless. What an idiot.",
    };
    size_t last = sizeof at_person / sizeof *at_person - 1;

    (void)state;
    for (size_t i = 0; i <= last; i++) {
        const char *t = at_person[i];
        /* The last one's insult is a sentence of its own: its hit stays. */
        assert_int_equal(check(g_words, t, "pw.d", NULL), i == last);
        assert_true(check(g_words, t, "pw.h", NULL) >= 1);
    }
}

/* The organisation or its body, a person or a body by description ("is
 * clueless", no insult said of one; a person named beside the body), or
 * a person with no harassment finding on the sentence: the hit stays. */
static void a_put_down_hit_at_a_body_stays(void **state)
{
    static const char *const kept[] = {
        "The board are a clueless bunch of idiots.",
        "Emco is useless and run by morons.",
        "The governors are useless and the head calls them morons.",
        "Mrs Hill is clueless and calls us all morons.",
        "Mrs Hill is clueless about the new rota.",
    };

    (void)state;
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++) {
        assert_int_equal(check(g_words, kept[i], "pw.d", NULL), 1);
    }
}

/* Each sentence is read on its own: the organisation run down in one and
 * a named colleague insulted in the next, each keeps its finding. */
static void a_put_down_hit_is_read_by_its_sentence(void **state)
{
    static const char text[] =
        "Emco is a shambles. Mrs Hill is a clueless idiot.";
    pc_finding d;

    (void)state;
    assert_int_equal(check(g_words, text, "pw.d", &d), 1);
    assert_int_equal(d.start, (long)(strstr(text, "a shambles") - text));
    assert_int_equal(check(g_words, text, "pw.h", NULL), 1);
    assert_int_equal(check(g_words, "Mrs Hill is clueless. She is an idiot.",
                           "pw.d", NULL),
                     1);
}

/* A put-down hit on a sentence aimed at a protected group, where a
 * harassment finding stands on it, is dropped, a body named there or not;
 * with no harassment finding on that sentence, or the group only in
 * another sentence, it stays. */
static void a_put_down_hit_at_a_protected_group_is_harassment(void **state)
{
    static const char *const at_group[] = {
        "Pregnant staff are useless, any idiot can see it.",
        "The old governors are useless, every one an idiot.",
        "Somali families are clueless and the committee chair is a moron.",
    };
    static const char *const kept[] = {
        "Somali families are clueless about the new rota.",
        "The governors are useless. Any old man is an idiot.",
    };

    (void)state;
    for (size_t i = 0; i < sizeof at_group / sizeof *at_group; i++) {
        assert_int_equal(check(g_words, at_group[i], "pw.d", NULL), 0);
        assert_true(check(g_words, at_group[i], "pw.h", NULL) >= 1);
    }
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++) {
        assert_int_equal(check(g_words, kept[i], "pw.d", NULL), 1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_put_down_of_a_body_is_no_harassment),
        cmocka_unit_test(a_person_or_a_protected_group_keeps_it),
        cmocka_unit_test(a_pack_without_a_put_down_rule_keeps_it),
        cmocka_unit_test(each_sentence_is_read_on_its_own),
        cmocka_unit_test(a_name_counts_in_a_handle_only_where_it_stands),
        cmocka_unit_test(a_name_is_read_by_the_packs_own_rules),
        cmocka_unit_test(a_put_down_hit_at_a_person_is_harassment),
        cmocka_unit_test(a_put_down_hit_at_a_body_stays),
        cmocka_unit_test(a_put_down_hit_is_read_by_its_sentence),
        cmocka_unit_test(a_put_down_hit_at_a_protected_group_is_harassment),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
