/* test_rules_evade.c: an insult or slur spelled to evade flags, whatever
 * the harassment model scores it (rules_model.c, rules_evade.c): letters
 * spaced out after the article ("a s p a z"), which the model's word
 * cutting joins with the article, and leet digits in a run ("p00f"). What stays quiet: the word mentioned in
 * quotation marks (to report it, or to teach that it is not said), an
 * email address or a password with digits and symbols in it, a word with
 * a digit in it that hides no insult, and single letters that spell
 * none.
 *
 * A slur outside the model's insult class is read against the pack's own
 * harassment lists: in a pack whose pattern rule holds the discrimination
 * list it flags disguised ("cr1pple", "fa66ot", "l e s b o"), unless the
 * list's exceptions clear it among the unit's words ("f@ggots and
 * peas"). */
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
    "ev", PC_TEST_MODEL_RULE("ev.h", "harassment", "harassment", "0.3"));

static const char *const disguised[] = {
    "Saw a s p a z at the bus stop today",
    "my neighbour is such a d u m b a s s",
    "Saw a p00f at the bus stop today", /* a run of two marks */
    /* The mark past the first 16 bytes, and in the last few (marked()
     * reads 16 bytes at a time, then the rest one by one). */
    "We walked over to the bus stop and there was a p00f",
    "We walked over to the shop after the bus stop, my neighbour is a "
    "d u m b a s s honestly",
};

static const char *const quiet[] = {
    "She called him a \"s p a z\" in the staff room. Reported it.",
    "Please don't call anyone a 'r3tard' in class.",
    "Email me at sam.smith@emco.org or j0nes@school.org",
    "The wifi password is Sch00l!Rocks",
    "Year 4 loved the c4ke sale",
    "I am a b c d fan",
};

/* The same model rule beside a pattern rule of the category holding the
 * discrimination list and its exceptions. */
static const char listed_json[] = PC_TEST_PACK_JSON(
    "el", PC_TEST_MODEL_RULE("el.h", "harassment", "harassment", "0.3") ","
    "{\"id\":\"el.d\",\"kind\":\"pattern\",\"category\":\"harassment\","
    "\"severity\":\"warning\",\"applies_to\":[\"official\"],"
    "\"clause\":\"c\",\"quote\":\"q\",\"message\":\"d {match}\","
    "\"lists\":[\"discrimination\"],"
    "\"unless\":{\"lists\":[\"discrimination-unless\"]},"
    "\"examples\":{\"flag\":[],\"pass\":[]}}");

static const char *const listed_slur[] = {
    "Saw a cr1pple at the bus stop today",
    "the new lad in 9B is a fa66ot",
    "she is a l e s b o",
};

static const char *const listed_quiet[] = {
    "We had f@ggots and peas for tea",
    "Please don't call anyone a 'cr1pple' in class.",
    /* A report of a disguised insult or slur, cleared by the list's
     * exceptions as the word spelt plainly is. */
    "A boy in Year 9 called me a sp@z at break today. Reported it.",
    "Someone called me a p*ki in the car park today. Not OK.",
};

/* The same disguised insults said, not reported, under the same pack. */
static const char *const listed_said[] = {
    "That sp@z in Year 9 needs to be kept away from us.",
    "Get that p*ki out of the car park.",
};

static const pc_pack *g_pack;
static const pc_pack *g_listed;
static pc_packset *g_listed_set;

static int setup(void **state)
{
    pc_packset *set = NULL;

    g_pack = pc_test_pack_json(&set, pack_json, sizeof pack_json - 1, "ev",
                               "ev");
    *state = set;
    if (!g_pack) {
        return -1;
    }
    g_listed = pc_test_pack_json(&g_listed_set, listed_json,
                                 sizeof listed_json - 1, "el", "el");
    return g_listed ? 0 : -1;
}

static int teardown(void **state)
{
    pc_packset_free(g_listed_set);
    g_listed_set = NULL;
    return pc_test_pack_teardown(state);
}

static void a_disguised_insult_flags(void **state)
{
    (void)state;
    pc_test_each_finds(g_pack, disguised, PC_TEST_COUNT(disguised),
                       PC_ACCOUNT_OFFICIAL, "ev.h", 1);
}

static void mentions_addresses_and_other_marks_pass(void **state)
{
    (void)state;
    pc_test_each_finds(g_pack, quiet, PC_TEST_COUNT(quiet),
                       PC_ACCOUNT_OFFICIAL, "ev.h", 0);
}

static void a_disguised_listed_slur_flags(void **state)
{
    (void)state;
    pc_test_each_finds(g_listed, listed_slur, PC_TEST_COUNT(listed_slur),
                       PC_ACCOUNT_OFFICIAL, "el.h", 1);
    pc_test_each_finds(g_listed, listed_said, PC_TEST_COUNT(listed_said),
                       PC_ACCOUNT_OFFICIAL, "el.h", 1);
    pc_test_each_finds(g_listed, listed_quiet, PC_TEST_COUNT(listed_quiet),
                       PC_ACCOUNT_OFFICIAL, "el.h", 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_disguised_insult_flags),
        cmocka_unit_test(mentions_addresses_and_other_marks_pass),
        cmocka_unit_test(a_disguised_listed_slur_flags),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
