/* test_text_fast.c: the short cuts of text.c give what the long way
 * gives.
 *
 * What users rely on: a post's views and the underline drawn from a
 * finding (every view byte's UTF-16 span) do not depend on how the views
 * were built. pc_text_new, which writes runs of ASCII without ICU, must
 * build what the long way builds (the whole post through ICU's segments,
 * pc__text_new_slow), and refuse alike a post whose views grow too long;
 * pc_text_new_valid (for bytes a reader already checked) must build what
 * pc_text_new builds. The texts are generated: ASCII words and
 * punctuation mixed with combining marks, (C), the pound sign, CJK, emoji
 * (with a zero-width joiner and a skin tone), Cyrillic and full-width
 * look-alikes, typographic quotes, U+FDFA, a ligature, Hangul jamo, a
 * zero-width space, Unicode spaces and NUL; never invalid UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "postcheck/text.h"
#include "text_int.h"

/* The pieces a generated text is made of. */
static const char *const pieces[] = {
    "a", "b", "Z", "llmat", "LLMAT", "Society", " ", "  ", "\n", ".", "!",
    "?", "'", "\"", "3.5", "07700 900123", "e\xcc\x81",      /* e + U+0301 */
    "\xcc\x81", "\xcc\xa3\xcc\x81",                         /* marks alone */
    "\xc2\xa9", "\xc2\xa3", "caf\xc3\xa9",                  /* (C), pound */
    "\xe4\xb8\xad\xe6\x96\x87",                             /* CJK */
    "\xf0\x9f\x8e\x89",                                     /* emoji */
    "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd",                     /* + skin tone */
    "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb",         /* ZWJ */
    "\xd0\x9c\xd0\x90\xd0\xa2",                             /* Cyrillic */
    "\xef\xbc\xac\xef\xbc\xac",                             /* full-width */
    "\xe2\x80\x9c", "\xe2\x80\x99", "\xe2\x80\x94",         /* quotes, dash */
    "\xef\xb7\xba",                                         /* U+FDFA */
    "\xef\xac\x81",                                         /* fi ligature */
    "\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8",                 /* Hangul jamo */
    "\xe2\x80\x8b", "\xc2\xa0", "\xe3\x80\x80",             /* ZWSP, spaces */
    "A\xcc\x8a", "\xc3\x85",                                /* A ring */
    "\xc4\xb0", "\xe1\xba\x9e",      /* I dot, capital sharp s: longer
                                        folded, the maps then differ */
};

static uint32_t seed = 12345;

static uint32_t next_rand(void)
{
    seed = seed * 1103515245u + 12345u;
    return seed >> 8;
}

/* A generated text of about target bytes into buf (room for target +
 * 64); *len gets its length. One text in eight is mostly ASCII with a
 * piece beyond it now and then, like most posts. */
static void gen_text(char *buf, size_t target, size_t *len)
{
    size_t n = 0, np = sizeof pieces / sizeof pieces[0];
    int plain = next_rand() % 8 != 0;

    while (n < target) {
        const char *p = pieces[next_rand() % np];
        size_t k;
        if (plain && next_rand() % 4 != 0) {
            p = pieces[next_rand() % 16];
        }
        if (next_rand() % 50 == 0) {
            buf[n++] = '\0'; /* an embedded NUL is kept */
            continue;
        }
        k = strlen(p);
        memcpy(buf + n, p, k);
        n += k;
    }
    *len = n;
}

/* a and b hold the same views, byte for byte, with the same UTF-16 span
 * for every view byte. */
static void assert_same(const pc_text *a, const pc_text *b)
{
    assert_int_equal(pc_text_utf16_len(a), pc_text_utf16_len(b));
    for (int v = 0; v < 2; v++) {
        size_t la, lb, a0, a1, b0, b1;
        const char *sa = pc_text_view(a, (pc_view)v, &la);
        const char *sb = pc_text_view(b, (pc_view)v, &lb);
        assert_int_equal(la, lb);
        assert_memory_equal(sa, sb, la);
        assert_int_equal(sb[lb], '\0');
        for (size_t i = 0; i < la; i++) {
            pc_text_span(a, (pc_view)v, i, i + 1, &a0, &a1);
            pc_text_span(b, (pc_view)v, i, i + 1, &b0, &b1);
            assert_int_equal(a0, b0);
            assert_int_equal(a1, b1);
        }
    }
}

/* A generated text, by both ways: the same views and spans. */
static void test_fast_same_as_slow(void **state)
{
    static char buf[70000];
    size_t len, units = 0;

    (void)state;
    for (int k = 0; k < 600; k++) {
        size_t target = k % 100 == 99 ? 65536 : next_rand() % 2048;
        pc_text *a, *b;
        gen_text(buf, target, &len);
        a = pc_text_new(buf, len, NULL);
        b = pc__text_new_slow(buf, len, NULL);
        assert_non_null(a);
        assert_non_null(b);
        assert_same(a, b);
        /* The UTF-16 units the check counts (the views' room) are the
         * text's, as is the count of valid UTF-8. */
        assert_true(pc__utf8_valid_units(buf, len, NULL, &units));
        assert_int_equal(units, pc_text_utf16_len(b));
        assert_int_equal(pc__utf8_units(buf, len), units);
        pc_text_free(a);
        pc_text_free(b);
    }
}

/* Texts near the growth limit (U+FDFA grows eleven-fold, U+200B drops
 * out): both ways accept the same ones and refuse the others alike. */
