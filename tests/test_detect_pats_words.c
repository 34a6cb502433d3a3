/* test_detect_pats_words.c: the word needs of detect_pats_words.c never
 * keep a detector pattern from a match it has. PC__P_SEC's need is asked,
 * over every window [from, to) of security answers in every case, with
 * U+017F for 's', after characters beyond ASCII, and over texts without
 * one, whether a plain search of that window (pcre2_match from `from`,
 * the subject ending at `to`, as detect_scan.c runs it) finds a match:
 * whenever it does, the need must answer `from`. PC__P_EMAIL_OBF's the
 * same over obfuscated addresses (brackets, providers, spaces round an
 * '@', U+212A for 'k', U+00A0 for a space). And caseless matching
 * takes no character beyond ASCII for an ASCII letter or digit but
 * U+017F (s) and U+212A (k), the two word_at reads (every code point is
 * asked), which text.h's pc_text_ascii_twin gives and
 * pc_text_caseless_at reads in a word as such a match does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "detect_int.h"

#include "detect_fixture.h"

/* Whether pattern p matches s[from, to) searched plainly. */
static int plain(int p, const char *s, size_t from, size_t to)
{
    pcre2_match_data *md = pcre2_match_data_create(40, NULL);
    int rc;

    assert_non_null(md);
    rc = pcre2_match(dets->re[p], (PCRE2_SPTR)s, to, from, 0, md, NULL);
    pcre2_match_data_free(md);
    assert_true(rc >= 0 || rc == PCRE2_ERROR_NOMATCH);
    return rc >= 0;
}

typedef size_t (*need_fn)(const pc__bytebits *, const char *, size_t,
                           size_t);

/* Every window of s: need lets each match of pattern p through. Returns
 * how many windows matched. */
static long windows(int p, need_fn need, const char *s)
{
    size_t len = strlen(s);
    long n = 0;

    for (size_t from = 0; from <= len; from++) {
        for (size_t to = from; to <= len; to++) {
            size_t at = need(NULL, s, from, to);
            assert_true(at == from || at == to);
            if (plain(p, s, from, to)) {
                if (at >= to) {
                    fail_msg("need missed [%zu, %zu) of \"%s\"", from, to, s);
                }
                n++;
            }
        }
    }
    return n;
}

/* s with its ASCII letters upper-cased (upper 1) or every 's' and 'S'
 * written U+017F (upper 2), in out (cap bytes). */
static const char *variant(const char *s, int how, char *out, size_t cap)
{
    size_t k = 0;

    for (; *s && k + 3 < cap; s++) {
        if (how == 2 && (*s == 's' || *s == 'S')) {
            out[k++] = '\xc5';
            out[k++] = '\xbf';
        } else {
            out[k++] = how == 1 && *s >= 'a' && *s <= 'z' ? *s - 32 : *s;
        }
    }
    out[k] = '\0';
    return out;
}

/* Each text of yes in its three variants has a match of p, every one
 * let through by need; no text of no has one, and need says so. */
static void held(int p, need_fn need, const char *const *yes, size_t n_yes,
                 const char *const *no, size_t n_no)
{
    char buf[160];
    long matched = 0;

    for (size_t i = 0; i < n_yes; i++) {
        for (int how = 0; how < 3; how++) {
            const char *s = variant(yes[i], how, buf, sizeof buf);
            long n = windows(p, need, s);
            if (how < 2 && n == 0) {
                fail_msg("no match in \"%s\"", s);
            }
            matched += n;
        }
    }
    for (size_t i = 0; i < n_no; i++) {
        size_t len = strlen(no[i]);
        assert_int_equal(windows(p, need, no[i]), 0);
        assert_int_equal(need(NULL, no[i], 0, len), len);
    }
    fprintf(stderr, "pattern %d: %ld windows with a match, each let "
                    "through\n", p, matched);
}

static void sec_need_keeps_every_match(void **state)
{
    /* A branch of PC__P_SEC each, or more, at the start, inside, and
     * after a character beyond ASCII or a digit. */
    static const char *const yes[] = {
        "my first pet was called Biscuit",
        "Aww my very first dog is named Rex!",
        "our 1st hamster called Nibbles",
        "Childhood pet: a tortoise called Sheldon",
        "mum's maiden name is Hargreaves",
        "I was born and raised in Doncaster",
        "\xc3\xa9 born and bred in Leeds",
        "quiz: \xe2\x80\xa2" "born in Grimsby",
        "my place of birth is Hull",
        "my birthplace was York",
        "my home town is Wigan",
        "my fave football team is Leeds",
        "my favourite club has always been Hull",
        "my first car was a Mini",
        "I grew up in Swansea",
        "Growing up on Skye",
        "first cat: Tigger",
        "favorite team: Celtic",
        "x,born in Bath",
    };
    static const char *const no[] = {
        "Our football team won the county cup",
        "myfirst pet was called Biscuit",
        "we outgrew Swansea",
        "2nd pet was called Rex",
    };

    (void)state;
    held(PC__P_SEC, pc__need_sec, yes, sizeof yes / sizeof *yes, no,
         sizeof no / sizeof *no);
}

static void email_obf_need_keeps_every_match(void **state)
{
    static const char *const yes[] = {
        "jane.doe [at] school [dot] org",
        "mail j.bloggs(at)gmail.com today",
        "jo{at}oak.org.uk",
        "jo [@] oak.org",
        "jo at gmail dot com",
        "write to jo at talktalk.net",
        "jo at outloo\xe2\x84\xaa.com",
        "x at yahoo dot co dot uk",
        "j.bloggs @ hotmail.co.uk",
        "tim\xc2\xa0@\xc2\xa0oak.org",
        "\xc3\xa9 jo at btinternet.com",
    };
    static const char *const no[] = {
        "Great day at LLMAT with the year 4 class!",
        "write to jane.doe@example.org today",
        "meet at the gate at 9",
        "jane at school dot org",
        "jo at mygmail.com",
    };

    (void)state;
    held(PC__P_EMAIL_OBF, pc__need_email_obf, yes, sizeof yes / sizeof *yes,
         no, sizeof no / sizeof *no);
}

