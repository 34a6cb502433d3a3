/* test_serve.c: drives the built binary (PC_BINARY) through pipes, frame
 * by frame, as a browser would: every bad input gets its error reply and
 * the host keeps serving; partial frames and oversize lengths end it the
 * documented way; a long mixed conversation; UTF-16 offsets of matches in
 * text with emoji, combining marks, CJK and NFKC-changing characters; and
 * browser mode's origin check. The pack is tests/cases/protocol/packs/
 * pctest.json, loaded with --policy-dir, so the wording of the built-in
 * packs never matters here. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "postcheck/config.h"
#include "support.h"

static const char *packs_dir(void)
{
    static char dir[4096];

    snprintf(dir, sizeof dir, "%s", pc_test_case_path("protocol/packs"));
    return dir;
}

static void start(pc_child *c)
{
    const char *args[] = {"--policy-dir", packs_dir(), "serve", NULL};

    assert_int_equal(pc_test_spawn(c, args), 0);
}

static const char *str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);

    assert_true(json_is_string(v));
    return json_string_value(v);
}

/* Sends raw bytes as one frame and checks the error reply's code and id
 * (id_json: the expected id as JSON text, "null" if none). */
static void expect_error(pc_child *c, const char *req, size_t len,
                         const char *code, const char *id_json)
{
    json_t *j, *want = json_loads(id_json, JSON_DECODE_ANY, NULL);

    assert_int_equal(pc_test_send(c, req, len), 0);
    j = pc_test_recv_json(c);
    assert_non_null(j);
    assert_string_equal(str(j, "type"), "error");
    assert_string_equal(str(j, "code"), code);
    assert_true(strlen(str(j, "message")) > 0);
    assert_true(json_equal(json_object_get(j, "id"), want));
    json_decref(j);
    json_decref(want);
}

static void expect_error_str(pc_child *c, const char *req, const char *code,
                             const char *id_json)
{
    expect_error(c, req, strlen(req), code, id_json);
}

/* The host still answers: a hello with a fresh id. */
static void still_serving(pc_child *c, int id)
{
    char req[64];
    json_t *j;

    snprintf(req, sizeof req, "{\"type\":\"hello\",\"protocol\":1,\"id\":%d}",
             id);
    j = pc_test_roundtrip(c, req);
    assert_non_null(j);
    assert_string_equal(str(j, "type"), "hello");
    assert_int_equal(json_integer_value(json_object_get(j, "id")), id);
    json_decref(j);
}

static void test_hello_policies_check(void **state)
{
    pc_child c;
    json_t *j, *p, *f;
    char *err = NULL;

    (void)state;
    start(&c);
    j = pc_test_roundtrip(&c, "{\"type\":\"hello\",\"protocol\":1,\"id\":1,"
                              "\"policy\":\"pctest\"}");
    assert_non_null(j);
    assert_string_equal(str(j, "type"), "hello");
    assert_int_equal(json_integer_value(json_object_get(j, "protocol")), 1);
    assert_string_equal(str(j, "version"), PC_VERSION);
    p = json_object_get(j, "policies");
    assert_true(json_is_array(p));
    json_decref(j);

    j = pc_test_roundtrip(&c, "{\"type\":\"policies\",\"id\":\"two\"}");
    assert_string_equal(str(j, "id"), "two");
    p = json_object_get(j, "policies");
    assert_true(json_array_size(p) >= 1);
    json_decref(j);

    j = pc_test_roundtrip(&c, "{\"type\":\"check\",\"id\":3,\"policy\":"
                              "\"pctest\",\"account\":{\"kind\":\"official\","
                              "\"handle\":\"@x\"},\"site\":\"x.com\",\"text\":"
                              "\"Our password is here\",\"attachments\":[],"
                              "\"now\":\"2026-11-23T10:15:00+00:00\"}");
    pc_test_json_has(j, "{\"type\":\"result\",\"id\":3,\"policy\":"
                        "\"pctest\",\"truncated\":false}");
    assert_true(json_is_integer(json_object_get(j, "elapsed_us")));
    assert_int_equal(json_array_size(json_object_get(j, "findings")), 1);
    f = json_array_get(json_object_get(j, "findings"), 0);
    pc_test_json_has(f, "{\"rule\":\"pctest.password\",\"category\":"
                        "\"credentials\",\"severity\":\"error\","
                        "\"message\":\"Never post a password.\","
                        "\"clause\":\"PT 2\",\"quote\":"
                        "\"never post passwords\",\"start\":4,\"end\":12}");
    json_decref(j);
    assert_int_equal(pc_test_wait(&c, &err), 0);
    free(err);
}

