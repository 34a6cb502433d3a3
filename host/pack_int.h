/* pack_int.h: the compiled form of a policy pack, shared by pack.c (which
 * builds it), match.c (which compiles and runs matchers) and rules.c /
 * rules_lint.c (which run it). Internal to the host. */
#ifndef POSTCHECK_PACK_INT_H
#define POSTCHECK_PACK_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <jansson.h>
#include <pcre2.h>
#include <stdint.h>

#include "postcheck/detect.h"
#include "postcheck/pack.h"
#include "postcheck/rules.h"
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
    char *src;                 /* the pattern, for lint's cost report */
    pc__prefilter pf;          /* trigrams a match needs (prefilter.h) */
} pc__regex;

/* A set of terms, patterns and word lists, compiled to regexes. Matching
 * it yields the union of its regexes' matches. */
typedef struct pc__matcher {
    pc__regex *rx;
    size_t n;
    struct pc__termset *terms[2]; /* plain terms, per view, or NULL */
    const struct pc__matcher **shared; /* word lists, owned by the set */
    size_t n_shared;
    int jitted;
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

typedef enum pc__kind {
    PC_RULE_PATTERN,
    PC_RULE_REQUIRES,
    PC_RULE_DETECTOR,
    PC_RULE_ATTACHMENT,
    PC_RULE_ACCOUNT,
    PC_RULE_SCHEDULE
} pc__kind;

typedef enum pc__attach {
    PC_ATTACH_LOGO,
    PC_ATTACH_CHILDREN,
    PC_ATTACH_PEOPLE
} pc__attach;

typedef struct pc__rule {
    char *id;
    char *category;
    char *clause;
    char *quote;
    char *message;
    char *suggestion;          /* may be NULL */
    pc__kind kind;
    pc_severity severity;
    unsigned applies;          /* bit mask of pc_account values */
    pc_account first_account;  /* first of applies_to, for examples */
    pc__matcher match;         /* pattern; requires trigger; context */
    pc__matcher unless;
    pc__matcher near;
    size_t near_window;
    int near_org;              /* mentions count as near context */
    int near_sentence;         /* ...and only within the same sentence */
    pc__matcher required;
    int trigger_org;           /* requires: trigger is any mention */
    int when_mentioned;
    char **detectors;
    size_t n_detectors;
    pc__attach attach;
    json_t *examples;          /* owned reference, for lint */
} pc__rule;

struct pc_pack {
    char *id;
    char *name;
    char *organisation;
    char *version;
    char *source;
    char *path;
    pc__matcher mention;       /* names, handles, hashtags, domains */
    pc__matcher not_mention;   /* look-alikes that are not mentions */
    char **compact_names;      /* names folded to letters and digits */
    int *compact_multi;        /* 1 where the name had several words */
    size_t n_compact;
    pc__matcher logo_words;    /* "logo", "crest", ... */
    int has_hours;
    unsigned hours_days;       /* bit (1 << wday) */
    int hours_start;           /* minutes since midnight */
    int hours_end;
    uint64_t *logos;
    size_t n_logos;
    int logo_distance;
    pc__rule *rules;
    size_t n_rules;
    pc_packset *set;           /* the set it belongs to (detectors) */
    const char *blob;          /* built-in: the JSON, parsed at first use */
    size_t blob_len;
    int parsed;                /* rules and matchers are built */
    int prepared;              /* JIT done (at the first check) */
};

/* Compiled word lists, shared by every rule and pack of a set that names
 * them: each list is compiled (and JIT-compiled) once per process. */
typedef struct pc__listcache pc__listcache;

/* Where word lists are looked up while a pack compiles. */
typedef struct pc__lists {
    const char *dir;           /* folder of the pack's own lists, or NULL */
    pc__listcache *cache;      /* the set's cache, or NULL: compile inline */
} pc__lists;

/* An empty cache, or NULL when out of memory. */
pc__listcache *pc__listcache_new(void);

void pc__listcache_free(pc__listcache *c);

/* The set's list cache (created with the set). */
pc__listcache *pc__set_listcache(pc_packset *s);

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
pc_status pc__alt_add_list(pc__alt *alt, pc__matcher *m, const char *name,
                           const pc__lists *lists, pc_error *err);
pc_status pc__alt_finish(pc__alt *alt, pc__matcher *m, pc_error *err);
void pc__alt_free(pc__alt *alt);

/* Compiles one user regex for view into m. On a bad pattern, err names
 * the pattern and PCRE2's offset and message (PC_ERR_PATTERN). */
pc_status pc__matcher_add_regex(pc__matcher *m, const char *pattern,
                                pc_view view, pc_error *err);

/* JIT-compiles every regex of m (done lazily, at first use). */
void pc__matcher_jit(pc__matcher *m);

void pc__matcher_free(pc__matcher *m);

/* Appends every match of m in t to out. grams, when not NULL, holds the
 * trigrams of t's two views ([PC_VIEW_FOLD], [PC_VIEW_CASED]): a regex
 * none of whose required trigrams is there is skipped. Returns PC_OK,
 * PC_ERR_NOMEM, or PC_ERR_LIMIT when a regex hit a match limit (matches
 * so far kept). */
pc_status pc__matcher_run(const pc__matcher *m, const pc_text *t,
                          const pc__gramset *grams, pc__spans *out);

/* 1 if m has at least one regex. */
int pc__matcher_empty(const pc__matcher *m);

pc_status pc__spans_push(pc__spans *s, size_t start, size_t end,
                         pc_view view);
void pc__spans_free(pc__spans *s);

/* Makes the pack ready to run: a built-in pack is parsed in full at its
 * first use (only its id, name and version are read at start-up), and
 * its regexes are JIT-compiled. Returns PC_OK, or the parse error of a
 * built-in pack (which the test suite's lint rules out). */
pc_status pc__pack_prepare(pc_pack *p, pc_error *err);

/* The set's detectors, compiled at their first use. NULL with err set
 * when they fail to compile. */
const pc_detectors *pc__set_detectors(pc_packset *s, pc_error *err);

#endif
