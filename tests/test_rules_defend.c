/* test_rules_defend.c: what the harassment model's rule leaves alone
 * (rules_model.c, rules_defend.c). A post that states the norm against
 * mistreating someone for who they are, or condemns the abuse, does not
 * harass, though the model flags its words (each cleared post scores
 * 0.38 to 0.9 by the harassment model without the rule); the abuse said
 * outright flags, and so does a post that turns against the norm or the
 * condemnation it has just stated. */
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
    "df", PC_TEST_MODEL_RULE("df.h", "harassment", "harassment", "0.3"));

/* Counter-speech, each beside the abuse it speaks against said
 * outright. */
static const char *const defended[][2] = {
    /* the norm */
    {"Nobody should be excluded from the choir because they are trans.",
     "Trans people should be excluded from the choir."},
    {"Nobody should be picked on for being deaf.",
     "The deaf lad in 9C deserves to be picked on."},
    /* a verdict */
    {"Telling the Sikh lads to go home is racist.",
     "The Sikh lads should go home."},
    {"Mocking the Polish cleaners' accents is not funny.",
     "The Polish cleaners are filthy parasites."},
};

/* Each turns against what it has just said: the finding stands. */
static const char *const turned[] = {
    "Nobody should be excluded from the choir because they are trans, but "
    "trans freaks are another matter.",
    "Nobody should be excluded from the choir for their faith but Muslims "
    "should be kept out.",
    "Telling the Sikh lads to go home is racist, but they should go home.",
    "Mocking the Polish cleaners is wrong. They are filthy parasites "
    "though.",
};

static const pc_pack *g_pack;

static int setup(void **state)
{
    return pc_test_pack_setup(state, &g_pack, "df", pack_json,
                              sizeof pack_json - 1, "df");
}

static size_t check(const char *text)
{
    return pc_test_check(g_pack, text, PC_ACCOUNT_OFFICIAL, "df.h", NULL,
                         NULL, 0);
}

static void counter_speech_passes_and_the_abuse_flags(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof defended / sizeof *defended; i++) {
        assert_int_equal(check(defended[i][0]), 0);
        assert_int_equal(check(defended[i][1]), 1);
    }
}

static void a_post_that_turns_flags(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof turned / sizeof *turned; i++) {
        assert_int_equal(check(turned[i]), 1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counter_speech_passes_and_the_abuse_flags),
        cmocka_unit_test(a_post_that_turns_flags),
    };
    return cmocka_run_group_tests(tests, setup, pc_test_pack_teardown);
}
