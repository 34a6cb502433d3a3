/* test_protocol_result.c: the result reply (host/protocol_result.c): a
 * reply cut to 1 MB keeps the first findings, pc_protocol_result_json
 * keeps every finding that fits and says when it cut some, a reply
 * written in the memory of the one before is the same, and escapes
 * strings so the reply parses back to them exactly, byte for byte as a
 * plain byte-at-a-time escaping writes them (generated strings). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "postcheck/protocol.h"
#include "postcheck/text.h"
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

/* The findings' reply, limit max, PC_PROTOCOL_MAX_REPLY when 0. */
static char *render(const pc_findings *f, size_t max, size_t *len)
{
    return pc_protocol_result_json("p", f, 7,
                                   max ? max : PC_PROTOCOL_MAX_REPLY, len);
}

/* A reply written in memory kept by pc_protocol_reply_free is byte for
 * byte the reply written afresh: kept from a copy of the reply, from a
 * block too small for it (it grows), from a large block (written in
 * place), and when the reply is over its limit (none, and the next one
 * whole); NULL is freed as free() does. */
static void test_reply_kept_same_bytes(void **state)
{
    enum { N = 40 };
    pc_finding v[N];
    pc_findings f = {.v = v, .n = N, .cap = N};
    size_t len, fresh_len, k;
    char *fresh, *again, *block;

    (void)state;
    memset(v, 0, sizeof v);
    for (k = 0; k < N; k++) {
        v[k].rule = "pctest.kept";
        v[k].category = "guidance";
        v[k].severity = PC_SEV_WARNING;
        v[k].message = "A message of the length a pack's messages have, "
                       "with a caf\xc3\xa9 in it";
        v[k].clause = "3.1(g)";
        v[k].quote = "jane.doe@example.org";
        v[k].start = (long)k;
        v[k].end = (long)k + 5;
        v[k].attachment = -1;
    }
    pc_protocol_reply_free(NULL);
    for (size_t n = 1; n <= N; n += 13) {
        f.n = n;
        /* Whatever was kept is used up and freed: then a fresh reply. */
        free(render(&f, 0, &len));
        fresh = render(&f, 0, &fresh_len);
        assert_non_null(fresh);
        for (int from = 0; from < 4; from++) {
            size_t max = from == 3 ? 10 : 0;
            block = from == 1 ? malloc(16) : from == 2 ? malloc(16000)
                                                       : strdup(fresh);
            assert_non_null(block);
            pc_protocol_reply_free(block);
            again = render(&f, max, &len);
            if (from == 3) {
                assert_null(again);
                again = render(&f, 0, &len);
            }
            assert_non_null(again);
            assert_int_equal(len, fresh_len);
            assert_memory_equal(again, fresh, len + 1);
#ifdef __GLIBC__
            if (from == 2) {
                assert_ptr_equal(again, block); /* written in place */
            }
#endif
            free(again);
        }
        free(fresh);
    }
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

/* s[0..n) as a JSON string, a byte at a time (the reply's escaping
 * written out plainly): what put_str must write. */
static size_t plain_escape(const char *s, size_t n, char *out)
{
    size_t k = 0;

    out[k++] = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20) {
            k += (size_t)sprintf(out + k, "\\u%04x", c);
        } else if (c == '"' || c == '\\') {
            out[k++] = '\\';
            out[k++] = (char)c;
        } else {
            out[k++] = (char)c;
        }
    }
    out[k++] = '"';
    out[k] = '\0';
    return k;
}

/* A random string of valid UTF-8: runs of plain ASCII, control
 * characters, quotes, backslashes and two-, three- and four-byte
 * characters, up to max bytes (about max / 8 pieces on average). */
static size_t random_text(char *s, size_t max, unsigned long *seed)
{
    static const char *const pieces[] = {
        "plain ascii words ", "x", "\"", "\\", "\n", "\t", "\x01", "\x1f",
        "\x7f", "caf\xc3\xa9", "\xe2\x80\x94", "\xf0\x9f\x98\x80",
        "0123456789abcdef", "/"};
    size_t n = 0;

    for (;;) {
        const char *p;
        *seed = *seed * 6364136223846793005UL + 1442695040888963407UL;
        p = pieces[(*seed >> 33) % (sizeof pieces / sizeof pieces[0])];
        if (n + strlen(p) > max || (*seed >> 40) % (max / 8) == 0) {
            break;
        }
        memcpy(s + n, p, strlen(p));
        n += strlen(p);
    }
    s[n] = '\0';
    return n;
}

