/* text_int.h: what text.c (ICU: building the views), text_view.c (plain
 * C: view buffers and the read-only accessors) and text_walk.c (the
 * UTF-16 cursor over the original) share. */
#ifndef POSTCHECK_TEXT_INT_H
#define POSTCHECK_TEXT_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "postcheck/text.h"

#define PC__VIEW_PAD 32     /* zeroed bytes after a view's capacity */
#define PC__VIEW_GROWTH 4   /* a view may be 4 times the original... */
#define PC__VIEW_SLACK 4096 /* ...plus this many bytes */

/* How many of the 32 bytes at p come before the first beyond ASCII
 * (32 when none is): the bytes' top bits, 32 at once (SSE2; 8 at a time
 * without), where a post is read for its ASCII runs. */
static inline size_t pc__ascii_len32(const unsigned char *p)
{
#if defined(__SSE2__)
    unsigned m = (unsigned)_mm_movemask_epi8(
                     _mm_loadu_si128((const __m128i *)(const void *)p)) |
                 (unsigned)_mm_movemask_epi8(_mm_loadu_si128(
                     (const __m128i *)(const void *)(p + 16)))
                     << 16;
    return m ? (size_t)__builtin_ctz(m) : 32;
#else
    size_t k = 0;
    uint64_t w;

    for (; k < 32; k += 8) {
        memcpy(&w, p + k, 8);
        if (w & 0x8080808080808080u) {
            break;
        }
    }
    while (k < 32 && p[k] < 0x80) {
        k++;
    }
    return k;
#endif
}

/* One view: its bytes and, per byte, the UTF-16 span of the original
 * segment it came from. */
typedef struct pc__view_buf {
    char *s;        /* the view, NUL-terminated, PC__VIEW_PAD spare */
    uint32_t *from; /* per byte: UTF-16 start of its source segment */
    uint32_t *to;   /* per byte: UTF-16 end of its source segment */
    size_t len;
    size_t cap;
    size_t max;     /* most bytes the view may grow to */
    int own;        /* s, from and to are the view's own allocations, not
                       parts of its pc_text's one block (text_build.c) */
} pc__view_buf;

/* A pc_text is one allocation with its original and both views' first
 * room after it (text_build.c); a view that outgrows that room moves to
 * allocations of its own (pc__view_reserve). */
struct pc_text {
    char *orig;
    size_t orig_len;
    size_t u16_len;
    pc__view_buf views[2];
    int fold_maps_cased; /* the folded view's maps are the cased one's
                            (each segment as many bytes in both, as in
                            most posts): its own are not written
                            (text_build.c), and pc_text_span reads the
                            cased view's */
};

/* Makes room for extra more bytes (and the NUL), moving a view out of
 * its pc_text's block the first time it grows. Returns PC_OK,
 * PC_ERR_TOO_LARGE past b->max, or PC_ERR_NOMEM (b unchanged but
 * still valid). */
pc_status pc__view_reserve(pc__view_buf *b, size_t extra);

/* Records into err why a view could not grow (rc from pc__view_reserve)
 * and returns rc. */
pc_status pc__view_error(pc_error *err, pc_status rc);

/* Appends code point c (valid, not a surrogate) as UTF-8, mapped from
 * source [from, to). Returns PC_OK or pc__view_reserve's failure. */
pc_status pc__view_put_cp(pc__view_buf *b, int32_t c, uint32_t from,
                          uint32_t to);

/* Appends one byte, capacity already reserved, from source [from, to). */
static inline void pc__view_put(pc__view_buf *b, char c, uint32_t from,
                                uint32_t to)
{
    b->s[b->len] = c;
    b->from[b->len] = from;
    b->to[b->len] = to;
    b->len++;
}

/* ---- building the views (text.c: ICU; text_build.c: plain C) ------- */

/* Opens ICU's normalisers, once per process. Returns PC_OK or
 * PC_ERR_INTERNAL with err set. */
pc_status pc__text_icu_init(pc_error *err);

/* Appends to both views of t the part s[0..len) of its original (valid
 * UTF-8, whole characters) whose first character is at UTF-16 offset
 * base; rest: how many UTF-16 units the original has from base to its
 * end (a byte of each stays reserved in the views as the part is built,
 * for the ASCII after it). Every view byte maps to its segment's UTF-16
 * span. *units gets the part's length in UTF-16 units. Returns PC_OK, or
 * an error recorded in err (PC_ERR_TOO_LARGE, PC_ERR_NOMEM,
 * PC_ERR_INTERNAL). The whole original as one part is the long way, which
 * text_build.c's short cut for ASCII must match (test_text_fast.c). */
pc_status pc__text_part(pc_text *t, const char *s, size_t len, size_t base,
                        size_t rest, size_t *units, pc_error *err);

/* The short cut for the commonest part beyond ASCII, one character
 * (U+00E9, U+2019, U+00A0, an emoji) after an ASCII one (lead, or -1 for
 * none): appends both to t's views as pc__text_part would, from the
 * views of the character's segment that an earlier pc__text_part cached
 * (so no UTF-16, segment search or ICU call), and returns 1; or returns
 * 0, nothing written, for the long way: the character not cached, a
 * segment that the ASCII one may join (a combining mark), or a view
 * that would grow past its limit. base: the lead's UTF-16 offset (the
 * character's when none); rest: the original's units from base on. */
int pc__text_char(pc_text *t, int lead, uint32_t c, size_t base,
                  size_t rest);

/* pc_text_new building the views the long way: the whole original as
 * one part (pc__text_part), for tests of the short cut. */
pc_text *pc__text_new_slow(const char *utf8, size_t len, pc_error *err);

/* 1 if code point c is a combining mark (M), a word character that
 * goes on the word before it (text.c). */
int pc__text_mark_cp(uint32_t c);

/* UTF-16 units of the valid UTF-8 s[0..len) (text_utf8.c). */
size_t pc__utf8_units(const char *s, size_t len);

/* pc_utf8_valid that also counts, when s[0..len) is valid, its UTF-16
 * units into *units (the one pass pc_text_new reads the post in before
 * building). */
int pc__utf8_valid_units(const char *s, size_t len, size_t *bad_offset,
                         size_t *units);

/* The letters that fake ASCII ones (Cyrillic "а", Greek "ο", Cherokee
 * "Ꭺ", small capitals) and the ASCII letter each maps to in the views,
 * sorted by code point, ending with {0, 0}. Written at build time by
 * host/tools/confusables.c from ICU's spoof checker (its rules are
 * there), so the host does not link libicui18n. Only code points below
 * PC_CONFUSABLE_LIMIT are listed; none above maps. */
#define PC_CONFUSABLE_LIMIT 0x20000
struct pc__confusable {
    uint32_t cp;
    char ascii;
};
extern const struct pc__confusable pc__confusables[];
extern const size_t pc__n_confusables;

#endif
