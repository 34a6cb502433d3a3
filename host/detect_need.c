/* detect_need.c: the needs of the detector patterns that have one
 * (pc__pat_def.need in detect_int.h): a short run of ASCII digits and
 * capitals every match of the pattern holds (a postcode's "9AB", a
 * national insurance number's "AB12", twelve digits of a card, nine of
 * a routing number, a house number and the capital after it, a digit
 * and seven bytes of a phone number), or the "丁目" of a Japanese
 * address. Each finds the first place at or after `from`
 * where its run starts and ends before `to`, or gives `to`; the search
 * then begins at most the pattern's reach before it, and none runs
 * without one (detect_scan.c). A long post of prose holds none of them,
 * and the patterns, which PCRE2 would try at every digit or capital,
 * are not run. tests/test_detect_anchor.c holds each to a plain search.
 * Only ASCII bytes are read (but for "丁目"): every pattern here is
 * case-sensitive, so its [A-Z] and [0-9] are those bytes and nothing
 * beyond ASCII. Where a scan's digits and capitals stand is found once,
 * in one pass over its buffer (pc__bytebits_new), and each need looks
 * for its next digit or capital there, where each read the bytes on its
 * own (a 280-character post read seven times to the end; a long one at
 * every window); tests/test_detect_anchor.c holds the two to the same
 * results. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "detect_int.h"
#include "detect_masks.h"

static int digit(unsigned char c)
{
    return (unsigned char)(c - '0') < 10;
}

static int capital(unsigned char c)
{
    return (unsigned char)(c - 'A') < 26;
}

#define ONES 0x0101010101010101ull

/* Not 0 if a byte of x is above lo and below hi (lo < 128, hi <= 128):
 * each byte's sums stay within it, so no byte's answer reaches another
 * ("hasbetween", Sean Anderson's bit twiddling hacks). */
static uint64_t has_between(uint64_t x, unsigned lo, unsigned hi)
{
    uint64_t low7 = x & ONES * 127;

    return (ONES * (127 + hi) - low7) & ~x & (low7 + ONES * (127 - lo)) &
           ONES * 128;
}

/* The first place at or after i in u[0, to) of a byte above lo and below
 * hi (ASCII), or to: eight bytes at a time where none is one. */
static size_t skip_to(const unsigned char *u, size_t i, size_t to,
                      unsigned lo, unsigned hi)
{
    for (; i + 8 <= to; i += 8) {
        uint64_t x;
        memcpy(&x, u + i, 8);
        if (has_between(x, lo, hi))
            break;
    }
    while (i < to && !(u[i] > lo && u[i] < hi))
        i++;
    return i;
}

/* What a need looks for next: a digit or a capital. */
enum { DIG, CAP };

static const unsigned char lo_of[] = {'0' - 1, 'A' - 1};
static const unsigned char hi_of[] = {'9' + 1, 'Z' + 1};

/* Word w of class cls's bits (of b). */
static uint64_t word_of(const pc__bytebits *b, size_t w, int cls)
{
    return cls == DIG ? b->digit[w] : b->capital[w];
}

/* The first place at or after i in u[0, to) of a byte of class cls, or
 * to: from the bits when there are (to no further than they cover),
 * else reading the bytes (skip_to). */
static inline size_t next_of(const pc__bytebits *b, const unsigned char *u,
                             size_t i, size_t to, int cls)
{
    if (!b || to > b->len)
        return skip_to(u, i, to, lo_of[cls], hi_of[cls]);
    return pc__bits_next(cls == DIG ? b->digit : b->capital, i, to);
}

pc__bytebits *pc__bytebits_alloc(size_t len)
{
    size_t words = (len + 63) / 64;
    pc__bytebits *b;

    if (words > (SIZE_MAX - sizeof *b) / (2 * sizeof(uint64_t)))
        return NULL;
    b = malloc(sizeof *b + 2 * words * sizeof(uint64_t));
    if (!b)
        return NULL;
    b->len = len;
    b->digit = b->v;
    b->capital = b->v + words;
    if (words) {
        /* pc__bytebits_put leaves the places past the end unwritten. */
        b->v[words - 1] = 0;
        b->v[2 * words - 1] = 0;
    }
    return b;
}

