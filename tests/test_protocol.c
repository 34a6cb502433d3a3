/* test_protocol.c: the protocol's envelope (host/protocol.c), through
 * pc_protocol_handle in-process with the test pack
 * (tests/cases/protocol/packs/pctest.json): the hello and policies
 * replies field by field, id echo, bad JSON, bad UTF-8, requests that are
 * not a valid envelope, and every reply still one reply under mutated
 * requests and under allocation failures inside jansson. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "postcheck/config.h"
#include "postcheck/protocol.h"
#include "support.h"
#include "support_protocol.h"

static void test_hello(void **state)
{
    pc_status st;
    json_t *j = pc_test_handle("{\"type\":\"hello\",\"protocol\":1,"
                               "\"id\":7}", &st);
    json_t *pol = json_object_get(j, "policies");

    (void)state;
    assert_int_equal(st, PC_OK);
    assert_string_equal(pc_test_str(j, "type"), "hello");
    assert_int_equal(json_integer_value(json_object_get(j, "id")), 7);
    assert_int_equal(json_integer_value(json_object_get(j, "protocol")), 1);
    assert_string_equal(pc_test_str(j, "version"), PC_VERSION);
    assert_true(json_is_array(pol));
    assert_int_equal(json_array_size(pol), 1);
    assert_string_equal(json_string_value(json_array_get(pol, 0)), "pctest");
    json_decref(j);
}

static void test_policies(void **state)
{
    pc_status st;
    json_t *j = pc_test_handle("{\"type\":\"policies\",\"id\":\"p-1\"}", &st);
    json_t *p = json_array_get(json_object_get(j, "policies"), 0);

    (void)state;
    assert_int_equal(st, PC_OK);
    assert_string_equal(pc_test_str(j, "type"), "policies");
    assert_string_equal(pc_test_str(j, "id"), "p-1");
    pc_test_json_has(p, "{\"id\":\"pctest\",\"name\":\"Protocol test "
                        "policy\",\"organisation\":\"Pctest Trust\","
                        "\"version\":\"1.0\",\"source\":\"" PC_SOURCE_FILE
                        "\"}");
    assert_int_equal(json_object_size(p), 5);
    json_decref(j);
}

static void test_id_echo(void **state)
{
    static const char *const ids[] = {"0", "-12", "2.5", "\"\"",
        "\"a \\u00e9 \\ud83d\\ude00\"", "9007199254740991"};
    char req[256];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        json_t *want, *j;
        pc_status st;
        want = json_loads(ids[i], JSON_DECODE_ANY, NULL);
        snprintf(req, sizeof req, "{\"id\":%s,\"type\":\"policies\"}",
                 ids[i]);
        j = pc_test_handle(req, &st);
        assert_true(json_equal(json_object_get(j, "id"), want));
        json_decref(j);
        /* Errors echo it too. */
        snprintf(req, sizeof req, "{\"id\":%s,\"type\":\"nope\"}", ids[i]);
        j = pc_test_expect_error(req, strlen(req), PC_ERR_REQUEST,
                                 "bad-request");
        assert_true(json_equal(json_object_get(j, "id"), want));
        json_decref(j);
        json_decref(want);
    }
}

/* The nesting limit holds whichever reader reads the request: at every
 * depth up to PC_PROTOCOL_MAX_DEPTH + 8, a request the one-pass reader
 * takes, the same with a trailing comma (invalid JSON), and the same
 * with a 19-digit integer (valid JSON the one-pass reader declines and
 * jansson, whose own limit is far deeper, reads) get bad-json naming the
 * nesting exactly when over the limit; below it, only the comma's is
 * refused. */
static void test_nesting_limit(void **state)
{
    static const char *const tails[] = {"}", ",}",
                                        ",\"n\":1000000000000000000}"};
    char req[256];

    (void)state;
    for (int t = 0; t < 3; t++) {
        int comma = t == 1;
        for (int d = 2; d <= PC_PROTOCOL_MAX_DEPTH + 8; d++) {
            size_t n = (size_t)snprintf(req, sizeof req,
                                        "{\"type\":\"hello\",\"x\":");
            const char *msg;
            pc_status st;
            json_t *j;
            memset(req + n, '[', (size_t)d - 1);
            memset(req + n + (size_t)d - 1, ']', (size_t)d - 1);
            n += 2 * ((size_t)d - 1);
            n += (size_t)snprintf(req + n, sizeof req - n, "%s", tails[t]);
            j = pc_test_handle_n(req, n, &st);
            msg = json_string_value(json_object_get(j, "message"));
            if (d > PC_PROTOCOL_MAX_DEPTH || comma) {
                assert_int_equal(st, PC_ERR_JSON);
                assert_true((strstr(msg, "nests deeper") != NULL) ==
                            (d > PC_PROTOCOL_MAX_DEPTH));
            } else {
                assert_int_equal(st, PC_OK);
            }
            json_decref(j);
        }
    }
}

