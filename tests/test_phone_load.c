/* test_phone_load.c: the phone module (postcheck-phone.so) as the host
 * loads it (host/phone_load.c): found beside the binary or at
 * $POSTCHECK_PHONE, a number only the world's plans decide is flagged;
 * without it (POSTCHECK_PHONE=off, a missing file, a library that is not
 * the module) the host still checks and serves, flags the numbers the UK
 * and North American plans by hand decide, leaves the others, and says
 * once on stderr why (never the post). Runs the built binary with the
 * built-in 'llmat' pack. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

/* A Berlin number written nationally: the UK and North American ranges
 * by hand turn it down; Germany's plan issues it. */
#define WORLD_POST "Still 030 1234 5678 as before"
/* A UK mobile: decided by the ranges by hand, with or without the
 * module. */
#define UK_POST "Ring me on 07700 900123 after six"

/* Runs `postcheck check --policy llmat --personal TEXT` with
 * POSTCHECK_PHONE set to env (NULL: unset). */
static void check(pc_run *r, const char *env, const char *text)
{
    const char *args[] = {"check", "--policy", "llmat", "--personal", "--",
                          text, NULL};

    if (env) {
        setenv("POSTCHECK_PHONE", env, 1);
    } else {
        unsetenv("POSTCHECK_PHONE");
    }
    assert_int_equal(pc_test_run(args, NULL, 0, r), 0);
}

static int flags_phone(const pc_run *r)
{
    return strstr(r->out, "phone number") != NULL;
}

/* The module as the build leaves it, beside the binary. */
static const char *module_path(void)
{
    static char path[4096];
    const char *slash = strrchr(PC_BINARY, '/');

    snprintf(path, sizeof path, "%.*s/postcheck-phone.so",
             slash ? (int)(slash - PC_BINARY) : 1,
             slash ? PC_BINARY : ".");
    return path;
}

static void test_found_beside_the_binary(void **state)
{
    pc_run r;

    (void)state;
    check(&r, NULL, WORLD_POST);
    assert_int_equal(r.status, 1);
    assert_true(flags_phone(&r));
    assert_null(strstr(r.err, "phone numbers:"));
    pc_run_free(&r);
}

static void test_found_at_env_path(void **state)
{
    pc_run r;

    (void)state;
    check(&r, module_path(), WORLD_POST);
    assert_int_equal(r.status, 1);
    assert_true(flags_phone(&r));
    pc_run_free(&r);
}

static void test_off(void **state)
{
    pc_run r;

    (void)state;
    check(&r, "off", WORLD_POST);
    assert_int_equal(r.status, 0);
    assert_false(flags_phone(&r));
    /* Asked for: not a warning. */
    assert_null(strstr(r.err, "warn"));
    pc_run_free(&r);

    check(&r, "off", UK_POST);
    assert_int_equal(r.status, 1);
    assert_true(flags_phone(&r));
    pc_run_free(&r);
}

static void test_missing_module_degrades_and_says_so(void **state)
{
    pc_run r;

    (void)state;
    check(&r, "/nonexistent/postcheck-phone.so", WORLD_POST);
    assert_int_equal(r.status, 0);
    assert_false(flags_phone(&r));
    assert_non_null(strstr(r.err, "cannot load /nonexistent/postcheck-phone.so"));
    assert_non_null(strstr(r.err, "UK and North American plans only"));
    /* Said once, and never the post. */
    assert_null(strstr(strstr(r.err, "plans only") + 1, "plans only"));
    assert_null(strstr(r.err, "1234"));
    pc_run_free(&r);

    check(&r, "/nonexistent/postcheck-phone.so", UK_POST);
    assert_int_equal(r.status, 1);
    assert_true(flags_phone(&r));
    pc_run_free(&r);
}

static void test_other_library_is_refused(void **state)
{
    pc_run r;

    (void)state;
    /* A real shared library without the module's table. */
    check(&r, "libm.so.6", WORLD_POST);
    assert_int_equal(r.status, 0);
    assert_false(flags_phone(&r));
    assert_non_null(strstr(r.err, "not this build's phone module"));
    pc_run_free(&r);
}

/* The host started by a browser without the module keeps serving. */
static void test_serve_without_module(void **state)
{
    static const char req[] =
        "{\"type\":\"check\",\"id\":%d,\"policy\":\"llmat\",\"account\":"
        "{\"kind\":\"personal\",\"handle\":\"@a\"},\"site\":\"x.com\","
        "\"text\":\"%s\"}";
    const char *args[] = {"serve", NULL};
    char buf[512];
    pc_child c;
    json_t *j;
    char *err = NULL;

    (void)state;
    setenv("POSTCHECK_PHONE", "/nonexistent/postcheck-phone.so", 1);
    assert_int_equal(pc_test_spawn(&c, args), 0);
    for (int id = 1; id <= 2; id++) {
        snprintf(buf, sizeof buf, req, id, id == 1 ? WORLD_POST : UK_POST);
        j = pc_test_roundtrip(&c, buf);
        assert_non_null(j);
        assert_string_equal(json_string_value(json_object_get(j, "type")),
                            "result");
        assert_int_equal(json_array_size(json_object_get(j, "findings")),
                         id == 1 ? 0 : 1);
        json_decref(j);
    }
    assert_int_equal(pc_test_wait(&c, &err), 0);
    assert_non_null(strstr(err, "UK and North American plans only"));
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_found_beside_the_binary),
        cmocka_unit_test(test_found_at_env_path),
        cmocka_unit_test(test_off),
        cmocka_unit_test(test_missing_module_degrades_and_says_so),
        cmocka_unit_test(test_other_library_is_refused),
        cmocka_unit_test(test_serve_without_module),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
