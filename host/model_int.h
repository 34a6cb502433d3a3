/* model_int.h: how the detectors (detect.c, detect_judge.c) hold the
 * built-in models that model_judge.c loads, and hand the judge the hostile
 * detector's hits; how a check's model rules (rules_model.c) have the
 * post's units scored by all the models at once. Calls go one way,
 * detect -> model: the one function here that takes a pc_detectors is
 * detect_judge.c's. Internal to the host; the contracts are
 * include/postcheck/model.h and judge.h. */
#ifndef POSTCHECK_MODEL_INT_H
#define POSTCHECK_MODEL_INT_H

#include "postcheck/judge.h"

/* Every built-in model, read from the tables the build made of them
 * (model_built.h). */
struct pc__models;

/* The set of the built-in models, none taken yet (pc__models_need).
 * Returns an owned set, free with pc__models_free(), or NULL with err
 * set (PC_ERR_NOMEM; PC_ERR_INTERNAL when the build's tables are not
 * those of the built-in models, which a build of this tree never
 * gives). */
struct pc__models *pc__models_load(pc_error *err);

/* Takes the built-in model with this name into ms, once (a later call
 * does nothing), its weights read in place from the build's tables.
 * Returns PC_OK, PC_ERR_INTERNAL (no such model) or PC_ERR_NOMEM, with
 * err set. */
pc_status pc__models_need(struct pc__models *ms, const char *name,
                          pc_error *err);

/* Merges the models taken into ms, in place of the last merging, if one
 * was taken since: points at the build's merging of them (model_built.h,
 * made with pc__merged_take); once all a pack's are taken, so that a
 * pack naming two merges once. Out of memory, or with more models than
 * merge, the last merging stays, without the newest models: a check
 * whose pack names one scores each model on its own (rules_model.c).
 * ms NULL: nothing. */
void pc__models_merge(struct pc__models *ms);

/* Frees ms. pc__models_free(NULL) does nothing. */
void pc__models_free(struct pc__models *ms);

/* The model in ms with this name (host/policies/models/NAME.model),
 * borrowed from ms, or NULL if there is none, it is not taken yet
 * (pc__models_need) or ms is NULL. */
const pc_model *pc__models_find(const struct pc__models *ms,
                                const char *name);

/* pc_model_score counting bits in software, as it does on a CPU without
 * a population count instruction (model.c), for the tests that compare
 * the two. */
double pc__model_score_soft(const pc_model *m, const pc_feats *f);

/* 1: model_feat.c hashes a word's character n-grams a start at a time,
 * as on a CPU without AVX2, for the tests that compare the two ways (the
 * same features); 0: eight starts at once where the CPU can. */
void pc__model_feat_plain(int plain);

/* The number of set bits in x (inline: without a CPU flag for the
 * instruction the compiler's builtin is a library call). */
static inline unsigned pc__ones(uint64_t x)
{
    x = x - ((x >> 1) & 0x5555555555555555u);
    x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fu;
    return (unsigned)((x * 0x0101010101010101u) >> 56);
}

/* Several models' weights merged (model.c), so that a text's features
 * are scored by all of them at once, each bucket as the feature set
 * first meets it (model_feat.h), rather than each model walking the
 * finished features: one bit test for a bucket, whatever the number of
 * models. The sums come in the order buckets are met, not ascending as
 * pc_model_score adds them; they are the same bit for bit only where
 * every sum of a model's weights is exact in a double, which `exact`
 * says (the built-in models' weights are 0.85 to 23 in size, 8000 of
 * them: any of their sums needs 38 bits, a double holds 53). */
#define PC__MERGED_MAX 4 /* models merged at most */

/* A merged set's buckets are laid out in cache lines, each holding a
 * run of PC__LINE_BUCKETS(n) buckets (n: the models merged): the run's
 * bits, then the rows of its buckets with a weight, ascending, as many
 * as fit (PC__LINE_ROWS(n)); a row past those is in the set's overflow
 * (pc__merged_over). The bits are a 64-bit word: bucket x's is bit
 * x % 64 (a run of 32 buckets uses half of it), and a row's place in
 * its line is the count of bits up to its bucket's (pc__line_place). So
 * a bucket costs one cache line whether it has a weight or not: its bit,
 * its place and its row are in the same 64 bytes, where a table of a
 * cell per 8 buckets and a table of rows took two lines for most of a
 * text's features.
 * The runs are sized for the rows of the built-in models' sets (about
 * 8,000 weights a model) to fit: 64 buckets a line for one or two
 * models (14 or 7 rows), 32 for more (4 rows of three): 0 to 1.0% of
 * their rows are in the overflow, 2.8% of the three models' set's. */
