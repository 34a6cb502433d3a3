/* test_detect_anchor.c: a detector pattern with an anchor (detect_int.h:
 * a byte every match holds near its start, so a search begins just
 * before the first one) or a need (a run of digits and capitals every
 * match holds, detect_need.c) finds exactly what a plain search of the
 * whole text finds. Every such pattern is run both ways over every post
 * of the labelled corpus and over texts made to sit on the reach's
 * edges (local parts of 64 and 65 characters, handles before an
 * address, characters beyond ASCII just before where the search
 * begins), and over texts made at random (a fixed seed) of the pieces
 * the needs read: runs of digits of every length around theirs, with
 * spaces and '-' between, capitals and nines before and after them,
 * postcodes, national insurance, card, licence and IBAN numbers whole
 * and cut short, house numbers and what follows them (letters, '-',
 * ',', ordinals, capitals ASCII or not), Japanese addresses and parts; there a search whose subject ends early (pc__find's)
 * must agree too, and each need must find from the bits of where the
 * digits and capitals stand (pc__bytebits_new) what it finds reading the
 * bytes, from every place of the text to each of its last five ends, in
 * these texts and in longer ones (to 400 bytes, the bits' words
 * crossed). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "detect_int.h"
#include "support_corpus.h"

#include "detect_fixture.h"

typedef struct run {
    long texts;
    long matches;
    long by[PC__P_COUNT]; /* matches of each pattern */
} run;

/* Every match of pattern p over text, one after another as pc__next
 * goes (on past each match): through the detectors' search (anchored)
 * when plain is 0, else by pcre2_match from each place on. Returns the
 * count; spans go to v (2 per match, at most cap matches). */
static size_t matches(int p, const char *text, int plain, size_t *v,
                      size_t cap)
{
    size_t len = strlen(text), pos = 0, ms, me, n = 0;
    pc__scan sc;

    memset(&sc, 0, sizeof sc);
    sc.d = dets;
    sc.s = text;
    sc.len = len;
    sc.md = pcre2_match_data_create(40, NULL);
    assert_non_null(sc.md);
    for (;;) {
        if (plain) {
            int rc = pcre2_match(dets->re[p], (PCRE2_SPTR)text, len, pos, 0,
                                 sc.md, NULL);
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc.md);
            if (rc < 0) {
                assert_int_equal(rc, PCRE2_ERROR_NOMATCH);
                break;
            }
            ms = ov[0];
            me = ov[1];
            pos = me > ms ? me : ms + 1;
        } else if (!pc__next(&sc, p, &pos, &ms, &me)) {
            assert_int_equal(sc.st, PC_OK);
            break;
        }
        if (n < cap) {
            v[2 * n] = ms;
            v[2 * n + 1] = me;
        }
        n++;
    }
    pcre2_match_data_free(sc.md);
    pc__bytebits_free(sc.bits);
    return n;
}

static void same(run *r, const char *text)
{
    for (int p = 0; p < PC__P_COUNT; p++) {
        size_t a[64], b[64], na, nb;
        if (!pc__pat_defs[p].anchor && !pc__pat_defs[p].need) {
            continue;
        }
        na = matches(p, text, 0, a, 32);
        nb = matches(p, text, 1, b, 32);
        if (na != nb) {
            fail_msg("pattern %d: %zu matches anchored, %zu plain, in a text "
                     "of %zu bytes", p, na, nb, strlen(text));
        }
        for (size_t i = 0; i < 2 * (na < 32 ? na : 32); i++) {
            assert_int_equal(a[i], b[i]);
        }
        r->matches += (long)na;
        r->by[p] += (long)na;
    }
    r->texts++;
}

static void corpus_text(void *ctx, const char *text, const char *path)
{
    (void)path;
    same(ctx, text);
}

/* The local part's length around the reach, what stands before it, and
 * handles and stray anchors before the address. */