static void test_bad_json(void **state)
{
    json_t *j;
    char deep[200];

    (void)state;
    pc_test_error_is("{", "bad-json", PC_ERR_JSON);
    pc_test_error_is("", "bad-json", PC_ERR_JSON);
    pc_test_error_is("{\"type\":\"hello\"} x", "bad-json", PC_ERR_JSON);
    pc_test_error_is("{\"type\":'hello'}", "bad-json", PC_ERR_JSON);
    /* The reason is given, never a piece of the request. */
    j = pc_test_expect_error("{\"text\":\"hunter2\" \"pw\"}", 0,
                             PC_ERR_JSON, "bad-json");
    assert_null(strstr(pc_test_str(j, "message"), "hunter2"));
    assert_null(strstr(pc_test_str(j, "message"), "pw"));
    assert_non_null(strstr(pc_test_str(j, "message"), "column"));
    json_decref(j);
    j = pc_test_expect_error("{\"id\":1,\"type\":\"hello\","
                             "\"type\":\"check\"}", 39, PC_ERR_JSON,
                             "bad-json");
    assert_true(json_is_null(json_object_get(j, "id")));
    assert_non_null(strstr(pc_test_str(j, "message"), "duplicate"));
    json_decref(j);
    /* 33 levels: over the limit, even though it is valid JSON. */
    memset(deep, 0, sizeof deep);
    strcpy(deep, "{\"type\":\"hello\",\"x\":");
    memset(deep + strlen(deep), '[', 32);
    memset(deep + strlen(deep), ']', 32);
    strcat(deep, "}");
    pc_test_error_is(deep, "bad-json", PC_ERR_JSON);
    /* Brackets inside strings do not count. */
    {
        pc_status st;
        json_t *ok = pc_test_handle("{\"type\":\"hello\",\"x\":\"[[[[[[[[["
                                    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\""
                                    "[[[[\"}", &st);
        assert_int_equal(st, PC_OK);
        json_decref(ok);
    }
}

static void test_bad_utf8(void **state)
{
    static const char req[] = "{\"id\":\"u-9\",\"type\":\"check\","
                              "\"text\":\"a\xff"
                              "b\xc0\xaf\xed\xa0\x80\"}";
    json_t *j = pc_test_expect_error(req, sizeof req - 1, PC_ERR_UTF8,
                                     "bad-utf8");
    char where[32];

    (void)state;
    /* The id is still read, so the extension can match the reply. */
    assert_string_equal(pc_test_str(j, "id"), "u-9");
    snprintf(where, sizeof where, "byte %d",
             (int)(strchr(req, '\xff') - req));
    assert_non_null(strstr(pc_test_str(j, "message"), where));
    json_decref(j);
    j = pc_test_expect_error("{\"id\":\"\xff\"}", 10, PC_ERR_UTF8, "bad-utf8");
    assert_true(json_is_string(json_object_get(j, "id")) ||
                json_is_null(json_object_get(j, "id")));
    json_decref(j);
}

/* A request that is not a valid envelope (not an object; type missing,
 * not a string or unknown; id not a number or string; protocol not a
 * number): bad-request (a check request's fields: test_protocol_check.c). */
static void test_bad_envelope(void **state)
{
    static const char *const reqs[] = {
        "[]", "\"hello\"", "{}", "{\"type\":1}", "{\"type\":\"bye\"}",
        "{\"type\":\"hello\",\"id\":{}}", "{\"type\":\"hello\",\"id\":true}",
        "{\"type\":\"hello\",\"protocol\":\"1\"}",
    };

    (void)state;
    pc_test_errors_are(reqs, sizeof reqs / sizeof reqs[0], "bad-request",
                       PC_ERR_REQUEST);
}

/* An id with U+0000 in it comes back whole. */
static void test_id_with_nul(void **state)
{
    pc_status st;
    json_t *j = pc_test_handle("{\"type\":\"check\",\"id\":\"a\\u0000b\","
                               "\"policy\":\"pctest\",\"account\":{\"kind\":"
                               "\"official\"},\"text\":\"x\"}", &st);
    json_t *id = json_object_get(j, "id");

    (void)state;
    assert_int_equal(st, PC_OK);
    assert_true(json_is_string(id));
    assert_int_equal(json_string_length(id), 3);
    assert_memory_equal(json_string_value(id), "a\0b", 3);
    json_decref(j);
}

/* Mutated requests (bytes flipped, cut, duplicated): every one gets one
 * reply that is JSON, a result or an error with a known code. */
static unsigned long rng_state = 12345;

static unsigned long rng(void)
{
    rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
    return rng_state >> 33;
}

