/* model.h: trained linear classifiers (harassment, disparaging) scored
 * over hashed text features. No JSON, no I/O; the word character comes
 * from the text module (text.h).
 *
 * The features of a piece of text are computed here and nowhere else, by
 * pc_model_features(), both at run time and for training (the training
 * script, host/policies/models/train.py, reads them from `postcheck model
 * features`), so a model sees at run time exactly what it was fitted on.
 *
 * Features (version PC_MODEL_FEATURES): the text is the folded view of
 * the text module (NFKC, case folded, confusables mapped), cut into words
 * at white space, ASCII punctuation that joins nothing (, / ( ) : ; " ?
 * and the like) and any character beyond ASCII that is not a word
 * character (text.h), then cleaned
 * of cheap evasion: inside a word, leet digits and symbols become letters
 * (0 o, 1 i, 3 e, 4 a, 5 s, 7 t, 9 g, @ a, $ s, ! i), other symbols inside a
 * word are dropped ("f*ck", "i.d.i.o.t"; one run of one or two of * # % - _
 * . + between letters that hides an insult's letters makes the word that
 * insult, whatever its length: "c*nt"), a run of three or more
 * single letters is joined ("s t u p i d"), and a letter repeated more
 * than twice is cut to two. Then: every word, every pair of adjacent
 * words, the character 3-, 4- and 5-grams of every word with its edges
 * marked; when a word refers to an organisation ("trust", "board",
 * "conference", "school", "slt", a built-in pack's short name: the list is
 * in model_lists.c), every word again crossed with that ("o" + word); "x"
 * + "negative" when a word of negative evaluation is there (a short list
 * of words and stems: "amateur...", "glorified", "waste...", "declin..."),
 * "x" + "org-negative" when both are; the shape features (version 4): the
 * word pairs and triples again with a class standing for each word of
 * one (a group by a protected characteristic, the second person, a
 * third-person pronoun, a handle, a verb of harm, a dehumanising noun,
 * negation, a reporting verb, what a threat's verb follows, and since
 * version 5 an insult or slur: "s" + "#G are too"), a threat's form ("x" +
 * "threat", "threat!" negated, "threat>G" with its target), each class
 * the unit holds ("u" + "I", version 5) and each pair of them ("u" +
 * "GD"); a word that spells an insult to evade (two inner letters
 * swapped, one doubled or left out: "idoit") is read as the insult
 * (version 5; version 6: the insult class holds 26 more British
 * insults, "wally", "berk", "gobshite", ...);
 * and the extra features the caller
 * hands in ("x" + name: the hostile detector's hits). Each is hashed (FNV-1a, 32 bits) into
 * PC_MODEL_BUCKETS buckets; a bucket counts once. A text's vector is 1
 * in each of its n buckets, scaled by 1/sqrt(n).
 *
 * A model is a text file (host/policies/models/NAME.model, format in
 * host/policies/models/README.md): a bias and the non-zero weights by
 * bucket. Its score is the logistic of bias + w.x, a number in (0, 1). */
#ifndef POSTCHECK_MODEL_H
#define POSTCHECK_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "postcheck/status.h"

/* The feature version a model file must name, and the bucket count. */
#define PC_MODEL_FEATURES 6
#define PC_MODEL_BUCKETS (1u << 18)

/* The features of one text: distinct bucket indices, ascending. Zero
 * initialise before first use. */
typedef struct pc_feats {
    uint32_t *v;
    size_t n;
    size_t cap;
} pc_feats;

/* Computes the features of the folded text s[0, len) (UTF-8) plus the
 * n_extras extra feature names (may be 0), replacing out's contents.
 * Only the first PC_MODEL_MAX_WORDS words count. Returns PC_OK or
 * PC_ERR_NOMEM. */
#define PC_MODEL_MAX_WORDS 400
pc_status pc_model_features(const char *s, size_t len,
                            const char *const *extras, size_t n_extras,
                            pc_feats *out);

/* Frees f's storage and zeroes it. */
void pc_feats_free(pc_feats *f);

typedef struct pc_model pc_model;

/* Parses a model file held in data[0, len). Returns an owned model, free
 * with pc_model_free(), or NULL with err set: PC_ERR_PACK for a malformed
 * file (err->text says which line and why), PC_ERR_NOMEM. */
pc_model *pc_model_parse(const char *data, size_t len, pc_error *err);

/* Frees m. pc_model_free(NULL) does nothing. */
void pc_model_free(pc_model *m);

/* The model's name as its file states it (borrowed, valid until
 * pc_model_free). */
const char *pc_model_name(const pc_model *m);

/* The model's number of non-zero weights. */
size_t pc_model_size(const pc_model *m);

/* The probability the model gives to features f, in (0, 1). An empty f
 * gives the logistic of the bias. */
double pc_model_score(const pc_model *m, const pc_feats *f);

#endif