/* UTF-8 of code point c in out; its length. */
static size_t utf8(uint32_t c, unsigned char *out)
{
    if (c < 0x80) {
        out[0] = (unsigned char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (unsigned char)(0xC0 | c >> 6);
        out[1] = (unsigned char)(0x80 | (c & 63));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (unsigned char)(0xE0 | c >> 12);
        out[1] = (unsigned char)(0x80 | ((c >> 6) & 63));
        out[2] = (unsigned char)(0x80 | (c & 63));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | c >> 18);
    out[1] = (unsigned char)(0x80 | ((c >> 12) & 63));
    out[2] = (unsigned char)(0x80 | ((c >> 6) & 63));
    out[3] = (unsigned char)(0x80 | (c & 63));
    return 4;
}

static void caseless_beyond_ascii_is_long_s_and_kelvin(void **state)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile(
        (PCRE2_SPTR) "^[a-z0-9]$", PCRE2_ZERO_TERMINATED,
        PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF | PCRE2_CASELESS,
        &code, &off, NULL);
    pcre2_match_data *md;
    int found = 0;

    (void)state;
    assert_non_null(re);
    md = pcre2_match_data_create_from_pattern(re, NULL);
    assert_non_null(md);
    for (uint32_t c = 0x80; c < 0x110000; c++) {
        unsigned char b[4];
        size_t n;
        if (c >= 0xD800 && c < 0xE000) {
            continue;
        }
        n = utf8(c, b);
        if (pcre2_match(re, b, n, 0, 0, md, NULL) >= 0) {
            if (c != 0x17F && c != 0x212A) {
                fail_msg("U+%04X matches an ASCII letter caselessly", c);
            }
            found++;
        }
    }
    assert_int_equal(found, 2);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
}

/* text.h's pc_text_ascii_twin gives those two, each as the letter a
 * caseless match takes it for, and no other character (every code
 * point is asked). */
static void ascii_twin_is_what_a_caseless_match_reads(void **state)
{
    int found = 0;

    (void)state;
    for (uint32_t c = 0x80; c < 0x110000; c++) {
        unsigned char b[4];
        size_t n, clen = 0;
        char a;
        if (c >= 0xD800 && c < 0xE000) {
            continue;
        }
        n = utf8(c, b);
        a = pc_text_ascii_twin((const char *)b, n, &clen);
        if (a) {
            assert_true((c == 0x17F && a == 's') || (c == 0x212A && a == 'k'));
            assert_int_equal(clen, n);
            assert_int_equal(pc_text_ascii_twin((const char *)b, n - 1,
                                                &clen),
                             0);
            found++;
        }
    }
    assert_int_equal(found, 2);
}

/* pc_text_caseless_at takes a word at the start of a text exactly where,
 * and for as many bytes as, an anchored caseless PCRE2 match of it
 * does: words with 's', 'k', digits and brackets, over texts with them
 * in either case, as U+017F and U+212A, cut short and with other bytes
 * in their place. */
static void caseless_at_is_a_caseless_match(void **state)
{
    static const char *const words[] = {"password", "key", "sixteen", "dot",
                                        "at]", "1st", "ks", "s"};
    static const char *const texts[] = {
        "password", "PASSWORD", "Pa\xc5\xbf\xc5\xbfword",
        "pa\xc5\xbfsword!", "pas", "\xe2\x84\xaa" "ey", "KEY",
        "\xe2\x84\xaa", "\xe2\x84", "\xc5\xbfixteen", "SIXTEEN ",
        "dot", "DOT.", "d0t", "at]", "AT]", "at}", "1ST", "1\xc5\xbft",
        "k\xc5\xbf", "\xe2\x84\xaa\xc5\xbf", "kS", "\xc5", "S", "",
        "\xc3\xa9", "keys", "_key",
    };
    char pat[32];
    int code, took = 0;
    PCRE2_SIZE off;

    (void)state;
    for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
        pcre2_code *re;
        pcre2_match_data *md;
        snprintf(pat, sizeof pat, "^\\Q%s\\E", words[w]);
        re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
                           PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF |
                               PCRE2_CASELESS,
                           &code, &off, NULL);
        assert_non_null(re);
        md = pcre2_match_data_create_from_pattern(re, NULL);
        assert_non_null(md);
        for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
            size_t len = strlen(texts[t]), want = 0, got;
            if (pcre2_match(re, (PCRE2_SPTR)texts[t], len, 0, 0, md, NULL) >=
                0) {
                want = pcre2_get_ovector_pointer(md)[1];
            }
            got = pc_text_caseless_at(texts[t], 0, len, words[w],
                                      strlen(words[w]));
            if (got != want) {
                fail_msg("\"%s\" at the start of \"%s\": %zu bytes, a "
                         "caseless match %zu", words[w], texts[t], got, want);
            }
            took += got > 0;
        }
        pcre2_match_data_free(md);
        pcre2_code_free(re);
    }
    assert_true(took >= 15);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sec_need_keeps_every_match),
        cmocka_unit_test(email_obf_need_keeps_every_match),
        cmocka_unit_test(caseless_beyond_ascii_is_long_s_and_kelvin),
        cmocka_unit_test(ascii_twin_is_what_a_caseless_match_reads),
        cmocka_unit_test(caseless_at_is_a_caseless_match),
    };
    return cmocka_run_group_tests_name("detect_pats_words", tests, setup,
                                       teardown);
}
