/* test_text_walk.c: the one text model every module walks text with
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
#include "support_check.h"
#include "support_pack.h"

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

/* One word, "alt", found four ways, each rule its own category so the
 * merge keeps all four: a plain term (one pass, no regex: termset.c), the
 * same term `spaced` (compiled to a regex with word guards: match.c), a
 * pattern with PCRE2's \b, and a pattern guarded by the word class that
 * text.h gives (PC_TEXT_WORD_CLASS). */
#define RULE_EX(name, cat, match, flag, pass)                               \
    "  {\"id\": \"tm." name "\", \"kind\": \"pattern\", \"category\": \""     \
    cat "\", \"severity\": \"warning\", \"applies_to\": [\"personal\"],"      \
    "   \"clause\": \"1\", \"quote\": \"q\", \"message\": \"[{match}]\","     \
    match ", \"examples\": {\"flag\": [\"" flag "\"], \"pass\": [\"" pass    \
    "\"]}}"
#define RULE(name, cat, match) RULE_EX(name, cat, match, "alt text", "salt")

static const char PACK[] =
    "{\"format\": 1, \"id\": \"tm\", \"name\": \"Text model tests\","
    " \"version\": \"1\","
    " \"organisation\": {\"name\": \"Org\", \"names\": [\"Org\"]},"
    " \"source\": {\"title\": \"written for tests/test_text_walk.c\"},"
    " \"rules\": ["
    RULE("term", "confidential", "\"terms\": [\"alt\"]") ","
    RULE("spaced", "political",
         "\"terms\": [{\"term\": \"alt\", \"spaced\": true}]") ","
    RULE("bpat", "endorsement", "\"patterns\": [\"\\\\balt\\\\b\"]") ","
    RULE("class", "reference",
         "\"patterns\": [\"(?<![\\\\p{L}\\\\p{N}\\\\p{M}\\\\p{Pc}])alt"
         "(?![\\\\p{L}\\\\p{N}\\\\p{M}\\\\p{Pc}])\"]") ","
    RULE_EX("near", "guidance",
            "\"terms\": [\"strike\"], \"near\": {\"terms\": [\"tomorrow\"],"
            " \"window\": 60, \"sentence\": true}",
            "strike tomorrow", "strike. Tomorrow")
    " ]}";

static const pc_pack *g_pack;

static int setup(void **state)
{
    return pc_test_pack_setup(state, &g_pack, "test_text_walk", PACK,
                              sizeof PACK - 1, "tm");
}

/* Checks text; copies up to max findings of rule into out (messages
 * into msg[i], owned by the caller); returns how many there were. */
