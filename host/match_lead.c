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
 * the first of them finds the match a run from further back finds.
 *
 * This file builds a lead (pc__lead_new: the runs, sorted by their first
 * byte's class, and the bytes they may start with); match_lead_run.c
 * reads one against a subject (pc__lead_next). */
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "match_lead_int.h"
#include "prefilter_int.h"

#define LEAD_MAX_TEXT 256      /* bytes of a pattern's runs, with their
                                  lengths */
#define LEAD_CLASS_MAX 8       /* members of a class a run ends with */

unsigned char pc__lead_cls[256];

static void cls_fill(void)
{
    if (pc__lead_cls['a'] == 0 && pc__lead_cls['b'] == 1) {
        return;
    }
    for (int c = 0; c < 256; c++) {
        pc__lead_cls[c] = c >= 0xC0 ? CLS_LEAD : CLS_OTHER;
    }
    for (int c = 0; c < 26; c++) {
        pc__lead_cls['a' + c] = (unsigned char)c;
        pc__lead_cls['A' + c] = (unsigned char)(26 + c);
    }
    for (int c = '0'; c <= '9'; c++) {
        pc__lead_cls[c] = CLS_DIGIT;
    }
    pc__lead_cls['_'] = CLS_UNDERSCORE;
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
        if ((l->first >> pc__lead_cls[c]) & 1) {
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
            if (pc__lead_cls[r[1]] == k) {
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
    l->paired = 1;
    for (r = l->text; *r; r += *r + 1) {
        unsigned char c = r[1];
        l->first |= (uint64_t)1 << pc__lead_cls[c];
        if (r[0] < 2) {
            l->paired = 0;
        } else {
            unsigned h = pc__lead_pair(c, r[2]);
            l->pairs[h >> 6] |= (uint64_t)1 << (h & 63);
        }
        if (l->caseless && c >= 'a' && c <= 'z') {
            l->first |= (uint64_t)1 << pc__lead_cls[c - 'a' + 'A'];
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
