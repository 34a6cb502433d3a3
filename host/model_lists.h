/* model_lists.h: the word lists the models look words up in: the
 * features' (model_feat.c) words that refer to an organisation and words
 * of negative evaluation, and the lists model_refer.c judges a quoted
 * sentence by (what refers to the organisation's people, events and work,
 * praise, what turns praise, bodies outside the organisation). The
 * features know no pack, so each list is one for all. Internal to the
 * host. */
#ifndef POSTCHECK_MODEL_LISTS_H
#define POSTCHECK_MODEL_LISTS_H

#include <stddef.h>

enum pc__model_list {
    PC_LIST_ORG, /* the organisation: "trust", "board", "slt", ... */
    PC_LIST_NEG, /* negative evaluation: "amateur...", "glorified" */
    PC_LIST_REF, /* the organisation, its people, events, work: "pupil" */
    PC_LIST_PRAISE,  /* plain praise: "proud", "thanks" */
    PC_LIST_UNPLAIN, /* what turns praise: "but", "once", "apparently" */
    PC_LIST_OUTSIDE, /* bodies outside it: "dfe", "ofsted", "council" */
    /* The shape features' word classes (model_feat.c): */
    PC_LIST_GROUP,   /* a group by a protected characteristic: "women" */
    PC_LIST_YOU,     /* the second person: "you", "ur" */
    PC_LIST_THEY,    /* a third-person pronoun: "they", "those", "him" */
    PC_LIST_HARM,    /* a verb of harm: "hurt", "punch", "kill" */
    PC_LIST_DEHUM,   /* a dehumanising noun: "vermin", "plague", "rats" */
    PC_LIST_NEGATE,  /* negation: "not", "never", "dont", "arent" */
    PC_LIST_REPORT,  /* reporting another's words: "called", "shouted" */
    PC_LIST_WILL,    /* what a threat's verb follows: "ill", "gonna" */
    PC_LIST_INSULT,  /* an insult or slur said of people: "idiot" */
    PC_LIST_COUNT
};

/* Each list's entries by first letter: those of letter c are
 * v[list][lo[list][c]] to v[list][hi[list][c] - 1] (none when hi is 0);
 * entry i's length, len[list][i] (a list has under 255 entries, each
 * under 255 bytes), read where a look-up compares lengths first; the
 * least and the most of its entries' lengths; whether a word that starts
 * with an entry of five letters or more is on it too; and whether a word
 * ending in "s" is on it when the word without the "s" is. */
struct pc__model_lists {
    const char *const *v[PC_LIST_COUNT];
    unsigned char lo[PC_LIST_COUNT][26], hi[PC_LIST_COUNT][26];
    unsigned char len[PC_LIST_COUNT][255];
    unsigned char min[PC_LIST_COUNT], max[PC_LIST_COUNT];
    unsigned char prefix[PC_LIST_COUNT], plural[PC_LIST_COUNT];
};

/* Fills l. */
void pc__model_lists_index(struct pc__model_lists *l);

/* The lists' one index for the process (the features' scratches and
 * model_refer.c share it), filled at the first call: the host is
 * single-threaded. */
const struct pc__model_lists *pc__model_lists(void);

/* pc__model_listed without the plural: w[0, len) is an entry, or starts
 * with one of five letters or more on a list of stems. */
static inline int pc__model_listed_as_is(const struct pc__model_lists *l,
                                         enum pc__model_list list,
                                         const char *w, size_t len)
{
    unsigned c = len ? (unsigned char)w[0] - 'a' : 26;

    if (c >= 26 || len < l->min[list] || len > l->max[list]) {
        return 0;
    }
    for (unsigned i = l->lo[list][c]; i < l->hi[list][c]; i++) {
        const char *e = l->v[list][i];
        size_t k = 1;
        while (k < len && e[k] == w[k]) {
            k++;
        }
        if (e[k] == '\0' && (k == len || (l->prefix[list] && k >= 5))) {
            return 1;
        }
    }
    return 0;
}

/* Returns 1 if the word w[0, len) (folded, a letter a to z first) is on
 * the list: an entry of PC_LIST_ORG, or an entry of PC_LIST_NEG or a word
 * starting with one of five letters or more ("amateurish", "wasteful";
 * "mess" is not "message"); on the lists of model_refer.c an entry, or
 * an entry and an "s" ("pupils", "ofsteds"). Words outside a list's
 * lengths are not looked up. Inline: the features look up every word of
 * a unit. */
static inline int pc__model_listed(const struct pc__model_lists *l,
                                   enum pc__model_list list, const char *w,
                                   size_t len)
{
    return pc__model_listed_as_is(l, list, w, len) ||
           (l->plural[list] && len > 1 && w[len - 1] == 's' &&
            pc__model_listed_as_is(l, list, w, len - 1));
}

/* The entry of the list that w[0, len) (folded, a letter a to z first)
 * is a common misspelling or evasion of, or NULL: the same first and
 * last letters and, in between, two letters swapped ("idoit"), one
 * letter doubled ("iddiot", what a tripled letter is cut to) or, for an
 * entry of six letters or more, one letter left out ("stupd", or
 * "st*pid" once its symbol is dropped; from an entry of five, leaving a
 * letter out makes everyday words: "thick" "tick", "moron" "moon").
 * Only entries of five letters or more are matched this way. */
const char *pc__model_near(const struct pc__model_lists *l,
                           enum pc__model_list list, const char *w,
                           size_t len);

/* The entry of the list that w[0, len) (folded, a letter a to z first)
 * spells with k of its letters masked by symbols at w[at] ("c*nt" read
 * as "cunt": w "cnt", at 1, k 1), or NULL: an entry of len + k letters,
 * the same as w before at and after it, at >= 1 and at < len (its first
 * and last letters shown), k 1 or 2. The symbols say a word is hidden,
 * so entries of any length are matched, those under five letters too;
 * where two would do ("tw*t"), the first in the list's order. */
const char *pc__model_masked(const struct pc__model_lists *l,
                             enum pc__model_list list, const char *w,
                             size_t len, size_t at, size_t k);

#endif
