/* prefilter_leaf.c: the leaves (bytes, pairs, trigrams) of a text, read
 * once per check, and whether a pattern's query (prefilter_query.c) holds
 * for them (see prefilter.h).
 * The text is read in the collapsed form both sides share: ASCII letters
 * in lower case, digits as '0', each run of white space one space, U+017F
 * and U+212A as 's' and 'k'. Other bytes stay as they are; no query names
 * them. */
#include <stdlib.h>
#include <string.h>

#include "postcheck/text.h"
#include "prefilter.h"
#include "prefilter_int.h"

static size_t slot_of(uint32_t gram, size_t mask)
{
    return (size_t)((gram * 2654435761u) >> 8) & mask;
}

/* The bit of byte leaf c: the bytes have one each, so a set bit says
 * exactly that the byte was read. */
#define BYTE_BIT(c) (PC_GRAM_BITS + PC_PAIR_BITS + (uint32_t)(c))

/* The bit of trigram gram in the bitmap. */
static uint32_t bit_of(uint32_t gram)
{
    return (gram * 2654435761u) >> 17;
}

/* The bit of pair (two bytes) in its bitmap, after the trigrams'. */
static uint32_t pair_bit(uint32_t pair)
{
    return PC_GRAM_BITS + ((pair * 2654435761u) >> 20);
}

static void set_bit(uint64_t *v, uint32_t b)
{
    v[b >> 6] |= (uint64_t)1 << (b & 63);
}

static int get_bit(const uint64_t *v, uint32_t b)
{
    return (int)((v[b >> 6] >> (b & 63)) & 1);
}

/* The length of a white-space character at s (PCRE2's \s with UCP: Z
 * and the horizontal and vertical spaces), or 0. */
static size_t space_len(const unsigned char *s, size_t n)
{
    if (pc__pf_space(s[0])) {
        return 1;
    }
    if (s[0] < 0xC2 || n < 2) {
        return 0;
    }
    if (s[0] == 0xC2) {
        return s[1] == 0x85 || s[1] == 0xA0 ? 2 : 0;
    }
    if (n < 3) {
        return 0;
    }
    if (s[0] == 0xE1) {
        return (s[1] == 0x9A && s[2] == 0x80) || (s[1] == 0xA0 &&
                                                  s[2] == 0x8E) ? 3 : 0;
    }
    if (s[0] == 0xE2 && s[1] == 0x80) {
        return s[2] <= 0x8A || s[2] == 0xA8 || s[2] == 0xA9 || s[2] == 0xAF
                   ? 3 : 0;
    }
    if (s[0] == 0xE2 && s[1] == 0x81) {
        return s[2] == 0x9F ? 3 : 0;
    }
    return s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80 ? 3 : 0;
}

/* The byte the character at s[0..n) reads as, collapsed, and its length
 * in *len: ' ' for white space, 's' and 'k' for their caseless twins,
 * ASCII letters in lower case, '0' for every ASCII digit, else the byte
 * itself (*len 1). */
static unsigned char collapsed(const unsigned char *s, size_t n, size_t *len)
{
    size_t k = space_len(s, n);
    char twin;

    *len = 1;
    if (k) {
        *len = k;
        return ' ';
    }
    twin = pc_text_ascii_twin((const char *)s, n, len);
    if (twin) {
        return (unsigned char)twin;
    }
    if (s[0] >= '0' && s[0] <= '9') {
        return '0';
    }
    return (s[0] >= 'A' && s[0] <= 'Z') ? (unsigned char)(s[0] + 32) : s[0];
}

/* Where a walk over a text's leaves stands: the next byte, and the last
 * bytes read (collapsed), have of them. */
typedef struct walk {
    size_t at;
    uint32_t last;
    size_t have;
} walk;

/* The byte each ASCII byte reads as, collapsed (as collapsed() reads
 * it): white space as ' ', letters in lower case, digits as '0'. A
 * look-up, where the comparisons cost several instructions a byte of
 * every post. */
