/* model_feat.c: the features the trained models see (model.h): the
 * folded text cut into words, cleaned of cheap evasion (model_words.c),
 * then hashed words, word pairs and character n-grams.
 *
 * Plain C over a UTF-8 buffer; the same function serves the host's checks
 * and `postcheck model features` (the training script's input), so the
 * two cannot drift apart. Beyond ASCII, what goes into a word is the text
 * module's one word character (text.h: letters, numbers, marks); any
 * other character (punctuation, symbols, emoji) separates words. Nothing
 * here keeps or logs the text. */
#include <stdlib.h>
#include <string.h>

#include "model_int.h"
#include "model_lists.h"
#include "model_words.h"
#include "postcheck/model.h"
#include "postcheck/text.h"

#define FNV_BASIS 2166136261u
#define FNV_PRIME 16777619u

static uint32_t fnv(uint32_t h, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= FNV_PRIME;
    }
    return h;
}

/* The buckets of one text as a set: a bit a bucket, and a bit for each
 * word of 64 buckets that has any (a word is valid only while its bit is
 * set, so only the used bits need clearing). Read back (drain) by
 * visiting only the words in use, in order, the set gives the distinct
 * buckets ascending with no sort, and is left empty for the next text. */
#define SET_WORDS (PC_MODEL_BUCKETS / 64)
#define SET_USED (SET_WORDS / 64)

/* The parts of a whole (pc__model_features_part): their words one after
 * another, where each part's start, and whether they overflowed. */
#define PART_CAP (PC_JUDGE_MAX_SENTENCES + 1)

struct pc__feat_scratch {
    uint64_t word[SET_WORDS];
    uint64_t used[SET_USED];
    size_t n;               /* distinct buckets in the set */
    struct words ws;
    struct words cat;       /* the parts' words, in order */
    size_t part_at[PART_CAP];
    size_t n_parts;
    int cat_full;           /* more words or parts than cat holds */
    size_t cut_n;           /* the parts' words before joining, in all */
    /* Of each part: its first and its last word before joining is a
     * single ASCII letter (a spaced-out run may go on across its edge). */
    unsigned char first_single[PART_CAP], last_single[PART_CAP];
};

struct pc__feat_scratch *pc__feat_scratch_new(void)
{
    struct pc__feat_scratch *sc = malloc(sizeof *sc);

    if (sc) {
        memset(sc->used, 0, sizeof sc->used);
        sc->n = 0;
        sc->cat.n = 0;
        sc->n_parts = 0;
        sc->cat_full = 0;
    }
    return sc;
}

void pc__feat_scratch_free(struct pc__feat_scratch *sc)
{
    free(sc);
}

/* The index of the lowest set bit of m (not 0). */
static unsigned low_bit(uint64_t m)
{
#if defined(__GNUC__) || defined(__clang__)
    return (unsigned)__builtin_ctzll(m);
#else
    unsigned k = 0;
    while (!(m & 1)) {
        m >>= 1;
        k++;
    }
    return k;
#endif
}

/* Adds bucket h (hashed) to the set. */
static void push(struct pc__feat_scratch *f, uint32_t h)
{
    uint32_t x = h & (PC_MODEL_BUCKETS - 1);
    uint64_t bit = (uint64_t)1 << (x & 63);
    uint64_t wbit = (uint64_t)1 << ((x >> 6) & 63);

    if (!(f->used[x >> 12] & wbit)) {
        f->used[x >> 12] |= wbit;
        f->word[x >> 6] = bit;
        f->n++;
    } else if (!(f->word[x >> 6] & bit)) {
        f->word[x >> 6] |= bit;
        f->n++;
    }
}

/* Writes the set's buckets ascending to out (room for f->n; NULL: only
 * empty the set) and empties the set. */
