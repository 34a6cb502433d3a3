/* match_barrier.c: which barrier characters ('\n', '.', '!', '?') a
 * pattern cannot read (pc__barriers, match.h), from its text, for the
 * long-post windows of match_span.c (see there why a match then lies
 * between two barriers). Patterns with `$`, `\Z`, `\z`, back
 * references, recursion, conditionals, verbs, callouts or extended mode
 * get none: 0 says "may read any". Never logs. */
#include <string.h>

#include "match.h"

#define BARRIER_CHARS "\n.!?" /* bits 0..3, as pc__barrier_bit gives them */
#define ALL_BARRIERS 0xFu

/* The bits of the barriers in the range lo..hi. */
static unsigned bits_in(unsigned lo, unsigned hi)
{
    unsigned m = 0;

    for (const char *p = BARRIER_CHARS; *p; p++) {
        if ((unsigned char)*p >= lo && (unsigned char)*p <= hi) {
            m |= pc__barrier_bit((unsigned char)*p);
        }
    }
    return m;
}

/* What an escape's character set holds of the barriers: *sure what it
 * surely holds, the return value what it may hold. p points after the
 * backslash; *len gets the escape's length from there. */
static unsigned escape_reads(const char *p, size_t *len, unsigned *sure)
{
    unsigned m;

    *len = 1;
    switch (p[0]) {
    case 's': case 'v': case 'R': m = pc__barrier_bit('\n'); break;
    case 'S': case 'V': case 'N': m = ALL_BARRIERS & ~pc__barrier_bit('\n'); break;
    case 'W': case 'D': case 'H': m = ALL_BARRIERS; break;
    case 'w': case 'd': case 'h': case 'b': case 'B': case 'A': case 'K':
    case 't': case 'r': case 'f': case 'e': case 'a': m = 0; break;
    case 'n': m = pc__barrier_bit('\n'); break;
    default:
        if ((unsigned char)p[0] >= 0x80 ||
            !((p[0] >= 'a' && p[0] <= 'z') || (p[0] >= 'A' && p[0] <= 'Z') ||
              (p[0] >= '0' && p[0] <= '9'))) {
            /* An escaped character stands for itself. */
            m = pc__barrier_bit((unsigned char)p[0]);
            break;
        }
        /* \p, \x, \c, \Q, digits...: may be anything, surely nothing. */
        *sure = 0;
        return ALL_BARRIERS | 0x100u;
    }
    *sure = m;
    return m;
}

/* Reads a class at p (after its '['); returns what it may hold of the
 * barriers and sets *len to its length from p (past the ']'). */
static unsigned class_reads(const char *p, size_t *len)
{
    static const char *const punct[] = {"punct:]", "print:]", "graph:]"};
    size_t i = 0, n;
    int neg = p[0] == '^';
    unsigned may = 0, sure = 0, prev = 0x100;

    i += (size_t)neg;
    for (int first = 1; p[i] && (p[i] != ']' || first); first = 0) {
        unsigned c = (unsigned char)p[i], s;
        if (c == '[' && p[i + 1] == ':') {
            const char *end = strstr(p + i + 2, ":]");
            int any = 0;
            if (!end) {
                break;
            }
            for (size_t k = 0; k < 3; k++) {
                any |= strncmp(p + i + 2, punct[k], strlen(punct[k])) == 0;
            }
            any |= strncmp(p + i + 2, "^", 1) == 0;
            s = any ? ALL_BARRIERS & ~pc__barrier_bit('\n') : 0;
            s |= strncmp(p + i + 2, "space:]", 7) == 0 ||
                 strncmp(p + i + 2, "cntrl:]", 7) == 0 ? pc__barrier_bit('\n') : 0;
            /* A negated POSIX class: anything. */
            may |= p[i + 2] == '^' ? ALL_BARRIERS : s;
            sure |= p[i + 2] == '^' ? 0 : s;
            i = (size_t)(end - p) + 2;
            prev = 0x100;
            continue;
        }
        if (c == '\\') {
            if (p[i + 1] == '\0') {
                break;
            }
            may |= escape_reads(p + i + 1, &n, &s);
            sure |= s;
            prev = (p[i + 1] == 'n') ? '\n' : 0x100;
            i += 1 + n;
            continue;
        }
        if (c == '-' && !first && p[i + 1] && p[i + 1] != ']') {
            /* A range; one with an escaped or POSIX end may be anything. */
            if (prev < 0x100 && p[i + 1] != '\\' && p[i + 1] != '[') {
                s = bits_in(prev, (unsigned char)p[i + 1]);
                sure |= s;
                may |= s;
                i += 2;
            } else {
                may |= ALL_BARRIERS;
                i++;
            }
            prev = 0x100;
            continue;
        }
        may |= pc__barrier_bit(c);
        sure |= pc__barrier_bit(c);
        prev = c;
        i++;
    }
    *len = p[i] == ']' ? i + 1 : i;
    if (p[i] != ']') {
        return ALL_BARRIERS | 0x100u;
    }
    return neg ? ALL_BARRIERS & ~sure : may & ~0x100u;
}

