/* termset_int.h: a term set's layout (termset.h), shared by its building
 * (termset.c) and its scans (termset_scan.c), and the token walk both
 * read terms and texts with. Internal to the host. */
#ifndef POSTCHECK_TERMSET_INT_H
#define POSTCHECK_TERMSET_INT_H

#include <stddef.h>
#include <stdint.h>

#include "grow.h"
#include "postcheck/text.h"
#include "termset.h"

typedef struct pc__term {
    uint32_t text;              /* offset of its text in chars */
    uint32_t hash;              /* hash of the first token */
    size_t len;
    size_t first_len;           /* length of the first token */
    uint32_t owner;             /* whose term (pc__termset_add_owned) */
    uint32_t run_end;           /* once finished: the first term after it
                                   with another first token */
    unsigned char end_word;     /* it ends with a word character */
    unsigned char same_first;   /* once finished: its first token is the
                                   one of the term before it */
    unsigned char gap;          /* white space follows the first token */
    unsigned char next;         /* the first other byte after it, or 0
                                   when the term is its first token */
} pc__term;

/* What follows a term's first token, as one number: 0 when nothing,
 * else its next byte, plus 256 after white space (a text's: 256 at its
 * end). A term set sorts the terms of one first token by it
 * (termset.c). */
static inline unsigned pc__term_after(unsigned gap, unsigned next)
{
    return gap * 256u + next;
}

typedef struct pc__term_bucket {
    uint32_t hash;
    uint32_t first;             /* index of the first term with this hash */
    uint32_t count;             /* 0: empty slot */
} pc__term_bucket;

/* The table is an open-addressing hash from a first token to the terms
 * that start with it (see termset.c). */
struct pc__termset {
    pc__term *terms;
    size_t n;
    size_t cap;
    pc__sbuf chars;             /* the terms' texts, each NUL-terminated */
    pc__term_bucket *table;
    size_t table_size;          /* a power of two */
    uint32_t n_owners;          /* 1 + the largest owner */
    uint32_t max_bucket;        /* the most terms sharing a first token */
    /* Once finished: a filter of the terms' first two tokens, so that a
     * scan passes over a place whose first token starts terms but whose
     * next token starts none of them (a common word starts dozens of
     * phrases). Bit pc__term_pair(first, gap, second) >> pair_shift is
     * set for each term of two tokens or more, and bit
     * pc__term_pair(first, PC__TERM_ALONE, 0) >> pair_shift for each
     * term that is its first token alone. NULL: no filter. */
    uint64_t *pairs;
    unsigned pair_shift;
};

/* pc__term_pair's gap for a term that is its first token alone. */
#define PC__TERM_ALONE 2u

/* A term's (or a text's place's) first token's hash, whether white
 * space follows it (gap), and the hash of the token after, mixed: the
 * filter's key (pc__termset's pairs; its top bits pick the bit). */
static inline uint32_t pc__term_pair(uint32_t first, unsigned gap,
                                     uint32_t second)
{
    return (first ^ (second * 0x9E3779B1u) ^ (gap * 0x85EBCA6Bu)) *
           0xC2B2AE35u;
}

/* Classes of the bytes, for the token walk, which asks of every byte of
 * a view: a word character (pc_text_word_at's answer for ASCII: letters,
 * digits, '_'), white space, or a byte of a character beyond ASCII,
 * which text.h answers. One look-up a byte, where comparisons cost
 * several instructions (termset.c). */
enum { PC__TERM_WORD = 1, PC__TERM_SPACE = 2, PC__TERM_MULTI = 4 };
extern const unsigned char pc__term_class[256];

static inline int pc__term_space(unsigned char c)
{
    return pc__term_class[c] & PC__TERM_SPACE;
}

/* FNV-1a, a byte at a time: a first token's hash. */
#define PC__TERM_HASH0 2166136261u

static inline uint32_t pc__term_mix(uint32_t h, unsigned char c)
{
    return (h ^ c) * 16777619u;
}

/* The token at s[pos] (pos < len): a run of word characters (*word 1),
 * or one other character (*word 0); returns its length. Its bytes are
 * hashed as they are read: h[0] gets their hash in s and, when t is not
 * NULL, h[1] that of the same bytes of t (a text of len bytes alike but
 * for ASCII case, whose tokens are s's). */
static inline size_t pc__term_token(const unsigned char *s,
                                    const unsigned char *t, size_t len,
                                    size_t pos, uint32_t h[2], int *word)
{
    uint32_t x = PC__TERM_HASH0, y = PC__TERM_HASH0;
    size_t i = pos, cl = 1, e;

    while (i < len) {
        unsigned k = pc__term_class[s[i]];
        if (k & PC__TERM_WORD) {
            x = pc__term_mix(x, s[i]);
            y = t ? pc__term_mix(y, t[i]) : y;
            i++;
            continue;
        }
        if (!(k & PC__TERM_MULTI)) {
            cl = 1;
            break;
        }
        if (!pc_text_word_at_multibyte((const char *)s, len, i, &cl)) {
            break;
        }
        for (e = i + cl; i < e; i++) {
            x = pc__term_mix(x, s[i]);
            y = t ? pc__term_mix(y, t[i]) : y;
        }
    }
    *word = i > pos;
    /* Not a word: the one character there (cl bytes). */
    for (e = i > pos ? i : pos + cl; i < e; i++) {
        x = pc__term_mix(x, s[i]);
        y = t ? pc__term_mix(y, t[i]) : y;
    }
    h[0] = x;
    h[1] = y;
    return i - pos;
}

#endif