#define PC__LINE_BUCKETS(n) ((n) <= 2 ? 64u : 32u)
#define PC__LINE_ROW0 2u /* the first row's float: after the bits */
#define PC__LINE_ROWS(n) (56u / (4u * (n))) /* 64 bytes less the bits */

union pc__line {
    uint64_t d[8]; /* d[0]: the bits */
    float f[16];   /* from f[2]: the rows */
};

struct pc__merged {
    const pc_model *model[PC__MERGED_MAX]; /* borrowed */
    size_t n;
    const union pc__line *line; /* PC_MODEL_BUCKETS / PC__LINE_BUCKETS(n),
                                 * on 64-byte bounds */
    /* The rows a line has no room for: their buckets ascending, and
     * their rows (n floats each) in the same order. */
    const uint32_t *over_key;
    const float *over_row;
    size_t n_over;
    size_t rows;      /* buckets with a weight, in all */
    int exact;        /* 1: sums in any order are pc_model_score's */
    int owned;        /* 1: line and the overflow are its own (merged at
                       * run time), 0: the built tables (model_built.h) */
    /* The set of some of its models, by their columns (bit j:
     * model[j]), borrowed; NULL where there is none (pc__models_merge
     * fills a built set's; pc__merged_part). */
    const struct pc__merged *part[1u << PC__MERGED_MAX];
};

/* Merges models[0, n) (n at most PC__MERGED_MAX), taking their weights:
 * a model's own are freed, and it scores from then on (pc_model_score,
 * the same scores) through the result, which must outlive its use. A
 * model merged before may be merged again (into a set with more): it
 * then reads its weights from the set it was in, which the caller frees
 * after. Returns an owned set, free with pc__merged_free(), or NULL when
 * out of memory or n is too large (the models are then as they were). */
struct pc__merged *pc__merged_take(pc_model *const *models, size_t n);
void pc__merged_free(struct pc__merged *mg);

/* The row of bucket x in mg's overflow, or NULL: a binary search of its
 * keys. Inline, not called, so that a caller's sums stay in registers
 * (a call clobbers them); few rows are there (above: none to 2.8% of a
 * built-in set's). */
