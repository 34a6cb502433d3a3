/* prefilter_query.c: the query of a pattern (prefilter.h), read from its
 * text. The parser follows the PCRE2 syntax the packs and detectors use:
 * literals and escaped punctuation, classes, escapes, groups of every
 * kind, quantifiers. Anything it does not follow makes the whole pattern
 * "always run".
 *
 * Each part of a pattern is summed up as an `info`: the exact set of
 * strings it matches (collapsed as prefilter.h says), when that set is
 * small, or else a query every match meets (NULL: none known), and
 * whether it can match the empty string. A sequence multiplies exact
 * sets while they stay small and otherwise ANDs their queries; an
 * alternation unites sets or ORs queries; an optional part is the empty
 * string or its set; an anchor or a negative lookaround matches "" (it
 * reads no text), and what a positive lookaround matches is in the text
 * beside it (a lookahead's right after the run before it); a character
 * that is not a small ASCII class is unknown. The
 * final query is flattened for pc__query_pass (prefilter_leaf.c). */
#include <stdlib.h>
#include <string.h>

#include "prefilter_int.h"


int pc__pf_quantifier(const char *s, size_t *at, long *min, long *max)
{
    size_t i = *at;

    *min = 1;
    *max = 1;
    if (s[i] == '?' || s[i] == '*' || s[i] == '+') {
        *min = s[i] == '+';
        *max = s[i] == '?' ? 1 : -1;
        i++;
    } else if (s[i] == '{' && s[i + 1] >= '0' && s[i + 1] <= '9') {
        /* Only {n}, {n,} and {n,m} are quantifiers; PCRE2 reads any
         * other brace as a literal. */
        size_t k = i + 1;
        long lo = strtol(s + k, NULL, 10), hi = lo;
        while (s[k] >= '0' && s[k] <= '9') {
            k++;
        }
        if (s[k] == ',') {
            k++;
            hi = s[k] >= '0' && s[k] <= '9' ? strtol(s + k, NULL, 10) : -1;
            while (s[k] >= '0' && s[k] <= '9') {
                k++;
            }
        }
        if (s[k] != '}') {
            return 0;
        }
        *min = lo;
        *max = hi;
        i = k + 1;
    } else {
        return 0;
    }
    if (s[i] == '?' || s[i] == '+') {
        i++; /* lazy or possessive */
    }
    *at = i;
    return 1;
}

enum pc__pf_group_kind pc__pf_group(const char *s, size_t *at)
{
    const char *q = s + *at + 1, *end;
    size_t k = 0;

    if (*q == '*') {
        return PC_PF_UNREAD;
    }
    if (*q != '?') {
        *at += 1;
        return PC_PF_GROUP;
    }
    q++;
    if (*q == ':' || *q == '>' || *q == '|') {
        *at += 3;
        return *q == '|' ? PC_PF_RESET : PC_PF_GROUP;
    }
    if (*q == '=' || *q == '!') {
        *at += 3;
        return *q == '=' ? PC_PF_AHEAD : PC_PF_NOT;
    }
    if (*q == '<' && (q[1] == '=' || q[1] == '!')) {
        *at += 4;
        return q[1] == '=' ? PC_PF_BEHIND : PC_PF_NOT;
    }
    if (*q == '<' || *q == '\'' || (*q == 'P' && q[1] == '<')) {
        end = strpbrk(q + 1, ">'");
        if (!end) {
            return PC_PF_UNREAD;
        }
        *at = (size_t)(end - s) + 1;
        return PC_PF_GROUP;
    }
    if (*q == '#') {
        end = strchr(q, ')');
        *at = end ? (size_t)(end - s) + 1 : strlen(s);
        return PC_PF_COMMENT;
    }
    /* Option letters: (?i) sets them for the rest, (?i:...) is a group.
     * Extended mode ('x') stops them, as anything else does. */
    while (q[k] && strchr("imnsJU-^", q[k])) {
        k++;
    }
    if (q[k] != ')' && (q[k] != ':' || k == 0)) {
        return PC_PF_UNREAD;
    }
    *at = (size_t)(q + k - s) + 1;
    return q[k] == ')' ? PC_PF_OPTIONS : PC_PF_GROUP;
}

/* What the escape at p->i stands for, in a class or as an atom: ' ' for
 * white space, the byte for escaped ASCII punctuation, -1 for another
 * single character we do not list (\w, \d: with UCP any script's), -3
 * for a zero-width one, -4 for some text, maybe none (a back reference
 * or subroutine call), -2 for what we do not follow (\Q, \c, \x41).
 * p->i is moved past the escape. */
