/* json_read.h: reading JSON in one pass (json_read.c) into the jansson
 * values json_loadb would return, for the input requests and policy
 * packs hold; the rest is declined and read with jansson by the caller.
 * A leaf: the protocol reads requests with it, the pack loader packs.
 * Internal to the host. */
#ifndef POSTCHECK_JSON_READ_H
#define POSTCHECK_JSON_READ_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "postcheck/status.h"

/* Flags of pc__json_read. */
#define PC__JSON_NUL 1u   /* strings may hold NUL (JSON_ALLOW_NUL) */
#define PC__JSON_REALS 2u /* numbers with a fraction or an exponent are
                             read (as jansson's strtod does), not
                             declined */

/* Reads s[0..n) (valid UTF-8: the caller checks it first) in one pass
 * into *out (a new reference): the value json_loadb would return with
 * JSON_REJECT_DUPLICATES, plus JSON_ALLOW_NUL when flags has
 * PC__JSON_NUL. Returns PC_OK, PC_ERR_NOMEM, or PC_ERR_JSON where this
 * reader declines: invalid JSON, a root that is not an object, nesting
 * past max_depth, a duplicate key, a NUL in a key (or in a string
 * without PC__JSON_NUL), an integer of more than 18 digits, a real
 * without PC__JSON_REALS (or one that overflows, or when the C library's
 * decimal point is not '.'). The caller then reads s with jansson, whose
 * error messages it quotes. *out is NULL unless PC_OK. Never logs. */
pc_status pc__json_read(const char *s, size_t n, int max_depth,
                        unsigned flags, json_t **out);

/* Decodes the escapes of s[from, end) (a string's body, its closing
 * quote at end) into t, which has room for end - from bytes. Returns the
 * decoded length, or -1 where jansson would refuse the string (an
 * unknown escape, a lone surrogate). The protocol's check reader
 * (protocol_fast.c) decodes its strings with it. */
long pc__json_unescape(const char *s, size_t from, size_t end, char *t);

/* An integer of at most 18 digits at s[*i], as jansson reads it: into
 * *out, *i past it, PC_OK; a longer one, a leading zero, a fraction or
 * an exponent (or no digit) is declined: PC_ERR_REQUEST, *i unmoved.
 * The JSON reader and the protocol's check reader (the id) share it. */
pc_status pc__json_integer_at(const char *s, size_t n, size_t *i,
                              json_int_t *out);

/* Nonzero when one of the eight bytes at s is a control character
 * (below 0x20), '"', '\\' or past 0x7F; may say so when none is (a
 * borrow between bytes), never the other way. The JSON reader and the
 * result writer pass over plain ASCII eight bytes at a time with it. */
static inline uint64_t pc__json_special8(const unsigned char *s)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t w, q, b;

    memcpy(&w, s, sizeof w);
    q = w ^ (ones * '"');
    b = w ^ (ones * '\\');
    return ((w - ones * 0x20) | (q - ones) | (b - ones) | w) & high;
}

#endif
