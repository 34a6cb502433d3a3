/* test_detect_keys.c: a detector pattern with a key (detect_int.h:
 * something every match holds, with at most two words before it, so
 * that the pattern runs only near the keys, detect_keys.c) finds exactly
 * what one plain search finds: from every place of every post of the
 * labelled corpus, and of texts made at random (a fixed seed) of what the
 * keyed patterns and the walk back from a key read: ages in figures and
 * words (U+017F for 's' too), the words before them, dates with their
 * months before or after, brackets, dots,
 * white space inside and beyond ASCII, quotes, letters beyond ASCII;
 * addresses written out ("jane dot doe at school dot org", with '.',
 * "dot" or neither just after the domain's first word, or a byte beyond
 * ASCII there: what the key of such an address reads); passwords
 * given and talked about, runs of token bytes, sort codes. The
 * whole match and every group must agree, and so must a search whose
 * subject is cut short (pc__find's); and a pattern with a match has a
 * key (pc__has_key). The pass that makes the index makes the needs' bits
 * of digits and capitals too: the same as pc__bytebits_new's; a scan told
 * that one detector alone runs on it (pc_detect_scan_slots: no bits if
 * it reads none, only its own kinds of key indexed) finds its hits the
 * same, and a detector the registry says does not read them
 * (pc_detect_slot_bits) makes none. */
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
    long searches;
    long matches;
    long spoken;    /* matches of PC__P_EMAIL_SPOKEN among them */
    long dates;     /* and of PC__P_DATE */
    long ages;      /* and of PC__P_AGE */
    long keys;      /* keys the index and the bytes agree on */
} run;

/* A keyed pattern with a match in text has a key there: pc__has_key
 * (which the email detector asks before its costlier scans) says so,
 * from the scan's index of keys, which the first call makes (for
 * PC__KEY_TOKEN, which the index does not hold, from the bytes), and
 * again once the index is made. */
static void has_key_if_match(int p, const char *text)
{
    pc__scan sc;
    pcre2_match_data *md = pcre2_match_data_create(40, NULL);
    size_t len = strlen(text);
    int rc;

    assert_non_null(md);
    rc = pcre2_match(dets->re[p], (PCRE2_SPTR)text, len, 0, 0, md, NULL);
    pcre2_match_data_free(md);
    if (rc < 0) {
        return;
    }
    memset(&sc, 0, sizeof sc);
    sc.d = dets;
    sc.s = text;
    sc.len = len;
    if (!pc__has_key(&sc, pc__pat_defs[p].key)) {
        fail_msg("pattern %d matches \"%s\" without a key", p, text);
    }
    (void)pc__find_key(&sc, pc__pat_defs[p].key, 0, len); /* the index */
    if (!pc__has_key(&sc, pc__pat_defs[p].key)) {
        fail_msg("pattern %d matches \"%s\", no key in the index", p, text);
    }
    pc__keys_free(&sc);
    pc__bytebits_free(sc.bits);
}

/* What one plain search (pcre2_match) of a text found: its return and
 * its offsets, kept while they answer for later starts too. */
typedef struct plain {
    int done;          /* 0: nothing searched yet */
    int rc;
    size_t from, to;   /* the search's start and end */
    pcre2_match_data *md;
} plain;

/* The plain search of pattern p over text[0, to) from `from`, in pl.
 * A match attempt at a place reads the same subject whatever the start
 * (a lookbehind still sees before it), so the first match from `from`
 * is the first from every start after the last search's up to its
 * match's start, and no match from one start means none from a later
 * one: those are not searched again. */
static void plain_at(plain *pl, int p, const char *text, size_t from,
                     size_t to)
{
    if (pl->done && pl->to == to &&
        pl->from <= from &&
        (pl->rc == PCRE2_ERROR_NOMATCH ||
         (pl->rc > 0 && from <= pcre2_get_ovector_pointer(pl->md)[0]))) {
        return;
    }
    pl->rc = pcre2_match(dets->re[p], (PCRE2_SPTR)text, to, from, 0, pl->md,
                         NULL);
    pl->done = 1;
    pl->from = from;
    pl->to = to;
}

/* Searches pattern p over text[0, to) from `from` both ways, keyed with
 * sc (one scan of text: its index of keys made once, as a check's scan
 * makes it) and plain with pl, and fails on any difference. */
