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
 * in lower case on both sides, so it holds for caseless patterns too. */
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
} pc__gramset;

/* The prefilter of pattern: the one the build stored for a built-in
 * pattern (precompiled.h), else derived (pc__prefilter_derive). Returns
 * PC_OK (out->n may be 0) or PC_ERR_NOMEM. Free with
 * pc__prefilter_free(). */
pc_status pc__prefilter_build(const char *pattern, pc__prefilter *out);

/* Derives the prefilter of pattern from its text, whatever is stored
 * (the build tool; tests comparing the two). As pc__prefilter_build. */
pc_status pc__prefilter_derive(const char *pattern, pc__prefilter *out);

void pc__prefilter_free(pc__prefilter *p);

/* Fills g with the trigrams of s[0..len), letters in lower case. Returns
 * PC_OK or PC_ERR_NOMEM (then g lets every regex through). Free with
 * pc__gramset_free(). */
pc_status pc__gramset_fill(pc__gramset *g, const char *s, size_t len);

void pc__gramset_free(pc__gramset *g);

/* 1 if the regex may match a text whose trigrams are g. */
int pc__prefilter_pass(const pc__prefilter *p, const pc__gramset *g);

#endif
