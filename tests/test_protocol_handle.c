/* test_protocol_handle.c: pc_protocol_handle called in-process with the test pack
 * (tests/cases/protocol/packs/pctest.json): every reply type field by
 * field, every error code it can produce, id echo, cutting a reply to
 * 1 MB, and a sweep of allocation failures inside jansson. */
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

static pc_packset *packs;

static int setup(void **state)
{
    pc_error err;

    (void)state;
    pc_error_clear(&err);
    packs = pc_packset_new(&err);
    if (!packs || pc_packset_add_file(packs,
            pc_test_case_path("protocol/packs/pctest.json"), PC_SOURCE_FILE,
            &err) != PC_OK) {
        fprintf(stderr, "cannot load the test pack: %s (line %d)\n",
                err.text, err.line);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pc_packset_free(packs);
    return 0;
}

/* Handles req and returns the parsed reply; *st gets the status. */
static json_t *handle_n(const char *req, size_t len, pc_status *st)
{
    char *reply = NULL;
    size_t reply_len = 0;
    json_t *j;

    *st = pc_protocol_handle(packs, req, len, &reply, &reply_len);
    assert_non_null(reply);
    assert_true(reply_len <= PC_PROTOCOL_MAX_REPLY);
    assert_int_equal(strlen(reply), reply_len);
    j = json_loadb(reply, reply_len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL,
                   NULL);
    assert_non_null(j);
    free(reply);
    return j;
}

static json_t *handle(const char *req, pc_status *st)
{
    return handle_n(req, strlen(req), st);
}

static const char *str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);

    assert_true(json_is_string(v));
    return json_string_value(v);
}

/* Asserts req gets an error reply with this code (and status). */
static json_t *expect_error(const char *req, size_t len, pc_status want,
                            const char *code)
{
    pc_status st;
    json_t *j = handle_n(req, len ? len : strlen(req), &st);

    assert_int_equal(st, want);
    assert_string_equal(str(j, "type"), "error");
    assert_string_equal(str(j, "code"), code);
    assert_true(strlen(str(j, "message")) > 0);
    assert_non_null(json_object_get(j, "id"));
    assert_int_equal(json_object_size(j), 4);
    return j;
}

static void error_is(const char *req, const char *code, pc_status want)
{
    json_decref(expect_error(req, strlen(req), want, code));
}

static void test_hello(void **state)
{
    pc_status st;
    json_t *j = handle("{\"type\":\"hello\",\"protocol\":1,\"id\":7}", &st);
    json_t *pol = json_object_get(j, "policies");

    (void)state;
    assert_int_equal(st, PC_OK);
    assert_string_equal(str(j, "type"), "hello");
    assert_int_equal(json_integer_value(json_object_get(j, "id")), 7);
    assert_int_equal(json_integer_value(json_object_get(j, "protocol")), 1);
    assert_string_equal(str(j, "version"), PC_VERSION);
    assert_true(json_is_array(pol));
    assert_int_equal(json_array_size(pol), 1);
    assert_string_equal(json_string_value(json_array_get(pol, 0)), "pctest");
    json_decref(j);
}

static void test_policies(void **state)
{
    pc_status st;
    json_t *j = handle("{\"type\":\"policies\",\"id\":\"p-1\"}", &st);
    json_t *p = json_array_get(json_object_get(j, "policies"), 0);

    (void)state;
    assert_int_equal(st, PC_OK);
    assert_string_equal(str(j, "type"), "policies");
    assert_string_equal(str(j, "id"), "p-1");
    assert_string_equal(str(p, "id"), "pctest");
    assert_string_equal(str(p, "name"), "Protocol test policy");
    assert_string_equal(str(p, "organisation"), "Pctest Trust");
    assert_string_equal(str(p, "version"), "1.0");
    assert_string_equal(str(p, "source"), PC_SOURCE_FILE);
    assert_int_equal(json_object_size(p), 5);
    json_decref(j);
}

