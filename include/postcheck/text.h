/* text.h: Unicode views of a post (ICU), with offsets back to UTF-16.
 *
 * A pc_text holds the original post (UTF-8 as sent) and two normalised
 * views of it, each NUL-terminated UTF-8 with a map from every byte of the
 * view back to a span of the original in UTF-16 code units (what
 * JavaScript strings index):
 *
 *  PC_VIEW_FOLD   NFKC + case folding (NFKC_Casefold, which also drops
 *                 default-ignorable code points such as U+200B), then
 *                 confusables: a non-ASCII letter of the Latin, Greek,
 *                 Cyrillic, Armenian, Cherokee, Common or Inherited
 *                 scripts whose confusable skeleton (uspoof) is one ASCII
 *                 letter becomes that letter (Cyrillic "М" -> "m"; Arabic
 *                 letters are left alone); typographic apostrophes
 *                 and quotes become ASCII ' and ", dashes become '-'.
 *  PC_VIEW_CASED  the same without case folding, for rules where case
 *                 matters ("ALT" the acronym, "the Society").
 *
 * A view's byte span [start, end) maps to the UTF-16 span of the original
 * characters it came from: the normalisation segment (a base character and
 * its combining marks) is the unit, so an offset never points inside a
 * surrogate pair or between a base and its combining mark.
 *
 * text.c is the only file that includes ICU headers. */
#ifndef POSTCHECK_TEXT_H
#define POSTCHECK_TEXT_H

#include <stddef.h>
#include "postcheck/status.h"

typedef struct pc_text pc_text;

typedef enum pc_view { PC_VIEW_FOLD = 0, PC_VIEW_CASED = 1 } pc_view;

/* Builds both views of utf8[0..len) (need not be NUL-terminated; an
 * embedded NUL is allowed and kept). Returns an owned pc_text, free with
 * pc_text_free(), or NULL with err set: PC_ERR_UTF8 (invalid UTF-8, with
 * err->offset the byte offset of the first bad byte), PC_ERR_TOO_LARGE
 * (text over 256 MiB, or a view that would grow past four times the post
 * plus 4 KiB: U+FDFA normalises to 18 characters), PC_ERR_NOMEM, or
 * PC_ERR_INTERNAL (an ICU failure, its name in err->text). */
pc_text *pc_text_new(const char *utf8, size_t len, pc_error *err);

/* Frees t. pc_text_free(NULL) does nothing. */
void pc_text_free(pc_text *t);

/* The original text as given (borrowed, valid until pc_text_free). */
const char *pc_text_original(const pc_text *t, size_t *len);

/* Length of the original in UTF-16 code units. */
size_t pc_text_utf16_len(const pc_text *t);

/* A normalised view (borrowed, NUL-terminated, valid until pc_text_free).
 * *len, if len is not NULL, gets its length in bytes. */
const char *pc_text_view(const pc_text *t, pc_view v, size_t *len);

/* Maps the byte span [start, end) of view v to the UTF-16 span
 * [*u16_start, *u16_end) of the original. start <= end <= view length;
 * an empty span maps to an empty span at the position of start. */
void pc_text_span(const pc_text *t, pc_view v, size_t start, size_t end,
                  size_t *u16_start, size_t *u16_end);

/* Maps a UTF-16 offset of the original to the byte offset of the
 * original UTF-8 (for line:column reporting). */
size_t pc_text_u16_to_byte(const pc_text *t, size_t u16);

/* Normalises a short string (a pack's term, a handle) the way view v
 * does, into an owned NUL-terminated UTF-8 string (free with free()), or
 * NULL with err set as pc_text_new does. */
char *pc_text_normalise(const char *utf8, size_t len, pc_view v,
                        pc_error *err);

/* Checks that s[0..len) is valid UTF-8 (no surrogates, no overlongs, at
 * most U+10FFFF). Returns 1 if valid; otherwise 0 and, if bad_offset is
 * not NULL, the offset of the first invalid byte. Pure C, no ICU. */
int pc_utf8_valid(const char *s, size_t len, size_t *bad_offset);

#endif
