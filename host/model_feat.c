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
#include "model_scratch.h"
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

/* Pushes the character 3- to 5-grams of "<word>": at each start the 3-gram,
 * then the 4- and 5-grams hashed on from it (FNV-1a reads a byte at a
 * time, so the hash of a longer gram goes on from its prefix's). A set
 * has no order, so the order pushed does not matter. */
static void char_grams(struct pc__feat_scratch *f, const struct word *w)
{
    char b[WORD_CAP + 3];
    size_t n = w->len + 2, i = 0;
    uint32_t hc = fnv(FNV_BASIS, "c", 1), h;

    b[0] = '<';
    memcpy(b + 1, w->w, WORD_CAP); /* a fixed size: no call */
    b[n - 1] = '>';
    /* The starts with room for all three (no test of the room at each),
     * then the last two: a 3- and a 4-gram, then a 3-gram (none for an
     * empty word, which model_words.c never keeps). */
    if (n < 3) {
        return;
    }
    for (; i + 5 <= n; i++) {
        h = fnv(hc, b + i, 3);
        pc__scratch_push(f, h);
        h = fnv(h, b + i + 3, 1);
        pc__scratch_push(f, h);
        pc__scratch_push(f, fnv(h, b + i + 4, 1));
    }
    if (i + 4 <= n) {
        h = fnv(hc, b + i, 3);
        pc__scratch_push(f, h);
        pc__scratch_push(f, fnv(h, b + i + 3, 1));
        i++;
    }
    pc__scratch_push(f, fnv(hc, b + i, 3));
}

/* The hash of the pair of adjacent words a b. */
static uint32_t pair(const struct word *a, const struct word *b)
{
    uint32_t h = fnv(fnv(FNV_BASIS, "b", 1), a->w, a->len);

    return fnv(fnv(h, " ", 1), b->w, b->len);
}

/* The words' own features: each word, the pair it ends and its
 * character n-grams (by grams, a constant where inlined). One walk of a
 * word's bytes hashes on three FNV-1a chains: the word's ("w" + word),
 * the pair it ends (the last word's "b" + word + " ", then this word)
 * and the start of the pair it begins ("b" + word), where pair() walked
 * each word twice more, in calls of their own. */
static inline __attribute__((always_inline)) void
word_loop(struct pc__feat_scratch *f, const struct words *ws,
          void (*grams)(struct pc__feat_scratch *, const struct word *))
{
    const uint32_t hw = fnv(FNV_BASIS, "w", 1), hb = fnv(FNV_BASIS, "b", 1);
    uint32_t before = 0; /* the last word's "b" + word + " " */

    for (size_t i = 0; i < ws->n; i++) {
        const struct word *w = &ws->v[i];
        uint32_t a = hw, b = hb, p = before;
        if (f->n_pending + PC__WORD_PUSHES > PC__PENDING_CAP) {
            pc__scratch_flush(f);
        }
        for (size_t j = 0; j < w->len; j++) {
            unsigned char c = (unsigned char)w->w[j];
            a = (a ^ c) * 16777619u;
            b = (b ^ c) * 16777619u;
            p = (p ^ c) * 16777619u;
        }
        pc__scratch_push(f, a);
        if (i > 0) {
            pc__scratch_push(f, p);
        }
        before = fnv(b, " ", 1);
        if (w->kind == W_WORD) {
            grams(f, w);
        }
    }
    pc__scratch_flush(f);
}

static void word_feats_plain(struct pc__feat_scratch *f,
                             const struct words *ws)
{
    word_loop(f, ws, char_grams);
}

#if (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__)
#include <immintrin.h>

/* The eight bytes p[0, 8), one to a 32-bit lane. */
#define LANES(p) _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(p)))
/* FNV-1a's step over eight hashes at once: byte lanes b into h. */
#define STEP(h, b)                                                          \
    _mm256_mullo_epi32(_mm256_xor_si256((h), (b)),                         \
                       _mm256_set1_epi32((int)16777619u))

/* char_grams with AVX2: the grams of eight starts hashed at once, a
 * lane each (the same FNV-1a steps, so the same buckets), where the
 * plain loop takes a start at a time and a byte a step. Each store
 * writes eight lanes; the count of the grams that are some moves the
 * next store on, so that it writes over the lanes past them, and the
 * last one's spare lanes fall beyond n_pending (model_scratch.h:
 * PC__PENDING_SLACK). */