pc__bytebits *pc__bytebits_new(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t words = (len + 63) / 64;
    pc__bytebits *b = pc__bytebits_alloc(len);
    uint64_t *dig, *cap;

    if (!b)
        return NULL;
    dig = b->v;
    cap = b->v + words;
    /* Sixteen bytes a step (detect_masks.h), a word of each made whole,
     * then stored. */
    for (size_t w = 0; w < words; w++) {
        uint64_t d = 0, c = 0;
        for (size_t j = 0; j < 64 && w * 64 + j < len; j += 16) {
            struct pc__masks m = pc__masks_at(u, w * 64 + j, len);
            d |= (uint64_t)m.dig << j;
            c |= (uint64_t)m.cap << j;
        }
        dig[w] = d;
        cap[w] = c;
    }
    return b;
}

size_t pc__bytebits_next_digit(const pc__bytebits *b, const char *s,
                               size_t i, size_t to)
{
    return next_of(b, (const unsigned char *)s, i, to, DIG);
}

size_t pc__bytebits_next_capital(const pc__bytebits *b, const char *s,
                                 size_t i, size_t to)
{
    return next_of(b, (const unsigned char *)s, i, to, CAP);
}

void pc__bytebits_free(pc__bytebits *b)
{
    free(b);
}

/* The first place at or after from where n digits start, all before to;
 * to if none. */
static size_t digits(const pc__bytebits *b, const char *s, size_t from,
                     size_t to, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = next_of(b, u, from, to, DIG);

    while (i + n <= to) {
        size_t k = 1;
        while (k < n && digit(u[i + k]))
            k++;
        if (k == n)
            return i;
        /* no run of n starts before the byte that ended this one */
        i = next_of(b, u, i + k + 1, to, DIG);
    }
    return to;
}

size_t pc__need_8_digits(const pc__bytebits *b, const char *s, size_t from,
                         size_t to)
{
    return digits(b, s, from, to, 8);
}

size_t pc__need_9_digits(const pc__bytebits *b, const char *s, size_t from,
                         size_t to)
{
    return digits(b, s, from, to, 9);
}

/* A byte of a phone number's body, PC__P_PHONE's [0-9 ().-]. */
static int phone_byte(unsigned char c)
{
    return digit(c) || c == ' ' || c == '(' || c == ')' || c == '.' ||
           c == '-';
}

/* A digit and seven bytes of [0-9 ().-] after it: what every match of
 * PC__P_PHONE ([0-9][0-9 ().-]{6,20}[0-9] after "+(" or not) holds from
 * its first digit on. A post's "year 4" or "at 9" has none, so the
 * pattern is run only near a number as long as a phone's. */
size_t pc__need_phone(const pc__bytebits *b, const char *s, size_t from,
                      size_t to)
{
    const unsigned char *u = (const unsigned char *)s;

    for (size_t i = next_of(b, u, from, to, DIG); i + 8 <= to;
         i = next_of(b, u, i + 1, to, DIG)) {
        size_t k = 1;
        while (k < 8 && phone_byte(u[i + k]))
            k++;
        if (k == 8)
            return i;
        /* No run of eight starts before the byte that ended this one. */
        i += k;
    }
    return to;
}

/* Bits of class cls (of b) from byte w * 64 + j on (j < 64): bit t
 * says byte w * 64 + j + t is one; 0 past the bits' end. */
static uint64_t bits_from(const pc__bytebits *b, size_t w, unsigned j,
                          int cls)
{
    uint64_t x = word_of(b, w, cls) >> j;

    if (j && (w + 1) * 64 < b->len)
        x |= word_of(b, w + 1, cls) << (64 - j);
    return x;
}

/* A need read from the bits, 64 places at a time: `may` gives the
 * places of word w of the bits where it may be met (a superset: the
 * bits cover the whole buffer, which may go on past to); `met` says
 * whether it is at u[i], within u[0, to); `first`, the class of the
 * byte it starts with (DIG or CAP), where it is tried without bits. */
struct masked_need {
    uint64_t (*may)(const pc__bytebits *b, size_t w);
    int (*met)(const unsigned char *u, size_t i, size_t to);
    int first;
};

/* The first place at or after i in u[0, to) (to no further than
 * b->len) where need n is met, or to. */
