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

/* The letter groups of key_starts32, a bit each: the first letters a
 * group takes and the second bytes (and, for two, the third) of the
 * keys beginning so, each group a little wider than pair_kinds, as a
 * filter may be ("no", "we" pass as "ne", "wi" do).
 *   G_AT: 'a' then 't' (the spoken "at"), white space or a byte
 *     beyond ASCII third (third_);
 *   G_I: 'e', 'f', 'n', 's' then 'i' ("eight", "five", "nine", "six");
 *   G_ON: 'f', 'o' then 'o', 'n' ("four", "one");
 *   G_ELW: 'e', 's', 't' then 'l', 'e', 'w' ("eleven", "seven", "ten",
 *     "two");
 *   G_TH: 't' then 'h', then 'r', or 'i' and 'r' ("three",
 *     "thirteen": third_, th_r);
 *   G_SO: 's' then 'o' or '/' ("sort", "s/c");
 *   G_PU: 'p' then 'w', 'a', '@', '4', 'u' then 's' ("pw", "pass",
 *     "p@ss", "p4$$", "user");
 *   G_LRWN: 'l', 'r', 'w', 'n' then 'o', 'i', 'e' ("log", "router",
 *     "wifi", "network").
 * A table by a byte's low four bits for the bytes whose bit 4 is clear
 * (the letters 'A'-'O', 'a'-'o': first_6, second_6) and one for those
 * where it is set ('P'-'Z', 'p'-'z': first_7, second_7), either case
 * alike, each byte looked up in its row's (blend_look). */
#define G_AT 0x01
#define G_I 0x02
#define G_ON 0x04
#define G_ELW 0x08
#define G_TH 0x10
#define G_SO 0x20
#define G_PU 0x40
#define G_LRWN 0x80
static const unsigned char first_6[16] = {
    [1] = G_AT, [5] = G_I | G_ELW, [6] = G_I | G_ON,
    [0xC] = G_LRWN, [0xE] = G_I | G_LRWN, [0xF] = G_ON};
static const unsigned char first_7[16] = {
    [0] = G_PU, [2] = G_LRWN, [3] = G_I | G_ELW | G_SO,
    [4] = G_ELW | G_TH, [5] = G_PU, [7] = G_LRWN};
/* The second bytes, by the same tables: '@' (0x40) is read as 'P' and
 * 'p' are, '/' (0x2F) as 'o', '4' (0x34) as 't' (a little wider again:
 * "p`", "so", "pt"). A byte beyond ASCII, read as 0x7F (key_starts32),
 * takes every group, as '?' and '_' then do. */
static const unsigned char second_6[16] = {
    [0] = G_PU, [1] = G_PU, [5] = G_ELW | G_LRWN, [8] = G_TH,
    [9] = G_I | G_LRWN, [0xC] = G_ELW, [0xE] = G_ON,
    [0xF] = G_ON | G_SO | G_LRWN};
static const unsigned char second_7[16] = {
    [3] = G_PU, [4] = G_AT | G_PU, [7] = G_ELW | G_PU, [0xF] = 0xFF};
/* The third byte, by its low four bits alone (a byte beyond ASCII read
 * as 0x7F): every group but G_AT and G_TH; G_AT with white space (' ',
 * '\t' to '\r') or 0x7F, and with every byte that shares their low four
 * bits ("atm", "at,"); G_TH with 'r' or 'i' in either case and the bytes
 * that share their low four bits ("thb", "thy"). Then th_r, of the third
 * and the fourth byte: G_TH only where either is 'r' (either case, or a
 * byte that shares its low four bits), so that "this", "thing" and
 * "think" pass unvisited. */
#define NOT_3 (0xFF & ~(G_AT | G_TH))
static const unsigned char third_[16] = {
    NOT_3 | G_AT, NOT_3, NOT_3 | G_TH, NOT_3, NOT_3, NOT_3, NOT_3, NOT_3,
    NOT_3, NOT_3 | G_AT | G_TH, NOT_3 | G_AT, NOT_3 | G_AT, NOT_3 | G_AT,
    NOT_3 | G_AT, NOT_3, NOT_3 | G_AT};
