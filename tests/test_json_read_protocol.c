/* test_json_read_protocol.c: the protocol's one-pass request reader
 * (host/json_read.c, as pc__json_parse uses it) against jansson. Whatever it reads must equal
 * what json_loadb reads with the protocol's flags; what jansson refuses
 * it must decline (so the reply quotes jansson's error); and it must take
 * the requests the extension sends, or it would never run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "builtin.h"
#include "json_read.h"
#include "postcheck/text.h"
#include "support.h"
#include "protocol_int.h"

#define FLAGS (JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL | JSON_DECODE_ANY)

/* Requests of the shapes docs/PROTOCOL.md lists. */
static const char *const requests[] = {
    "{\"type\":\"hello\",\"protocol\":1,\"id\":0,\"policy\":\"llmat\"}",
    "{\"type\":\"policies\",\"id\":\"p-1\"}",
    "{\"type\":\"check\",\"id\":7,\"policy\":\"llmat\",\"locked\":false,"
    "\"account\":{\"kind\":\"personal\",\"handle\":\"@jane\","
    "\"display_name\":null},\"site\":\"x.com\",\"text\":\"Ring me on "
    "07700 900123 \\u00e9 \\ud83c\\udf89 caf\xc3\xa9 \\\"quoted\\\" "
    "tab\\tnew\\nline \\/ \\\\ \\b\\f\\r\",\"now\":"
    "\"2026-11-23T10:15:00+00:00\",\"attachments\":[{\"kind\":\"image\","
    "\"name\":\"a.jpg\",\"alt\":\"\",\"dhash\":\"00ff00ff00ff00ff\","
    "\"pixels\":{\"width\":2,\"height\":1,\"rgb\":\"AAAAAAAA\"}}]}",
    " \t\r\n{ \"type\" : \"check\" , \"id\" : -12 , \"text\" : \"\" ,"
    " \"a\" : [ ] , \"o\" : { } , \"t\" : true , \"f\" : false ,"
    " \"n\" : null , \"deep\" : [[[{\"x\":[1,2,3]}]]] } \n",
    "{\"text\":\"nul \\u0000 inside\",\"id\":999999999999999999}",
    "{\"\":\"empty key\",\"k\\u00e9y\":\"escaped key\"}",
};

/* Input jansson refuses, or that this reader leaves to jansson. */
static const char *const declined[] = {
    "",
    "   ",
    "[1,2]",
    "\"text\"",
    "{\"a\":1,\"a\":2}",
    "{\"a\":1.5}",
    "{\"a\":1e3}",
    "{\"a\":-0.0}",
    "{\"a\":01}",
    "{\"a\":-}",
    "{\"a\":1234567890123456789}",
    "{\"a\":\"\\ud800\"}",
    "{\"a\":\"\\udc00\"}",
    "{\"a\":\"\\ud800\\u0041\"}",
    "{\"a\":\"\\x41\"}",
    "{\"a\":\"\\u12g4\"}",
    "{\"a\":\"raw\ttab\"}",
    "{\"a\\u0000b\":1}",
    "{\"a\":1,}",
    "{\"a\":[1,]}",
    "{\"a\":1}x",
    "{\"a\":1}{}",
    "{\"a\" 1}",
    "{a:1}",
    "{\"a\":truex}",
    "{\"a\":nul}",
    "{\"a\":1",
    "{\"a\":\"open",
    "{\"a\":12a}",
};

/* Fails unless the reader reads s as jansson does. Returns 1. */
static int assert_agrees(const char *s, size_t n)
{
    json_error_t jerr;
    json_t *fast, *slow;

    pc__json_parse(s, n, &fast);
    slow = json_loadb(s, n, FLAGS, &jerr);

    if (fast) {
        assert_non_null(slow);
        assert_true(json_equal(fast, slow));
        /* json_equal compares strings by content; lengths too. */
        if (json_is_object(fast)) {
            const char *key;
            json_t *v;
            json_object_foreach(fast, key, v) {
                json_t *w = json_object_get(slow, key);
                if (json_is_string(v)) {
                    assert_int_equal(json_string_length(v),
                                     json_string_length(w));
                }
            }
        }
    }
    json_decref(fast);
    json_decref(slow);
    return 1;
}

