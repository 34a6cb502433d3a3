/* match_lead.c: where a regex's matches can start, read from its text,
 * so that a run skips to them instead of letting PCRE2 try every place
 * its start bytes stand (match.h's pc__lead).
 *
 * A pattern qualifies when it opens, after assertions that consume
 * nothing (\b, lookarounds: they only narrow where a match starts), with
 * a word or a group of alternative words
 * that every match starts with: `\b(?:she|he|they)(?:'s|\s+is...)`,
 * `(?<!["'])\b(?:nice|great|lovely)\s+...`, `\bwho\s+...`. Each
 * alternative gives its leading run of ASCII letters and digits (the
 * last one dropped when a quantifier follows it); the pattern has no
 * alternation outside that group, and the group is not optional. A match
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

#include "match.h"

#define LEAD_MAX_TEXT 256      /* bytes of a pattern's runs, with their
                                  lengths */

struct pc__lead {
    uint64_t first;            /* classes (cls) a run may start with */
    unsigned char word;        /* a \b before the runs */
    unsigned char caseless;
    unsigned char text[];      /* the runs, each its length and bytes;
                                  a length 0 ends them */
};

/* A byte's class: 0-25 'a'-'z', 26-51 'A'-'Z', 52 a digit, 53 '_', 54 a
 * lead byte of a character over U+007F, 55 others (a continuation byte,
 * white space, punctuation, controls). Classes up to 53 are ASCII word
 * bytes. */
enum { CLS_DIGIT = 52, CLS_UNDERSCORE = 53, CLS_LEAD = 54, CLS_OTHER = 55 };
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

/* Appends the run of letters and digits at p[*i] (stepping past it) to
 * l->text at *used; the last dropped when a quantifier follows. Returns
 * 0, or -1 when the run is empty or does not fit. */
static int take_run(struct pc__lead *l, size_t *used, const char *p,
                    size_t *i)
{
    size_t a = *i, e = a;

    while (alnum((unsigned char)p[e])) {
        e++;
    }
    *i = e;
    if (e > a && quantifier(p[e])) {
        e--;
    }
    /* Room for its length and bytes, and the 0 that ends the runs. */
    if (e == a || *used + (e - a) + 2 > LEAD_MAX_TEXT) {
        return -1;
    }
    l->text[(*used)++] = (unsigned char)(e - a);
    for (size_t k = a; k < e; k++) {
        unsigned char c = (unsigned char)p[k];
        l->text[(*used)++] =
            l->caseless && c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a')
                                                : c;
    }
    return 0;
}

/* Reads the assertions and the lead of p into l. Returns 0, or -1 when p
 * does not open as the top of this file says. */
static int parse(struct pc__lead *l, const char *p)
{
    size_t i = 0, used = 0;

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
    /* A group that may be skipped ("?", "*", "{0,") leads nothing. */
    return p[i] == ')' && p[i + 1] != '?' && p[i + 1] != '*' &&
                   p[i + 1] != '{'
               ? 0
               : -1;
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
        /* U+017F and U+212A read as 's' and 'k' (folds_to()). */
        l->first |= (uint64_t)1 << CLS_LEAD;
    }
    /* A lead stays with its regex: only its runs are kept. */
    shrunk = realloc(l, sizeof *l + (size_t)(r - l->text) + 1);
    return shrunk ? shrunk : l;
}

void pc__lead_free(pc__lead *l)
{
    free(l);
}

/* 1 if the n bytes at s begin with a character that a caseless pattern
 * reads as ASCII letter c: U+017F as 's', U+212A as 'k' (PCRE2 reads no
 * other character over U+007F as an ASCII letter or digit). */
static int folds_to(unsigned char c, const unsigned char *s, size_t n)
{
    if (c == 's') {
        return n >= 2 && s[0] == 0xC5 && s[1] == 0xBF;
    }
    return c == 'k' && n >= 3 && s[0] == 0xE2 && s[1] == 0x84 &&
           s[2] == 0xAA;
}

/* 1 if run r (its length, its bytes) may stand at s[i..len). */
static int run_at(const pc__lead *l, const unsigned char *r,
                  const unsigned char *s, size_t i, size_t len)
{
    size_t n = r[0];

    if (len - i < n) {
        return 0;
    }
    for (size_t k = 0; k < n; k++) {
        unsigned char c = s[i + k];
        if (c >= 0x80) {
            /* One such character reads as one letter: what follows it
             * is PCRE2's to read. */
            return l->caseless && folds_to(r[1 + k], s + i + k, len - i - k);
        }
        if (l->caseless && c >= 'A' && c <= 'Z') {
            c = (unsigned char)(c - 'A' + 'a');
        }
        if (c != r[1 + k]) {
            return 0;
        }
    }
    return 1;
}

size_t pc__lead_next(const pc__lead *l, const char *str, size_t at,
                     size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    uint64_t first = l->first;

    for (size_t i = at; i < len; i++) {
        if (!((first >> cls[s[i]]) & 1) ||
            (l->word && i > 0 && cls[s[i - 1]] <= CLS_UNDERSCORE)) {
            continue;
        }
        for (const unsigned char *r = l->text; *r; r += *r + 1) {
            if (run_at(l, r, s, i, len)) {
                return i;
            }
        }
    }
    return len;
}
