/* test_text.c: the normalised views of a post and their offset maps.
 *
 * What users rely on: a rule written as "llmat" matches "LLМАТ" typed with
 * Cyrillic letters, "ＬＬＭＡＴ", "L\u200BLMAT"; the underline drawn from a
 * finding covers exactly the characters the user typed (whole surrogate
 * pairs, base plus combining mark); invalid UTF-8 is refused with the
 * offset of the bad byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "postcheck/text.h"

/* One expected mapping: view bytes [b0, b1) come from UTF-16 [u0, u1). */
typedef struct span_case {
    size_t b0, b1, u0, u1;
} span_case;

static pc_text *make(const char *s, size_t len)
{
    pc_error err;
    pc_text *t;

    pc_error_clear(&err);
    t = pc_text_new(s, len, &err);
    assert_non_null(t);
    assert_int_equal(err.code, PC_OK);
    return t;
}

/* Every single-byte span of both views must map to a non-empty span
 * inside the original that does not start or end inside a surrogate
 * pair, and spans must never go backwards. A failure names what. */
static void assert_map_sane(const pc_text *t, const char *what)
{
    size_t len, ulen = pc_text_utf16_len(t), b, u0, u1, prev;
    int v;

    for (v = 0; v < 2; v++) {
        pc_text_view(t, (pc_view)v, &len);
        prev = 0;
        for (b = 0; b < len; b++) {
            pc_text_span(t, (pc_view)v, b, b + 1, &u0, &u1);
            /* A boundary inside a pair maps to the byte of the pair's
             * start, so converting back must land on the same byte for
             * the end of the previous character. */
            if (!(u0 < u1 && u1 <= ulen && u0 >= prev &&
                  pc_text_u16_to_byte(t, u0) < pc_text_u16_to_byte(t, u1))) {
                fail_msg("%s: view %d byte %zu maps to [%zu, %zu) of %zu "
                         "units (the previous byte from %zu)",
                         what, v, b, u0, u1, ulen, prev);
            }
            prev = u0;
        }
    }
}

/* A text, its two views and where their bytes come from (a failure
 * names the case by its number in views[] and its text). */
typedef struct view_case {
    const char *s;     /* the text (no NUL inside) */
    const char *fold;  /* its PC_VIEW_FOLD */
    const char *cased; /* its PC_VIEW_CASED, or NULL: not asked */
    /* view bytes -> UTF-16 units, up to the first with b1 0 */
    span_case fold_spans[5], cased_spans[5];
    size_t utf16; /* its length in UTF-16 units, or 0: not asked */
} view_case;

