/* precompiled.h: the regexes of the built-in packs, word lists and
 * detectors, compiled at build time and stored in the binary as PCRE2's
 * serialised form (pcre2_serialize_encode, host/tools/precompile.c), so
 * preparing a built-in pack decodes them (a copy) instead of compiling
 * them. Every regex the host compiles goes through
 * pc__precompiled_compile(): a pattern found there (same text, same
 * options) is decoded, any other is compiled as before, and a stored set
 * the running PCRE2 cannot read (another version) is compiled too; the
 * result is the same pattern either way. Beside them, the built-in word
 * lists ready-made: their terms normalised at build time, so preparing
 * a pack does not normalise them again (match_list.c). Internal to the
 * host; no JSON, no packs, no I/O. Not thread-safe (the host is
 * single-threaded). */
#ifndef POSTCHECK_PRECOMPILED_H
#define POSTCHECK_PRECOMPILED_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>

#include "prefilter.h"

/* One occurrence of a pattern in the stored sets: the k-th time (from
 * 0) a preparation compiles this pattern with these options, found in
 * unit `unit` at `index`, with its prefilter at prefilters[pf]. Sorted
 * by (hash, options, k). `next` is the entry the build's preparation
 * compiled right after this one (n_entries: none): a preparation asks
 * for the patterns in about the order the build did, so the host tries
 * that entry before it hashes the pattern and searches. */
struct pc__pc_entry {
    uint64_t hash;             /* FNV-1a 64 of the pattern */
    uint32_t options;
    uint32_t k;
    uint32_t unit;
    uint32_t index;
    uint32_t pattern;          /* offset of the pattern in strings */
    uint32_t pf;               /* index in prefilters */
    uint32_t next;             /* the entry compiled after it, or
                                  n_entries */
};

/* A pattern's trigram prefilter (prefilter.h's pc__prefilter), derived
 * at build time by pc__prefilter_derive from the pattern's text alone:
 * its n trigrams are grams[first .. first + n), set k ending at ends[k]
 * (k < sets). Stored, so preparing a built-in pack does not derive it
 * again (about half the instructions of the first check). Beside it, the
 * pattern's query (prefilter.h's pc__query, by pc__query_derive): its
 * q_n words are qwords[q_first ..), its t_n trigger pairs the 2 * t_n
 * words twords[t_first ..), so neither the warm-up derives it nor the
 * first check goes without the triggers it gives, and its branching
 * program (pc__query's prog and entry), the s_n steps of PC_QSTEP_WORDS
 * words at qsteps[PC_QSTEP_WORDS * s_first ..), starting at the word
 * entry (s_n 0: none, the words are walked), each step's leaf at
 * qleaves[s_first ..) beside them. The host
 * reads all three in place: preparing a pack reads every pattern's
 * triggers (a few pages, given back after), a check only the programs of
 * patterns it may run. The pattern's barriers (pc__barriers) and token
 * mask (pc__token_mask) are stored too, so preparing a pack does not read
 * each pattern's text for them. */
#define PC__PC_MAX_SETS 4
struct pc__pc_grams {
    uint32_t first;
    uint32_t n;
    uint32_t ends[PC__PC_MAX_SETS];
    uint32_t sets;
    uint32_t q_first;
    uint32_t q_n;
    uint32_t t_first;
    uint32_t t_n;
    uint32_t s_first;
    uint32_t s_n;
    uint32_t entry;
    uint32_t barriers;         /* pc__barriers (match.h) of the pattern */
    uint32_t token_lo;         /* pc__token_mask (prefilter.h) of the */
    uint32_t token_hi;         /* pattern: its low and high 32 bits */
};

/* A serialised set: the patterns every preparation that needs one of
 * them needs all of (decoded together, so they share one copy of the
 * character tables). */
struct pc__pc_unit {
    const unsigned char *bytes;
    size_t len;
    uint32_t n_codes;
};

/* A built-in word list made ready at build time: the lines match_list.c
 * adds from its text, in order, each a kind byte ('t': a term as
 * pc__term_normalise (match.h) gives it for the fold view; 'r': the
 * pattern of a "re:" line) and its text, NUL-terminated, n of them side
 * by side at the table's list_lines + first. */
struct pc__pc_list {
    const char *name;          /* without ".txt" */
    uint32_t first;
    uint32_t len;              /* bytes, the last NUL included */
    uint32_t n;
};

struct pc__pc_table {
    const char *strings;       /* the patterns, each NUL-terminated */
    size_t strings_len;
    const struct pc__pc_entry *entries;
    size_t n_entries;
    const struct pc__pc_unit *units;
    size_t n_units;
    const struct pc__pc_grams *prefilters;
    size_t n_prefilters;
    const uint32_t *grams;
    size_t n_grams;
    const uint32_t *qwords;    /* the queries' words */
    size_t n_qwords;
    const uint32_t *twords;    /* their triggers */
    size_t n_twords;
    const uint16_t *qsteps;    /* their programs (PC_QSTEP_WORDS words
                                  a step) */
    size_t n_qsteps;           /* steps */
    const uint32_t *qleaves;   /* beside qsteps: each step's leaf
                                  (pc__query's leaves) */
    const struct pc__pc_list *lists; /* every built-in word list, sorted
                                        by name (strcmp) */
    size_t n_lists;
    const char *list_lines;
    size_t list_lines_len;
    const char *icu;           /* the ICU version that normalised the
                                  terms (u_versionToString) */
};

