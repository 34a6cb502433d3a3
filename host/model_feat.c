/* model_feat.c: the features the trained models see (model.h): the
 * folded text cut into words, cleaned of cheap evasion and tagged
 * (model_words.c), then hashed words, word pairs and character n-grams,
 * and the families of features over a unit's words all together
 * (model_feat.h says how to add one; model_shape.c).
 *
 * Plain C over a UTF-8 buffer; the same function serves the host's checks
 * and `postcheck model features` (the training script's input), so the
 * two cannot drift apart. Beyond ASCII, what goes into a word is the text
 * module's one word character (text.h: letters, numbers, marks); any
 * other character (punctuation, symbols, emoji) separates words. Nothing
 * here keeps or logs the text. */
#include <stdlib.h>
#include <string.h>

#include "model_feat.h"
#include "model_int.h"
#include "model_words.h"
#include "postcheck/model.h"
#include "postcheck/text.h"

#define FNV_BASIS PC__FEAT_BASIS
#define fnv pc__feat_hash

/* The families of features over a unit's words (model_feat.h), in no
 * particular order (the features are a set). */
static pc__feat_family *const families[] = {
    pc__feat_org,
    pc__feat_shape,
};

/* The parts of a whole (pc__model_features_part): their words one after
 * another, where each part's start, and whether they overflowed. */
#define PART_CAP (PC_JUDGE_MAX_SENTENCES + 1)

/* The buckets of a unit's words' own features, hashed but not yet in its
 * sets (flush): room for many words' (WORD_PUSHES at most a word: itself,
 * a pair and three n-grams at each of WORD_CAP + 2 starts). */
#define PENDING_CAP 1024
#define WORD_PUSHES (2 + 3 * (WORD_CAP + 2))

struct pc__feat_scratch {
    struct pc__feat_tab tab;   /* the buckets of the units so far */
    uint32_t stamp;            /* the last unit's stamp */
    struct pc__feat_set unit;  /* the features of the unit at hand */
    /* The words' own features of the parts so far (each word, its
     * n-grams, the pairs inside a part), for the whole; and whether the
     * unit at hand is a part whose are wanted there. */
    struct pc__feat_set whole;
    int to_whole;
    struct words ws;
    struct words cat;       /* the parts' words, in order */
    size_t part_at[PART_CAP];
    size_t n_parts;
    int cat_full;           /* more words or parts than cat holds */
    size_t cut_n;           /* the parts' words before joining, in all */
    /* Of each part: its first and its last word before joining is a
     * single ASCII letter (a spaced-out run may go on across its edge). */
    unsigned char first_single[PART_CAP], last_single[PART_CAP];
    uint32_t pending[PENDING_CAP];
    size_t n_pending;
    uint32_t own[PENDING_CAP]; /* flush's buckets new to the unit alone */
};

/* A scratch freed, kept for the next (the host is single-threaded), with
 * its table emptied, up to the size PC_JUDGE_MAX_BYTES makes (32768
 * slots, 256 KB with the list of those taken): a check allocates none. */
#define SPARE_MAX (4 * PC_JUDGE_MAX_BYTES)
static struct pc__feat_scratch *spare;

struct pc__feat_scratch *pc__feat_scratch_new(void)
{
    struct pc__feat_scratch *sc = spare;

    if (sc) {
        spare = NULL;
    } else {
        sc = malloc(sizeof *sc);
        if (!sc) {
            return NULL;
        }
        pc__feat_tab_init(&sc->tab);
    }
    sc->stamp = 0;
    sc->unit.tab = &sc->tab;
    sc->unit.m = PC__SLOT_STAMP;
    sc->unit.v = 0;
    sc->whole.tab = &sc->tab;
    sc->whole.m = PC__SLOT_WHOLE;
    sc->whole.v = PC__SLOT_WHOLE;
    sc->unit.n = 0;
    sc->whole.n = 0;
    sc->unit.mg = NULL;
    sc->whole.mg = NULL;
    sc->unit.n_pend = 0;
    sc->whole.n_pend = 0;
    sc->to_whole = 0;
    sc->cat.n = 0;
    sc->n_parts = 0;
    sc->cat_full = 0;
    sc->n_pending = 0;
    return sc;
}

void pc__feat_scratch_free(struct pc__feat_scratch *sc)
{
    if (!sc) {
        return;
    }
    pc__feat_tab_clear(&sc->tab);
    if (!spare && sc->tab.cap <= SPARE_MAX) {
        spare = sc;
        return;
    }
    pc__feat_tab_free(&sc->tab);
    free(sc);
}

