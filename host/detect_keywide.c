/* detect_keywide.c: the places of a buffer where a key of an indexed
 * kind may begin (detect_keyfind.c's find_keys), thirty-two bytes a step
 * where the CPU has AVX2: the first digit of a run of digits, and a
 * letter or a byte beyond ASCII after no ASCII \w byte only where its
 * first bytes may begin a key (key_starts32), so that find_keys passes
 * over most word starts ("the", "to", "with") without a visit, where its
 * sixteen-byte places (key_places there) have every word start.
 * tests/test_detect_keys.c holds the index found either way to the
 * bytes read one at a time. */
#include <string.h>

#include "detect_int.h"

/* 1 when pc__keys_wide says so: the CPU has AVX2 (asked once) and
 * pc__keys_plain has not said otherwise. */
static int wide = -1;

void pc__keys_plain(int plain)
{
    wide = plain ? 0 : -1;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

int pc__keys_wide(void)
{
    if (wide < 0)
        wide = __builtin_cpu_supports("avx2") ? 1 : 0;
    return wide;
}

/* The letter groups of key_starts32, a bit each: a first letter's groups
 * and the second bytes each group takes. 'a' then 't'; 'e', 'n', 'w'
 * then 'i', 'e', 'l'; 'f', 'l', 'r' then 'o', 'i'; 'o', 'u' then 'n',
 * 's'; 't' then 'w', 'e'; 's' then 'i', 'e', 'o', '/'; 'p' then 'w',
 * 'a', '@', '4'; 't' then 'h' (with 'r' or 'i' third). Each a little
 * wider than pair_kinds, as a filter may be. By a byte's low four bits,
 * for the lower-case letters 0x60-0x6F and 0x70-0x7F. */
#define G_AT 0x01
#define G_ENW 0x02
#define G_FLR 0x04
#define G_OU 0x08
#define G_T 0x10
#define G_S 0x20
#define G_P 0x40
#define G_TH 0x80
static const unsigned char first6[16] = {
    [1] = G_AT, [5] = G_ENW, [6] = G_FLR, [0xC] = G_FLR, [0xE] = G_ENW,
    [0xF] = G_OU};
static const unsigned char first7[16] = {
    [0] = G_P, [2] = G_FLR, [3] = G_S, [4] = G_T | G_TH, [5] = G_OU,
    [7] = G_ENW};
static const unsigned char second6[16] = {
    [1] = G_P, [5] = G_ENW | G_T | G_S, [8] = G_TH,
    [9] = G_ENW | G_FLR | G_S, [0xC] = G_ENW, [0xE] = G_OU,
    [0xF] = G_FLR | G_S};
static const unsigned char second7[16] = {
    [3] = G_OU, [4] = G_AT, [7] = G_T | G_P};

/* Of u[0, 32) (u[0, 34) is read), bit k set where a key of an indexed
 * kind beginning with a letter or a byte beyond ASCII may begin, by u[k]
 * and the one or two bytes after it, as pair_kinds and key_at read them:
 * a group's first letter (either case) then one of its second bytes;
 * "at" only then with white space or a byte beyond ASCII third (the
 * spoken "at"), "th" only with 'r' or 'i' third ("three", "thirteen");
 * any of the first letters then a byte beyond ASCII (U+017F, a space);
 * U+017F's lead byte. No digit is among them. A filter only: every such key's
 * first byte has its bit. Two table look-ups (pshufb) a byte for each of
 * the first and the second, where a compare for each letter cost
 * register copies and spills that outweighed the word starts skipped. */
__attribute__((target("avx2"))) static inline unsigned
key_starts32(const unsigned char *u)
{
#define SET(c) _mm256_set1_epi8((char)(c))
#define EQ(v, c) _mm256_cmpeq_epi8((v), SET(c))
#define TAB(t) _mm256_broadcastsi128_si256(_mm_loadu_si128((const void *)(t)))
    const __m256i zero = _mm256_setzero_si256();
    __m256i x0 = _mm256_loadu_si256((const void *)u);
    __m256i x1 = _mm256_loadu_si256((const void *)(u + 1));
    __m256i x2 = _mm256_loadu_si256((const void *)(u + 2));
    __m256i a = _mm256_or_si256(x0, SET(0x20));
    __m256i b = _mm256_or_si256(x1, SET(0x20));
    __m256i ta = _mm256_and_si256(a, SET(0xF0));
    __m256i tb = _mm256_and_si256(b, SET(0xF0));
    __m256i f = _mm256_or_si256(
        _mm256_and_si256(_mm256_shuffle_epi8(TAB(first6), a), EQ(ta, 0x60)),
        _mm256_and_si256(_mm256_shuffle_epi8(TAB(first7), a), EQ(ta, 0x70)));
    __m256i g = _mm256_or_si256(
        _mm256_and_si256(_mm256_shuffle_epi8(TAB(second6), b), EQ(tb, 0x60)),
        _mm256_and_si256(_mm256_shuffle_epi8(TAB(second7), b), EQ(tb, 0x70)));
    __m256i hi2 = _mm256_cmpgt_epi8(zero, x2);
    __m256i sp2 = _mm256_or_si256(
        EQ(x2, ' '), _mm256_and_si256(_mm256_cmpgt_epi8(x2, SET(8)),
                                      _mm256_cmpgt_epi8(SET(14), x2)));
    __m256i keep;

    /* '/' and '@', '4' as seconds; a byte beyond ASCII takes every group. */
    g = _mm256_or_si256(g, _mm256_and_si256(EQ(x1, '/'), SET(G_S)));
    g = _mm256_or_si256(
        g, _mm256_and_si256(_mm256_or_si256(EQ(x1, '@'), EQ(x1, '4')),
                            SET(G_P)));
    g = _mm256_or_si256(g, _mm256_cmpgt_epi8(zero, x1));
    /* G_AT kept with white space or a byte beyond ASCII third, G_TH with
     * 'r' or 'i' (either case) third. */
    keep = _mm256_or_si256(
        _mm256_or_si256(SET(0xFF & ~(G_AT | G_TH)),
                        _mm256_and_si256(_mm256_or_si256(sp2, hi2),
                                         SET(G_AT))),
        _mm256_and_si256(_mm256_or_si256(EQ(_mm256_or_si256(x2, SET(0x20)),
                                            'r'),
                                         EQ(_mm256_or_si256(x2, SET(0x20)),
                                            'i')),
                         SET(G_TH)));
    f = _mm256_and_si256(_mm256_and_si256(f, g), keep);
    f = _mm256_andnot_si256(EQ(f, 0), SET(0xFF));
    return (unsigned)_mm256_movemask_epi8(_mm256_or_si256(f, EQ(x0, 0xC5)));
#undef SET
#undef EQ
#undef TAB
}
#undef G_AT
#undef G_ENW
#undef G_FLR
#undef G_OU
#undef G_T
#undef G_S
#undef G_P
#undef G_TH

/* The places of u[0, 32) (u[0, 34) is read) where a key of an indexed
 * kind may begin, as key_places gives them for sixteen bytes (with *last
 * the top bits of the digits and the \w bytes before, updated), of them
 * the letters and bytes beyond ASCII only where key_starts32 allows one:
 * thirty-two bytes a step; when dig is not NULL, where the digits and the
 * capitals stand, four bytes each at dig and cap (pc__key_places32). */
__attribute__((target("avx2"))) static inline unsigned
key_places32(const unsigned char *u, unsigned *last, unsigned char *dig,
             unsigned char *cap)
{
    __m256i x = _mm256_loadu_si256((const void *)u);
    __m256i low = _mm256_or_si256(x, _mm256_set1_epi8(0x20));
    __m256i dg = _mm256_and_si256(
        _mm256_cmpgt_epi8(x, _mm256_set1_epi8('0' - 1)),
        _mm256_cmpgt_epi8(_mm256_set1_epi8('9' + 1), x));
    __m256i let = _mm256_and_si256(
        _mm256_cmpgt_epi8(low, _mm256_set1_epi8('a' - 1)),
        _mm256_cmpgt_epi8(_mm256_set1_epi8('z' + 1), low));
    __m256i under = _mm256_cmpeq_epi8(x, _mm256_set1_epi8('_'));
    unsigned d = (unsigned)_mm256_movemask_epi8(dg);
    unsigned w = (unsigned)_mm256_movemask_epi8(
        _mm256_or_si256(_mm256_or_si256(let, dg), under));
    unsigned h = (unsigned)_mm256_movemask_epi8(x);
    unsigned d_before = (d << 1) | (*last & 1u);
    unsigned w_before = (w << 1) | (*last >> 1);

    *last = (d >> 31) | ((w >> 31) << 1);
    if (dig) {
        unsigned c = (unsigned)_mm256_movemask_epi8(_mm256_and_si256(
            _mm256_cmpgt_epi8(x, _mm256_set1_epi8('A' - 1)),
            _mm256_cmpgt_epi8(_mm256_set1_epi8('Z' + 1), x)));
        memcpy(dig, &d, 4);
        memcpy(cap, &c, 4);
    }
    return (d & ~d_before) |
           (((w & ~d) | h) & ~w_before & key_starts32(u));
}

/* pc__key_places32's steps, with the bits (dig not NULL) or without:
 * each its own loop, so that the one without does no test a step. */
__attribute__((target("avx2"))) static inline void
places_run(const unsigned char *u, size_t len, unsigned *last, size_t n,
           unsigned *m, unsigned char *dig, unsigned char *cap)
{
    unsigned char tail[64];
    size_t k = 0;

    for (; k < n && len - 32 * k >= 34; k++)
        m[k] = key_places32(u + 32 * k, last, dig ? dig + 4 * k : NULL,
                            dig ? cap + 4 * k : NULL);
    for (; k < n; k++) {
        /* The last bytes (33 at most: one step or two), with zero bytes
         * after them, which begin no key and end one as the buffer's end
         * does (no pair, no third byte). */
        memset(tail, 0, sizeof tail);
        memcpy(tail, u + 32 * k, len - 32 * k);
        m[k] = key_places32(tail, last, dig ? dig + 4 * k : NULL,
                            dig ? cap + 4 * k : NULL);
    }
}

__attribute__((target("avx2"))) void
pc__key_places32(const char *s, size_t i, size_t len, unsigned *last,
                 size_t n, unsigned *m, unsigned char *dig,
                 unsigned char *cap)
{
    const unsigned char *u = (const unsigned char *)s + i;

    if (dig)
        places_run(u, len - i, last, n, m, dig, cap);
    else
        places_run(u, len - i, last, n, m, NULL, NULL);
}
#else
int pc__keys_wide(void)
{
    return 0;
}

void pc__key_places32(const char *s, size_t i, size_t len, unsigned *last,
                      size_t n, unsigned *m, unsigned char *dig,
                      unsigned char *cap)
{
    (void)s, (void)i, (void)len, (void)last, (void)dig, (void)cap;
    memset(m, 0, n * sizeof *m);
}
#endif
