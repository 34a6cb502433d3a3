/* detect_masks.h: the classes of sixteen bytes at once, a bit a byte,
 * for the passes over a whole buffer that look for a few kinds of byte
 * among many: the bits of digits and capitals (detect_need.c) and the
 * places of keys (detect_keyfind.c). SSE2 compares where the compiler
 * has them (every x86-64), a plain loop elsewhere. Internal to the host. */
#ifndef POSTCHECK_DETECT_MASKS_H
#define POSTCHECK_DETECT_MASKS_H

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Byte k (in memory order) of sixteen as bit k of each: the ASCII \w
 * bytes (letters, digits, '_'), the digits, the capitals, the bytes
 * beyond ASCII. */
struct pc__masks {
    unsigned word, dig, cap, high;
};

/* The masks of u[0, 16). */
static inline struct pc__masks pc__masks16(const unsigned char *u)
{
    struct pc__masks m;
#if defined(__SSE2__)
    /* As bytes with a sign, those beyond ASCII are below every bound. */
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)u);
    __m128i low = _mm_or_si128(x, _mm_set1_epi8(0x20));
    __m128i let = _mm_and_si128(_mm_cmpgt_epi8(low, _mm_set1_epi8('a' - 1)),
                                _mm_cmplt_epi8(low, _mm_set1_epi8('z' + 1)));
    __m128i cap = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('A' - 1)),
                                _mm_cmplt_epi8(x, _mm_set1_epi8('Z' + 1)));
    __m128i dig = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
                                _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
    __m128i under = _mm_cmpeq_epi8(x, _mm_set1_epi8('_'));

    m.dig = (unsigned)_mm_movemask_epi8(dig);
    m.cap = (unsigned)_mm_movemask_epi8(cap);
    m.word = (unsigned)_mm_movemask_epi8(
        _mm_or_si128(_mm_or_si128(let, dig), under));
    m.high = (unsigned)_mm_movemask_epi8(x);
#else
    m.word = m.dig = m.cap = m.high = 0;
    for (unsigned k = 0; k < 16; k++) {
        unsigned char c = u[k];
        unsigned dig = (unsigned char)(c - '0') < 10;
        m.dig |= dig << k;
        m.cap |= (unsigned)((unsigned char)(c - 'A') < 26) << k;
        m.word |= (unsigned)(dig || (unsigned char)((c | 0x20) - 'a') < 26 ||
                             c == '_') << k;
        m.high |= (unsigned)(c >= 0x80) << k;
    }
#endif
    return m;
}

/* The masks of u[i, len) from i (i < len): its sixteen bytes, or the
 * few left, copied out with zero bytes after them (of no class). */
static inline struct pc__masks pc__masks_at(const unsigned char *u,
                                            size_t i, size_t len)
{
    unsigned char tail[16] = {0};

    if (len - i >= 16) {
        return pc__masks16(u + i);
    }
    memcpy(tail, u + i, len - i);
    return pc__masks16(tail);
}

#endif
