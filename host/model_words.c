/* model_words.c: a folded text cut into the words the models' features
 * are made of (model_words.h), cleaned of cheap evasion (a masked insult
 * read as it); the tagging of the words with the word lists they are on
 * is model_lists_tab.c's. Beyond ASCII, what goes into a word is the text
 * module's one word character (text.h: letters, numbers, marks); any
 * other character (punctuation, symbols, emoji) separates words. Nothing
 * here keeps or logs the text. */
#include <stdint.h>
#include <string.h>

#include "model_lists.h"
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
    case '9': return 'g';
    default: return 0;
    }
}

/* Returns 1 if ASCII symbol c, dropped inside a word, may hide a
 * letter: "c*nt", "tw#t", "wh.re". */
static int is_mask(unsigned char c)
{
    return c == '*' || c == '#' || c == '%' || c == '-' || c == '_' ||
           c == '.' || c == '+';
}

/* Reads word w, whose one run of k mask symbols stood at w->w[at], as
 * the insult it hides (pc__model_masked; "c*nts" as "cunts"), if any. */
static void unmask(struct word *w, size_t at, size_t k)
{
    const struct pc__model_lists *l = pc__model_lists();
    const char *e = pc__model_masked(l, PC_LIST_INSULT, w->w, w->len, at, k);
    size_t s = 0, n;

    if (!e && w->len > 2 && w->w[w->len - 1] == 's') {
        e = pc__model_masked(l, PC_LIST_INSULT, w->w, w->len - 1u, at, k);
        s = 1;
    }
    if (!e || (n = strlen(e)) + s > WORD_CAP) {
        return;
    }
    pc__model_become(w, e, n, (int)s);
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

/* What the cut asks of each byte, in one look-up (cut_table): for ASCII
 * whether it separates words (is_sep), is a letter or a digit; beyond
 * ASCII every byte counts as a letter (is_alpha), and the text module
 * says which characters separate (pc__model_char_at). And the byte a
 * word keeps for it (add_chunk), in a chunk of fewer than two letters
 * and in one of two or more: the byte itself for a letter; for a leet
 * digit or symbol the letter it stands for (a digit only among two
 * letters or more, else the digit); for another digit the digit; 0 for
 * anything else, which is dropped. Built from the functions above, which
 * stay what a byte is. */
enum { B_SEP = 1, B_ALPHA = 2, B_DIGIT = 4 };

/* A chunk's counts in one sum (cut_table's count): its letters (is_alpha)
 * from bit 0, its digits from COUNT_DIGIT, its ASCII letters from
 * COUNT_ASCII, COUNT_BITS bits each (a longer chunk is counted again a
 * byte at a time: chunk_counts). */
#define COUNT_BITS 21
#define COUNT_MAX (((uint64_t)1 << COUNT_BITS) - 1)
#define COUNT_DIGIT COUNT_BITS
#define COUNT_ASCII (2 * COUNT_BITS)

struct cut_table {
    unsigned char cls[256];
    uint64_t count[256];
    unsigned char keep[2][256]; /* [letters >= 2][byte] */
};

static unsigned char kept_byte(unsigned char c, int two_letters)
{
    char l = leet(c);

    if (is_alpha(c)) {
        return c;
    }
    if (l && (!is_digit(c) || two_letters)) {
        return (unsigned char)l;
    }
    return is_digit(c) ? c : 0;
}

/* The table, filled at its first use (the host is single-threaded, as
 * the lists' table below). */
static const struct cut_table *cut_table(void)
{
    static struct cut_table t;
    static int ready;

    if (!ready) {
        for (unsigned c = 0; c < 256; c++) {
            t.cls[c] = (unsigned char)((c < 0x80 && is_sep((unsigned char)c)
                                            ? B_SEP : 0) |
                                       (is_alpha((unsigned char)c) ? B_ALPHA
                                                                   : 0) |
                                       (is_digit((unsigned char)c) ? B_DIGIT
                                                                   : 0));
            t.count[c] = (uint64_t)(is_alpha((unsigned char)c) != 0) |
                         (uint64_t)(is_digit((unsigned char)c) != 0)
                             << COUNT_DIGIT |
                         (uint64_t)(c < 0x80 && is_alpha((unsigned char)c))
                             << COUNT_ASCII;
            t.keep[0][c] = kept_byte((unsigned char)c, 0);
            t.keep[1][c] = kept_byte((unsigned char)c, 1);
        }
        ready = 1;
    }
    return &t;
}

/* add_chunk for a chunk of ASCII letters only, which has nothing to
 * trim, drop or read as another letter: its bytes, a letter repeated
 * more than twice cut to two, up to WORD_CAP. */
static void add_letters(struct words *ws, const unsigned char *c, size_t n)
{
    struct word *w = &ws->v[ws->n];
    unsigned char *o = (unsigned char *)w->w;
    size_t k = 0;

    memset(w, 0, sizeof *w);
    for (size_t i = 0; i < n && k < WORD_CAP; i++) {
        if (k >= 2 && o[k - 1] == c[i] && o[k - 2] == c[i]) {
            continue;
        }
        o[k++] = c[i];
    }
    w->len = (unsigned char)k;
    ws->n++;
}

#if defined(__SSE2__)
#include <emmintrin.h>

/* The cut's most common chunk, a word of ASCII letters alone ended by a
 * separator, found and kept sixteen bytes at a time: when the 16 bytes
 * from s (all in the text) start with fewer than 16 ASCII letters and a
 * separator after them, none of them the third of a letter in a row
 * (which add_letters drops), puts them in ws as add_letters would and
 * returns their count; else 0 (the cut then goes a byte at a time). Where
 * the cut took each byte through its table, its count summed, then
 * add_letters each byte again through the test of a letter run, and a
 * memset of the word before: a word is now its bytes' letter test as one
 * mask, the run's test as another, and a masked store. */
static size_t letters16(struct words *ws, const struct cut_table *t,
                        const unsigned char *s)
{
    const __m128i x = _mm_loadu_si128((const __m128i *)s);
    const __m128i l = _mm_or_si128(x, _mm_set1_epi8(0x20));
    const __m128i az =
        _mm_and_si128(_mm_cmpgt_epi8(l, _mm_set1_epi8('a' - 1)),
                      _mm_cmplt_epi8(l, _mm_set1_epi8('z' + 1)));
    unsigned n = (unsigned)__builtin_ctz(~(unsigned)_mm_movemask_epi8(az));
    unsigned three;
    struct word *w;

    if (n == 0 || n == 16 || !(t->cls[s[n]] & B_SEP)) {
        return 0;
    }
    three = (unsigned)_mm_movemask_epi8(
        _mm_and_si128(_mm_cmpeq_epi8(x, _mm_slli_si128(x, 1)),
                      _mm_cmpeq_epi8(x, _mm_slli_si128(x, 2))));
    if (three & ((1u << n) - 1) & ~3u) {
        return 0;
    }
    w = &ws->v[ws->n++];
    _mm_storeu_si128(
        (__m128i *)w->w,
        _mm_and_si128(x, _mm_cmpgt_epi8(_mm_set1_epi8((char)n),
                                        _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7,
                                                      8, 9, 10, 11, 12, 13,
                                                      14, 15))));
    _mm_storeu_si128((__m128i *)(w->w + 16), _mm_setzero_si128());
    w->w[WORD_CAP] = '\0';
    w->len = (unsigned char)n;
    w->kind = W_WORD;
    w->tag = 0;
    w->lists = 0;
    return n;
}
#else
static size_t letters16(struct words *ws, const struct cut_table *t,
                        const unsigned char *s)
{
    (void)ws;
    (void)t;
    (void)s;
    return 0;
}
#endif