static int escape(pc__pfparser *p)
{
    unsigned char c = (unsigned char)p->s[p->i + 1];

    if (c == '\0') {
        p->i++;
        return -2;
    }
    p->i += 2;
    if (strchr("bBAzZGK", c)) {
        return -3;
    }
    if (strchr("shvRtnrf", c)) {
        /* \R may be two characters, both white space: one space. */
        return ' ';
    }
    if (c == 'p' || c == 'P') {
        const char *end = strchr(p->s + p->i, '}');
        if (p->s[p->i] != '{' || !end) {
            return -2; /* the one-letter form: keep it simple */
        }
        p->i = (size_t)(end - p->s) + 1;
        return -1;
    }
    if ((c == 'x' || c == 'N') && p->s[p->i] == '{') {
        const char *end = strchr(p->s + p->i, '}');
        if (!end) {
            return -2;
        }
        p->i = (size_t)(end - p->s) + 1;
        return -1;
    }
    if (strchr("wWdDSHVN", c)) {
        return -1;
    }
    if (c >= '1' && c <= '9') {
        /* A back reference (or octal): some text, maybe none. */
        while (p->s[p->i] >= '0' && p->s[p->i] <= '9') {
            p->i++;
        }
        return -4;
    }
    if ((c == 'g' || c == 'k') && strchr("{<'", p->s[p->i])) {
        const char *end = strpbrk(p->s + p->i + 1, "}>'");
        if (!end) {
            return -2;
        }
        p->i = (size_t)(end - p->s) + 1;
        return -4;
    }
    if (c == 'g' && (p->s[p->i] == '-' || p->s[p->i] == '+' ||
                     (p->s[p->i] >= '0' && p->s[p->i] <= '9'))) {
        p->i++;
        while (p->s[p->i] >= '0' && p->s[p->i] <= '9') {
            p->i++;
        }
        return -4;
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9') || c >= 0x80) {
        return -2; /* references, \Q...\E, \x41, \c, octal, ... */
    }
    return c;
}

/* The code point of the UTF-8 character at s, its length in *len. */
static uint32_t code_point(const char *str, size_t *len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t n = s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
    uint32_t cp = s[0] & (0x7F >> n);

    if (s[0] < 0x80) {
        *len = 1;
        return s[0];
    }
    for (*len = 1; *len < n && (s[*len] & 0xC0) == 0x80; (*len)++) {
        cp = (cp << 6) | (s[*len] & 0x3F);
    }
    return *len == n ? cp : 0xFFFD;
}

/* 1 for a non-ASCII character a pattern can match only as itself, with
 * or without caseless matching: punctuation (not the spaces), currency,
 * arrows, technical and box symbols, dingbats, emoji. */
static int plain_symbol(uint32_t cp)
{
    return (cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x2030 && cp <= 0x205E) ||
           (cp >= 0x20A0 && cp <= 0x20CF) || (cp >= 0x2190 && cp <= 0x23FF) ||
           (cp >= 0x2500 && cp <= 0x27BF) ||
           (cp >= 0x1F300 && cp <= 0x1FAFF) || cp == 0xA3 || cp == 0xA9 ||
           cp == 0xAB || cp == 0xBB;
}

/* Adds character c (an ASCII byte, folded, or a plain symbol) to a
 * class's list, once. Returns -1 when the list is full. */
static int class_add(uint32_t *v, size_t *n, uint32_t c)
{
    c = c < 0x80 ? pc__pf_fold((unsigned char)c) : c;
    for (size_t i = 0; i < *n; i++) {
        if (v[i] == c) {
            return 0;
        }
    }
    if (*n == PC_PF_MAX_CLASS) {
        return -1;
    }
    v[(*n)++] = c;
    return 0;
}

/* A character class [...] at p->i: the exact characters when it lists
 * at most PC_PF_MAX_CLASS ASCII ones and is not negated, else unknown. */