#define NOT_TH (0xFF & ~G_TH)
static const unsigned char th_r[16] = {
    NOT_TH, NOT_TH, 0xFF, NOT_TH, NOT_TH, NOT_TH, NOT_TH, NOT_TH,
    NOT_TH, NOT_TH, NOT_TH, NOT_TH, NOT_TH, NOT_TH, NOT_TH, NOT_TH};

/* The classes of a byte, a bit each, by its low (class_lo) and its high
 * (class_hi) four bits, a bit set in both: C_DIG an ASCII digit, C_UNDER
 * '_', C_LOW6 'a'-'o', C_LOW7 'p'-'z', C_CAP5 'P'-'Z', C_CAP4 'A'-'O'
 * (the two capitals' bits the top two, for the capitals' movemask). */
#define C_DIG 0x01
#define C_UNDER 0x02
#define C_LOW6 0x10
#define C_LOW7 0x20
#define C_CAP5 0x40
#define C_CAP4 0x80
#define C_1_9 (C_DIG | C_LOW6 | C_LOW7 | C_CAP5 | C_CAP4)
#define C_B_E (C_LOW6 | C_CAP4)
static const unsigned char class_lo[16] = {
    C_DIG | C_LOW7 | C_CAP5, C_1_9, C_1_9, C_1_9, C_1_9, C_1_9, C_1_9,
    C_1_9, C_1_9, C_1_9, C_LOW6 | C_LOW7 | C_CAP5 | C_CAP4, C_B_E, C_B_E,
    C_B_E, C_B_E, C_B_E | C_UNDER};
static const unsigned char class_hi[16] = {
    [3] = C_DIG, [4] = C_CAP4, [5] = C_CAP5 | C_UNDER, [6] = C_LOW6,
    [7] = C_LOW7};

#define TAB(t) _mm256_broadcastsi128_si256(_mm_loadu_si128((const void *)(t)))

/* Table t6's entry for each byte of x whose bit 4 is clear, t7's for the
 * others, by the byte's low four bits; 0 for a byte beyond ASCII. */
__attribute__((target("avx2"))) static inline __m256i
blend_look(__m256i x, __m256i t6, __m256i t7)
{
    return _mm256_blendv_epi8(_mm256_shuffle_epi8(t6, x),
                              _mm256_shuffle_epi8(t7, x),
                              _mm256_slli_epi16(x, 3));
}

/* Of u[0, 32) (u[0, 35) is read), bit k set where a key of an indexed
 * kind beginning with a letter or a byte beyond ASCII may begin, by u[k]
 * and the one to three bytes after it, as pair_kinds and key_at read
 * them: a group's first letter (either case) then one of its second
 * bytes, with the third and fourth G_AT and G_TH ask for; any of the
 * first letters then a byte beyond ASCII (U+017F, a space); U+017F's
 * lead byte. No digit is among them. A filter only: every such key's
 * first byte has its bit. Two table look-ups (pshufb) and a blend each
 * for the first and the second byte, three for the third and fourth. */
