/* test_text_words.c: the host rules' one word cutter (text_words.c).
 *
 * What users rely on: the rules that keep a harassment finding off
 * counter-speech, a complaint about another club or a rant at the printer
 * read the words the user wrote: "isn't" is one word, "Zoë" is not cut
 * at its accent, a symbol or emoji between words is no word, and a
 * sentence ends where the rest of the engine says it does (so "3.5" and
 * "llmat.org" do not end one). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "text_words.h"

#define MAX_WORDS 16

/* The words of s cut with flags: their keys joined by '|', each key
 * after its gap's marks ('.' a sentence edge, ',' a clause mark, ':' a
 * colon, '"' a quote); spans of word k into a[k], b[k]. */
static size_t cut(const char *s, unsigned flags, char *out, size_t cap,
                  size_t *a, size_t *b)
{
    pc_text_words c;
    pc_text_word w;
    size_t n = 0, o = 0;

    pc_text_words_init(&c, s, strlen(s), 0, strlen(s), flags);
    out[0] = '\0';
    while (pc_text_words_next(&c, &w) && n < MAX_WORDS) {
        o += (size_t)snprintf(out + o, cap - o, "%s%s%s%s%s%s", n ? "|" : "",
                              (w.gap & PC_GAP_SENTENCE) ? "." : "",
                              (w.gap & PC_GAP_CLAUSE) ? "," : "",
                              (w.gap & PC_GAP_COLON) ? ":" : "",
                              (w.gap & PC_GAP_QUOTE) ? "\"" : "", w.key);
        if (a) {
            a[n] = w.a;
            b[n] = w.b;
        }
        n++;
    }
    return n;
}

#define CUT_IS(s, flags, want)                                              \
    do {                                                                    \
        char got_[512];                                                     \
        cut(s, flags, got_, sizeof got_, NULL, NULL);                       \
        assert_string_equal(got_, want);                                    \
    } while (0)

static void test_words_are_the_engines(void **state)
{
    (void)state;
    /* © and £ are symbols, no word; "Zoë" (precomposed) and "Zoë" (e and
     * a combining diaeresis) are one word each; digits are words. */
    CUT_IS("Zo\xC3\xAB \xC2\xA9 2026 \xC2\xA3" "5 Zoe\xCC\x88 club",
           0, "zo\xC3\xAB|2026|5|zoe\xCC\x88|club");
    /* An emoji between two words is none: "great😀Dave"; nor is its
     * variation selector (a combining mark, which starts no word):
     * "w🅾️man". */
    CUT_IS("great\xF0\x9F\x98\x80" "Dave", 0, "great|dave");
    CUT_IS("w\xF0\x9F\x85\xBE\xEF\xB8\x8F" "man", 0, "w|man");
    /* '_' ends a word: a handle's parts are words. */
    CUT_IS("@OliverNash_ALT", PC_WORDS_TAGS, "olivernash|alt");
}

static void test_joiners_only_when_asked(void **state)
{
    size_t a[MAX_WORDS], b[MAX_WORDS];
    char got[256];

    (void)state;
    CUT_IS("Isn't the co-op's head\xE2\x80\x99s", 0,
           "isn|t|the|co|op|s|head|s");
    CUT_IS("Isn't the co-op's head\xE2\x80\x99s", PC_WORDS_APOSTROPHE,
           "isnt|the|co|ops|heads");
    CUT_IS("Isn't the co-op's", PC_WORDS_HYPHEN, "isn|t|the|coop|s");
    /* A joiner needs a word character after it: "ramblers' " and
     * "well- " end at the letter before. */
    assert_int_equal(cut("ramblers' well- x", PC_WORDS_APOSTROPHE |
                                                PC_WORDS_HYPHEN,
                         got, sizeof got, a, b),
                     3);
    assert_string_equal(got, "ramblers|well|x");
    assert_int_equal(b[0], 8);
    assert_int_equal(b[1], 14);
    /* A handle's '@' and a hashtag's '#' are in the span, not the key. */
    assert_int_equal(cut("hi @Dave #LLMAT @ #", PC_WORDS_TAGS, got,
                         sizeof got, a, b),
                     3);
    assert_string_equal(got, "hi|dave|llmat");
    assert_int_equal(a[1], 3);
    assert_int_equal(a[2], 9);
    CUT_IS("hi @Dave", 0, "hi|dave");
}

static void test_gaps_are_the_engines_sentence_edges(void **state)
{
    (void)state;
    /* "3.5", "llmat.org" and "e.g" go on; a stop and a space end one,
     * and so do "?!", a line break and a stop inside quotes. */
    CUT_IS("Up 3.5 at llmat.org, e.g. now?! Yes\nno \"ok.\" so", 0,
           "up|3|5|at|llmat|org|,e|g|.now|.yes|.no|\"ok|.\"so");
    CUT_IS("Note: this (then) that; it", 0,
           "note|,:this|,then|,that|,it");
}

static void test_long_words_and_spans(void **state)
{
    pc_text_words c;
    pc_text_word w;
    const char *s = "ab supercalifragilisticexpialidociously cd. Ef";

    (void)state;
    /* A key longer than PC_TEXT_KEY_MAX is none. */
    pc_text_words_init(&c, s, strlen(s), 0, strlen(s), 0);
    assert_true(pc_text_words_next(&c, &w));
    assert_true(pc_text_words_next(&c, &w));
    assert_int_equal(w.n, 0);
    assert_string_equal(w.key, "");
    /* A span inside the text: its words only, from its start. */
    pc_text_words_init(&c, s, strlen(s), 41, strlen(s), 0);
    assert_true(pc_text_words_next(&c, &w));
    assert_string_equal(w.key, "d");
    assert_int_equal(w.a, 41);
    assert_int_equal(w.b, 42);
    assert_true(pc_text_words_next(&c, &w));
    assert_string_equal(w.key, "ef");
    assert_int_equal(w.gap, PC_GAP_STOP);
    assert_false(pc_text_words_next(&c, &w));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words_are_the_engines),
        cmocka_unit_test(test_joiners_only_when_asked),
        cmocka_unit_test(test_gaps_are_the_engines_sentence_edges),
        cmocka_unit_test(test_long_words_and_spans),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
