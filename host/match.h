/* match.h: terms, patterns and word lists compiled into matchers (PCRE2
 * regexes and plain-term sets), and running them over the views of a
 * text. Knows no JSON, no rules and no packs: the pack loader hands it
 * terms and where to find word lists. Internal to the host. */
#ifndef POSTCHECK_MATCH_H
#define POSTCHECK_MATCH_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>

#include "postcheck/status.h"
#include "postcheck/text.h"
#include "prefilter.h"

/* Limits applied to every pattern match: a pattern that needs more is
 * stopped and reported, never treated as a silent no-match. */
#define PC_MATCH_LIMIT 200000u
#define PC_DEPTH_LIMIT 2000u
#define PC_HEAP_LIMIT_KIB 4096u

/* One compiled regular expression and the view it runs on. */
typedef struct pc__regex {
    pcre2_code *code;
    pc_view view;
    uint32_t id;               /* unique in the process (match.c) */
    pc__query q;               /* leaves a match needs (prefilter.h) */
    long stored;               /* its query's place in the build's table
                                  (pc__precompiled_index), or -1 */
    const char *src;           /* the pattern (the JIT's lead and split,
                                  a query derived, lint's cost report):
                                  the stored text in the binary when the
                                  pattern is stored (precompiled.h), else
                                  a copy, freed with the regex */
    pc__prefilter pf;          /* trigrams a match needs (prefilter.h) */
    unsigned barriers;         /* characters no match reads (match_span.c) */
    unsigned char src_owned;   /* src is the regex's own copy */
    uint64_t token;            /* pc__token_mask (prefilter.h), or 0 */
    unsigned char token_n;     /* how many byte values token allows, when
                                  7 or fewer, else 0 (match.c's
                                  run_words) */
    unsigned char token_bytes[7]; /* those values */
    struct pc__split *split;   /* the pattern as two searches, made with
                                  its JIT code (match_split.c), or NULL */
    struct pc__lead *lead;     /* where its matches can start, made with
                                  its JIT code (match_lead.c), or NULL */
} pc__regex;

/* The words one of which every match of a pattern starts with, after a
 * \b or not (match_lead.c): a run skips to the places they stand. */
typedef struct pc__lead pc__lead;

/* pattern's lead, compiled with options (those it was compiled with):
 * owned, or NULL when it does not open with one (or out of memory). */
pc__lead *pc__lead_new(const char *pattern, uint32_t options);

void pc__lead_free(pc__lead *l);

/* The first place in s[at..len) where a match of the lead's pattern
 * (subject s[0..len)) may start, or len when none can: every place a
 * match starts is one, not the reverse. */
size_t pc__lead_next(const pc__lead *l, const char *s, size_t at,
                     size_t len);

/* A set of terms, patterns and word lists, compiled to regexes. Matching
 * it yields the union of its regexes' matches. */
typedef struct pc__matcher {
    pc__regex *rx;
    size_t n;
    size_t cap;                /* rx's room, grown by doubling */
    struct pc__termset *terms[2]; /* plain terms, per view, or NULL */
    struct pc__matcher **shared; /* word lists, owned by the set's cache */
    size_t n_shared;
    int jitted;                /* pc__matcher_jit done */
    int queried;               /* its regexes' queries derived */
} pc__matcher;

/* One match, as a byte span of a view. */
typedef struct pc__span {
    size_t start;
    size_t end;
    pc_view view;
} pc__span;

typedef struct pc__spans {
    pc__span *v;
    size_t n;
    size_t cap;
} pc__spans;

/* Compiled word lists, shared by every rule and pack of a set that names
 * them: each list is compiled (and JIT-compiled) once per process. */
typedef struct pc__listcache pc__listcache;

