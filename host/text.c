/* text.c: the Unicode views of a post (ICU) and their offset maps.
 *
 * Owns: the FOLD and CASED views described in
 * include/postcheck/text.h, and the map from every view byte back to the
 * UTF-16 span of the original it came from. This is the only file that
 * includes ICU headers; ICU's UErrorCode is translated to pc_status here.
 * pc_utf8_valid() lives in text_utf8.c, the view buffers and accessors in
 * text_view.c, pc_text_new and the runs of ASCII that need no ICU in
 * text_build.c (all plain C); this file builds the parts beyond ASCII
 * (pc__text_part).
 *
 * How a view is built: the original is decoded to UTF-16 and cut into
 * normalisation segments (a boundary before a code point that both the
 * NFKC and the NFKC_Casefold normaliser say never interacts with what
 * precedes it). Each segment is normalised on its own, then each output
 * code point goes through the confusable / punctuation map, and every
 * output byte records the segment's UTF-16 span. ASCII characters not
 * followed by a combining mark take a fast path without any ICU call,
 * and so does a character of a one-code-point segment seen before
 * (seg_cache, pc__text_char: an accent, a quote, an emoji).
 *
 * Limits: a segment is cut after SEG_MAX_CPS code points (Unicode's
 * stream-safe format allows 30 non-starters), so hostile runs of
 * thousands of combining marks cost linear time; such runs are not
 * normalised exactly across the cut. Input is limited to
 * TEXT_MAX_BYTES so every offset fits the 32-bit maps.
 *
 * ICU state (normalisers, per-code-point map cache) is process-wide and
 * built on first use; the host is single-threaded. Which letters fake
 * ASCII ones comes from a table written at build time from ICU's spoof
 * checker (text_int.h: pc__confusables), so only libicuuc is linked. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "postcheck/text.h"
#include "text_int.h"

#define SEG_MAX_CPS 32
#define TEXT_MAX_BYTES ((size_t)1 << 28)
#define NORM_STACK 512
#define MAP_CACHE_LIMIT PC_CONFUSABLE_LIMIT /* nothing above maps */

/* Values of the code point map cache (anything >= 0x20 is an ASCII
 * replacement character). */
enum { MAP_UNKNOWN = 0, MAP_KEEP = 1, MAP_DROP = 2 };

static struct icu_state {
    int ready;
    const UNormalizer2 *norm[2]; /* indexed by pc_view */
} icu;

static unsigned char map_cache[MAP_CACHE_LIMIT];

/* The views of recent one-code-point segments, by code point. */
#define SEG_CACHE_SIZE 1024
#define SEG_CACHE_BYTES 12
static struct seg_entry {
    UChar32 cp; /* the code point plus one; 0 for an empty slot */
    unsigned char len[2];
    unsigned char starts; /* seg_boundary(cp): a segment starts at it */
    char bytes[2][SEG_CACHE_BYTES];
} seg_cache[SEG_CACHE_SIZE];

/* ---- process-wide ICU state ----------------------------------------- */

/* Opens the normalisers, once per process. */
static pc_status icu_init(pc_error *err)
{
    UErrorCode st = U_ZERO_ERROR;

    if (icu.ready) {
        return PC_OK;
    }
    icu.norm[PC_VIEW_FOLD] = unorm2_getNFKCCasefoldInstance(&st);
    icu.norm[PC_VIEW_CASED] = unorm2_getNFKCInstance(&st);
    if (U_FAILURE(st)) {
        return pc_error_set(err, PC_ERR_INTERNAL, "ICU: %s", u_errorName(st));
    }
    icu.ready = 1;
    return PC_OK;
}

/* The ASCII letter a letter of c's kind fakes (pc__confusables), or 0. */
static int confusable(UChar32 c)
{
    size_t lo = 0, hi = pc__n_confusables;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pc__confusables[mid].cp < (uint32_t)c) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < pc__n_confusables && pc__confusables[lo].cp == (uint32_t)c
           ? pc__confusables[lo].ascii : 0;
}

/* Computes the map of one non-ASCII code point (see MAP_*). */
static int map_compute(UChar32 c)
{
    int a;

    switch (c) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
    case 0x02BC: case 0xFF07:
        return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
    case 0xFF02:
        return '"';
    default:
        break;
    }
    if (c == 0x2212 || u_charType(c) == U_DASH_PUNCTUATION) {
        return '-';
    }
    if (u_isUWhiteSpace(c)) {
        return ' ';
    }
    if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) {
        return MAP_DROP;
    }
    a = confusable(c);
    return a ? a : MAP_KEEP;
}

