/* match_span.c: where in a long post a regex can match, so that it runs
 * only there (issue 16: the 64 KB post). Two facts, each proved:
 *
 *  - Barriers, from the pattern's text (pc__barriers, match_barrier.c):
 *    characters among
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

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "match.h"
#include "match_cut.h"

#define ALL_BARRIERS 0xFu

#define PUNCT_BARRIERS (ALL_BARRIERS & ~1u)

/* About 4 bytes a byte of the view, and 8 a distinct trigram. */
struct pc__spanindex {
    const unsigned char *s;
    size_t len;
    uint32_t *keys;            /* slot: a trigram + 1, or 0 (empty), as a
                                  pc__gramset's slots (prefilter.h) */
    uint32_t *head;            /* slot: its trigram's last position + 1 */
    uint32_t *next;            /* position: the previous one of its
                                  trigram + 1, or 0 */
    size_t mask;
    size_t n_keys;
    int own_keys;              /* 0 when a gramset took keys */
    pc__stretches cut[PC__CUTS];
};

/* c with an ASCII capital in lower case, without a branch. */
static unsigned char lower(unsigned char c)
{
    return (unsigned char)(c + (((unsigned)(c - 'A') < 26u) << 5));
}

/* lower() of every byte, for the index's loop over a long view. */
#define L1(c) ((unsigned char)((c) >= 'A' && (c) <= 'Z' ? (c) + 32 : (c)))
#define L4(c) L1(c), L1((c) + 1), L1((c) + 2), L1((c) + 3)
#define L16(c) L4(c), L4((c) + 4), L4((c) + 8), L4((c) + 12)
#define L64(c) L16(c), L16((c) + 16), L16((c) + 32), L16((c) + 48)
static const unsigned char lower_of[256] = {L64(0), L64(64), L64(128),
                                            L64(192)};
#undef L1
#undef L4
#undef L16
#undef L64

/* Hashed as pc__gramset slots are (prefilter_int.h's pc__pf_slot), so
 * that a gramset can read keys as its slots. */
static size_t bucket_of(uint32_t gram, size_t mask)
{
    return (size_t)((gram * 2654435761u) >> 8) & mask;
}

/* The slot of gram in ix, or ix->mask + 1 when it has none. */
static size_t slot_find(const pc__spanindex *ix, uint32_t gram)
{
    size_t k = bucket_of(gram, ix->mask);

    /* The slot holding gram first (a long view's trigrams are mostly
     * ones seen before, found at once). */
    while (ix->keys[k] != gram + 1) {
        if (!ix->keys[k]) {
            return ix->mask + 1;
        }
        k = (k + 1) & ix->mask;
    }
    return k;
}

/* Doubles ix's table of trigrams (keys and heads): 0, or -1 when out of
 * memory (ix unchanged). */
static int slots_grow(pc__spanindex *ix)
{
    size_t size = 2 * (ix->mask + 1), mask = size - 1;
    uint32_t *keys = calloc(size, sizeof *keys);
    uint32_t *head = malloc(size * sizeof *head);

    if (!keys || !head) {
        free(keys);
        free(head);
        return -1;
    }
    for (size_t i = 0; i <= ix->mask; i++) {
        size_t k;
        if (!ix->keys[i]) {
            continue;
        }
        k = bucket_of(ix->keys[i] - 1, mask);
        while (keys[k]) {
            k = (k + 1) & mask;
        }
        keys[k] = ix->keys[i];
        head[k] = ix->head[i];
    }
    free(ix->keys);
    free(ix->head);
    ix->keys = keys;
    ix->head = head;
    ix->mask = mask;
    return 0;
}

/* The slot of gram in ix, added (its head 0) when it has none; the
 * table stays at most half full. Returns ix->mask + 1 when out of
 * memory. */
