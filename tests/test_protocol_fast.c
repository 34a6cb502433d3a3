/* test_protocol_fast.c: the check request's one-pass reader
 * (host/protocol_fast.c) against the tree it stands in for. Generated
 * requests, valid and broken (members in any order, white space, escapes
 * and surrogate pairs, NULs, wrong types, unknown and repeated keys, long
 * ids, attachments, invalid JSON, invalid UTF-8 in strings and keys,
 * and bytes changed at random), each handled twice by
 * pc_protocol_handle with the test pack: with the one-pass reader and
 * with every request read into a jansson tree. The
 * two replies must be the same bytes (but for elapsed_us) with the same
 * status, and the reader must both take and decline many of them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "postcheck/protocol.h"
#include "protocol_int.h"
#include "support_protocol.h"

#define ROUNDS 4000

static unsigned long rng_state = 20261205;

static unsigned long rng(void)
{
    rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
    return rng_state >> 33;
}

/* A tame request's members take only the first values of each list,
 * which the one-pass reader takes (some fail later, as the tree's
 * reader's would: an unknown policy, account.kind's value, "now"). */
static int tame;

/* One of the n strings of v, of its first `first` when tame. */
static const char *pick(const char *const *v, size_t n, size_t first)
{
    return v[rng() % (tame ? first : n)];
}

#define PICK_OF(v, first) pick(v, sizeof v / sizeof v[0], first)
#define PICK(v) PICK_OF(v, sizeof v / sizeof v[0])

/* Values for each member, those a tame request takes first; "" leaves
 * the member out. */
static const char *const types[] = {
    "\"check\"", "\"check\"", "\"check\"", "\"chec\\u006b\"", "\"hello\"",
    "\"check\\u0000\"", "5", "null", ""};
static const char *const ids[] = {
    "1", "\"abc\"", "-0", "\"a\\u00e9\\\"\"", "\"\\ud83d\\ude00\"", "null",
    "\"\xc3\xa9t\xc3\xa9\"", "0", "-17", "123456789012345678", "",
    "1234567890123456789", "01", "1.5", "1e3", "\"a\\u0000b\"", "true",
    "[]", "\"\xff\"", "\"\xe2\x80\""};
static const char *const policies[] = {
    "\"pctest\"", "\"pctest\"", "\"nope\"", "\"pct\\u0065st\"",
    "\"pctest\\u0000x\"", "null", "5", "{}", ""};
static const char *const accounts[] = {
    "{\"kind\":\"personal\"}", "{\"kind\":\"official\",\"handle\":\"@a\","
    "\"display_name\":\"A \\\"b\\\"\"}", "{\"handle\":null,\"kind\":"
    "\"personal\",\"display_name\":null}", "{\"kind\":\"other\"}",
    "{\"kind\":null}", "{}", "{\"kind\":\"personal\",\"kind\":\"official\"}",
    "{\"kind\":\"personal\",\"extra\":1}", "{\"kind\":\"personal\","
    "\"handle\":5}", "{\"kind\":\"personal\",\"handle\":\"@\\u0000\"}",
    "{ \"kind\" : \"personal\" , }", "{\"kind\":\"personal\",\"h\xc3\xa9\":1}",
    "{\"kind\":\"pers\xc3onal\"}", "{\"kind\":\"personal\",\"handle\":"
    "\"@\xe2\x82\"}", "\"personal\"", "null", ""};
static const char *const texts[] = {
    "\"a secret password\"", "\"We met at the conference! Call 07700 "
    "900123 \\\"now\\\"\\n\\tcaf\\u00e9 \\ud83d\\ude00 \xe2\x80\x94 ok\"",
    "\"x\\u0000y secret\"", "\"slash \\/ and \\b\\f\\r\"",
    "\"\\uD83D\\uDE00 upper hex\"", "\"\"", "\"lone \\ud800 high\"",
    "\"lone \\udc00 low\"", "\"bad \\x escape\"", "\"bad \xc3( utf8\"",
    "\"\xed\xa0\x80 surrogate\"", "\"\xc0\xaf overlong\"",
    "\"\xf4\x90\x80\x80 past U+10FFFF\"", "\"cut \xe2\x80\"", "\"\x80 stray\"",
    "\"\xf0\x9f\x98\"", "5", "null", ""};
static const char *const sites[] = {
    "\"x.com\"", "\"x.com\"", "null", "5", "\"x\\u0000\"", ""};
static const char *const nows[] = {
    "\"2026-11-23T10:15:00Z\"", "\"2026-11-23T10:15:00+00:00\"",
    "\"2026-11-21T23:15:00+01:00\"", "null", "\"yesterday\"", "5", ""};
static const char *const lockeds[] = {
    "", "", "false", "null", "true", "\"yes\"", "tru", ""};
static const char *const attachments[] = {
    "", "", "null", "[]", "[ ]", "[{\"kind\":\"image\",\"dhash\":"
    "\"00ff00ff00ff00ff\"}]", "\"x\"", ""};
static const char *const extras[] = {
    "", "", "", "", "", "{\"a\":[1,2,{\"b\":null}]}", "1.25", "\"x\""};
static const char *const spaces[] = {"", "", "", " ", "\n", "\t ", "\r\n"};

/* Appends ws, "key", ws, ':', ws, value to buf (at *len). */
static void member(char *buf, size_t *len, const char *key,
                   const char *value)
{
    *len += (size_t)sprintf(buf + *len, "%s\"%s\"%s:%s%s", PICK(spaces), key,
                            PICK(spaces), PICK(spaces), value);
}