/* The most buckets a unit of words ws adds to the table: each word, a
 * pair and at most three n-grams a letter (model_feat.c), the families'
 * (model_shape.c: at most eight a word and 64 besides), the pairs across
 * parts' edges and the extras. */
static size_t most_buckets(const struct words *ws, size_t n_extras)
{
    size_t k = 128 + PART_CAP + n_extras;

    for (size_t i = 0; i < ws->n; i++) {
        k += 3 * (size_t)ws->v[i].len + 12;
    }
    return k;
}

pc_status pc__feat_scratch_reserve(struct pc__feat_scratch *sc, size_t len)
{
    return pc__feat_tab_fit(&sc->tab, 2 * len);
}

/* Empties the table and starts the stamps again. */
static void clear(struct pc__feat_scratch *sc)
{
    pc__feat_tab_clear(&sc->tab);
    sc->stamp = 0;
}

/* Starts a unit of words ws: a new stamp, and room for what it adds.
 * may_clear: the whole's buckets are no longer wanted, so the table may
 * be emptied (the stamps run out only then: a post's parts begin with
 * an empty table). Returns PC_OK or PC_ERR_NOMEM. */
static pc_status unit_start(struct pc__feat_scratch *sc,
                            const struct words *ws, size_t n_extras,
                            int may_clear)
{
    size_t more = most_buckets(ws, n_extras);

    if (sc->stamp == PC__STAMP_MAX ||
        (may_clear &&
         (sc->tab.used + more) * 4 > ((size_t)sc->tab.mask + 1) * 3)) {
        clear(sc);
    }
    if (pc__feat_tab_room(&sc->tab, more) != PC_OK) {
        return PC_ERR_NOMEM;
    }
    sc->stamp++;
    sc->unit.v = sc->stamp << 18;
    return PC_OK;
}

void pc__feat_scratch_score(struct pc__feat_scratch *sc,
                            const struct pc__merged *mg)
{
    sc->unit.mg = mg;
    sc->whole.mg = mg;
    for (size_t j = 0; mg && j < mg->n; j++) {
        sc->unit.dot[j] = 0.0;
        sc->whole.dot[j] = 0.0;
    }
}

/* Adds the bucket of a word's own feature (hash h) to the unit's set,
 * and to the whole's when the unit is a part of it, at the next flush:
 * the words are hashed first and their buckets put in the sets after,
 * in one tight loop. */
static inline void push(struct pc__feat_scratch *sc, uint32_t h)
{
    sc->pending[sc->n_pending++] = h & (PC_MODEL_BUCKETS - 1);
}

/* Puts the pending buckets in the unit's set, and the whole's when
 * to_whole (the unit is a part of it), as pc__feat_split_new and
 * pc__feat_keep_new do, and adds the weights (pc__merged_row) of each
 * bucket new to a set to its sums by mg's n models, in the same pass:
 * one probe and one row a bucket, no list of the new ones written and
 * read again. Written for a constant n and to_whole (flush calls it so,
 * for each count of models), so that the compiler unrolls the sums and
 * keeps them in registers.
 *
 * Only a bucket new to the unit can be new to the whole: while the
 * words' own features are pushed, the unit's set holds only the part's
 * own so far, each of which went to the whole too. The sums of the
 * buckets new to both (most are) are kept once, for both sets, and those
 * new to the unit alone apart: the sums then come in another order than
 * the buckets', which gives the same sums only because sets that score
 * are exact (model_int.h: pc__judge_score scores by exact merged models
 * only). tests/test_model_sum.c: the scores are those of the features. */
