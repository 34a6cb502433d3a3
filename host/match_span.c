/* match_span.c: where in a long post a regex can match, so that it runs
 * only there (issue 16: the 64 KB post). Two facts, each proved:
 *
 *  - Barriers, from the pattern's text (pc__barriers): characters among
 *    '\n', '.', '!' and '?' that neither the pattern nor any lookahead in
 *    it can read as a character (lookbehinds may: they read before the
 *    match, which is never cut). A match then lies between two barriers
 *    of the view, and no attempt to match reads past the barrier that
 *    ends its stretch; so the regex sees the same there when the subject
 *    ends just after that barrier. Patterns with `$`, `\Z`, `\z`,
 *    back references, recursion, conditionals, verbs, callouts or
 *    extended mode get no barriers.
 *  - Trigrams, from the prefilter (prefilter.h): every match contains a
 *    trigram of each set. A stretch without one holds no match, and such
 *    a pattern matches no empty string.
 *
 * So a regex runs over each run of stretches that hold a trigram of every
 * set, from the run's start, the subject ending after its last barrier:
 * the same matches, in the same order, as one run over the whole view.
 * A post whose view holds a character a caseless pattern reads as an
 * ASCII letter (U+017F, U+212A) is run whole. Never logs. */
#include <stdint.h>
#include <stdlib.h>
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

/* The stretches of a view between barriers of one class: stretch k is
 * bytes [start[k], stop[k]), stop[k] - 1 being its barrier (or the view's
 * end). */
typedef struct stretches {
    uint32_t *start;
    uint32_t *stop;
    size_t n;
} stretches;

/* The classes of barriers a view is cut at: every barrier character, or
 * the three that end sentences (\s, common in patterns, reads '\n'). */
enum { CUT_ALL, CUT_PUNCT, CUTS };
#define PUNCT_BARRIERS (ALL_BARRIERS & ~1u)

/* About 12 bytes a byte of the view. */
struct pc__spanindex {
    const unsigned char *s;
    size_t len;
    uint32_t *head;            /* bucket: last position + 1 there, or 0 */
    uint32_t *next;            /* position: the previous one + 1, or 0 */
    size_t mask;
    uint32_t *at;              /* position: its CUT_ALL stretch */
    uint32_t *punct_of;        /* CUT_ALL stretch: its CUT_PUNCT stretch */
    stretches cut[CUTS];
};

/* c with an ASCII capital in lower case, without a branch. */
static unsigned char lower(unsigned char c)
{
    return (unsigned char)(c + (((unsigned)(c - 'A') < 26u) << 5));
}

/* lower() of every byte, for the index's loop over a long view. */
#define L1(c) ((c) >= 'A' && (c) <= 'Z' ? (c) + 32 : (c))
#define L4(c) L1(c), L1((c) + 1), L1((c) + 2), L1((c) + 3)
#define L16(c) L4(c), L4((c) + 4), L4((c) + 8), L4((c) + 12)
#define L64(c) L16(c), L16((c) + 16), L16((c) + 32), L16((c) + 48)
static const unsigned char lower_of[256] = {L64(0), L64(64), L64(128),
                                            L64(192)};
#undef L1
#undef L4
#undef L16
#undef L64

/* The trigram at s[i] as the prefilter writes it (prefilter.c). */
static uint32_t gram_at(const unsigned char *s, size_t i)
{
    return ((uint32_t)lower(s[i]) << 16) | ((uint32_t)lower(s[i + 1]) << 8) |
           lower(s[i + 2]);
}

static size_t bucket_of(uint32_t gram, size_t mask)
{
    return (size_t)((gram * 2654435761u) >> 8) & mask;
}

static int stretches_alloc(stretches *st, size_t n)
{
    st->n = n;
    st->start = malloc(n * sizeof *st->start);
    st->stop = malloc(n * sizeof *st->stop);
    return st->start && st->stop ? 0 : -1;
}

/* How many times byte c stands in s[0, n): memchr from one to the
 * next, quick when c is rare, as barriers are among a post's bytes. */
static size_t count_byte(const unsigned char *s, size_t n, int c)
{
    const unsigned char *end = s + n, *p = s;
    size_t k = 0;

    while (p < end && (p = memchr(p, c, (size_t)(end - p))) != NULL) {
        k++;
        p++;
    }
    return k;
}