static void test_every_bad_input_keeps_serving(void **state)
{
    static const struct {
        const char *req, *code, *id;
    } cases[] = {
        {"{\"id\":1,", "bad-json", "null"},
        {"not json", "bad-json", "null"},
        {"{\"id\":2,\"type\":\"hello\",\"id\":3}", "bad-json", "null"},
        {"{\"id\":4}", "bad-request", "4"},
        {"{\"id\":5,\"type\":7}", "bad-request", "5"},
        {"{\"id\":\"six\",\"type\":\"goodbye\"}", "bad-request", "\"six\""},
        {"[1,2]", "bad-request", "null"},
        {"{\"id\":[7],\"type\":\"hello\"}", "bad-request", "null"},
        {"{\"id\":8,\"type\":\"check\",\"account\":{\"kind\":\"official\"},"
         "\"text\":\"\"}", "bad-request", "8"},
        {"{\"id\":9,\"type\":\"check\",\"policy\":\"pctest\",\"text\":\"\"}",
         "bad-request", "9"},
        {"{\"id\":10,\"type\":\"check\",\"policy\":\"pctest\",\"account\":"
         "{\"kind\":\"robot\"},\"text\":\"\"}", "bad-request", "10"},
        {"{\"id\":11,\"type\":\"check\",\"policy\":\"pctest\",\"account\":"
         "{\"kind\":\"official\"},\"text\":[\"a\"]}", "bad-request", "11"},
        {"{\"id\":12,\"type\":\"check\",\"policy\":\"pctest\",\"account\":"
         "{\"kind\":\"official\"},\"text\":\"a\",\"attachments\":[{\"kind\":"
         "\"image\",\"dhash\":\"0123\"}]}", "bad-request", "12"},
        {"{\"id\":13,\"type\":\"check\",\"policy\":\"pctest\",\"account\":"
         "{\"kind\":\"official\"},\"text\":\"a\",\"now\":12}", "bad-request",
         "13"},
        {"{\"id\":14,\"type\":\"check\",\"policy\":\"no-such\",\"account\":"
         "{\"kind\":\"official\"},\"text\":\"a\"}", "unknown-policy", "14"},
        {"", "bad-json", "null"},
        {"{\"id\":16,\"type\":\"hello\",\"policy\":5}", "bad-request",
         "16"},
    };
    static const char bad_utf8[] = "{\"id\":15,\"type\":\"check\",\"policy\":"
        "\"pctest\",\"account\":{\"kind\":\"official\"},\"text\":\"\xc3\x28\"}";
    pc_child c;
    size_t i;

    (void)state;
    start(&c);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        print_message("case %zu: %s\n", i, cases[i].req);
        expect_error_str(&c, cases[i].req, cases[i].code, cases[i].id);
        still_serving(&c, 1000 + (int)i);
    }
    expect_error(&c, bad_utf8, sizeof bad_utf8 - 1, "bad-utf8", "15");
    still_serving(&c, 2000);
    assert_int_equal(pc_test_wait(&c, NULL), 0);
}

static void test_unknown_policy_lists_known(void **state)
{
    pc_child c;
    json_t *j;

    (void)state;
    start(&c);
    j = pc_test_roundtrip(&c, "{\"type\":\"check\",\"policy\":\"zzz\","
                              "\"account\":{\"kind\":\"official\"},"
                              "\"text\":\"a\"}");
    assert_string_equal(str(j, "code"), "unknown-policy");
    assert_non_null(strstr(str(j, "message"), "pctest"));
    assert_true(json_is_null(json_object_get(j, "id")));
    json_decref(j);
    assert_int_equal(pc_test_wait(&c, NULL), 0);
}