static const view_case views[] = {
    /* ASCII folds and maps one to one; it is never remapped by confusable
     * skeletons ('m' is "rn"). */
    {.s = "Hi LLMAT, rnm!", .fold = "hi llmat, rnm!", .cased = "Hi LLMAT, rnm!",
     .fold_spans = {{3, 8, 3, 8}, {10, 13, 10, 13}}, .utf16 = 14},
    /* An emoji spans its whole surrogate pair: "a😀b", U+1F600 is 4 UTF-8 bytes
     * and 2 UTF-16 units. */
    {.s = "a\xF0\x9F\x98\x80" "B", .fold = "a\xF0\x9F\x98\x80" "b",
     .cased = "a\xF0\x9F\x98\x80" "B",
     .fold_spans = {{1, 5, 1, 3}, {2, 3, 1, 3}, {5, 6, 3, 4}, {0, 6, 0, 4}},
     .utf16 = 4},
    /* A combining mark stays with its base: "Cafe" + U+0301 + " x", NFKC
     * composes e + acute into U+00E9. */
    {.s = "Cafe\xCC\x81 x", .fold = "caf\xC3\xA9 x", .cased = "Caf\xC3\xA9 x",
     .fold_spans = {{3, 5, 3, 5}, {4, 5, 3, 5}, {6, 7, 6, 7}},
     .cased_spans = {{3, 5, 3, 5}, {4, 5, 3, 5}, {6, 7, 6, 7}}},
    /* CJK is kept: "日本 LLMAT", two BMP ideographs of 3 bytes each. */
    {.s = "\xE6\x97\xA5\xE6\x9C\xAC LLMAT",
     .fold = "\xE6\x97\xA5\xE6\x9C\xAC llmat",
     .fold_spans = {{3, 6, 1, 2}, {7, 12, 3, 8}}},
    /* A ligature expands from one source character: U+FB01 "ﬁ" + "le" ->
     * "file", "f" and "i" both map to the ligature. */
    {.s = "\xEF\xAC\x81le", .fold = "file", .cased = "file",
     .fold_spans = {{0, 1, 0, 1}, {1, 2, 0, 1}, {0, 4, 0, 3}}},
    /* Fullwidth letters become ASCII: "ＬＬＭＡＴ", U+FF2C U+FF2C U+FF2D U+FF21
     * U+FF34. */
    {.s = "\xEF\xBC\xAC\xEF\xBC\xAC\xEF\xBC\xAD\xEF\xBC\xA1\xEF\xBC\xB4",
     .fold = "llmat", .cased = "LLMAT",
     .fold_spans = {{2, 3, 2, 3}, {0, 5, 0, 5}}},
    /* Cyrillic lookalikes become ASCII: "LL" + Cyrillic М А Т, then " " +
     * Cyrillic р а + "ssword". */
    {.s = "LL\xD0\x9C\xD0\x90\xD0\xA2 \xD1\x80\xD0\xB0ssword",
     .fold = "llmat password", .cased = "LLMAT password",
     .fold_spans = {{0, 5, 0, 5}, {2, 3, 2, 3}, {6, 14, 6, 14}},
     .cased_spans = {{0, 5, 0, 5}, {2, 3, 2, 3}, {6, 14, 6, 14}}},
    /* Lowercase small-capital lookalikes: Cyrillic "м" and "т" look like small
     * capitals M and T. */
    {.s = "ll\xD0\xBC\xD0\xB0\xD1\x82", .fold = "llmat"},
    /* Only Latin lookalike scripts are mapped: Greek omicron and Armenian oh
     * in "gοօgle" become "o". */
    {.s = "g\xCE\xBF\xD6\x85gle", .fold = "google"},
    /* Only Latin lookalike scripts are mapped: Arabic heh and alef (skeletons
     * "o" and "l") stay Arabic. */
    {.s = "\xD9\x87\xD8\xA7", .fold = "\xD9\x87\xD8\xA7"},
    /* Accented letters are not confusables: "é" (U+00E9) keeps its accent (its
     * skeleton is e + U+0301). */
    {.s = "\xC3\xA9t\xC3\xA9", .fold = "\xC3\xA9t\xC3\xA9"},
    /* A zero-width space inside a word is dropped: "LL" U+200B "MAT" U+2060,
     * the span of the word covers the ZWSP. */
    {.s = "LL\xE2\x80\x8BMAT\xE2\x81\xA0!", .fold = "llmat!", .cased = "LLMAT!",
     .fold_spans = {{0, 5, 0, 6}, {2, 3, 3, 4}, {5, 6, 7, 8}},
     .cased_spans = {{0, 5, 0, 6}, {2, 3, 3, 4}, {5, 6, 7, 8}}},
    /* Sharp s folds to "ss" from one character. */
    {.s = "Stra\xC3\x9F" "e", .fold = "strasse", .cased = "Stra\xC3\x9F" "e",
     .fold_spans = {{4, 5, 4, 5}, {5, 6, 4, 5}, {4, 6, 4, 5}, {6, 7, 5, 6}},
     .cased_spans = {{4, 6, 4, 5}, {6, 7, 5, 6}}},
    /* Quotes, dashes and spaces become ASCII: it’s “x” a–b c—d 1−2 e<NBSP>f
     * g<EM SPACE>h. */
    {.s = "it\xE2\x80\x99s \xE2\x80\x9Cx\xE2\x80\x9D a\xE2\x80\x93" "b "
          "c\xE2\x80\x94" "d 1\xE2\x88\x92" "2 e\xC2\xA0" "f g\xE2\x80\x83h",
     .fold = "it's \"x\" a-b c-d 1-2 e f g h",
     .cased = "it's \"x\" a-b c-d 1-2 e f g h",
     .fold_spans = {{2, 3, 2, 3}, {5, 8, 5, 8}}},
};

