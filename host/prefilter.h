/* prefilter.h: skipping a regex that cannot match. Internal to the host.
 *
 * From a pattern's text we derive sets of three-byte strings (trigrams)
 * such that every match contains at least one trigram of each set: a
 * literal run of three or more characters that every match passes
 * through gives a set of one, a group of alternatives that every match
 * passes through the union of one set per alternative; a sequence keeps
 * up to four such sets, all required. A check collects the trigrams of the post once
 * (pc__gramset) and runs a regex only when one of its trigrams is there.
 * Where no such set can be proved (a literal too short, an optional part,
 * back references, verbs, extended mode) the regex always runs: the
 * filter may let through, it never drops a match. Letters are compared
 * in lower case on both sides, so it holds for caseless patterns too.
 *
 * Beside these sets (which the long-post windows of match_span.c read),
 * each pattern has a query (pc__query): an AND/OR tree of trigrams, pairs
 * and bytes that holds for every text the pattern can match in
 * (prefilter_query.c, prefilter_set.c). Each part of the pattern gives
 * either the exact set of strings it can match (a literal, a small class,
 * an alternation of such, their products, bounded repeats) or a query;
 * sets too large become queries (a string gives the AND of its rarest
 * trigrams, or its pair or byte when shorter; a set the OR of its
 * strings). What a positive lookaround looks for is in the text beside
 * it; negative ones and anchors read nothing. Queries read texts
 * collapsed: ASCII letters in lower case, every digit as '0', every
 * white-space character (PCRE2's \s with UCP) as a space and a run of
 * them as one, U+017F and U+212A as 's' and 'k', so "who\s+made" needs
 * "o m" and " ma". A check collects the leaves of its post's views once
 * (pc__leafset, prefilter_leaf.c). */
#ifndef POSTCHECK_PREFILTER_H
#define POSTCHECK_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

#include "postcheck/status.h"

/* The trigrams of one pattern, as up to four sets that every match meets
 * all of (a set is met when one of its trigrams is present): set k is
 * grams[ends[k-1] .. ends[k]). n == 0 means "always run". */
typedef struct pc__prefilter {
    uint32_t *grams;
    size_t n;
    size_t ends[4];
    size_t sets;
} pc__prefilter;

/* The trigrams present in a text: an exact hash set. */
typedef struct pc__gramset {
    uint32_t *slots;           /* trigram + 1; 0 is an empty slot */
    size_t mask;
    /* A long text's trigrams by position (match.h's pc__spanindex), or
     * NULL; borrowed, set by whoever indexed the text. */
    const struct pc__spanindex *where;
    /* The same text's leaves for queries (pc__leafset), or NULL;
     * borrowed, set by whoever filled them. */
    const struct pc__leafset *leaves;
    /* A short text's stretches (pc__gramset_fill): cut after each of
     * its barrier characters ('\n', '.', '!', '?'; a text's last byte
     * cuts nothing), stretch k being bytes [k ? stop[k - 1] : 0,
     * stop[k]); beside each slot of a trigram, the stretches it starts
     * in (bit k). NULL (n_cuts 0) for a text longer than
     * PC_GRAM_CUT_MAX_TEXT, cut into more than 64 stretches, or with a
     * character a caseless pattern reads as an ASCII letter. */
    uint64_t *in;
    uint32_t *stop;
    size_t n_cuts;
    /* Bit k of ends[c]: stretch k is cut by barrier c (pc__barrier_bit's
     * bit c), noted as the text is cut. */
    uint64_t ends[4];
} pc__gramset;

#define PC_GRAM_CUT_MAX_TEXT 4096u

/* The prefilter of pattern: the one the build stored for a built-in
 * pattern (precompiled.h), else derived (pc__prefilter_derive). Returns
 * PC_OK (out->n may be 0) or PC_ERR_NOMEM. Free with
 * pc__prefilter_free(). */
pc_status pc__prefilter_build(const char *pattern, pc__prefilter *out);

/* The same, where stored is the pattern's pc__precompiled_index
 * (precompiled.h), looked up once by a caller that needs it again for
 * the pattern's query (pc__query_stored). */
pc_status pc__prefilter_build_at(const char *pattern, long stored,
                                 pc__prefilter *out);

/* Derives the prefilter of pattern from its text, whatever is stored
 * (the build tool; tests comparing the two). As pc__prefilter_build. */
pc_status pc__prefilter_derive(const char *pattern, pc__prefilter *out);

void pc__prefilter_free(pc__prefilter *p);

/* Fills g with the trigrams of s[0..len), letters in lower case. Returns
 * PC_OK or PC_ERR_NOMEM (then g lets every regex through). Free with
 * pc__gramset_free(). */
pc_status pc__gramset_fill(pc__gramset *g, const char *s, size_t len);

void pc__gramset_free(pc__gramset *g);

/* 1 if s[0..len) holds a character a caseless pattern reads as an ASCII
 * letter (U+017F, U+212A: text.h's pc_text_ascii_twin), which the
 * trigram filters must then read as 's' or 'k'; else 0. Each lead byte
 * is found by memchr, quick when it is rare (0xE2 also leads the curly
 * quotes and dashes common in posts: those are no twin). */
