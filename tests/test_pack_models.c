/* test_pack_models.c: the trained models are parsed only for the packs
 * that use them (pack_prepare.c, model_judge.c's pc__models_need): a
 * pack with no `model` rule leaves both models unparsed (about 0.25 MB of
 * weights and their text's pages the host never touches), a pack naming
 * one parses that one alone, and a second pack naming the same model
 * shares the one parsed copy. The checks that rely on a model still find
 * what it flags. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "pack_int.h"
#include "postcheck/judge.h"
#include "postcheck/rules.h"
#include "support_pack.h"

#define MODEL_RULE(id, model, thr)                                       \
    "{\"id\":\"" id "\",\"kind\":\"model\",\"category\":\"harassment\"," \
    "\"severity\":\"warning\",\"applies_to\":[\"official\"],"           \
    "\"clause\":\"c\",\"quote\":\"q\",\"message\":\"h {match}\","       \
    "\"model\":\"" model "\",\"threshold\":" thr ","                    \
    "\"examples\":{\"flag\":[\"You are a waste of space\","             \
    "\"Get lost, you idiot\",\"Nobody wants you here\"],"               \
    "\"pass\":[\"See you at the fair\",\"This printer is broken\","     \
    "\"Thank you all\"]}}"

/* No model rule: one plain term. */
static const char plain_json[] = PC_TEST_PACK_JSON(
    "plain",
    "{\"id\":\"plain.t\",\"kind\":\"pattern\",\"category\":\"political\","
    "\"severity\":\"warning\",\"applies_to\":[\"official\"],"
    "\"clause\":\"c\",\"quote\":\"q\",\"message\":\"m {match}\","
    "\"terms\":[\"emco secret\"],\"examples\":{\"flag\":[\"The emco "
    "secret is out\"],\"pass\":[\"No secret here\"]}}");
static const char one_json[] =
    PC_TEST_PACK_JSON("one", MODEL_RULE("one.h", "harassment", "0.35"));
static const char two_json[] =
    PC_TEST_PACK_JSON("two", MODEL_RULE("two.h", "harassment", "0.35"));

static void add(pc_packset *s, const char *json, const char *file)
{
    pc_error err = {0};

    if (pc_packset_add_json(s, json, strlen(json), file, NULL,
                            PC_SOURCE_FILE, &err) != PC_OK) {
        fail_msg("%s: %s", file, err.text);
    }
}

/* How many findings text makes from an official account, with time
 * enough that no rule is cut short on a loaded machine. */
static size_t findings(const pc_pack *p, const char *text)
{
    pc_post post;
    pc_findings f = {0};
    pc_error err = {0};
    size_t n;

    memset(&post, 0, sizeof post);
    post.text = text;
    post.text_len = strlen(text);
    post.account = PC_ACCOUNT_OFFICIAL;
    post.budget_ns = 10LL * 1000 * 1000 * 1000;
    assert_int_equal(pc_check(p, &post, &f, NULL, &err), PC_OK);
    n = f.n;
    pc_findings_free(&f);
    return n;
}

static pc_packset *new_set(void)
{
    pc_error err = {0};
    pc_packset *s = pc_packset_new(&err);

    assert_non_null(s);
    add(s, plain_json, "plain.json");
    add(s, one_json, "one.json");
    add(s, two_json, "two.json");
    return s;
}

static const pc_pack *ready(pc_packset *s, const char *id)
{
    pc_error err = {0};
    const pc_pack *p = pc_packset_ready(s, id, &err);

    if (!p) {
        fail_msg("%s: %s", id, err.text);
    }
    assert_non_null(p->detectors);
    return p;
}

static void test_pack_without_model_rule_parses_no_model(void **state)
{
    pc_packset *s = new_set();
    const pc_pack *p = ready(s, "plain");

    (void)state;
    assert_null(pc_judge_model(p->detectors, "harassment"));
    assert_null(pc_judge_model(p->detectors, "disparaging"));
    /* It still checks as before. */
    assert_int_equal(findings(p, "The emco secret is out"), 1);
    pc_packset_free(s);
}

static void test_model_parsed_once_for_the_packs_naming_it(void **state)
{
    pc_packset *s = new_set();
    const pc_pack *one = ready(s, "one");
    const pc_model *m = pc_judge_model(one->detectors, "harassment");
    const pc_pack *two;

    (void)state;
    assert_non_null(m);
    /* The model nobody names stays unparsed. */
    assert_null(pc_judge_model(one->detectors, "disparaging"));
    two = ready(s, "two");
    assert_ptr_equal(two->detectors, one->detectors);
    assert_ptr_equal(pc_judge_model(two->detectors, "harassment"), m);
    /* The model flags through either pack. */
    assert_int_equal(findings(two, "Dave, you are a useless idiot and "
                                   "nobody here can stand you."), 1);
    pc_packset_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pack_without_model_rule_parses_no_model),
        cmocka_unit_test(test_model_parsed_once_for_the_packs_naming_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