static void drain(struct pc__feat_scratch *f, uint32_t *out)
{
    size_t k = 0;

    for (size_t u = 0; u < SET_USED; u++) {
        uint64_t m = f->used[u];
        f->used[u] = 0;
        while (m) {
            size_t wi = u * 64 + low_bit(m);
            uint64_t w = f->word[wi];
            m &= m - 1;
            while (out && w) {
                out[k++] = (uint32_t)(wi * 64 + low_bit(w));
                w &= w - 1;
            }
        }
    }
    f->n = 0;
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
    memcpy(b + 1, w->w, w->len);
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

/* The organisation features: when a word of the unit refers to an
 * organisation, every word of the unit crossed with that ("o" + word:
 * what is said in the same breath as the trust or the board), and
 * "org-negative" when a word of negative evaluation is among them;
 * "negative" for such a word whatever it is said of. */
static void org_feats(struct pc__feat_scratch *f, const struct words *ws)
{
    int org = 0, neg = 0;
    uint32_t ho = fnv(FNV_BASIS, "o", 1), hx = fnv(FNV_BASIS, "x", 1);

    for (size_t i = 0; i < ws->n && !org; i++) {
        org = ws->v[i].tag == 'O';
    }
    for (size_t i = 0; i < ws->n; i++) {
        const struct word *w = &ws->v[i];
        if (org) {
            push(f, fnv(ho, w->w, w->len));
        }
        if (!neg && (w->lists >> PC_LIST_NEG & 1)) {
            neg = 1;
        }
    }
    if (neg) {
        push(f, fnv(hx, "negative", 8));
    }
    if (neg && org) {
        push(f, fnv(hx, "org-negative", 12));
    }
}

/* Pushes the pair of adjacent words a b. */
static void pair(struct pc__feat_scratch *f, const struct word *a,
                 const struct word *b)
{
    uint32_t h = fnv(fnv(FNV_BASIS, "b", 1), a->w, a->len);

    push(f, fnv(fnv(h, " ", 1), b->w, b->len));
}

static void word_feats(struct pc__feat_scratch *f, const struct words *ws)
{
    uint32_t hw = fnv(FNV_BASIS, "w", 1);

    for (size_t i = 0; i < ws->n; i++) {
        const struct word *w = &ws->v[i];
        push(f, fnv(hw, w->w, w->len));
        if (i + 1 < ws->n) {
            pair(f, w, &ws->v[i + 1]);
        }
        if (w->kind == W_WORD) {
            char_grams(f, w);
        }
    }
}

/* The word's class as the shape features see it: the organisation is
 * the organisation features' (org_feats), not theirs (as a class here it
 * cost the organisation models a few put-downs on the development sets). */
static char shape_tag(const struct word *w)
{
    return w->tag == 'O' ? 0 : w->tag;
}

/* Whether a class is a target: who a remark is about. */
static int is_target(char t)
{
    return t == 'G' || t == 'Y' || t == 'T' || t == '@';
}

/* Hashes on word w as the shape features see it: its class ("#G"), or
 * the word itself when it has none. Words never hold '#'. */
static uint32_t tok(uint32_t h, const struct word *w)
{
    char t = shape_tag(w);

    if (t) {
        char b[2] = {'#', t};
        return fnv(h, b, 2);
    }
    return fnv(h, w->w, w->len);
}

/* Pushes a threat's form if the word at v[i] is what a threat's verb
 * follows and a verb of harm comes within three words: "x" + "threat"
 * ("threat!" when a negation comes within two words before or between),
 * and "x" + "threat>" + the class of each target within three words
 * after the verb ("threat>G"). */
static void threat(struct pc__feat_scratch *f, const struct word *v,
                   size_t n, size_t i)
{
    uint32_t hx = fnv(FNV_BASIS, "x", 1);
    int neg = (i >= 1 && v[i - 1].tag == 'N') ||
              (i >= 2 && v[i - 2].tag == 'N');

    for (size_t j = i + 1; j < n && j <= i + 3; j++) {
        if (v[j].tag == 'H') {
            char b[9] = "threat";
            size_t bl = 6;
            if (neg) {
                b[bl++] = '!';
            }
            push(f, fnv(hx, b, bl));
            b[bl] = '>';
            for (size_t k = j + 1; k < n && k <= j + 3; k++) {
                if (is_target(shape_tag(&v[k]))) {
                    b[bl + 1] = v[k].tag;
                    push(f, fnv(hx, b, bl + 2));
                }
            }
            return;
        }
        neg |= v[j].tag == 'N';
    }
}

/* The shape features: what is said of whom, whatever the group or person
 * or verb of harm. Each is local to a few words, or says which classes
 * the unit holds, so a whole's are those of its parts and more (what
 * pc__model_features_whole relies on):
 * - the word pairs and triples with a classed word in them, the class
 *   standing for the word ("s" + "#G are too", "s" + "ill #H #Y");
 * - a threat's form (threat above);
 * - each class the unit holds ("u" + "I": an insult) and each pair of
 *   them ("u" + "GD": a group and a dehumanising noun; "u" + "GR": a
 *   group and a reporting verb). */
static void shape_feats(struct pc__feat_scratch *f, const struct words *ws)
{
    static const char tags[] = "@GYTHDNRWI";
    uint32_t hs = fnv(FNV_BASIS, "s", 1);
    const struct word *v = ws->v;
    size_t n = ws->n;
    unsigned has = 0;

    for (size_t i = 0; i < n; i++) {
        char t0 = shape_tag(&v[i]);
        char t1 = i + 1 < n ? shape_tag(&v[i + 1]) : 0;
        char t2 = i + 2 < n ? shape_tag(&v[i + 2]) : 0;
        uint32_t h = fnv(tok(hs, &v[i]), " ", 1);
        if (t0) {
            has |= 1u << (strchr(tags, t0) - tags);
        }
        if (t0 || t1) {
            if (i + 1 < n) {
                push(f, tok(h, &v[i + 1]));
            }
        }
        if (t0 || t1 || t2) {
            if (i + 2 < n) {
                push(f, tok(fnv(tok(h, &v[i + 1]), " ", 1), &v[i + 2]));
            }
        }
        if (t0 == 'W') {
            threat(f, v, n, i);
        }
    }
    for (unsigned a = 0; has && a < sizeof tags - 1; a++) {
        if (has >> a & 1) {
            char u[2] = {'u', tags[a]};
            push(f, fnv(FNV_BASIS, u, 2));
        }
    }
    for (unsigned a = 0; has && a < sizeof tags - 1; a++) {
        for (unsigned b = a + 1; (has >> a & 1) && b < sizeof tags - 1; b++) {
            if (has >> b & 1) {
                char u[3] = {'u', tags[a], tags[b]};
                push(f, fnv(FNV_BASIS, u, 3));
            }
        }
    }
}

/* Pushes the extra features, then writes the set to out (emptying it). */
static pc_status finish(struct pc__feat_scratch *sc,
                        const char *const *extras, size_t n_extras,
                        pc_feats *out)
{
    for (size_t i = 0; i < n_extras; i++) {
        push(sc, fnv(fnv(FNV_BASIS, "x", 1), extras[i], strlen(extras[i])));
    }
    if (sc->n > out->cap) {
        uint32_t *v = realloc(out->v, sc->n * sizeof *v);
        if (!v) {
            drain(sc, NULL);
            return PC_ERR_NOMEM;
        }
        out->v = v;
        out->cap = sc->n;
    }
    out->n = sc->n;
    drain(sc, out->v);
    return PC_OK;
}

pc_status pc__model_features_in(struct pc__feat_scratch *sc, const char *s,
                                size_t len, const char *const *extras,
                                size_t n_extras, pc_feats *out)
{
    out->n = 0;
    pc__model_cut_words((const unsigned char *)s, len, &sc->ws);
    pc__model_join_spaced(&sc->ws);
    pc__model_tag_words(&sc->ws);
    word_feats(sc, &sc->ws);
    org_feats(sc, &sc->ws);
    shape_feats(sc, &sc->ws);
    return finish(sc, extras, n_extras, out);
}

void pc__model_features_parts_begin(struct pc__feat_scratch *sc)
{
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
                                  size_t n_extras, pc_feats *out)
{
    struct words *ws = &sc->ws;
    size_t k = sc->n_parts;

    out->n = 0;
    pc__model_cut_words((const unsigned char *)s, len, ws);
    if (k == PART_CAP) {
        sc->cat_full = 1;
    } else {
        sc->first_single[k] = ws->n > 0 && is_single(&ws->v[0]);
        sc->last_single[k] = ws->n > 0 && is_single(&ws->v[ws->n - 1]);
        sc->cut_n += ws->n;
    }
    pc__model_join_spaced(ws);
    pc__model_tag_words(ws);
    if (k == PART_CAP || sc->cat.n + ws->n > PC_MODEL_MAX_WORDS) {
        sc->cat_full = 1;
    } else {
        sc->part_at[sc->n_parts++] = sc->cat.n;
        memcpy(&sc->cat.v[sc->cat.n], ws->v, ws->n * sizeof *ws->v);
        sc->cat.n += ws->n;
    }
    word_feats(sc, ws);
    org_feats(sc, ws);
    shape_feats(sc, ws);
    return finish(sc, extras, n_extras, out);
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
                                   size_t n_extras, pc_feats *out)
{
    out->n = 0;
    if (!whole_is_parts(sc, s, len, parts, n_parts, base)) {
        return pc__model_features_in(sc, s, len, extras, n_extras, out);
    }
    /* Every word, its n-grams and the pairs inside a part are in the
     * parts' features already (and so are their organisation features
     * and extras, which the whole has too); the whole's own are the
     * pairs across the parts' edges, its organisation features and its
     * extras. */
    for (size_t k = 0; k < n_parts; k++) {
        for (size_t i = 0; i < parts[k].f.n; i++) {
            push(sc, parts[k].f.v[i]);
        }
    }
    for (size_t k = 1; k < sc->n_parts; k++) {
        size_t b = sc->part_at[k];
        if (b > 0 && b < sc->cat.n) {
            pair(sc, &sc->cat.v[b - 1], &sc->cat.v[b]);
        }
    }
    org_feats(sc, &sc->cat);
    shape_feats(sc, &sc->cat);
    return finish(sc, extras, n_extras, out);
}

pc_status pc_model_features(const char *s, size_t len,
                            const char *const *extras, size_t n_extras,
                            pc_feats *out)
{
    struct pc__feat_scratch *sc = pc__feat_scratch_new();
    pc_status st;

    if (!sc) {
        out->n = 0;
        return PC_ERR_NOMEM;
    }
    st = pc__model_features_in(sc, s, len, extras, n_extras, out);
    pc__feat_scratch_free(sc);
    return st;
}

void pc_feats_free(pc_feats *f)
{
    free(f->v);
    memset(f, 0, sizeof *f);
}