static inline const float *pc__merged_over(const struct pc__merged *mg,
                                           uint32_t x)
{
    size_t lo = 0, hi = mg->n_over;

    while (lo < hi) { /* the first key not below x */
        size_t mid = lo + (hi - lo) / 2;
        if (mg->over_key[mid] < x) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < mg->n_over && mg->over_key[lo] == x
               ? mg->over_row + lo * mg->n
               : NULL;
}

/* The line of bucket x in lines, a set of n models'; whether some model
 * weighs x; and when one does, the place of x's row in its line l (1 for
 * the first), its bits counted by pc__ones or, with hw, the CPU's
 * instruction (the caller then compiled for it: model_scratch.c). n and
 * hw are constants where the caller has them, so that the line's sizes
 * are too: a bucket no model weighs then costs the look-up of a bit. */
static inline const union pc__line *pc__line_of(const union pc__line *lines,
                                                uint32_t x, size_t n)
{
    size_t at = (size_t)(x & ~(PC__LINE_BUCKETS(n) - 1u)) * 64u;

    return (const union pc__line *)(const void *)
        ((const unsigned char *)lines + at / PC__LINE_BUCKETS(n));
}

static inline int pc__line_has(const union pc__line *l, uint32_t x)
{
    return (int)((l->d[0] >> (x % 64)) & 1u);
}

static inline size_t pc__line_place(const union pc__line *l, uint32_t x,
                                    int hw)
{
    /* The bits up to x's, those above it shifted out. */
    uint64_t upto = l->d[0] << (63u - x % 64u);

    return hw ? (size_t)__builtin_popcountll(upto) : pc__ones(upto);
}

/* The row at place r (pc__line_place) of line l, of a set of n models,
 * or NULL when it is in the set's overflow. */
static inline const float *pc__line_row(const union pc__line *l, size_t r,
                                        size_t n)
{
    return __builtin_expect(r <= PC__LINE_ROWS(n), 1)
               ? l->f + PC__LINE_ROW0 + (r - 1) * n
               : NULL;
}

/* The row of bucket x in mg (each model's weight for it), or NULL when
 * no model has a weight for it; n is mg->n (pc__line_of). */
static inline const float *pc__merged_row_n(const struct pc__merged *mg,
                                            uint32_t x, size_t n)
{
    const union pc__line *l = pc__line_of(mg->line, x, n);
    const float *row;

    if (!pc__line_has(l, x)) {
        return NULL;
    }
    row = pc__line_row(l, pc__line_place(l, x, 0), n);
    return row ? row : pc__merged_over(mg, x);
}

static inline const float *pc__merged_row(const struct pc__merged *mg,
                                          uint32_t x)
{
    switch (mg->n) { /* each count of models with its sizes constant */
    case 1:
        return pc__merged_row_n(mg, x, 1);
    case 2:
        return pc__merged_row_n(mg, x, 2);
    case 3:
        return pc__merged_row_n(mg, x, 3);
    default:
        return pc__merged_row_n(mg, x, PC__MERGED_MAX);
    }
}

/* Adds row's weights (pc__merged_row) to dot[0, mg->n). */
static inline void pc__merged_add(const struct pc__merged *mg,
                                  const float *row, double *dot)
{
    /* Unrolled by hand: a loop over mg->n cost more than the sums (the
     * most buckets of a text have a weight). Each case falls through to
     * add the models below it. */
    switch (mg->n) {
    case 4:
        dot[3] += row[3];
        /* fall through */
    case 3:
        dot[2] += row[2];
        /* fall through */
    case 2:
        dot[1] += row[1];
        /* fall through */
    case 1:
        dot[0] += row[0];
        /* fall through */
    default:
        break;
    }
}

/* The score pc_model_score gives features whose weights by m sum to dot,
 * n features in all. */
double pc__model_score_dot(const pc_model *m, double dot, size_t n);

/* The set of mg's models of cols (bit j: mg->model[j]) that
 * pc__models_merge made with mg, so that a pack scores by its own models
 * only, not by every model taken; mg itself when it made none (or cols
 * is all of mg's). */
static inline const struct pc__merged *
pc__merged_part(const struct pc__merged *mg, unsigned cols)
{
    const struct pc__merged *p =
        cols < (1u << PC__MERGED_MAX) ? mg->part[cols] : NULL;

    return p ? p : mg;
}

/* The models taken into ms, merged by the last pc__models_merge,
 * borrowed from ms; NULL when it merged none, or ms is NULL, or the
 * merging ran out of memory. */
const struct pc__merged *pc__models_merged(const struct pc__models *ms);

/* The same of the models taken into the detectors d (detect_judge.c:
 * the detectors hold them). */
struct pc_detectors;
const struct pc__merged *pc__judge_merged(const struct pc_detectors *d);

/* Room pc_model_features needs (model_feat.c): the words of a text and
 * a set of its buckets, left empty after each use, so the units of one
 * post can share one. */
struct pc__feat_scratch;

/* A new scratch (owned, free with pc__feat_scratch_free), or NULL when
 * out of memory. */
struct pc__feat_scratch *pc__feat_scratch_new(void);
void pc__feat_scratch_free(struct pc__feat_scratch *sc);

/* Makes room in sc for the features of the units of a post of len
 * bytes, a guess that spares growing the room unit by unit (it grows
 * when the guess falls short). Returns PC_OK or PC_ERR_NOMEM. */
pc_status pc__feat_scratch_reserve(struct pc__feat_scratch *sc, size_t len);

/* Scores the features the scratch computes from now on by mg's models
 * (NULL: by none), as they are found: pc__feat_out's dot. */
void pc__feat_scratch_score(struct pc__feat_scratch *sc,
                            const struct pc__merged *mg);

/* Where pc__model_features_in, _part and _whole put a unit's features:
 * in keep, as pc_model_features gives them (NULL keeps none); n gets
 * their count and dot[k] (when the scratch scores, room for its
 * merged models) the sum of model k's weights of them, so that where
 * the merging is exact pc__model_score_dot(model k, dot[k], n) is
 * pc_model_score's score of them. */
struct pc__feat_out {
    pc_feats *keep;
    double *dot;
    size_t n;
};

/* pc_model_features with the room it needs handed in: the same features
 * (to out) and returns. */
pc_status pc__model_features_in(struct pc__feat_scratch *sc, const char *s,
                                size_t len, const char *const *extras,
                                size_t n_extras, struct pc__feat_out *out);

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
                                  size_t n_extras, struct pc__feat_out *out);
