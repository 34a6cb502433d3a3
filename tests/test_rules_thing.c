/* test_rules_thing.c: the harassment model's rule makes no finding on a
 * post whose abuse is aimed at a thing (rules_thing.c, rules_model.c): a
 * device or software as a sentence's subject and no one the post could
 * aim it at. Each cleared post has a twin that aims the same words at
 * someone (the second person, a name, a role, an agent noun, a handle, a
 * group), and the twin's finding stands whatever the model scores: the
 * test compares a pack at a threshold every post reaches. */
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

/* A threshold every unit reaches: what stays quiet is the rule's doing. */
static const char pack_json[] = PC_TEST_PACK_JSON(
    "th", PC_TEST_MODEL_RULE("th.h", "harassment", "harassment", "0.0001"));

static const char *const at_things[] = {
    "This photocopier is a useless pile of junk and I hope it dies.",
    "Ugh, this fucking Wi-Fi. Third time today.",
    "The printer in D block is a total b*stard.",
};

static const char *const at_someone[] = {
    "This photocopier is a useless pile of junk, like you.",
    "Ugh, this fucking Wi-Fi, and thanks for nothing, Dave.",
    "The printer in D block is a total b*stard, like our caretaker.",
    "I hope the inspector's car goes off a bridge.",
    "This photocopier is as useless as @jo_smith.",
    "The new system is run by immigrants and it shows.",
};

static const pc_pack *g_pack;

static int setup(void **state)
{
    return pc_test_pack_setup(state, &g_pack, "th", pack_json,
                              sizeof pack_json - 1, "th");
}

static void abuse_at_a_thing_passes(void **state)
{
    (void)state;
    pc_test_each_finds(g_pack, at_things, PC_TEST_COUNT(at_things),
                       PC_ACCOUNT_OFFICIAL, "th.h", 0);
}

static void the_same_words_at_someone_flag(void **state)
{
    (void)state;
    pc_test_each_finds(g_pack, at_someone, PC_TEST_COUNT(at_someone),
                       PC_ACCOUNT_OFFICIAL, "th.h", 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(abuse_at_a_thing_passes),
        cmocka_unit_test(the_same_words_at_someone_flag),
    };
    return cmocka_run_group_tests(tests, setup, pc_test_pack_teardown);
}
