/* model_judge.c: a post cut into the units the trained models judge (the
 * whole post, then each sentence) with their features (judge.h), or for
 * a check with their scores by every model, found with the features
 * (model_int.h); and the built-in models, each taken once, when the
 * first pack that names it is prepared (a pack without a model rule never
 * takes one), and merged with those taken before it once the pack's
 * are taken (pc__models_merge): read in place from the tables the build
 * parsed and merged them into (model_built.h). Nothing parses a model
 * file at run time: the build writes the tables of every built-in model
 * or fails (host/tools/model_tables.c), and no pack names a model of its
 * own (pack_model.c takes only the built-in models' names).
 *
 * Sentences are cut on the folded view; the hostile detector's hits (on
 * the case-preserving view), handed in by detect_judge.c, are matched to
 * them through the UTF-16 spans both views map to. This file calls no
 * detector: the detectors call it (model_int.h). Nothing here keeps or
 * logs post text. */
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "builtin.h"
#include "model_built.h"
#include "model_int.h"
#include "model_words.h"
#include "postcheck/text.h"

#define MODEL_SUFFIX ".model"

struct pc__models {
    pc_model **v;
    const char **names;   /* borrowed from the built-in table's names */
    size_t *name_len;
    size_t n;
    /* The models of v read from the built tables (model_built.h):
     * sets[k] the set over pc__built_sets[k], made when first wanted,
     * and merged one of them (borrowed from sets). */
    struct pc__merged *merged;
    int merge_due; /* a model was taken since merged was made */
    struct pc__merged **sets;
};

/* 1 when the built tables are those of the n built-in models. */
static int built_match(size_t n)
{
    if (pc__n_built_models != n || n >= 32) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (strcmp(pc__built_models[i].file, pc__builtin_models[i].name)) {
            return 0;
        }
    }
    return 1;
}

/* A built-in model blob's name without its suffix: its length, or 0 if
 * the blob is not a model. */
static size_t model_name_len(const char *file)
{
    size_t n = strlen(file), k = strlen(MODEL_SUFFIX);

    if (n <= k || strcmp(file + n - k, MODEL_SUFFIX) != 0) {
        return 0;
    }
    return n - k;
}

struct pc__models *pc__models_load(pc_error *err)
{
    struct pc__models *ms;
    size_t n = 0;

    for (; pc__builtin_models[n].name; n++) {
    }
    if (!built_match(n)) {
        /* The build writes the tables from the same files it embeds
         * (CMakeLists.txt): only a broken build gets here. */
        pc_error_set(err, PC_ERR_INTERNAL, "the built-in models' tables "
                     "are not the built-in models' (a build error)");
        return NULL;
    }
    ms = calloc(1, sizeof *ms);
    if (ms) {
        ms->v = calloc(n + 1, sizeof *ms->v);
        ms->names = calloc(n + 1, sizeof *ms->names);
        ms->name_len = calloc(n + 1, sizeof *ms->name_len);
        ms->sets = calloc(pc__n_built_sets + 1, sizeof *ms->sets);
    }
    if (!ms || !ms->v || !ms->names || !ms->name_len || !ms->sets) {
        pc__models_free(ms);
        pc_error_set(err, PC_ERR_NOMEM, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        ms->names[ms->n] = pc__builtin_models[i].name;
        ms->name_len[ms->n++] = model_name_len(pc__builtin_models[i].name);
    }
    return ms;
}

/* The index in ms of the model with this name, or ms->n. */
static size_t model_index(const struct pc__models *ms, const char *name)
{
    size_t k = strlen(name), i = 0;

    for (; i < ms->n; i++) {
        if (ms->name_len[i] == k && strncmp(ms->names[i], name, k) == 0) {
            break;
        }
    }
    return i;
}

/* The set over the built table of the models of mask (bit i: ms->v[i]),
 * made the first time; NULL when the build made none for it (more
 * models than merge) or out of memory. */
static struct pc__merged *built_set(struct pc__models *ms, unsigned mask)
{
    pc_model *v[PC__MERGED_MAX];
    size_t n = 0, k = 0;