static void same_at(run *r, pc__scan *sc, plain *pl, pcre2_match_data *a,
                    int p, const char *text, size_t from, size_t to)
{
    int ra, rb;

    ra = pc__keyed_match(sc, p, from, to, a);
    plain_at(pl, p, text, from, to);
    rb = pl->rc;
    if (ra != rb) {
        PCRE2_SIZE *y = pcre2_get_ovector_pointer(rb > 0 ? pl->md : a);
        fail_msg("pattern %d from %zu to %zu: %d keyed, %d plain (at %zu to "
                 "%zu), in \"%s\"", p, from, to, ra, rb, (size_t)y[0],
                 (size_t)y[1], text);
    }
    if (ra > 0) {
        PCRE2_SIZE *x = pcre2_get_ovector_pointer(a);
        PCRE2_SIZE *y = pcre2_get_ovector_pointer(pl->md);
        for (int i = 0; i < 2 * ra; i++) {
            if (x[i] != y[i]) {
                fail_msg("pattern %d from %zu: offset %d is %zu keyed, %zu "
                         "plain, in \"%s\"", p, from, i, (size_t)x[i],
                         (size_t)y[i], text);
            }
        }
        r->matches++;
        r->spoken += p == PC__P_EMAIL_SPOKEN;
        r->dates += p == PC__P_DATE;
        r->ages += p == PC__P_AGE;
    }
    r->searches++;
}

/* The pass that made sc's index of keys made its bits of digits and
 * capitals too (no need had asked for them): the same as the needs' own
 * pass makes (pc__bytebits_new). */
static void bits_same(const pc__scan *sc, const char *text, size_t len)
{
    pc__bytebits *b = pc__bytebits_new(text, len);

    assert_non_null(b);
    assert_non_null(sc->bits);
    assert_int_equal(sc->bits->len, len);
    for (size_t w = 0; w < (len + 63) / 64; w++) {
        if (sc->bits->digit[w] != b->digit[w] ||
            sc->bits->capital[w] != b->capital[w]) {
            fail_msg("bits of bytes %zu to %zu: the index's pass differs "
                     "from pc__bytebits_new, in \"%s\"", 64 * w, 64 * w + 63,
                     text);
        }
    }
    pc__bytebits_free(b);
}

static void index_same_as(run *r, const char *text)
{
    pc__scan sc;
    size_t len = strlen(text);

    memset(&sc, 0, sizeof sc);
    sc.d = dets;
    sc.s = text;
    sc.len = len;
    for (int kind = PC__KEY_DIGIT; kind <= PC__KEY_SORTCODE; kind++) {
        for (size_t i = 0; kind != PC__KEY_TOKEN && i <= len;) {
            size_t a = pc__find_key(&sc, kind, i, len);
            size_t b = pc__next_key(kind, text, i, len);
            if (a != b) {
                fail_msg("key kind %d from %zu: %zu indexed, %zu read, in "
                         "\"%s\"", kind, i, a, b, text);
            }
            r->keys += a < len;
            i = a + 1;
        }
    }
    bits_same(&sc, text, len);
    pc__keys_free(&sc);
    pc__bytebits_free(sc.bits);
}

/* The scan's index of keys (pc__find_key, made in one pass over the
 * whole text, which passes over most word starts by their first two
 * bytes, or, with AVX2, does not visit them) holds for every kind it
 * holds the keys a plain reading of the bytes finds (pc__next_key), no
 * more and no fewer: found sixteen bytes a step (plain) and as the CPU
 * allows. */
static void index_same(run *r, const char *text)
{
    for (int sixteen = 1; sixteen >= 0; sixteen--) {
        pc__keys_plain(sixteen);
        index_same_as(r, text);
    }
}

/* Every keyed pattern over text from each place: to its end, and to
 * a few bytes short of it. */
