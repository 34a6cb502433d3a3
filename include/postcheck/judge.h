/* judge.h: a post judged by the trained models (model.h): the units a
 * model scores (the whole post, then each sentence), with their
 * features, and the built-in models the detectors hold.
 *
 * A unit's features are those of its slice of the folded view
 * (PC_VIEW_FOLD) plus "hostile-person" / "hostile-group" when the hostile
 * detector (detect.h) has a hit overlapping it: the grammar of a put-down
 * aimed at a target, which word n-grams alone see poorly. The training
 * script gets the features of its examples from the same code, through
 * `postcheck model features` (a whole post is unit 0). */
#ifndef POSTCHECK_JUDGE_H
#define POSTCHECK_JUDGE_H

#include <stddef.h>

#include "postcheck/detect.h"
#include "postcheck/model.h"
#include "postcheck/text.h"

/* One unit: a byte span of the PC_VIEW_FOLD view and its features. */
typedef struct pc_unit {
    size_t start;
    size_t end;
    pc_feats f;
} pc_unit;

/* Zero-initialise before first use. */
typedef struct pc_units {
    pc_unit *v;
    size_t n;
    size_t cap;
} pc_units;

/* At most this many sentence units are judged; the rest of a longer
 * post is judged only as part of the whole. */
#define PC_JUDGE_MAX_SENTENCES 64

/* Only the first PC_JUDGE_MAX_BYTES bytes of the folded view are judged
 * (cut back to a character boundary), and the hostile detector runs over
 * as many bytes of the case-preserving view: a post is a few hundred
 * characters, and a 1 MiB one must not cost the models more than a short
 * one. The whole-post features stop at PC_MODEL_MAX_WORDS words anyway. */
#define PC_JUDGE_MAX_BYTES 8192

/* Replaces out's contents (zero-initialised or from an earlier call)
 * with the units of t: v[0] is the whole post (its first
 * PC_JUDGE_MAX_BYTES bytes); when the post
 * has two or more sentences (cut where text.h's pc_text_sentence_end
 * says), v[1..] are those sentences, trimmed of white
 * space, in order. Returns PC_OK or PC_ERR_NOMEM (out then holds what was
 * built; free it all the same). */
pc_status pc_judge_units(const pc_detectors *d, const pc_text *t,
                         pc_units *out);

/* The hostile detector's hits over the judged prefix of t (the first
 * PC_JUDGE_MAX_BYTES bytes of its case-preserving view, cut back to a
 * character boundary): the hits pc_judge_units gives its units, appended
 * to out. Returns as pc_detect_run. */
pc_status pc_judge_hostile(const pc_detectors *d, const pc_text *t,
                           pc_hits *out);

/* pc_detect_hostile_kinds (detect.h), and pc_judge_hostile's hits
 * appended to judged, from the same scan: a post longer than the judged
 * prefix is not scanned twice (only its sentence that the prefix cuts).
 * Returns as pc_detect_hostile_kinds. */
pc_status pc_judge_hostile_kinds(const pc_detectors *d, const pc_text *t,
                                 pc_hits *out[3], pc_hits *judged);

/* Frees every unit's features and the array; zeroes u. */
void pc_units_free(pc_units *u);

/* Makes the built-in model with this name (host/policies/models/
 * NAME.model) ready in d, once: its weights are the read-only tables the
 * build wrote from that file (model_built.h), read in place, nothing
 * parsed at run time; a model is made ready only when something needs it
 * (a pack with a `model` rule, when it is prepared), so a host whose pack
 * has none holds none of its state. Returns PC_OK, or PC_ERR_INTERNAL (no
 * such model) or PC_ERR_NOMEM with err set. Not during a check. */
pc_status pc_judge_need(pc_detectors *d, const char *name, pc_error *err);

/* Merges the models made ready in d (pc_judge_need) so that a check
 * scores its units by all of them at once (the build's merged table for
 * that set of models); call it once a pack's models are ready (a later
 * call with no model made ready since does nothing). Without
 * it, or out of memory, a check scores each model on its own: the same
 * scores, at more cost. Not during a check. */
void pc_judge_merge(pc_detectors *d);

/* The built-in model with this name, borrowed from d, or NULL if there
 * is none or pc_judge_need() has not made it ready. */
const pc_model *pc_judge_model(const pc_detectors *d, const char *name);

/* Returns 1 if a built-in model has this name, else 0. */
int pc_judge_model_known(const char *name);

#endif