static void edges(run *r)
{
    static const char *const before[] = {
        "", " ", "x", "\xc3\xa9", "\xc3\xa9\xc3\xa9 ", "@jo ", "@ ", "a@",
        "mail @jane or ", "\xe2\x80\x94", ".", "%", "\xf0\x9f\x8e\x89",
        "_", "a+", "-", "x_y.", "\xc5\xbf",
    };
    char local[80], text[400];

    for (size_t len = 60; len <= 67; len++) {
        for (size_t i = 0; i < len; i++) {
            local[i] = (char)(i % 7 == 3 ? '.' : 'a' + (char)(i % 26));
        }
        local[len] = '\0';
        for (size_t k = 0; k < sizeof before / sizeof *before; k++) {
            snprintf(text, sizeof text, "%s%s@example.org then %s%s@x.co.uk",
                     before[k], local, before[k], local + len / 2);
            same(r, text);
            snprintf(text, sizeof text, "%.*s\xc3\xa9%s@example.org",
                     (int)(len / 3), local, local + len / 3);
            same(r, text);
        }
    }
}

/* Whether pattern p matches text[0, to) through pc__find (the need read
 * with that end) and through a plain search; fails if they differ. */
static void same_cut(int p, const char *text, size_t to)
{
    pc__scan sc;
    pcre2_match_data *md = pcre2_match_data_create(40, NULL);
    int a, b;

    assert_non_null(md);
    memset(&sc, 0, sizeof sc);
    sc.d = dets;
    sc.s = text;
    sc.len = strlen(text);
    sc.cmd = pcre2_match_data_create(40, NULL);
    assert_non_null(sc.cmd);
    a = pc__find(&sc, p, 0, to);
    b = pcre2_match(dets->re[p], (PCRE2_SPTR)text, to, 0, 0, md, NULL) >= 0;
    if (a != b) {
        fail_msg("pattern %d to %zu: %d with its need, %d plain, in \"%s\"",
                 p, to, a, b, text);
    }
    pcre2_match_data_free(sc.cmd);
    pcre2_match_data_free(md);
    pc__bytebits_free(sc.bits);
}

/* The pieces of the random texts for the needs. */
static const char *const pieces[] = {
    "1", "12", "123", "1234", "12345", "123456", "1234567", "12345678",
    "123456789", "1234567890", "4111", "07700", "900123", "0", "9",
    "99999", "A", "AB", "GB", "SW1A", "W1", "M1", "EC1A", "1AA", "0AA",
    "GIR", "3CD", "QQ", "CD", "JS", "ABC", "MORGA", "753116", "SM9IJ",
    "NWBK", "GB29", "ab", "x", "Card", " ", "  ", "-", ".", "/", ",",
    "_", "\n", "\xc3\xa9", "\xe2\x80\x83", "\xc2\xa0", "\xef\xbc\x91",
    "AB 12 34 56 C", "AB123456C", "4111 1111 1111 1111",
    "4111-1111-1111-1111", "MORGA753116SM9IJ", "M9RG9753116SM9IJ",
    "99999612319AB9CD", "GB29 NWBK 6016 1331 9268 19",
    "GIR 0AA", "SW1A 1AB", "B33 8TH", "123-45-6789",
    /* Street addresses: house numbers, what may follow them, street
     * words; Japanese ones. */
    " Road", " Street", " St", "Main", " High", "N ", "NE. ", "North ",
    "1st ", "22nd", "3rd", "1234th", "\xc3\x89lan ", "\t", ", ", "12b",
    "12-3", "12-", "b", "14 Acacia Avenue", "221B Baker Street",
    "10 Downing St", "5, 2nd Avenue", "9-11 Elm Road", "33 \xc3\x89" "tienne Way",
    "\xe4\xb8\x81\xe7\x9b\xae", "\xe4\xb8\x81", "\xef\xbc\x93",
    "\xe4\xb8\x80", "\xe7\x95\xaa\xe5\x9c\xb0", "\xe5\x8f\xb7",
    "3\xe4\xb8\x81\xe7\x9b\xae" "12\xe7\x95\xaa\xe5\x9c\xb0" "5\xe5\x8f\xb7",
    "\xe5\x8d\x81\xe4\xba\x8c\xe4\xb8\x89\xe4\xb8\x81\xe7\x9b\xae" "4\xe7\x95\xaa",
};

/* Every need, and the next digit and capital (pc__bytebits_next_digit,
 * pc__bytebits_next_capital), read from the bits and from the bytes,
 * from each place of text to each of a few ends: the same place. */