static void same(run *r, const char *text)
{
    size_t len = strlen(text);
    pc__scan sc;
    pcre2_match_data *a = pcre2_match_data_create(40, NULL);
    plain pl = {0, 0, 0, 0, pcre2_match_data_create(40, NULL)};

    assert_non_null(a);
    assert_non_null(pl.md);
    index_same(r, text);
    memset(&sc, 0, sizeof sc);
    sc.d = dets;
    sc.s = text;
    sc.len = len;
    for (int p = 0; p < PC__P_COUNT; p++) {
        if (!pc__pat_defs[p].key) {
            continue;
        }
        has_key_if_match(p, text);
        pl.done = 0;
        for (size_t from = 0; from <= len; from++) {
            same_at(r, &sc, &pl, a, p, text, from, len);
        }
        for (size_t cut = 1; cut <= 9 && cut <= len; cut += 4) {
            same_at(r, &sc, &pl, a, p, text, 0, len - cut);
        }
    }
    pcre2_match_context_free(sc.kctx);
    pc__keys_free(&sc);
    pc__bytebits_free(sc.bits);
    pcre2_match_data_free(a);
    pcre2_match_data_free(pl.md);
}

static void corpus_text(void *ctx, const char *text, const char *path)
{
    (void)path;
    same(ctx, text);
}

/* The pieces the random texts are made of. */
static const char *const pieces[] = {
    "aged", "Age", "is", "was", "will", "be", "'ll", "\xe2\x80\x99s",
    "'s", "are", "now", "already", "happy", "turn", "turns", "turned",
    "turning", "year", "years", "old", "today", "tomorrow", "tonight",
    "birthday", "st", "nd", "th", "on", "the", "Friday", "next", "week",
    "in", "june", "of", "Sept", "jan", "march", "one", "Two", "seven",
    "SEVENTEEN", "\xc5\xbfix", "\xc5\xbf" "eventeen", "someone", "often",
    "0", "5", "12", "123", "2019", "14th", "8/14", "3.4", "07700",
    "900123", "2019-05-06", "12345", "1999.", "(", ")", " ",
    "  ", "\t", "\n", ".", ",", "!", ":", "-", "/", "+", "&", "%",
    "\xc2\xa0", "\xe2\x80\x83", "\xc3\xa9", "_", "Caleb", "she", "he",
    "\xf0\x9f\x8e\x89", "\xe2\x84\xaa", "of", "May", "DEC.", "Feb", "1st",
    "2ND", "\xc5\xbf" "ept", "5th", "Sept.", "12.", "2019/", "/", "may5",
    "rd", "Oct", "3rd", "year", "4", "class", "and", "AND", "this",
    "weekend", "hooray", "7)", "Years", "\xc5\xbft", "at", "9",
    /* the ages in words by each first two letters key_starts32 groups */
    "three", "THIRTEEN", "Thr", "eleven", "Eight", "nine", "four", "fIve",
    "fifteen", "twelve", "ten", "tWo", "oNe", "Six", "seVen", "thr\xc3\xa9",
};

static const char *pick(uint32_t *seed, const char *const *v, size_t n)
{
    *seed = *seed * 1103515245u + 12345u;
    return v[(*seed >> 16) % n];
}

/* n texts, from seed, each of least to least + spread - 1 pieces drawn
 * from v[0..nv), with a space after a piece except one time in
 * no_space_one_in (mostly a space, as in prose). */
static void piece_texts(run *r, size_t n, uint32_t seed,
                        const char *const *v, size_t nv, unsigned least,
                        unsigned spread, unsigned no_space_one_in)
{
    char text[1024];

    for (size_t t = 0; t < n; t++) {
        size_t len = 0, k;
        seed = seed * 1103515245u + 12345u;
        k = least + (seed >> 16) % spread;
        while (k--) {
            const char *w = pick(&seed, v, nv);
            if (len + strlen(w) + 2 >= sizeof text) {
                break;
            }
            memcpy(text + len, w, strlen(w));
            len += strlen(w);
            if ((seed >> 8) % no_space_one_in != 0) {
                text[len++] = ' ';
            }
        }
        text[len] = '\0';
        same(r, text);
    }
}