/* Fails, naming the case (what), unless view v of t is want[0, want_len)
 * and NUL-ended. */
static void check_view(const pc_text *t, pc_view v, const char *want,
                       size_t want_len, const char *what)
{
    size_t len = 99;
    const char *s = pc_text_view(t, v, &len);

    if (len != want_len || memcmp(s, want, len) != 0 || s[len] != '\0') {
        fail_msg("%s: view %d is \"%.*s\" (%zu bytes), not \"%s\"", what,
                 (int)v, (int)len, s, len, want);
    }
}

/* Fails, naming the case, unless each of c (up to the first with b1 0)
 * of view v maps so. */
static void check_spans(const pc_text *t, pc_view v, const span_case *c,
                        const char *what)
{
    for (size_t i = 0; c[i].b1; i++) {
        size_t u0, u1;

        pc_text_span(t, v, c[i].b0, c[i].b1, &u0, &u1);
        if (u0 != c[i].u0 || u1 != c[i].u1) {
            fail_msg("%s: view %d bytes [%zu, %zu) map to [%zu, %zu), not "
                     "[%zu, %zu)", what, (int)v, c[i].b0, c[i].b1, u0, u1,
                     c[i].u0, c[i].u1);
        }
    }
}

/* Each text of views: its views, where their bytes come from, its UTF-16
 * length, and a sane map (assert_map_sane). */
static void test_views_and_their_maps(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof views / sizeof *views; i++) {
        const view_case *c = &views[i];
        pc_text *t = make(c->s, strlen(c->s));
        char what[128];

        snprintf(what, sizeof what, "views[%zu] \"%s\"", i, c->s);
        check_view(t, PC_VIEW_FOLD, c->fold, strlen(c->fold), what);
        if (c->cased) {
            check_view(t, PC_VIEW_CASED, c->cased, strlen(c->cased), what);
        }
        check_spans(t, PC_VIEW_FOLD, c->fold_spans, what);
        check_spans(t, PC_VIEW_CASED, c->cased_spans, what);
        if (c->utf16 && pc_text_utf16_len(t) != c->utf16) {
            fail_msg("%s: %zu UTF-16 units, not %zu", what,
                     pc_text_utf16_len(t), c->utf16);
        }
        assert_map_sane(t, what);
        pc_text_free(t);
    }
}

/* A UTF-16 offset inside a surrogate pair is the byte of the pair's
 * start. */
static void test_offset_inside_a_pair_is_its_start(void **state)
{
    static const char s[] = "a\xF0\x9F\x98\x80" "B"; /* "a😀B" */
    pc_text *t = make(s, sizeof s - 1);

    (void)state;
    assert_int_equal(pc_text_u16_to_byte(t, 1), 1);
    assert_int_equal(pc_text_u16_to_byte(t, 2), 1); /* inside the pair */
    assert_int_equal(pc_text_u16_to_byte(t, 3), 5);
    assert_int_equal(pc_text_u16_to_byte(t, 4), 6);
    pc_text_free(t);
}

static void test_empty_text(void **state)
{
    size_t u0 = 9, u1 = 9;
    pc_text *t = make("", 0);

    (void)state;
    check_view(t, PC_VIEW_FOLD, "", 0, "the empty text");
    check_view(t, PC_VIEW_CASED, "", 0, "the empty text");
    assert_int_equal(pc_text_utf16_len(t), 0);
    pc_text_span(t, PC_VIEW_FOLD, 0, 0, &u0, &u1);
    assert_int_equal(u0, 0);
    assert_int_equal(u1, 0);
    pc_text_free(t);
}

static void test_embedded_nul_is_kept(void **state)
{
    static const char s[] = "a\0B";
    size_t len = 0;
    pc_text *t = make(s, 3);

    (void)state;
    check_view(t, PC_VIEW_FOLD, "a\0b", 3, "a NUL inside");
    assert_memory_equal(pc_text_original(t, &len), s, 3);
    assert_int_equal(len, 3);
    assert_int_equal(pc_text_utf16_len(t), 3);
    pc_text_free(t);
}

