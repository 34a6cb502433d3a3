/* fuzz_text.c: libFuzzer target for the text views (text.h).
 *
 * Any bytes are offered as a post. Checked: pc_utf8_valid agrees with
 * ICU's decoder on validity and on the first bad offset; pc_text_new
 * accepts exactly what pc_utf8_valid accepts (unless a view would pass
 * its size limit: PC_ERR_TOO_LARGE), and reports the same bad offset;
 * both views are valid UTF-8, NUL-terminated; every view byte maps to a
 * non-empty UTF-16 span inside the original, spans never go backwards,
 * and a span never starts or ends inside a surrogate pair;
 * pc_text_normalise agrees with the view. */
#include <stdint.h>
#include <string.h>

#include <unicode/utf8.h>

#include "fuzz_common.h"
#include "postcheck/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An independent opinion: ICU's decoder (U8_NEXT) on the same bytes.
 * Returns 1 if valid, else 0 with *bad the start of the first ill-formed
 * sequence. */
static int icu_valid(const uint8_t *s, size_t size, size_t *bad)
{
    int32_t i = 0, start, n = (int32_t)size;
    UChar32 c;

    while (i < n) {
        start = i;
        U8_NEXT(s, i, n, c);
        if (c < 0) {
            *bad = (size_t)start;
            return 0;
        }
    }
    return 1;
}

/* Whether UTF-16 offset u of t falls between two code points. */
static int on_boundary(const pc_text *t, size_t u)
{
    size_t b = pc_text_u16_to_byte(t, u), len, k = 0, i = 0;
    const unsigned char *s =
        (const unsigned char *)pc_text_original(t, &len);

    /* Count UTF-16 units up to byte b: equal to u only on a boundary. */
    while (i < b) {
        k += s[i] >= 0xF0 ? 2 : 1;
        i += s[i] < 0x80 ? 1 : s[i] < 0xE0 ? 2 : s[i] < 0xF0 ? 3 : 4;
    }
    return k == u;
}

static void check_view(const pc_text *t, pc_view v)
{
    size_t len, b, u0, u1, prev = 0, ulen = pc_text_utf16_len(t);
    const char *s = pc_text_view(t, v, &len);

    FUZZ_CHECK(s[len] == '\0');
    FUZZ_CHECK(pc_utf8_valid(s, len, NULL));
    for (b = 0; b < len; b++) {
        pc_text_span(t, v, b, b + 1, &u0, &u1);
        FUZZ_CHECK(u0 < u1 && u1 <= ulen && u0 >= prev);
        FUZZ_CHECK(on_boundary(t, u0) && on_boundary(t, u1));
        prev = u0;
    }
    pc_text_span(t, v, len, len, &u0, &u1);
    FUZZ_CHECK(u0 == ulen && u1 == ulen);
}

static void check_normalise(const uint8_t *data, size_t size,
                            const pc_text *t, pc_view v)
{
    size_t len;
    const char *view = pc_text_view(t, v, &len);
    char *n = pc_text_normalise((const char *)data, size, v, NULL);

    FUZZ_CHECK(n != NULL);
    FUZZ_CHECK(memcmp(n, view, len + 1) == 0);
    free(n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t bad = 0, icu_bad = 0, len;
    int valid = pc_utf8_valid((const char *)data, size, &bad);
    pc_error err;
    pc_text *t;

    if (size > 1 << 20) {
        return 0;
    }
    FUZZ_CHECK(valid == icu_valid(data, size, &icu_bad));
    FUZZ_CHECK(valid || bad == icu_bad);

    pc_error_clear(&err);
    t = pc_text_new((const char *)data, size, &err);
    if (!valid) {
        FUZZ_CHECK(t == NULL && err.code == PC_ERR_UTF8);
        FUZZ_CHECK(err.offset == (long)bad && bad < size);
        return 0;
    }
    if (!t) {
        /* Valid, but normalising it would pass the view limit. */
        FUZZ_CHECK(err.code == PC_ERR_TOO_LARGE);
        return 0;
    }
    FUZZ_CHECK(memcmp(pc_text_original(t, &len), data, size) == 0);
    FUZZ_CHECK(len == size);
    check_view(t, PC_VIEW_FOLD);
    check_view(t, PC_VIEW_CASED);
    if (size < 256) {
        check_normalise(data, size, t, PC_VIEW_FOLD);
        check_normalise(data, size, t, PC_VIEW_CASED);
    }
    pc_text_free(t);
    return 0;
}