static void test_check_span_finding(void **state)
{
    pc_status st;
    json_t *j = handle("{\"type\":\"check\",\"id\":3,\"policy\":\"pctest\","
                       "\"account\":{\"kind\":\"official\",\"handle\":\"@a\"},"
                       "\"site\":\"x.com\",\"text\":\"the secret plan\"}",
                       &st);
    json_t *fs = json_object_get(j, "findings"), *f = json_array_get(fs, 0);

    (void)state;
    assert_int_equal(st, PC_OK);
    assert_string_equal(str(j, "type"), "result");
    assert_int_equal(json_integer_value(json_object_get(j, "id")), 3);
    assert_string_equal(str(j, "policy"), "pctest");
    assert_true(json_is_integer(json_object_get(j, "elapsed_us")));
    assert_true(json_integer_value(json_object_get(j, "elapsed_us")) >= 0);
    assert_true(json_is_false(json_object_get(j, "truncated")));
    assert_int_equal(json_array_size(fs), 1);
    assert_string_equal(str(f, "rule"), "pctest.secret");
    assert_string_equal(str(f, "category"), "confidential");
    assert_string_equal(str(f, "severity"), "warning");
    assert_string_equal(str(f, "clause"), "PT 1");
    assert_string_equal(str(f, "quote"),
                        "do not share confidential or secret information");
    assert_non_null(strstr(str(f, "message"), "leave it out"));
    assert_int_equal(json_integer_value(json_object_get(f, "start")), 4);
    assert_int_equal(json_integer_value(json_object_get(f, "end")), 10);
    assert_null(json_object_get(f, "attachment"));
    assert_null(json_object_get(f, "suggestion"));
    json_decref(j);
}

static void test_check_attachment_and_whole_post(void **state)
{
    pc_status st;
    json_t *j = handle("{\"type\":\"check\",\"policy\":\"pctest\","
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
        if (strcmp(str(f, "rule"), "pctest.logo") == 0) {
            logo++;
            assert_int_equal(
                json_integer_value(json_object_get(f, "attachment")), 1);
            assert_string_equal(str(f, "severity"), "error");
        } else if (strcmp(str(f, "rule"), "pctest.hours") == 0) {
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
    json_t *j = handle("{\"type\":\"check\",\"policy\":\"pctest\","
                       "\"account\":{\"kind\":\"official\"},\"text\":"
                       "\"a\\u0000 secret\"}", &st);
    json_t *f = json_array_get(json_object_get(j, "findings"), 0);

    (void)state;
    assert_int_equal(st, PC_OK);
    assert_non_null(f);
    assert_int_equal(json_integer_value(json_object_get(f, "start")), 3);
    assert_int_equal(json_integer_value(json_object_get(f, "end")), 9);
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
        j = handle(req, &st);
        assert_true(json_equal(json_object_get(j, "id"), want));
        json_decref(j);
        /* Errors echo it too. */
        snprintf(req, sizeof req, "{\"id\":%s,\"type\":\"nope\"}", ids[i]);
        j = expect_error(req, strlen(req), PC_ERR_REQUEST, "bad-request");
        assert_true(json_equal(json_object_get(j, "id"), want));
        json_decref(j);
        json_decref(want);
    }
}

static void test_bad_json(void **state)
{
    json_t *j;
    char deep[200];

    (void)state;
    error_is("{", "bad-json", PC_ERR_JSON);
    error_is("", "bad-json", PC_ERR_JSON);
    error_is("{\"type\":\"hello\"} x", "bad-json", PC_ERR_JSON);
    error_is("{\"type\":'hello'}", "bad-json", PC_ERR_JSON);
    /* The reason is given, never a piece of the request. */
    j = expect_error("{\"text\":\"hunter2\" \"pw\"}", 0, PC_ERR_JSON,
                     "bad-json");
    assert_null(strstr(str(j, "message"), "hunter2"));
    assert_null(strstr(str(j, "message"), "pw"));
    assert_non_null(strstr(str(j, "message"), "column"));
    json_decref(j);
    j = expect_error("{\"id\":1,\"type\":\"hello\",\"type\":\"check\"}", 39,
                     PC_ERR_JSON, "bad-json");
    assert_true(json_is_null(json_object_get(j, "id")));
    assert_non_null(strstr(str(j, "message"), "duplicate"));
    json_decref(j);
    /* 33 levels: over the limit, even though it is valid JSON. */
    memset(deep, 0, sizeof deep);
    strcpy(deep, "{\"type\":\"hello\",\"x\":");
    memset(deep + strlen(deep), '[', 32);
    memset(deep + strlen(deep), ']', 32);
    strcat(deep, "}");
    error_is(deep, "bad-json", PC_ERR_JSON);
    /* Brackets inside strings do not count. */
    {
        pc_status st;
        json_t *ok = handle("{\"type\":\"hello\",\"x\":\"[[[[[[[[[[[[[[[[[["
                            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\"[[[[\"}", &st);
        assert_int_equal(st, PC_OK);
        json_decref(ok);
    }
}

static void test_bad_utf8(void **state)
{
    static const char req[] = "{\"id\":\"u-9\",\"type\":\"check\","
                              "\"text\":\"a\xff"
                              "b\xc0\xaf\xed\xa0\x80\"}";
    json_t *j = expect_error(req, sizeof req - 1, PC_ERR_UTF8, "bad-utf8");
    char where[32];

    (void)state;
    /* The id is still read, so the extension can match the reply. */
    assert_string_equal(str(j, "id"), "u-9");
    snprintf(where, sizeof where, "byte %d",
             (int)(strchr(req, '\xff') - req));
    assert_non_null(strstr(str(j, "message"), where));
    json_decref(j);
    j = expect_error("{\"id\":\"\xff\"}", 10, PC_ERR_UTF8, "bad-utf8");
    assert_true(json_is_string(json_object_get(j, "id")) ||
                json_is_null(json_object_get(j, "id")));
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
    j = expect_error(req, len, PC_ERR_TOO_LARGE, "too-large");
    assert_int_equal(json_integer_value(json_object_get(j, "id")), 5);
    json_decref(j);
    free(req);
}

static void test_bad_request(void **state)
{
    static const char *const reqs[] = {
        "[]", "\"hello\"", "{}", "{\"type\":1}", "{\"type\":\"bye\"}",
        "{\"type\":\"hello\",\"id\":{}}", "{\"type\":\"hello\",\"id\":true}",
        "{\"type\":\"hello\",\"protocol\":\"1\"}",
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
        error_is(reqs[i], "bad-request", PC_ERR_REQUEST);
    }
}

static void test_bad_request_names_field(void **state)
{
    json_t *j = expect_error(
        "{\"type\":\"check\",\"policy\":\"pctest\",\"account\":{\"kind\":"
        "\"official\"},\"text\":\"\",\"attachments\":[{\"kind\":\"image\"},"
        "{\"kind\":\"image\",\"dhash\":\"12\"}]}", 0, PC_ERR_REQUEST,
        "bad-request");

    (void)state;
    assert_non_null(strstr(str(j, "message"), "attachments[1].dhash"));
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
    error_is(req, "bad-request", PC_ERR_REQUEST);
}

static void test_unknown_policy(void **state)
{
    json_t *j = expect_error("{\"type\":\"check\",\"id\":5,\"policy\":\"nope\","
                             "\"account\":{\"kind\":\"official\"},\"text\":"
                             "\"x\"}", 0, PC_ERR_POLICY, "unknown-policy");

    (void)state;
    assert_int_equal(json_integer_value(json_object_get(j, "id")), 5);
    assert_non_null(strstr(str(j, "message"), "pctest"));
    json_decref(j);
}

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
    j = handle_n(req, len, &st);
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
        assert_string_equal(str(f, "rule"), "pctest.secret");
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
    assert_string_equal(str(g, "message"), nasty);
    assert_string_equal(str(g, "quote"), nasty);
    assert_string_equal(str(g, "suggestion"), nasty);
    assert_string_equal(str(g, "clause"), "\t");
    assert_string_equal(str(g, "severity"), "error");
    assert_int_equal(json_integer_value(json_object_get(g, "attachment")), 2);
    assert_null(json_object_get(g, "start"));
    json_decref(j);
    free(js);
    /* A message that is not UTF-8 is never sent as it is. */
    msg[0] = (char)0xff;
    assert_null(pc_protocol_result_json("p", &f, 0, PC_PROTOCOL_MAX_REPLY,
                                        &len));
}