static void test_empty_span_maps_to_position_of_start(void **state)
{
    static const char s[] = "\xC3\x9F" "x"; /* "ßx": fold "ssx" */
    size_t u0, u1;
    pc_text *t = make(s, sizeof s - 1);

    (void)state;
    pc_text_span(t, PC_VIEW_FOLD, 2, 2, &u0, &u1);
    assert_int_equal(u0, 1);
    assert_int_equal(u1, 1);
    pc_text_span(t, PC_VIEW_FOLD, 3, 3, &u0, &u1);
    assert_int_equal(u0, 2);
    assert_int_equal(u1, 2);
    pc_text_free(t);
}

static void test_long_combining_run_is_bounded(void **state)
{
    /* "x" + 300 combining acute accents + "y": hostile input must not
     * crash, and the spans stay ordered and inside the text. */
    char s[1 + 600 + 1];
    size_t i, len;
    pc_text *t;

    (void)state;
    s[0] = 'x';
    for (i = 0; i < 300; i++) {
        s[1 + 2 * i] = (char)0xCC;
        s[2 + 2 * i] = (char)0x81;
    }
    s[601] = 'y';
    t = make(s, sizeof s);
    assert_int_equal(pc_text_utf16_len(t), 302);
    assert_map_sane(t, "x + 300 combining acute accents + y");
    pc_text_view(t, PC_VIEW_FOLD, &len);
    assert_int_equal(pc_text_view(t, PC_VIEW_FOLD, NULL)[len - 1], 'y');
    pc_text_free(t);
}

static void test_expansion_is_mapped_and_bounded(void **state)
{
    /* U+FDFA is one character that NFKC writes as 18 (33 bytes): every
     * byte maps to it. A post made of nothing else would need eleven
     * times its size in each view and is refused instead. */
    static const char one[] = "\xEF\xB7\xBA";
    size_t len, u0, u1, i, n = 4000 * 3;
    char *many = malloc(n);
    pc_error err;
    pc_text *t = make(one, 3);

    (void)state;
    pc_text_view(t, PC_VIEW_FOLD, &len);
    assert_int_equal(len, 33);
    pc_text_span(t, PC_VIEW_FOLD, 10, 11, &u0, &u1);
    assert_int_equal(u0, 0);
    assert_int_equal(u1, 1);
    pc_text_free(t);
    assert_non_null(many);
    for (i = 0; i < n; i += 3) {
        memcpy(many + i, one, 3);
    }
    pc_error_clear(&err);
    assert_null(pc_text_new(many, n, &err));
    assert_int_equal(err.code, PC_ERR_TOO_LARGE);
    free(many);
}

static void assert_invalid(const char *s, size_t len, size_t bad)
{
    size_t off = 999;
    pc_error err;

    assert_int_equal(pc_utf8_valid(s, len, &off), 0);
    assert_int_equal(off, bad);
    pc_error_clear(&err);
    assert_null(pc_text_new(s, len, &err));
    assert_int_equal(err.code, PC_ERR_UTF8);
    assert_int_equal(err.offset, (long)bad);
}

static void test_invalid_utf8_is_rejected_with_offset(void **state)
{
    (void)state;
    assert_invalid("ab\x80", 3, 2);              /* stray continuation */
    assert_invalid("a\xC0\x80", 3, 1);           /* overlong NUL */
    assert_invalid("a\xC1\xBF", 3, 1);           /* overlong 2-byte */
    assert_invalid("\xE0\x80\x80", 3, 0);        /* overlong 3-byte */
    assert_invalid("xx\xED\xA0\x80", 5, 2);      /* surrogate U+D800 */
    assert_invalid("\xF0\x80\x80\x80", 4, 0);    /* overlong 4-byte */
    assert_invalid("\xF4\x90\x80\x80", 4, 0);    /* above U+10FFFF */
    assert_invalid("\xF5\x80\x80\x80", 4, 0);
    assert_invalid("ok\xE2\x82", 4, 2);          /* truncated at end */
    assert_invalid("\xE2\x82x", 3, 0);           /* truncated inside */
    assert_invalid("\xFF", 1, 0);
}

/* The bad byte is found wherever it stands in a run of ASCII (read
 * thirty-two bytes at a time): at every offset of texts of every length
 * up to 80, after a valid two-byte character or none. */