/* Where word lists are looked up while a pack compiles. */
typedef struct pc__lists {
    const char *dir;           /* folder of the pack's own lists, or NULL */
    /* Reads list name (from dir, else the built-in lists): owned
     * NUL-terminated text, or NULL when there is no such list. */
    char *(*read)(const char *dir, const char *name);
    pc__listcache *cache;      /* the set's cache, or NULL: compile inline */
    /* List name made ready at build time (precompiled.h), when read
     * would give the built-in list's text; else NULL, and it is read. A
     * NULL function: always read. */
    const struct pc__pc_list *(*ready)(const char *dir, const char *name);
} pc__lists;

/* An empty cache, or NULL when out of memory. */
pc__listcache *pc__listcache_new(void);

void pc__listcache_free(pc__listcache *c);

/* A matcher under construction: plain terms go to a termset (one pass,
 * no regex), terms with spacing or leet variants to a regex alternation,
 * one of each per view. */
typedef struct pc__alt {
    char *buf[2];              /* per view: "(?:a|b|...)" under way */
    size_t len[2];
    size_t cap[2];
    struct pc__termset *terms[2]; /* plain terms, per view */
} pc__alt;

pc_status pc__alt_add_term(pc__alt *alt, const char *term, pc_view view,
                           int spaced, int leet, pc_error *err);
/* term as the view's plain-term sets hold it (pc__alt_add_term's first
 * step): normalised for view and trimmed; owned, or NULL with *st (and
 * err) set: PC_ERR_PACK when nothing is left ("empty term"). */
char *pc__term_normalise(const char *term, pc_view view, pc_status *st,
                         pc_error *err);
/* t, already normalised for view (pc__term_normalise), added to view's
 * plain terms: PC_OK, or PC_ERR_NOMEM with err not set. */
pc_status pc__alt_add_plain(pc__alt *alt, const char *t, pc_view view);
pc_status pc__alt_add_list(pc__alt *alt, pc__matcher *m, const char *name,
                           const pc__lists *lists, pc_error *err);
/* Appends s to view v's alternation (match_alt.c): 0, or -1 when out of
 * memory. */
int pc__alt_puts(pc__alt *alt, pc_view v, const char *s);
pc_status pc__alt_finish(pc__alt *alt, pc__matcher *m, pc_error *err);
void pc__alt_free(pc__alt *alt);

/* What a regex runs with (the host is single-threaded: one kept for the
 * process by each file that runs them): a match context with the limits
 * above and the process's one JIT stack, and match data for one pair.
 * Zeroed, it is made at the first run (pc__match_ready). A file whose
 * context differs keeps its own (match_split.c sets an offset limit on
 * its context). */
typedef struct pc__match_state {
    pcre2_match_context *ctx;
    pcre2_match_data *md;
} pc__match_state;

/* Makes st (pc__match_ready): 0, or -1 when out of memory (st made as
 * far as it could be; the next call makes the rest). In match_split.c
 * (match.c reads it: no import cycle). */
int pc__match_make(pc__match_state *st);

/* 0 when st is made (made now if not yet), or -1 when out of memory. */
static inline int pc__match_ready(pc__match_state *st)
{
    return st->md ? 0 : pc__match_make(st);
}

/* pcre2_match of code over s[0..len) (valid UTF-8) from `at`, with
 * PCRE2_NO_UTF_CHECK, as every regex here runs: through
 * pcre2_jit_match, which pcre2_match calls for JIT code after checks
 * the caller has made, when code is JIT-compiled (it answers
 * PCRE2_ERROR_JIT_BADOPTION when not), else interpreted. */
static inline int pc__match_jit(const pcre2_code *code, const char *s,
                                size_t len, size_t at, pcre2_match_data *md,
                                pcre2_match_context *mc)
{
    int rc = pcre2_jit_match(code, (PCRE2_SPTR)s, len, at,
                             PCRE2_NO_UTF_CHECK, md, mc);

    return rc != PCRE2_ERROR_JIT_BADOPTION
               ? rc
               : pcre2_match(code, (PCRE2_SPTR)s, len, at,
                             PCRE2_NO_UTF_CHECK, md, mc);
}

