/* model_lists.h: the word lists the model features look words up in
 * (model_feat.c): words that refer to an organisation, and words of
 * negative evaluation. The features know no pack, so each list is one for all.
 * Internal to the host. */
#ifndef POSTCHECK_MODEL_LISTS_H
#define POSTCHECK_MODEL_LISTS_H

#include <stddef.h>

enum pc__model_list {
    PC_LIST_ORG, /* the organisation: "trust", "board", "slt", ... */
    PC_LIST_NEG, /* negative evaluation: "amateur...", "glorified" */
    PC_LIST_COUNT
};

/* Each list's entries by first letter: those of letter c are
 * v[list][lo[list][c]] to v[list][hi[list][c] - 1] (none when hi is 0);
 * the lengths of the words looked up in it; and whether a word that
 * starts with an entry of five letters or more is on it too. */
struct pc__model_lists {
    const char *const *v[PC_LIST_COUNT];
    unsigned char lo[PC_LIST_COUNT][26], hi[PC_LIST_COUNT][26];
    unsigned char min[PC_LIST_COUNT], max[PC_LIST_COUNT];
    unsigned char prefix[PC_LIST_COUNT];
};

/* Fills l (once per scratch: pc__feat_scratch_new). */
void pc__model_lists_index(struct pc__model_lists *l);

/* Returns 1 if the word w[0, len) (folded, a letter a to z first) is on
 * the list: an entry of PC_LIST_ORG, or an entry of PC_LIST_NEG or a word
 * starting with one of five letters or more ("amateurish", "wasteful";
 * "mess" is not "message"). Words outside a list's lengths are not
 * looked up. Inline: the features look up every word of a unit. */
static inline int pc__model_listed(const struct pc__model_lists *l,
                                   enum pc__model_list list, const char *w,
                                   size_t len)
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

#endif