static void test_invalid_byte_found_at_every_offset(void **state)
{
    char s[88];

    (void)state;
    for (size_t len = 1; len <= 80; len++) {
        for (size_t at = 0; at < len; at++) {
            for (size_t lead = 0; lead < 2 && lead <= at; lead++) {
                size_t off = 999;
                memset(s, 'a', len);
                if (lead && at >= 2) {
                    memcpy(s, "\xC3\xA9", 2);
                }
                s[at] = '\x80';
                assert_int_equal(pc_utf8_valid(s, len, &off), 0);
                assert_int_equal(off, at);
            }
        }
        memset(s, 'a', len);
        assert_int_equal(pc_utf8_valid(s, len, NULL), 1);
    }
}

static void test_valid_utf8_edges_are_accepted(void **state)
{
    static const char s[] = "\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF"
                            "\xEE\x80\x80\xEF\xBF\xBF\xF0\x90\x80\x80"
                            "\xF4\x8F\xBF\xBF";

    (void)state;
    assert_int_equal(pc_utf8_valid(s, sizeof s - 1, NULL), 1);
    assert_int_equal(pc_utf8_valid("", 0, NULL), 1);
}

static void test_normalise_matches_the_view(void **state)
{
    /* Full-width L, then Cyrillic М А Т. */
    static const char s[] = "\xEF\xBC\xACL\xD0\x9C\xD0\x90\xD0\xA2";
    pc_error err;
    char *fold, *cased;

    (void)state;
    pc_error_clear(&err);
    fold = pc_text_normalise(s, sizeof s - 1, PC_VIEW_FOLD, &err);
    cased = pc_text_normalise(s, sizeof s - 1, PC_VIEW_CASED, &err);
    assert_non_null(fold);
    assert_non_null(cased);
    assert_string_equal(fold, "llmat");
    assert_string_equal(cased, "LLMAT");
    free(fold);
    free(cased);
    assert_null(pc_text_normalise("\xC3", 1, PC_VIEW_FOLD, &err));
    assert_int_equal(err.code, PC_ERR_UTF8);
}

/* pc_text_sentence_end asks pc_text_sentence_end_at only of the bytes
 * pc_text_may_end names (and model_judge.c skips to them): of every
 * other byte the full test says no, here where a sentence would end
 * (after a word, before a space and a capital, a line break or the end). */
static void test_no_sentence_ends_outside_may_end(void **state)
{
    static const char *const before[] = {"Done", "Hello there", "ok", ""};
    static const char *const after[] = {"", " Next one", "\n", "  And so"};
    char s[64];

    (void)state;
    for (unsigned c = 0; c < 256; c++) {
        if (pc_text_may_end[c]) {
            continue;
        }
        for (size_t b = 0; b < sizeof before / sizeof *before; b++) {
            for (size_t a = 0; a < sizeof after / sizeof *after; a++) {
                size_t nb = strlen(before[b]), na = strlen(after[a]);
                memcpy(s, before[b], nb);
                s[nb] = (char)c;
                memcpy(s + nb + 1, after[a], na);
                assert_int_equal(pc_text_sentence_end_at(s, nb + 1 + na, nb),
                                 0);
            }
        }
    }
    /* And it names those that do end one. */
    assert_true(pc_text_may_end['.'] && pc_text_may_end['\n'] &&
                pc_text_may_end['?'] && pc_text_may_end['!']);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_views_and_their_maps),
        cmocka_unit_test(test_offset_inside_a_pair_is_its_start),
        cmocka_unit_test(test_empty_text),
        cmocka_unit_test(test_embedded_nul_is_kept),
        cmocka_unit_test(test_empty_span_maps_to_position_of_start),
        cmocka_unit_test(test_long_combining_run_is_bounded),
        cmocka_unit_test(test_expansion_is_mapped_and_bounded),
        cmocka_unit_test(test_invalid_utf8_is_rejected_with_offset),
        cmocka_unit_test(test_valid_utf8_edges_are_accepted),
        cmocka_unit_test(test_invalid_byte_found_at_every_offset),
        cmocka_unit_test(test_normalise_matches_the_view),
        cmocka_unit_test(test_no_sentence_ends_outside_may_end),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
