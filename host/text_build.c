/* text_build.c: pc_text_new, building a post's two views (text.h), in
 * plain C: the runs of ASCII (most of a post) are written straight from
 * the UTF-8 original, and only the parts beyond ASCII are decoded to
 * UTF-16 and normalised by ICU (text.c, pc__text_part).
 *
 * The short cut is exact: an ASCII character that no combining mark
 * follows is its own normalisation segment in both views (itself in the
 * cased view, in lower case in the folded one, mapped to its one UTF-16
 * unit), which is what text.c's own loop writes for it. A part handed to
 * text.c starts at the ASCII character before a byte beyond ASCII (a
 * combining mark may follow it) or at that byte, and ends at the next
 * ASCII byte: no segment crosses an ASCII character, so the part's
 * segments are the whole text's. The views' room is reserved at the same
 * points with the same sizes as the long way (pc__text_new_slow), so a
 * text that grows too long is refused alike (test_text_fast.c compares
 * the two on generated texts). A part that is one character after its
 * ASCII one (most are) is written by pc__text_char from the views text.c
 * cached for that character's segment, when it has them (one_char).
 *
 * Limits: TEXT_MAX_BYTES of input, so every offset fits the 32-bit
 * maps. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "postcheck/text.h"
#include "text_int.h"

#define TEXT_MAX_BYTES ((size_t)1 << 28)
#define HIGH_BITS 0x8080808080808080u
#define ONES 0x0101010101010101u
#define UNITS_UNKNOWN ((size_t)-1)

/* The end of the run of ASCII bytes from p[i] each followed by ASCII or
 * the end of p[0..len): the characters that are their own segment. It
 * ends at the byte before the first one beyond ASCII (a combining mark
 * may follow it), found 32 bytes at a time. */
static size_t ascii_run_end(const unsigned char *p, size_t i, size_t len)
{
    size_t k = 32, from = i;

    while (i + 32 <= len && (k = pc__ascii_len32(p + i)) == 32) {
        i += 32;
    }
    if (k == 32) {
        while (i < len && p[i] < 0x80) {
            i++;
        }
        if (i == len) {
            return len;
        }
    } else {
        i += k;
    }
    /* p[i] is the first byte beyond ASCII: the run ends at the byte
     * before it (when there is a run). */
    return i > from ? i - 1 : from;
}

/* Eight ASCII bytes with 'A' to 'Z' made lower case: a byte's top bit
 * after adding 0x80 - 'A' says it is 'A' or above, after adding
 * 0x80 - 'Z' - 1 that it is above 'Z' (no byte carries into the next, as
 * each is below 0x80); the capitals' bits, moved to 0x20, are or-ed in. */
static uint64_t lower8(uint64_t x)
{
    uint64_t from_a = x + ONES * (0x80 - 'A');
    uint64_t past_z = x + ONES * (0x80 - 'Z' - 1);

    return x | ((from_a & ~past_z & HIGH_BITS) >> 2);
}

/* Appends the ASCII characters p[0..n), each its own segment, to both
 * views, the first mapped to UTF-16 offset at (room already reserved).
 * Most of a post goes through here: both views' bytes are made sixteen
 * at a time (eight by lower8 without SSE2), the cased view's maps four
 * at a time, the folded view's only once they differ from the cased
 * one's. */
static void put_ascii(pc_text *t, const unsigned char *p, size_t n,
                      uint32_t at)
{
    pc__view_buf *c = &t->views[PC_VIEW_CASED], *f = &t->views[PC_VIEW_FOLD];
    unsigned char *fs = (unsigned char *)f->s + f->len;
    uint32_t *cf = c->from + c->len, *ct = c->to + c->len;
    uint32_t *ff = f->from + f->len, *ft = f->to + f->len;
    unsigned char *cs = (unsigned char *)c->s + c->len;
    size_t k = 0;

#if defined(__SSE2__)
    {
        /* Sixteen bytes at a time: a capital, less 'A' + 128, is below
         * -128 + 26 as a signed byte, and no other ASCII byte is. */
        const __m128i shift = _mm_set1_epi8((char)('A' + 128));
        const __m128i below = _mm_set1_epi8((char)(-128 + 26));
        const __m128i bit = _mm_set1_epi8(0x20);
        for (; k + 16 <= n; k += 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + k));
            __m128i up = _mm_cmplt_epi8(_mm_sub_epi8(x, shift), below);
            _mm_storeu_si128((__m128i *)(void *)(cs + k), x);
            _mm_storeu_si128((__m128i *)(void *)(fs + k),
                             _mm_add_epi8(x, _mm_and_si128(up, bit)));
        }
    }
#endif
    for (; k + 8 <= n; k += 8) {
        uint64_t x;
        memcpy(&x, p + k, 8);
        memcpy(cs + k, &x, 8);
        x = lower8(x);
        memcpy(fs + k, &x, 8);
    }
    for (; k < n; k++) {
        cs[k] = p[k];
        fs[k] = (unsigned char)(p[k] + ((unsigned)(p[k] - 'A') < 26u ? 32 : 0));
    }
    k = 0;
