/* match_lead.c: where a regex's matches can start, read from its text,
 * so that a run skips to them instead of letting PCRE2 try every place
 * its start bytes stand (match.h's pc__lead).
 *
 * A pattern qualifies when it opens, after assertions that consume
 * nothing (\b, lookarounds: they only narrow where a match starts), with
 * a word or a group of alternative words
 * that every match starts with: `\b(?:she|he|they)(?:'s|\s+is...)`,
 * `(?<!["'])\b(?:nice|great|lovely)\s+...`, `\bwho\s+...`, groups of
 * words that may be skipped before one (`\b(?:all\s+)?(?:views?|...)`)
 * giving their words too. Each
 * alternative gives its leading run of ASCII letters and digits (the
 * last one dropped when a quantifier follows it), carried on past each
 * "\s+" that follows (take_run()); the pattern has no alternation
 * outside those groups. A match
 * then starts where one of those runs stands and, after a leading \b,
 * where the byte before is not an ASCII word byte (under UCP every ASCII
 * letter, digit and '_' is \w; a byte over 0x7F may end a word character
 * or not, and is let through).
 *
 * A caseless pattern (the folded view's) compares ASCII letters in
 * either case, and lets U+017F and U+212A stand for 's' and 'k' (the only
 * characters over U+007F that PCRE2 reads as an ASCII letter or digit,
 * caseless, under UTF and UCP). The places found
 * are a superset of those where PCRE2 can start a match, so a run from
 * the first of them finds the match a run from further back finds. */
#include <stdlib.h>
#include <string.h>

#include "detect_masks.h"
#include "match.h"
#include "postcheck/text.h"
#include "prefilter_int.h"

#define LEAD_MAX_TEXT 256      /* bytes of a pattern's runs, with their
                                  lengths */

#define LEAD_CLASS_MAX 8       /* members of a class a run ends with */
#define LEAD_BYTES 4           /* first bytes found by memchr, at most */
#define LEAD_MEMCHR_MIN 64     /* bytes of subject left to use memchr */
#define RUN_SPACES ' '         /* in a run: "\s+" (a run holds letters
                                  and digits only) */

/* A byte's class: 0-25 'a'-'z', 26-51 'A'-'Z', 52 a digit, 53 '_' (0-53:
 * ASCII word bytes), 54 a lead byte over U+007F, 55 any other. */
enum { CLS_DIGIT = 52, CLS_UNDERSCORE = 53, CLS_LEAD = 54, CLS_OTHER = 55 };

struct pc__lead {
    uint64_t first;            /* classes (cls) a run may start with */
    unsigned char from[CLS_OTHER + 2]; /* the runs of first byte class k:
                                  text[from[k]..from[k + 1]) */
    unsigned char word;        /* a \b before the runs */
    unsigned char caseless;
    unsigned char n_bytes;     /* the bytes a run may start with, when
                                  there are LEAD_BYTES or fewer; else 0 */
    unsigned char bytes[LEAD_BYTES];
    unsigned char text[];      /* the runs, each its length and bytes;
                                  a length 0 ends them */
};

static unsigned char cls[256];

static void cls_fill(void)
{
    if (cls['a'] == 0 && cls['b'] == 1) {
        return;
    }
    for (int c = 0; c < 256; c++) {
        cls[c] = c >= 0xC0 ? CLS_LEAD : CLS_OTHER;
    }
    for (int c = 0; c < 26; c++) {
        cls['a' + c] = (unsigned char)c;
        cls['A' + c] = (unsigned char)(26 + c);
    }
    for (int c = '0'; c <= '9'; c++) {
        cls[c] = CLS_DIGIT;
    }
    cls['_'] = CLS_UNDERSCORE;
}

static int alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

static int quantifier(char c)
{
    return c == '?' || c == '*' || c == '+' || c == '{';
}

/* The index just past the construct at p[i]: an escape, a class or a
 * group with all it holds (its quantifier not included), or one byte.
 * 0 when the pattern ends first. */