/* Generated messages, quotes and suggestions, from empty to long enough
 * that the reply grows in the middle of one: each written as the plain
 * byte-at-a-time escaping writes it, and read back whole. */
static void test_result_json_generated(void **state)
{
    static char texts[3][4096], want[6 * 4096 + 3];
    unsigned long seed = 7;
    pc_finding v[3];
    pc_findings f = {.v = v, .n = 3, .cap = 3};

    (void)state;
    for (int round = 0; round < 300; round++) {
        size_t len, max = round % 10 == 0 ? 4000 : 300;
        char *js, *at;
        json_t *j;
        memset(v, 0, sizeof v);
        for (int i = 0; i < 3; i++) {
            random_text(texts[i], max, &seed);
            v[i].rule = "p.r";
            v[i].category = "guidance";
            v[i].message = texts[i];
            v[i].quote = texts[(i + 1) % 3];
            v[i].suggestion = texts[(i + 2) % 3];
            v[i].start = v[i].end = v[i].attachment = -1;
        }
        js = pc_protocol_result_json("p", &f, 0, PC_PROTOCOL_MAX_REPLY,
                                     &len);
        assert_non_null(js);
        assert_int_equal(strlen(js), len);
        at = js;
        for (int i = 0; i < 3; i++) {
            plain_escape(texts[i], strlen(texts[i]), want);
            at = strstr(at, "\"message\":");
            assert_non_null(at);
            assert_memory_equal(at + 10, want, strlen(want));
            at += 10;
        }
        j = json_loadb(js, len, JSON_REJECT_DUPLICATES, NULL);
        assert_non_null(j);
        for (int i = 0; i < 3; i++) {
            json_t *g = json_array_get(json_object_get(j, "findings"),
                                       (size_t)i);
            assert_string_equal(pc_test_str(g, "message"), texts[i]);
            assert_string_equal(pc_test_str(g, "quote"),
                                texts[(i + 1) % 3]);
            assert_string_equal(pc_test_str(g, "suggestion"),
                                texts[(i + 2) % 3]);
        }
        json_decref(j);
        free(js);
    }
}

/* A special byte (a quote, a backslash, control characters, characters
 * past ASCII) at every place of messages from 1 to 48 bytes: the writer
 * copies plain bytes sixteen at a time and looks at the last ones from a
 * padded copy, so each place falls at every offset in a block and in the
 * tail; each message is written as the plain escaping writes it. */
static void test_result_json_specials_everywhere(void **state)
{
    static const char *const specials[] = {
        "\"", "\\", "\x01", "\x1f", "\n", "\x7f", "\xc3\xa9",
        "\xe2\x80\x94\xe2\x80\x94", "\xf0\x9f\x98\x80"};
    char msg[64], want[6 * 64 + 3];
    pc_finding v;
    pc_findings f = {.v = &v, .n = 1, .cap = 1};

    (void)state;
    for (size_t len = 1; len <= 48; len++) {
        for (size_t at = 0; at < len; at++) {
            for (size_t k = 0; k < sizeof specials / sizeof *specials; k++) {
                size_t n, sl = strlen(specials[k]);
                char *js, *got;
                memset(msg, 'a', len);
                memcpy(msg + at, specials[k],
                       sl < len - at ? sl : len - at);
                msg[len] = '\0';
                /* A character cut at the end is not UTF-8: refused. */
                if (!pc_utf8_valid(msg, len, NULL)) {
                    continue;
                }
                memset(&v, 0, sizeof v);
                v.rule = "p.r";
                v.message = msg;
                v.start = v.end = v.attachment = -1;
                js = pc_protocol_result_json("p", &f, 0,
                                             PC_PROTOCOL_MAX_REPLY, &n);
                assert_non_null(js);
                plain_escape(msg, len, want);
                got = strstr(js, "\"message\":");
                assert_non_null(got);
                if (strncmp(got + 10, want, strlen(want)) != 0 ||
                    got[10 + strlen(want)] != '}') {
                    fail_msg("message of %zu bytes, special %zu at %zu: %s",
                             len, k, at, js);
                }
                free(js);
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_result_json_limit),
        cmocka_unit_test(test_reply_kept_same_bytes),
        cmocka_unit_test(test_result_json_escaping),
        cmocka_unit_test(test_result_json_generated),
        cmocka_unit_test(test_result_json_specials_everywhere),
    };
    return cmocka_run_group_tests(tests, pc_test_protocol_setup,
                                  pc_test_protocol_teardown);
}