static size_t slot_add(pc__spanindex *ix, uint32_t gram)
{
    size_t k = bucket_of(gram, ix->mask);

    while (ix->keys[k] && ix->keys[k] != gram + 1) {
        k = (k + 1) & ix->mask;
    }
    if (ix->keys[k]) {
        return k;
    }
    if (2 * (ix->n_keys + 1) > ix->mask + 1) {
        if (slots_grow(ix) != 0) {
            return ix->mask + 1;
        }
        k = bucket_of(gram, ix->mask);
        while (ix->keys[k]) {
            k = (k + 1) & ix->mask;
        }
    }
    ix->keys[k] = gram + 1;
    ix->head[k] = 0;
    ix->n_keys++;
    return k;
}

/* 1 if s[0..len) holds an ASCII capital: sixteen bytes at a time, each
 * biased by 0x80 - 'A' so that 'A'..'Z' read as signed below -102. */
static int has_capital(const unsigned char *s, size_t len)
{
    size_t i = 0;

#if defined(__SSE2__)
    const __m128i bias = _mm_set1_epi8((char)(0x80 - 'A'));
    const __m128i top = _mm_set1_epi8((char)(-128 + 26));
    for (; i + 16 <= len; i += 16) {
        __m128i p = _mm_loadu_si128((const __m128i *)(s + i));
        if (_mm_movemask_epi8(_mm_cmpgt_epi8(top, _mm_add_epi8(p, bias)))) {
            return 1;
        }
    }
#endif
    for (; i < len; i++) {
        if ((unsigned)(s[i] - 'A') < 26u) {
            return 1;
        }
    }
    return 0;
}

/* The trigram at i - 1 (bytes i - 1, i, i + 1), g being the one at
 * i - 2. In a view without ASCII capitals (folded: its folded view, most
 * long posts) it is read as one load of four bytes, which needs byte
 * i + 2 (so i + 2 < len), and no byte is looked up in lower_of. */