__attribute__((target("avx2"))) static inline void
char_grams_avx2(struct pc__feat_scratch *f, const struct word *w)
{
    unsigned char b[WORD_CAP + 16];
    const size_t n = (size_t)w->len + 2;
    const __m256i key = _mm256_set1_epi32(PC_MODEL_BUCKETS - 1);
    const __m256i hc = _mm256_set1_epi32((int)fnv(FNV_BASIS, "c", 1));
    uint32_t *out = f->pending + f->n_pending;
    size_t k = 0;

    /* "<word>" then zeros: the lanes of starts past the word read
     * defined bytes (their grams are written over or left beyond). */
    _mm_storeu_si128((__m128i *)(b + WORD_CAP), _mm_setzero_si128());
    _mm256_storeu_si256((__m256i *)(b + 1),
                        _mm256_loadu_si256((const __m256i *)w->w));
    b[0] = '<';
    b[n - 1] = '>';
    for (size_t i = 0; i + 3 <= n; i += 8) {
        size_t left = n - 2 - i; /* 3-grams from start i on */
        __m256i h = STEP(hc, LANES(b + i));
        h = STEP(h, LANES(b + i + 1));
        h = STEP(h, LANES(b + i + 2));
        _mm256_storeu_si256((__m256i *)(out + k), _mm256_and_si256(h, key));
        k += left < 8 ? left : 8;
        h = STEP(h, LANES(b + i + 3));
        _mm256_storeu_si256((__m256i *)(out + k), _mm256_and_si256(h, key));
        k += left - 1 < 8 ? left - 1 : 8;
        h = STEP(h, LANES(b + i + 4));
        _mm256_storeu_si256((__m256i *)(out + k), _mm256_and_si256(h, key));
        k += left < 2 ? 0 : left - 2 < 8 ? left - 2 : 8;
    }
    f->n_pending += k;
}
#undef LANES
#undef STEP

__attribute__((target("avx2"))) static void
word_feats_avx2(struct pc__feat_scratch *f, const struct words *ws)
{
    word_loop(f, ws, char_grams_avx2);
}

/* 1 when the grams are hashed eight starts at once: the CPU has AVX2
 * (asked once) and pc__model_feat_plain has not said otherwise. */
static int wide = -1;

static int grams_wide(void)
{
    if (wide < 0) {
        wide = __builtin_cpu_supports("avx2") ? 1 : 0;
    }
    return wide;
}

void pc__model_feat_plain(int plain)
{
    wide = plain ? 0 : -1;
}
#else
static int grams_wide(void)
{
    return 0;
}
#define word_feats_avx2 word_feats_plain

void pc__model_feat_plain(int plain)
{
    (void)plain;
}
#endif