/* The map of a non-ASCII code point, cached per process. */
static int map_cp(UChar32 c)
{
    if (c >= MAP_CACHE_LIMIT) {
        return MAP_KEEP;
    }
    if (map_cache[c] == MAP_UNKNOWN) {
        map_cache[c] = (unsigned char)map_compute(c);
    }
    return map_cache[c];
}

/* ---- word characters ------------------------------------------------ */

/* Whether each BMP code point is a word character, and if so whether a
 * combining mark, looked up once per process: WORD_UNKNOWN until then. */
enum { WORD_UNKNOWN = 0, WORD_NO = 1, WORD_YES = 2, WORD_MARK = 3 };
static unsigned char word_cache[0x10000];

static int word_compute(uint32_t c)
{
    uint32_t gc = U_GET_GC_MASK((UChar32)c);

    return (gc & U_GC_M_MASK)                                ? WORD_MARK
           : (gc & (U_GC_L_MASK | U_GC_N_MASK | U_GC_PC_MASK)) ? WORD_YES
                                                               : WORD_NO;
}

static int word_class(uint32_t c)
{
    if (c >= 0x10000) {
        return c <= 0x10FFFF ? word_compute(c) : WORD_NO;
    }
    if (word_cache[c] == WORD_UNKNOWN) {
        word_cache[c] = (unsigned char)word_compute(c);
    }
    return word_cache[c];
}

int pc_text_word_cp(uint32_t c)
{
    return word_class(c) >= WORD_YES;
}

int pc__text_mark_cp(uint32_t c)
{
    return word_class(c) == WORD_MARK;
}

int pc_text_word_at_multibyte(const char *s, size_t len, size_t i,
                              size_t *clen)
{
    size_t j = i;
    uint32_t c = pc_utf8_next(s, len, &j);

    *clen = j - i;
    return pc_text_word_cp(c);
}

/* ---- views ---------------------------------------------------------- */

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

/* Appends normalised UTF-16 out[0..n) to view v, mapped to [from, to). */
static pc_status emit_mapped(pc__view_buf *b, pc_view v, const UChar *out,
                             int32_t n, uint32_t from, uint32_t to)
{
    int32_t i = 0;
    UChar32 c;
    pc_status rc;
    int m;

    while (i < n) {
        U16_NEXT(out, i, n, c);
        m = c < 0x80 ? MAP_KEEP : map_cp(c);
        if (m == MAP_DROP) {
            continue;
        }
        if (m != MAP_KEEP) {
            c = v == PC_VIEW_FOLD ? ascii_lower((char)m) : m;
        }
        rc = pc__view_put_cp(b, c, from, to);
        if (rc != PC_OK) {
            return rc;
        }
    }
    return PC_OK;
}

/* Normalises segment seg[0..n) for view v and appends it. */
static pc_status emit_segment(pc_text *t, pc_view v, const UChar *seg,
                              int32_t n, uint32_t from, uint32_t to,
                              pc_error *err)
{
    UChar stack[NORM_STACK], *out = stack;
    UErrorCode st = U_ZERO_ERROR;
    int32_t len;
    pc_status rc;

    len = unorm2_normalize(icu.norm[v], seg, n, out, NORM_STACK, &st);
    if (st == U_BUFFER_OVERFLOW_ERROR) {
        out = malloc((size_t)len * sizeof *out);
        if (!out) {
            return pc_error_set(err, PC_ERR_NOMEM, "out of memory");
        }
        st = U_ZERO_ERROR;
        len = unorm2_normalize(icu.norm[v], seg, n, out, len, &st);
    }
    if (U_FAILURE(st)) {
        rc = pc_error_set(err, PC_ERR_INTERNAL, "ICU: %s", u_errorName(st));
    } else {
        rc = emit_mapped(&t->views[v], v, out, len, from, to);
        if (rc != PC_OK) {
            pc__view_error(err, rc);
        }
    }
    if (out != stack) {
        free(out);
    }
    return rc;
}

/* Whether a segment may start at c: no normalisation crosses a boundary
 * before it in either view. Default-ignorable starters (U+200B) are cut
 * too, though NFKC_Casefold would not promise it, so that a dropped
 * character never widens the span of the letter before it. */
