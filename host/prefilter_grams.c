/* prefilter_grams.c: the post's side of the trigram prefilter
 * (prefilter.h): the trigrams of a view of a post, in a hash set filled
 * once per check, and whether a pattern's trigram sets (prefilter.c)
 * hold in them. Letters are read in lower case, and a caseless
 * pattern's ASCII twins (U+017F as 's', U+212A as 'k') are added, so the
 * filter never drops a match. */
#include <stdlib.h>
#include <string.h>

#include "postcheck/text.h"
#include "prefilter.h"
#include "prefilter_int.h"

/* Slot tables freed, kept zeroed for the next gramsets of the same size
 * (prefilter_int.h): only those of a short text's size (at most
 * SPARE_MAX_SLOTS slots). */
#define SPARE_MAX_SLOTS 4096u
static pc__pf_spares g_spare;

/* Gives back v (size slots, or NULL): kept, zeroed, or freed. */
static void give_slots(uint32_t *v, size_t size)
{
    if (size > SPARE_MAX_SLOTS) {
        free(v);
        return;
    }
    pc__pf_spare_give(&g_spare, v, size * sizeof *v);
}

/* Adds the trigrams of s[0..len) to g, letters in lower case. */
static void add_grams(pc__gramset *g, const unsigned char *s, size_t len)
{
    for (size_t i = 0; i + 2 < len; i++) {
        /* Stored plus one, so 0 marks an empty slot. */
        uint32_t v = pc__pf_gram(pc__pf_lower(s[i]), pc__pf_lower(s[i + 1]),
                                 pc__pf_lower(s[i + 2])) + 1;
        size_t k = pc__pf_slot(v - 1, g->mask);
        while (g->slots[k] && g->slots[k] != v) {
            k = (k + 1) & g->mask;
        }
        g->slots[k] = v;
    }
}

/* 1 if one of the lead bytes at p (by memchr) to end starts a twin. */
static int twin_from(const char *p, const char *end, int lead)
{
    size_t k;

    while ((p = memchr(p, lead, (size_t)(end - p))) != NULL) {
        if (pc_text_ascii_twin(p, (size_t)(end - p), &k)) {
            return 1;
        }
        p++;
    }
    return 0;
}

int pc__has_twins(const char *s, size_t len)
{
    return twin_from(s, s + len, 0xC5) || twin_from(s, s + len, 0xE2);
}

/* A caseless pattern's "pass" matches "paſs": when the text has either
 * twin, the trigrams of the text with them written as ASCII are added
 * too, so the filter never drops such a match. */
static pc_status add_twins(pc__gramset *g, const unsigned char *s,
                           size_t len)
{
    unsigned char *t;
    size_t n = 0, i = 0, k = 0;
    char a;

    t = malloc(len);
    if (!t) {
        return PC_ERR_NOMEM;
    }
    while (i < len) {
        a = pc_text_ascii_twin((const char *)s + i, len - i, &k);
        t[n++] = a ? (unsigned char)a : s[i];
        i += a ? k : 1;
    }
    add_grams(g, t, n);
    free(t);
    return PC_OK;
}

/* add_grams, noting beside each trigram the stretches it starts in
 * (g->in, g->stop). Past 64 stretches the notes are dropped (g->in
 * NULL). */
static void add_grams_cut(pc__gramset *g, const unsigned char *s,
                          size_t len)
{
    uint64_t bit = 1;
    uint32_t v = len > 1 ? (uint32_t)pc__pf_lower(s[0]) << 8 |
                               pc__pf_lower(s[1])
                         : 0;
    size_t k = 0;
    int over = 0;

    for (size_t i = 0; i < len; i++) {
        if (i + 2 < len) {
            /* The trigram at i, rolled on from the one at i - 1. */
            uint32_t key;
            size_t j;
            v = ((v << 8) | pc__pf_lower(s[i + 2])) & 0xFFFFFFu;
            key = v + 1;
            j = pc__pf_slot(v, g->mask);
            while (g->slots[j] && g->slots[j] != key) {
                j = (j + 1) & g->mask;
            }
            /* Only occupied slots' notes are read: set on first use. */
            g->in[j] = g->slots[j] ? g->in[j] | bit : bit;
            g->slots[j] = key;
        }
        if (s[i] > '?') {
            continue; /* letters, most of a text: no barrier */
        }
        if (!pc__barrier_bit((unsigned char)s[i]) || i + 1 == len || over) {
            continue;
        }
        if (k == 63) {
            over = 1; /* a 65th stretch: the notes are dropped */
            continue;
        }
        g->ends[__builtin_ctz(pc__barrier_bit(s[i]))] |= bit;
        g->stop[k++] = (uint32_t)(i + 1);
        bit <<= 1;
    }
    if (over) {
        g->in = NULL;
        return;
    }
    g->stop[k] = (uint32_t)len;
    g->n_cuts = k + 1;
}