static inline void flush_sum_n(struct pc__feat_scratch *sc,
                               const struct pc__merged *mg, const size_t n,
                               const int to_whole)
{
    struct pc__feat_set *u = &sc->unit, *wh = &sc->whole;
    struct pc__feat_tab *t = u->tab;
    uint32_t *slot = t->slot, *taken = t->taken, mask = t->mask;
    uint32_t stamp = u->v, v = to_whole ? stamp | PC__SLOT_WHOLE : stamp;
    unsigned shift = t->shift;
    const uint16_t *cell = mg->cell;
    const uint32_t *before = mg->before;
    const float *rows = mg->row;
    const uint32_t *xs = sc->pending;
    size_t m = sc->n_pending, used = t->used, n_both = 0, n_own = 0;
    double both[PC__MERGED_MAX] = {0}, own[PC__MERGED_MAX];

    for (size_t i = 0; i < m; i++) {
        uint32_t x = xs[i], at = pc__feat_probe(slot, mask, shift, x);
        uint32_t was = slot[at], c;
        const float *row;
        if (!was) {
            taken[used++] = at;
            slot[at] = x | v;
        } else if ((was & PC__SLOT_STAMP) == stamp) {
            continue; /* in the unit already */
        } else if (!to_whole || (was & PC__SLOT_WHOLE)) {
            /* New to the unit alone (few are): summed after. */
            slot[at] = (was & ~PC__SLOT_STAMP) | v;
            sc->own[n_own++] = x;
            continue;
        } else {
            slot[at] = x | v;
        }
        n_both++;
        c = cell[x >> 3];
        if (!((c >> (x & 7)) & 1)) {
            continue;
        }
        row = rows + (before[x >> 6] + (c >> 8) +
                      pc__pop8[c & ((1u << (x & 7)) - 1)]) * n;
        for (size_t k = 0; k < n; k++) {
            both[k] += row[k];
        }
    }
    for (size_t k = 0; k < n; k++) {
        own[k] = 0.0;
    }
    for (size_t i = 0; i < n_own; i++) {
        const float *row = pc__merged_row(mg, sc->own[i]);
        for (size_t k = 0; row && k < n; k++) {
            own[k] += row[k];
        }
    }
    t->used = used;
    sc->n_pending = 0;
    u->n += n_both + n_own;
    wh->n += n_both;
    for (size_t k = 0; k < n; k++) {
        u->dot[k] += both[k];
        u->dot[k] += own[k];
        wh->dot[k] += both[k];
    }
}

/* flush_sum_n for mg's count of models. */
static void flush_sum(struct pc__feat_scratch *sc,
                      const struct pc__merged *mg)
{
#define FLUSH_SUM(n)                                                        \
    (sc->to_whole ? flush_sum_n(sc, mg, n, 1) : flush_sum_n(sc, mg, n, 0))
    switch (mg->n) {
    case 1:
        FLUSH_SUM(1);
        break;
    case 2:
        FLUSH_SUM(2);
        break;
    case 3:
        FLUSH_SUM(3);
        break;
    default:
        FLUSH_SUM(PC__MERGED_MAX);
        break;
    }
#undef FLUSH_SUM
}

/* Puts the pending buckets in the unit's set, and the whole's when the
 * unit is a part of it; when the sets score, adds the weights of each
 * bucket new to a set to its sums (flush_sum: pc__feat_push on both,
 * looking the weights up once). */
static void flush(struct pc__feat_scratch *sc)
{
    struct pc__feat_set *u = &sc->unit, *wh = &sc->whole;
    size_t n_both = 0, n_own = 0;

    if (u->mg) {
        flush_sum(sc, u->mg);
        return;
    }
    /* Nothing scores (the features are kept): the new buckets are only
     * counted. */
    if (sc->to_whole) {
        n_both = pc__feat_split_new(u, sc->pending, sc->n_pending, sc->own,
                                    &n_own);
    } else {
        n_own = pc__feat_keep_new(u, sc->pending, sc->n_pending, sc->own);
    }
    sc->n_pending = 0;
    u->n += n_both + n_own;
    wh->n += n_both;
}

/* Pushes the character 3- to 5-grams of "<word>": at each start the 3-gram,
 * then the 4- and 5-grams hashed on from it (FNV-1a reads a byte at a
 * time, so the hash of a longer gram goes on from its prefix's). A set
 * has no order, so the order pushed does not matter. */
static void char_grams(struct pc__feat_scratch *f, const struct word *w)
{
    char b[WORD_CAP + 3];
    size_t n = w->len + 2;
    uint32_t hc = fnv(FNV_BASIS, "c", 1);

    b[0] = '<';
    memcpy(b + 1, w->w, WORD_CAP); /* a fixed size: no call */
    b[n - 1] = '>';
    for (size_t i = 0; i + 3 <= n; i++) {
        uint32_t h = fnv(hc, b + i, 3);
        push(f, h);
        if (i + 4 <= n) {
            h = fnv(h, b + i + 3, 1);
            push(f, h);
        }
        if (i + 5 <= n) {
            push(f, fnv(h, b + i + 4, 1));
        }
    }
}

/* The hash of the pair of adjacent words a b. */
static uint32_t pair(const struct word *a, const struct word *b)
{
    uint32_t h = fnv(fnv(FNV_BASIS, "b", 1), a->w, a->len);

    return fnv(fnv(h, " ", 1), b->w, b->len);
}

