/* prefilter_token.c: which regexes match within one word (see
 * prefilter.h: pc__token_mask), read from the pattern's text.
 *
 * A pattern is "one token" when none of its parts, lookarounds included,
 * can match an ASCII white-space byte (PCRE2's \s: tab, line feed,
 * vertical tab, form feed, carriage return, space): then no match holds
 * one, and what the pattern reads beside a match (a lookahead, \b) is at
 * most the one white-space byte after the word. Its mask is a byte class
 * (pc__token_bit) of which every match holds a byte: of each branch of
 * an alternation, the rarest of the parts every match of the branch
 * passes through. Whatever the reader does not follow (back references,
 * anchors, verbs, extended mode, \x, conditionals, a part that may match
 * white space or an empty string) gives 0: the regex runs as before. */
#include <stdint.h>
#include <string.h>

#include "prefilter.h"
#include "prefilter_int.h"

#define ANY (~(uint64_t)0)

/* The class of each byte: ASCII letters by letter (either case), digits
 * by digit, 32 punctuation bytes (0x21-0x2F, 0x3A-0x40, 0x5B-0x60,
 * 0x7B-0x7E) over bits 36-60, control bytes and white space in bit 61,
 * the bytes of UTF-8 in two (continuing 62, leading 63). */
#define LOW(c) ((c) | 0x20)
#define TB(c)                                                             \
    ((unsigned char)((c) >= 0xC0 ? 63                                     \
     : (c) >= 0x80 ? 62                                                   \
     : (LOW(c) >= 'a' && LOW(c) <= 'z') ? LOW(c) - 'a'                    \
     : ((c) >= '0' && (c) <= '9') ? 26 + (c) - '0'                        \
     : ((c) <= ' ' || (c) == 0x7F) ? 61                                   \
     : (c) <= 0x2F ? 36 + (c) - 0x21                                      \
     : (c) <= 0x40 ? 51 + (c) - 0x3A                                      \
     : (c) <= 0x60 ? 58 + ((c) - 0x5B) % 3                                \
                   : 58 + ((c) - 0x7B) % 3))
#define T4(c) TB(c), TB((c) + 1), TB((c) + 2), TB((c) + 3)
#define T16(c) T4(c), T4((c) + 4), T4((c) + 8), T4((c) + 12)
#define T64(c) T16(c), T16((c) + 16), T16((c) + 32), T16((c) + 48)

const unsigned char pc__token_bit[256] = {T64(0), T64(64), T64(128),
                                          T64(192)};

#undef T64
#undef T16
#undef T4
#undef TB
#undef LOW

static uint64_t bit(unsigned c)
{
    return (uint64_t)1 << pc__token_bit[c & 0xFF];
}

/* How common the bytes of each class are in posts, in no unit; filled
 * on first use. Letters as pc__pf_rarity has them (one case: the other
 * is rare); a digit, '.' and ',' as a common letter's twentieth, other
 * punctuation rarer (a sentence's '!' and '?', a name's '-' and '\''
 * less so). */
static double g_weight[64];

static int rarity(unsigned c)
{
    if (c >= 'A' && c <= 'Z') {
        return 100;
    }
    if ((c >= 'a' && c <= 'z') || c >= 0x80) {
        return pc__pf_rarity((unsigned char)c);
    }
    if (c == '.' || c == ',') {
        return 60;
    }
    if (c >= '0' && c <= '9') {
        return 75;
    }
    return strchr("'-!?:", (int)c) ? 68 : 80;
}

static void fill_weights(void)
{
    if (g_weight[0] > 0) {
        return;
    }
    for (unsigned c = 1; c < 256; c++) {
        g_weight[pc__token_bit[c]] += 1.0 / (double)(1u << (rarity(c) / 10));
    }
}

/* How common a mask's bytes are: the rarest part of a branch is kept. */
static double weight(uint64_t m)
{
    double w = 0;

    if (m == ANY) {
        return 1e9;
    }
    for (; m; m &= m - 1) {
        w += g_weight[__builtin_ctzll(m)];
    }
    return w;
}

