/* match_cut.c: a long view cut at its barriers (match_cut.h): a bit map
 * of them, read from the view in one pass sixteen bytes at a time, and
 * the stretches between them, counted from it. Never logs. */
#include <stdlib.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "match_cut.h"
#include "prefilter.h"

/* Bit i of all[i / 64]: byte i of s[0..n) is a barrier; of punct[]: one
 * of '.', '!', '?' ('\n' being the other). Every word of n / 64 + 1 is
 * set. The view is read once, where a memchr a barrier character went
 * over it four times, stopping at each barrier. */
static void mark_barriers(const unsigned char *s, size_t n, uint64_t *all,
                          uint64_t *punct)
{
    size_t w = 0;

#if defined(__SSE2__)
    const __m128i nl = _mm_set1_epi8('\n'), dot = _mm_set1_epi8('.');
    const __m128i bang = _mm_set1_epi8('!'), ask = _mm_set1_epi8('?');
    for (; 64 * w + 64 <= n; w++) {
        uint64_t a = 0, p = 0;
        for (unsigned j = 0; j < 4; j++) {
            __m128i x =
                _mm_loadu_si128((const __m128i *)(s + 64 * w + 16 * j));
            __m128i q = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(x, dot), _mm_cmpeq_epi8(x, bang)),
                _mm_cmpeq_epi8(x, ask));
            uint64_t bq = (uint32_t)_mm_movemask_epi8(q);
            uint64_t bn = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, nl));
            p |= bq << (16 * j);
            a |= (bq | bn) << (16 * j);
        }
        all[w] = a;
        punct[w] = p;
    }
#endif
    for (size_t k = w; k <= n / 64; k++) {
        all[k] = punct[k] = 0;
    }
    for (size_t i = 64 * w; i < n; i++) {
        uint64_t bit = (uint64_t)1 << (i & 63);
        unsigned b = pc__barrier_bit(s[i]);
        all[i >> 6] |= b ? bit : 0;
        punct[i >> 6] |= b > 1 ? bit : 0;
    }
}

/* st's ranks, starts and stops (allocated here) from its barriers (bar,
 * of `words` words) in a view of len bytes. 0, or -1 when out of
 * memory. */
static inline __attribute__((always_inline)) int
stretches_of(pc__stretches *st, size_t words, size_t len)
{
    size_t n = 0;

    for (size_t w = 0; w < words; w++) {
        st->rank[w] = (uint32_t)n;
        n += PC__ONES(st->bar[w]);
    }
    st->n = n + 1;
    st->start = malloc(st->n * sizeof *st->start);
    st->stop = malloc(st->n * sizeof *st->stop);
    if (!st->start || !st->stop) {
        return -1;
    }
    st->start[0] = 0;
    n = 0;
    for (size_t w = 0; w < words; w++) {
        for (uint64_t b = st->bar[w]; b; b &= b - 1) {
            uint32_t end = (uint32_t)(64 * w + (size_t)__builtin_ctzll(b)) + 1;
            st->stop[n++] = end;
            st->start[n] = end;
        }
    }
    st->stop[n] = (uint32_t)len;
    return 0;
}

#if PC__HW_ONES
__attribute__((target("popcnt"))) static int
stretches_hw(pc__stretches *st, size_t words, size_t len)
{
    return stretches_of(st, words, len);
}
#endif

static int stretches_fill(pc__stretches *st, size_t words, size_t len)
{
#if PC__HW_ONES
    if (__builtin_cpu_supports("popcnt")) {
        return stretches_hw(st, words, len);
    }
#endif
    return stretches_of(st, words, len);
}

int pc__cuts_fill(pc__stretches cut[PC__CUTS], const unsigned char *s,
                  size_t len)
{
    size_t n = len - 1, words = n / 64 + 1;

    for (int c = 0; c < PC__CUTS; c++) {
        cut[c].bar = malloc(words * sizeof *cut[c].bar);
        cut[c].rank = malloc(words * sizeof *cut[c].rank);
        if (!cut[c].bar || !cut[c].rank) {
            return -1;
        }
    }
    mark_barriers(s, n, cut[PC__CUT_ALL].bar, cut[PC__CUT_PUNCT].bar);
    for (int c = 0; c < PC__CUTS; c++) {
        if (stretches_fill(&cut[c], words, len) != 0) {
            return -1;
        }
    }
    return 0;
}

void pc__cuts_free(pc__stretches cut[PC__CUTS])
{
    for (int c = 0; c < PC__CUTS; c++) {
        free(cut[c].start);
        free(cut[c].stop);
        free(cut[c].bar);
        free(cut[c].rank);
    }
}