#if defined(__SSE2__)
    {
        /* Four places at a time (the compiler leaves the loop below
         * one at a time). */
        __m128i v = _mm_add_epi32(_mm_set1_epi32((int)at),
                                  _mm_setr_epi32(0, 1, 2, 3));
        const __m128i one = _mm_set1_epi32(1), four = _mm_set1_epi32(4);
        for (; k + 4 <= n; k += 4) {
            _mm_storeu_si128((__m128i *)(void *)(cf + k), v);
            _mm_storeu_si128((__m128i *)(void *)(ct + k),
                             _mm_add_epi32(v, one));
            v = _mm_add_epi32(v, four);
        }
    }
#endif
    for (; k < n; k++) {
        cf[k] = at + (uint32_t)k;
        ct[k] = at + (uint32_t)k + 1;
    }
    if (!t->fold_maps_cased) {
        memcpy(ff, cf, n * sizeof *ff);
        memcpy(ft, ct, n * sizeof *ft);
    }
    c->len += n;
    f->len += n;
}

/* After a part beyond ASCII was appended to both views from cased
 * length c0 on, while the folded view's maps are the cased one's: they
 * stay so when the part's are the same; else the folded view gets its
 * own, the cased view's up to c0 (which it did not write) and the
 * part's, which pc__text_part wrote. */
static void fold_maps_after(pc_text *t, size_t c0)
{
    const pc__view_buf *c = &t->views[PC_VIEW_CASED];
    pc__view_buf *f = &t->views[PC_VIEW_FOLD];
    size_t n = c->len - c0;

    if (f->len == c->len &&
        memcmp(f->from + c0, c->from + c0, n * sizeof *c->from) == 0 &&
        memcmp(f->to + c0, c->to + c0, n * sizeof *c->to) == 0) {
        return;
    }
    memcpy(f->from, c->from, c0 * sizeof *c->from);
    memcpy(f->to, c->to, c0 * sizeof *c->to);
    t->fold_maps_cased = 0;
}

/* The part p[i..j) (an ASCII character then bytes beyond ASCII, or
 * only those at the start) by pc__text_char when the bytes beyond ASCII
 * are one character (most are: an accent, a quote, an emoji): 1 and *n
 * its UTF-16 units when it took it, else 0. u: the part's UTF-16 offset;
 * rest: the original's units from there. */
static int one_char(pc_text *t, const unsigned char *p, size_t i, size_t j,
                    size_t u, size_t rest, size_t *n)
{
    int lead = p[i] < 0x80 ? p[i] : -1;
    size_t k = i + (lead >= 0), at = k;
    uint32_t c;

    if (j - k != pc_utf8_seq_len(p[k])) {
        return 0;
    }
    c = pc_utf8_next((const char *)p, j, &at);
    if (!pc__text_char(t, lead, c, u, rest)) {
        return 0;
    }
    *n = (lead >= 0) + pc_utf8_u16_units(p[k]);
    return 1;
}

/* Builds both views of t's original, total UTF-16 units long (or
 * UNITS_UNKNOWN): runs of ASCII here, the parts between them by
 * pc__text_part. */
static pc_status build_fast(pc_text *t, size_t total, pc_error *err)
{
    const unsigned char *p = (const unsigned char *)t->orig;
    size_t len = t->orig_len, i = 0, j, u = 0, n, c0;
    pc_status rc;

    /* Both views' maps are the same until a part beyond ASCII makes
     * them differ. */
    t->fold_maps_cased = 1;
    while (i < len) {
        j = ascii_run_end(p, i, len);
        if (j > i) {
            put_ascii(t, p + i, j - i, (uint32_t)u);
            u += j - i;
            i = j;
            continue;
        }
        j = i + 1;
        while (j < len && p[j] >= 0x80) {
            j++;
        }
        if (total == UNITS_UNKNOWN) {
            /* Where the first part beyond ASCII starts, the units left
             * (each part reserves them as the long way does). */
            total = u + pc__utf8_units(t->orig + i, len - i);
        }
        if (one_char(t, p, i, j, u, total - u, &n)) {
            u += n;
            i = j;
            continue;
        }
        c0 = t->views[PC_VIEW_CASED].len;
        rc = pc__text_part(t, t->orig + i, j - i, u, total - u, &n, err);
        if (rc != PC_OK) {
            return rc;
        }
        if (t->fold_maps_cased) {
            fold_maps_after(t, c0);
        }
        u += n;
        i = j;
    }
    t->u16_len = u;
    return PC_OK;
}

/* Fills t's views from its original (t->orig set; units: its UTF-16
 * length, or UNITS_UNKNOWN), the short way or, when slow, the whole
 * original as one part. */
