/* test_text_model.c: the one text model every module walks text with
 * (text.h, text_walk.c): UTF-8 decoding, the cursor between byte and
 * UTF-16 offsets, and (through a whole check) that the offsets the host
 * reports to the extension land on the characters the user typed.
 *
 * What users rely on: the underline the extension draws from a finding's
 * UTF-16 span covers exactly the flagged words even after emoji and other
 * characters beyond the BMP (two UTF-16 units each in JavaScript), and a
 * {match} quote is the text that was flagged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "postcheck/pack.h"
#include "postcheck/rules.h"
#include "postcheck/text.h"

/* "a", "é" (2 bytes), "€" (3 bytes), "😀" U+1F600 (4 bytes, 2 units), "b" */
static const char MIXED[] = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80" "b";

static void test_utf8_next_decodes_every_length(void **state)
{
    size_t i = 0, len = sizeof MIXED - 1;

    (void)state;
    assert_int_equal(pc_utf8_next(MIXED, len, &i), 'a');
    assert_int_equal(i, 1);
    assert_int_equal(pc_utf8_next(MIXED, len, &i), 0xE9);
    assert_int_equal(i, 3);
    assert_int_equal(pc_utf8_next(MIXED, len, &i), 0x20AC);
    assert_int_equal(i, 6);
    assert_int_equal(pc_utf8_next(MIXED, len, &i), 0x1F600);
    assert_int_equal(i, 10);
    assert_int_equal(pc_utf8_next(MIXED, len, &i), 'b');
    assert_int_equal(i, len);
}

static void test_utf8_next_never_reads_past_len(void **state)
{
    size_t i = 0;

    (void)state;
    /* The emoji cut after two of its four bytes. */
    assert_int_equal(pc_utf8_next(MIXED + 6, 2, &i), 0xFFFD);
    assert_int_equal(i, 2);
    i = 2; /* a continuation byte on its own */
    assert_int_equal(pc_utf8_next(MIXED, 3, &i), 0xFFFD);
    assert_int_equal(i, 3);
}

static void test_char_start_and_units(void **state)
{
    (void)state;
    assert_int_equal(pc_utf8_char_start(MIXED, 2), 1);
    assert_int_equal(pc_utf8_char_start(MIXED, 5), 3);
    assert_int_equal(pc_utf8_char_start(MIXED, 9), 6);
    assert_int_equal(pc_utf8_char_start(MIXED, 10), 10);
    assert_int_equal(pc_utf8_seq_len((unsigned char)MIXED[6]), 4);
    assert_int_equal(pc_utf8_u16_units((unsigned char)MIXED[6]), 2);
    assert_int_equal(pc_utf8_u16_units((unsigned char)MIXED[7]), 0);
}

static void test_cursor_both_ways(void **state)
{
    pc_text_cursor c;
    size_t len = sizeof MIXED - 1;

    (void)state;
    pc_text_cursor_init(&c, MIXED, len);
    /* UTF-16: a=0 é=1 €=2 😀=3,4 b=5, end 6. */
    assert_int_equal(pc_text_cursor_to_u16(&c, 3), 6);
    assert_int_equal(pc_text_cursor_to_u16(&c, 5), 10);
    /* Inside the surrogate pair: the pair's start. */
    assert_int_equal(pc_text_cursor_to_u16(&c, 4), 6);
    assert_int_equal(pc_text_cursor_to_u16(&c, 6), 11);
    assert_int_equal(pc_text_cursor_to_u16(&c, 99), 11);
    /* Seeking back starts again. */
    assert_int_equal(pc_text_cursor_to_u16(&c, 1), 1);
    assert_int_equal(pc_text_cursor_to_byte(&c, 10), 5);
    assert_int_equal(pc_text_cursor_to_byte(&c, 3), 2);
    /* A byte inside a character counts from the character's start. */
    assert_int_equal(pc_text_cursor_to_byte(&c, 8), 3);
    assert_int_equal(pc_text_cursor_to_byte(&c, 11), 6);
    assert_int_equal(pc_text_cursor_to_byte(&c, 99), 6);
}

/* ---- offsets through a whole check ---------------------------------- */