int pc__has_twins(const char *s, size_t len);

/* 1 if the regex may match a text whose trigrams are g. */
int pc__prefilter_pass(const pc__prefilter *p, const pc__gramset *g);

/* pc__prefilter_pass for the bytes s[0..len) of one word, read as they
 * are, for a pattern whose every match lies in one word: 0 when they
 * lack every trigram of one of p's sets; else 1. Letters are read in
 * lower case, as pc__prefilter_pass reads a text; a word that holds
 * U+017F or U+212A (read as 's' and 'k' by a caseless pattern) or is too
 * long to test cheaply passes. */
int pc__prefilter_pass_word(const pc__prefilter *p, const unsigned char *s,
                            size_t len);

/* The stretches of g's text (g->in, above) where a pattern whose
 * barriers are `barriers` (match.h's pc__barriers: bit 0 '\n', 1 '.',
 * 2 '!', 3 '?'; not 0) can match (bit k: stretch k): the runs of
 * stretches between two of its own barriers (a unit) in which every set
 * of p has a trigram, whole units. ~0 (every stretch and more) when g has
 * no stretches or p no sets. */
uint64_t pc__prefilter_stretches(const pc__prefilter *p, const pc__gramset *g,
                                 unsigned barriers);

/* A pattern's query, flattened: n == 0 means "always run". Its words:
 * the top four bits say what a word is, the rest its value: a trigram, a
 * pair (two bytes) or one byte that must be in the text, or an AND or OR
 * whose value is its length in words, its children following. Its
 * triggers are n_trig pairs of words (trig[2k], trig[2k+1]): a leaf one of
 * which is in every text the query holds for, with a leaf (or 0) such a
 * text has too; a check that looks up its text's leaves in an index of
 * triggers (match_trig.c) visits only the patterns that may match.
 * n_trig == 0: none known (test the query). */
enum { PC_Q_GRAM = 1, PC_Q_AND = 2, PC_Q_OR = 3, PC_Q_PAIR = 4,
       PC_Q_BYTE = 5 };

/* A query run as a branching program, one leaf test a step. A step is
 * PC_QSTEP_WORDS 16-bit words: the leaf's bit in a leaf set's bit maps
 * (pc__leaf_bit), then the step to go on to when the leaf is there and
 * when it is not, each as the offset of its first word (PC_QSTEP_WORDS
 * times its index), or one of the verdicts PC_QSTEP_TRUE and
 * PC_QSTEP_FALSE. The leaf itself is beside, in the query's leaves, for
 * a long text's exact set. Against a short text's bit maps a step is
 * then six bytes read and one bit test, its next step's words found
 * with no multiplying. Steps of leaf and edges, with their bits in an
 * array beside, took a 280-character check's walks over 1.7 times the
 * cache lines (docs/PROTOCOL.md: what a request touches). A program has
 * at most PC_QSTEP_MAX steps. */
#define PC_QSTEP_WORDS 3
#define PC_QSTEP_TRUE 0xFFFFu
#define PC_QSTEP_FALSE 0xFFFEu
#define PC_QSTEP_MAX ((PC_QSTEP_FALSE - 1) / PC_QSTEP_WORDS)

typedef struct pc__query {
    const uint32_t *code;
    size_t n;
    const uint32_t *trig;
    size_t n_trig;
    /* code's leaves in its order, each with where an AND or OR goes on
     * from it (NULL when out of memory: code is walked instead), and the
     * first step (the offset of its first word): the leaves tested are
     * code's, in code's order, without walking its ANDs and ORs. */
    const uint16_t *prog;
    uint16_t entry;
    /* Beside prog (NULL when prog is): step k's leaf, which a long
     * text's exact set is asked for (pc__query_pass_leaves). */
    const uint32_t *leaves;
    /* The four arrays are the binary's, read in place, not freed
     * (pc__query_stored); else they are the query's own. */
    int stored;
} pc__query;

/* The leaves (bytes, pairs, trigrams) present in a text, collapsed: bit
 * maps by hash, which may say yes to one that is not there (never no to
 * one that is), and, for a text whose trigrams fill their map, an exact
 * hash set of trigrams behind it. */
#define PC_GRAM_BITS 32768u
#define PC_PAIR_BITS 4096u
typedef struct pc__leafset {
    uint64_t *bits;            /* PC_GRAM_BITS trigram bits, then
                                  PC_PAIR_BITS pair bits, then 256 byte
                                  bits, in one block */
    uint32_t *slots;           /* trigram + 1; 0 is empty; NULL when the
                                  bit map alone is sure enough */
    size_t mask;
} pc__leafset;

/* Texts longer than this may have their leaves read from their trigrams
 * (pc__leafset_from). */
#define PC_LEAF_FROM_MIN 4096u

/* The bit of leaf (a query word: trigram, pair or byte) in a leaf set's
 * bits: set whenever the leaf is in the text. */
uint16_t pc__leaf_bit(uint32_t leaf);

