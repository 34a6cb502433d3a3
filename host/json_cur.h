/* json_cur.h: the host's one JSON scanner, a cursor over JSON text
 * (json_cur.c): white space, bytes, words, strings with their escapes,
 * integers, a value skipped. The JSON reader (json_read.c) builds
 * jansson values with it, the protocol's check reader (protocol_fast.c)
 * reads the check request with it, and the pack loader finds a field's
 * line and column with it (pack_json.c). It uses only the text module's
 * UTF-8 check. Internal to the host. */
#ifndef POSTCHECK_JSON_CUR_H
#define POSTCHECK_JSON_CUR_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "postcheck/status.h"

/* A cursor over JSON text s[0..n), s[i] the next byte to read: the JSON
 * reader (pc__json_read), the protocol's check reader (protocol_fast.c)
 * and the pack loader's error positions (pack_json.c) read with it, a
 * token at a time. Every read skips white space first; on a decline, i
 * may have moved past white space only. */
typedef struct pc__json_cur {
    const char *s;
    size_t n;
    size_t i;
} pc__json_cur;

/* Steps past white space. */
static inline void pc__json_ws(pc__json_cur *c)
{
    while (c->i < c->n && (c->s[c->i] == ' ' || c->s[c->i] == '\n' ||
                           c->s[c->i] == '\r' || c->s[c->i] == '\t')) {
        c->i++;
    }
}

/* 1 and past it when byte ch comes next, else 0. */
static inline int pc__json_eat(pc__json_cur *c, char ch)
{
    pc__json_ws(c);
    if (c->i < c->n && c->s[c->i] == ch) {
        c->i++;
        return 1;
    }
    return 0;
}

/* 1 and past it when word (true, false, null) comes next, else 0. What
 * follows it is the caller's to check (a ',' or a closing byte must). */
static inline int pc__json_word(pc__json_cur *c, const char *word)
{
    size_t len = strlen(word);

    pc__json_ws(c);
    if (c->n - c->i >= len && memcmp(c->s + c->i, word, len) == 0) {
        c->i += len;
        return 1;
    }
    return 0;
}

/* 1 when only white space is left. */
static inline int pc__json_end(pc__json_cur *c)
{
    pc__json_ws(c);
    return c->i == c->n;
}

/* Flag of pc__json_string: the string's characters past ASCII are
 * checked (pc_utf8_valid), for a reader of unchecked input. */
#define PC__JSON_UTF8 4u

/* A string, quotes and all: its body (escapes as written) is
 * s[*from, *end), c->i past its closing quote. Returns 1 when the body
 * has escapes (pc__json_unescape decodes them), 0 when it has none, -1
 * when no string comes next or it is not a valid JSON string (a control
 * character, no closing quote, invalid UTF-8 with PC__JSON_UTF8). */
int pc__json_string(pc__json_cur *c, unsigned flags, size_t *from,
                    size_t *end);

/* Steps past one value (an object or array whole, a string, a number,
 * a word) without building it. Returns 0, or -1 where the text is not
 * a value: then c->i is where the skip stopped. Numbers and words are
 * not checked but read to the next delimiter; the pack loader's error
 * positions (pack_json.c) skip text already read as JSON with it. */
int pc__json_skip(pc__json_cur *c);

/* Decodes the escapes of s[from, end) (a string's body) into t, which
 * has room for end - from bytes. Returns the decoded length, or -1 where
 * jansson would refuse the string (an unknown escape, a lone
 * surrogate). */
long pc__json_unescape(const char *s, size_t from, size_t end, char *t);

/* An integer of at most 18 digits, as jansson reads it: into *out, c->i
 * past it, PC_OK; a longer one, a leading zero, a fraction or an
 * exponent (or no digit) is declined: PC_ERR_REQUEST. The JSON reader
 * and the protocol's check reader (the id) share it. */
pc_status pc__json_integer(pc__json_cur *c, json_int_t *out);

/* Nonzero when one of the eight bytes at s is a control character
 * (below 0x20), '"', '\\' or past 0x7F; may say so when none is (a
 * borrow between bytes), never the other way. The JSON reader and the
 * result writer pass over plain ASCII eight bytes at a time with it where
 * fewer than sixteen are left (pc__json_plain16). */
static inline uint64_t pc__json_special8(const unsigned char *s)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t w, q, b;

    memcpy(&w, s, sizeof w);
    q = w ^ (ones * '"');
    b = w ^ (ones * '\\');
    return ((w - ones * 0x20) | (q - ones) | (b - ones) | w) & high;
}

/* Of eight bytes whose pc__json_special8 mask m is not 0, how many
 * come before the first that is special: the lowest byte m flags is one
 * (a borrow only flags bytes after it). 0 where bytes are not in
 * little-endian order: then they are looked at one by one. */
static inline size_t pc__json_plain_lead(uint64_t m)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return (size_t)__builtin_ctzll(m) / 8;
#else
    (void)m;
    return 0;
#endif
}

/* Of the sixteen bytes at s, how many come before the first that
 * pc__json_special8 says is special (16 when none): with SSE2 the
 * first that is special, in one compare of the sixteen; else from two
 * pc__json_special8 masks (0 where pc__json_plain_lead cannot tell). The
 * JSON reader and the result writer pass over plain ASCII sixteen bytes
 * at a time with it, about a third of the instructions of eight. */
static inline size_t pc__json_plain16(const unsigned char *s)
{
#if defined(__SSE2__)
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
    /* Signed bytes: below 0x20 is a control character or past 0x7F. */
    __m128i m = _mm_or_si128(
        _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                     _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));

    return (size_t)__builtin_ctz((unsigned)_mm_movemask_epi8(m) | 0x10000u);
#else
    uint64_t m = pc__json_special8(s);

    if (m) {
        return pc__json_plain_lead(m);
    }
    m = pc__json_special8(s + 8);
    return m ? 8 + pc__json_plain_lead(m) : 16;
#endif
}

#endif