static size_t skip_one(const char *p, size_t i)
{
    if (p[i] == '\\') {
        return p[i + 1] ? i + 2 : 0;
    }
    if (p[i] == '[') {
        i++;
        if (p[i] == '^') {
            i++;
        }
        if (p[i] == ']') {
            i++; /* a ']' first is a member */
        }
        while (p[i] && p[i] != ']') {
            i = p[i] == '\\' ? (p[i + 1] ? i + 2 : i + 1) : i + 1;
        }
        return p[i] ? i + 1 : 0;
    }
    if (p[i] == '(') {
        i++;
        while (p[i] && p[i] != ')') {
            i = skip_one(p, i);
            if (i == 0) {
                return 0;
            }
        }
        return p[i] ? i + 1 : 0;
    }
    return p[i] ? i + 1 : 0;
}

/* 1 if p has a '|' outside every group and class. */
static int top_level_bar(const char *p)
{
    for (size_t i = 0; p[i];) {
        if (p[i] == '|') {
            return 1;
        }
        i = skip_one(p, i);
        if (i == 0) {
            return 1; /* unbalanced: not ours to read */
        }
    }
    return 0;
}

/* 1 if p[i] opens "\s+" (one white-space character or more, whatever
 * follows but a quantifier). */
static int spaces_at(const char *p, size_t i)
{
    return p[i] == '\\' && p[i + 1] == 's' && p[i + 2] == '+' &&
           !quantifier(p[i + 3]);
}

/* The members of the class at p[i] ('[') into out (letters in lower
 * case when caseless, each once), when it lists at most LEAD_CLASS_MAX
 * ASCII punctuation bytes and letters or digits (a member may be escaped
 * punctuation) and is not negated, and a quantifier after it, if any,
 * asks for one at least: how many; else 0. */
static size_t class_members(const struct pc__lead *l, const char *p,
                            size_t i, unsigned char out[LEAD_CLASS_MAX])
{
    size_t n = 0;
    long min, max;

    for (i++; p[i] != ']'; i++) {
        unsigned char c = (unsigned char)p[i], dup = 0;
        if (c == '\\' && p[i + 1] && !alnum((unsigned char)p[i + 1])) {
            c = (unsigned char)p[++i];
        } else if (c == '\\' || c == '-' || c == '[' || c == '^') {
            return 0; /* \s, \w, ranges, POSIX classes, negation */
        }
        if (c <= ' ' || c >= 0x7F) {
            return 0;
        }
        c = l->caseless ? pc__pf_lower(c) : c;
        for (size_t k = 0; k < n; k++) {
            dup |= out[k] == c;
        }
        if (!dup && n == LEAD_CLASS_MAX) {
            return 0;
        }
        out[n] = c;
        n += !dup;
    }
    i++;
    return !pc__pf_quantifier(p, &i, &min, &max) || min > 0 ? n : 0;
}

/* The run l->text[*used] (its length, its bytes) stands before the class
 * at p[i]: it becomes one run for each of the class's members, the run
 * and the member, when they fit ("b[*#]tch" gives "b*" and "b#", where
 * "b" alone would stand at every word starting with b). */
static void take_class(struct pc__lead *l, size_t *used, const char *p,
                       size_t i)
{
    unsigned char m[LEAD_CLASS_MAX];
    size_t k = class_members(l, p, i, m), n = l->text[*used];
    unsigned char *run = l->text + *used;

    if (k == 0 || *used + k * (n + 2) + 1 > LEAD_MAX_TEXT) {
        return;
    }
    for (size_t j = 1; j < k; j++) {
        memcpy(run + j * (n + 2), run, n + 1);
        run[j * (n + 2)] = (unsigned char)(n + 1);
        run[j * (n + 2) + n + 1] = m[j];
    }
    run[0] = (unsigned char)(n + 1);
    run[n + 1] = m[0];
    *used += k * (n + 2);
}

/* Appends the run of letters and digits at p[*i] (stepping past it) to
 * l->text at *used; the last dropped when a quantifier follows. A run
 * followed by "\s+" goes on with a space (RUN_SPACES: one white-space
 * character or more), and with the run after it when one follows, and
 * so on: "all\s+of\s+(?:this|it)" gives "all of ", which "all the"
 * does not start. A run of letters a class follows ends with one of its
 * members (take_class). Returns 0, or -1 when the run is empty or does
 * not fit. */
