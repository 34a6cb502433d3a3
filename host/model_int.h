/* model_int.h: how the detectors (detect.c, detect_judge.c) hold the
 * built-in models that model_judge.c loads, and hand the judge the hostile
 * detector's hits. Calls go one way, detect -> model: nothing here takes
 * a pc_detectors. Internal to the host; the contracts are
 * include/postcheck/model.h and judge.h. */
#ifndef POSTCHECK_MODEL_INT_H
#define POSTCHECK_MODEL_INT_H

#include "postcheck/judge.h"

/* Every built-in model, parsed. */
struct pc__models;

/* The set of the built-in models, none parsed yet (pc__models_need).
 * Returns an owned set, free with pc__models_free(), or NULL with err
 * set (PC_ERR_NOMEM). */
struct pc__models *pc__models_load(pc_error *err);

/* Parses the built-in model with this name into ms, once (a later call
 * does nothing). Returns PC_OK, PC_ERR_INTERNAL (no such model, or its
 * file does not parse: a build error) or PC_ERR_NOMEM, with err set. */
pc_status pc__models_need(struct pc__models *ms, const char *name,
                          pc_error *err);

/* Frees ms. pc__models_free(NULL) does nothing. */
void pc__models_free(struct pc__models *ms);

/* The model in ms with this name (host/policies/models/NAME.model),
 * borrowed from ms, or NULL if there is none, it is not parsed yet
 * (pc__models_need) or ms is NULL. */
const pc_model *pc__models_find(const struct pc__models *ms,
                                const char *name);

/* pc_model_score counting bits in software, as it does on a CPU without
 * a population count instruction (model.c), for the tests that compare
 * the two. */
double pc__model_score_soft(const pc_model *m, const pc_feats *f);

/* Room pc_model_features needs (model_feat.c): the words of a text and
 * a set of its buckets, left empty after each use, so the units of one
 * post can share one. */
struct pc__feat_scratch;

/* A new scratch (owned, free with pc__feat_scratch_free), or NULL when
 * out of memory. */
struct pc__feat_scratch *pc__feat_scratch_new(void);
void pc__feat_scratch_free(struct pc__feat_scratch *sc);

/* pc_model_features with the room it needs handed in: the same features
 * and returns. */
pc_status pc__model_features_in(struct pc__feat_scratch *sc, const char *s,
                                size_t len, const char *const *extras,
                                size_t n_extras, pc_feats *out);

/* The features of a whole text put together from those of its parts
 * (the units of a post: its sentences, then the whole), the same as
 * pc__model_features_in gives, at less cost: begin, then
 * pc__model_features_part for each part in order (as
 * pc__model_features_in; the scratch keeps the part's words and their
 * own features: each word, its n-grams, the pairs inside the part), then
 * pc__model_features_whole over the whole text s[0, len), whose parts
 * are the spans [start - base, end - base) of parts (in order, not
 * overlapping). When the whole's words are the parts' words one after
 * another, it cuts no word: it adds to the parts' words' own features
 * the pairs across their edges, the families of model_feat.h over all
 * the words and the extras; otherwise (a word across a part's edge,
 * letters spaced out across one, text outside the parts) it computes
 * the whole afresh. */
void pc__model_features_parts_begin(struct pc__feat_scratch *sc);
pc_status pc__model_features_part(struct pc__feat_scratch *sc, const char *s,
                                  size_t len, const char *const *extras,
                                  size_t n_extras, pc_feats *out);
pc_status pc__model_features_whole(struct pc__feat_scratch *sc,
                                   const char *s, size_t len, size_t base,
                                   const pc_unit *parts, size_t n_parts,
                                   const char *const *extras,
                                   size_t n_extras, pc_feats *out);

/* The length of the judged prefix of a view s[0, len): at most
 * PC_JUDGE_MAX_BYTES, cut back to the start of a character. */
size_t pc__judge_prefix(const char *s, size_t len);

/* pc_judge_units once the hostile detector has run: hits are its hits
 * over the judged prefix (pc__judge_prefix) of t's PC_VIEW_CASED view,
 * borrowed. Same contract as pc_judge_units otherwise. */
pc_status pc__judge_cut(const pc_text *t, const pc_hits *hits,
                        pc_units *out);

/* A pack's `model` rule: its keys `model` and `threshold`, validated
 * (pack_model.c). The pack_parse.h types are named as structs so this
 * header needs no pack headers. Returns PC_OK or PC_ERR_PACK (v's error
 * set), PC_ERR_NOMEM. */
struct pc__vctx;
struct pc__rule;
struct json_t;
pc_status pc__parse_model_rule(struct pc__vctx *v, struct json_t *obj,
                               struct pc__rule *r);

/* Runs a `model` rule over one check (rules_model.c): when the whole post
 * or any of its sentences scores at or over the rule's threshold, makes
 * one finding spanning the highest-scoring sentence (the whole post when
 * it is one sentence). */
/* 1 when s[start, end) of the folded view refers to pack p's
 * organisation, its people, its events or its work (model_refer.c). */
struct pc_pack;
int pc__model_refers(const struct pc_pack *p, const char *s, size_t start,
                     size_t end);
/* 1 when s[start, end) of the folded view is plain praise: a word of
 * praise and nothing that turns it (negation, contrast, sarcasm, a
 * question, a word judging something bad). */
int pc__model_plain_praise(const char *s, size_t start, size_t end);
/* 1 when s[start, end) names a body outside the organisation that its
 * people often criticise (the government, the DfE, Ofsted, a council). */
int pc__model_outside(const char *s, size_t start, size_t end);

struct pc__ctx;
void pc__rule_model(struct pc__ctx *c, const struct pc__rule *r);

/* Frees what the model rules kept in c for the rest of its check (the
 * post's units, cut and featurised by the first model rule). */
void pc__rule_model_done(struct pc__ctx *c);

#endif