/* Pieces of addresses written out, and what may stand between them. */
static const char *const words[] = {
    "jane", "J.Smith", "office", "at", "dot", "DOT", "At", "x-y", "a%b",
    "b+c", "_u", "9", "\xc5\xbf" "am", "\xe2\x84\xaaim", "caf\xc3\xa9",
    "gmail", "school", "org", "uk", "co", "com", "sch", "ac", "mail",
    "write", "to", "email", "me", "\xf0\x9f\x8e\x89", ".", ",", "(",
    "@", "-", "dotty", "that", "x.org", "a-b", "\xe2\x84\xaa.uk", "!",
    "\xc3\xa9.com", "d0t", "ATt", "\xe2\x80\x83" "dot",
};
static const char *const gaps[] = {
    " ", " ", " ", "  ", "\t", "\xc2\xa0", " \xe2\x80\x83", "\n", "",
    ".", "\xc2\x85", ", ", "\v",
};

/* Texts shaped like addresses written out ("jane dot doe at school dot
 * org"), their words and gaps drawn at random, some of them broken. */
static void spoken_texts(run *r, size_t n)
{
    uint32_t seed = 1216;
    char text[512];

    for (size_t t = 0; t < n; t++) {
        size_t len = 0, k;
        seed = seed * 1103515245u + 12345u;
        k = 3 + (seed >> 16) % 16;
        while (k--) {
            const char *w = pick(&seed, words, sizeof words / sizeof *words);
            const char *g = pick(&seed, gaps, sizeof gaps / sizeof *gaps);
            if (len + strlen(w) + strlen(g) + 1 >= sizeof text) {
                break;
            }
            memcpy(text + len, w, strlen(w));
            len += strlen(w);
            memcpy(text + len, g, strlen(g));
            len += strlen(g);
            /* Mostly the shape of an address: a word, "dot" or "at". */
            if ((seed >> 4) % 3 == 0 && len + 8 < sizeof text) {
                const char *sep = (seed >> 9) % 2 ? "dot " : "at ";
                memcpy(text + len, sep, strlen(sep));
                len += strlen(sep);
            }
        }
        text[len] = '\0';
        same(r, text);
    }
}

/* 50 token bytes, for runs of 200 and 201. */
#define T50 "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9fG1hJ3kL"

/* Pieces of passwords given and talked about, and of access tokens:
 * the password pattern's words (U+017F for 's', U+212A for 'k'), its
 * separators, values, and runs of token bytes of 23, 24, 200 and 201
 * bytes, with what may stand before and after them. */
static const char *const secrets[] = {
    "password", "Pass", "PASSWORD", "p@ssw0rd", "P4$$", "pa\xc5\xbf\xc5\xbfword",
    "passcode", "pass", "code", "passphrase", "passwd", "pw", "PWD", "login",
    "log-in", "Log", "in", "user", "u\xc5\xbf" "er", "username", "name", "id",
    "wifi", "wi-fi", "WiFi", "network", "networ\xe2\x84\xaa", "router",
    "key", "\xe2\x84\xaa" "ey", "guest", "admin", "school", "is", "was",
    "now", "will", "be", "changed", "to", "for", "the", "our", ":", "=",
    "->", "-", "x9!Tr", "hunter2", "secret", "\"", "\xe2\x80\x9c", "$", "@",
    "#", "_", "\xc2\xa0", "\xc3\xa9", "aB3dE5fG7hJ9kL1mN3pQ5rS7",
    "aB3dE5fG7hJ9kL1mN3pQ5rS", "x/y+z=", "=", "/", "+", ".com", ".", "www.",
    "https://", "?h=", T50 T50 T50 T50, T50 T50 T50 T50 "Z", "1234567890",
    "ab_cd-ef", "\xf0\x9f\x8e\x89", "s", "\xc5\xbf",
    "networ\xe2\x84\xaa password", "wireles\xc5\xbf pwd", "guest\xc2\xa0wifi",
    "e-mail\xe2\x80\x83login", "staff  user", "lin\xe2\x84\xaa" "edin password",
    "in\xc5\xbftagram pass", "12-34-56", "12 34 56", "40-11-62 78", "sort code",
    "Sort Code is 123456", "s/c", "S/C:", "\xc5\xbf" "ort", "12", "123-45-67",
    "a12-34-56",
};