static int take_run(struct pc__lead *l, size_t *used, const char *p,
                    size_t *i)
{
    size_t at = *used + 1, e = *i, kept = 0;

    for (;;) {
        size_t a = e;
        while (alnum((unsigned char)p[e])) {
            e++;
        }
        if (e > a && quantifier(p[e])) {
            e--;
        }
        /* Room for its bytes, the length and the 0 that ends the runs;
         * a run that goes on without it ends with its spaces. */
        if (at + (e - a) + 2 > LEAD_MAX_TEXT || (e == a && !kept)) {
            if (!kept) {
                return -1;
            }
            at = kept + 1;
            break;
        }
        *i = alnum((unsigned char)p[e]) ? e + 1 : e;
        for (size_t k = a; k < e; k++) {
            unsigned char c = (unsigned char)p[k];
            l->text[at++] = l->caseless ? pc__pf_lower(c) : c;
        }
        if (e < *i || !spaces_at(p, e) || at + 2 > LEAD_MAX_TEXT) {
            if (e == *i && e > a && p[e] == '[') {
                size_t from = *used;
                l->text[from] = (unsigned char)(at - from - 1);
                take_class(l, used, p, e);
                if (*used != from) {
                    return 0;
                }
            }
            break;
        }
        kept = at;
        l->text[at++] = RUN_SPACES;
        e += 3;
        *i = e;
        if (!alnum((unsigned char)p[e])) {
            break;
        }
    }
    l->text[*used] = (unsigned char)(at - *used - 1);
    *used = at;
    return 0;
}

/* Reads the assertions and the lead of p into l. Returns 0, or -1 when p
 * does not open as the top of this file says. */
static int parse(struct pc__lead *l, const char *p)
{
    size_t i = 0, used = 0;
    long min, max;

    for (;;) {
        if (p[i] == '\\' && p[i + 1] == 'b') {
            l->word = 1;
            i += 2;
        } else if (p[i] == '(' && p[i + 1] == '?' &&
                   (p[i + 2] == '=' || p[i + 2] == '!' ||
                    (p[i + 2] == '<' && (p[i + 3] == '=' || p[i + 3] == '!')))) {
            i = skip_one(p, i);
            if (i == 0 || quantifier(p[i])) {
                return -1;
            }
        } else {
            break;
        }
    }
    /* Groups that may be skipped ("?", "*", "{0,"), each with its runs,
     * then a word or a group that may not. */
    for (;;) {
        if (alnum((unsigned char)p[i])) {
            return take_run(l, &used, p, &i);
        }
        if (!(p[i] == '(' && p[i + 1] == '?' && p[i + 2] == ':')) {
            return -1;
        }
        i += 3;
        for (;;) {
            if (take_run(l, &used, p, &i) != 0) {
                return -1;
            }
            /* The rest of this alternative. */
            while (p[i] && p[i] != '|' && p[i] != ')') {
                i = skip_one(p, i);
                if (i == 0) {
                    return -1;
                }
            }
            if (p[i] != '|') {
                break;
            }
            i++;
        }
        if (p[i] != ')') {
            return -1;
        }
        i++;
        /* Past a quantifier that lets the group be skipped, to what a
         * match starts with without it; any other: done. */
        if (!pc__pf_quantifier(p, &i, &min, &max) || min > 0) {
            return 0;
        }
    }
}

/* Fills l->bytes with the bytes a run may start with (first's, where a
 * character over U+007F is one of the lead bytes of U+017F and U+212A),
 * when there are few enough; else leaves n_bytes 0. */
static void list_bytes(struct pc__lead *l)
{
    unsigned n = 0;

    for (unsigned c = 0; c < 0xC0; c++) {
        if ((l->first >> cls[c]) & 1) {
            if (n == LEAD_BYTES) {
                return;
            }
            l->bytes[n++] = (unsigned char)c;
        }
    }
    if ((l->first >> CLS_LEAD) & 1) {
        static const unsigned char twins[] = {0xC5, 0xE2};
        for (unsigned k = 0; k < 2; k++) {
            if (n == LEAD_BYTES) {
                return;
            }
            l->bytes[n++] = twins[k];
        }
    }
    l->n_bytes = (unsigned char)n;
}

/* Sorts l's runs by their first byte's class, l->from set; `end`: the
 * offset of the 0 that ends them. */