static void same_from_bits(const char *text)
{
    static size_t (*const need[])(const pc__bytebits *, const char *,
                                  size_t, size_t) = {
        pc__need_8_digits, pc__need_9_digits, pc__need_digit_caps,
        pc__need_caps_digit, pc__need_licence, pc__need_card,
        pc__need_phone, pc__need_house, pc__need_street, pc__need_chome,
        pc__bytebits_next_digit, pc__bytebits_next_capital,
    };
    size_t len = strlen(text);
    pc__bytebits *b = pc__bytebits_new(text, len);

    assert_non_null(b);
    for (size_t k = 0; k < sizeof need / sizeof *need; k++) {
        for (size_t cut = 0; cut <= 4 && cut <= len; cut++) {
            for (size_t from = 0; from <= len - cut; from++) {
                size_t x = need[k](b, text, from, len - cut);
                size_t y = need[k](NULL, text, from, len - cut);
                if (x != y) {
                    fail_msg("need %zu from %zu to %zu: %zu from the bits, "
                             "%zu from the bytes, in \"%s\"", k, from,
                             len - cut, x, y, text);
                }
            }
        }
    }
    pc__bytebits_free(b);
}

/* Writes into text up to count pieces drawn by *seed, stopping before the
 * text would pass want bytes; returns its length (text is terminated). */
static size_t pieces_text(uint32_t *seed, char *text, size_t count,
                          size_t want)
{
    size_t len = 0;

    for (size_t k = 0; k < count; k++) {
        const char *piece;
        *seed = *seed * 1103515245u + 12345u;
        piece = pieces[(*seed >> 16) % (sizeof pieces / sizeof *pieces)];
        if (len + strlen(piece) > want) {
            break;
        }
        memcpy(text + len, piece, strlen(piece));
        len += strlen(piece);
    }
    text[len] = '\0';
    return len;
}

static void random_texts(run *r)
{
    uint32_t seed = 16;
    char text[400];

    for (int t = 0; t < 6000; t++) {
        size_t len, n;
        seed = seed * 1103515245u + 12345u;
        n = 1 + (seed >> 16) % 14;
        len = pieces_text(&seed, text, n, sizeof text - 1);
        same(r, text);
        same_from_bits(text);
        for (int p = 0; p < PC__P_COUNT; p++) {
            if (!pc__pat_defs[p].need) {
                continue;
            }
            for (size_t cut = 0; cut <= 4 && cut <= len; cut++) {
                same_cut(p, text, len - cut);
            }
        }
    }
}

/* Texts of 100 to 400 bytes of the pieces, for the needs' bits. */
static void long_texts(void)
{
    uint32_t seed = 64;
    char text[400];

    for (int t = 0; t < 300; t++) {
        size_t want;
        seed = seed * 1103515245u + 12345u;
        want = 100 + (seed >> 16) % 300;
        (void)pieces_text(&seed, text, SIZE_MAX, want);
        same_from_bits(text);
    }
}

static void anchored_search_finds_what_a_plain_one_does(void **state)
{
    run r = {0};
    int anchored = 0, needs = 0;

    (void)state;
    for (int p = 0; p < PC__P_COUNT; p++) {
        anchored += pc__pat_defs[p].anchor != 0;
        needs += pc__pat_defs[p].need != NULL;
    }
    assert_true(needs > 0);
    assert_true(anchored > 0);
    pc_test_corpus_each(corpus_text, &r);
    edges(&r);
    random_texts(&r);
    long_texts();
    fprintf(stderr, "%d anchored patterns, %d with a need, %ld texts, %ld "
                    "matches, the same both ways\n", anchored, needs,
            r.texts, r.matches);
    assert_true(r.matches > 100);
    /* Each street need is held to matches, not only to texts without. */
    fprintf(stderr, "street addresses: %ld, %ld and %ld (Japanese) "
                    "matches\n", r.by[PC__P_ADDRESS], r.by[PC__P_STREET_NUM],
            r.by[PC__P_STREET_JP]);
    assert_true(r.by[PC__P_ADDRESS] > 100);
    assert_true(r.by[PC__P_STREET_NUM] > 100);
    assert_true(r.by[PC__P_STREET_JP] > 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(anchored_search_finds_what_a_plain_one_does),
    };
    return cmocka_run_group_tests_name("detect_anchor", tests, setup,
                                       teardown);
}