static void mutate(char *buf, size_t *len, size_t cap)
{
    size_t pos = *len ? rng() % *len : 0;

    switch (rng() % 4) {
    case 0:
        buf[pos] = (char)rng();
        break;
    case 1:
        *len = pos;
        break;
    case 2:
        if (*len * 2 < cap) {
            memmove(buf + pos + (*len - pos), buf + pos, *len - pos);
            *len += *len - pos;
        }
        break;
    default:
        buf[pos] = "{}[]\",:\\0u"[rng() % 10];
    }
}

static void test_mutated_requests(void **state)
{
    static const char *const codes[] = {"bad-json", "bad-request",
        "unknown-policy", "bad-utf8", "internal"};
    static const char seed[] = "{\"type\":\"check\",\"id\":\"m\",\"policy\":"
        "\"pctest\",\"account\":{\"kind\":\"personal\",\"handle\":\"@a\"},"
        "\"text\":\"a secret \\ud83d\\ude00 password\",\"attachments\":"
        "[{\"kind\":\"image\",\"dhash\":\"00ff00ff00ff00ff\"}],\"now\":"
        "\"2026-11-23T10:15:00Z\"}";
    char buf[4096];
    int i, errors = 0;

    (void)state;
    for (i = 0; i < 3000; i++) {
        size_t len = sizeof seed - 1, k;
        int m, n = 1 + (int)(rng() % 3);
        pc_status st;
        json_t *j;
        const char *type;
        memcpy(buf, seed, len);
        for (m = 0; m < n; m++) {
            mutate(buf, &len, sizeof buf);
        }
        j = pc_test_handle_n(buf, len, &st);
        type = pc_test_str(j, "type");
        if (strcmp(type, "error") == 0) {
            int known = 0;
            for (k = 0; k < sizeof codes / sizeof codes[0]; k++) {
                known |= strcmp(pc_test_str(j, "code"), codes[k]) == 0;
            }
            assert_true(known);
            assert_int_not_equal(st, PC_OK);
            errors++;
        } else {
            assert_string_equal(type, "result");
            assert_int_equal(st, PC_OK);
        }
        json_decref(j);
    }
    /* The mutations reach both outcomes. */
    assert_true(errors > 100);
    assert_true(errors < 3000);
}

/* Jansson allocations fail one by one: every reply is still a reply (an
 * "internal" error at worst) or, when nothing fits, PC_ERR_NOMEM. */
static int fail_at, alloc_count;

static void *failing_malloc(size_t n)
{
    if (++alloc_count == fail_at) {
        return NULL;
    }
    return malloc(n);
}

static void test_allocation_failures(void **state)
{
    const char *req = "{\"type\":\"check\",\"id\":9,\"policy\":\"pctest\","
                      "\"account\":{\"kind\":\"official\"},\"text\":"
                      "\"secret password conference\"}";
    int internal = 0;

    (void)state;
    for (fail_at = 1; fail_at < 400; fail_at++) {
        char *reply = NULL;
        size_t len;
        pc_status st;
        json_t *j;
        alloc_count = 0;
        json_set_alloc_funcs(failing_malloc, free);
        st = pc_protocol_handle(pc_test_protocol_packs, req, strlen(req),
                                &reply, &len);
        json_set_alloc_funcs(malloc, free);
        if (st == PC_ERR_NOMEM) {
            assert_null(reply);
            continue;
        }
        assert_non_null(reply);
        /* jansson's lexer reports some of its allocation failures as
         * syntax errors, so bad-json is possible too; anything else is a
         * wrong reply. */
        if (st != PC_OK && st != PC_ERR_INTERNAL && st != PC_ERR_JSON) {
            print_message("allocation %d: status %d: %s\n", fail_at, st,
                          reply);
        }
        assert_true(st == PC_OK || st == PC_ERR_INTERNAL ||
                    st == PC_ERR_JSON);
        j = json_loads(reply, 0, NULL);
        if (!j) {
            print_message("allocation %d: not JSON: %s\n", fail_at, reply);
        }
        assert_non_null(j);
        json_decref(j);
        if (st == PC_ERR_INTERNAL) {
            assert_non_null(strstr(reply, "\"internal\""));
            internal++;
        }
        free(reply);
    }
    assert_true(internal > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hello),
        cmocka_unit_test(test_policies),
        cmocka_unit_test(test_id_echo),
        cmocka_unit_test(test_bad_json),
        cmocka_unit_test(test_nesting_limit),
        cmocka_unit_test(test_bad_utf8),
        cmocka_unit_test(test_bad_envelope),
        cmocka_unit_test(test_id_with_nul),
        cmocka_unit_test(test_mutated_requests),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, pc_test_protocol_setup,
                                  pc_test_protocol_teardown);
}