static const char PACK[] =
    "{\"format\": 1, \"id\": \"tm\", \"name\": \"Text model tests\","
    " \"version\": \"1\", \"organisation\": {\"name\": \"Org\", \"names\": [\"Org\"]},"
    " \"source\": {\"title\": \"written for tests/test_text_model.c\"},"
    " \"rules\": ["
    "  {\"id\": \"tm.term\", \"kind\": \"pattern\", \"category\": \"confidential\","
    "   \"severity\": \"warning\", \"applies_to\": [\"personal\"],"
    "   \"clause\": \"1\", \"quote\": \"q\", \"message\": \"[{match}]\","
    "   \"terms\": [\"alt\"],"
    "   \"examples\": {\"flag\": [\"alt text\"], \"pass\": [\"salt\"]}}"
    " ]}";

static pc_packset *g_set;
static const pc_pack *g_pack;

static int setup(void **state)
{
    pc_error err;

    (void)state;
    pc_error_clear(&err);
    g_set = pc_packset_new(&err);
    if (!g_set || pc_packset_add_json(g_set, PACK, sizeof PACK - 1,
                                      "test_text_model", NULL,
                                      PC_SOURCE_FILE, &err) != PC_OK) {
        fprintf(stderr, "pack: %s\n", err.text);
        return -1;
    }
    g_pack = pc_packset_ready(g_set, "tm", &err);
    if (!g_pack) {
        fprintf(stderr, "pack: %s\n", err.text);
    }
    return g_pack ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    pc_packset_free(g_set);
    return 0;
}

/* Checks text; copies up to max findings of rule into out (messages
 * into msg[i], owned by the caller); returns how many there were. */
static size_t check(const char *text, const char *rule, pc_finding *out,
                    char **msg, size_t max)
{
    pc_post post;
    pc_findings f = {0};
    pc_error err;
    size_t n = 0;

    memset(&post, 0, sizeof post);
    post.text = text;
    post.text_len = strlen(text);
    post.account = PC_ACCOUNT_PERSONAL;
    pc_error_clear(&err);
    assert_int_equal(pc_check(g_pack, &post, &f, NULL, &err), PC_OK);
    for (size_t i = 0; i < f.n; i++) {
        if (strcmp(f.v[i].rule, rule) != 0) {
            continue;
        }
        if (n < max) {
            out[n] = f.v[i];
            msg[n] = f.v[i].message ? strdup(f.v[i].message) : NULL;
            out[n].message = NULL;
        }
        n++;
    }
    pc_findings_free(&f);
    return n;
}

static void test_spans_after_astral_characters(void **state)
{
    pc_finding f[4];
    char *msg[4] = {0};
    /* "😀 𝒜 alt 🇬🇧 alt": the emoji, the mathematical script A (NFKC: "A")
     * and each regional indicator are two UTF-16 units. */
    size_t n = check("\xF0\x9F\x98\x80 \xF0\x9D\x92\x9C alt "
                     "\xF0\x9F\x87\xAC\xF0\x9F\x87\xA7 alt",
                     "tm.term", f, msg, 4);

    (void)state;
    assert_int_equal(n, 2);
    assert_int_equal(f[0].start, 6);
    assert_int_equal(f[0].end, 9);
    assert_int_equal(f[1].start, 15);
    assert_int_equal(f[1].end, 18);
    /* {match} quotes exactly the flagged characters. */
    assert_string_equal(msg[0], "[alt]");
    assert_string_equal(msg[1], "[alt]");
    free(msg[0]);
    free(msg[1]);
}

int main(void)
{
    const struct CMUnitTest walk[] = {
        cmocka_unit_test(test_utf8_next_decodes_every_length),
        cmocka_unit_test(test_utf8_next_never_reads_past_len),
        cmocka_unit_test(test_char_start_and_units),
        cmocka_unit_test(test_cursor_both_ways),
    };
    const struct CMUnitTest checks[] = {
        cmocka_unit_test(test_spans_after_astral_characters),
    };
    int failed = cmocka_run_group_tests_name("text walk", walk, NULL, NULL);

    return failed +
           cmocka_run_group_tests_name("text model in a check", checks,
                                       setup, teardown);
}
