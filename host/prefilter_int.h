/* prefilter_int.h: the pieces of a pattern's query (prefilter.h) while
 * prefilter_query.c reads the pattern: exact string sets, query trees,
 * and what a part of a pattern sums up to (prefilter_set.c). Internal to
 * the host. */
#ifndef POSTCHECK_PREFILTER_INT_H
#define POSTCHECK_PREFILTER_INT_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "prefilter.h"

/* Zeroed tables kept for the next check (the host is single-threaded):
 * a check's one or two views take them instead of allocating and
 * zeroing a table each (prefilter_leaf.c's bit maps, prefilter_grams.c's
 * slot tables). At most PC_PF_SPARES are kept; when full, the oldest
 * goes. */
#define PC_PF_SPARES 2
typedef struct {
    void *p[PC_PF_SPARES];
    size_t bytes[PC_PF_SPARES];
    size_t n;
} pc__pf_spares;

/* A zeroed table of `bytes` bytes: one kept in s, or a new one (NULL
 * when out of memory). */
static inline void *pc__pf_spare_take(pc__pf_spares *s, size_t bytes)
{
    for (size_t i = s->n; i-- > 0;) {
        if (s->bytes[i] == bytes) {
            void *p = s->p[i];
            s->n--;
            s->p[i] = s->p[s->n];
            s->bytes[i] = s->bytes[s->n];
            return p;
        }
    }
    return calloc(1, bytes);
}

/* Gives table p of `bytes` bytes (or NULL) back to s: zeroed and kept. */
static inline void pc__pf_spare_give(pc__pf_spares *s, void *p,
                                     size_t bytes)
{
    if (!p) {
        return;
    }
    if (s->n == PC_PF_SPARES) {
        free(s->p[0]);
        s->n--;
        s->p[0] = s->p[s->n];
        s->bytes[0] = s->bytes[s->n];
    }
    memset(p, 0, bytes);
    s->p[s->n] = p;
    s->bytes[s->n++] = bytes;
}

#define PC_PF_MAX_SET 32       /* strings in an exact set */
#define PC_PF_MAX_AND 4        /* trigrams kept of one string */
#define PC_PF_MAX_STR 48       /* bytes in one exact string */
#define PC_PF_MAX_CLASS 16     /* characters a class may stand for */

/* A query tree node; NULL stands for "true" (nothing known). */
typedef struct pc__qry {
    int op;                    /* PC_Q_AND, PC_Q_OR, or a leaf's PC_Q_... */
    uint32_t gram;             /* a leaf's value */
    struct pc__qry **kid;
    size_t n;
} pc__qry;

typedef struct pc__pfstr {
    unsigned char b[PC_PF_MAX_STR];
    size_t n;
} pc__pfstr;

typedef struct pc__pfset {
    pc__pfstr *v;
    size_t n;
} pc__pfset;

/* What a part of a pattern sums up to. */
typedef struct pc__pfinfo {
    pc__pfset *ex;             /* exact strings, or NULL: not known */
    pc__qry *q;                /* when ex is NULL: the query, or NULL */
    int empty;                 /* may match "" */
    int open;                  /* more unknown text may follow ex */
    int look;                  /* what a lookahead (1) or lookbehind (2)
                                  finds beside this point, not read */
} pc__pfinfo;

/* The reading of one pattern. */
typedef struct pc__pfparser {
    const char *s;
    size_t i;
    int bail;                  /* syntax we do not follow: no filter */
    int nomem;                 /* out of memory: no filter, an error */
} pc__pfparser;

/* Every function below that takes a pc__pfinfo or pc__qry by value or
 * pointer without const takes it (frees what it does not return); out of
 * memory, they set p->nomem and return what still holds (at worst true,
 * NULL). */

/* Reads a regex quantifier at s[*at], if any (?, *, +, {n}, {n,}, {n,m},
 * with a lazy or possessive mark): returns 1 with *at moved past it and
 * *min, *max (-1: no bound) set; else 0 with *min = *max = 1 and *at
 * unmoved (PCRE2 reads a brace that is not a quantifier as a literal).
 * prefilter_query.c; prefilter.c and prefilter_token.c read with it too. */
int pc__pf_quantifier(const char *s, size_t *at, long *min, long *max);

/* What a group opened at s[*at] ('(') is (pc__pf_group), *at moved past
 * its opening to what it holds, or past the whole of a comment or an
 * option setting, which hold nothing. */