static size_t first_masked(const pc__bytebits *b, const unsigned char *u,
                           size_t i, size_t to, const struct masked_need *n)
{
    size_t w = i / 64, last;
    uint64_t x;

    if (i >= to)
        return to;
    last = (to - 1) / 64;
    x = n->may(b, w) & (~(uint64_t)0 << (i % 64));
    for (;;) {
        while (!x) {
            if (++w > last)
                return to;
            x = n->may(b, w);
        }
        i = w * 64 + (size_t)__builtin_ctzll(x);
        if (i >= to)
            return to;
        if (n->met(u, i, to))
            return i;
        x &= x - 1;
    }
}

/* The first place at or after from in u[0, to) where need n is met, or
 * to: from the bits when there are (first_masked), else at each byte of
 * its first class. */
static inline size_t first_met(const pc__bytebits *b,
                               const unsigned char *u, size_t from,
                               size_t to, const struct masked_need *n)
{
    if (b && to <= b->len)
        return first_masked(b, u, from, to, n);
    for (size_t i = next_of(b, u, from, to, n->first); i < to;
         i = next_of(b, u, i + 1, to, n->first))
        if (n->met(u, i, to))
            return i;
    return to;
}

/* A digit and two capitals after it at u[i], within u[0, to). */
static int digit_caps_at(const unsigned char *u, size_t i, size_t to)
{
    return i + 3 <= to && digit(u[i]) && capital(u[i + 1]) &&
           capital(u[i + 2]);
}

static uint64_t digit_caps_may(const pc__bytebits *b, size_t w)
{
    return bits_from(b, w, 0, DIG) & bits_from(b, w, 1, CAP) &
           bits_from(b, w, 2, CAP);
}

/* A digit and two capitals after it: the end of every UK postcode
 * ("0AA" of "GIR 0AA", "1AB" of "SW1A 1AB"). From the bits, where a
 * long post's every digit was a step. */
size_t pc__need_digit_caps(const pc__bytebits *b, const char *s, size_t from,
                           size_t to)
{
    static const struct masked_need need = {digit_caps_may, digit_caps_at,
                                            DIG};

    return first_met(b, (const unsigned char *)s, from, to, &need);
}

/* Two capitals, a space or not, and a digit at u[i], within u[0, to). */
static int caps_digit_at(const unsigned char *u, size_t i, size_t to)
{
    return i + 3 <= to && capital(u[i]) && capital(u[i + 1]) &&
           (digit(u[i + 2]) ||
            (u[i + 2] == ' ' && i + 4 <= to && digit(u[i + 3])));
}

static uint64_t caps_digit_may(const pc__bytebits *b, size_t w)
{
    return bits_from(b, w, 0, CAP) & bits_from(b, w, 1, CAP) &
           (bits_from(b, w, 2, DIG) | bits_from(b, w, 3, DIG));
}

/* Two capitals, a space or not, and a digit: the start of a national
 * insurance number ("AB 12 ...", "AB12...") and of an IBAN ("GB29").
 * From the bits, where a long post's every capital was a step. */
size_t pc__need_caps_digit(const pc__bytebits *b, const char *s, size_t from,
                           size_t to)
{
    static const struct masked_need need = {caps_digit_may, caps_digit_at,
                                            CAP};

    return first_met(b, (const unsigned char *)s, from, to, &need);
}

/* Five capitals or nines and six digits: the first eleven characters of
 * a UK driving licence number ("MORGA753116SM9IJ"). Found from its six
 * digits, the rarer part (a capital or a nine begins most sentences and
 * many numbers; six digits in a row stand in few posts): the first
 * place j, at least five bytes past from, where six digits start, with
 * five capitals or nines before it, is five bytes past the first place
 * the need is met. */
size_t pc__need_licence(const pc__bytebits *b, const char *s, size_t from,
                        size_t to)
{
    const unsigned char *u = (const unsigned char *)s;

    if (to < 11 || from > to - 11)
        return to;
    for (size_t j = digits(b, s, from + 5, to, 6); j < to;
         j = digits(b, s, j + 1, to, 6)) {
        size_t k = 0;
        while (k < 5 && (capital(u[j - 5 + k]) || u[j - 5 + k] == '9'))
            k++;
        if (k == 5)
            return j - 5;
    }
    return to;
}

/* Twelve digits, each after the one before it or after a space or a
 * '-' after it: the shortest card number ("4111 1111 1111", the
 * separators as the pattern allows them). A chain of digits so linked
 * is read once: from any digit of it the chain reaches the same end, so
 * one too short is too short from each of its digits. */