static inline __attribute__((always_inline)) uint32_t
gram_at(const unsigned char *s, size_t i, uint32_t g, int folded)
{
    uint32_t w;

    if (!folded) {
        return (g << 8 | lower_of[s[i + 1]]) & 0xFFFFFFu;
    }
    memcpy(&w, s + i - 1, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return __builtin_bswap32(w) >> 8;
#else
    return w >> 8;
#endif
}

/* Chains the trigram at i - 1 (*g: the one before it, then it) into
 * its slot when that is its first one or the one after (where linear
 * probing puts most trigrams whose first slot another took, each place of
 * which left the loop below for slot_add): 1, else 0 (nothing
 * changed). */
static inline __attribute__((always_inline)) int
chain_one(const pc__spanindex *ix, size_t i, uint32_t *g, int folded)
{
    size_t k;

    *g = gram_at(ix->s, i, *g, folded);
    k = bucket_of(*g, ix->mask);
    if (ix->keys[k] != *g + 1) {
        /* An empty first slot: a new trigram, in neither. */
        k = (k + 1) & ix->mask;
        if (ix->keys[k] != *g + 1) {
            return 0;
        }
    }
    ix->next[i - 1] = ix->head[k];
    ix->head[k] = (uint32_t)i;
    return 1;
}

/* The walk of index_fill from the trigram at i - 1 (*gram: the two
 * bytes before it) while each trigram is in its first slot or the next,
 * as most of a long post's are, seen before: two a turn, few values live, so that the
 * loop keeps them in registers. Returns where it stopped: body + 1, or a
 * trigram's position + 1 whose slot is another (*gram: that trigram). */
static inline __attribute__((always_inline)) size_t
chain_run(const pc__spanindex *ix, size_t i, size_t body, uint32_t *gram,
          int folded)
{
    /* A copy: the loop's stores into next and head leave its fields be. */
    pc__spanindex v = *ix;
    uint32_t g = *gram;
    size_t stop = body + 1;

    for (; i < body; i += 2) {
        if (!chain_one(&v, i, &g, folded)) {
            stop = i;
            break;
        }
        if (!chain_one(&v, i + 1, &g, folded)) {
            stop = i + 1;
            break;
        }
    }
    if (stop > body && i == body && !chain_one(&v, i, &g, folded)) {
        stop = i;
    }
    *gram = g;
    return stop;
}

/* chain_run over a view without ASCII capitals up to its last trigram
 * but one (the last has no byte after it to load), then the last by
 * lower_of. */
static size_t chain_folded(const pc__spanindex *ix, size_t i, size_t body,
                           uint32_t *gram)
{
    size_t to = body - 1;

    if (i <= to) {
        i = chain_run(ix, i, to, gram, 1);
        if (i <= to) {
            return i;
        }
    }
    return chain_run(ix, i, body, gram, 0);
}

static size_t chain_any(const pc__spanindex *ix, size_t i, size_t body,
                        uint32_t *gram)
{
    return chain_run(ix, i, body, gram, 0);
}

/* One pass over ix's view: each position's trigram chained into its
 * slot, by chain_run while the trigram is in its first slot or the
 * next; a trigram new or displaced further goes to slot_add (which
 * probes on). Returns 0, or -1 when out of memory. */
static int index_fill(pc__spanindex *ix)
{
    const unsigned char *s = ix->s;
    size_t len = ix->len, body = len > 2 ? len - 2 : 0;
    uint32_t gram = len > 1 ? (uint32_t)lower(s[0]) << 8 | lower(s[1]) : 0;
    size_t (*chain)(const pc__spanindex *, size_t, size_t, uint32_t *) =
        body > 1 && !has_capital(s, len) ? chain_folded : chain_any;

    /* i: the position + 1 of the trigram at hand. */
    for (size_t i = chain(ix, 1, body, &gram); i <= body;
         i = chain(ix, i + 1, body, &gram)) {
        size_t k = slot_add(ix, gram);
        if (k > ix->mask) {
            return -1;
        }
        ix->next[i - 1] = ix->head[k];
        ix->head[k] = (uint32_t)i;
    }
    return 0;
}

/* The trigram table's first size: a post's trigrams come back, so the
 * distinct ones are far fewer than its bytes (the table grows). */
#define FIRST_SLOTS 4096u

pc__spanindex *pc__spanindex_fill(const char *str, size_t len,
                                  pc__gramset *g)
{
    const unsigned char *s = (const unsigned char *)str;
    pc__spanindex *ix;

    if (len < PC__SPAN_MIN_BYTES || len > PC__SPAN_MAX_BYTES ||
        pc__has_twins(str, len)) {
        return NULL;
    }
    ix = calloc(1, sizeof *ix);
    if (!ix) {
        return NULL;
    }
    ix->s = s;
    ix->len = len;
    ix->own_keys = 1;
    ix->mask = FIRST_SLOTS - 1;
    ix->keys = calloc(FIRST_SLOTS, sizeof *ix->keys);
    ix->head = malloc(FIRST_SLOTS * sizeof *ix->head);
    ix->next = malloc(len * sizeof *ix->next);
    if (!ix->keys || !ix->head || !ix->next || pc__cuts_fill(ix->cut, s, len) != 0 ||
        index_fill(ix) != 0) {
        pc__spanindex_free(ix);
        return NULL;
    }
    if (g) {
        memset(g, 0, sizeof *g);
        g->slots = ix->keys;
        g->mask = ix->mask;
        ix->own_keys = 0;
    }
    return ix;
}

pc__spanindex *pc__spanindex_new(const char *str, size_t len)
{
    return pc__spanindex_fill(str, len, NULL);
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
#if defined(__SSE2__)
    {
        /* Sixteen bytes at a time, each in lower case where the two
         * differ (lower(): a byte of 'A'..'Z' gains 0x20, found as the
         * bytes that, biased by 0x80 - 'A', read as signed below -102),
         * where eight at a time went byte by byte wherever the views
         * differed: at each capital. */
        const __m128i bias = _mm_set1_epi8((char)(0x80 - 'A'));
        const __m128i top = _mm_set1_epi8((char)(-128 + 26));
        const __m128i bit = _mm_set1_epi8(0x20);
        for (; i + 16 <= a_len; i += 16) {
            __m128i p = _mm_loadu_si128((const __m128i *)(x + i));
            __m128i q = _mm_loadu_si128((const __m128i *)(y + i));
            if (_mm_movemask_epi8(_mm_cmpeq_epi8(p, q)) == 0xFFFF) {
                continue;
            }
            p = _mm_or_si128(
                p, _mm_and_si128(
                       _mm_cmpgt_epi8(top, _mm_add_epi8(p, bias)), bit));
            q = _mm_or_si128(
                q, _mm_and_si128(
                       _mm_cmpgt_epi8(top, _mm_add_epi8(q, bias)), bit));
            if (_mm_movemask_epi8(_mm_cmpeq_epi8(p, q)) != 0xFFFF) {
                return 0;
            }
        }
    }
#endif
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
    pc__cuts_free(ix->cut);
    if (ix->own_keys) {
        free(ix->keys);
    }
    free(ix->head);
    free(ix->next);
    free(ix);
}

/* Marks in `has` (a bit a stretch of st, ix's stretches of a class) the
 * stretches holding one of grams[0..n). */
static inline __attribute__((always_inline)) void
mark_set_of(const pc__spanindex *ix, const pc__stretches *st,
            const uint32_t *grams, size_t n, uint64_t *has)
{
    for (size_t g = 0; g < n; g++) {
        size_t slot = slot_find(ix, grams[g]);
        /* Every position of the chain starts this trigram. */
        uint32_t p = slot <= ix->mask ? ix->head[slot] : 0;
        while (p) {
            uint32_t k = pc__stretch_of(st, p - 1);
            has[k / 64] |= 1ull << (k % 64);
            p = ix->next[p - 1];
        }
    }
}

#if PC__HW_ONES
__attribute__((target("popcnt"))) static void
mark_set_hw(const pc__spanindex *ix, const pc__stretches *st,
            const uint32_t *grams, size_t n, uint64_t *has)
{
    mark_set_of(ix, st, grams, n, has);
}
#endif

static void mark_set(const pc__spanindex *ix, const pc__stretches *st,
                     const uint32_t *grams, size_t n, uint64_t *has)
{
#if PC__HW_ONES
    if (__builtin_cpu_supports("popcnt")) {
        mark_set_hw(ix, st, grams, n, has);
        return;
    }
#endif
    mark_set_of(ix, st, grams, n, has);
}

size_t pc__span_windows(const pc__spanindex *ix, const pc__prefilter *pf,
                        unsigned barriers, pc__window **out)
{
    const pc__stretches *st;
    int cut;
    uint64_t *all, *has;
    size_t words, n = 0, from = 0;
    pc__window *w;

    *out = NULL;
    if (!ix || pf->sets == 0 ||
        (barriers & PUNCT_BARRIERS) != PUNCT_BARRIERS) {
        return PC__SPAN_WHOLE;
    }
    cut = barriers == ALL_BARRIERS ? PC__CUT_ALL : PC__CUT_PUNCT;
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
        mark_set(ix, st, pf->grams + from, to - from, has);
        for (size_t k = 0; k < words; k++) {
            all[k] &= has[k];
        }
        from = to;
    }
    /* Runs of stretches that can hold a match, each one window: the
     * set bits of all, a word at a time (most stretches hold none). */
    for (size_t wd = 0; wd < words; wd++) {
        for (uint64_t bits = all[wd]; bits; bits &= bits - 1) {
            size_t k = wd * 64 + (size_t)__builtin_ctzll(bits);
            if (k >= st->n) {
                break;
            }
            if (n && w[n - 1].end == st->start[k]) {
                w[n - 1].end = st->stop[k];
            } else {
                w[n].from = st->start[k];
                w[n++].end = st->stop[k];
            }
        }
    }
    free(all);
    free(has);
    *out = w;
    return n;
}
