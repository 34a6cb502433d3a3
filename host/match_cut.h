/* match_cut.h: a long view cut at its barriers ('\n', '.', '!', '?'),
 * for the windows of match_span.c: the stretches between them, and the
 * stretch a byte is in, counted from a bit map of the barriers. Internal
 * to the host. */
#ifndef POSTCHECK_MATCH_CUT_H
#define POSTCHECK_MATCH_CUT_H

#include <stddef.h>
#include <stdint.h>

/* The stretches of a view between barriers of one class: stretch k is
 * bytes [start[k], stop[k]), stop[k] - 1 being its barrier (or the view's
 * end). Bit i % 64 of bar[i / 64] is set when byte i is one of its
 * barriers, and rank[w] counts those before byte 64 w, so that byte i's
 * stretch is a count (pc__stretch_of): about a bit a byte of the view,
 * where a table of every byte's stretch took four bytes a byte, written
 * whole for the few thousand places a check reads. */
typedef struct pc__stretches {
    uint32_t *start;
    uint32_t *stop;
    size_t n;
    uint64_t *bar;
    uint32_t *rank;
} pc__stretches;

/* The classes of barriers a view is cut at: every barrier character, or
 * the three that end sentences (\s, common in patterns, reads '\n'). */
enum { PC__CUT_ALL, PC__CUT_PUNCT, PC__CUTS };

/* Cuts s[0..len) (len > 0) into its stretches of both classes (a
 * barrier cuts after it: the last byte cuts nothing). Returns 0, or -1
 * when out of memory; free with pc__cuts_free() either way. */
int pc__cuts_fill(pc__stretches cut[PC__CUTS], const unsigned char *s,
                  size_t len);

void pc__cuts_free(pc__stretches cut[PC__CUTS]);

/* The bits of x set: the CPU's population count where the caller is
 * built for it (target "popcnt"), else the compiler's own. */
#if defined(__GNUC__) || defined(__clang__)
#define PC__ONES(x) ((uint32_t)__builtin_popcountll(x))
#else
static inline uint32_t pc__ones(uint64_t x)
{
    x -= (x >> 1) & 0x5555555555555555u;
    x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Fu;
    return (uint32_t)((x * 0x0101010101010101u) >> 56);
}
#define PC__ONES(x) pc__ones(x)
#endif
#if (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__)
#define PC__HW_ONES 1
#else
#define PC__HW_ONES 0
#endif

/* The stretch of st that byte i is in: its barriers before it. */
static inline uint32_t pc__stretch_of(const pc__stretches *st, size_t i)
{
    uint64_t below = ((uint64_t)1 << (i & 63)) - 1;

    return st->rank[i >> 6] + PC__ONES(st->bar[i >> 6] & below);
}

#endif