/* Counts ix's stretches of both classes and allocates for them: a
 * barrier cuts after it, so the last byte cuts nothing. */
static int cut_alloc(pc__spanindex *ix)
{
    size_t n = ix->len ? ix->len - 1 : 0;
    size_t n_punct = 1 + count_byte(ix->s, n, '.') +
                     count_byte(ix->s, n, '!') + count_byte(ix->s, n, '?');
    size_t n_all = n_punct + count_byte(ix->s, n, '\n');

    ix->at = malloc(ix->len * sizeof *ix->at);
    ix->punct_of = malloc(n_all * sizeof *ix->punct_of);
    if (!ix->at || !ix->punct_of ||
        stretches_alloc(&ix->cut[CUT_ALL], n_all) != 0 ||
        stretches_alloc(&ix->cut[CUT_PUNCT], n_punct) != 0) {
        return -1;
    }
    return 0;
}

/* One pass over ix's view: each position's trigram chained into its
 * bucket, its stretch, and the stretches of both classes (cut_alloc
 * sized them). */
static void index_fill(pc__spanindex *ix)
{
    const unsigned char *s = ix->s;
    size_t len = ix->len, ka = 0, kp = 0;
    stretches *all = &ix->cut[CUT_ALL], *punct = &ix->cut[CUT_PUNCT];
    uint32_t gram = len > 1 ? (uint32_t)lower(s[0]) << 8 | lower(s[1]) : 0;

    all->start[0] = punct->start[0] = 0;
    ix->punct_of[0] = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned b;
        if (i + 2 < len) {
            size_t k;
            gram = (gram << 8 | lower_of[s[i + 2]]) & 0xFFFFFFu;
            k = bucket_of(gram, ix->mask);
            ix->next[i] = ix->head[k];
            ix->head[k] = (uint32_t)(i + 1);
        }
        ix->at[i] = (uint32_t)ka;
        if (s[i] > '?') {
            continue; /* letters, most of a post: no barrier */
        }
        b = pc__barrier_bit(s[i]);
        if (!b || i + 1 == len) {
            continue;
        }
        all->stop[ka++] = (uint32_t)(i + 1);
        all->start[ka] = (uint32_t)(i + 1);
        if (b & PUNCT_BARRIERS) {
            punct->stop[kp++] = (uint32_t)(i + 1);
            punct->start[kp] = (uint32_t)(i + 1);
        }
        ix->punct_of[ka] = (uint32_t)kp;
    }
    all->stop[ka] = punct->stop[kp] = (uint32_t)len;
}

/* 1 if s[0..len) holds the UTF-8 sequence lead, second[, third]: each
 * lead byte found by memchr, which is quick when it is rare. */
static int has_seq(const unsigned char *s, size_t len, unsigned char lead,
                   unsigned char second, int third)
{
    const unsigned char *end = s + len;
    const unsigned char *p = memchr(s, lead, len);

    while (p) {
        if (p + 1 < end && p[1] == second &&
            (third < 0 || (p + 2 < end && p[2] == (unsigned char)third))) {
            return 1;
        }
        p = memchr(p + 1, lead, (size_t)(end - p - 1));
    }
    return 0;
}

/* 1 if s holds a character a caseless pattern reads as an ASCII letter
 * (U+017F, U+212A): the prefilter then adds trigrams no position has. */
static int has_twins(const unsigned char *s, size_t len)
{
    return has_seq(s, len, 0xC5, 0xBF, -1) ||
           has_seq(s, len, 0xE2, 0x84, 0xAA);
}

pc__spanindex *pc__spanindex_new(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    pc__spanindex *ix;
    size_t size = 64;

    if (len < PC__SPAN_MIN_BYTES || len > PC__SPAN_MAX_BYTES ||
        has_twins(s, len)) {
        return NULL;
    }
    ix = calloc(1, sizeof *ix);
    /* Buckets for half the positions: chains stay short, as most
     * trigrams of a post come back. */
    while (size < len / 2) {
        size *= 2;
    }
    if (!ix) {
        return NULL;
    }
    ix->s = s;
    ix->len = len;
    ix->mask = size - 1;
    ix->head = calloc(size, sizeof *ix->head);
    ix->next = malloc(len * sizeof *ix->next);
    if (!ix->head || !ix->next || cut_alloc(ix) != 0) {
        pc__spanindex_free(ix);
        return NULL;
    }
    index_fill(ix);
    return ix;
}

