/* test_detect_names.c: what a detector's or a group's name selects
 * (pc_detect_members, pc_detect_members_at), which the rule engine asks
 * for every rule that names a detector: a detector alone, a group's
 * members in the order they run, nothing for any other name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "postcheck/detect.h"

/* pc_detect_members_at: pc_detect_members' names, a place each. */
static void test_member_places(void **state)
{
    const char *const *names = pc_detect_names(), *seen[64] = {0};
    const char *a[64], *b[64];
    size_t slot[64], singles = 0, n;

    (void)state;
    for (size_t i = 0; names[i]; i++) {
        n = pc_detect_members(names[i], a, 64);
        assert_int_equal(pc_detect_members_at(names[i], b, slot, 64), n);
        for (size_t k = 0; k < n; k++) {
            assert_true(a[k] == b[k] && slot[k] < pc_detect_count() &&
                        (!seen[slot[k]] || seen[slot[k]] == b[k]));
            singles += !seen[slot[k]];
            seen[slot[k]] = b[k];
        }
    }
    assert_int_equal(singles, pc_detect_count());
}

/* A detector's name is itself alone, a group's its members in the order
 * they run, and anything else (a name cut short or run on, another case,
 * the empty string) none. */
static void test_member_names(void **state)
{
    static const char *const unknown[] = {
        "", "e", "emai", "emails", "Email", "hostile-", "hostile-people",
        "personal", "personal-datum", "credential", "uk-phone", "dob ",
    };
    const char *const *names = pc_detect_names();
    const char *a[64];

    (void)state;
    for (size_t i = 0; names[i]; i++) {
        if (strcmp(names[i], "personal-data") == 0 ||
            strcmp(names[i], "credentials") == 0)
            continue;
        assert_int_equal(pc_detect_members(names[i], a, 64), 1);
        assert_string_equal(a[0], names[i]);
    }
    assert_int_equal(pc_detect_members("personal-data", a, 64), 12);
    assert_string_equal(a[0], "email");
    assert_string_equal(a[11], "security-answer");
    assert_int_equal(pc_detect_members("credentials", a, 64), 2);
    assert_string_equal(a[0], "password");
    assert_string_equal(a[1], "secret-token");
    /* Fewer places than members: the count all the same. */
    assert_int_equal(pc_detect_members("personal-data", a, 1), 12);
    assert_string_equal(a[0], "email");
    for (size_t i = 0; i < sizeof unknown / sizeof *unknown; i++)
        assert_int_equal(pc_detect_members(unknown[i], a, 64), 0);
    assert_int_equal(pc_detect_members(NULL, a, 64), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_member_places),
        cmocka_unit_test(test_member_names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