typedef struct reader {
    const char *s;
    size_t i;
    int bail;
} reader;

/* The mask of ASCII letter or other byte c as a caseless pattern reads
 * it: both cases, and U+017F and U+212A for 's' and 'k'. */
static uint64_t lit(unsigned c)
{
    uint64_t m = bit(c);

    if ((c | 0x20) == 's' || (c | 0x20) == 'k') {
        m |= bit(0xC5) | bit(0xE2);
    }
    return m;
}

/* An escape at r->i ('\\'), in a class or not: its mask, or bail when it
 * may match white space or is not followed. */
static uint64_t escape(reader *r, int in_class)
{
    unsigned char c = (unsigned char)r->s[r->i + 1];

    if (c == '\0') {
        r->bail = 1;
        return ANY;
    }
    r->i += 2;
    switch (c) {
    case 'w':
        return (((uint64_t)1 << 36) - 1) | bit('_') | bit(0x80) | bit(0xC0);
    case 'd':
        return ((((uint64_t)1 << 36) - 1) & ~(((uint64_t)1 << 26) - 1)) |
               bit(0x80) | bit(0xC0);
    case 'S':
        return ANY;
    case 'b':
    case 'B':
        if (in_class) {
            r->bail = 1;
        }
        return 0; /* zero-width (the caller knows) */
    case 'p': {
        const char *name = r->s + r->i + 1;
        const char *end = strchr(r->s + r->i, '}');
        if (r->s[r->i] != '{' || !end) {
            r->bail = 1;
            return ANY;
        }
        if (*name == '^' || !strchr("LNMPS", *name) ||
            strncmp(name, "Xsp", 3) == 0 || strncmp(name, "Xps", 3) == 0) {
            r->bail = 1; /* Z, C (controls), Any, negations */
            return ANY;
        }
        r->i = (size_t)(end - r->s) + 1;
        return ANY;
    }
    default:
        break;
    }
    if (c < 0x80 && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z') &&
        !(c >= '0' && c <= '9') && !pc__pf_space(c)) {
        return lit(c); /* escaped punctuation */
    }
    r->bail = 1; /* \s, \t, \x, \1, \Q, \K, \A, \z, ... */
    return ANY;
}

/* A class [...] at r->i: its mask, or bail. */
static uint64_t klass(reader *r)
{
    const char *s = r->s;
    uint64_t m = 0;
    size_t i = r->i + 1;

    if (s[i] == '^') {
        r->bail = 1; /* a negated class may match white space */
        return ANY;
    }
    if (s[i] == ']') {
        m |= bit(']');
        i++;
    }
    while (s[i] && s[i] != ']' && !r->bail) {
        unsigned char c = (unsigned char)s[i];
        if (c == '[' && s[i + 1] == ':') {
            static const char *const ok[] = {
                "[:alpha:]", "[:alnum:]", "[:digit:]", "[:lower:]",
                "[:upper:]", "[:word:]", "[:xdigit:]", "[:punct:]", NULL};
            int found = 0;
            for (int k = 0; ok[k]; k++) {
                size_t n = strlen(ok[k]);
                if (strncmp(s + i, ok[k], n) == 0) {
                    i += n;
                    found = 1;
                    break;
                }
            }
            if (!found) {
                r->bail = 1;
            }
            m = ANY;
            continue;
        }
        if (c == '\\') {
            r->i = i;
            m |= escape(r, 1);
            i = r->i;
            continue;
        }
        if (c >= 0x80 || pc__pf_space(c)) {
            r->bail = 1;
            break;
        }
        if (s[i + 1] == '-' && s[i + 2] && s[i + 2] != ']') {
            unsigned char hi = (unsigned char)s[i + 2];
            if (hi == '\\' || hi >= 0x80 || hi < c) {
                r->bail = 1;
                break;
            }
            for (unsigned k = c; k <= hi; k++) {
                if (pc__pf_space(k)) {
                    r->bail = 1;
                }
                m |= lit(k);
            }
            i += 3;
            continue;
        }
        m |= lit(c);
        i++;
    }
    if (s[i] != ']') {
        r->bail = 1;
        return ANY;
    }
    r->i = i + 1;
    return m;
}

