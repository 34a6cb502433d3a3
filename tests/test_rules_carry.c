/* test_rules_carry.c: a put-down rule's hit on a sentence that opens with
 * "they" right after a sentence aimed at a protected group is dropped
 * where a harassment finding stands on either sentence (rules_carry.c,
 * rules_putdown.c): the sentence derogates the group just named, which is
 * harassment. The hit stays where the sentence before names no protected
 * group, where the sentence does not open with "they", where it names the
 * organisation's body, or where no harassment finding stands. The pack's
 * harassment is a pattern rule, so what stands does not hang on the
 * models; its model rule (a threshold no post reaches) only has the post
 * judged, as a real pack's model rules do. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "postcheck/pack.h"
#include "postcheck/rules.h"
#include "support_check.h"
#include "support_pack.h"

static const char pack_json[] = PC_TEST_PACK_JSON(
    "pc", PC_TEST_TERMS_RULE("pc.d", "disparaging",
                             "\"useless\",\"clueless\"") ","
          PC_TEST_TERMS_RULE("pc.h", "harassment", "\"idiot\",\"moron\"") ","
          PC_TEST_MODEL_RULE("pc.m", "disparaging", "disparaging",
                             "0.999999"));

static const pc_pack *g_pack;

static int setup(void **state)
{
    return pc_test_pack_setup(state, &g_pack, "pc", pack_json,
                              sizeof pack_json - 1, "pc");
}

/* A protected group named, then "they" derogated: harassment stands, the
 * put-down hit goes. */
static void they_after_a_protected_group_is_harassment(void **state)
{
    static const char *const carried[] = {
        "Pregnant staff should be kept off the timetable. They're useless, "
        "any idiot can see it.",
        "Staff in their 60s keep applying for the job. They are clueless "
        "and every one an idiot.",
        "Disabled parents want a seat on the panel. They\u2019d be useless "
        "there, only a moron would say yes.",
        /* The harassment finding on the sentence before only. */
        "Pregnant staff are every one an idiot. They're useless.",
    };

    (void)state;
    pc_test_each_finds(g_pack, carried, PC_TEST_COUNT(carried),
                       PC_ACCOUNT_OFFICIAL, "pc.d", 0);
    pc_test_each_finds(g_pack, carried, PC_TEST_COUNT(carried),
                       PC_ACCOUNT_OFFICIAL, "pc.h", 1);
}

/* No protected group before, no "they" opening the sentence, the body
 * named in it, or no harassment finding: the hit stays. */
static void otherwise_the_put_down_hit_stays(void **state)
{
    static const char *const kept[] = {
        "Our new staff should be kept off the timetable. They're useless, "
        "any idiot can see it.",
        "Pregnant staff should be kept off the timetable. The rota is "
        "useless, any idiot can see it.",
        "Pregnant staff should be kept off the timetable. They say the "
        "board is useless, any idiot can see it.",
        "Pregnant staff should be kept off the timetable. They're useless.",
        "Pregnant staff should be kept off the timetable. We are clueless "
        "about it. They are idiots.",
    };

    (void)state;
    pc_test_each_finds(g_pack, kept, PC_TEST_COUNT(kept),
                       PC_ACCOUNT_OFFICIAL, "pc.d", 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(they_after_a_protected_group_is_harassment),
        cmocka_unit_test(otherwise_the_put_down_hit_stays),
    };
    return cmocka_run_group_tests(tests, setup, pc_test_pack_teardown);
}