static void test_fast_same_limit(void **state)
{
    static const char *const grow[] = {
        "\xef\xb7\xba", "\xe2\x80\x8b", "a", "ab ", "e\xcc\x81", "\xc3\xa9",
    };
    static char buf[8192 + 64];
    int refused = 0, kept = 0;

    (void)state;
    for (int k = 0; k < 1500; k++) {
        size_t n = 0, target = 64 + next_rand() % 8192;
        pc_error e1, e2;
        pc_text *a, *b;
        int weight = (int)(next_rand() % 6);
        while (n < target) {
            const char *p = grow[next_rand() % 6 < (unsigned)weight
                                     ? 0 : 1 + next_rand() % 5];
            memcpy(buf + n, p, strlen(p));
            n += strlen(p);
        }
        pc_error_clear(&e1);
        pc_error_clear(&e2);
        a = pc_text_new(buf, n, &e1);
        b = pc__text_new_slow(buf, n, &e2);
        assert_int_equal(e1.code, e2.code);
        assert_int_equal(a == NULL, b == NULL);
        if (a) {
            assert_same(a, b);
            kept++;
        } else {
            refused++;
        }
        pc_text_free(a);
        pc_text_free(b);
    }
    /* Both outcomes were tried. */
    assert_true(refused > 50);
    assert_true(kept > 50);
}

/* Byte i of view v of t maps to UTF-16 [from, to). */
static void assert_span(const pc_text *t, pc_view v, size_t i, size_t from,
                        size_t to)
{
    size_t a, b;

    pc_text_span(t, v, i, i + 1, &a, &b);
    assert_int_equal(a, from);
    assert_int_equal(b, to);
}

/* One character beyond ASCII between ASCII ones, the commonest part, is
 * built from its segment's views once they are known (the second text
 * on): each such text, built twice, is what the long way builds, and the
 * underline of the character and of its neighbours is where it was.
 * Those that must not take that way give the same: a combining mark the
 * ASCII letter before it joins, two characters in a row (a skin tone), a
 * pair of UTF-16 units, a character first in the text, one folded to
 * more bytes. */
static void test_one_char_same(void **state)
{
    static const struct {
        const char *s;
        const char *cased; /* the cased view */
        size_t byte, from, to; /* a cased view byte and its span */
    } cases[] = {
        {"caf\xc3\xa9 ok", "caf\xc3\xa9 ok", 4, 3, 4},
        {"caf\xc3\xa9 ok", "caf\xc3\xa9 ok", 5, 4, 5},
        {"it\xe2\x80\x99s", "it's", 2, 2, 3},
        {"9\xc2\xa0" "am", "9 am", 1, 1, 2},
        {"fair \xf0\x9f\x8e\x89!", "fair \xf0\x9f\x8e\x89!", 8, 5, 7},
        {"fair \xf0\x9f\x8e\x89!", "fair \xf0\x9f\x8e\x89!", 9, 7, 8},
        {"cafe\xcc\x81 ok", "caf\xc3\xa9 ok", 4, 3, 5},
        {"ok \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd.",
         "ok \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd.", 7, 5, 7},
        {"\xc3\xa9t\xc3\xa9", "\xc3\xa9t\xc3\xa9", 0, 0, 1},
        {"x\xc4\xb0y", "x\xc4\xb0y", 3, 2, 3},
    };

    (void)state;
    for (int round = 0; round < 2; round++) {
        for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
            size_t len = strlen(cases[k].s), n;
            pc_text *a = pc_text_new(cases[k].s, len, NULL);
            pc_text *b = pc__text_new_slow(cases[k].s, len, NULL);
            assert_non_null(a);
            assert_non_null(b);
            assert_same(a, b);
            assert_string_equal(pc_text_view(a, PC_VIEW_CASED, &n),
                                cases[k].cased);
            assert_span(a, PC_VIEW_CASED, cases[k].byte, cases[k].from,
                        cases[k].to);
            pc_text_free(a);
            pc_text_free(b);
        }
    }
}

static void test_new_valid_same(void **state)
{
    static char buf[4096 + 64];
    size_t len;

    (void)state;
    for (int k = 0; k < 400; k++) {
        pc_error e1, e2;
        pc_text *a, *b;
        gen_text(buf, (size_t)(next_rand() % 4096), &len);
        pc_error_clear(&e1);
        pc_error_clear(&e2);
        a = pc_text_new(buf, len, &e1);
        b = pc_text_new_valid(buf, len, &e2);
        assert_non_null(a);
        assert_non_null(b);
        assert_same(a, b);
        pc_text_free(a);
        pc_text_free(b);
    }
}

/* The empty text, and a view that would grow too long, are answered as
 * pc_text_new answers them. */
static void test_new_valid_edges(void **state)
{
    static char fdfa[3 * 2000];
    pc_error err;
    pc_text *t;
    size_t len = 9;

    (void)state;
    t = pc_text_new_valid("", 0, NULL);
    assert_non_null(t);
    assert_string_equal(pc_text_view(t, PC_VIEW_FOLD, &len), "");
    assert_int_equal(len, 0);
    pc_text_free(t);
    for (size_t i = 0; i < sizeof fdfa; i += 3) {
        memcpy(fdfa + i, "\xef\xb7\xba", 3);
    }
    pc_error_clear(&err);
    assert_null(pc_text_new_valid(fdfa, sizeof fdfa, &err));
    assert_int_equal(err.code, PC_ERR_TOO_LARGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fast_same_as_slow),
        cmocka_unit_test(test_fast_same_limit),
        cmocka_unit_test(test_one_char_same),
        cmocka_unit_test(test_new_valid_same),
        cmocka_unit_test(test_new_valid_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