/* Compiles one user regex for view into m. On a bad pattern, err names
 * the pattern and PCRE2's offset and message (PC_ERR_PATTERN). */
pc_status pc__matcher_add_regex(pc__matcher *m, const char *pattern,
                                pc_view view, pc_error *err);

/* JIT-compiles every regex of m and its word lists, and derives their
 * queries (pc__query_derive): for a caller about to check many posts. */
void pc__matcher_jit(pc__matcher *m);

/* The JIT on demand, for a host between checks: derives the queries of
 * m's regexes and its word lists' (once), and JIT-compiles those of them
 * a check has run (pc__matcher_run) since. Returns how many it compiled.
 * A regex no check has run stays interpreted, its JIT code never made:
 * most of a pack's regexes are skipped on most posts by their triggers. */
size_t pc__matcher_warm(pc__matcher *m);

/* How many regexes (of every matcher in the process) a check has run
 * that wait for pc__matcher_warm or pc__matcher_jit. */
size_t pc__matcher_jit_waiting(void);

/* Notes that a check is about to run rx (pc__matcher_run): the first
 * time, it waits for the JIT. */
void pc__jit_note(const pc__regex *rx);

/* Forgets rx, about to be freed (pc__matcher_free). */
void pc__jit_forget(const pc__regex *rx);

/* The same record for regexes that are not a pc__regex (the detectors'):
 * a new id, unique in the process (pc__regex ids come from it too); a
 * check about to run the regex with this id; the regex freed; and, for
 * the warm-up, whether to JIT-compile it now (all: unless it was; else
 * only when a check has run it since), recorded as done when yes. */
uint32_t pc__jit_id(void);
void pc__jit_note_id(uint32_t id);
void pc__jit_forget_id(uint32_t id);
int pc__jit_take_id(uint32_t id, int all);

void pc__matcher_free(pc__matcher *m);

/* A pattern `^(?![\s\S]{0,N}X)[\s\S]{0,M}?Y` taken apart into two
 * searches that find the same match (match_split.c). */
typedef struct pc__split pc__split;

/* pattern, compiled with options (those it was compiled with), taken
 * apart (its parts JIT-compiled):
 * owned, or NULL when it is not of that form, a part cannot be searched
 * for alone, or memory runs out (then run the pattern itself). */
pc__split *pc__split_new(const char *pattern, uint32_t options);

void pc__split_free(pc__split *sp);

/* What a run of the whole pattern over s[0..len) from `at` appends to out
 * (run as match.c runs every regex), appended: its one match, with view.
 * leaves, when not NULL, are those of s (pc__leafset_fill): X is not
 * searched for when its query rules it out. Returns PC_OK, PC_ERR_NOMEM,
 * or PC_ERR_LIMIT when a search hit a match limit. */
pc_status pc__split_run(const pc__split *sp, const char *s, size_t at,
                        size_t len, pc_view view, const pc__leafset *leaves,
                        pc__spans *out);

/* A pack's plain-term sets, gathered to be matched in one pass per view
 * (match_seen.c). */
typedef struct pc__termindex pc__termindex;

/* An empty index, or NULL when out of memory. */
pc__termindex *pc__termindex_new(void);

void pc__termindex_free(pc__termindex *ix);

/* Adds m's plain-term sets, its word lists' included (each set once). */
pc_status pc__termindex_add(pc__termindex *ix, const pc__matcher *m);

/* Builds the one-pass sets; call once, after the last add. */
pc_status pc__termindex_finish(pc__termindex *ix);

/* Indexes again the triggers of ix's regexes, whose queries
 * (pc__query_derive) came after pc__termindex_finish (the idle warm-up
 * derives them). Returns PC_OK or PC_ERR_NOMEM (then no regex is
 * skipped by its triggers: each one's query is tested). */
