/* fuzz_prefilter.c: the regex prefilter (host/prefilter.c) against PCRE2
 * itself. The input is "PATTERN\nTEXT". Whenever PCRE2 finds a match of
 * PATTERN (compiled as the packs' patterns are: UTF, UCP, caseless) in
 * TEXT, the prefilter must let TEXT through; a skipped match aborts. It
 * also runs the parser on any bytes, for memory errors. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"
#include "prefilter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void differential(const char *pat, const char *txt, size_t tlen)
{
    int err;
    PCRE2_SIZE off;
    pcre2_code *re;
    pcre2_match_data *md;
    pcre2_match_context *mc;
    pc__prefilter pf;
    pc__gramset g;
    int rc;

    re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
                       PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &err, &off,
                       NULL);
    if (!re) {
        return;
    }
    md = pcre2_match_data_create(1, NULL);
    mc = pcre2_match_context_create(NULL);
    pcre2_set_match_limit(mc, 10000);
    rc = pcre2_match(re, (PCRE2_SPTR)txt, tlen, 0, 0, md, mc);
    FUZZ_CHECK(pc__prefilter_build(pat, &pf) == PC_OK);
    FUZZ_CHECK(pc__gramset_fill(&g, txt, tlen) == PC_OK);
    FUZZ_CHECK(rc < 0 || pc__prefilter_pass(&pf, &g));
    pc__gramset_free(&g);
    pc__prefilter_free(&pf);
    pcre2_match_context_free(mc);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1);
    char *nl;
    pc__prefilter pf;

    FUZZ_CHECK(buf != NULL);
    memcpy(buf, data, size);
    buf[size] = '\0';
    nl = memchr(buf, '\n', size);
    if (nl) {
        *nl = '\0';
        differential(buf, nl + 1, size - (size_t)(nl + 1 - buf));
    }
    FUZZ_CHECK(pc__prefilter_build(buf, &pf) == PC_OK);
    pc__prefilter_free(&pf);
    free(buf);
    return 0;
}
