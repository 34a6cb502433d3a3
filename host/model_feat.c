/* model_feat.c: the features the trained models see (model.h): the
 * folded text cut into words, cleaned of cheap evasion, then hashed
 * words, word pairs and character n-grams.
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
#include "postcheck/model.h"
#include "postcheck/text.h"

#define WORD_CAP 32         /* bytes of a word kept (longer are cut) */
#define FNV_BASIS 2166136261u
#define FNV_PRIME 16777619u

enum { W_WORD = 0, W_HANDLE = 1, W_NUMBER = 2 };

struct word {
    char w[WORD_CAP + 1];
    unsigned char len;
    unsigned char kind;
};

struct words {
    struct word v[PC_MODEL_MAX_WORDS];
    size_t n;
};

static int is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* The ASCII punctuation that joins nothing inside a word,
 * ,/\\()[]{}:;"?<>=~^& as a bit set over bytes 0-127 (bit c of word
 * c / 64): a test per byte, where strchr was a call. */
static const uint64_t sep_bits[2] = {0xfc00934400000000u,
                                     0x6800000078000000u};

/* Returns 1 if byte c (ASCII) ends a word: white space and punctuation
 * that joins nothing inside a word. */
static int is_sep(unsigned char c)
{
    return c <= ' ' || (c < 0x80 && ((sep_bits[c >> 6] >> (c & 63)) & 1));
}

/* The length in bytes of the character at s[i]; *sep is 1 when it
 * separates words: in ASCII white space and is_sep's punctuation (other
 * ASCII punctuation may stand inside a word: "f*ck", "b!tch", "i.d.i.o.t"),
 * beyond ASCII anything but a word character (text.h). */
static size_t char_at(const unsigned char *s, size_t len, size_t i, int *sep)
{
    size_t clen;

    if (s[i] < 0x80) {
        *sep = is_sep(s[i]);
        return 1;
    }
    *sep = !pc_text_word_at((const char *)s, len, i, &clen);
    return clen ? clen : 1;
}

/* The letter a leet digit or symbol stands for, or 0. */
static char leet(unsigned char c)
{
    switch (c) {
    case '0': return 'o';
    case '1': case '!': return 'i';
    case '|': return 'l';
    case '3': return 'e';
    case '4': case '@': return 'a';
    case '5': case '$': return 's';
    case '7': return 't';
    default: return 0;
    }
}

/* Appends byte c to word w, cutting a letter repeated more than twice. */
static void put(struct word *w, char c)
{
    if (w->len >= WORD_CAP) {
        return;
    }
    if (w->len >= 2 && is_alpha((unsigned char)c) && (unsigned char)c < 0x80 &&
        w->w[w->len - 1] == c && w->w[w->len - 2] == c) {
        return;
    }
    w->w[w->len++] = c;
}

/* Turns the raw chunk c[0, n) (no separators in it) into a word of ws,
 * if it holds one. */
static void add_chunk(struct words *ws, const unsigned char *c, size_t n)
{
    struct word *w = &ws->v[ws->n];
    size_t letters = 0, digits = 0;

    /* Trailing punctuation never belongs to the word; leading only
     * when it is not a leet symbol or a handle's '@'. */
    while (n > 0 && c[n - 1] < 0x80 && !is_alpha(c[n - 1]) &&
           !is_digit(c[n - 1])) {
        n--;
    }
    while (n > 0 && c[0] < 0x80 && !is_alpha(c[0]) && !is_digit(c[0]) &&
           !(n > 1 && (c[0] == '@' || c[0] == '$'))) {
        c++;
        n--;
    }
    for (size_t i = 0; i < n; i++) {
        letters += is_alpha(c[i]);
        digits += is_digit(c[i]);
    }
    memset(w, 0, sizeof *w);
    if (n == 0 || (letters == 0 && digits == 0)) {
        return;
    }
    if (c[0] == '@' && letters > 0) {
        w->kind = W_HANDLE;
        w->w[0] = '@';
        w->len = 1;
    } else if (letters == 0) {
        w->kind = W_NUMBER;
        w->w[0] = '0';
        w->len = 1;
    } else {
        for (size_t i = 0; i < n; i++) {
            char l = leet(c[i]);
            if (is_alpha(c[i])) {
                put(w, (char)c[i]);
            } else if (l && (!is_digit(c[i]) || letters >= 2)) {
                put(w, l);
            } else if (is_digit(c[i])) {
                put(w, (char)c[i]);
            }
        }
        /* A cut may have split a character beyond ASCII: drop the
         * pieces of it. */
        if (w->len == WORD_CAP && (unsigned char)w->w[w->len - 1] >= 0x80) {
            w->len = (unsigned char)pc_utf8_char_start(w->w, w->len - 1u);
        }
    }
    if (w->len > 0) {
        ws->n++;
    }
}

/* Cuts s[0, len) into words. */
static void cut_words(const unsigned char *s, size_t len, struct words *ws)
{
    size_t i = 0, w = 0;
    int sep = 0;

    ws->n = 0;
    while (i < len && ws->n < PC_MODEL_MAX_WORDS) {
        size_t start;
        while (i < len && (w = char_at(s, len, i, &sep), sep)) {
            i += w;
        }
        start = i;
        while (i < len && (w = char_at(s, len, i, &sep), !sep)) {
            i += w;
        }
        if (i > start) {
            add_chunk(ws, s + start, (i < len ? i : len) - start);
        }
    }
}