static pc__pfinfo parse_class(pc__pfparser *p)
{
    const char *s = p->s;
    uint32_t v[PC_PF_MAX_CLASS];
    size_t n = 0, i = p->i + 1;
    int known = 1;
    pc__pfinfo r = {0};

    if (s[i] == '^') {
        known = 0;
        i++;
    }
    if (s[i] == ']') {
        known = known && class_add(v, &n, ']') == 0;
        i++;
    }
    while (s[i] && s[i] != ']') {
        unsigned char c = (unsigned char)s[i];
        long lit = c;
        size_t cl;
        if (c >= 0x80) {
            lit = code_point(s + i, &cl);
            i += cl;
            /* A range from it is not followed: unknown. */
            known = known && plain_symbol((uint32_t)lit) &&
                    !(s[i] == '-' && s[i + 1] && s[i + 1] != ']') &&
                    class_add(v, &n, (uint32_t)lit) == 0;
            continue;
        }
        if (c == '[' && s[i + 1] == ':') {
            const char *end = strstr(s + i + 2, ":]");
            i = end ? (size_t)(end - s) + 2 : i + 1;
            known = 0;
            continue;
        }
        if (c == '\\') {
            p->i = i;
            lit = escape(p);
            i = p->i;
            if (lit == -2) {
                p->bail = 1;
                return r;
            }
        } else {
            i++;
        }
        if (lit < 0) {
            known = 0;
            continue;
        }
        if (s[i] == '-' && s[i + 1] && s[i + 1] != ']') {
            unsigned char hi = (unsigned char)s[i + 1];
            if (hi == '\\' || hi == '[') {
                p->bail = 1; /* an escape or class as a range's end */
                return r;
            }
            if (hi >= 0x80 || hi < lit) {
                known = 0;
                i += 2;
                while (((unsigned char)s[i] & 0xC0) == 0x80) {
                    i++;
                }
                continue;
            }
            for (long k = lit; known && k <= hi; k++) {
                known = class_add(v, &n, (uint32_t)k) == 0;
            }
            i += 2;
            continue;
        }
        known = known && class_add(v, &n, (uint32_t)lit) == 0;
    }
    if (!s[i]) {
        p->bail = 1;
    }
    p->i = s[i] ? i + 1 : i;
    return known && n ? pc__pf_chars(p, v, n) : r;
}

static pc__pfinfo parse_alt(pc__pfparser *p);

/* A group at p->i ('('): what it matches; "" for a negative lookaround,
 * an option setting or a comment, which read no text; for a positive
 * lookaround what it looks for, marked (look). */
static pc__pfinfo parse_group(pc__pfparser *p)
{
    enum pc__pf_group_kind kind = pc__pf_group(p->s, &p->i);
    int look = 0; /* r.look's, or 3 for a negative lookaround */
    pc__pfinfo r;

    if (kind == PC_PF_RESET || kind == PC_PF_UNREAD) {
        p->bail = 1; /* not followed (a branch reset: kept simple) */
        return pc__pf_empty(p);
    }
    if (kind == PC_PF_OPTIONS || kind == PC_PF_COMMENT) {
        return pc__pf_empty(p);
    }
    if (kind == PC_PF_AHEAD || kind == PC_PF_BEHIND) {
        look = kind == PC_PF_AHEAD ? 1 : 2;
    } else if (kind == PC_PF_NOT) {
        look = 3;
    }
    r = parse_alt(p);
    if (p->s[p->i] != ')') {
        p->bail = 1;
        return r;
    }
    p->i++;
    if (look == 3) {
        pc__pf_free(&r);
        return pc__pf_empty(p);
    }
    r.look = look;
    return r;
}

/* One atom at p->i (not '|' or ')'), without its quantifier. */
static pc__pfinfo parse_atom(pc__pfparser *p)
{
    unsigned char c = (unsigned char)p->s[p->i];
    pc__pfinfo r = {0};
    int lit;

    if (c == '(') {
        return parse_group(p);
    }
    if (c == '[') {
        return parse_class(p);
    }
    if (c == '^' || c == '$') {
        p->i++;
        return pc__pf_empty(p);
    }
    if (c == '*' || c == '+' || c == '?') {
        p->bail = 1; /* a quantifier with nothing before it */
        return r;
    }
    if (c == '\\') {
        lit = escape(p);
        if (lit == -2) {
            p->bail = 1;
        }
        if (lit == -3) {
            return pc__pf_empty(p);
        }
        if (lit == -4) {
            r.empty = 1;
            return r;
        }
    } else if (c >= 0x80) {
        size_t cl;
        uint32_t cp = code_point(p->s + p->i, &cl);
        p->i += cl;
        if (plain_symbol(cp)) {
            return pc__pf_chars(p, &cp, 1);
        }
        return r;
    } else {
        p->i++;
        lit = c == '.' ? -1 : c;
    }
    if (lit == '\t' || lit == '\n' || lit == '\r' || lit == '\f' ||
        lit == '\v') {
        lit = ' ';
    }
    if (lit >= 0) {
        uint32_t b = pc__pf_fold((unsigned char)lit);
        return pc__pf_chars(p, &b, 1);
    }
    return r;
}