static void keyed_search_finds_what_a_plain_one_does(void **state)
{
    run r = {0};
    int keyed = 0;

    (void)state;
    for (int p = 0; p < PC__P_COUNT; p++) {
        keyed += pc__pat_defs[p].key != 0;
    }
    assert_true(keyed > 0);
    pc_test_corpus_each(corpus_text, &r);
    piece_texts(&r, 20000, 16, pieces, sizeof pieces / sizeof *pieces, 3, 14,
                4);
    spoken_texts(&r, 20000);
    piece_texts(&r, 20000, 64, secrets, sizeof secrets / sizeof *secrets, 2,
                10, 3);
    fprintf(stderr, "%d keyed patterns, %ld searches, %ld matches (%ld of "
                    "an address written out, %ld dates, %ld ages), the "
                    "same both ways; %ld keys, the same indexed and read\n",
            keyed, r.searches, r.matches, r.spoken, r.dates, r.ages, r.keys);
    assert_true(r.matches > 1000);
    assert_true(r.spoken > 1000);
    assert_true(r.dates > 1000);
    assert_true(r.ages > 1000);
    assert_true(r.keys > 10000);
}

/* Detector slot's hits over text from a scan of its own, told that the
 * detectors of slots may run on it (pc_detect_scan_slots: the bits only
 * if one reads them, the keys of their kinds); 1 when the run made the
 * bits. */
static int slot_hits(size_t slot, const char *text, uint32_t slots,
                     pc_hits *out)
{
    pc__scan *sc = pc__detect_scan_buf(dets, text, strlen(text), NULL);
    int made;

    assert_non_null(sc);
    pc_detect_scan_slots(sc, slots);
    assert_int_equal(pc_detect_scan_run(sc, pc_detect_slot_name(slot), 0,
                                        out),
                     PC_OK);
    made = sc->bits_state != 0;
    pc_detect_scan_free(sc);
    return made;
}

/* Asserts that a and b hold the same hits. */
static void same_hits(const pc_hits *a, const pc_hits *b)
{
    assert_int_equal(a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        assert_int_equal(a->v[i].start, b->v[i].start);
        assert_int_equal(a->v[i].end, b->v[i].end);
        assert_string_equal(a->v[i].kind, b->v[i].kind);
    }
}

/* Each detector over text told every detector runs, it alone, and every
 * other but it (its keys then read from the bytes unless another's
 * kind): the same hits. */
static void bits_text(void *ctx, const char *text, const char *path)
{
    long *hits = ctx;
    pc_hits a = {0}, b = {0};

    (void)path;
    for (size_t slot = 0; slot < pc_detect_count(); slot++) {
        uint32_t self = (uint32_t)1 << slot;
        pc_hits_clear(&a);
        pc_hits_clear(&b);
        slot_hits(slot, text, ~(uint32_t)0, &a);
        if (slot_hits(slot, text, self, &b) && !pc_detect_slot_bits(slot)) {
            fail_msg("%s made the bits of digits and capitals, which "
                     "pc_detect_slot_bits says it does not read, in \"%s\"",
                     pc_detect_slot_name(slot), text);
        }
        same_hits(&a, &b);
        pc_hits_clear(&b);
        slot_hits(slot, text, ~self, &b);
        same_hits(&a, &b);
        *hits += (long)a.n;
    }
    pc_hits_free(&a);
    pc_hits_free(&b);
}

/* Every detector over every post of the labelled corpus and texts full of
 * digits and capitals: the same hits whether the key pass made the bits
 * or not, and the bits made only by those that read them. */
static void scan_without_bits_finds_the_same(void **state)
{
    static const char *const texts[] = {
        "Call Jo on 07700 900123 or write to J.Smith@school.org, 12 High "
        "Street, Leeds LS1 4AB. NI AB123456C, card 4111 1111 1111 1111, "
        "sort code 12-34-56, account 12345678; born 14/02/2011; Amy (7) "
        "and Ben in Year 3. Password: Hunter2! token ghp_aB3dE5fG7hJ9kL1mN3",
        "SSN 123-45-6789, licence MORGA657054SM9IJ, mother's maiden name "
        "is Smith, first pet was Rex, 1-2-3 Chome Tokyo",
    };
    long hits = 0;

    (void)state;
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        bits_text(&hits, texts[i], "");
    }
    pc_test_corpus_each(bits_text, &hits);
    assert_true(hits > 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(keyed_search_finds_what_a_plain_one_does),
        cmocka_unit_test(scan_without_bits_finds_the_same),
    };
    return cmocka_run_group_tests_name("detect_keys", tests, setup,
                                       teardown);
}