static void sort_runs(struct pc__lead *l, size_t end)
{
    unsigned char sorted[LEAD_MAX_TEXT];
    size_t n = 0;

    for (unsigned k = 0; k <= CLS_OTHER; k++) {
        l->from[k] = (unsigned char)n;
        for (const unsigned char *r = l->text; *r; r += *r + 1) {
            if (cls[r[1]] == k) {
                memcpy(sorted + n, r, (size_t)*r + 1);
                n += (size_t)*r + 1;
            }
        }
    }
    l->from[CLS_OTHER + 1] = (unsigned char)n;
    memcpy(l->text, sorted, end);
}

pc__lead *pc__lead_new(const char *pattern, uint32_t options)
{
    struct pc__lead *l, *shrunk;
    const unsigned char *r;

    /* Extended mode reads the pattern otherwise; \G and verbs make the
     * place a run starts from matter; \Q quotes what skip_one() reads. */
    if ((options & (PCRE2_EXTENDED | PCRE2_EXTENDED_MORE | PCRE2_LITERAL)) ||
        strstr(pattern, "\\G") || strstr(pattern, "(*") ||
        strstr(pattern, "\\Q") || top_level_bar(pattern)) {
        return NULL;
    }
    l = calloc(1, sizeof *l + LEAD_MAX_TEXT);
    if (!l) {
        return NULL;
    }
    cls_fill();
    l->caseless = (options & PCRE2_CASELESS) != 0;
    if (parse(l, pattern) != 0) {
        free(l);
        return NULL;
    }
    for (r = l->text; *r; r += *r + 1) {
        unsigned char c = r[1];
        l->first |= (uint64_t)1 << cls[c];
        if (l->caseless && c >= 'a' && c <= 'z') {
            l->first |= (uint64_t)1 << cls[c - 'a' + 'A'];
        }
    }
    if (l->caseless && (l->first & (((uint64_t)1 << ('s' - 'a')) |
                                    ((uint64_t)1 << ('k' - 'a'))))) {
        /* U+017F and U+212A read as 's' and 'k' (pc_text_ascii_twin). */
        l->first |= (uint64_t)1 << CLS_LEAD;
    }
    sort_runs(l, (size_t)(r - l->text));
    list_bytes(l);
    /* A lead stays with its regex: only its runs are kept. */
    shrunk = realloc(l, sizeof *l + (size_t)(r - l->text) + 1);
    return shrunk ? shrunk : l;
}

void pc__lead_free(pc__lead *l)
{
    free(l);
}

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
 * U+017F, 'k' for U+212A), and elsewhere not. */
static int runs_at(const pc__lead *l, const unsigned char *s, size_t i,
                   size_t len)
{
    unsigned char c = s[i];
    const unsigned char *r, *end;
    size_t cl;

    if (c >= 0x80) {
        c = l->caseless ? (unsigned char)pc_text_ascii_twin(
                              (const char *)s + i, len - i, &cl)
                        : 0;
        if (c == 0) {
            return 0;
        }
    } else if (l->caseless) {
        c = pc__pf_lower(c);
    }
    r = l->text + l->from[cls[c]];
    end = l->text + l->from[cls[c] + 1];
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
    return !l->word || i == 0 || cls[s[i - 1]] > CLS_UNDERSCORE;
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
    unsigned prev = i > 0 && cls[s[i - 1]] <= CLS_UNDERSCORE;

    for (; len - i >= 16; i += 16) {
        struct pc__masks m = pc__masks16(s + i);
        unsigned at = (m.word & ~((m.word << 1) | prev)) | (m.high & high);
        prev = m.word >> 15;
        for (; at; at &= at - 1) {
            size_t j = i + (size_t)__builtin_ctz(at);
            unsigned k = cls[s[j]];
            if (((first >> k) & 1) &&
                (k <= CLS_UNDERSCORE ? runs_at(l, s, j, len)
                                     : starts_at(l, s, j, len))) {
                return j;
            }
        }
    }
    /* The last few bytes (a short subject's all), one at a time. */
    for (; i < len; i++) {
        unsigned k = cls[s[i]];
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
        if (((first >> cls[s[i]]) & 1) && runs_at(l, s, i, len)) {
            return i;
        }
    }
    return len;
}