pc_status pc__gramset_fill(pc__gramset *g, const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    int twins = pc__has_twins(str, len);
    size_t size = 64;

    /* At most one trigram a byte (two with twins), the table at most
     * two thirds full: a 280-character post's 512 slots (2 KB, and 4 KB
     * of notes beside) where half full made them 1,024. The probes are
     * a little longer; the lines a check touches, and zeroes again for
     * the next, fewer (docs/PROTOCOL.md: what a request touches). */
    while (2 * size < 3 * (twins ? 2 : 1) * len) {
        size *= 2;
    }
    g->in = NULL;
    g->stop = NULL;
    g->n_cuts = 0;
    memset(g->ends, 0, sizeof g->ends);
    g->slots = pc__pf_spare_take(&g_spare, size * sizeof *g->slots);
    if (!g->slots) {
        g->mask = 0;
        return PC_ERR_NOMEM;
    }
    g->mask = size - 1;
    if (!twins && len <= PC_GRAM_CUT_MAX_TEXT) {
        /* One block: the notes beside the slots, the stops (not
         * zeroed: only what is set is read). */
        void *block = malloc(size * sizeof *g->in + 64 * sizeof *g->stop);
        if (block) {
            uint64_t *in = block;
            g->in = in;
            g->stop = (uint32_t *)(in + size);
            add_grams_cut(g, s, len);
            if (!g->in) {
                free(block); /* its slots are filled all the same */
                g->stop = NULL;
                g->n_cuts = 0;
            }
            return PC_OK;
        }
    }
    add_grams(g, s, len);
    if (twins && add_twins(g, s, len) != PC_OK) {
        /* An empty set lets every pattern through. */
        pc__gramset_free(g);
        return PC_ERR_NOMEM;
    }
    return PC_OK;
}

void pc__gramset_free(pc__gramset *g)
{
    give_slots(g->slots, g->slots ? g->mask + 1 : 0);
    free(g->in);
    g->slots = NULL;
    g->mask = 0;
    g->in = NULL;
    g->stop = NULL;
    g->n_cuts = 0;
}

static int has_gram(const pc__gramset *g, uint32_t gram)
{
    size_t k = pc__pf_slot(gram, g->mask);

    while (g->slots[k]) {
        if (g->slots[k] == gram + 1) {
            return 1;
        }
        k = (k + 1) & g->mask;
    }
    return 0;
}

int pc__prefilter_pass(const pc__prefilter *p, const pc__gramset *g)
{
    size_t i = 0;

    if (!g->slots || !pc__prefilter_enabled()) {
        return 1;
    }
    for (size_t set = 0; set < p->sets; set++) {
        int hit = 0;
        for (; i < p->ends[set]; i++) {
            if (has_gram(g, p->grams[i])) {
                hit = 1;
                i = p->ends[set];
                break;
            }
        }
        if (!hit) {
            return 0;
        }
    }
    return 1;
}

/* Word tests past this many trigram comparisons are not made (the word
 * passes). */
#define WORD_TEST_MAX 4096u

/* 1 if the word s[0..len) holds one of the trigrams g[0..n), its letters
 * read in lower case. */
static int word_holds(const uint32_t *g, size_t n, const unsigned char *s,
                      size_t len)
{
    for (size_t j = 0; j + 2 < len; j++) {
        uint32_t v = pc__pf_gram(pc__pf_lower(s[j]), pc__pf_lower(s[j + 1]),
                                 pc__pf_lower(s[j + 2]));
        for (size_t k = 0; k < n; k++) {
            if (g[k] == v) {
                return 1;
            }
        }
    }
    return 0;
}

int pc__prefilter_pass_word(const pc__prefilter *p, const unsigned char *s,
                            size_t len)
{
    if (!p->sets || len * p->n > WORD_TEST_MAX ||
        pc__has_twins((const char *)s, len)) {
        return 1;
    }
    for (size_t set = 0; set < p->sets; set++) {
        size_t lo = set ? p->ends[set - 1] : 0;
        if (!word_holds(p->grams + lo, p->ends[set] - lo, s, len)) {
            return 0;
        }
    }
    return 1;
}

/* The stretches gram starts in (g->in), 0 when g does not hold it. */
static uint64_t gram_in(const pc__gramset *g, uint32_t gram)
{
    size_t k = pc__pf_slot(gram, g->mask);

    while (g->slots[k]) {
        if (g->slots[k] == gram + 1) {
            return g->in[k];
        }
        k = (k + 1) & g->mask;
    }
    return 0;
}

/* Bits a..e (a <= e < 64). */
static uint64_t bits_from(size_t a, size_t e)
{
    return (e == 63 ? ~(uint64_t)0 : (((uint64_t)1 << (e + 1)) - 1)) &
           ~(((uint64_t)1 << a) - 1);
}

uint64_t pc__prefilter_stretches(const pc__prefilter *p, const pc__gramset *g,
                                 unsigned barriers)
{
    uint64_t all = ~(uint64_t)0, ends = 0;
    int units = (barriers & 0xFu) != 0xFu;
    size_t i = 0;

    if (!g->in || !p->sets || !pc__prefilter_enabled()) {
        return ~(uint64_t)0;
    }
    /* A stretch cut off by a barrier the pattern reads stays with the
     * stretches after it, to the end of its unit: a stretch cut by one
     * of the pattern's barriers, or the last. */
    for (int c = 0; units && c < 4; c++) {
        ends |= (barriers >> c & 1u) ? g->ends[c] : 0;
    }
    ends |= (uint64_t)1 << (g->n_cuts - 1);
    for (size_t set = 0; set < p->sets && all; set++) {
        uint64_t has = 0;
        for (; i < p->ends[set]; i++) {
            has |= gram_in(g, p->grams[i]);
        }
        if (units) {
            /* Each stretch that has one, its whole unit. */
            uint64_t whole = 0;
            while (has) {
                size_t h = (size_t)__builtin_ctzll(has);
                uint64_t before = ends & (((uint64_t)1 << h) - 1);
                size_t a = before ? 64 - (size_t)__builtin_clzll(before) : 0;
                size_t e = h + (size_t)__builtin_ctzll(ends >> h);
                uint64_t m = bits_from(a, e);
                whole |= m;
                has &= ~m;
            }
            has = whole;
        }
        all &= has;
    }
    return all;
}