static void word_feats(struct pc__feat_scratch *f, const struct words *ws)
{
    uint32_t hw = fnv(FNV_BASIS, "w", 1);

    for (size_t i = 0; i < ws->n; i++) {
        const struct word *w = &ws->v[i];
        if (f->n_pending + WORD_PUSHES > PENDING_CAP) {
            flush(f);
        }
        push(f, fnv(hw, w->w, w->len));
        if (i + 1 < ws->n) {
            push(f, pair(w, &ws->v[i + 1]));
        }
        if (w->kind == W_WORD) {
            char_grams(f, w);
        }
    }
    flush(f);
}

/* Runs every family over the words of one unit, into set f. */
static void unit_feats(struct pc__feat_set *f, const struct words *ws)
{
    for (size_t k = 0; k < sizeof families / sizeof *families; k++) {
        families[k](f, ws);
    }
}

/* Pushes the extra features, then gives the set to out (model_int.h),
 * emptying it. */
static pc_status finish(struct pc__feat_set *sc, const char *const *extras,
                        size_t n_extras, struct pc__feat_out *out)
{
    pc_feats *keep = out->keep;

    for (size_t i = 0; i < n_extras; i++) {
        pc__feat_push(sc, fnv(fnv(FNV_BASIS, "x", 1), extras[i],
                              strlen(extras[i])));
    }
    pc__feat_set_flush(sc);
    out->n = sc->n;
    if (keep && sc->n > keep->cap) {
        uint32_t *v = realloc(keep->v, sc->n * sizeof *v);
        if (!v) {
            pc__feat_drain(sc, NULL, NULL);
            return PC_ERR_NOMEM;
        }
        keep->v = v;
        keep->cap = sc->n;
    }
    if (keep) {
        keep->n = sc->n;
    }
    pc__feat_drain(sc, keep ? keep->v : NULL, out->dot);
    return PC_OK;
}

/* Empties what out says of a unit before its features are computed. */
static void start(struct pc__feat_out *out)
{
    if (out->keep) {
        out->keep->n = 0;
    }
    out->n = 0;
}

pc_status pc__model_features_in(struct pc__feat_scratch *sc, const char *s,
                                size_t len, const char *const *extras,
                                size_t n_extras, struct pc__feat_out *out)
{
    start(out);
    pc__model_cut_words((const unsigned char *)s, len, &sc->ws);
    pc__model_join_spaced(&sc->ws);
    pc__model_tag_words(&sc->ws);
    if (unit_start(sc, &sc->ws, n_extras, 1) != PC_OK) {
        return PC_ERR_NOMEM;
    }
    sc->to_whole = 0;
    word_feats(sc, &sc->ws);
    unit_feats(&sc->unit, &sc->ws);
    return finish(&sc->unit, extras, n_extras, out);
}

void pc__model_features_parts_begin(struct pc__feat_scratch *sc)
{
    pc__feat_drain(&sc->whole, NULL, NULL);
    clear(sc);
    sc->cat.n = 0;
    sc->n_parts = 0;
    sc->cat_full = 0;
    sc->cut_n = 0;
}

static int is_single(const struct word *w)
{
    return w->kind == W_WORD && w->len == 1 &&
           (unsigned char)w->w[0] < 0x80;
}

pc_status pc__model_features_part(struct pc__feat_scratch *sc, const char *s,
                                  size_t len, const char *const *extras,
                                  size_t n_extras, struct pc__feat_out *out)
{
    struct words *ws = &sc->ws;
    size_t k = sc->n_parts;

    start(out);
    pc__model_cut_words((const unsigned char *)s, len, ws);
    if (sc->stamp == PC__STAMP_MAX) {
        sc->cat_full = 1; /* the table is emptied: the whole afresh */
    }
    if (k == PART_CAP) {
        sc->cat_full = 1;
    } else {
        sc->first_single[k] = ws->n > 0 && is_single(&ws->v[0]);
        sc->last_single[k] = ws->n > 0 && is_single(&ws->v[ws->n - 1]);
        sc->cut_n += ws->n;
    }
    pc__model_join_spaced(ws);
    pc__model_tag_words(ws);
    if (unit_start(sc, ws, n_extras, 0) != PC_OK) {
        return PC_ERR_NOMEM;
    }
    if (k == PART_CAP || sc->cat.n + ws->n > PC_MODEL_MAX_WORDS) {
        sc->cat_full = 1;
    } else {
        sc->part_at[sc->n_parts++] = sc->cat.n;
        memcpy(&sc->cat.v[sc->cat.n], ws->v, ws->n * sizeof *ws->v);
        sc->cat.n += ws->n;
    }
    /* The words' own features go to the whole too, unless it will be
     * computed afresh. */
    sc->to_whole = !sc->cat_full;
    word_feats(sc, ws);
    sc->to_whole = 0;
    unit_feats(&sc->unit, ws);
    return finish(&sc->unit, extras, n_extras, out);
}