/* A quantifier at r->i, if any: -1 none, else its minimum. */
static long quantifier(reader *r)
{
    long min, max;

    return pc__pf_quantifier(r->s, &r->i, &min, &max) ? min : -1;
}

static uint64_t alternation(reader *r);

/* A group at r->i ('('): the mask of what it must match (ANY for a
 * lookaround: what it reads is beside the match, not in it). */
static uint64_t group(reader *r)
{
    enum pc__pf_group_kind kind = pc__pf_group(r->s, &r->i);
    uint64_t m;

    if (kind == PC_PF_OPTIONS) {
        return 0; /* zero-width, sets options */
    }
    if (kind == PC_PF_UNREAD || kind == PC_PF_COMMENT) {
        r->bail = 1;
        return ANY;
    }
    m = alternation(r);
    if (r->s[r->i] != ')') {
        r->bail = 1;
        return ANY;
    }
    r->i++;
    return pc__pf_is_look(kind) ? 0 : m;
}

/* One branch, up to '|', ')' or the end: the rarest mask of its parts
 * that every match passes through (ANY when none). */
static uint64_t sequence(reader *r)
{
    uint64_t best = ANY;
    double best_w = weight(ANY);

    while (!r->bail && r->s[r->i] && r->s[r->i] != '|' && r->s[r->i] != ')') {
        unsigned char c = (unsigned char)r->s[r->i];
        uint64_t m;
        int zero = 0;
        long min;
        if (c == '(') {
            /* A group that only sets options or looks around is
             * zero-width: its mask is 0. */
            m = group(r);
            zero = m == 0;
        } else if (c == '[') {
            m = klass(r);
        } else if (c == '\\') {
            unsigned char e = (unsigned char)r->s[r->i + 1];
            m = escape(r, 0);
            zero = e == 'b' || e == 'B';
        } else if (c == '.' || c == '^' || c == '$' || c >= 0x80 ||
                   pc__pf_space(c)) {
            r->bail = 1; /* '.' and white space may match it; anchors */
            return ANY;
        } else if (c == '*' || c == '+' || c == '?') {
            r->bail = 1;
            return ANY;
        } else {
            m = lit(c);
            r->i++;
        }
        min = quantifier(r);
        if (zero || min == 0 || r->bail) {
            if (zero && min >= 0) {
                r->bail = 1; /* a quantified assertion: not followed */
            }
            continue;
        }
        if (weight(m) < best_w) {
            best = m;
            best_w = weight(m);
        }
    }
    return best;
}

/* Branches up to ')' or the end: the union of each one's mask. */
static uint64_t alternation(reader *r)
{
    uint64_t m = sequence(r);

    while (!r->bail && r->s[r->i] == '|') {
        r->i++;
        m |= sequence(r);
    }
    return m;
}

/* The bytes of each class, as sets of 256 bits; filled on first use
 * (the host is single-threaded). */
static uint64_t g_class[64][4];
static int g_class_done;

void pc__token_bytes(uint64_t mask, uint64_t out[4])
{
    static const unsigned char space[] = {' ', '\t', '\n', '\v', '\f', '\r'};

    if (!g_class_done) {
        for (unsigned c = 0; c < 256; c++) {
            g_class[pc__token_bit[c]][c >> 6] |= (uint64_t)1 << (c & 63);
        }
        g_class_done = 1;
    }
    memset(out, 0, 4 * sizeof *out);
    for (; mask; mask &= mask - 1) {
        const uint64_t *k = g_class[__builtin_ctzll(mask)];
        for (int w = 0; w < 4; w++) {
            out[w] |= k[w];
        }
    }
    for (size_t i = 0; i < sizeof space; i++) {
        out[0] &= ~((uint64_t)1 << space[i]);
    }
}

uint64_t pc__token_mask(const char *pattern)
{
    reader r = {pattern, 0, 0};
    uint64_t m;

    fill_weights();
    m = alternation(&r);
    if (r.bail || pattern[r.i] != '\0' || m == ANY) {
        return 0;
    }
    return m;
}
