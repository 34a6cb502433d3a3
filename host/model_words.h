/* model_words.h: the words the models' features are made of
 * (model_feat.c), cut from a folded text by model_words.c: white space
 * and punctuation that joins nothing separate words, leet digits and
 * symbols inside a word stand for their letters, and runs of single
 * letters ("s t u p i d") are joined. Private to the model module. */
#ifndef PC_MODEL_WORDS_H
#define PC_MODEL_WORDS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "postcheck/model.h"

#define WORD_CAP 32 /* bytes of a word kept (longer are cut) */

enum { W_WORD = 0, W_HANDLE = 1, W_NUMBER = 2 };

struct word {
    char w[WORD_CAP + 1];
    unsigned char len;
    unsigned char kind;
    char tag; /* the shape features' class of the word (tag_words), or 0 */
    uint32_t lists; /* bit k: on list k of model_lists.h (tag_words) */
};

struct words {
    struct word v[PC_MODEL_MAX_WORDS];
    size_t n;
    int spaced; /* pc__model_cut_words met a run of three or more single
                 * ASCII letters: pc__model_join_spaced has one to join */
};

/* Word w becomes list entry e (n bytes), with an "s" after it when
 * plural: what model_words.c's unmask and model_lists_tab.c's read_near
 * read a word as. unmask checks that e and its "s" fit in WORD_CAP;
 * read_near's entry is within a letter of the word's length
 * (pc__model_near). */
static inline void pc__model_become(struct word *w, const char *e, size_t n,
                                    int plural)
{
    memcpy(w->w, e, n);
    if (plural) {
        w->w[n++] = 's';
    }
    w->w[n] = '\0';
    w->len = (unsigned char)n;
}

/* 1 when w is a single ASCII letter: a run of three or more of them is
 * joined (pc__model_join_spaced). */
static inline int pc__model_single(const struct word *w)
{
    return w->kind == W_WORD && w->len == 1 && (unsigned char)w->w[0] < 0x80;
}

/* The length in bytes of the character at s[i]; *sep is 1 when it
 * separates words (ASCII white space and punctuation that joins nothing
 * inside a word; beyond ASCII anything but a word character, text.h). */
size_t pc__model_char_at(const unsigned char *s, size_t len, size_t i,
                         int *sep);

/* Cuts s[0, len) into words (ws->n of them, at most PC_MODEL_MAX_WORDS). */
void pc__model_cut_words(const unsigned char *s, size_t len, struct words *ws);

/* pc__model_cut_words, stopping at max words (at most
 * PC_MODEL_MAX_WORDS): the first max words it cuts, as a cut of a longer
 * text that goes on from s[len] stops at them (each step of the cut adds
 * one word at most). */
void pc__model_cut_words_max(const unsigned char *s, size_t len,
                             struct words *ws, size_t max);

/* Joins every run of three or more single ASCII letters into one word
 * (ws as pc__model_cut_words cut it: none when it met no run). */
void pc__model_join_spaced(struct words *ws);

/* The rest is model_lists_tab.c's. The lists of model_lists.h that word w[0, len) is on, as bits (bit k:
 * list k), each as pc__model_listed says, from one look-up of the word
 * in a table of every list's entries (and of its stems and the word
 * without an "s" where a list takes them), where pc__model_listed
 * compares the word with a list's entries one by one. */
uint32_t pc__model_lists_of(const char *w, size_t len);

/* Fills that table now, if not yet (it is filled at its first use
 * otherwise): when a pack's models are parsed, so no check does it. */
void pc__model_words_prepare(void);

/* Tags each word of ws with its class in the shape features (model.h):
 * '@' a handle, 'G' a group by a protected characteristic, 'Y' the second
 * person, 'T' a third-person pronoun, 'O' the organisation, 'H' a verb of
 * harm, 'D' a dehumanising noun, 'N' negation, 'R' a reporting verb, 'W'
 * what a threat's verb follows, 'I' an insult or slur (also a word an
 * edit away from one, which becomes the insult: pc__model_near); 0 any
 * other word; and with the lists it is on (after it became the insult). */
void pc__model_tag_words(struct words *ws);

#endif