static void word_feats(struct pc__feat_scratch *f, const struct words *ws)
{
    if (grams_wide()) {
        word_feats_avx2(f, ws);
    } else {
        word_feats_plain(f, ws);
    }
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
    if (pc__scratch_unit_start(sc, &sc->ws, n_extras, 1) != PC_OK) {
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
    pc__scratch_clear(sc);
    sc->cat.n = 0;
    sc->n_parts = 0;
    sc->cat_full = 0;
    sc->cut_n = 0;
    sc->capped = 0;
    sc->cap_part = 0;
}

pc_status pc__model_features_part(struct pc__feat_scratch *sc, const char *s,
                                  size_t len, const char *const *extras,
                                  size_t n_extras, struct pc__feat_out *out)
{
    struct words *ws = &sc->ws;
    size_t k = sc->n_parts;

    start(out);
    pc__model_cut_words((const unsigned char *)s, len, ws);
    if (sc->tab.stamp == PC__STAMP_MAX) {
        sc->cat_full = 1; /* the table is emptied: the whole afresh */
    }
    if (k == PC__PART_CAP && !sc->capped) {
        sc->cat_full = 1;
    } else if (!sc->capped) {
        sc->first_single[k] = ws->n > 0 && pc__model_single(&ws->v[0]);
        sc->last_single[k] = ws->n > 0 && pc__model_single(&ws->v[ws->n - 1]);
        if (sc->cut_n + ws->n >= PC_MODEL_MAX_WORDS) {
            /* The whole's cut stops in this part: it and those after go
             * neither to cat nor to the whole's set
             * (pc__model_features_whole). */
            sc->capped = 1;
            sc->cap_part = k;
        } else {
            sc->cut_n += ws->n;
        }
    }
    pc__model_join_spaced(ws);
    pc__model_tag_words(ws);
    if (pc__scratch_unit_start(sc, ws, n_extras, 0) != PC_OK) {
        return PC_ERR_NOMEM;
    }
    if (sc->capped) {
        /* as above */
    } else if (k == PC__PART_CAP || sc->cat.n + ws->n > PC_MODEL_MAX_WORDS) {
        sc->cat_full = 1;
    } else {
        sc->part_at[sc->n_parts++] = sc->cat.n;
        memcpy(&sc->cat.v[sc->cat.n], ws->v, ws->n * sizeof *ws->v);
        sc->cat.n += ws->n;
    }
    /* The words' own features go to the whole too, unless it will be
     * computed afresh. */
    sc->to_whole = !sc->cat_full && !sc->capped;
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

/* Returns 1 if the words of s[0, len) (cut and joined) begin with the
 * words of parts[0, n) one after another: nothing but separators
 * before each part, a separator at every edge where two parts touch, no
 * run of single letters across an edge (it would be joined). *at gets
 * the end of the last part. */
static int parts_lead(const struct pc__feat_scratch *sc, const char *s,
                      size_t len, const pc_unit *parts, size_t n,
                      size_t base, size_t *at)
{
    *at = 0;
    for (size_t k = 0; k < n; k++) {
        size_t a = parts[k].start - base, b = parts[k].end - base;
        if (parts[k].start < base || a < *at || b > len || a >= b ||
            !all_sep(s + *at, a - *at)) {
            return 0;
        }
        if (k > 0 && a == *at && !sep_at_edge(s, len, a)) {
            return 0;
        }
        if (k > 0 && sc->last_single[k - 1] && sc->first_single[k]) {
            return 0;
        }
        *at = b;
    }
    return 1;
}

/* Returns 1 if the words of s[0, len) (cut and joined) are the parts'
 * words one after another: parts_lead, nothing but separators after
 * the last, no cut at PC_MODEL_MAX_WORDS. */
static int whole_is_parts(const struct pc__feat_scratch *sc, const char *s,
                          size_t len, const pc_unit *parts, size_t n_parts,
                          size_t base)
{
    size_t at;

    return !sc->cat_full && !sc->capped && n_parts == sc->n_parts &&
           sc->cut_n < PC_MODEL_MAX_WORDS &&
           parts_lead(sc, s, len, parts, n_parts, base, &at) &&
           all_sep(s + at, len - at);
}

/* Returns 1 if the whole's cut stops at PC_MODEL_MAX_WORDS in part
 * sc->cap_part, its words the parts' before it (cat) then the first
 * words of that part's text: parts_lead up to that part, and a
 * separator at its end (its last word may be the whole's last). */
static int whole_is_capped(const struct pc__feat_scratch *sc,
                           const char *s, size_t len, const pc_unit *parts,
                           size_t n_parts, size_t base)
{
    size_t at;

    return sc->capped && !sc->cat_full && sc->cap_part == sc->n_parts &&
           sc->cap_part < n_parts && sc->tab.stamp != PC__STAMP_MAX &&
           parts_lead(sc, s, len, parts, sc->cap_part + 1, base, &at) &&
           (at == len || sep_at_edge(s, len, at));
}

/* Appends to cat, after the parts' words, the first words of the part
 * where the whole's cut stops (whole_is_capped), and puts their own
 * features in the whole's set (through a unit of their own, dropped).
 * Returns PC_OK or PC_ERR_NOMEM. */
static pc_status capped_tail(struct pc__feat_scratch *sc, const char *s,
                             size_t base, const pc_unit *part)
{
    struct words *ws = &sc->ws;

    pc__model_cut_words_max((const unsigned char *)s + (part->start - base),
                            part->end - part->start, ws,
                            PC_MODEL_MAX_WORDS - sc->cut_n);
    pc__model_join_spaced(ws);
    pc__model_tag_words(ws);
    if (pc__scratch_unit_start(sc, ws, 0, 0) != PC_OK) {
        return PC_ERR_NOMEM;
    }
    sc->part_at[sc->n_parts++] = sc->cat.n;
    memcpy(&sc->cat.v[sc->cat.n], ws->v, ws->n * sizeof *ws->v);
    sc->cat.n += ws->n;
    sc->to_whole = 1;
    word_feats(sc, ws);
    sc->to_whole = 0;
    return PC_OK;
}

pc_status pc__model_features_whole(struct pc__feat_scratch *sc,
                                   const char *s, size_t len, size_t base,
                                   const pc_unit *parts, size_t n_parts,
                                   const char *const *extras,
                                   size_t n_extras, struct pc__feat_out *out)
{
    start(out);
    if (whole_is_capped(sc, s, len, parts, n_parts, base)) {
        if (capped_tail(sc, s, base, &parts[sc->cap_part]) != PC_OK) {
            return PC_ERR_NOMEM;
        }
    } else if (!whole_is_parts(sc, s, len, parts, n_parts, base)) {
        pc__feat_drain(&sc->whole, NULL, NULL);
        return pc__model_features_in(sc, s, len, extras, n_extras, out);
    }
    /* Every word, its n-grams and the pairs inside a part are in the
     * whole's set already (pc__model_features_part); the pairs across the
     * parts' edges, the families over all the words and the extras are
     * the whole's own: at most eight a word and 64 besides (room's
     * bound for a part's words' own features aside). */
    if (pc__feat_tab_room(&sc->tab, 8 * sc->cat.n + 128 + PC__PART_CAP + n_extras) != PC_OK) {
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
