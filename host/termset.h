/* termset.h: a set of plain terms (words and phrases) matched in one pass
 * over a view, without regexes. Internal to the host.
 *
 * Each term is stored normalised (as the view it runs on). The scan visits
 * each token start of the text once and looks up the terms whose first
 * token is the token there (a hash of the first token), then checks the
 * rest of each candidate: white space in a term matches any run of white
 * space; a term that starts (ends) with a word character (text.h's
 * pc_text_word_at) matches only where the text has no word character
 * just before (after) it. At each
 * place the longest term wins and the scan goes on after it, as a regex
 * alternation scan would. */
#ifndef POSTCHECK_TERMSET_H
#define POSTCHECK_TERMSET_H

#include <stddef.h>
#include <stdint.h>

#include "postcheck/status.h"

typedef struct pc__termset pc__termset;

/* An empty set. Returns NULL when out of memory. */
pc__termset *pc__termset_new(void);

void pc__termset_free(pc__termset *ts);

/* Adds a normalised, trimmed, non-empty term (copied). */
pc_status pc__termset_add(pc__termset *ts, const char *term);

/* Adds a term as pc__termset_add does, owned by owner: a set whose terms
 * have several owners is scanned once for all of them
 * (pc__termset_scan_alike). pc__termset_add's terms are owner 0. */
pc_status pc__termset_add_owned(pc__termset *ts, const char *term,
                                uint32_t owner);

/* Adds every term of from (NULL: none), owned by owner. */
pc_status pc__termset_add_set(pc__termset *ts, const pc__termset *from,
                              uint32_t owner);

/* Builds the lookup table; call once after the last add. */
pc_status pc__termset_finish(pc__termset *ts);

/* Number of terms. */
size_t pc__termset_count(const pc__termset *ts);

/* Calls emit(arg, start, end) for every match in s[0..len), in order.
 * Returns PC_OK, or the first non-PC_OK status emit returned. */
pc_status pc__termset_scan(const pc__termset *ts, const char *s, size_t len,
                           pc_status (*emit)(void *arg, size_t start,
                                             size_t end),
                           void *arg);

typedef pc_status (*pc__termset_emit)(void *arg, uint32_t owner,
                                      size_t start, size_t end);

/* One set's part of pc__termset_scan_alike: the set (NULL: none), its
 * text, and where its matches go. */
typedef struct pc__termscan {
    const pc__termset *ts;
    const char *s;
    pc__termset_emit emit;
    void *arg;
} pc__termscan;

/* pc__termset_scan for every owner of each set of v[0..n) (n is 1 or 2)
 * at once, over its text, the texts of len bytes each and alike but for
 * the case of ASCII letters (the same tokens), each with a NUL at len
 * (as a view has: the walk's loops stop there): one walk of their tokens
 * for all. Each owner of each set gets exactly the matches a set of its
 * terms alone would give, in order (matches of different owners may
 * overlap; the sets' emits interleave). Returns PC_OK, PC_ERR_NOMEM, or
 * the first non-PC_OK status an emit returned. */
pc_status pc__termset_scan_alike(const pc__termscan *v, int n, size_t len);

#endif
