/* test_rules_outside.c: the harassment model's rule leaves alone a post
 * aimed at a body outside the organisation and at no one else
 * (rules_outside.c): a cross word about another club, festival or
 * committee harasses no one. The same cross words flag where the post
 * names a person or a protected group beside the body, where the body
 * may be the organisation's own ("the committee", "our club") or names
 * the pack, and where the words after the body name its people. The
 * pack's threshold is one every unit reaches, so what stays quiet is the
 * rule's doing; the pack has no rule on running the organisation down,
 * so rules_model.c's aimed_at_org plays no part. */
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
    "ob", PC_TEST_MODEL_RULE("ob.h", "harassment", "harassment", "0.0001"));

/* Cross words about a body outside the organisation, and no one else. */
static const char *const at_body[] = {
    "The Millford tennis club has made a total shambles of the summer "
    "ladder again.",
    "The Harwick Folk Festival has gone right downhill. Three hours in a "
    "queue for a lukewarm pie.",
    "The allotment committee voted to double the plot fees overnight. "
    "Disgraceful.",
    "If the Kelby Road chip shop wants my custom back, it can start by "
    "changing the fat.",
};

/* The same kind of post naming a person or a group, a body that may be
 * the organisation's, the pack, or the body's people. */
static const char *const at_someone[] = {
    "The Millford tennis club's new captain is a spineless weasel.",
    "The Millford tennis club has made a total shambles of it. Typical "
    "of the old women who run it.",
    "The committee voted to double the plot fees overnight. Disgraceful.",
    "Our tennis club has made a total shambles of the summer ladder.",
    "The Emco tennis club has made a total shambles of the summer ladder.",
    "The Harwick festival stewards were rude to everyone in the queue.",
    "Whoever lets them sit on the allotment committee wants their head "
    "read.",
};

static const pc_pack *g_pack;

static int setup(void **state)
{
    return pc_test_pack_setup(state, &g_pack, "ob", pack_json,
                              sizeof pack_json - 1, "ob");
}

static void a_post_at_another_body_passes(void **state)
{
    (void)state;
    pc_test_each_finds(g_pack, at_body, PC_TEST_COUNT(at_body),
                       PC_ACCOUNT_OFFICIAL, "ob.h", 0);
}

static void a_post_at_someone_or_the_organisation_flags(void **state)
{
    (void)state;
    pc_test_each_finds(g_pack, at_someone, PC_TEST_COUNT(at_someone),
                       PC_ACCOUNT_OFFICIAL, "ob.h", 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_post_at_another_body_passes),
        cmocka_unit_test(a_post_at_someone_or_the_organisation_flags),
    };
    return cmocka_run_group_tests(tests, setup, pc_test_pack_teardown);
}
