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
#include <stdint.h>

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

/* pc_text_new for bytes already known to be valid UTF-8 (checked by
 * pc_utf8_valid, or by a reader that checks every sequence it takes, as
 * the protocol's check reader does), so a post is not read twice to check
 * it: the same views, errors but PC_ERR_UTF8. Invalid input is a caller's
 * bug (a debug build asserts). */
pc_text *pc_text_new_valid(const char *utf8, size_t len, pc_error *err);

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

/* ---- walking UTF-8 (text_walk.c: plain C, no ICU) --------------------
 *
 * The one place that knows how UTF-8 maps to UTF-16 code units (what the
 * extension's JavaScript strings index), what a word character is and
 * where a sentence ends. The text walked is valid UTF-8 (a view, or an
 * original that pc_utf8_valid accepted); none of these functions reads
 * past len. */

/* Bytes of the UTF-8 sequence that byte b leads: 1 for ASCII, 2, 3 or 4
 * for a lead byte, 1 for a continuation byte (so a walk always moves). */
static inline size_t pc_utf8_seq_len(unsigned char b)
{
    return b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

/* UTF-16 code units that the character led by byte b takes: 2 for one
 * beyond the BMP (a surrogate pair), 1 otherwise, 0 for a continuation
 * byte (counted with its lead), so summing it over bytes counts units. */
static inline size_t pc_utf8_u16_units(unsigned char b)
{
    return b >= 0xF0 ? 2 : (b & 0xC0) == 0x80 ? 0 : 1;
}

/* The start of the character that byte i of s falls in (i itself unless
 * it is a continuation byte). */
size_t pc_utf8_char_start(const char *s, size_t i);

/* Decodes the code point at s[*i] (of s[0..len), *i < len) and moves *i
 * past it. A sequence cut short by len decodes as U+FFFD and ends at len;
 * a stray continuation byte decodes as U+FFFD and is one byte. */
static inline uint32_t pc_utf8_next(const char *s, size_t len, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s + *i;
    unsigned char b = p[0];
    size_t n = pc_utf8_seq_len(b), avail = len - *i;
    uint32_t c;

    if (n == 1) {
        *i += 1;
        return b < 0x80 ? b : 0xFFFD;
    }
    if (n > avail) {
        *i = len;
        return 0xFFFD;
    }
    *i += n;
    if (n == 2) {
        return ((uint32_t)(b & 0x1F) << 6) | (p[1] & 0x3Fu);
    }
    if (n == 3) {
        return ((uint32_t)(b & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) |
               (p[2] & 0x3Fu);
    }
    c = ((uint32_t)(b & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
        ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3Fu);
    return c;
}

/* A position in a UTF-8 text known both as a byte offset and as a UTF-16
 * offset. Seeking forward costs the distance moved; seeking back starts
 * again from the beginning, so ascending seeks cost one pass in all. */
typedef struct pc_text_cursor {
    const char *s; /* borrowed */
    size_t len;
    size_t byte;   /* always the start of a character (or len) */
    size_t u16;    /* UTF-16 offset of byte */
} pc_text_cursor;

/* A cursor at the start of s[0..len) (borrowed: s outlives the cursor). */
void pc_text_cursor_init(pc_text_cursor *c, const char *s, size_t len);

/* Moves c to UTF-16 offset u16 and returns its byte offset. An offset
 * inside a surrogate pair stops at the pair's start; one past the end
 * stops at len. */
size_t pc_text_cursor_to_u16(pc_text_cursor *c, size_t u16);

/* Moves c to byte offset byte (moved back to the start of its character;
 * clamped to len) and returns its UTF-16 offset. */
size_t pc_text_cursor_to_byte(pc_text_cursor *c, size_t byte);

/* ---- word characters (text.c: ICU's character properties) ------------
 *
 * The one definition every module uses for "a word goes on here": a
 * letter (L), a number (N), a combining mark (M: a base and its accents
 * are one word) or connector punctuation (Pc, which holds '_'). This is
 * Unicode's \w (UTS #18). Not word characters: white space, punctuation
 * (apostrophes and hyphens included), symbols (©, £, emoji), and the
 * code points the views never hold. Plain terms (termset.c) test it at
 * their edges, and the regex guards built for terms use
 * PC_TEXT_WORD_CLASS, the same set written for PCRE2, so both find the
 * same spans. */

/* The word characters as a PCRE2 class (with PCRE2_UTF). */
#define PC_TEXT_WORD_CLASS "[\\p{L}\\p{N}\\p{M}\\p{Pc}]"

/* 1 if code point c is a word character (see above). */
int pc_text_word_cp(uint32_t c);

/* pc_text_word_at for a character beyond ASCII (below). */
int pc_text_word_at_multibyte(const char *s, size_t len, size_t i,
                              size_t *clen);

/* ---- ASCII words as a caseless regex reads them ---- */

/* The ASCII letter that a caseless PCRE2 match (UTF, UCP) reads the
 * character at s[0, n) as when it lies beyond ASCII: 's' for U+017F
 * LATIN SMALL LETTER LONG S, 'k' for U+212A KELVIN SIGN, the only two
 * (tests/test_detect_pats_words.c asks PCRE2 of every code point);
 * *clen gets its length. 0 for any other character, *clen untouched.
 * The one place the detectors' and the matchers' filters know them. */
static inline char pc_text_ascii_twin(const char *s, size_t n,
                                      size_t *clen)
{
    const unsigned char *u = (const unsigned char *)s;

    if (n >= 2 && u[0] == 0xC5 && u[1] == 0xBF) {
        *clen = 2;
        return 's';
    }
    if (n >= 3 && u[0] == 0xE2 && u[1] == 0x84 && u[2] == 0xAA) {
        *clen = 3;
        return 'k';
    }
    return 0;
}

/* pc_text_caseless_at's wn for a word that ends at its NUL. */
#define PC_TEXT_TO_NUL ((size_t)-1)

/* The bytes that the ASCII word w[0, wn) (its letters lower case; it
 * ends sooner at a NUL) takes at the start of s[i, to) as a caseless
 * PCRE2 match (UTF, UCP) reads it: each letter in either case or as its
 * twin (pc_text_ascii_twin), any other byte as itself; 0 when it does
 * not stand there (the word not empty). Inline, with no strlen: the
 * detectors' filters ask it of many places, most failing at once. */
static inline size_t pc_text_caseless_at(const char *s, size_t i,
                                         size_t to, const char *w,
                                         size_t wn)
{
    size_t start = i, clen = 0;

    for (size_t k = 0; k < wn && w[k]; k++) {
        unsigned char c = (unsigned char)w[k], b;
        if (i >= to) {
            return 0;
        }
        b = (unsigned char)s[i];
        if (b == c || (c >= 'a' && c <= 'z' && b == c - 32)) {
            i++;
        } else if (b >= 0x80 && c >= 'a' && c <= 'z' &&
                   pc_text_ascii_twin(s + i, to - i, &clen) == (char)c) {
            i += clen;
        } else {
            return 0;
        }
    }
    return i - start;
}

/* 1 if the character at s[i] (i < len, the start of a character) is a
 * word character; *clen gets its length in bytes. ASCII is answered
 * inline, the rest by text.c. */
static inline int pc_text_word_at(const char *s, size_t len, size_t i,
                                  size_t *clen)
{
    unsigned char b = (unsigned char)s[i];

    if (b >= 0x80) {
        return pc_text_word_at_multibyte(s, len, i, clen);
    }
    *clen = 1;
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') ||
           (b >= '0' && b <= '9') || b == '_';
}

/* ---- sentence edges (text_walk.c) ------------------------------------
 *
 * The one definition of where a sentence ends, used by `near` with
 * `sentence` (rules.c), the hostile detector (detect_hostile.c) and the
 * trained models' sentence units (model_judge.c). A sentence ends with a line
 * break, and with a run of '.', '!', '?' and closing quotes or brackets
 * ('"', '\'', ')', ']') that holds at least one of '.', '!', '?' (the
 * edge is the run's last byte), except a run whose only stop is a '.' at
 * its end with a word character right after it. So "3.5", "llmat.org"
 * and "e.g" go on, while 'he said "stop." Then' ends at the second '"',
 * "Really?!No" at the '!' and "wait...what" at the last '.'. Run on a
 * view, where typographic quotes are already ASCII and Unicode spaces
 * ' '. (The hostile detector also keeps "Mr. Smith" one sentence: titles
 * are its own word list.) */

/* 1 for the bytes a sentence may end with ('\n', '.', '!', '?', '"',
 * '\'', ')', ']'), 0 for the others: pc_text_sentence_end's quick test,
 * for callers that skip to the next such byte themselves. */
extern const unsigned char pc_text_may_end[256];

/* pc_text_sentence_end past the quick test (below). */
int pc_text_sentence_end_at(const char *s, size_t len, size_t i);

/* 1 if a sentence ends with byte i of s[0..len) (see above). */
static inline int pc_text_sentence_end(const char *s, size_t len, size_t i)
{
    if (!pc_text_may_end[(unsigned char)s[i]]) {
        return 0;
    }
    return pc_text_sentence_end_at(s, len, i);
}

#endif
