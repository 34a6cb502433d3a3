/* test_protocol_check.c: the "check" request (host/protocol_check.c),
 * through pc_protocol_handle in-process with the test pack
 * (tests/cases/protocol/packs/pctest.json): a result field by field, an
 * attachment's and the whole post's findings, U+0000 in the text, a post
 * too large once normalised, every field refused as a bad request (and
 * named), too many attachments, an unknown policy. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "postcheck/protocol.h"
#include "support_protocol.h"

static void test_check_span_finding(void **state)
{
    pc_status st;
    json_t *j = pc_test_handle("{\"type\":\"check\",\"id\":3,"
                               "\"policy\":\"pctest\",\"account\":"
                               "{\"kind\":\"official\",\"handle\":\"@a\"},"
                               "\"site\":\"x.com\",\"text\":"
                               "\"the secret plan\"}", &st);
    json_t *fs = json_object_get(j, "findings"), *f = json_array_get(fs, 0);

    (void)state;
    assert_int_equal(st, PC_OK);
    assert_string_equal(pc_test_str(j, "type"), "result");
    assert_int_equal(json_integer_value(json_object_get(j, "id")), 3);
    assert_string_equal(pc_test_str(j, "policy"), "pctest");
    assert_true(json_is_integer(json_object_get(j, "elapsed_us")));
    assert_true(json_integer_value(json_object_get(j, "elapsed_us")) >= 0);
    assert_true(json_is_false(json_object_get(j, "truncated")));
    assert_int_equal(json_array_size(fs), 1);
    assert_string_equal(pc_test_str(f, "rule"), "pctest.secret");
    assert_string_equal(pc_test_str(f, "category"), "confidential");
    assert_string_equal(pc_test_str(f, "severity"), "warning");
    assert_string_equal(pc_test_str(f, "clause"), "PT 1");
    assert_string_equal(pc_test_str(f, "quote"),
                        "do not share confidential or secret information");
    assert_non_null(strstr(pc_test_str(f, "message"), "leave it out"));
    assert_int_equal(json_integer_value(json_object_get(f, "start")), 4);
    assert_int_equal(json_integer_value(json_object_get(f, "end")), 10);
    assert_null(json_object_get(f, "attachment"));
    assert_null(json_object_get(f, "suggestion"));
    json_decref(j);
}

static void test_check_attachment_and_whole_post(void **state)
{
    pc_status st;
    json_t *j = pc_test_handle(
        "{\"type\":\"check\",\"policy\":\"pctest\","
        "\"account\":{\"kind\":\"personal\",\"display_name\":"
        "null},\"text\":\"hi\",\"now\":\"2026-11-23T10:15:00Z\","
        "\"attachments\":[{\"kind\":\"file\",\"name\":"
        "\"a.pdf\"},"
        "{\"kind\":\"image\",\"name\":\"l.png\",\"alt\":\"\","
        "\"dhash\":\"00FF00FF00FF00FF\"}]}", &st);
    json_t *fs = json_object_get(j, "findings");
    size_t i;
    int logo = 0, hours = 0;

    (void)state;
    assert_int_equal(st, PC_OK);
    assert_null(json_object_get(j, "id"));
    for (i = 0; i < json_array_size(fs); i++) {
        json_t *f = json_array_get(fs, i);
        assert_null(json_object_get(f, "start"));
        assert_null(json_object_get(f, "end"));
        if (strcmp(pc_test_str(f, "rule"), "pctest.logo") == 0) {
            logo++;
            assert_int_equal(
                json_integer_value(json_object_get(f, "attachment")), 1);
            assert_string_equal(pc_test_str(f, "severity"), "error");
        } else if (strcmp(pc_test_str(f, "rule"), "pctest.hours") == 0) {
            hours++;
            assert_null(json_object_get(f, "attachment"));
        }
    }
    assert_int_equal(logo, 1);
    assert_int_equal(hours, 1);
    json_decref(j);
}

/* An escaped U+0000 is text like any other character: one code unit. */
static void test_check_nul_in_text(void **state)
{
    pc_status st;
    json_t *j = pc_test_handle("{\"type\":\"check\",\"policy\":\"pctest\","
                               "\"account\":{\"kind\":\"official\"},"
                               "\"text\":\"a\\u0000 secret\"}", &st);
    json_t *f = json_array_get(json_object_get(j, "findings"), 0);

    (void)state;
    assert_int_equal(st, PC_OK);
    assert_non_null(f);
    assert_int_equal(json_integer_value(json_object_get(f, "start")), 3);
    assert_int_equal(json_integer_value(json_object_get(f, "end")), 9);
    json_decref(j);
}

/* A post that grows past the view limit once normalised (U+FDFA becomes
 * 18 characters) is refused as too large, and the host goes on. */
static void test_too_large_once_normalised(void **state)
{
    const char *head = "{\"type\":\"check\",\"id\":5,\"policy\":\"pctest\","
                       "\"account\":{\"kind\":\"official\"},\"text\":\"";
    size_t n = 4000, len = strlen(head);
    char *req = malloc(len + n * 3 + 3);
    json_t *j;

    (void)state;
    assert_non_null(req);
    memcpy(req, head, len);
    for (size_t i = 0; i < n; i++) {
        memcpy(req + len, "\xEF\xB7\xBA", 3);
        len += 3;
    }
    memcpy(req + len, "\"}", 2);
    len += 2;
    j = pc_test_expect_error(req, len, PC_ERR_TOO_LARGE, "too-large");
    assert_int_equal(json_integer_value(json_object_get(j, "id")), 5);
    json_decref(j);
    free(req);
}