/* Joins every run of three or more single ASCII letters into one word
 * ("s t u p i d"). */
static void join_spaced(struct words *ws)
{
    size_t out = 0, i = 0;

    while (i < ws->n) {
        size_t j = i;
        while (j < ws->n && ws->v[j].kind == W_WORD && ws->v[j].len == 1 &&
               (unsigned char)ws->v[j].w[0] < 0x80) {
            j++;
        }
        if (j - i >= 3) {
            struct word joined;
            memset(&joined, 0, sizeof joined);
            for (size_t k = i; k < j; k++) {
                put(&joined, ws->v[k].w[0]);
            }
            ws->v[out++] = joined;
            i = j;
        } else {
            ws->v[out++] = ws->v[i++];
        }
    }
    ws->n = out;
}

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

struct pc__feat_scratch {
    uint64_t word[SET_WORDS];
    uint64_t used[SET_USED];
    size_t n;               /* distinct buckets in the set */
    struct words ws;
};

struct pc__feat_scratch *pc__feat_scratch_new(void)
{
    struct pc__feat_scratch *sc = malloc(sizeof *sc);

    if (sc) {
        memset(sc->used, 0, sizeof sc->used);
        sc->n = 0;
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

/* Words that refer to an organisation as a whole or its governing body,
 * whichever pack checks the post (the features know no pack): what a
 * member or employee calls it ("the trust", "the board", "the
 * conference", "SLT") and the five built-in packs' short names. Sorted,
 * for bsearch. */
static const char *const org_words[] = {
    "academy", "ala", "alliance", "alt", "association", "board", "ceo",
    "chapter", "committee", "conference", "executive", "faculty", "firm",
    "governors", "hq", "leadership", "llmat", "management", "organisation",
    "organization", "school", "slt", "society", "trust", "trustees",
};

/* Words and stems of negative evaluation (is_neg_word): what a put-down of
 * an organisation says without an insult word (decline, amateurishness,
 * waste, cronyism, pretence, neglect) and the general words of judging
 * something bad. Sorted, for bsearch of the whole word and then of each
 * prefix; every entry is NEG_MIN to NEG_MAX letters long (the words of
 * org_words 2 to 12), so shorter words and longer prefixes are not
 * looked up. */
#define NEG_MIN 4
#define NEG_MAX 11
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

static int cmp_str(const void *a, const void *b)
{
    return strcmp((const char *)a, *(const char *const *)b);
}

/* Returns 1 if word w (NUL-terminated) is one of list's n sorted
 * entries. */
static int in_list(const char *w, const char *const *list, size_t n)
{
    return bsearch(w, list, n, sizeof *list, cmp_str) != NULL;
}

static int is_org_word(const struct word *w)
{
    return w->kind == W_WORD && w->len >= 2 && w->len <= 12 &&
           in_list(w->w, org_words, sizeof org_words / sizeof *org_words);
}

/* Returns 1 if word w is an entry of neg_stems or starts with one of
 * five letters or more ("amateurish", "wasteful"; "mess" is not
 * "message"). */
static int is_neg_word(const struct word *w)
{
    char b[WORD_CAP + 1];
    size_t n = sizeof neg_stems / sizeof *neg_stems;

    if (w->kind != W_WORD || w->len < NEG_MIN) {
        return 0;
    }
    if (in_list(w->w, neg_stems, n)) {
        return 1;
    }
    memcpy(b, w->w, w->len + 1u);
    for (size_t k = w->len < NEG_MAX + 1 ? w->len : NEG_MAX + 1; k > 5; k--) {
        b[k - 1] = '\0';
        if (in_list(b, neg_stems, n)) {
            return 1;
        }
    }
    return 0;
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
        org = is_org_word(&ws->v[i]);
    }
    for (size_t i = 0; i < ws->n; i++) {
        const struct word *w = &ws->v[i];
        if (org) {
            push(f, fnv(ho, w->w, w->len));
        }
        if (!neg && is_neg_word(w)) {
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

static void word_feats(struct pc__feat_scratch *f, const struct words *ws)
{
    uint32_t hw = fnv(FNV_BASIS, "w", 1), hb = fnv(FNV_BASIS, "b", 1);

    for (size_t i = 0; i < ws->n; i++) {
        const struct word *w = &ws->v[i];
        push(f, fnv(hw, w->w, w->len));
        if (i + 1 < ws->n) {
            uint32_t h = fnv(hb, w->w, w->len);
            h = fnv(fnv(h, " ", 1), ws->v[i + 1].w, ws->v[i + 1].len);
            push(f, h);
        }
        if (w->kind == W_WORD) {
            char_grams(f, w);
        }
    }
}

pc_status pc__model_features_in(struct pc__feat_scratch *sc, const char *s,
                                size_t len, const char *const *extras,
                                size_t n_extras, pc_feats *out)
{
    out->n = 0;
    cut_words((const unsigned char *)s, len, &sc->ws);
    join_spaced(&sc->ws);
    word_feats(sc, &sc->ws);
    org_feats(sc, &sc->ws);
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
