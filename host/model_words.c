/* model_words.c: a folded text cut into the words the models' features
 * are made of (model_words.h), cleaned of cheap evasion. Split from
 * model_feat.c unchanged. Beyond ASCII, what goes into a word is the text
 * module's one word character (text.h: letters, numbers, marks); any
 * other character (punctuation, symbols, emoji) separates words. Nothing
 * here keeps or logs the text. */
#include <stdint.h>
#include <string.h>

#include "model_words.h"
#include "postcheck/text.h"

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
size_t pc__model_char_at(const unsigned char *s, size_t len, size_t i,
                         int *sep)
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
void pc__model_cut_words(const unsigned char *s, size_t len, struct words *ws)
{
    size_t i = 0, w = 0;
    int sep = 0;

    ws->n = 0;
    while (i < len && ws->n < PC_MODEL_MAX_WORDS) {
        size_t start;
        while (i < len && (w = pc__model_char_at(s, len, i, &sep), sep)) {
            i += w;
        }
        start = i;
        while (i < len && (w = pc__model_char_at(s, len, i, &sep), !sep)) {
            i += w;
        }
        if (i > start) {
            add_chunk(ws, s + start, (i < len ? i : len) - start);
        }
    }
}

/* Joins every run of three or more single ASCII letters into one word
 * ("s t u p i d"). */
void pc__model_join_spaced(struct words *ws)
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