static void test_reads_requests(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof requests / sizeof *requests; i++) {
        json_t *v;
        assert_int_equal(pc__json_parse(requests[i], strlen(requests[i]),
                                        &v), PC_OK);
        json_decref(v);
        assert_agrees(requests[i], strlen(requests[i]));
    }
}

static void test_strings_decode(void **state)
{
    const char *req = requests[2];
    json_t *v;
    const char *text;

    (void)state;
    assert_int_equal(pc__json_parse(req, strlen(req), &v), PC_OK);
    text = json_string_value(json_object_get(v, "text"));
    assert_non_null(strstr(text, "\xc3\xa9 \xf0\x9f\x8e\x89 caf"));
    assert_non_null(strstr(text, "\"quoted\" tab\tnew\nline / \\ \b\f\r"));
    json_decref(v);
    assert_int_equal(pc__json_parse(requests[4], strlen(requests[4]), &v),
                     PC_OK);
    assert_int_equal(json_string_length(json_object_get(v, "text")), 12);
    assert_int_equal(json_integer_value(json_object_get(v, "id")),
                     999999999999999999LL);
    json_decref(v);
}

static void test_declines(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof declined / sizeof *declined; i++) {
        json_t *v;
        if (pc__json_parse(declined[i], strlen(declined[i]), &v) !=
            PC_ERR_JSON || v) {
            fail_msg("read %s", declined[i]);
        }
    }
}

/* {"a":[[...]]} nesting `levels` deep, in buf. */
static size_t nested(char *buf, int levels)
{
    size_t n = 0;

    memcpy(buf, "{\"a\":", 5);
    n = 5;
    for (int d = 1; d < levels; d++) {
        buf[n++] = '[';
    }
    for (int d = 1; d < levels; d++) {
        buf[n++] = ']';
    }
    buf[n++] = '}';
    return n;
}

static void test_depth(void **state)
{
    char deep[256];
    size_t n;
    json_t *v;

    (void)state;
    /* PC_PROTOCOL_MAX_DEPTH levels are read; one more is declined. */
    n = nested(deep, PC_PROTOCOL_MAX_DEPTH);
    assert_int_equal(pc__json_parse(deep, n, &v), PC_OK);
    json_decref(v);
    n = nested(deep, PC_PROTOCOL_MAX_DEPTH + 1);
    assert_int_equal(pc__json_parse(deep, n, &v), PC_ERR_JSON);
    assert_null(v);
}

/* Mutations of the requests (bytes replaced, inserted, cut) agree with
 * jansson whenever they are valid UTF-8, as the protocol checks first. */
static void test_mutations_agree(void **state)
{
    static const char bytes[] = "{}[]\":,\\u0123456789abcdefABCDEF-+.eE "
                                "\t\n\x01tfnrl";
    long n;

    (void)state;
    n = pc_test_mutants(requests, sizeof requests / sizeof *requests, 60000,
                        12345, bytes, sizeof bytes - 1, assert_agrees);
    /* Nearly every mutant is valid UTF-8 (the bytes put in are ASCII). */
    assert_true(n > 50000);
}

/* The pack loader's flags, with the rules' examples left out (a
 * built-in pack in `postcheck serve`), and its depth limit. */
#define LEAN (PC__JSON_REALS | PC__JSON_NO_EXAMPLES)
#define PACK_DEPTH 64

/* Replaces the "examples" of every object three deep in j (a pack's
 * rules; j is `depth` deep) by null. */
static void null_examples(json_t *j, int depth)
{
    const char *key;
    json_t *v;
    size_t i;

    if (depth == 3 && json_object_get(j, "examples")) {
        json_object_set_new(j, "examples", json_null());
    }
    json_object_foreach(j, key, v) {
        null_examples(v, depth + 1);
    }
    json_array_foreach(j, i, v) {
        null_examples(v, depth + 1);
    }
}

/* s read as the pack loader reads it without the rules' examples equals
 * jansson's reading with every rule's examples replaced by null, when
 * it reads at all. Returns 1 when it read. */
static int lean_agrees(const char *s, size_t n)
{
    json_t *fast, *slow;

    if (pc__json_read(s, n, PACK_DEPTH, LEAN, &fast) != PC_OK) {
        assert_null(fast);
        return 0;
    }
    slow = json_loadb(s, n, JSON_REJECT_DUPLICATES, NULL);
    assert_non_null(slow);
    null_examples(slow, 1);
    assert_true(json_equal(fast, slow));
    json_decref(fast);
    json_decref(slow);
    return 1;
}

