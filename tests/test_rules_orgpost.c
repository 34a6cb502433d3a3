/* test_rules_orgpost.c: the harassment model's rule leaves alone a
 * sentence aimed at no one in a post aimed at the organisation or its
 * body alone (rules_model.c's aimed_at_org, rules_aim.c): what the post
 * criticises is the organisation, and no sentence of it names a person
 * or a group. The same sentence flags where the post names a person or a
 * group, or names no organisation. The pack's threshold is one every
 * unit reaches, so what stays quiet is the rule's doing; an organisation
 * model's rule that never flags makes it a pack with a rule on running
 * the organisation down. */
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
    "op", PC_TEST_MODEL_RULE("op.h", "harassment", "harassment", "0.0001") ","
          PC_TEST_MODEL_RULE("op.d", "disparaging", "disparaging", "0.99999"));

/* Each post's second sentence aims at no one and scores higher than its
 * first by the harassment model. */
static const char *const at_org[] = {
    "The Emco board moved the members' dinner to a Friday in January. "
    "Half of us will be stuck at home with the kids.",
    "The committee scrapped the evening sessions without asking anyone. "
    "Plenty of us work days and can't come any more.",
};

/* The same sentences where the post names a person or a group, or no
 * organisation. */
static const char *const at_someone[] = {
    "Dave on the Emco board moved the members' dinner to a Friday in "
    "January. Half of us will be stuck at home with the kids.",
    "The committee scrapped the evening sessions to suit the old boys. "
    "Plenty of us work days and can't come any more.",
    "Half of us will be stuck at home with the kids.",
};

static const pc_pack *g_pack;

static int setup(void **state)
{
    return pc_test_pack_setup(state, &g_pack, "op", pack_json,
                              sizeof pack_json - 1, "op");
}

static void a_post_at_the_organisation_passes(void **state)
{
    (void)state;
    pc_test_each_finds(g_pack, at_org, PC_TEST_COUNT(at_org),
                       PC_ACCOUNT_OFFICIAL, "op.h", 0);
}

static void a_post_naming_someone_flags(void **state)
{
    (void)state;
    pc_test_each_finds(g_pack, at_someone, PC_TEST_COUNT(at_someone),
                       PC_ACCOUNT_OFFICIAL, "op.h", 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_post_at_the_organisation_passes),
        cmocka_unit_test(a_post_naming_someone_flags),
    };
    return cmocka_run_group_tests(tests, setup, pc_test_pack_teardown);
}
