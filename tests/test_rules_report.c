/* test_rules_report.c: what the harassment model's rule leaves alone
 * (rules_model.c, rules_quote.c). A post that quotes abuse to report it
 * (a reporting verb outside the quotation marks, and nothing flagged once
 * the quoted words are left out) does not harass; the same words said
 * outright do. And one category a sentence, by the surer model: a
 * put-down of the organisation that the disparaging model scores above
 * the harassment model is the disparaging rule's, an insult at a person
 * that the harassment model scores higher stays harassment. The posts
 * are plain cases the models must get right whatever they are retrained
 * on. */
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

static const char pack_json[] = PC_TEST_PACK_JSON(
    "mr", PC_TEST_MODEL_RULE("mr.h", "harassment", "harassment", "0.3") ","
          PC_TEST_MODEL_RULE("mr.d", "disparaging", "disparaging", "0.35"));

/* Abuse quoted to report it, each beside the same words said outright. */
static const char *const reports[][2] = {
    {"A man on the train told my colleague \"women like you should not be "
     "teachers\". Nobody said a word. Not OK.",
     "Women like you should not be teachers."},
    {"Someone posted \"gays should be banned from teaching\" under our Pride "
     "photo. Reported and blocked.",
     "Gays should be banned from teaching."},
    /* Words of a report the model's reporting verbs lack (rules_quote.c's
     * REPORT_MORE). */
    {"Someone sprayed \"immigrants should all go home\" on the wall by the "
     "bus stop. The police have been informed.",
     "Immigrants should all go home."},
    {"Overheard in the lunch queue: \"women like you should not be "
     "teachers\". We had a word.",
     "Women like you should not be teachers."},
};

/* Put-downs of the organisation by description; insults at a person. */
static const char *const put_downs[] = {
    "The Emco committee are a lazy, entitled bunch who treat the place like "
    "their private club.",
};
static const char *const insults[] = {
    "Our treasurer is a useless idiot and a liar.",
    "You are a pathetic, worthless idiot.",
};

static const pc_pack *g_pack;

static int setup(void **state)
{
    return pc_test_pack_setup(state, &g_pack, "mr", pack_json,
                              sizeof pack_json - 1, "mr");
}

static size_t check(const char *text, const char *rule)
{
    return pc_test_check(g_pack, text, PC_ACCOUNT_OFFICIAL, rule, NULL,
                         NULL, 0);
}

static void reported_abuse_passes_and_the_abuse_flags(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof reports / sizeof *reports; i++) {
        assert_int_equal(check(reports[i][0], "mr.h"), 0);
        assert_int_equal(check(reports[i][1], "mr.h"), 1);
    }
}

/* Words that flag outside the quotation marks still flag. */
static void abuse_outside_the_quote_flags(void **state)
{
    (void)state;
    assert_int_equal(check("He said \"good morning\" and I told him he is a "
                           "worthless idiot.", "mr.h"),
                     1);
}

static void the_surer_model_takes_the_sentence(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof put_downs / sizeof *put_downs; i++) {
        assert_int_equal(check(put_downs[i], "mr.h"), 0);
        assert_int_equal(check(put_downs[i], "mr.d"), 1);
    }
    for (size_t i = 0; i < sizeof insults / sizeof *insults; i++) {
        assert_int_equal(check(insults[i], "mr.h"), 1);
        assert_int_equal(check(insults[i], "mr.d"), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reported_abuse_passes_and_the_abuse_flags),
        cmocka_unit_test(abuse_outside_the_quote_flags),
        cmocka_unit_test(the_surer_model_takes_the_sentence),
    };
    return cmocka_run_group_tests(tests, setup, pc_test_pack_teardown);
}