/* A request of random members in random order. */
static size_t make_request(char *buf)
{
    static const char *const keys[] = {"type", "id", "policy", "account",
        "text", "site", "now", "locked", "attachments", "extra"};
    const char *values[10];
    size_t order[12], n = 0, len = 0;

    values[0] = PICK_OF(types, 4);
    values[1] = PICK_OF(ids, 11);
    values[2] = PICK_OF(policies, 4);
    values[3] = PICK_OF(accounts, 4);
    values[4] = PICK_OF(texts, 6);
    values[5] = PICK_OF(sites, 3);
    values[6] = PICK_OF(nows, 5);
    values[7] = PICK_OF(lockeds, 5);
    values[8] = PICK_OF(attachments, 5);
    values[9] = PICK_OF(extras, 1);
    for (size_t k = 0; k < 10; k++) {
        if (values[k][0] != '\0') {
            order[n++] = k;
        }
    }
    if (n > 0 && !tame && rng() % 10 == 0) {
        size_t again = order[rng() % n];
        order[n++] = again; /* a repeated key */
    }
    for (size_t k = n; k > 1; k--) {
        size_t j = rng() % k, t = order[k - 1];
        order[k - 1] = order[j];
        order[j] = t;
    }
    len += (size_t)sprintf(buf, "%s{", PICK(spaces));
    for (size_t k = 0; k < n; k++) {
        if (k > 0) {
            buf[len++] = ',';
        }
        member(buf, &len, keys[order[k]], values[order[k]]);
    }
    len += (size_t)sprintf(buf + len, "%s}%s", PICK(spaces), PICK(spaces));
    return len;
}

/* Changes a byte, cuts the request short or puts a JSON byte in. */
static void mutate(char *buf, size_t *len)
{
    size_t pos = *len ? rng() % *len : 0;

    switch (rng() % 3) {
    case 0:
        buf[pos] = (char)rng();
        break;
    case 1:
        *len = pos;
        break;
    default:
        buf[pos] = "{}[]\",:\\0u "[rng() % 11];
    }
}

/* The reply to req with the one-pass reader on or off; elapsed_us's
 * digits are taken out. */
static char *handle(const char *req, size_t len, int fast, pc_status *st)
{
    char *reply = NULL, *e;
    size_t reply_len = 0;

    pc__protocol_fast_set(fast);
    *st = pc_protocol_handle(pc_test_protocol_packs, req, len, &reply,
                             &reply_len);
    pc__protocol_fast_set(1);
    assert_non_null(reply);
    assert_int_equal(strlen(reply), reply_len);
    e = strstr(reply, "\"elapsed_us\":");
    if (e) {
        size_t digits = strspn(e + 13, "0123456789");
        memmove(e + 13, e + 13 + digits, strlen(e + 13 + digits) + 1);
    }
    return reply;
}

static void test_same_replies(void **state)
{
    static char buf[8192];
    int taken = 0, declined = 0, results = 0;

    (void)state;
    for (int i = 0; i < ROUNDS; i++) {
        size_t len;
        pc__check_req q;
        json_t *id;
        char *arena, *a, *b;
        pc_status sa, sb;
        int took;
        tame = rng() % 2;
        len = make_request(buf);
        if (!tame && rng() % 3 == 0) {
            mutate(buf, &len);
        }
        took = pc__check_read_fast(buf, len, &q, &id, &arena);
        taken += took == 1;
        declined += took == 0;
        json_decref(id);
        free(arena);
        a = handle(buf, len, 1, &sa);
        b = handle(buf, len, 0, &sb);
        if (strcmp(a, b) != 0 || sa != sb) {
            print_message("request: %.*s\nfast: %s\ntree: %s\n", (int)len,
                          buf, a, b);
        }
        assert_string_equal(a, b);
        assert_int_equal(sa, sb);
        results += strncmp(a, "{\"type\":\"result\"", 16) == 0;
        free(a);
        free(b);
    }
    /* Both paths are exercised, and checks that run as well as errors. */
    assert_true(taken > ROUNDS / 4);
    assert_true(declined > ROUNDS / 4);
    assert_true(results > ROUNDS / 40);
}

/* The request the extension sends, as pc_bench sends it: taken, and its
 * fields as the tree reads them. */
static void test_usual_request_taken(void **state)
{
    static const char req[] = "{\"type\":\"check\",\"id\":7,\"policy\":"
        "\"pctest\",\"account\":{\"kind\":\"personal\",\"handle\":\"@jane\"},"
        "\"site\":\"x.com\",\"text\":\"Caf\\u00e9 \\\"open\\\"\\n\","
        "\"now\":\"2026-11-23T10:15:00+00:00\"}";
    pc__check_req q;
    json_t *id;
    char *arena;

    (void)state;
    assert_int_equal(pc__check_read_fast(req, sizeof req - 1, &q, &id,
                                         &arena), 1);
    assert_int_equal(json_integer_value(id), 7);
    assert_string_equal(q.policy, "pctest");
    assert_string_equal(q.kind, "personal");
    assert_string_equal(q.handle, "@jane");
    assert_null(q.display_name);
    assert_string_equal(q.site, "x.com");
    assert_int_equal(q.text_len, strlen("Caf\xc3\xa9 \"open\"\n"));
    assert_string_equal(q.text, "Caf\xc3\xa9 \"open\"\n");
    assert_string_equal(q.now, "2026-11-23T10:15:00+00:00");
    assert_int_equal(q.locked, 0);
    json_decref(id);
    free(arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_usual_request_taken),
        cmocka_unit_test(test_same_replies),
    };
    return cmocka_run_group_tests(tests, pc_test_protocol_setup,
                                  pc_test_protocol_teardown);
}
