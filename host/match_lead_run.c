/* match_lead_run.c: a regex's lead (built by match_lead.c) read against
 * a subject. pc__lead_next finds the first place where one of the lead's
 * runs may stand (after a byte that is not an ASCII word byte, when the
 * pattern opens with \b), and a run of the regex starts there (match.h).
 * The places found are a superset of those where PCRE2 can start a
 * match. */
#include <string.h>

#include "detect_masks.h"
#include "match.h"
#include "match_lead_int.h"
#include "postcheck/text.h"
#include "prefilter_int.h"

#define LEAD_MEMCHR_MIN 64     /* bytes of subject left to use memchr */

/* 1 if run r (its length, its bytes) may stand at s[i..len). A caseless
 * pattern reads an ASCII letter in either case, and U+017F and U+212A as
 * 's' and 'k' (text.h's pc_text_ascii_twin). RUN_SPACES stands for one
 * ASCII white-space byte or more; a character beyond ASCII where white
 * space may stand (under UCP, \s reads some) is PCRE2's to read. */
static int run_at(const pc__lead *l, const unsigned char *r,
                  const unsigned char *s, size_t i, size_t len)
{
    size_t n = r[0], cl, j = i;

    if (len - i < n) {
        return 0;
    }
    for (size_t k = 0; k < n; k++) {
        unsigned char c;
        if (r[1 + k] == RUN_SPACES) {
            size_t from = j;
            while (j < len && pc__pf_space(s[j])) {
                j++;
            }
            if (j < len && s[j] >= 0x80) {
                return 1;
            }
            if (j == from) {
                return 0;
            }
            continue;
        }
        if (j >= len) {
            return 0;
        }
        c = s[j++];
        if (c >= 0x80) {
            /* One such character reads as one letter: what follows it
             * is PCRE2's to read. */
            return l->caseless &&
                   pc_text_ascii_twin((const char *)s + j - 1, len - j + 1,
                                      &cl) == (char)r[1 + k];
        }
        if (l->caseless) {
            c = pc__pf_lower(c);
        }
        if (c != r[1 + k]) {
            return 0;
        }
    }
    return 1;
}

/* 1 if a run of l may stand at s[i] (its first byte one a run may start
 * with). Only the runs that start with that byte are read; a run starts
 * with a letter or a digit, so beyond ASCII only with the letter a
 * caseless pattern reads the character as (pc_text_ascii_twin: 's' for
 * U+017F, 'k' for U+212A), and elsewhere not. When every run has two
 * bytes or more, an ASCII byte's pair with the byte after it is first
 * looked up in l->pairs: most words that start with a run's first letter
 * go on as none does ("be" where the runs are "b*", "b#", ...), and are
 * passed over without reading a run. A second byte beyond ASCII is let
 * through (a caseless run reads U+017F and U+212A as 's' and 'k'; where
 * white space may stand, PCRE2 reads what \s is); any ASCII white space
 * stands for RUN_SPACES, the byte after the subject's end (0) for none. */
static int runs_at(const pc__lead *l, const unsigned char *s, size_t i,
                   size_t len)
{
    unsigned char c = s[i], d;
    const unsigned char *r, *end;
    size_t cl;

    if (c >= 0x80) {
        c = l->caseless ? (unsigned char)pc_text_ascii_twin(
                              (const char *)s + i, len - i, &cl)
                        : 0;
        if (c == 0) {
            return 0;
        }
    } else {
        if (l->caseless) {
            c = pc__pf_lower(c);
        }
        if (l->paired && (d = len - i < 2 ? 0 : s[i + 1]) < 0x80) {
            unsigned h = pc__lead_pair(c, pc__pf_space(d) ? RUN_SPACES
                                          : l->caseless   ? pc__pf_lower(d)
                                                          : d);
            if (!((l->pairs[h >> 6] >> (h & 63)) & 1)) {
                return 0;
            }
        }
    }
    r = l->text + l->from[pc__lead_cls[c]];
    end = l->text + l->from[pc__lead_cls[c] + 1];
    for (; r < end; r += *r + 1) {
        if (r[1] == c && run_at(l, r, s, i, len)) {
            return 1;
        }
    }
    return 0;
}