pc_status pc__termindex_retrigger(pc__termindex *ix);

/* The triggers of the regexes of a pack's matchers (prefilter.h), to
 * find in one pass over a post which regexes may match it
 * (match_trig.c). */
typedef struct pc__trigindex pc__trigindex;

/* An empty index, or NULL when out of memory. */
pc__trigindex *pc__trigindex_new(void);

void pc__trigindex_free(pc__trigindex *t);

/* Adds rx (borrowed: it must outlive t). */
pc_status pc__trigindex_add(pc__trigindex *t, const pc__regex *rx);

/* Builds the look-up table; call once, after the last add. */
pc_status pc__trigindex_finish(pc__trigindex *t);

/* A new index of the same regexes as t (finished), read again (their
 * queries may have changed), or NULL when out of memory. */
pc__trigindex *pc__trigindex_again(const pc__trigindex *t);

/* The regexes of t that a text may make match: an owned bit set for
 * pc__trigindex_marked (free with free()), or NULL when t is NULL or
 * empty, a view has no leaves or out of memory. leaves are those of the
 * text's views (pc__leafset_fill): their bit maps are read word by word
 * against the bits of t's keys (pc__leaf_bit), once for both views when
 * the two share them (pc__views_alike), and their exact sets, when they
 * have them, answer for a key and its check. A bit map may say yes to a
 * leaf that is not there, so a regex may be marked whose triggers are
 * not in the text (its query then rules it out), never the reverse.
 * Costs a test a word of the maps, and one a key whose bit is set. */
uint64_t *pc__trigindex_scan(const pc__trigindex *t,
                             const pc__leafset leaves[2]);

/* For a regex of t: 1 if the scan that gave bits found one of its
 * triggers, 0 if it found none (the regex cannot match). -1 for a regex
 * t does not know or that had no triggers when it was added (test its
 * query). */
int pc__trigindex_marked(const pc__trigindex *t, const uint64_t *bits,
                         const pc__regex *rx);

/* For rx[0..n) (n <= 64), regexes of one matcher: bit k set when rx[k]
 * is one pc__trigindex_marked would answer 0 for (none of its triggers
 * found), so that a matcher passes over its regexes 64 at a time. 0 (no
 * answer) unless t indexed these very regexes and their ids are
 * consecutive, or when t or bits is NULL. */
uint64_t pc__trigindex_none(const pc__trigindex *t, const uint64_t *bits,
                            const pc__regex *rx, size_t n);

#define PC_TRIG_MAX_TEXT 4096u

/* What a check reads once from its post for every matcher run over it:
 * the trigrams and leaves of its two views ([PC_VIEW_FOLD],
 * [PC_VIEW_CASED]; a regex whose trigram sets or query do not hold is
 * skipped), which of the pack's regexes its triggers may make match, and
 * the matches of every plain-term set of the pack's index. */
typedef struct pc__seen {
    pc__gramset grams[2];
    int has_grams;
    pc__leafset leaves[2];     /* the views' leaves, for queries */
    const pc__trigindex *trig;  /* the pack's triggers, or NULL */
    uint64_t *cand;            /* which of them the post has (NULL: not
                                  looked up; test each regex's query) */
    struct pc__spanindex *where[2]; /* long views only (match_span.c) */
    int alike;                 /* the views are pc__views_alike: [1]'s
                                  grams, leaves and where are [0]'s */
    const pc__termindex *index; /* NULL: matchers scan their terms */
    pc__spans *hits;           /* per member of index */
} pc__seen;

/* Fills seen from t: its trigrams and leaves, the regexes of ix its
 * triggers may make match (for a post of at most PC_TRIG_MAX_TEXT bytes;
 * a longer one tests each regex's query), and the matches of ix's terms
 * (ix may be NULL). Returns PC_OK, or PC_ERR_NOMEM (seen then holds less, and
 * matchers do the rest themselves: the matches are the same). Free with
 * pc__seen_free(), even after a failure. */