enum pc__pf_group_kind {
    PC_PF_GROUP,   /* a part of the match: "(", "(?:", "(?>", "(?<name>",
                      "(?'name'", "(?P<name>", "(?i:" */
    PC_PF_RESET,   /* the same, a branch reset group: "(?|" */
    PC_PF_AHEAD,   /* a positive lookahead, "(?=" */
    PC_PF_BEHIND,  /* a positive lookbehind, "(?<=" */
    PC_PF_NOT,     /* a negative lookaround, "(?!" or "(?<!" */
    PC_PF_OPTIONS, /* an option setting for the rest, "(?i)" */
    PC_PF_COMMENT, /* "(?#...)" */
    PC_PF_UNREAD   /* what the readers do not follow (*at unmoved): a
                      verb "(*", an unclosed name, extended mode ('x'
                      changes what a space means), conditionals,
                      recursion, callouts */
};

/* Reads the opening of the group at s[*at] ('('), as above
 * (prefilter_query.c; prefilter.c and prefilter_token.c read with it
 * too). */
enum pc__pf_group_kind pc__pf_group(const char *s, size_t *at);

/* 1 if a group of that kind is a lookaround. */
static inline int pc__pf_is_look(enum pc__pf_group_kind kind)
{
    return kind == PC_PF_AHEAD || kind == PC_PF_BEHIND || kind == PC_PF_NOT;
}

/* How often a leaf (a query word) is in a post, roughly and in no
 * unit: the commoner, the larger. */
unsigned long pc__pf_weight(uint32_t leaf);

/* How rare a byte is in English prose, about -10 log2 of its frequency
 * (letters in lower case; digits 60, other ASCII 70, a space 25, the
 * bytes of UTF-8 45): an AND tests its rarest trigram first, and the
 * trigram sets keep their rarest trigram. */
int pc__pf_rarity(unsigned char c);

/* A byte as the collapsed form reads it: letters in lower case, every
 * digit as '0'. */
unsigned char pc__pf_fold(unsigned char c);

/* A trigram as a number, and its first slot in a hash table of
 * mask + 1 slots (prefilter.c's sets, prefilter_grams.c's post). */
static inline uint32_t pc__pf_gram(unsigned char a, unsigned char b,
                                   unsigned char c)
{
    return ((uint32_t)a << 16) | ((uint32_t)b << 8) | c;
}

static inline size_t pc__pf_slot(uint32_t gram, size_t mask)
{
    return (size_t)((gram * 2654435761u) >> 8) & mask;
}

/* An ASCII letter in lower case; any other byte as it is. */
static inline unsigned char pc__pf_lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/* 1 if c is an ASCII white-space byte: PCRE2's \s reads each as one. */
static inline int pc__pf_space(unsigned char c)
{
    return c == ' ' || (c >= 0x09 && c <= 0x0D);
}

void pc__pf_qfree(pc__qry *q);

void pc__pf_free(pc__pfinfo *x);

/* The AND (op PC_Q_AND) or OR (PC_Q_OR) of a and b. NULL is true: it
 * vanishes from an AND and swallows an OR. */
pc__qry *pc__pf_join(pc__pfparser *p, int op, pc__qry *a, pc__qry *b);

/* The query of x: its own, or the OR of its strings' (each the AND of its
 * rarest trigrams, or its pair or byte). */
pc__qry *pc__pf_query(pc__pfparser *p, pc__pfinfo *x);

/* The exact strings chars[0..n), each one character (a code point,
 * written as UTF-8). */
pc__pfinfo pc__pf_chars(pc__pfparser *p, const uint32_t *chars,
                        size_t n);

/* A copy of x's exact set (x itself is kept); not known when x has
 * none. */
pc__pfinfo pc__pf_copy(pc__pfparser *p, const pc__pfinfo *x);

/* "" (a zero-width item). */
pc__pfinfo pc__pf_empty(pc__pfparser *p);

/* a then b. */
pc__pfinfo pc__pf_concat(pc__pfparser *p, pc__pfinfo a, pc__pfinfo b);

/* a or b. */
pc__pfinfo pc__pf_alt(pc__pfparser *p, pc__pfinfo a, pc__pfinfo b);

/* x{min,max} (max -1: no bound). */
pc__pfinfo pc__pf_repeat(pc__pfparser *p, pc__pfinfo x, long min,
                         long max);

/* Sets out's flattened query and triggers from q (prefilter_flat.c),
 * the children of its ANDs put in the order their tests should go (q is
 * reordered); a query too large to write leaves out empty (always run).
 * Returns PC_OK or PC_ERR_NOMEM. */
pc_status pc__pf_finish(pc__query *out, pc__qry *q);

#endif