/* The built-in packs are valid UTF-8 (their parse does not check it
 * again: PC__PACK_UTF8) and are read without their examples (so serve's
 * start takes the lean path), as jansson reads them less the examples. */
static void test_lean_builtin_packs(void **state)
{
    int n = 0;

    (void)state;
    for (const struct pc__blob *b = pc__builtin_packs; b->name; b++, n++) {
        assert_true(pc_utf8_valid(b->data, b->len, NULL));
        if (!lean_agrees(b->data, b->len)) {
            fail_msg("%s declined", b->name);
        }
    }
    assert_true(n >= 5);
}

/* Mutations of a pack with examples (bytes replaced, inserted, cut):
 * what the lean reader reads, jansson reads too, and the same but for
 * the examples; what jansson refuses inside the examples, it declines.
 * (The examples' keys differ in two bytes or more: one mutation cannot
 * make a duplicate there, which only the lean reader would take.) */
static void test_lean_mutations_agree(void **state)
{
    static const char pack[] =
        "{\"id\":\"p\",\"rules\":[{\"id\":\"a\",\"examples\":{\"flag\":"
        "[{\"text\":\"caf\\u00e9 \\\"x\\\" \\ud83c\\udf89\",\"count\":-12,"
        "\"yes\":true,\"none\":null},\"Ring 07700\"],\"pass\":[[1,[]],{}]}},"
        "{\"examples\":[],\"k\":\"v\"}],\"examples\":{\"kept\":1}}";
    static const char bytes[] = "{}[]\":,\\u0123456789abcdefABCDEF-+.eE "
                                "\t\n\x01tfnrl";
    static const char *const bad[] = {
        "{\"rules\":[{\"examples\":{\"a\":1,}}]}",
        "{\"rules\":[{\"examples\":[\"\\x41\"]}]}",
        "{\"rules\":[{\"examples\":{\"a\\u0000\":1}}]}",
        "{\"rules\":[{\"examples\":[\"\\ud800\"]}]}",
        "{\"rules\":[{\"examples\":[01]}]}",
        "{\"rules\":[{\"examples\":{\"a\" 1}}]}",
        "{\"rules\":[{\"examples\":[tru]}]}",
        "{\"rules\":[{\"examples\":1,\"examples\":2}]}",
    };
    const char *const seeds[] = {pack};

    (void)state;
    assert_true(lean_agrees(pack, sizeof pack - 1));
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        json_t *v;
        if (pc__json_read(bad[i], strlen(bad[i]), PACK_DEPTH, LEAN, &v) !=
            PC_ERR_JSON || v) {
            fail_msg("read %s", bad[i]);
        }
    }
    assert_true(pc_test_mutants(seeds, 1, 40000, 777, bytes, sizeof bytes - 1,
                                lean_agrees) > 1000);
}

static int fail_at, alloc_count;

static void *failing_malloc(size_t n)
{
    return ++alloc_count == fail_at ? NULL : malloc(n);
}

/* A failed allocation is out of memory, never a decline (which would
 * read the request again with jansson) nor a partial value. */
static void test_allocation_failures(void **state)
{
    const char *req = requests[2];
    int failed = 0;

    (void)state;
    for (fail_at = 1; fail_at < 200; fail_at++) {
        json_t *v;
        pc_status st;
        alloc_count = 0;
        json_set_alloc_funcs(failing_malloc, free);
        st = pc__json_parse(req, strlen(req), &v);
        json_set_alloc_funcs(malloc, free);
        if (st == PC_OK) {
            assert_non_null(v);
            assert_true(alloc_count < fail_at);
            json_decref(v);
            continue;
        }
        assert_int_equal(st, PC_ERR_NOMEM);
        assert_null(v);
        failed++;
    }
    assert_true(failed > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads_requests),
        cmocka_unit_test(test_strings_decode),
        cmocka_unit_test(test_declines),
        cmocka_unit_test(test_depth),
        cmocka_unit_test(test_mutations_agree),
        cmocka_unit_test(test_allocation_failures),
        cmocka_unit_test(test_lean_builtin_packs),
        cmocka_unit_test(test_lean_mutations_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