/* The kind of group opening at p (after its '('): 1 a lookbehind, 0 an
 * ordinary group (lookaheads included), -1 a construct we do not follow;
 * *len gets how much of its opening to skip. */
static int group_kind(const char *p, size_t *len)
{
    *len = 0;
    if (p[0] == '*') {
        return -1;
    }
    if (p[0] != '?') {
        return 0;
    }
    if (p[1] == '<' && (p[2] == '=' || p[2] == '!')) {
        *len = 3;
        return 1;
    }
    if (p[1] == ':' || p[1] == '=' || p[1] == '!' || p[1] == '>' ||
        p[1] == '|') {
        *len = 2;
        return 0;
    }
    if (p[1] == '<' || p[1] == '\'' || (p[1] == 'P' && p[2] == '<')) {
        const char *end = strchr(p, p[1] == '\'' ? '\'' : '>');
        if (p[1] == '\'') {
            end = strchr(p + 2, '\'');
        }
        *len = end ? (size_t)(end - p) + 1 : 0;
        return end ? 0 : -1;
    }
    /* Option settings: (?i) (?i: (?-i)...; extended mode changes what
     * every character means. */
    for (size_t i = 1; p[i] && p[i] != ')' && p[i] != ':'; i++) {
        if (!((p[i] >= 'a' && p[i] <= 'z') || p[i] == '-' || p[i] == '^') ||
            p[i] == 'x') {
            return -1;
        }
        *len = i + 1;
    }
    return *len ? 0 : -1;
}

unsigned pc__barriers(const char *pattern)
{
    const char *p = pattern;
    unsigned may = 0;
    int depth = 0, behind = 0; /* behind: depth of the outer lookbehind */
    size_t n;
    unsigned s;

    while (*p) {
        unsigned m = 0;
        if (*p == '\\') {
            if (p[1] == '\0' || p[1] == 'Z' || p[1] == 'z' || p[1] == 'G' || p[1] == 'g' ||
                p[1] == 'k' || (p[1] >= '1' && p[1] <= '9')) {
                return 0;
            }
            m = escape_reads(p + 1, &n, &s);
            p += 1 + n;
        } else if (*p == '[') {
            m = class_reads(p + 1, &n);
            p += 1 + n;
        } else if (*p == '(') {
            int k = group_kind(p + 1, &n);
            if (k < 0) {
                return 0;
            }
            depth++;
            if (k == 1 && !behind) {
                behind = depth;
            }
            p += 1 + n;
        } else if (*p == ')') {
            behind = behind == depth ? 0 : behind;
            depth--;
            p++;
        } else if (*p == '$') {
            return 0;
        } else if (*p == '.') {
            m = ALL_BARRIERS;
            p++;
        } else if (*p == '?' || *p == '*' || *p == '+' || *p == '|' ||
                   *p == '^') {
            p++;
        } else {
            m = pc__barrier_bit((unsigned char)*p);
            p++;
        }
        if (m & 0x100u) {
            return 0;
        }
        if (!behind) {
            may |= m;
        }
    }
    return depth == 0 ? ALL_BARRIERS & ~may : 0;
}