/* Returns 1 if s[0, len) holds only characters that separate words. */
static int all_sep(const char *s, size_t len)
{
    size_t i = 0;
    int sep = 1;

    while (i < len && sep) {
        i += pc__model_char_at((const unsigned char *)s, len, i, &sep);
    }
    return sep;
}

/* Returns 1 if the character of s[0, len) that ends at byte end
 * (exclusive) or starts at byte end separates words. */
static int sep_at_edge(const char *s, size_t len, size_t end)
{
    int a = 0, b = 0;

    pc__model_char_at((const unsigned char *)s, len,
                      pc_utf8_char_start(s, end - 1), &a);
    if (!a && end < len) {
        pc__model_char_at((const unsigned char *)s, len, end, &b);
    }
    return a || b;
}

/* Returns 1 if the words of s[0, len) (cut and joined) are the parts'
 * words one after another: nothing but separators outside the parts, a
 * separator at every edge where two parts touch, no run of single
 * letters across an edge (it would be joined), no cut at
 * PC_MODEL_MAX_WORDS. */
static int whole_is_parts(const struct pc__feat_scratch *sc, const char *s,
                          size_t len, const pc_unit *parts, size_t n_parts,
                          size_t base)
{
    size_t at = 0;

    if (sc->cat_full || n_parts != sc->n_parts ||
        sc->cut_n >= PC_MODEL_MAX_WORDS) {
        return 0;
    }
    for (size_t k = 0; k < n_parts; k++) {
        size_t a = parts[k].start - base, b = parts[k].end - base;
        if (parts[k].start < base || a < at || b > len || a >= b ||
            !all_sep(s + at, a - at)) {
            return 0;
        }
        if (k > 0 && a == at && !sep_at_edge(s, len, a)) {
            return 0;
        }
        if (k > 0 && sc->last_single[k - 1] && sc->first_single[k]) {
            return 0;
        }
        at = b;
    }
    return all_sep(s + at, len - at);
}

pc_status pc__model_features_whole(struct pc__feat_scratch *sc,
                                   const char *s, size_t len, size_t base,
                                   const pc_unit *parts, size_t n_parts,
                                   const char *const *extras,
                                   size_t n_extras, struct pc__feat_out *out)
{
    start(out);
    if (!whole_is_parts(sc, s, len, parts, n_parts, base)) {
        pc__feat_drain(&sc->whole, NULL, NULL);
        return pc__model_features_in(sc, s, len, extras, n_extras, out);
    }
    /* Every word, its n-grams and the pairs inside a part are in the
     * whole's set already (pc__model_features_part); the pairs across the
     * parts' edges, the families over all the words and the extras are
     * the whole's own: at most eight a word and 64 besides (room's
     * bound for a part's words' own features aside). */
    if (pc__feat_tab_room(&sc->tab, 8 * sc->cat.n + 128 + PART_CAP + n_extras) != PC_OK) {
        return PC_ERR_NOMEM;
    }
    for (size_t k = 1; k < sc->n_parts; k++) {
        size_t b = sc->part_at[k];
        if (b > 0 && b < sc->cat.n) {
            pc__feat_push(&sc->whole, pair(&sc->cat.v[b - 1], &sc->cat.v[b]));
        }
    }
    unit_feats(&sc->whole, &sc->cat);
    return finish(&sc->whole, extras, n_extras, out);
}

pc_status pc_model_features(const char *s, size_t len,
                            const char *const *extras, size_t n_extras,
                            pc_feats *out)
{
    struct pc__feat_scratch *sc = pc__feat_scratch_new();
    struct pc__feat_out o = {out, NULL, 0};
    pc_status st;

    if (!sc) {
        out->n = 0;
        return PC_ERR_NOMEM;
    }
    st = pc__model_features_in(sc, s, len, extras, n_extras, &o);
    pc__feat_scratch_free(sc);
    return st;
}

void pc_feats_free(pc_feats *f)
{
    free(f->v);
    memset(f, 0, sizeof *f);
}