    while (k < pc__n_built_sets && pc__built_sets[k].mask != mask) {
        k++;
    }
    if (k == pc__n_built_sets || ms->sets[k]) {
        return k == pc__n_built_sets ? NULL : ms->sets[k];
    }
    for (size_t i = 0; i < ms->n && n < PC__MERGED_MAX; i++) {
        if ((mask >> i) & 1u) {
            v[n++] = ms->v[i];
        }
    }
    ms->sets[k] = pc__merged_built(&pc__built_sets[k], v, n);
    return ms->sets[k];
}

/* Points mg's parts (model_int.h) at the sets of its models' subsets,
 * mg the set of the models of mask: part cols is the set of the models
 * of mg's columns cols. A part that cannot be made (out of memory) is
 * left NULL: the pack scores by all of mg. */
static void fill_parts(struct pc__models *ms, struct pc__merged *mg,
                       unsigned mask)
{
    size_t at[PC__MERGED_MAX], n = 0;

    for (size_t i = 0; i < ms->n && n < PC__MERGED_MAX; i++) {
        if ((mask >> i) & 1u) {
            at[n++] = i;
        }
    }
    for (unsigned cols = 1; cols < (1u << n); cols++) {
        unsigned sub = 0;
        for (size_t j = 0; j < n; j++) {
            sub |= ((cols >> j) & 1u) << at[j];
        }
        mg->part[cols] = built_set(ms, sub);
    }
}

void pc__models_merge(struct pc__models *ms)
{
    struct pc__merged *mg;
    unsigned mask = 0;
    size_t n = 0;

    if (!ms || !ms->merge_due) {
        return;
    }
    for (size_t i = 0; i < ms->n; i++) {
        mask |= ms->v[i] ? 1u << i : 0u;
        n += ms->v[i] != NULL;
    }
    /* More models than merge: the last merging stays (model_int.h). */
    mg = n <= PC__MERGED_MAX ? built_set(ms, mask) : NULL;
    if (mg) {
        fill_parts(ms, mg, mask);
        ms->merged = mg;
        ms->merge_due = 0;
    }
}

pc_status pc__models_need(struct pc__models *ms, const char *name,
                          pc_error *err)
{
    size_t i = model_index(ms, name);
    struct pc__merged *one;

    if (i == ms->n) {
        return pc_error_set(err, PC_ERR_INTERNAL, "no built-in model '%s'",
                            name);
    }
    if (ms->v[i]) {
        return PC_OK;
    }
    pc__model_words_prepare();
    /* The model as the build parsed it, its weights read in place from
     * its own set (model_built.h). */
    one = built_set(ms, 1u << i);
    ms->v[i] = one ? pc__model_built(&pc__built_models[i], one) : NULL;
    if (!ms->v[i]) {
        return pc_error_set(err, PC_ERR_NOMEM, "out of memory");
    }
    ms->merge_due = 1;
    return PC_OK;
}

void pc__models_free(struct pc__models *ms)
{
    if (!ms) {
        return;
    }
    for (size_t i = 0; i < ms->n; i++) {
        pc_model_free(ms->v[i]);
    }
    for (size_t k = 0; ms->sets && k < pc__n_built_sets; k++) {
        pc__merged_free(ms->sets[k]);
    }
    free(ms->sets);
    free(ms->v);
    free(ms->names);
    free(ms->name_len);
    free(ms);
}

const pc_model *pc__models_find(const struct pc__models *ms,
                                const char *name)
{
    size_t i = ms ? model_index(ms, name) : 0;

    return ms && i < ms->n ? ms->v[i] : NULL;
}

const struct pc__merged *pc__models_merged(const struct pc__models *ms)
{
    return ms ? ms->merged : NULL;
}

int pc_judge_model_known(const char *name)
{
    size_t k = strlen(name);

    for (size_t i = 0; pc__builtin_models[i].name; i++) {
        const char *f = pc__builtin_models[i].name;
        if (model_name_len(f) == k && strncmp(f, name, k) == 0) {
            return 1;
        }
    }
    return 0;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

static pc_status push_unit(pc_units *u, size_t start, size_t end)
{
    pc_unit *v = pc__grow(u->v, u->n, &u->cap, sizeof *v, 8);

    if (!v) {
        return PC_ERR_NOMEM;
    }
    u->v = v;
    memset(&u->v[u->n], 0, sizeof u->v[u->n]);
    u->v[u->n].start = start;
    u->v[u->n++].end = end;
    return PC_OK;
}

/* Pushes s[a, b) trimmed, if anything but white space is left. */
static pc_status push_trimmed(pc_units *u, const char *s, size_t a, size_t b)
{
    while (a < b && is_space(s[a])) {
        a++;
    }
    while (b > a && is_space(s[b - 1])) {
        b--;
    }
    return b > a ? push_unit(u, a, b) : PC_OK;
}

/* The bytes a sentence may end with (text.h's pc_text_may_end), as a
 * string for strcspn; filled at first use (the host is single-threaded,
 * as model_words.c's tables). */
static const char *may_end_bytes(void)
{
    static char set[256];
    size_t n = 0;

    if (!set[0]) {
        for (unsigned b = 1; b < 256; b++) {
            if (pc_text_may_end[b]) {
                set[n++] = (char)b;
            }
        }
    }
    return set;
}

/* Pushes the sentences of s[0, len) (a view's prefix: a NUL follows the
 * view) as units after the whole post, cut where text.h's
 * pc_text_sentence_end says. */
static pc_status cut_sentences(pc_units *u, const char *s, size_t len)
{
    const char *ends = may_end_bytes();
    size_t a = 0;
    pc_status st = PC_OK;

    for (size_t i = 0; i < len && st == PC_OK &&
                       u->n <= PC_JUDGE_MAX_SENTENCES; i++) {
        /* Straight to the next byte a sentence may end with, or a NUL
         * (one in the text is passed over: it ends nothing). */
        i += strcspn(s + i, ends);
        if (i < len && pc_text_may_end[(unsigned char)s[i]] &&
            pc_text_sentence_end_at(s, len, i)) {
            st = push_trimmed(u, s, a, i + 1);
            a = i + 1;
        }
    }
    if (st == PC_OK && u->n <= PC_JUDGE_MAX_SENTENCES) {
        st = push_trimmed(u, s, a, len);
    }
    if (u->n == 2) {
        u->n = 1; /* one sentence: the whole post says it all */
        pc_feats_free(&u->v[1].f);
    }
    return st;
}

size_t pc__judge_prefix(const char *s, size_t len)
{
    if (len <= PC_JUDGE_MAX_BYTES) {
        return len;
    }
    return pc_utf8_char_start(s, PC_JUDGE_MAX_BYTES);
}

/* The extra features of unit [us, ue) (UTF-16): which kinds of hostile
 * hit overlap it. */
static size_t unit_extras(const pc_text *t, const pc_hits *h, size_t us,
                          size_t ue, const char **ex)
{
    int person = 0, group = 0;
    size_t n = 0;

    for (size_t i = 0; i < h->n; i++) {
        size_t a, b;
        pc_text_span(t, PC_VIEW_CASED, h->v[i].start, h->v[i].end, &a, &b);
        if (a < ue && b > us) {
            if (strcmp(h->v[i].kind, "hostile-group") == 0) {
                group = 1;
            } else {
                person = 1;
            }
        }
    }
    if (person) {
        ex[n++] = "hostile-person";
    }
    if (group) {
        ex[n++] = "hostile-group";
    }
    return n;
}

/* What becomes of the units' features: kept, or scored by the merged
 * models mg into *score (unit i, model k: (*score)[i * mg->n + k]; room
 * for *score_cap), grown once the units are cut. */
struct sink {
    int keep;
    const struct pc__merged *mg;
    double **score;
    size_t *score_cap;
};

/* Featurises unit i of out (its span set) into its features (kept or
 * not) and its scores. */
static pc_status unit_feats(struct pc__feat_scratch *sc, const pc_text *t,
                            const pc_hits *hits, pc_units *out, size_t i,
                            const struct sink *k)
{
    size_t len;
    const char *s = pc_text_view(t, PC_VIEW_FOLD, &len);
    pc_unit *u = &out->v[i];
    double dot[PC__MERGED_MAX];
    struct pc__feat_out o = {k->keep ? &u->f : NULL, dot, 0};
    const char *ex[2];
    size_t us, ue, nx;
    pc_status st;

    pc_text_span(t, PC_VIEW_FOLD, u->start, u->end, &us, &ue);
    nx = unit_extras(t, hits, us, ue, ex);
    if (i > 0) {
        st = pc__model_features_part(sc, s + u->start, u->end - u->start, ex,
                                     nx, &o);
    } else if (out->n > 1) {
        st = pc__model_features_whole(sc, s + u->start, u->end - u->start,
                                      u->start, out->v + 1, out->n - 1, ex,
                                      nx, &o);
    } else {
        st = pc__model_features_in(sc, s + u->start, u->end - u->start, ex,
                                   nx, &o);
    }
    for (size_t m = 0; k->mg && m < k->mg->n && st == PC_OK; m++) {
        (*k->score)[i * k->mg->n + m] =
            pc__model_score_dot(k->mg->model[m], dot[m], o.n);
    }
    return st;
}

/* pc__judge_cut and pc__judge_score, as k says. */
static pc_status cut(const pc_text *t, const pc_hits *hits, pc_units *out,
                     const struct sink *k)
{
    size_t len;
    const char *s = pc_text_view(t, PC_VIEW_FOLD, &len);
    struct pc__feat_scratch *sc = pc__feat_scratch_new();
    pc_status st;

    if (!sc) {
        return PC_ERR_NOMEM;
    }
    pc__feat_scratch_score(sc, k->mg);
    len = pc__judge_prefix(s, len);
    st = pc__feat_scratch_reserve(sc, len);
    if (st == PC_OK) {
        st = push_unit(out, 0, len);
    }
    if (st == PC_OK) {
        st = cut_sentences(out, s, len);
    }
    if (st == PC_OK && k->mg && out->n * k->mg->n > *k->score_cap) {
        double *v = realloc(*k->score, out->n * k->mg->n * sizeof *v);
        if (v) {
            *k->score = v;
            *k->score_cap = out->n * k->mg->n;
        }
        st = v ? PC_OK : PC_ERR_NOMEM;
    }
    /* The sentences first, then the whole post from them (model_int.h:
     * the same features as computing the whole afresh). */
    pc__model_features_parts_begin(sc);
    for (size_t j = 1; j <= out->n && st == PC_OK; j++) {
        st = unit_feats(sc, t, hits, out, j % out->n, k); /* 1, ..., 0 */
    }
    pc__feat_scratch_free(sc);
    return st;
}

pc_status pc__judge_cut(const pc_text *t, const pc_hits *hits,
                        pc_units *out)
{
    struct sink k = {1, NULL, NULL, NULL};

    pc_units_free(out);
    return cut(t, hits, out, &k);
}

pc_status pc__judge_score(const pc_text *t, const pc_hits *hits,
                          const struct pc__merged *mg, pc_units *out,
                          double **score, size_t *score_cap)
{
    struct sink k = {0, mg, score, score_cap};

    /* The units' room is kept: a check's units keep no features. */
    pc__units_empty(out);
    return cut(t, hits, out, &k);
}

void pc__units_empty(pc_units *u)
{
    for (size_t i = 0; i < u->n; i++) {
        pc_feats_free(&u->v[i].f);
    }
    u->n = 0;
}

void pc_units_free(pc_units *u)
{
    pc__units_empty(u);
    free(u->v);
    memset(u, 0, sizeof *u);
}
