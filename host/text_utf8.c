/* text_utf8.c: strict UTF-8 validation, the part of text.h that needs no
 * ICU (the framing and protocol code call it on every frame), and the
 * count of UTF-16 units of valid UTF-8 (pc__utf8_units and, in the same
 * pass as the check, pc__utf8_valid_units; text_int.h).
 *
 * Policy: a sequence is valid only in its shortest form, never encodes a
 * UTF-16 surrogate (U+D800..U+DFFF) and never exceeds U+10FFFF. The
 * offset reported for invalid input is that of the first byte of the
 * first invalid sequence (a stray continuation byte, a lead byte not
 * followed by enough continuation bytes, an overlong or out-of-range
 * lead). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "postcheck/text.h"
#include "text_int.h"

static int is_cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/* Length of the valid UTF-8 sequence at p (avail bytes), or 0. */
static size_t utf8_seq_len(const unsigned char *p, size_t avail)
{
    unsigned char c = p[0], lo = 0x80, hi = 0xBF;

    if (c < 0x80) {
        return 1;
    }
    if (c < 0xC2) {
        return 0; /* stray continuation byte or overlong 2-byte lead */
    }
    if (c < 0xE0) {
        return avail >= 2 && is_cont(p[1]) ? 2 : 0;
    }
    if (c < 0xF0) {
        lo = c == 0xE0 ? 0xA0 : 0x80; /* no overlongs */
        hi = c == 0xED ? 0x9F : 0xBF; /* no surrogates */
        return avail >= 3 && p[1] >= lo && p[1] <= hi && is_cont(p[2])
                   ? 3 : 0;
    }
    if (c < 0xF5) {
        lo = c == 0xF0 ? 0x90 : 0x80; /* no overlongs */
        hi = c == 0xF4 ? 0x8F : 0xBF; /* nothing above U+10FFFF */
        return avail >= 4 && p[1] >= lo && p[1] <= hi && is_cont(p[2]) &&
                       is_cont(p[3])
                   ? 4 : 0;
    }
    return 0;
}

/* Checks s[0..len) (see pc_utf8_valid) and, when units is not NULL,
 * counts its UTF-16 units there. Inline, so each caller's loop keeps
 * only what it asks for. */
static inline int utf8_scan(const char *s, size_t len, size_t *bad_offset,
                            size_t *units)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, n, u = 0;

    while (i < len) {
        /* ASCII (most of a post) up to 32 bytes at a time, to the first
         * byte beyond it. */
        if (i + 32 <= len) {
            n = pc__ascii_len32(p + i);
            i += n;
            u += n;
            if (n == 32) {
                continue;
            }
        } else if (p[i] < 0x80) {
            i++;
            u++;
            continue;
        }
        n = utf8_seq_len(p + i, len - i);
        if (n == 0) {
            if (bad_offset) {
                *bad_offset = i;
            }
            return 0;
        }
        i += n;
        u += n == 4 ? 2 : 1;
    }
    if (units) {
        *units = u;
    }
    return 1;
}

int pc_utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
    return utf8_scan(s, len, bad_offset, NULL);
}

int pc__utf8_valid_units(const char *s, size_t len, size_t *bad_offset,
                         size_t *units)
{
    return utf8_scan(s, len, bad_offset, units);
}

size_t pc__utf8_units(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, units = 0;

    while (i < len) {
        if (i + 32 <= len) {
            size_t n = pc__ascii_len32(p + i);
            units += n;
            i += n;
            if (n == 32) {
                continue;
            }
        }
        units += pc_utf8_u16_units(p[i]);
        i++;
    }
    return units;
}