/* A length prefix, part of the body, then end of input: an error on
 * stderr, a non-zero exit, and nothing more on stdout. */
static void test_partial_frame_then_eof(void **state)
{
    static const char *const parts[] = {"\x01", "\x20\x00\x00\x00{\"type\""};
    static const size_t lens[] = {1, 11};
    size_t i;

    (void)state;
    for (i = 0; i < 2; i++) {
        pc_child c;
        char *err = NULL;
        start(&c);
        still_serving(&c, 1);
        assert_int_equal(pc_test_send_raw(&c, parts[i], lens[i]), 0);
        pc_test_close_in(&c);
        assert_true(pc_test_out_ends(&c));
        assert_int_not_equal(pc_test_wait(&c, &err), 0);
        assert_non_null(err);
        assert_non_null(strstr(err, "input ended"));
        free(err);
    }
}

/* A length over 1 MiB that a browser can send: a too-large reply once the
 * body has been read past, and the host goes on serving the next frame. */
static void test_oversize_frame_is_skipped(void **state)
{
    static const uint32_t size = 1024u * 1024u + 1u;
    char *body = malloc(size);
    pc_child c;
    json_t *j;

    (void)state;
    assert_non_null(body);
    memset(body, ' ', size);
    start(&c);
    assert_int_equal(pc_test_send(&c, body, size), 0);
    free(body);
    j = pc_test_recv_json(&c);
    assert_non_null(j);
    assert_string_equal(str(j, "code"), "too-large");
    assert_true(json_is_null(json_object_get(j, "id")));
    json_decref(j);
    j = pc_test_roundtrip(&c, "{\"type\":\"hello\",\"id\":7}");
    assert_non_null(j);
    assert_string_equal(str(j, "type"), "hello");
    json_decref(j);
    pc_test_close_in(&c);
    assert_int_equal(pc_test_wait(&c, NULL), 0);
}

/* A length over what any browser sends (64 MiB): a too-large reply, then
 * the host ends without waiting for (or allocating) the body, though
 * stdin is still open. */
static void test_oversize_length(void **state)
{
    static const uint32_t sizes[] = {64u * 1024u * 1024u + 1u, 0xFFFFFFFFu};
    size_t i;

    (void)state;
    for (i = 0; i < 2; i++) {
        pc_child c;
        json_t *j;
        start(&c);
        assert_int_equal(pc_test_send_raw(&c, &sizes[i], 4), 0);
        j = pc_test_recv_json(&c);
        assert_non_null(j);
        assert_string_equal(str(j, "type"), "error");
        assert_string_equal(str(j, "code"), "too-large");
        assert_true(json_is_null(json_object_get(j, "id")));
        json_decref(j);
        assert_true(pc_test_out_ends(&c));
        assert_int_equal(pc_test_wait(&c, NULL), 1);
    }
}

/* Exactly at the limit is still a request (here: not valid JSON). */
static void test_limit_frame_is_read(void **state)
{
    size_t n = 1024u * 1024u;
    char *big = malloc(n);
    pc_child c;

    (void)state;
    memset(big, ' ', n);
    big[0] = '[';
    start(&c);
    expect_error(&c, big, n, "bad-json", "null");
    still_serving(&c, 5);
    assert_int_equal(pc_test_wait(&c, NULL), 0);
    free(big);
}

/* Writes pattern to out with each '#' replaced by the decimal n. */
static void fill(char *out, size_t cap, const char *pattern, int n)
{
    size_t len = 0;

    for (const char *t = pattern; *t && len + 12 < cap; t++) {
        if (*t == '#') {
            len += (size_t)snprintf(out + len, cap - len, "%d", n);
        } else {
            out[len++] = *t;
        }
    }
    out[len] = '\0';
}