/* 1 if the byte before s[i] lets a match of l start there: any, unless
 * l reads \b before its runs and it is an ASCII word byte. */
static int bound_at(const pc__lead *l, const unsigned char *s, size_t i)
{
    return !l->word || i == 0 || pc__lead_cls[s[i - 1]] > CLS_UNDERSCORE;
}

/* 1 if a match of l's pattern may start at s[i] (its first byte one a
 * run may start with). */
static int starts_at(const pc__lead *l, const unsigned char *s, size_t i,
                     size_t len)
{
    return bound_at(l, s, i) && runs_at(l, s, i, len);
}

/* pc__lead_next's walk for a lead after \b: a place within an ASCII word
 * (its byte before one of the word's) cannot start a match, so its runs
 * are tried at the first byte of a word only, and at a byte beyond ASCII
 * (U+017F, U+212A) when they may start with one. The places are found
 * sixteen bytes at a time (detect_masks.h: a word byte after one that
 * is not), not byte by byte, but for the last fifteen. */
static size_t next_word_start(const pc__lead *l, const unsigned char *s,
                              size_t i, size_t len)
{
    uint64_t first = l->first;
    unsigned high = (first >> CLS_LEAD) & 1 ? 0xFFFFu : 0;
    unsigned prev = i > 0 && pc__lead_cls[s[i - 1]] <= CLS_UNDERSCORE;

    for (; len - i >= 16; i += 16) {
        struct pc__masks m = pc__masks16(s + i);
        unsigned at = (m.word & ~((m.word << 1) | prev)) | (m.high & high);
        prev = m.word >> 15;
        for (; at; at &= at - 1) {
            size_t j = i + (size_t)__builtin_ctz(at);
            unsigned k = pc__lead_cls[s[j]];
            if (((first >> k) & 1) &&
                (k <= CLS_UNDERSCORE ? runs_at(l, s, j, len)
                                     : starts_at(l, s, j, len))) {
                return j;
            }
        }
    }
    /* The last few bytes (a short subject's all), one at a time. */
    for (; i < len; i++) {
        unsigned k = pc__lead_cls[s[i]];
        if (((first >> k) & 1) &&
            (k <= CLS_UNDERSCORE ? !prev && runs_at(l, s, i, len)
                                 : starts_at(l, s, i, len))) {
            return i;
        }
        prev = k <= CLS_UNDERSCORE;
    }
    return len;
}

/* The first b in s[i..len), or len. */
static size_t find(const unsigned char *s, unsigned char b, size_t i,
                   size_t len)
{
    const unsigned char *p = i < len ? memchr(s + i, b, len - i) : NULL;

    return p ? (size_t)(p - s) : len;
}

size_t pc__lead_next(const pc__lead *l, const char *str, size_t at,
                     size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    uint64_t first = l->first;
    size_t pos[LEAD_BYTES];

    if (l->n_bytes && len - at >= LEAD_MEMCHR_MIN) {
        /* A few first bytes: memchr finds each one's next place (on a
         * short stretch, a word, the calls would cost more than the
         * loop below). */
        for (unsigned k = 0; k < l->n_bytes; k++) {
            pos[k] = find(s, l->bytes[k], at, len);
        }
        for (;;) {
            unsigned m = 0;
            for (unsigned k = 1; k < l->n_bytes; k++) {
                m = pos[k] < pos[m] ? k : m;
            }
            if (pos[m] >= len || starts_at(l, s, pos[m], len)) {
                return pos[m];
            }
            pos[m] = find(s, l->bytes[m], pos[m] + 1, len);
        }
    }
    if (l->word) {
        return next_word_start(l, s, at, len);
    }
    for (size_t i = at; i < len; i++) {
        if (((first >> pc__lead_cls[s[i]]) & 1) && runs_at(l, s, i, len)) {
            return i;
        }
    }
    return len;
}