/* The stored table, defined by the generated builtin_codes.c that only
 * the postcheck binary links (weak: absent from the tests' and tools'
 * links, where every pattern is compiled). */
extern const struct pc__pc_table pc__precompiled_table
#if defined(__GNUC__)
    __attribute__((weak))
#endif
    ;

/* Returns the compiled pattern, as pcre2_compile(pattern,
 * PCRE2_ZERO_TERMINATED, options, errcode, erroffset, NULL) would: owned
 * by the caller (pcre2_code_free), or NULL with *errcode and *erroffset
 * set. Decoded from the stored sets when the pattern is there. */
pcre2_code *pc__precompiled_compile(const char *pattern, uint32_t options,
                                    int *errcode, PCRE2_SIZE *erroffset);

/* pc__precompiled_compile, and *stored set to pc__precompiled_index
 * (pattern) from the same look-up when the pattern is found there: a
 * caller that needs both hashes and compares the pattern's text once
 * (a word list's alternation runs to tens of kilobytes). */
pcre2_code *pc__precompiled_compile_at(const char *pattern, uint32_t options,
                                       int *errcode, PCRE2_SIZE *erroffset,
                                       long *stored);

/* pc__precompiled_compile_at, and *text set to the stored copy of the
 * pattern's text (the same bytes, read-only in the binary, there as
 * long as the process: a matcher keeps it instead of a copy) when the
 * pattern is stored, else NULL. */
pcre2_code *pc__precompiled_compile_text(const char *pattern,
                                         uint32_t options, int *errcode,
                                         PCRE2_SIZE *erroffset, long *stored,
                                         const char **text);

/* The prefilter stored for pattern: its description, with *grams set to
 * the table's trigrams (read-only, in the binary), or NULL when the
 * pattern is not stored (then it is derived as for any pattern). */
const struct pc__pc_grams *pc__precompiled_prefilter(const char *pattern,
                                                     const uint32_t **grams);

/* The same for the pattern stored at i (pc__precompiled_index; -1: none,
 * NULL). */
const struct pc__pc_grams *pc__precompiled_prefilter_at(long i,
                                                        const uint32_t **grams);

/* Where pattern's prefilter and query are stored (an index for
 * pc__precompiled_query, found once while the pattern compiles, so the
 * warm-up that attaches the query reads no pattern text again), or -1
 * when the pattern is not stored. */
long pc__precompiled_index(const char *pattern);

/* Stored query i (pc__precompiled_index): 1 with q's code (q->n words),
 * trig (q->n_trig pairs of words) and prog (NULL when none) pointing into
 * the table (read-only, in the binary) and q->entry set, or 0 when there
 * is none (i is -1: derive it then). Sets no other field of q. */
int pc__precompiled_query(long i, pc__query *q);

/* The barriers (match.h's pc__barriers) stored for the pattern stored at
 * i (pc__precompiled_index), or -1 when there are none (i is -1). */
int pc__precompiled_barriers(long i);

/* Sets *mask to the token mask (prefilter.h's pc__token_mask) stored for
 * the pattern stored at i and returns 1, or returns 0 when there is none
 * (i is -1). */
int pc__precompiled_token(long i, uint64_t *mask);

/* Gives back the pages of the stored queries' words and triggers read so
 * far: a check reads programs, not words, and the triggers are read when
 * a pack's trigger index is built (prefilter.h's pc__query_stored), so
 * after a warm-up they need not stay in memory. */
void pc__precompiled_drop_queries(void);

/* Built-in word list name made ready (struct pc__pc_list), or NULL when
 * it is not stored, or the running ICU is not the one that normalised
 * its terms (then its text is read and normalised as any list's). */
const struct pc__pc_list *pc__precompiled_list(const char *name);

/* The list's lines: list_lines + l->first (l from
 * pc__precompiled_list). */
const char *pc__precompiled_list_lines(const struct pc__pc_list *l);

/* Frees the decoded patterns nobody took (a set is decoded whole when
 * its first pattern is asked for). Called at the end of each
 * preparation; pc__precompiled_compile works on after it. */
void pc__precompiled_trim(void);

/* How many patterns came from the stored sets and how many were
 * compiled, since the process started (tests, benchmarks). */
void pc__precompiled_stats(size_t *decoded, size_t *compiled);

/* For the build tool: calls fn(pattern, options, ctx) for every pattern
 * compiled from now on (fn NULL stops it). */
typedef void (*pc__precompiled_note_fn)(const char *pattern,
                                        uint32_t options, void *ctx);
void pc__precompiled_set_note(pc__precompiled_note_fn fn, void *ctx);

/* The hash entries are sorted by: FNV-1a's step over the pattern's
 * length and its bytes eight at a time (native order, as the build's own
 * tool computes it), then the last few bytes one at a time. */
uint64_t pc__precompiled_hash(const char *pattern);

#endif
