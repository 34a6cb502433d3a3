/* test_protocol_result.c: the result reply (host/protocol_result.c): a
 * reply cut to 1 MB keeps the first findings, pc_protocol_result_json
 * keeps every finding that fits and says when it cut some, and escapes
 * strings so the reply parses back to them exactly. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "postcheck/protocol.h"
#include "support_protocol.h"

/* Many matches: the reply is cut to 1 MB, keeping the first findings. */
static void test_truncation(void **state)
{
    size_t n = 200000, i, len, k;
    const char *head = "{\"type\":\"check\",\"id\":1,\"policy\":\"pctest\","
                       "\"account\":{\"kind\":\"official\"},\"text\":\"";
    char *req = malloc(strlen(head) + n * 7 + 8);
    pc_status st;
    json_t *j, *fs;

    (void)state;
    strcpy(req, head);
    len = strlen(req);
    for (i = 0; i < n; i++) {
        memcpy(req + len, "secret ", 7);
        len += 7;
    }
    memcpy(req + len, "\"}", 3);
    len += 2;
    j = pc_test_handle_n(req, len, &st);
    assert_int_equal(st, PC_OK);
    assert_true(json_is_true(json_object_get(j, "truncated")));
    fs = json_object_get(j, "findings");
    k = json_array_size(fs);
    assert_true(k > 100);
    assert_true(k < n);
    /* The kept findings are the first ones, in order and whole. */
    for (i = 0; i < k; i++) {
        json_t *f = json_array_get(fs, i);
        assert_int_equal(json_integer_value(json_object_get(f, "start")),
                         (json_int_t)(i * 7));
        assert_string_equal(pc_test_str(f, "rule"), "pctest.secret");
    }
    json_decref(j);
    free(req);
}

/* pc_protocol_result_json keeps every finding that fits and says when
 * it cut some. */
static void test_result_json_limit(void **state)
{
    pc_finding v[3];
    pc_findings f = {.v = v, .n = 3, .cap = 3};
    size_t len, full_len, i;
    char *full, *cut;
    json_t *j;

    (void)state;
    memset(v, 0, sizeof v);
    for (i = 0; i < 3; i++) {
        v[i].rule = "r";
        v[i].category = "guidance";
        v[i].severity = PC_SEV_INFO;
        v[i].message = "m";
        v[i].clause = "c";
        v[i].quote = "q";
        v[i].start = (long)i;
        v[i].end = (long)i + 1;
        v[i].attachment = -1;
    }
    full = pc_protocol_result_json("p", &f, 5, PC_PROTOCOL_MAX_REPLY,
                                   &full_len);
    assert_non_null(full);
    j = json_loads(full, 0, NULL);
    assert_int_equal(json_array_size(json_object_get(j, "findings")), 3);
    assert_true(json_is_false(json_object_get(j, "truncated")));
    json_decref(j);
    /* One byte short of the full reply: the last finding goes. */
    cut = pc_protocol_result_json("p", &f, 5, full_len - 1, &len);
    assert_true(len <= full_len - 1);
    j = json_loads(cut, 0, NULL);
    assert_int_equal(json_array_size(json_object_get(j, "findings")), 2);
    assert_true(json_is_true(json_object_get(j, "truncated")));
    json_decref(j);
    free(cut);
    free(full);
}

/* Strings are escaped so that the reply parses back to them exactly. */
static void test_result_json_escaping(void **state)
{
    static const char nasty[] = "\"quoted\" back\\slash\nnew\r\ttab\x01"
                                "\x1f\x7f caf\xc3\xa9 \xf0\x9f\x98\x80 "
                                "\xe2\x80\xa8";
    pc_finding v;
    pc_findings f = {.v = &v, .n = 1, .cap = 1};
    char msg[sizeof nasty];
    size_t len;
    char *js;
    json_t *j, *g;

    (void)state;
    memcpy(msg, nasty, sizeof nasty);
    memset(&v, 0, sizeof v);
    v.rule = "p.r";
    v.category = "guidance";
    v.severity = PC_SEV_ERROR;
    v.message = msg;
    v.clause = "\t";
    v.quote = nasty;
    v.suggestion = nasty;
    v.start = -1;
    v.end = -1;
    v.attachment = 2;
    js = pc_protocol_result_json("p", &f, 0, PC_PROTOCOL_MAX_REPLY, &len);
    assert_non_null(js);
    assert_int_equal(strlen(js), len);
    j = json_loadb(js, len, JSON_REJECT_DUPLICATES, NULL);
    assert_non_null(j);
    g = json_array_get(json_object_get(j, "findings"), 0);
    assert_string_equal(pc_test_str(g, "message"), nasty);
    assert_string_equal(pc_test_str(g, "quote"), nasty);
    assert_string_equal(pc_test_str(g, "suggestion"), nasty);
    assert_string_equal(pc_test_str(g, "clause"), "\t");
    assert_string_equal(pc_test_str(g, "severity"), "error");
    assert_int_equal(json_integer_value(json_object_get(g, "attachment")), 2);
    assert_null(json_object_get(g, "start"));
    json_decref(j);
    free(js);
    /* A message that is not UTF-8 is never sent as it is. */
    msg[0] = (char)0xff;
    assert_null(pc_protocol_result_json("p", &f, 0, PC_PROTOCOL_MAX_REPLY,
                                        &len));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_result_json_limit),
        cmocka_unit_test(test_result_json_escaping),
    };
    return cmocka_run_group_tests(tests, pc_test_protocol_setup,
                                  pc_test_protocol_teardown);
}