/* Every field of a check request missing, of the wrong type or value:
 * bad-request (the envelope's own: test_protocol.c). */
static void test_bad_request(void **state)
{
    static const char *const reqs[] = {
        "{\"type\":\"check\",\"account\":{\"kind\":\"official\"},"
        "\"text\":\"\"}",
        "{\"type\":\"check\",\"policy\":5,\"account\":{\"kind\":\"official\"},"
        "\"text\":\"\"}",
        "{\"type\":\"check\",\"policy\":\"pctest\",\"text\":\"\"}",
        "{\"type\":\"check\",\"policy\":\"pctest\",\"account\":[],"
        "\"text\":\"\"}",
        "{\"type\":\"check\",\"policy\":\"pctest\",\"account\":{},"
        "\"text\":\"\"}",
        "{\"type\":\"check\",\"policy\":\"pctest\",\"account\":"
        "{\"kind\":\"b\"},"
        "\"text\":\"\"}",
        "{\"type\":\"check\",\"policy\":\"pctest\",\"account\":{\"kind\":"
        "\"official\",\"handle\":1},\"text\":\"\"}",
        "{\"type\":\"check\",\"policy\":\"pctest\",\"account\":{\"kind\":"
        "\"official\"}}",
        "{\"type\":\"check\",\"policy\":\"pctest\",\"account\":{\"kind\":"
        "\"official\"},\"text\":7}",
        "{\"type\":\"check\",\"policy\":\"pctest\",\"account\":{\"kind\":"
        "\"official\"},\"text\":\"\",\"site\":[]}",
        "{\"type\":\"check\",\"policy\":\"pctest\",\"account\":{\"kind\":"
        "\"official\"},\"text\":\"\",\"now\":\"yesterday\"}",
        "{\"type\":\"check\",\"policy\":\"pctest\",\"account\":{\"kind\":"
        "\"official\"},\"text\":\"\",\"attachments\":{}}",
        "{\"type\":\"check\",\"policy\":\"pctest\",\"account\":{\"kind\":"
        "\"official\"},\"text\":\"\",\"attachments\":[1]}",
        "{\"type\":\"check\",\"policy\":\"pctest\",\"account\":{\"kind\":"
        "\"official\"},\"text\":\"\",\"attachments\":[{\"name\":\"a\"}]}",
        "{\"type\":\"check\",\"policy\":\"pctest\",\"account\":{\"kind\":"
        "\"official\"},\"text\":\"\",\"attachments\":[{\"kind\":\"audio\"}]}",
        "{\"type\":\"check\",\"policy\":\"pctest\",\"account\":{\"kind\":"
        "\"official\"},\"text\":\"\",\"attachments\":[{\"kind\":\"image\","
        "\"dhash\":\"xyz\"}]}",
        "{\"type\":\"check\",\"policy\":\"pctest\",\"account\":{\"kind\":"
        "\"official\"},\"text\":\"\",\"attachments\":[{\"kind\":\"image\","
        "\"alt\":false}]}",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof reqs / sizeof reqs[0]; i++) {
        print_message("request %zu: %s\n", i, reqs[i]);
        pc_test_error_is(reqs[i], "bad-request", PC_ERR_REQUEST);
    }
}

static void test_bad_request_names_field(void **state)
{
    json_t *j = pc_test_expect_error(
        "{\"type\":\"check\",\"policy\":\"pctest\",\"account\":{\"kind\":"
        "\"official\"},\"text\":\"\",\"attachments\":[{\"kind\":\"image\"},"
        "{\"kind\":\"image\",\"dhash\":\"12\"}]}", 0, PC_ERR_REQUEST,
        "bad-request");

    (void)state;
    assert_non_null(strstr(pc_test_str(j, "message"),
                           "attachments[1].dhash"));
    json_decref(j);
}

static void test_too_many_attachments(void **state)
{
    char req[4096] = "{\"type\":\"check\",\"policy\":\"pctest\",\"account\":"
                     "{\"kind\":\"official\"},\"text\":\"\",\"attachments\":[";
    int i;

    (void)state;
    for (i = 0; i <= PC_PROTOCOL_MAX_ATTACHMENTS; i++) {
        strcat(req, i ? ",{\"kind\":\"image\"}" : "{\"kind\":\"image\"}");
    }
    strcat(req, "]}");
    pc_test_error_is(req, "bad-request", PC_ERR_REQUEST);
}

static void test_unknown_policy(void **state)
{
    json_t *j = pc_test_expect_error("{\"type\":\"check\",\"id\":5,"
                                     "\"policy\":\"nope\",\"account\":"
                                     "{\"kind\":\"official\"},\"text\":"
                                     "\"x\"}", 0, PC_ERR_POLICY,
                                     "unknown-policy");

    (void)state;
    assert_int_equal(json_integer_value(json_object_get(j, "id")), 5);
    assert_non_null(strstr(pc_test_str(j, "message"), "pctest"));
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_span_finding),
        cmocka_unit_test(test_check_attachment_and_whole_post),
        cmocka_unit_test(test_check_nul_in_text),
        cmocka_unit_test(test_too_large_once_normalised),
        cmocka_unit_test(test_bad_request),
        cmocka_unit_test(test_bad_request_names_field),
        cmocka_unit_test(test_too_many_attachments),
        cmocka_unit_test(test_unknown_policy),
    };
    return cmocka_run_group_tests(tests, pc_test_protocol_setup,
                                  pc_test_protocol_teardown);
}