__attribute__((target("avx2"))) static inline unsigned
key_starts32(const unsigned char *u, __m256i x0)
{
    const __m256i top = _mm256_set1_epi8(0x7F);
    /* a byte beyond ASCII read as 0x7F: its row's table, entry 0xF */
    __m256i x1 = _mm256_min_epu8(_mm256_loadu_si256((const void *)(u + 1)),
                                 top);
    __m256i x2 = _mm256_min_epu8(_mm256_loadu_si256((const void *)(u + 2)),
                                 top);
    __m256i f = blend_look(x0, TAB(first_6), TAB(first_7));
    __m256i g = blend_look(x1, TAB(second_6), TAB(second_7));
    __m256i x3 = _mm256_loadu_si256((const void *)(u + 3));
    __m256i k = _mm256_and_si256(
        _mm256_shuffle_epi8(TAB(third_), x2),
        _mm256_or_si256(_mm256_shuffle_epi8(TAB(th_r), x2),
                        _mm256_shuffle_epi8(TAB(th_r), x3)));
    __m256i none = _mm256_cmpeq_epi8(
        _mm256_and_si256(_mm256_and_si256(f, g), k), _mm256_setzero_si256());
    __m256i c5 = _mm256_cmpeq_epi8(x0, _mm256_set1_epi8((char)0xC5));

    return ~(unsigned)_mm256_movemask_epi8(none) |
           (unsigned)_mm256_movemask_epi8(c5);
}
#undef G_AT
#undef G_I
#undef G_ON
#undef G_ELW
#undef G_TH
#undef G_SO
#undef G_PU
#undef G_LRWN
#undef NOT_3
#undef NOT_TH

/* The places of u[0, 32) (u[0, 35) is read) where a key of an indexed
 * kind may begin, as key_places gives them for sixteen bytes (with *last
 * the top bits of the digits and the \w bytes before, updated), of them
 * the letters and bytes beyond ASCII only where key_starts32 allows one:
 * thirty-two bytes a step; when dig is not NULL, where the digits and the
 * capitals stand, four bytes each at dig and cap (pc__key_places32). A
 * byte's classes from two table look-ups (class_lo, class_hi). */
__attribute__((target("avx2"))) static inline unsigned
key_places32(const unsigned char *u, unsigned *last, unsigned char *dig,
             unsigned char *cap)
{
    __m256i x = _mm256_loadu_si256((const void *)u);
    __m256i hi = _mm256_and_si256(_mm256_srli_epi16(x, 4),
                                  _mm256_set1_epi8(0x0F));
    __m256i cls = _mm256_and_si256(_mm256_shuffle_epi8(TAB(class_lo), x),
                                   _mm256_shuffle_epi8(TAB(class_hi), hi));
    /* C_DIG moved to the top bit */
    unsigned d = (unsigned)_mm256_movemask_epi8(_mm256_slli_epi16(cls, 7));
    unsigned w = ~(unsigned)_mm256_movemask_epi8(
        _mm256_cmpeq_epi8(cls, _mm256_setzero_si256()));
    unsigned h = (unsigned)_mm256_movemask_epi8(x);
    unsigned d_before = (d << 1) | (*last & 1u);
    unsigned w_before = (w << 1) | (*last >> 1);

    *last = (d >> 31) | ((w >> 31) << 1);
    if (dig) {
        /* C_CAP5 moved to the top bit, beside C_CAP4 */
        unsigned c = (unsigned)_mm256_movemask_epi8(
            _mm256_or_si256(cls, _mm256_slli_epi16(cls, 1)));
        memcpy(dig, &d, 4);
        memcpy(cap, &c, 4);
    }
    return (d & ~d_before) |
           (((w & ~d) | h) & ~w_before & key_starts32(u, x));
}
#undef TAB
#undef C_DIG
#undef C_UNDER
#undef C_LOW6
#undef C_LOW7
#undef C_CAP5
#undef C_CAP4
#undef C_1_9
#undef C_B_E

/* pc__key_places32's steps, with the bits (dig not NULL) or without:
 * each its own loop, so that the one without does no test a step. */
__attribute__((target("avx2"))) static inline void
places_run(const unsigned char *u, size_t len, unsigned *last, size_t n,
           unsigned *m, unsigned char *dig, unsigned char *cap)
{
    unsigned char tail[64];
    size_t k = 0;

    for (; k < n && len - 32 * k >= 35; k++)
        m[k] = key_places32(u + 32 * k, last, dig ? dig + 4 * k : NULL,
                            dig ? cap + 4 * k : NULL);
    for (; k < n; k++) {
        /* The last bytes (34 at most: one step or two), with zero bytes
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