static const unsigned char collapsed_ascii[128] = {
    0, 1, 2, 3, 4, 5, 6, 7,
    8, ' ', ' ', ' ', ' ', ' ', 14, 15,
    16, 17, 18, 19, 20, 21, 22, 23,
    24, 25, 26, 27, 28, 29, 30, 31,
    ' ', '!', '"', '#', '$', '%', '&', '\'',
    '(', ')', '*', '+', ',', '-', '.', '/',
    '0', '0', '0', '0', '0', '0', '0', '0',
    '0', '0', ':', ';', '<', '=', '>', '?',
    '@', 'a', 'b', 'c', 'd', 'e', 'f', 'g',
    'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w',
    'x', 'y', 'z', '[', '\\', ']', '^', '_',
    '`', 'a', 'b', 'c', 'd', 'e', 'f', 'g',
    'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w',
    'x', 'y', 'z', '{', '|', '}', '~', 127,
};

/* Sets in bits (a leaf set's, pc__leafset) the bits of the byte, pair
 * and trigram leaves that end at c, the last collapsed bytes being last
 * (have of them). */
static inline void set_bits_of(uint64_t *bits, uint32_t last, size_t have,
                               unsigned char c)
{
    set_bit(bits, BYTE_BIT(c));
    if (have >= 2) {
        set_bit(bits, pair_bit(last & 0xFFFF));
    }
    if (have >= 3) {
        set_bit(bits, bit_of(last & 0xFFFFFF));
    }
}

/* Reads the next character of s[0..len) at w->at, collapsed, into w (w
 * moves on). Returns 0 for white space after white space (a run reads
 * as one space: nothing new), else 1. */
static inline int walk_next(walk *w, const unsigned char *s, size_t len)
{
    size_t k = 1;
    unsigned char b = s[w->at];
    unsigned char c = b < 0x80 ? collapsed_ascii[b]
                               : collapsed(s + w->at, len - w->at, &k);

    w->at += k;
    if (c == ' ' && w->have && (w->last & 0xFF) == ' ') {
        return 0;
    }
    w->last = (w->last << 8) | c;
    w->have++;
    return 1;
}

/* Writes the leaves of the characters of s[0..len) from w->at on to out,
 * as long as room is left for a character's three, in pc__gram_walk's
 * order. Returns how many; w moves on. */
static size_t gram_list(walk *w, const unsigned char *s, size_t len,
                        uint32_t *out, size_t room)
{
    size_t n = 0;

    while (w->at < len && n + 3 <= room) {
        if (!walk_next(w, s, len)) {
            continue;
        }
        out[n++] = ((uint32_t)PC_Q_BYTE << 28) | (w->last & 0xFF);
        if (w->have >= 2) {
            out[n++] = ((uint32_t)PC_Q_PAIR << 28) | (w->last & 0xFFFF);
        }
        if (w->have >= 3) {
            out[n++] = ((uint32_t)PC_Q_GRAM << 28) | (w->last & 0xFFFFFF);
        }
    }
    return n;
}

#define WALK_BUF 768

void pc__gram_walk(const char *str, size_t len,
                   void (*each)(void *arg, uint32_t leaf), void *arg)
{
    uint32_t buf[WALK_BUF];
    walk w = {0, 0, 0};

    while (w.at < len) {
        size_t n = gram_list(&w, (const unsigned char *)str, len, buf,
                             WALK_BUF);
        for (size_t i = 0; i < n; i++) {
            each(arg, buf[i]);
        }
    }
}

/* The bytes of a leaf set's bit maps (pc__leafset's bits), and those
 * freed, kept zeroed for the next leaf sets. */
#define MAP_BYTES \
    ((PC_GRAM_BITS + PC_PAIR_BITS + 256u) / 64u * sizeof(uint64_t))
static pc__pf_spares g_spare;

/* Adds trigram x to g's exact set (g->slots). */
static void add_slot(pc__leafset *g, uint32_t x)
{
    /* Stored plus one, so 0 marks an empty slot. */
    size_t k = slot_of(x, g->mask);

    while (g->slots[k] && g->slots[k] != x + 1) {
        k = (k + 1) & g->mask;
    }
    g->slots[k] = x + 1;
}

