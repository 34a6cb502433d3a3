/* detect_keys.c: a detector pattern searched only near its keys
 * (pc__pat_def.key in detect_int.h). A pattern such as the age one can
 * start almost anywhere (white space, a dozen letters), so PCRE2 tries
 * it at nearly every byte of a post; but every match holds a key (a
 * digit, an age in words) with at most two words before it. The
 * search here finds the keys with a byte loop, walks back from each
 * over what may stand before a key in a match, and runs the pattern
 * only from there to the key (an offset limit: PCRE2 still sees the
 * whole subject, so lookbehind, lookahead and \b read what they read
 * in one search of it). The result is the one search's, by this
 * argument:
 *   - every match starting at m has a key k >= m with m >= back(k), so
 *     every place a match may start is in some [back(k), k];
 *   - back() never decreases as k grows (walk_back), so the keys'
 *     ranges, taken in order and merged where they touch, are searched
 *     in order of their starts and the first match found is the first
 *     there is.
 * tests/test_detect_keys.c holds it to a plain search over the corpus
 * and over texts made of the pieces the walk reads. */
#include <string.h>

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

/* The earliest place a match whose key is at k may start, no earlier
 * than lo: the least j with no STOP byte in s[j, k) and at most two runs
 * of WORD bytes there, OTHER bytes ending no run ("will be 5", "is now
 * 5", "(aged 5", "Sept. 5"). A smaller range holds no more runs, so the
 * place never moves back as k moves on. */
static size_t walk_back(const char *s, size_t lo, size_t k)
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

/* The ages in words of detect_pats.c's NUMW, in lower case. */
static const char *const age_words[] = {
    "one", "two", "three", "four", "five", "six", "seven", "eight",
    "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
    "sixteen", "seventeen",
};

/* 1 if s[i, to) starts with word (lower case) as PCRE2's caseless UTF
 * match reads it: ASCII letters in either case, and U+017F (long s) for
 * 's'. */
static int word_at(const char *s, size_t i, size_t to, const char *word)
{
    for (; *word; word++) {
        unsigned char c;
        if (i >= to)
            return 0;
        c = (unsigned char)s[i];
        if (*word == 's' && c == 0xC5 && i + 1 < to &&
            (unsigned char)s[i + 1] == 0xBF) {
            i += 2;
            continue;
        }
        if ((c | 0x20) != (unsigned char)*word)
            return 0;
        i++;
    }
    return 1;
}

/* 1 if c may begin an age in words: an ASCII letter among their first
 * letters, or U+017F's lead byte. */
static int age_first(unsigned char c)
{
    unsigned char l = c | 0x20;

    return l == 'o' || l == 't' || l == 'f' || l == 's' || l == 'e' ||
           l == 'n' || c == 0xC5;
}

/* 1 if c is an ASCII letter, digit or '_' (\w, so no \b after it). */
static int ascii_word(unsigned char c)
{
    return (unsigned char)((c | 0x20) - 'a') < 26 ||
           (unsigned char)(c - '0') < 10 || c == '_';
}

/* 1 if an age in words starts at s[i]: after no ASCII letter, digit or
 * '_' (a match has \b or white space before it). */
static int age_word_at(const char *s, size_t i, size_t to)
{
    for (size_t w = 0; w < sizeof age_words / sizeof *age_words; w++)
        if (word_at(s, i, to, age_words[w]))
            return 1;
    return 0;
}

/* The first key of kind at or after i in s[0, to), or to. */
static size_t next_key(int kind, const char *s, size_t i, size_t to)
{
    for (; i < to; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((unsigned char)(c - '0') < 10)
            return i;
        if (kind == PC__KEY_AGE && age_first(c) &&
            (i == 0 || !ascii_word((unsigned char)s[i - 1])) &&
            age_word_at(s, i, to))
            return i;
    }
    return to;
}

int pc__keyed_match(pc__scan *sc, int p, size_t from, size_t to,
                    pcre2_match_data *md)
{
    int kind = pc__pat_defs[p].key;
    size_t k = next_key(kind, sc->s, from, to);
    size_t lo = k < to ? walk_back(sc->s, from, k) : to;
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
            next = next_key(kind, sc->s, last + 1, to);
            if (next >= to)
                break;
            next_lo = walk_back(sc->s, last + 1, next);
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