static int seg_boundary(UChar32 c)
{
    if (c < 0x80 || (unorm2_hasBoundaryBefore(icu.norm[0], c) &&
                     unorm2_hasBoundaryBefore(icu.norm[1], c))) {
        return 1;
    }
    return u_getCombiningClass(c) == 0 &&
           u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

/* End of the segment that starts at u[i] (n units in all). */
static size_t seg_end(const UChar *u, size_t i, size_t n)
{
    size_t j, count = 1;
    UChar32 c;

    U16_FWD_1_UNSAFE(u, i);
    while (i < n && count < SEG_MAX_CPS) {
        j = i;
        U16_NEXT_UNSAFE(u, j, c);
        if (seg_boundary(c)) {
            break;
        }
        i = j;
        count++;
    }
    return i;
}

/* Appends a cached entry's bytes to both views, mapped to [i, end). */
static pc_status emit_entry(pc_text *t, const struct seg_entry *e, size_t i,
                            size_t end)
{
    pc_status rc;
    int v, k;

    for (v = 0; v < 2; v++) {
        rc = pc__view_reserve(&t->views[v], e->len[v]);
        if (rc != PC_OK) {
            return rc;
        }
        for (k = 0; k < e->len[v]; k++) {
            pc__view_put(&t->views[v], e->bytes[v][k], (uint32_t)i,
                     (uint32_t)end);
        }
    }
    return PC_OK;
}

/* Appends the non-ASCII segment u[i..end) to both views, mapped to
 * [base + i, base + end). A segment of one code point (the common case:
 * an accented letter, an emoji, a Cyrillic letter) goes through
 * seg_cache, saving the ICU calls. */
static pc_status emit_cached(pc_text *t, const UChar *u, size_t i,
                             size_t end, size_t base, pc_error *err)
{
    struct seg_entry *e = NULL;
    size_t k = i, before[2], n[2];
    UChar32 c;
    pc_status rc;
    int v;

    U16_NEXT_UNSAFE(u, k, c);
    if (k == end) {
        e = &seg_cache[c % SEG_CACHE_SIZE];
        if (e->cp == c + 1) {
            rc = emit_entry(t, e, base + i, base + end);
            return rc ? pc__view_error(err, rc) : PC_OK;
        }
    }
    for (v = 0; v < 2; v++) {
        before[v] = t->views[v].len;
        rc = emit_segment(t, (pc_view)v, u + i, (int32_t)(end - i),
                          (uint32_t)(base + i), (uint32_t)(base + end), err);
        if (rc != PC_OK) {
            return rc;
        }
        n[v] = t->views[v].len - before[v];
    }
    if (e && n[0] <= SEG_CACHE_BYTES && n[1] <= SEG_CACHE_BYTES) {
        e->cp = c + 1;
        e->starts = (unsigned char)seg_boundary(c);
        for (v = 0; v < 2; v++) {
            e->len[v] = (unsigned char)n[v];
            memcpy(e->bytes[v], t->views[v].s + before[v], n[v]);
        }
    }
    return PC_OK;
}

/* Appends lead (when one, >= 0) mapped to [base, from), then the n bytes
 * b mapped to [from, to), to view b (room reserved); with maps only when
 * maps. */
static void put_char(pc__view_buf *v, int lead, const char *b, size_t n,
                     uint32_t base, uint32_t from, uint32_t to, int maps)
{
    size_t len = v->len, k;

    if (lead >= 0) {
        v->s[len] = (char)lead;
        if (maps) {
            v->from[len] = base;
            v->to[len] = from;
        }
        len++;
    }
    memcpy(v->s + len, b, n);
    for (k = 0; maps && k < n; k++) {
        v->from[len + k] = from;
        v->to[len + k] = to;
    }
    v->len = len + n;
}

int pc__text_char(pc_text *t, int lead, uint32_t c, size_t base,
                  size_t rest)
{
    const struct seg_entry *e = &seg_cache[c % SEG_CACHE_SIZE];
    size_t la = lead >= 0, uc = c >= 0x10000 ? 2 : 1;
    uint32_t from = (uint32_t)(base + la), to = from + (uint32_t)uc;
    int v;

    /* Not cached, or a segment the ASCII before it may join, or folded
     * to another length while the folded maps are the cased ones (they
     * part there): the long way. */
    if (e->cp != (UChar32)c + 1 || (la && !e->starts) ||
        (t->fold_maps_cased && e->len[0] != e->len[1])) {
        return 0;
    }
    /* The room the long way asks for after the ASCII character (the
     * entry's bytes) and after the character (the rest, never less),
     * asked for before anything is written: a view that may not grow so
     * far takes the long way, which refuses it alike. */
    for (v = 0; v < 2; v++) {
        pc__view_buf *b = &t->views[v];
        if (b->len + e->len[v] + rest - uc + 1 > b->cap &&
            (pc__view_reserve(b, la + e->len[v]) != PC_OK ||
             pc__view_reserve(b, e->len[v] + rest - uc) != PC_OK)) {
            return 0;
        }
    }
    put_char(&t->views[PC_VIEW_CASED], lead, e->bytes[PC_VIEW_CASED],
             e->len[PC_VIEW_CASED], (uint32_t)base, from, to, 1);
    put_char(&t->views[PC_VIEW_FOLD], la ? ascii_lower((char)lead) : -1,
             e->bytes[PC_VIEW_FOLD], e->len[PC_VIEW_FOLD], (uint32_t)base,
             from, to, !t->fold_maps_cased);
    return 1;
}

/* Appends the run of ASCII units from u[i] that no combining mark
 * follows (each one its own segment), within u[0..n), to both views: as
 * itself to the cased one, in lower case to the folded one, mapped from
 * base + its offset. One byte per remaining unit is always reserved
 * (build_views). Returns the run's end (i when u[i] starts no such run).
 * Finding the run and writing it are one loop. */
static size_t emit_ascii(pc_text *t, const UChar *u, size_t i, size_t n,
                         size_t base)
{
    pc__view_buf *c = &t->views[PC_VIEW_CASED], *f = &t->views[PC_VIEW_FOLD];
    char *cs = c->s + c->len, *fs = f->s + f->len;
    uint32_t *cf = c->from + c->len, *ct = c->to + c->len;
    uint32_t *ff = f->from + f->len, *ft = f->to + f->len;
    size_t k = 0;

    while (i + k < n && u[i + k] < 0x80 &&
           (i + k + 1 == n || u[i + k + 1] < 0x80)) {
        char ch = (char)u[i + k];
        uint32_t at = (uint32_t)(base + i + k);
        cs[k] = ch;
        fs[k] = ascii_lower(ch);
        cf[k] = ff[k] = at;
        ct[k] = ft[k] = at + 1;
        k++;
    }
    c->len += k;
    f->len += k;
    return i + k;
}

/* Builds both views from u[0..n), the UTF-16 form of the part of the
 * original from UTF-16 offset base on; rest: the original's units from
 * base to its end, one byte of each kept reserved for emit_ascii. */
static pc_status build_views(pc_text *t, const UChar *u, size_t n,
                             size_t base, size_t rest, pc_error *err)
{
    size_t i = 0, end;
    pc_status rc;
    int v;

    while (i < n) {
        end = emit_ascii(t, u, i, n, base);
        if (end > i) {
            i = end;
            continue;
        }
        end = seg_end(u, i, n);
        rc = emit_cached(t, u, i, end, base, err);
        if (rc != PC_OK) {
            return rc;
        }
        i = end;
        for (v = 0; v < 2; v++) {
            rc = pc__view_reserve(&t->views[v], rest - i);
            if (rc != PC_OK) {
                return pc__view_error(err, rc);
            }
        }
    }
    return PC_OK;
}

/* Decodes the valid UTF-8 s[0..len) into u (room for len units).
 * Returns the number of units. */
static size_t to_utf16(const char *s, size_t len, UChar *u)
{
    const uint8_t *p = (const uint8_t *)s;
    size_t i = 0, k = 0;
    UChar32 c;

    while (i < len) {
        if (p[i] < 0x80) {
            u[k++] = p[i++];
            continue;
        }
        U8_NEXT_UNSAFE(p, i, c);
        U16_APPEND_UNSAFE(u, k, c);
    }
    return k;
}

pc_status pc__text_icu_init(pc_error *err)
{
    return icu_init(err);
}

#define PART_STACK 256

pc_status pc__text_part(pc_text *t, const char *s, size_t len, size_t base,
                        size_t rest, size_t *units, pc_error *err)
{
    UChar stack[PART_STACK], *u = stack;
    pc_status rc;
    size_t n;

    if (len > PART_STACK) {
        u = malloc(len * sizeof *u);
        if (!u) {
            return pc_error_set(err, PC_ERR_NOMEM, "out of memory");
        }
    }
    n = to_utf16(s, len, u);
    rc = build_views(t, u, n, base, rest, err);
    if (u != stack) {
        free(u);
    }
    *units = n;
    return rc;
}
