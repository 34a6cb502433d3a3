/* support_regex.c: see support_regex.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "support_regex.h"

size_t pc_test_regex_run(const pcre2_code *re, pcre2_match_context *mctx,
                         const char *s, size_t at, size_t end, size_t *v,
                         size_t n, size_t cap)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);

    assert_non_null(md);
    while (at <= end) {
        PCRE2_SIZE *ov;
        int rc = pcre2_match(re, (PCRE2_SPTR)s, end, at, 0, md, mctx);
        if (rc <= 0 && rc != PCRE2_ERROR_NOMATCH) {
            fail_msg("pcre2_match: %d at %zu of %zu", rc, at, end);
        }
        if (rc < 0) {
            break;
        }
        ov = pcre2_get_ovector_pointer(md);
        if (ov[1] > ov[0]) {
            assert_true(n + 2 <= cap);
            v[n++] = ov[0];
            v[n++] = ov[1];
        }
        at = ov[1] > at ? ov[1] : at + 1;
        while (at < end && ((unsigned char)s[at] & 0xC0) == 0x80) {
            at++;
        }
    }
    pcre2_match_data_free(md);
    return n;
}