static size_t check(const char *text, const char *rule, pc_finding *out,
                    char **msg, size_t max)
{
    return pc_test_check(g_pack, text, PC_ACCOUNT_PERSONAL, rule, out, msg,
                         max);
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

/* The UTF-16 spans rule finds in text, as "s-e s-e ..." (at most 8). */
static void spans_of(const char *text, const char *rule, char *out,
                     size_t cap)
{
    pc_finding f[8];
    char *msg[8] = {0};
    size_t n = check(text, rule, f, msg, 8), len = 0;

    out[0] = '\0';
    for (size_t i = 0; i < n && i < 8; i++) {
        len += (size_t)snprintf(out + len, cap - len, "%s%ld-%ld",
                                i ? " " : "", f[i].start, f[i].end);
        free(msg[i]);
    }
}

/* Asserts that the plain term and its regex forms find exactly want in
 * text; with_b includes the \b pattern. */
static void assert_agree(const char *text, const char *want, int with_b)
{
    static const char *const rules[] = {"tm.term", "tm.spaced", "tm.class",
                                        "tm.bpat"};
    char got[256];

    for (size_t r = 0; r < 3u + (with_b != 0); r++) {
        spans_of(text, rules[r], got, sizeof got);
        if (strcmp(got, want) != 0) {
            fprintf(stderr, "%s in \"%s\": %s, want %s\n", rules[r], text,
                    got, want);
        }
        assert_string_equal(got, want);
    }
}

static void test_symbols_are_not_word_characters(void **state)
{
    (void)state;
    /* © and £ (two bytes each in UTF-8, like é) are symbols: "alt"
     * next to them is a word of its own. */
    assert_agree("\xC2\xA9" "alt alt\xC2\xA9 \xC2\xA3" "alt alt\xC2\xA3",
                 "1-4 5-8 11-14 15-18", 1);
    /* « » are punctuation. */
    assert_agree("\xC2\xAB" "alt\xC2\xBB", "1-4", 1);
}

static void test_letters_beyond_ascii_are_word_characters(void **state)
{
    (void)state;
    /* "altés" and "éalt" are other words; CJK letters too ("漢alt"), but
     * CJK punctuation ("。alt、") is not. */
    assert_agree("alt\xC3\xA9s \xC3\xA9" "alt", "", 1);
    assert_agree("\xE6\xBC\xA2" "alt alt\xE6\xBC\xA2 \xE6\xBC\xA2 alt "
                 "\xE3\x80\x82" "alt\xE3\x80\x81", "12-15 17-20", 1);
}

static void test_combining_marks_belong_to_their_word(void **state)
{
    (void)state;
    /* "alt̲" (t with a combining low line) and "x̲alt" are other words:
     * a mark is part of the letter before it. PCRE2's own \b leaves
     * marks out before 10.43, so only the term, its regex form and the
     * word-class pattern are held to this (FORMAT.md says so). */
    assert_agree("alt\xCC\xB2 x\xCC\xB2" "alt alt", "11-14", 0);
}

static void test_emoji_and_apostrophes_are_not_word_characters(void **state)
{
    (void)state;
    /* Emoji and flags (two and four UTF-16 units) end a word. */
    assert_agree("\xF0\x9F\x98\x80" "alt alt\xF0\x9F\x98\x80 "
                 "\xF0\x9F\x87\xAC\xF0\x9F\x87\xA7" "alt",
                 "2-5 6-9 16-19", 1);
    /* An apostrophe, straight or typographic, ends a word. */
    assert_agree("alt's 'alt' l'alt alt\xE2\x80\x99s", "0-3 7-10 14-17 18-21",
                 1);
}

/* ---- sentence edges ------------------------------------------------- */

/* The offsets in s where text.h says a sentence ends, as "i i ...". */
static void edges_of(const char *s, char *out, size_t cap)
{
    size_t len = strlen(s), n = 0;

    out[0] = '\0';
    for (size_t i = 0; i < len; i++) {
        if (pc_text_sentence_end(s, len, i)) {
            n += (size_t)snprintf(out + n, cap - n, "%s%zu", n ? " " : "",
                                  i);
        }
    }
}

static void test_sentence_edges(void **state)
{
    static const struct {
        const char *text, *edges;
    } cases[] = {
        {"One. Two! Three? Four", "3 8 15"},
        {"at 3.5 on llmat.org, e.g this", ""},
        {"wait...what", "6"}, /* a run ends where its last byte is */
        {"so... then", "4"},
        {"Really?!No", "7"},
        {"he said \"stop.\" Then (as told.) ok", "14 30"},
        {"a \"quote\" and (this) go on", ""},
        {"line\nbreak\n", "4 10"},
        {"the end.", "7"},
    };
    char got[64];

    (void)state;
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        edges_of(cases[k].text, got, sizeof got);
        if (strcmp(got, cases[k].edges) != 0) {
            fprintf(stderr, "\"%s\": edges %s, want %s\n", cases[k].text,
                    got, cases[k].edges);
        }
        assert_string_equal(got, cases[k].edges);
    }
}

/* `near` with `sentence` cuts where text.h does. */
static void test_near_sentence_uses_the_edges(void **state)
{
    char got[64];

    (void)state;
    spans_of("Strike tomorrow", "tm.near", got, sizeof got);
    assert_string_equal(got, "0-6");
    spans_of("Strike at 3.5, tomorrow", "tm.near", got, sizeof got);
    assert_string_equal(got, "0-6");
    spans_of("Strike at llmat.org tomorrow", "tm.near", got, sizeof got);
    assert_string_equal(got, "0-6");
    spans_of("strike...tomorrow", "tm.near", got, sizeof got);
    assert_string_equal(got, "");
    spans_of("We said \"strike.\" Tomorrow is another day", "tm.near", got,
             sizeof got);
    assert_string_equal(got, "");
    spans_of("Strike?! Tomorrow", "tm.near", got, sizeof got);
    assert_string_equal(got, "");
    /* A typographic closing quote is '"' in the view: the same edge. */
    spans_of("We said \xE2\x80\x9Cstrike.\xE2\x80\x9D Tomorrow", "tm.near", got,
             sizeof got);
    assert_string_equal(got, "");
}

int main(void)
{
    const struct CMUnitTest walk[] = {
        cmocka_unit_test(test_utf8_next_decodes_every_length),
        cmocka_unit_test(test_utf8_next_never_reads_past_len),
        cmocka_unit_test(test_char_start_and_units),
        cmocka_unit_test(test_cursor_both_ways),
        cmocka_unit_test(test_sentence_edges),
    };
    const struct CMUnitTest checks[] = {
        cmocka_unit_test(test_spans_after_astral_characters),
        cmocka_unit_test(test_symbols_are_not_word_characters),
        cmocka_unit_test(test_letters_beyond_ascii_are_word_characters),
        cmocka_unit_test(test_combining_marks_belong_to_their_word),
        cmocka_unit_test(test_emoji_and_apostrophes_are_not_word_characters),
        cmocka_unit_test(test_near_sentence_uses_the_edges),
    };
    int failed = cmocka_run_group_tests_name("text walk", walk, NULL, NULL);

    return failed +
           cmocka_run_group_tests_name("text model in a check", checks,
                                       setup, pc_test_pack_teardown);
}