/* An id with U+0000 in it comes back whole. */
static void test_id_with_nul(void **state)
{
    pc_status st;
    json_t *j = handle("{\"type\":\"check\",\"id\":\"a\\u0000b\","
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
        j = handle_n(buf, len, &st);
        type = str(j, "type");
        if (strcmp(type, "error") == 0) {
            int known = 0;
            for (k = 0; k < sizeof codes / sizeof codes[0]; k++) {
                known |= strcmp(str(j, "code"), codes[k]) == 0;
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
        st = pc_protocol_handle(packs, req, strlen(req), &reply, &len);
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
        cmocka_unit_test(test_check_span_finding),
        cmocka_unit_test(test_check_attachment_and_whole_post),
        cmocka_unit_test(test_check_nul_in_text),
        cmocka_unit_test(test_id_echo),
        cmocka_unit_test(test_bad_json),
        cmocka_unit_test(test_bad_utf8),
        cmocka_unit_test(test_too_large_once_normalised),
        cmocka_unit_test(test_bad_request),
        cmocka_unit_test(test_bad_request_names_field),
        cmocka_unit_test(test_too_many_attachments),
        cmocka_unit_test(test_unknown_policy),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_result_json_limit),
        cmocka_unit_test(test_result_json_escaping),
        cmocka_unit_test(test_id_with_nul),
        cmocka_unit_test(test_mutated_requests),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
