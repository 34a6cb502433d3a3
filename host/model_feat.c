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

#include "grow.h"
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

/* Returns 1 if byte c (ASCII) ends a word: white space and punctuation
 * that joins nothing inside a word. */
static int is_sep(unsigned char c)
{
    return c <= ' ' || strchr(",/\\()[]{}:;\"?<>=~^&", c) != NULL;
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
    static const char from[] = "013457@$!|";
    static const char to[] = "oieastasil";
    const char *p = c ? strchr(from, c) : NULL;

    return p ? to[p - from] : 0;
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

static int push(pc_feats *f, uint32_t h)
{
    uint32_t *v = pc__grow(f->v, f->n, &f->cap, sizeof *v, 256);

    if (!v) {
        return -1;
    }
    f->v = v;
    f->v[f->n++] = h & (PC_MODEL_BUCKETS - 1);
    return 0;
}

/* Pushes the character 3- to 5-grams of "<word>". */
static int char_grams(pc_feats *f, const struct word *w)
{
    char b[WORD_CAP + 3];
    size_t n = w->len + 2;

    b[0] = '<';
    memcpy(b + 1, w->w, w->len);
    b[n - 1] = '>';
    for (size_t g = 3; g <= 5; g++) {
        for (size_t i = 0; i + g <= n; i++) {
            if (push(f, fnv(fnv(FNV_BASIS, "c", 1), b + i, g))) {
                return -1;
            }
        }
    }
    return 0;
}

static int word_feats(pc_feats *f, const struct words *ws)
{
    for (size_t i = 0; i < ws->n; i++) {
        const struct word *w = &ws->v[i];
        uint32_t h = fnv(fnv(FNV_BASIS, "w", 1), w->w, w->len);
        if (push(f, h)) {
            return -1;
        }
        if (i + 1 < ws->n) {
            h = fnv(fnv(FNV_BASIS, "b", 1), w->w, w->len);
            h = fnv(fnv(h, " ", 1), ws->v[i + 1].w, ws->v[i + 1].len);
            if (push(f, h)) {
                return -1;
            }
        }
        if (w->kind == W_WORD && char_grams(f, w)) {
            return -1;
        }
    }
    return 0;
}

#define RADIX_BITS 9
#define RADIX (1u << RADIX_BITS)

/* Sorts v[0, n) ascending with tmp[0, n) as scratch: a least-significant-
 * digit radix sort in passes of RADIX_BITS bits over the bits a bucket
 * index can have. Linear in n; qsort with a comparison callback was most
 * of a model's time on a 280-character post. The order is the same, so
 * the features (and the training script's input) are unchanged. */
static void sort_buckets(uint32_t *v, uint32_t *tmp, size_t n)
{
    uint32_t *from = v, *to = tmp;
    unsigned shift;

    for (shift = 0; (1u << shift) < PC_MODEL_BUCKETS; shift += RADIX_BITS) {
        size_t count[RADIX + 1] = {0};
        uint32_t *swap;
        for (size_t i = 0; i < n; i++) {
            count[((from[i] >> shift) & (RADIX - 1)) + 1]++;
        }
        for (size_t d = 1; d <= RADIX; d++) {
            count[d] += count[d - 1];
        }
        for (size_t i = 0; i < n; i++) {
            to[count[(from[i] >> shift) & (RADIX - 1)]++] = from[i];
        }
        swap = from;
        from = to;
        to = swap;
    }
    if (from != v) {
        memcpy(v, from, n * sizeof *v);
    }
}

pc_status pc_model_features(const char *s, size_t len,
                            const char *const *extras, size_t n_extras,
                            pc_feats *out)
{
    struct words *ws = malloc(sizeof *ws);
    size_t k = 0;

    out->n = 0;
    if (!ws) {
        return PC_ERR_NOMEM;
    }
    cut_words((const unsigned char *)s, len, ws);
    join_spaced(ws);
    if (word_feats(out, ws)) {
        free(ws);
        return PC_ERR_NOMEM;
    }
    free(ws);
    for (size_t i = 0; i < n_extras; i++) {
        uint32_t h = fnv(fnv(FNV_BASIS, "x", 1), extras[i], strlen(extras[i]));
        if (push(out, h)) {
            return PC_ERR_NOMEM;
        }
    }
    if (out->n > 1) {
        uint32_t *tmp = malloc(out->n * sizeof *tmp);
        if (!tmp) {
            return PC_ERR_NOMEM;
        }
        sort_buckets(out->v, tmp, out->n);
        free(tmp);
    }
    for (size_t i = 0; i < out->n; i++) {
        if (k == 0 || out->v[i] != out->v[k - 1]) {
            out->v[k++] = out->v[i];
        }
    }
    out->n = k;
    return PC_OK;
}

void pc_feats_free(pc_feats *f)
{
    free(f->v);
    memset(f, 0, sizeof *f);
}