/* fill_walk's run of ASCII bytes from w->at on, once three bytes are
 * read (a pair and a trigram end at each byte), into bits alone (a text
 * with no exact set): the same bits walk_next and set_bits_of set, in a
 * loop that keeps the walk in registers. Stops at the text's end or at
 * its next byte of more (w moves on). */
static void fill_ascii(uint64_t *bits, walk *w, const unsigned char *s,
                       size_t len)
{
    size_t at = w->at;
    uint32_t last = w->last;

    for (; at < len && s[at] < 0x80; at++) {
        unsigned c = collapsed_ascii[s[at]];
        if (c == ' ' && (last & 0xFF) == ' ') {
            continue;
        }
        last = (last << 8) | c;
        set_bit(bits, BYTE_BIT(c));
        set_bit(bits, pair_bit(last & 0xFFFF));
        set_bit(bits, bit_of(last & 0xFFFFFF));
    }
    w->at = at;
    w->last = last;
}

/* Sets the leaves of s[0..len) in g (bits, and slots) in one walk:
 * nothing written to be read again. */
static void fill_walk(pc__leafset *g, const unsigned char *s, size_t len)
{
    walk w = {0, 0, 0};

    while (w.at < len) {
        if (w.have >= 3 && !g->slots && s[w.at] < 0x80) {
            fill_ascii(g->bits, &w, s, len);
            continue;
        }
        if (!walk_next(&w, s, len)) {
            continue;
        }
        set_bits_of(g->bits, w.last, w.have, (unsigned char)(w.last & 0xFF));
        if (w.have >= 3 && g->slots) {
            add_slot(g, w.last & 0xFFFFFF);
        }
    }
}

pc_status pc__leafset_fill(pc__leafset *g, const char *str, size_t len)
{
    size_t size = 64;

    memset(g, 0, sizeof *g);
    g->bits = pc__pf_spare_take(&g_spare, MAP_BYTES);
    if (!g->bits) {
        return PC_ERR_NOMEM;
    }
    /* Up to two thousand trigrams the bitmap alone is wrong for about
     * one trigram in twenty a query asks after (and wrong only towards
     * running the regex); past that an exact set, at most half full. */
    if (len > PC_GRAM_BITS / 16) {
        while (size < 2 * len) {
            size *= 2;
        }
        g->slots = calloc(size, sizeof *g->slots);
        if (!g->slots) {
            pc__leafset_free(g);
            return PC_ERR_NOMEM;
        }
        g->mask = size - 1;
    }
    fill_walk(g, (const unsigned char *)str, len);
    return PC_OK;
}

/* The byte b reads as, collapsed, in a text with no white space or
 * caseless twin of more than one byte (pc__leafset_from checks). */
static unsigned char collapsed_byte(unsigned char b)
{
    return b < 0x80 ? collapsed_ascii[b] : b;
}

/* 1 if the bytes of gram (a trigram; n of them read) start a character
 * that collapses from more than one byte (a Unicode space, U+017F,
 * U+212A): then the text's leaves are not its trigrams' (below). */
static int starts_long_char(uint32_t gram, size_t n)
{
    unsigned char b[3] = {(unsigned char)(gram >> 16),
                          (unsigned char)(gram >> 8), (unsigned char)gram};
    size_t k;

    if (b[3 - n] < 0x80) {
        return 0;
    }
    (void)collapsed(b + 3 - n, n, &k);
    return k > 1;
}

/* Sets in g the leaves read from trigram t = (a, b, c) of the text (raw,
 * letters in lower case), collapsed: its bytes, its pairs and itself,
 * but for those with two spaces side by side (a run of white space reads
 * as one space: no collapsed leaf has two). */
static void set_from_gram(pc__leafset *g, uint32_t t)
{
    unsigned a = collapsed_byte((unsigned char)(t >> 16));
    unsigned b = collapsed_byte((unsigned char)(t >> 8));
    unsigned c = collapsed_byte((unsigned char)t);

    set_bit(g->bits, BYTE_BIT(a));
    set_bit(g->bits, BYTE_BIT(b));
    set_bit(g->bits, BYTE_BIT(c));
    if (a != ' ' || b != ' ') {
        set_bit(g->bits, pair_bit(a << 8 | b));
    }
    if (b != ' ' || c != ' ') {
        set_bit(g->bits, pair_bit(b << 8 | c));
    }
    if ((a != ' ' || b != ' ') && (b != ' ' || c != ' ')) {
        set_bit(g->bits, bit_of(a << 16 | b << 8 | c));
        add_slot(g, a << 16 | b << 8 | c);
    }
}