pc_status pc__seen_fill(pc__seen *seen, const pc__termindex *ix,
                        const pc_text *t);

void pc__seen_free(pc__seen *seen);

/* The matches of term set ts in seen's post, or NULL when seen did not
 * gather them. */
const pc__spans *pc__seen_terms(const pc__seen *seen,
                                const struct pc__termset *ts);

/* Appends every match of m in t to out. seen, when not NULL, is what was
 * read from t once (pc__seen_fill): trigrams for the prefilter, the
 * matches of the pack's plain terms. deadline (pc_clock_ns() time, 0 =
 * none) bounds the time of all the calls together. Returns PC_OK,
 * PC_ERR_NOMEM, or PC_ERR_LIMIT when a regex hit a match limit or the
 * deadline passed (matches so far kept). */
pc_status pc__matcher_run(const pc__matcher *m, const pc_text *t,
                          const pc__seen *seen, long long deadline,
                          pc__spans *out);

/* 1 if m has at least one regex. */
int pc__matcher_empty(const pc__matcher *m);

/* Where in a long view a regex can match (match_span.c): a view of
 * PC__SPAN_MIN_BYTES to PC__SPAN_MAX_BYTES is indexed by trigram position
 * and cut at the characters that end sentences and lines (about 12 bytes
 * of index a byte; a longer view runs every regex whole). */
#define PC__SPAN_MIN_BYTES 4096
#define PC__SPAN_MAX_BYTES (256u * 1024u)
#define PC__SPAN_WHOLE ((size_t)-1)

typedef struct pc__spanindex pc__spanindex;

/* A stretch of a view to run a regex over: from `from`, the subject
 * ending at `end`. */
typedef struct pc__window {
    size_t from;
    size_t end;
} pc__window;

/* The barrier characters ('\n', '.', '!', '?': bits 0-3) that neither
 * pattern nor a lookahead in it can read; 0 when it has constructs this
 * does not follow (match_barrier.c). */
unsigned pc__barriers(const char *pattern);

/* Indexes view s[0..len): NULL when it is short, holds a character a
 * caseless pattern reads as an ASCII letter, or memory runs out (then
 * every regex runs over the whole view). Borrows s. Free with
 * pc__spanindex_free(). */
pc__spanindex *pc__spanindex_new(const char *s, size_t len);

/* pc__spanindex_new, and when it gives an index and g is not NULL, g
 * filled from the same walk with the trigrams of s (those
 * pc__gramset_fill finds, without its stretches: g->in NULL), its slots
 * the index's own table: the index then reads them, so free it no later
 * than g (pc__gramset_free). When it gives NULL, g is untouched. */
pc__spanindex *pc__spanindex_fill(const char *s, size_t len,
                                  pc__gramset *g);

void pc__spanindex_free(pc__spanindex *ix);

/* 1 if a[0..a_len) and b[0..b_len) are the same bytes but for the case
 * of ASCII letters, as a post's two views are when folding changes
 * nothing else. Everything read from a view for skipping (trigrams,
 * leaves, barriers, the index above) ignores that case, so one view's
 * then serves the other. */
int pc__views_alike(const char *a, size_t a_len, const char *b,
                    size_t b_len);

/* The windows of ix's view where a pattern with prefilter pf and
 * barriers (pc__barriers) can match, ascending and apart, in *out (owned,
 * free with free()); running it over each, from its `from` with the
 * subject ending at its `end`, finds exactly the matches of one run over
 * the whole view. Returns their count, or PC__SPAN_WHOLE (*out NULL) when
 * it must run over the whole view. */
size_t pc__span_windows(const pc__spanindex *ix, const pc__prefilter *pf,
                        unsigned barriers, pc__window **out);

pc_status pc__spans_push(pc__spans *s, size_t start, size_t end,
                         pc_view view);
void pc__spans_free(pc__spans *s);

#endif
