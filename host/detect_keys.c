/* detect_keys.c: a detector pattern searched only near its keys
 * (pc__pat_def.key in detect_int.h). A pattern such as the age one can
 * start almost anywhere (white space, a dozen letters), so PCRE2 tries
 * it at nearly every byte of a post; but every match holds a key (a
 * digit, an age in words, the "at" of an address written out) with
 * little of a known shape before it. The search here takes the keys
 * (found in detect_keyfind.c, of every kind at once, in one pass over
 * the post at a scan's first keyed search), walks back from each over
 * what may stand before a key in a match, and runs the pattern only
 * from there to the key (an offset limit: PCRE2 still sees the whole
 * subject, so lookbehind, lookahead and \b read what they read in one
 * search of it). The result is the one search's, by this argument:
 *   - each walk, back from a key k, passes the start m of every match
 *     that starts at or before k and whose key is k or a later one (its
 *     comment says why), so every place a match may start is in some
 *     [back(k), k];
 *   - so the keys' ranges, taken in order and merged where they touch,
 *     are searched in order of their starts, and a match starting
 *     before the end of one range is found there: the first match found
 *     is the first there is.
 * tests/test_detect_keys.c holds it to a plain search over the corpus
 * and over texts made of the pieces the walks read. */
#include <stdlib.h>

#include "detect_int.h"

/* The byte classes of the walk back from a key. */
enum { STOP, SPACE, WORD, OTHER };

/* SPACE: ASCII white space (PCRE2's \s), '(' and '.'; WORD: ASCII
 * letters and the apostrophe; OTHER: a byte beyond ASCII, which may be
 * part of a letter (U+017F folds to 's'), a quote or a space, and is
 * walked over as either; STOP: the rest, digits included. */
static unsigned char byte_class(unsigned char c)
{
    if (c >= 0x80)
        return OTHER;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\'')
        return WORD;
    if (c == ' ' || (c >= '\t' && c <= '\r') || c == '(' || c == '.')
        return SPACE;
    return STOP;
}

/* For a digit or an age in words: the earliest place a match may start
 * before k, no earlier than lo: the least j with no STOP byte in s[j, k)
 * and at most two runs of WORD bytes there, OTHER bytes ending no run
 * ("will be 5", "is now 5", "(aged 5", "Sept. 5"). A match's bytes
 * before its key are of that kind, and so are those of any part of them
 * (a part holds no more runs). */
static size_t walk_back_age(const char *s, size_t lo, size_t k)
{
    size_t i = k;
    int runs = 0, in_word = 0;

    for (; i > lo; i--) {
        unsigned char c = byte_class((unsigned char)s[i - 1]);
        if (c == STOP)
            break;
        if (c == WORD && !in_word) {
            if (runs == 2)
                break;
            runs++;
            in_word = 1;
        } else if (c == SPACE) {
            in_word = 0;
        }
    }
    return i;
}

/* A byte of a word of an address written out: [a-z0-9._%+-]. */
static int addr_byte(unsigned char c)
{
    return (unsigned char)((c | 0x20) - 'a') < 26 ||
           (unsigned char)(c - '0') < 10 || c == '.' || c == '_' ||
           c == '%' || c == '+' || c == '-';
}

/* For the "at" of an address written out ("jane dot doe at school dot
 * org"): the earliest place a match may start before k, no earlier than
 * lo. Before its "at" a match holds words (addr_byte, or beyond ASCII:
 * U+212A and U+017F are letters to a caseless match) with "dot" between
 * them, and white space (ASCII, or beyond it). Back from k: white space,
 * a word; the walk goes on past the word if "dot" and white space stand
 * before it, if it is "dot" itself, or if it holds a byte beyond ASCII
 * (which may have been a space, the word really two); else a match
 * starts at the word or later (before it, a match would need "dot"; in
 * it, its first byte follows one of [a-z0-9._%+-], which the pattern
 * forbids). The same holds from any "at" inside a match: what stands
 * before it there is of the same shape. The "at" before a match's
 * domain is always a key (detect_keyfind.c's spoken_at reads what the
 * pattern has after it); another "at" inside it may be one too. */
static size_t walk_back_spoken(const char *s, size_t lo, size_t k)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = k;

    for (;;) {
        size_t w, e, j;
        int wide = 0;
        while (i > lo && (pc__ascii_space(u[i - 1]) || u[i - 1] >= 0x80))
            i--;
        e = i;
        while (i > lo && (addr_byte(u[i - 1]) || u[i - 1] >= 0x80)) {
            wide |= u[i - 1] >= 0x80;
            i--;
        }
        w = i;
        if (w == e)
            return w;
        if (wide || (e - w == 3 && pc__key_word_at(s, w, e, "dot")))
            continue;
        /* Read before lo too: a walk that would pass lo ends there. */
        for (j = w; j > 0 && (pc__ascii_space(u[j - 1]) || u[j - 1] >= 0x80);)
            j--;
        if (j == w || j < 3 || !pc__key_word_at(s, j - 3, j, "dot"))
            return w;
    }
}

/* For a password key: before it a match holds at most one word (ASCII
 * letters and '-', or bytes beyond ASCII: U+212A and U+017F are letters
 * to a caseless match) and white space after it (ASCII, or beyond it). */
static size_t walk_back_password(const char *s, size_t lo, size_t k)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = k;

    while (i > lo && (pc__ascii_space(u[i - 1]) || u[i - 1] >= 0x80))
        i--;
    if (i == k)
        return k;
    while (i > lo && ((unsigned char)((u[i - 1] | 0x20) - 'a') < 26 ||
                      u[i - 1] == '-' || u[i - 1] >= 0x80))
        i--;
    return i;
}

/* The earliest place a match with a key at k or later may start, if it
 * starts at or before k; no earlier than lo. */
static size_t walk_back(int kind, const char *s, size_t lo, size_t k)
{
    switch (kind) {
    case PC__KEY_SPOKEN_AT:
        return walk_back_spoken(s, lo, k);
    case PC__KEY_PASSWORD:
        return walk_back_password(s, lo, k);
    case PC__KEY_TOKEN:
    case PC__KEY_SORTCODE:
        return k;
    default:
        return walk_back_age(s, lo, k);
    }
}

int pc__keyed_match(pc__scan *sc, int p, size_t from, size_t to,
                    pcre2_match_data *md)
{
    int kind = pc__pat_defs[p].key;
    size_t k = pc__find_key(sc, kind, from, to);
    size_t lo = k < to ? walk_back(kind, sc->s, from, k) : to;
    int rc = PCRE2_ERROR_NOMATCH;

    if (k < to && !sc->kctx) {
        sc->kctx = pcre2_match_context_copy(sc->d->mctx);
        if (!sc->kctx)
            return PCRE2_ERROR_NOMEMORY;
    }
    while (k < to) {
        /* The keys whose ranges touch this one's, in one search. */
        size_t last = k, next, next_lo = to;
        for (;;) {
            next = pc__find_key(sc, kind, last + 1, to);
            if (next >= to)
                break;
            next_lo = walk_back(kind, sc->s, last + 1, next);
            if (next_lo > last + 1)
                break;
            last = next;
        }
        /* lo is from or where a walk stopped after an ASCII byte: the
         * start of a character. */
        pcre2_set_offset_limit(sc->kctx, last);
        rc = pcre2_match(sc->d->re[p], (PCRE2_SPTR)sc->s, to, lo, 0, md,
                         sc->kctx);
        if (rc != PCRE2_ERROR_NOMATCH)
            break;
        k = next;
        lo = next_lo;
    }
    return rc;
}