/* Turns the raw chunk c[0, n) (no separators in it), with `letters`
 * bytes that are letters (is_alpha) and `digits` digits, into a word of
 * ws, if it holds one. */
static void add_chunk(struct words *ws, const struct cut_table *t,
                      const unsigned char *c, size_t n, size_t letters,
                      size_t digits)
{
    struct word *w = &ws->v[ws->n];

    /* Trailing punctuation never belongs to the word; leading only
     * when it is not a leet symbol or a handle's '@'. What is cut holds
     * no letter or digit, so the counts stay. */
    while (n > 0 && c[n - 1] < 0x80 && !is_alpha(c[n - 1]) &&
           !is_digit(c[n - 1])) {
        n--;
    }
    while (n > 0 && c[0] < 0x80 && !is_alpha(c[0]) && !is_digit(c[0]) &&
           !(n > 1 && (c[0] == '@' || c[0] == '$'))) {
        c++;
        n--;
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
        /* put's cuts, with the word's length in a local: it stops at
         * WORD_CAP, and drops an ASCII letter after two of it. A run of
         * mask symbols between letters: where, how long, how many. */
        const unsigned char *keep = t->keep[letters >= 2];
        unsigned char *o = (unsigned char *)w->w;
        size_t k = 0, mask_at = 0, mask_k = 0, runs = 0;
        for (size_t i = 0; i < n && k < WORD_CAP; i++) {
            unsigned char b = keep[c[i]];
            if (!b && is_mask(c[i])) {
                if (i == 0 || !is_mask(c[i - 1])) {
                    runs++;
                    mask_at = k;
                    mask_k = 0;
                }
                mask_k++;
            }
            if (!b || (k >= 2 && o[k - 1] == b && o[k - 2] == b &&
                       b < 0x80 && (t->cls[b] & B_ALPHA))) {
                continue;
            }
            o[k++] = b;
        }
        w->len = (unsigned char)k;
        if (runs == 1 && mask_at > 0 && mask_at < k && mask_k <= 2 &&
            k < WORD_CAP) {
            unmask(w, mask_at, mask_k);
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

/* add_chunk for chunk c[0, n) whose bytes' counts (cut_table's) sum to
 * sum, or add_letters when they are all ASCII letters. */
static void add_counted(struct words *ws, const struct cut_table *t,
                        const unsigned char *c, size_t n, uint64_t sum)
{
    if (n > COUNT_MAX) {
        /* The sum's fields may have run into each other: again, apart. */
        size_t letters = 0, digits = 0;
        for (size_t i = 0; i < n; i++) {
            letters += (t->cls[c[i]] & B_ALPHA) != 0;
            digits += (t->cls[c[i]] & B_DIGIT) != 0;
        }
        add_chunk(ws, t, c, n, letters, digits);
    } else if ((sum >> COUNT_ASCII) == n) {
        add_letters(ws, c, n);
    } else {
        add_chunk(ws, t, c, n, (size_t)(sum & COUNT_MAX),
                  (size_t)((sum >> COUNT_DIGIT) & COUNT_MAX));
    }
}

/* Cuts s[0, len) into words: skips what separates, then reads a chunk
 * up to the next separator, counting its letters and digits on the way
 * (ASCII by the table, beyond it a character at a time). */
void pc__model_cut_words(const unsigned char *s, size_t len, struct words *ws)
{
    pc__model_cut_words_max(s, len, ws, PC_MODEL_MAX_WORDS);
}

void pc__model_cut_words_max(const unsigned char *s, size_t len,
                             struct words *ws, size_t max)
{
    const struct cut_table *t = cut_table();
    size_t i = 0, singles = 0; /* single letters in a row, the last words */
    int sep = 0, spaced = 0;

    ws->n = 0;
    while (i < len && ws->n < max) {
        size_t start, n = ws->n;
        uint64_t sum = 0;
        while (i < len && s[i] < 0x80 && (t->cls[s[i]] & B_SEP)) {
            i++;
        }
        if (i + 16 <= len && (start = letters16(ws, t, s + i)) > 0) {
            i += start;
            singles = start == 1 ? singles + 1 : 0;
            spaced |= singles >= 3;
            continue;
        }
        if (i < len && s[i] >= 0x80) {
            size_t w = pc__model_char_at(s, len, i, &sep);
            if (sep) {
                i += w;
                continue;
            }
        }
        start = i;
        while (i < len) {
            unsigned char c = s[i];
            size_t w;
            if (c < 0x80) {
                if (t->cls[c] & B_SEP) {
                    break;
                }
                sum += t->count[c];
                i++;
                continue;
            }
            w = pc__model_char_at(s, len, i, &sep);
            if (sep) {
                break;
            }
            /* Its bytes up to len, as add_chunk's counts had them. */
            for (size_t k = i; k < i + w && k < len; k++) {
                sum += t->count[s[k]];
            }
            i += w;
        }
        if (i > start) {
            add_counted(ws, t, s + start, (i < len ? i : len) - start, sum);
        }
        if (ws->n > n) {
            singles = pc__model_single(&ws->v[n]) ? singles + 1 : 0;
            spaced |= singles >= 3;
        }
    }
    ws->spaced = spaced;
}

/* Joins every run of three or more single ASCII letters into one word
 * ("s t u p i d"). */
void pc__model_join_spaced(struct words *ws)
{
    size_t out = 0, i = 0;

    if (!ws->spaced) {
        return; /* no run to join (the cut saw none) */
    }
    while (i < ws->n) {
        size_t j = i;
        while (j < ws->n && pc__model_single(&ws->v[j])) {
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
        } else if (out == i) {
            out++; /* nothing joined yet: the word stays where it is */
            i++;
        } else {
            ws->v[out++] = ws->v[i++];
        }
    }
    ws->n = out;
}