size_t pc__need_card(const pc__bytebits *b, const char *s, size_t from,
                     size_t to)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = next_of(b, u, from, to, DIG);

    while (i < to) {
        size_t j = i + 1, n = 1;
        for (;;) {
            if (j < to && digit(u[j])) {
                j++;
            } else if (j + 1 < to && (u[j] == ' ' || u[j] == '-') &&
                       digit(u[j + 1])) {
                j += 2;
            } else {
                break;
            }
            if (++n == 12)
                return i;
        }
        i = next_of(b, u, j, to, DIG);
    }
    return to;
}

/* For a house number: the end of what stands in s[0, to) after the run
 * of digits starting at i and before a street's first word, or 0 if
 * that cannot be a house number's: the digits, a letter or not ("12b"),
 * with dash a '-' and digits or not ("12-3"), ',' or not, then one
 * space or tab at least, all of them. *run gets the end of the run. */
static size_t house_number(const unsigned char *u, size_t i, size_t to,
                           int dash, size_t *run)
{
    while (i < to && digit(u[i]))
        i++;
    *run = i;
    if (i < to && (unsigned char)((u[i] | 0x20) - 'a') < 26)
        i++;
    if (dash && i + 1 < to && u[i] == '-' && digit(u[i + 1]))
        for (i++; i < to && digit(u[i]);)
            i++;
    if (i < to && u[i] == ',')
        i++;
    if (i >= to || (u[i] != ' ' && u[i] != '\t'))
        return 0;
    while (i < to && (u[i] == ' ' || u[i] == '\t'))
        i++;
    return i;
}

/* What may begin a street's words at u[j], within u[0, to): a capital
 * (the street's first word, or N, S, E, W before it) and, street (as
 * PC__P_STREET_NUM), a byte beyond ASCII (\p{Lu} may be one), else (as
 * PC__P_ADDRESS) an ordinal's one to three digits and its suffix's first
 * letter ("21st"). */
static inline int street_begins(const unsigned char *u, size_t j, size_t to,
                                int street)
{
    size_t k = j;

    if (j >= to)
        return 0;
    if (capital(u[j]) || (street && u[j] >= 0x80))
        return 1;
    while (!street && k < to && k - j < 4 && digit(u[k]))
        k++;
    return k > j && k - j <= 3 && k < to &&
           (u[k] == 's' || u[k] == 'n' || u[k] == 'r' || u[k] == 't');
}

/* The first place at or after from where a house number starts
 * (house_number, "12-3" too when street) and what may begin a street's
 * words stands after it (street_begins), or to. A run of digits is read
 * once: a match starts at a run's first digit (its lookbehind refuses
 * one before it), and every digit of the run sees the same after it. */
static inline size_t house_street(const pc__bytebits *b,
                                  const unsigned char *u, size_t from,
                                  size_t to, int street)
{
    size_t i = next_of(b, u, from, to, DIG);

    while (i < to) {
        size_t e, j = house_number(u, i, to, street, &e);
        if (j && street_begins(u, j, to, street))
            return i;
        i = next_of(b, u, e, to, DIG);
    }
    return to;
}

/* A house number and what begins the street's words after it, as in
 * every match of PC__P_ADDRESS. */
size_t pc__need_house(const pc__bytebits *b, const char *s, size_t from,
                      size_t to)
{
    return house_street(b, (const unsigned char *)s, from, to, 0);
}

/* The same with PC__P_STREET_NUM's house numbers and what may begin its
 * street's words. */
size_t pc__need_street(const pc__bytebits *b, const char *s, size_t from,
                       size_t to)
{
    return house_street(b, (const unsigned char *)s, from, to, 1);
}

/* "丁目" (chōme), which every Japanese address of PC__P_STREET_JP
 * holds, its first byte found by memchr. */
size_t pc__need_chome(const pc__bytebits *b, const char *s, size_t from,
                      size_t to)
{
    static const char chome[] = "\xe4\xb8\x81\xe7\x9b\xae";
    const char *p = s + from, *end = s + to;

    while (end - p >= 6 && (p = memchr(p, chome[0], (size_t)(end - p - 5)))) {
        if (memcmp(p, chome, 6) == 0)
            return (size_t)(p - s);
        p++;
    }
    return to;
}
