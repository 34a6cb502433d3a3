/* json_read.h: reading JSON in one pass (json_read.c) into the jansson
 * values json_loadb would return, for the input requests and policy
 * packs hold; the rest is declined and read with jansson by the caller.
 * The protocol reads requests with it, the pack loader packs. It reads
 * with the host's one JSON scanner (json_cur.h), which this header
 * includes for the readers that use both. Internal to the host. */
#ifndef POSTCHECK_JSON_READ_H
#define POSTCHECK_JSON_READ_H

#include <jansson.h>
#include <stddef.h>

#include "json_cur.h"
#include "postcheck/status.h"

/* Flags of pc__json_read. */
#define PC__JSON_NUL 1u   /* strings may hold NUL (JSON_ALLOW_NUL) */
#define PC__JSON_REALS 2u /* numbers with a fraction or an exponent are
                             read (as jansson's strtod does), not
                             declined */
#define PC__JSON_NO_EXAMPLES 8u /* the value of a pack's rules' "examples"
                             members (in objects three deep) is checked
                             to be JSON as the reader reads it (its keys'
                             duplicates aside) and null in *out */

/* Reads s[0..n) (valid UTF-8: the caller checks it first) in one pass
 * into *out (a new reference): the value json_loadb would return with
 * JSON_REJECT_DUPLICATES, plus JSON_ALLOW_NUL when flags has
 * PC__JSON_NUL (but for the values PC__JSON_NO_EXAMPLES leaves out).
 * Returns PC_OK, PC_ERR_NOMEM, or PC_ERR_JSON where this reader
 * declines: invalid JSON, a root that is not an object, nesting past
 * max_depth, a duplicate key, a NUL in a key (or in a string without
 * PC__JSON_NUL), an integer of more than 18 digits, a real without
 * PC__JSON_REALS (or one that overflows, or when the C library's decimal
 * point is not '.'). The caller then reads s with jansson, whose error
 * messages it quotes. *out is NULL unless PC_OK. Never logs. */
pc_status pc__json_read(const char *s, size_t n, int max_depth,
                        unsigned flags, json_t **out);

#endif