/* One branch of an alternation, up to '|', ')' or the end. Exact parts
 * in a row are multiplied into `run` while the product stays small;
 * what cannot be (a part with no exact set, a product too large) goes
 * into the AND `done`, so a literal after an unknown part still counts
 * as a whole ("[\w']+\s+born" needs " born"). */
/* What a positive lookaround a (taken) says beside run: a lookahead's
 * match follows the run, a lookbehind's ends where it ends. Returns the
 * query to AND in, or NULL. */
static pc__qry *lookaround(pc__pfparser *p, const pc__pfinfo *run,
                           pc__pfinfo a)
{
    if (a.look == 1 && run->ex && a.ex &&
        run->ex->n * a.ex->n <= PC_PF_MAX_SET) {
        a = pc__pf_concat(p, pc__pf_copy(p, run), a);
    }
    return pc__pf_query(p, &a);
}

static pc__pfinfo parse_seq(pc__pfparser *p)
{
    pc__pfinfo run = pc__pf_empty(p), r = {0};
    pc__qry *done = NULL;
    int exact = 1;

    r.empty = 1;
    while (!p->bail && !p->nomem && p->s[p->i] && p->s[p->i] != '|' &&
           p->s[p->i] != ')') {
        pc__pfinfo a = parse_atom(p), last;
        long min = 1, max = 1;
        int open;
        if (!p->bail) {
            pc__pf_quantifier(p->s, &p->i, &min, &max);
        }
        if (a.look) {
            /* Zero-width: the run goes on after it. An optional one says
             * nothing. */
            pc__qry *q = min > 0 ? lookaround(p, &run, a) : NULL;
            if (min == 0) {
                pc__pf_free(&a);
            }
            exact = exact && !q;
            done = pc__pf_join(p, PC_Q_AND, done, q);
            continue;
        }
        /* An unbounded repeat ends with one more of its part: the run
         * after it starts from that. */
        last = a.ex && min > 0 && (max < 0 || max - min > 3)
                   ? pc__pf_copy(p, &a) : pc__pf_empty(p);
        a = pc__pf_repeat(p, a, min, max);
        open = a.open;
        r.empty = r.empty && a.empty;
        if (a.ex && run.ex && a.ex->n * run.ex->n <= PC_PF_MAX_SET) {
            run = pc__pf_concat(p, run, a);
            if (run.ex && !open) {
                pc__pf_free(&last);
                continue;
            }
            a = run;
            run = pc__pf_empty(p);
        }
        /* The run so far is closed; a is the next run, or unknown. */
        exact = 0;
        done = pc__pf_join(p, PC_Q_AND, done, pc__pf_query(p, &run));
        pc__pf_free(&run);
        if (a.ex && !open) {
            run = a;
            pc__pf_free(&last);
        } else {
            done = pc__pf_join(p, PC_Q_AND, done, pc__pf_query(p, &a));
            run = last;
        }
    }
    if (exact) {
        run.empty = r.empty;
        return run;
    }
    r.q = pc__pf_join(p, PC_Q_AND, done, pc__pf_query(p, &run));
    pc__pf_free(&run);
    return r;
}

static pc__pfinfo parse_alt(pc__pfparser *p)
{
    pc__pfinfo r = parse_seq(p);

    while (!p->bail && !p->nomem && p->s[p->i] == '|') {
        p->i++;
        r = pc__pf_alt(p, r, parse_seq(p));
    }
    return r;
}

pc_status pc__query_derive(const char *pattern, pc__query *out)
{
    pc__pfparser p = {pattern, 0, 0, 0};
    pc__pfinfo r;
    pc__qry *q;
    pc_status st;

    memset(out, 0, sizeof *out);
    r = parse_alt(&p);
    q = pc__pf_query(&p, &r);
    if (p.nomem) {
        pc__pf_qfree(q);
        return PC_ERR_NOMEM;
    }
    if (!q || p.bail || p.s[p.i] != '\0') {
        pc__pf_qfree(q);
        return PC_OK;
    }
    st = pc__pf_finish(out, q);
    pc__pf_qfree(q);
    if (st != PC_OK) {
        pc__query_free(out);
    } else {
        pc__query_program(out);
    }
    return st;
}