/* Hundreds of mixed requests, each reply matched to its request. */
static void test_long_conversation(void **state)
{
    /* The requests in turn ('#': the request's number) and the type of
     * the reply each gets. */
    static const struct {
        const char *req, *want;
    } turns[6] = {
        {"{\"type\":\"hello\",\"id\":#}", "hello"},
        {"{\"type\":\"policies\",\"id\":#}", "policies"},
        {"{\"type\":\"check\",\"id\":#,\"policy\":\"pctest\",\"account\":"
         "{\"kind\":\"personal\"},\"text\":\"# secret conference\"}",
         "result"},
        {"{\"type\":\"check\",\"id\":#}", "error"},
        {"{\"id\":#,", "error"},
        {"{\"type\":\"check\",\"id\":\"s#\",\"policy\":\"pctest\","
         "\"account\":{\"kind\":\"official\"},\"text\":\"nothing to see\"}",
         "result"},
    };
    pc_child c;
    int i;

    (void)state;
    start(&c);
    for (i = 0; i < 600; i++) {
        char req[512];
        json_t *j;
        const char *want = turns[i % 6].want;

        fill(req, sizeof req, turns[i % 6].req, i);
        j = pc_test_roundtrip(&c, req);
        assert_non_null(j);
        assert_string_equal(str(j, "type"), want);
        if (i % 6 == 2) {
            json_t *fs = json_object_get(j, "findings");
            char digits[16];
            assert_int_equal(json_integer_value(json_object_get(j, "id")), i);
            assert_int_equal(json_array_size(fs), 2);
            snprintf(digits, sizeof digits, "%d ", i);
            assert_int_equal(json_integer_value(json_object_get(
                                 json_array_get(fs, 0), "start")),
                             (json_int_t)strlen(digits));
        } else if (i % 6 == 5) {
            assert_int_equal(json_array_size(json_object_get(j, "findings")),
                             0);
            assert_true(json_is_string(json_object_get(j, "id")));
        } else if (i % 6 != 4) {
            assert_int_equal(json_integer_value(json_object_get(j, "id")), i);
        }
        json_decref(j);
    }
    assert_int_equal(pc_test_wait(&c, NULL), 0);
}

/* Checks that text (JSON-escaped as written) has exactly one finding of
 * rule at UTF-16 [start, end). */
static void expect_span(pc_child *c, const char *text, const char *rule,
                        long start_u16, long end_u16)
{
    char req[1024];
    json_t *j, *fs, *f;

    snprintf(req, sizeof req, "{\"type\":\"check\",\"policy\":\"pctest\","
             "\"account\":{\"kind\":\"official\"},\"text\":\"%s\"}", text);
    j = pc_test_roundtrip(c, req);
    assert_non_null(j);
    fs = json_object_get(j, "findings");
    print_message("text %s: %zu findings\n", text, json_array_size(fs));
    assert_int_equal(json_array_size(fs), 1);
    f = json_array_get(fs, 0);
    assert_string_equal(str(f, "rule"), rule);
    assert_int_equal(json_integer_value(json_object_get(f, "start")),
                     start_u16);
    assert_int_equal(json_integer_value(json_object_get(f, "end")), end_u16);
    json_decref(j);
}