/* Writes to out the trigrams that each run of two or more white-space
 * bytes of s[0..len) makes, read as one space, between the bytes around
 * it: (x, ' ', y). Returns how many (at most len / 2). */
static size_t bridges(const unsigned char *s, size_t len, uint32_t *out)
{
    size_t n = 0;

    for (size_t i = 1; i + 2 < len; i++) {
        size_t j = i + 1;
        if (collapsed_byte(s[i]) != ' ' || collapsed_byte(s[j]) != ' ' ||
            collapsed_byte(s[i - 1]) == ' ') {
            continue;
        }
        while (j < len && collapsed_byte(s[j]) == ' ') {
            j++;
        }
        if (j == len) {
            break;
        }
        out[n++] = pc__gram(collapsed_byte(s[i - 1]), ' ',
                            collapsed_byte(s[j]));
        i = j;
    }
    return n;
}

/* The distinct trigrams of grams (an exact set), checked: 0 when one
 * starts a character that collapses from more than one byte; *runs set
 * when one holds two white-space bytes side by side. */
static int count_grams(const pc__gramset *grams, size_t *n, int *runs)
{
    *n = 0;
    *runs = 0;
    for (size_t k = 0; k <= grams->mask; k++) {
        uint32_t t = grams->slots[k] - 1;
        if (!grams->slots[k]) {
            continue;
        }
        if (starts_long_char(t, 3)) {
            return 0;
        }
        (*n)++;
        *runs |= collapsed_byte((unsigned char)(t >> 8)) == ' ' &&
                 collapsed_byte((unsigned char)t) == ' ';
    }
    return 1;
}

int pc__leafset_from(pc__leafset *g, const char *str, size_t len,
                     const pc__gramset *grams)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t n, n_bridge = 0, size = 64;
    uint32_t *bridge = NULL;
    int runs;

    memset(g, 0, sizeof *g);
    if (!grams->slots || len <= PC_LEAF_FROM_MIN ||
        starts_long_char(pc__gram(0, s[len - 2], s[len - 1]), 2) ||
        !count_grams(grams, &n, &runs)) {
        return 0;
    }
    if (runs) {
        bridge = malloc((len / 2 + 1) * sizeof *bridge);
        if (!bridge) {
            return 0;
        }
        n_bridge = bridges(s, len, bridge);
    }
    /* A trigram or bridge gives at most one: at most half full. */
    while (size < 2 * (n + n_bridge)) {
        size *= 2;
    }
    g->bits = pc__pf_spare_take(&g_spare, MAP_BYTES);
    g->slots = calloc(size, sizeof *g->slots);
    g->mask = size - 1;
    for (size_t k = 0; g->bits && g->slots && k <= grams->mask; k++) {
        if (grams->slots[k]) {
            set_from_gram(g, grams->slots[k] - 1);
        }
    }
    for (size_t i = 0; g->bits && g->slots && i < n_bridge; i++) {
        set_bit(g->bits, bit_of(bridge[i]));
        add_slot(g, bridge[i]);
    }
    free(bridge);
    if (!g->bits || !g->slots) {
        pc__leafset_free(g);
        return 0;
    }
    return 1;
}

void pc__leafset_free(pc__leafset *g)
{
    pc__pf_spare_give(&g_spare, g->bits, MAP_BYTES);
    free(g->slots);
    memset(g, 0, sizeof *g);
}

static int has_gram(const pc__leafset *g, uint32_t gram)
{
    size_t k;

    if (!get_bit(g->bits, bit_of(gram))) {
        return 0;
    }
    if (!g->slots) {
        return 1;
    }
    k = slot_of(gram, g->mask);
    while (g->slots[k]) {
        if (g->slots[k] == gram + 1) {
            return 1;
        }
        k = (k + 1) & g->mask;
    }
    return 0;
}

