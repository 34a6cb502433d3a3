/* model_lists.c: the word lists of the model features (model_lists.h),
 * and their index by first letter, so a word is compared only with the
 * entries that start as it does (the look-up, pc__model_listed, is inline
 * in the header). */
#include "model_lists.h"

/* Words that refer to an organisation as a whole or its governing body,
 * whichever pack checks the post (the features know no pack): what a
 * member or employee calls it ("the trust", "the board", "the
 * conference", "SLT") and the five built-in packs' short names. Sorted,
 * lower case a to z (pc__model_lists_index finds each letter's
 * entries). */
static const char *const org_words[] = {
    "academy", "ala", "alliance", "alt", "association", "board", "ceo",
    "chapter", "committee", "conference", "executive", "faculty", "firm",
    "governors", "hq", "leadership", "llmat", "management", "organisation",
    "organization", "school", "slt", "society", "trust", "trustees",
};

/* Words and stems of negative evaluation: what a put-down of an
 * organisation says without an insult word (decline, amateurishness,
 * waste, cronyism, pretence, neglect) and the general words of judging
 * something bad. Sorted, lower case a to z, as org_words; every entry is
 * at least NEG_MIN letters long, so shorter words are not looked up. */
#define NEG_MIN 4
static const char *const neg_stems[] = {
    "absurd", "abysmal", "amateur", "appalling", "arrogan", "awful",
    "backward", "bland", "bloated", "boring", "boxtick", "broken",
    "bureaucra", "chaos", "chaotic", "clique", "clueless", "coasting",
    "condescend", "corrupt", "cronies", "crony", "dated", "declin", "dire",
    "disappoint", "disgrace", "dreadful", "dull", "dysfunction", "elitis",
    "embarrass", "excuse", "fail", "failed", "failing", "fails", "failure",
    "farce", "feeble", "gimmick", "glorified", "gravy", "greed", "gutless",
    "hopeless", "hypocri", "ignor", "incompet", "inept", "irrelevan", "joke",
    "jokes", "junket", "laughable", "lazy", "mediocr", "mess", "messy",
    "neglect", "nepotis", "nonsense", "outdated", "overpaid", "overpriced",
    "pathetic", "patronis", "patroniz", "pointless", "poor", "poorly",
    "pretend", "ridiculous", "ripoff", "rotten", "rubbish", "shabby", "sham",
    "shambl", "shame", "sinking", "sloppy", "snob", "snobb", "spineless",
    "stagnat", "terrible", "toothless", "toxic", "useless", "vanity", "waste",
    "worse", "worst",
};

static const struct {
    const char *const *v;
    unsigned n;
    unsigned char min, max, prefix;
} lists[PC_LIST_COUNT] = {
    [PC_LIST_ORG] = {org_words, sizeof org_words / sizeof *org_words, 2, 12,
                     0},
    [PC_LIST_NEG] = {neg_stems, sizeof neg_stems / sizeof *neg_stems,
                     NEG_MIN, 255, 1},
};

void pc__model_lists_index(struct pc__model_lists *l)
{
    for (unsigned k = 0; k < PC_LIST_COUNT; k++) {
        for (unsigned c = 0; c < 26; c++) {
            l->lo[k][c] = 0;
            l->hi[k][c] = 0;
        }
        for (unsigned i = lists[k].n; i-- > 0;) {
            unsigned c = (unsigned char)lists[k].v[i][0] - 'a';
            if (l->hi[k][c] == 0) {
                l->hi[k][c] = (unsigned char)(i + 1);
            }
            l->lo[k][c] = (unsigned char)i;
        }
        l->v[k] = lists[k].v;
        l->min[k] = lists[k].min;
        l->max[k] = lists[k].max;
        l->prefix[k] = lists[k].prefix;
    }
}