static void test_utf16_offsets(void **state)
{
    pc_child c;

    (void)state;
    start(&c);
    /* Emoji outside the BMP: two code units each. */
    expect_span(&c, "\xf0\x9f\x98\x80 secret", "pctest.secret", 3, 9);
    expect_span(&c, "\\ud83d\\ude00\\ud83d\\ude00 secret", "pctest.secret",
                5, 11);
    /* Emoji with a skin-tone modifier, and a ZWJ family. */
    expect_span(&c, "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd ok secret",
                "pctest.secret", 8, 14);
    expect_span(&c, "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9 secret",
                "pctest.secret", 6, 12);
    /* Combining marks: e + U+0301 before, and a mark on the match. */
    expect_span(&c, "cafe\xcc\x81 secret", "pctest.secret", 6, 12);
    expect_span(&c, "a\xcc\x81\xcc\x82\xcc\xa3 secret", "pctest.secret", 5,
                11);
    /* CJK and Hangul: one unit per character. */
    expect_span(&c, "\xe7\xa7\x98\xe5\xaf\x86 secret", "pctest.secret", 3, 9);
    expect_span(&c, "\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4 password",
                "pctest.password", 4, 12);
    /* NFKC changes the length: the ligature U+FB01 is one unit of the
     * text as sent but "fi" (two letters) once normalised. */
    expect_span(&c, "con\xef\xac\x81" "dential", "pctest.secret", 0, 11);
    expect_span(&c, "a \xef\xac\x81 secret", "pctest.secret", 4, 10);
    /* Fullwidth letters: six units, matched as "secret". */
    expect_span(&c, "\xef\xbd\x93\xef\xbd\x85\xef\xbd\x83\xef\xbd\x92\xef"
                    "\xbd\x85\xef\xbd\x94!", "pctest.secret", 0, 6);
    /* U+2460 (circled 1) becomes "1"; U+FDFA becomes 18 letters. */
    expect_span(&c, "\xe2\x91\xa0 secret", "pctest.secret", 2, 8);
    expect_span(&c, "\xef\xb7\xba secret", "pctest.secret", 2, 8);
    /* Line breaks count as one unit each. */
    expect_span(&c, "a\\nb\\r\\nsecret", "pctest.secret", 5, 11);
    assert_int_equal(pc_test_wait(&c, NULL), 0);
}

/* Browser mode: the right extension is served, any other is refused
 * before a byte is read. */
static void browser_case(const char *a1, const char *a2, int allowed)
{
    /* Exactly what a browser passes, nothing more. */
    const char *args[] = {a1, a2, NULL};
    pc_child c;
    char *err = NULL;

    assert_int_equal(pc_test_spawn(&c, args), 0);
    if (allowed) {
        still_serving(&c, 77);
        assert_int_equal(pc_test_wait(&c, &err), 0);
    } else {
        assert_true(pc_test_out_ends(&c));
        assert_int_equal(pc_test_wait(&c, &err), 1);
        assert_non_null(strstr(err, "refusing"));
    }
    free(err);
}

static void test_browser_origin_check(void **state)
{
    char origin[128];

    (void)state;
    unsetenv("POSTCHECK_ALLOW_ORIGINS");
    snprintf(origin, sizeof origin, "chrome-extension://%s/",
             PC_CHROME_EXTENSION_ID);
    browser_case(origin, NULL, 1);
    browser_case("chrome-extension://aaaabbbbccccddddeeeeffffgggghhhh/", NULL,
                 0);
    browser_case("/usr/lib/mozilla/native-messaging-hosts/" PC_HOST_NAME
                 ".json", PC_GECKO_ID, 1);
    browser_case("/usr/lib/mozilla/native-messaging-hosts/" PC_HOST_NAME
                 ".json", "evil@example.com", 0);
    /* The development override: ids or full origins, comma-separated. */
    setenv("POSTCHECK_ALLOW_ORIGINS",
           "evil@example.com,chrome-extension://aaaabbbbccccddddeeeeffffggg"
           "ghhhh/", 1);
    browser_case("chrome-extension://aaaabbbbccccddddeeeeffffgggghhhh/", NULL,
                 1);
    browser_case("/tmp/x.json", "evil@example.com", 1);
    browser_case("chrome-extension://aaaabbbbccccddddeeeeffffgggghhhi/", NULL,
                 0);
    setenv("POSTCHECK_ALLOW_ORIGINS", "aaaabbbbccccddddeeeeffffgggghhhh", 1);
    browser_case("chrome-extension://aaaabbbbccccddddeeeeffffgggghhhh/", NULL,
                 1);
    unsetenv("POSTCHECK_ALLOW_ORIGINS");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hello_policies_check),
        cmocka_unit_test(test_every_bad_input_keeps_serving),
        cmocka_unit_test(test_unknown_policy_lists_known),
        cmocka_unit_test(test_partial_frame_then_eof),
        cmocka_unit_test(test_oversize_frame_is_skipped),
        cmocka_unit_test(test_oversize_length),
        cmocka_unit_test(test_limit_frame_is_read),
        cmocka_unit_test(test_long_conversation),
        cmocka_unit_test(test_utf16_offsets),
        cmocka_unit_test(test_browser_origin_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