int pc__views_alike(const char *a, size_t a_len, const char *b,
                    size_t b_len)
{
    const unsigned char *x = (const unsigned char *)a;
    const unsigned char *y = (const unsigned char *)b;

    size_t i = 0;

    if (a_len != b_len) {
        return 0;
    }
    /* Eight bytes at a time while they are the same (most of a post:
     * the views differ at its capitals), byte by byte where not. */
    for (; i + 8 <= a_len; i += 8) {
        uint64_t p, q;
        memcpy(&p, x + i, 8);
        memcpy(&q, y + i, 8);
        if (p == q) {
            continue;
        }
        for (size_t j = i; j < i + 8; j++) {
            if (x[j] != y[j] && lower(x[j]) != lower(y[j])) {
                return 0;
            }
        }
    }
    for (; i < a_len; i++) {
        if (x[i] != y[i] && lower(x[i]) != lower(y[i])) {
            return 0;
        }
    }
    return 1;
}

void pc__spanindex_free(pc__spanindex *ix)
{
    if (!ix) {
        return;
    }
    for (int c = 0; c < CUTS; c++) {
        free(ix->cut[c].start);
        free(ix->cut[c].stop);
    }
    free(ix->at);
    free(ix->punct_of);
    free(ix->head);
    free(ix->next);
    free(ix);
}

/* Marks in `has` (a bit a stretch of class cut) the stretches holding
 * one of grams[0..n). */
static void mark_set(const pc__spanindex *ix, int cut, const uint32_t *grams,
                     size_t n, uint64_t *has)
{
    for (size_t g = 0; g < n; g++) {
        uint32_t p = ix->head[bucket_of(grams[g], ix->mask)];
        while (p) {
            size_t i = p - 1;
            if (gram_at(ix->s, i) == grams[g]) {
                uint32_t k = ix->at[i];
                k = cut == CUT_PUNCT ? ix->punct_of[k] : k;
                has[k / 64] |= 1ull << (k % 64);
            }
            p = ix->next[i];
        }
    }
}

size_t pc__span_windows(const pc__spanindex *ix, const pc__prefilter *pf,
                        unsigned barriers, pc__window **out)
{
    const stretches *st;
    int cut;
    uint64_t *all, *has;
    size_t words, n = 0, from = 0;
    pc__window *w;

    *out = NULL;
    if (!ix || pf->sets == 0 ||
        (barriers & PUNCT_BARRIERS) != PUNCT_BARRIERS) {
        return PC__SPAN_WHOLE;
    }
    cut = barriers == ALL_BARRIERS ? CUT_ALL : CUT_PUNCT;
    st = &ix->cut[cut];
    words = st->n / 64 + 1;
    all = malloc(words * sizeof *all);
    has = calloc(words, sizeof *has);
    w = malloc(st->n * sizeof *w);
    if (!all || !has || !w) {
        free(all);
        free(has);
        free(w);
        return PC__SPAN_WHOLE;
    }
    memset(all, 0xFF, words * sizeof *all);
    for (size_t set = 0; set < pf->sets; set++) {
        size_t to = pf->ends[set];
        memset(has, 0, words * sizeof *has);
        mark_set(ix, cut, pf->grams + from, to - from, has);
        for (size_t k = 0; k < words; k++) {
            all[k] &= has[k];
        }
        from = to;
    }
    /* Runs of stretches that can hold a match, each one window. */
    for (size_t k = 0; k < st->n; k++) {
        if (!(all[k / 64] >> (k % 64) & 1)) {
            continue;
        }
        if (n && w[n - 1].end == st->start[k]) {
            w[n - 1].end = st->stop[k];
        } else {
            w[n].from = st->start[k];
            w[n++].end = st->stop[k];
        }
    }
    free(all);
    free(has);
    *out = w;
    return n;
}