/* Derives the query of pattern from its text. Returns PC_OK (out->n may
 * be 0) or PC_ERR_NOMEM. Free with pc__query_free(). */
pc_status pc__query_derive(const char *pattern, pc__query *out);

/* The query the build derived for a built-in pattern, the same as
 * pc__query_derive's (program included), read in place from the binary
 * (nothing is copied or built); index is the pattern's
 * pc__precompiled_index (precompiled.h). Returns 1 with out set, or 0
 * with out empty when the pattern is not stored (index -1: derive it
 * then). Free with pc__query_free() (which frees nothing of it). */
int pc__query_stored(long index, pc__query *out);

void pc__query_free(pc__query *q);

/* Sets q->prog, q->leaves and q->entry from q->code (pc__query_derive
 * calls it, and the build tool stores what it sets; a stored query is
 * left as it is). A step goes on past the steps whose leaf every walk
 * that takes it has tested already: the verdict of a walk of q->code,
 * in fewer tests. Out of memory, or past PC_QSTEP_MAX leaves, q->prog and
 * q->leaves stay NULL and pc__query_pass walks q->code. */
void pc__query_program(pc__query *q);

/* The number of leaves q names (0: always run), for tests. */
size_t pc__query_leaves(const pc__query *q);

/* Fills s with the leaves of t[0..len), in one walk of the text. Returns
 * PC_OK or PC_ERR_NOMEM (then s lets every query hold). Free with pc__leafset_free(). */
pc_status pc__leafset_fill(pc__leafset *s, const char *t, size_t len);

/* pc__leafset_fill for a long text (over PC_LEAF_FROM_MIN bytes) whose
 * trigrams, letters in lower case and nothing else, grams holds exactly
 * (match.h's pc__spanindex_fill gives such a set): the same leaves, read
 * from its distinct trigrams instead of walking the text (which is read
 * only where white space runs). Returns 1 with s filled, or 0 with s
 * empty when it cannot (the text holds a character that collapses from
 * more than one byte, or memory ran out): then call pc__leafset_fill. */
int pc__leafset_from(pc__leafset *s, const char *t, size_t len,
                     const pc__gramset *grams);

void pc__leafset_free(pc__leafset *s);

/* 1 if leaf (a query word: trigram, pair or byte) may be in s's text. */
int pc__leafset_has(const pc__leafset *s, uint32_t leaf);

/* 1 if the pattern of q may match a text whose leaves are s. */
int pc__query_pass(const pc__query *q, const pc__leafset *s);

/* The same verdict, q's program walked by its steps' leaves (each asked
 * of s as pc__leafset_has does) instead of their bits: how
 * pc__query_pass tests a text with an exact set (tests ask both ways).
 * A query without a program is walked by its words. */
int pc__query_pass_leaves(const pc__query *q, const pc__leafset *s);

/* Calls each(arg, leaf) for the byte, pair and trigram (as query words)
 * that end at each character of s[0..len), read collapsed. */
void pc__gram_walk(const char *s, size_t len,
                   void (*each)(void *arg, uint32_t leaf), void *arg);

/* Turns every skip off (0: every regex runs; pc__prefilter_pass,
 * pc__query_pass and the trigger index let all through) or on again
 * (1), for the tests that prove skipping never changes a check's
 * findings. Process-wide. */
void pc__prefilter_enable(int on);

/* 1 unless skipping was turned off (pc__prefilter_enable). */
int pc__prefilter_enabled(void);

/* Regexes that match within one word (prefilter_token.c): when no part
 * of pattern, lookarounds included, can match an ASCII white-space byte
 * (tab, line feed, vertical tab, form feed, carriage return, space), a
 * mask of the byte classes of pc__token_bit (bit pc__token_bit[b] for
 * byte b) such that every match holds a byte of one of them; 0 when that
 * is not so or cannot be shown from the pattern's text. A regex with a
 * mask then runs only over the words (runs of bytes between ASCII white
 * space) holding such a byte, each with the white-space byte after it
 * (match.c). */
extern const unsigned char pc__token_bit[256];

uint64_t pc__token_mask(const char *pattern);

/* The bytes a word must hold for a regex of token mask `mask` to run
 * over it (those of its classes but ASCII white space), as a set of 256
 * bits: byte b is bit b % 64 of out[b / 64]. */
void pc__token_bytes(uint64_t mask, uint64_t out[4]);

/* A trigram as queries and leaf sets store it. */
static inline uint32_t pc__gram(unsigned char a, unsigned char b,
                                unsigned char c)
{
    return ((uint32_t)a << 16) | ((uint32_t)b << 8) | c;
}

/* The bit of barrier character c (bit 0 '\n', 1 '.', 2 '!', 3 '?', as
 * match.h's pc__barriers gives them), or 0. */
static inline unsigned pc__barrier_bit(unsigned c)
{
    if (c > '?') {
        return 0; /* letters, most of a text */
    }
    switch (c) {
    case '\n': return 1u;
    case '.': return 2u;
    case '!': return 4u;
    case '?': return 8u;
    default: return 0;
    }
}

#endif