static pc_status text_build(pc_text *t, int slow, size_t units,
                            pc_error *err)
{
    pc_status rc;
    int v;

    if (slow) {
        units = pc__utf8_units(t->orig, t->orig_len);
        rc = pc__text_part(t, t->orig, t->orig_len, 0, units, &t->u16_len,
                           err);
    } else {
        rc = build_fast(t, units, err);
    }
    /* NUL-terminate, and zero the unused tail and padding too: PCRE2's
     * JIT reads subjects in aligned 16-byte blocks that may pass the end,
     * which never crosses a page but is a read outside the block, or of
     * uninitialised bytes, to valgrind. */
    for (v = 0; v < 2 && rc == PC_OK; v++) {
        memset(t->views[v].s + t->views[v].len, 0,
               t->views[v].cap + PC__VIEW_PAD - t->views[v].len);
    }
    return rc;
}

/* pc_text_new past the UTF-8 check: utf8[0..len) is valid, units
 * UTF-16 units long (or UNITS_UNKNOWN). */
static pc_text *text_new(const char *utf8, size_t len, int slow,
                         size_t units, pc_error *err)
{
    /* A view is about as long as the original in UTF-8 (folding and
     * normalising change few characters' lengths): room for that (what
     * reserving len + 16 bytes and the NUL gives), so that a post with
     * accents or emoji is not copied over as it grows. It is in the one
     * block with the pc_text and its original: one allocation a text, and
     * one free (a view that outgrows it moves out, pc__view_reserve). */
    size_t cap = len + 16 + 1;
    size_t maps = 4 * cap * sizeof(uint32_t), bytes = cap + PC__VIEW_PAD;
    pc_text *t;
    char *at;
    int v;

    if (len > TEXT_MAX_BYTES) {
        pc_error_set(err, PC_ERR_TOO_LARGE, "text longer than %zu bytes",
                     TEXT_MAX_BYTES);
        return NULL;
    }
    if (pc__text_icu_init(err) != PC_OK) {
        return NULL;
    }
    /* The maps first, after the struct (its size a multiple of a
     * pointer's), so they are aligned; then the views' bytes, then the
     * original. */
    t = malloc(sizeof *t + maps + 2 * bytes + len + 1);
    if (!t) {
        pc_error_set(err, PC_ERR_NOMEM, "out of memory");
        return NULL;
    }
    memset(t, 0, sizeof *t);
    at = (char *)(t + 1);
    for (v = 0; v < 2; v++) {
        pc__view_buf *b = &t->views[v];
        b->from = (uint32_t *)(void *)(at + (size_t)(2 * v) * cap * 4);
        b->to = (uint32_t *)(void *)(at + (size_t)(2 * v + 1) * cap * 4);
        b->s = at + maps + (size_t)v * bytes;
        b->cap = cap;
        b->max = len * PC__VIEW_GROWTH + PC__VIEW_SLACK;
    }
    t->orig = at + maps + 2 * bytes;
    if (len) {
        memcpy(t->orig, utf8, len);
    }
    t->orig[len] = '\0';
    t->orig_len = len;
    if (text_build(t, slow, units, err) != PC_OK) {
        pc_text_free(t);
        return NULL;
    }
    return t;
}

/* pc_text_new with the long way or the short one. */
static pc_text *checked_new(const char *utf8, size_t len, int slow,
                            pc_error *err)
{
    size_t bad = 0, units = UNITS_UNKNOWN;

    /* The check counts the UTF-16 units the build needs, in one pass. */
    if (len <= TEXT_MAX_BYTES &&
        !pc__utf8_valid_units(utf8, len, &bad, &units)) {
        if (err && err->code == PC_OK) {
            err->offset = (long)bad;
        }
        pc_error_set(err, PC_ERR_UTF8, "invalid UTF-8 at byte %zu", bad);
        return NULL;
    }
    return text_new(utf8, len, slow, units, err);
}

pc_text *pc_text_new(const char *utf8, size_t len, pc_error *err)
{
    return checked_new(utf8, len, 0, err);
}

pc_text *pc__text_new_slow(const char *utf8, size_t len, pc_error *err)
{
    return checked_new(utf8, len, 1, err);
}

pc_text *pc_text_new_valid(const char *utf8, size_t len, pc_error *err)
{
    /* The caller proved it; a debug build checks again. */
    assert(pc_utf8_valid(utf8, len, NULL));
    return text_new(utf8, len, 0, UNITS_UNKNOWN, err);
}

char *pc_text_normalise(const char *utf8, size_t len, pc_view v,
                        pc_error *err)
{
    pc_text *t = pc_text_new(utf8, len, err);
    char *s;

    if (!t) {
        return NULL;
    }
    if (t->views[v].own) {
        /* Hand over the view's buffer instead of copying it. */
        s = t->views[v].s;
        t->views[v].s = NULL;
    } else {
        /* It is in the text's one block: a copy. */
        s = malloc(t->views[v].len + 1);
        if (s) {
            memcpy(s, t->views[v].s, t->views[v].len + 1);
        } else {
            pc_error_set(err, PC_ERR_NOMEM, "out of memory");
        }
    }
    pc_text_free(t);
    return s;
}