pc_status pc__model_features_whole(struct pc__feat_scratch *sc,
                                   const char *s, size_t len, size_t base,
                                   const pc_unit *parts, size_t n_parts,
                                   const char *const *extras,
                                   size_t n_extras, struct pc__feat_out *out);

/* The length of the judged prefix of a view s[0, len): at most
 * PC_JUDGE_MAX_BYTES, cut back to the start of a character. */
size_t pc__judge_prefix(const char *s, size_t len);

/* pc_judge_units once the hostile detector has run: hits are its hits
 * over the judged prefix (pc__judge_prefix) of t's PC_VIEW_CASED view,
 * borrowed. Same contract as pc_judge_units otherwise. */
pc_status pc__judge_cut(const pc_text *t, const pc_hits *hits,
                        pc_units *out);

/* Frees every unit's features and sets u->n to 0, keeping u's array for
 * the units of a later cut (pc_units_free frees it too). */
void pc__units_empty(pc_units *u);

/* pc__judge_cut scoring each unit by each of mg's models as its
 * features are computed (mg exact: model_int.h), and keeping none of
 * them (each unit's f is left empty): (*score)[i * mg->n + k] is
 * pc_model_score's score of unit i's features by mg->model[k]. *score
 * (NULL, or an owned array of *score_cap doubles from an earlier call)
 * is grown when it must be, free it with free() whatever the return;
 * out (zeroed, or from an earlier call) is emptied, its room kept, so
 * that a check that judges as many units as the last allocates
 * nothing. Returns PC_OK or PC_ERR_NOMEM (out then holds what was
 * built; free it all the same). */
pc_status pc__judge_score(const pc_text *t, const pc_hits *hits,
                          const struct pc__merged *mg, pc_units *out,
                          double **score, size_t *score_cap);

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
/* 1 when the words of s[start, end) (a view or the original of len
 * bytes, cut by text_words.h with flags) name pack p's organisation: the
 * letters and digits of the words run together (lower-cased) hold one of
 * its names of several words ("The Learning Alliance" in
 * "#TheLearningAlliance"), or, with one_word, a word is one of its
 * one-word names ("llmat"). Every reader of "does this name the pack"
 * (model_refer.c, rules_outside.c, rules_aim.c) asks it, or
 * pc__model_name_word of one word, or pc__model_handle_names of a handle
 * or hashtag. */
int pc__model_names_pack(const struct pc_pack *p, const char *s,
                         size_t len, size_t start, size_t end,
                         unsigned flags, int one_word);
/* 1 when the word w (a word's key, text_words.h: lower-cased,
 * NUL-terminated) is one of pack p's one-word names: the names folded to
 * letters and digits (pack.c). */
int pc__model_name_word(const struct pc_pack *p, const char *w);
/* 1 when one of pack p's names stands in a handle, hashtag or file name
 * (fold: folded, lower-case; cased: as written, or NULL): a name of
 * several words anywhere in its letters ("#TheLearningAllianceFan"), a
 * one-word name with no letter beside it ("@ALT_law", "ALT2024") or as
 * an upper-case run ("#ALTconf", "@JaneALT"); not a name that is only
 * letters inside a word ("@saltydog", "@smallmatters"). The one reading
 * of a name in a handle: rules_post.c's account and attachment rules,
 * rules_aim.c's handles, hashtags and capitalised words. */
int pc__model_handle_names(const struct pc_pack *p, const char *fold,
                           const char *cased);
/* 1 when s[start, end) of the folded view is plain praise: a word of
 * praise and nothing that turns it (negation, contrast, sarcasm, a
 * question, a word judging something bad). */
int pc__model_plain_praise(const char *s, size_t start, size_t end);
/* 1 when s[start, end) names a body outside the organisation that its
 * people often criticise (the government, the DfE, Ofsted, a council). */
int pc__model_outside(const char *s, size_t start, size_t end);

struct pc__ctx;
void pc__rule_model(struct pc__ctx *c, const struct pc__rule *r);

/* Takes the models a `model` rule r names (its model, its fair_model if
 * any) into the detectors det (pc_judge_need) and keeps them in r, at
 * prepare (pack_model.c), so that no check looks them up by name
 * (rules_model.c). Returns PC_OK or pc_judge_need's error (err set). */
pc_status pc__rule_model_need(struct pc__rule *r, pc_detectors *det,
                              pc_error *err);

/* Frees what the model rules kept in c for the rest of its check (the
 * post's units, cut and featurised by the first model rule). */
void pc__rule_model_done(struct pc__ctx *c);

#endif
