/* test_pack_extends.c: warm-up (pc_packset_warm_step, the host's idle
 * work) with a pack that extends a pack not in the set: the other packs,
 * an extension of a built-in pack among them, are still all made ready,
 * the step that meets the broken one reports it, and using it gives a
 * clear error naming the missing pack. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "postcheck/pack.h"

static const char orphan[] =
    "{\"id\": \"orphan\", \"extends\": \"nosuchpack\", \"name\": \"Orphan\", "
    "\"organisation\": \"Test\", \"version\": \"1\", \"logos\": "
    "[{\"name\": \"Old mark\", \"dhash\": \"0f0f0f0f0f0f0f0f\"}]}";
static const char child[] =
    "{\"id\": \"llmat-plus\", \"extends\": \"llmat\", \"name\": \"LLMAT plus\", "
    "\"organisation\": \"LLMAT\", \"version\": \"1\", \"logos\": "
    "[{\"name\": \"Old mark\", \"dhash\": \"0f0f0f0f0f0f0f0f\"}]}";

static pc_packset *set_with_orphan(void)
{
    pc_error err;
    pc_packset *s;

    pc_error_clear(&err);
    s = pc_packset_new(&err);
    assert_non_null(s);
    assert_int_equal(pc_packset_add_builtin(s, &err), PC_OK);
    assert_int_equal(pc_packset_add_json(s, orphan, strlen(orphan), "orphan.json",
                                         NULL, PC_SOURCE_USER, &err), PC_OK);
    assert_int_equal(pc_packset_add_json(s, child, strlen(child), "plus.json",
                                         NULL, PC_SOURCE_USER, &err), PC_OK);
    return s;
}

static void warm_steps_go_past_an_unresolved_extends(void **state)
{
    pc_packset *s = set_with_orphan();
    pc_error err;
    int steps = 0, reported = 0;

    (void)state;
    pc_error_clear(&err);
    while (pc_packset_warm_step(s, NULL, &err)) {
        if (err.code != PC_OK) {
            reported++;
            assert_non_null(strstr(err.text, "nosuchpack"));
            pc_error_clear(&err);
        }
        assert_true(++steps < 5000);
    }
    assert_int_equal(reported, 1);
    for (size_t i = 0; i < pc_packset_count(s); i++) {
        const pc_pack *p = pc_packset_at(s, i);
        assert_int_equal(pc_pack_prepared(p),
                         strcmp(pc_pack_id(p), "orphan") != 0);
    }
    /* The extension of llmat has llmat's rules. */
    assert_int_equal(pc_pack_rule_count(pc_packset_find(s, "llmat-plus")),
                     pc_pack_rule_count(pc_packset_find(s, "llmat")));
    pc_error_clear(&err);
    assert_null(pc_packset_ready(s, "orphan", &err));
    assert_int_not_equal(err.code, PC_OK);
    assert_non_null(strstr(err.text, "nosuchpack"));
    pc_packset_free(s);
}

static void warm_all_readies_the_others(void **state)
{
    pc_packset *s = set_with_orphan();
    pc_error err;

    (void)state;
    pc_error_clear(&err);
    assert_int_not_equal(pc_packset_warm(s, NULL, &err), PC_OK);
    assert_non_null(strstr(err.text, "nosuchpack"));
    assert_true(pc_pack_prepared(pc_packset_find(s, "llmat-plus")));
    assert_true(pc_pack_prepared(pc_packset_find(s, "llmat")));
    assert_false(pc_pack_prepared(pc_packset_find(s, "orphan")));
    pc_error_clear(&err);
    assert_int_equal(pc_packset_warm(s, "llmat-plus", &err), PC_OK);
    assert_int_not_equal(pc_packset_warm(s, "orphan", &err), PC_OK);
    pc_packset_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(warm_steps_go_past_an_unresolved_extends),
        cmocka_unit_test(warm_all_readies_the_others),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