_Static_assert(PC_GRAM_BITS + PC_PAIR_BITS + 256 <= 65536,
               "a leaf's bit fits a program's uint16_t");

uint16_t pc__leaf_bit(uint32_t w)
{
    switch (w >> 28) {
    case PC_Q_GRAM: return (uint16_t)bit_of(w & 0xFFFFFFu);
    case PC_Q_PAIR: return (uint16_t)pair_bit(w & 0xFFFFu);
    default:
        return (uint16_t)BYTE_BIT(w & 0xFFu);
    }
}

/* 1 if the leaf word w (a trigram, pair or byte) is in g. */
static int has_leaf(const pc__leafset *g, uint32_t w)
{
    switch (w >> 28) {
    case PC_Q_GRAM: return has_gram(g, w & 0xFFFFFFu);
    case PC_Q_PAIR: return get_bit(g->bits, pair_bit(w & 0xFFFFu));
    default:
        return get_bit(g->bits, BYTE_BIT(w & 0xFFu));
    }
}

int pc__leafset_has(const pc__leafset *g, uint32_t leaf)
{
    return !g->bits || has_leaf(g, leaf);
}

/* The AND or OR at c (its low 28 bits give its length in words, the
 * children following; a leaf is one word) holds for g. */
static int holds(const uint32_t *c, const pc__leafset *g)
{
    int is_and = c[0] >> 28 == PC_Q_AND;
    const uint32_t *k = c + 1, *end = c + (c[0] & 0x0FFFFFFFu);

    while (k < end) {
        uint32_t op = k[0] >> 28;
        int r;
        if (op == PC_Q_AND || op == PC_Q_OR) {
            r = holds(k, g);
            k += k[0] & 0x0FFFFFFFu;
        } else {
            r = has_leaf(g, k[0]);
            k++;
        }
        if (r != is_and) {
            return r;
        }
    }
    return is_and;
}

/* Off only in tests that compare checks with and without the filter. */
static int g_enabled = 1;

void pc__prefilter_enable(int on)
{
    g_enabled = on;
}

int pc__prefilter_enabled(void)
{
    return g_enabled;
}

/* The query's words walked (no program), as holds() reads them. */
static int walk_code(const pc__query *p, const pc__leafset *g)
{
    uint32_t op = p->code[0] >> 28;

    return op == PC_Q_AND || op == PC_Q_OR ? holds(p->code, g)
                                           : has_leaf(g, p->code[0]);
}

int pc__query_pass(const pc__query *p, const pc__leafset *g)
{
    if (!g_enabled || !g->bits || p->n == 0) {
        return 1;
    }
    if (p->prog && !g->slots) {
        /* The bit maps alone answer (a short text): each step's bit,
         * stored in it, is tested as has_leaf() would test it. */
        const uint64_t *m = g->bits;
        const uint16_t *prog = p->prog;
        size_t i = p->entry;
        while (i < PC_QSTEP_FALSE) {
            /* Held in size_t: the bit's word is one shift (a 16-bit
             * index was widened by two shifts a step). */
            size_t b = prog[i];
            i = (m[b >> 6] >> (b & 63)) & 1 ? prog[i + 1] : prog[i + 2];
        }
        return i == PC_QSTEP_TRUE;
    }
    return p->prog && p->leaves ? pc__query_pass_leaves(p, g)
                                : walk_code(p, g);
}

int pc__query_pass_leaves(const pc__query *p, const pc__leafset *g)
{
    if (!g_enabled || !g->bits || p->n == 0) {
        return 1;
    }
    if (p->prog && p->leaves) {
        /* The same leaves as holds() tests, in the same order. */
        size_t i = p->entry;
        while (i < PC_QSTEP_FALSE) {
            i = has_leaf(g, p->leaves[i / PC_QSTEP_WORDS]) ? p->prog[i + 1]
                                                           : p->prog[i + 2];
        }
        return i == PC_QSTEP_TRUE;
    }
    return walk_code(p, g);
}
