/* test_prefilter_check.c: the regex prefilter (prefilter.h) only saves
 * time. Every post of the labelled corpus, every example of the built-in
 * packs, and variants of each that the filter's collapsed reading must
 * see through (other case, other white space, other digits, the caseless
 * twins of 's' and 'k'), are checked with the filter on and off: the
 * findings must be the same, finding by finding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "postcheck/pack.h"
#include "postcheck/rules.h"
#include "prefilter.h"
#include "support_check.h"
#include "support_corpus.h"

typedef struct run {
    pc_packset *set;
    size_t posts;
    long checks;
    long findings;
} run;

/* Checks text with the prefilter on and off and fails on any difference. */
static void compare(run *r, const pc_pack *pack, const char *text,
                    pc_account acct)
{
    r->findings += (long)pc_test_check_both(pack, text, acct,
                                            pc__prefilter_enable, "prefilter");
    r->checks++;
}

/* Appends the UTF-8 of code point cp to out at *n. */
static void put_cp(char *out, size_t *n, unsigned cp)
{
    if (cp < 0x80) {
        out[(*n)++] = (char)cp;
    } else if (cp < 0x800) {
        out[(*n)++] = (char)(0xC0 | (cp >> 6));
        out[(*n)++] = (char)(0x80 | (cp & 0x3F));
    } else {
        out[(*n)++] = (char)(0xE0 | (cp >> 12));
        out[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[(*n)++] = (char)(0x80 | (cp & 0x3F));
    }
}

/* A variant of text (owned): 1 upper case and white space as tabs, new
 * lines, runs and no-break spaces; 2 every digit moved on by three and
 * some 's' and 'k' as U+017F and U+212A, which caseless patterns take for
 * them. */
static char *variant(const char *text, int kind)
{
    size_t len = strlen(text), n = 0, k = 0;
    char *out = malloc(3 * len + 1);

    assert_non_null(out);
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        unsigned char c = *p;
        if (kind == 1 && c == ' ') {
            static const unsigned spaces[] = {' ', '\t', 0xA0, '\n', 0x2009};
            put_cp(out, &n, spaces[k % 5]);
            if (k++ % 7 == 3) {
                out[n++] = ' ';
            }
        } else if (kind == 1 && c >= 'a' && c <= 'z') {
            out[n++] = (char)(c - 32);
        } else if (kind == 2 && c >= '0' && c <= '9') {
            out[n++] = (char)('0' + (c - '0' + 3) % 10);
        } else if (kind == 2 && (c == 's' || c == 'k') && k++ % 2 == 0) {
            put_cp(out, &n, c == 's' ? 0x17F : 0x212A);
        } else {
            out[n++] = (char)c;
        }
    }
    out[n] = '\0';
    return out;
}

/* One post: against every pack as it is (a personal account), and each
 * variant against one pack in turn (the second from an official
 * account). */
static void post_one(run *r, const char *text)
{
    size_t n = pc_packset_count(r->set);

    for (size_t i = 0; i < n; i++) {
        compare(r, pc_packset_at(r->set, i), text, PC_ACCOUNT_PERSONAL);
    }
    for (int kind = 1; kind <= 2; kind++) {
        char *v = variant(text, kind);
        compare(r, pc_packset_at(r->set, (r->posts + (size_t)kind) % n), v,
                kind == 2 ? PC_ACCOUNT_OFFICIAL : PC_ACCOUNT_PERSONAL);
        free(v);
    }
    r->posts++;
}

static void text_post(void *ctx, const char *text, const char *path)
{
    (void)path;
    post_one(ctx, text);
}

static void test_same_findings(void **state)
{
    run r = {0};

    (void)state;
    r.set = pc_packset_new(NULL);
    assert_non_null(r.set);
    assert_int_equal(pc_packset_add_builtin(r.set, NULL), PC_OK);
    assert_int_equal(pc_packset_warm(r.set, NULL, NULL), PC_OK);
    /* The blind batches (tests/corpus/heldout) are not read. */
    pc_test_corpus_each(text_post, &r);
    pc_test_pack_examples_each(text_post, &r);
    fprintf(stderr, "prefilter on and off: %ld checks, %ld findings, the "
                    "same\n", r.checks, r.findings);
    assert_true(r.checks > 5000);
    assert_true(r.findings > 1000);
    pc_packset_free(r.set);
}

/* The host checks posts while it warms up (the queries come with the
 * JIT, the triggers when a pack's JIT is done): half way through, the
 * findings are the same too. */
static void test_same_findings_mid_warmup(void **state)
{
    run r = {0};
    int steps = 0;

    (void)state;
    r.set = pc_packset_new(NULL);
    assert_non_null(r.set);
    assert_int_equal(pc_packset_add_builtin(r.set, NULL), PC_OK);
    /* Every pack prepared, the detectors JIT-compiled, the first pack's
     * rules all done and the second's part done. */
    while (steps < 40 && pc_packset_warm_step(r.set, NULL, NULL)) {
        steps++;
    }
    assert_int_equal(steps, 40);
    pc_test_corpus_each(text_post, &r);
    fprintf(stderr, "mid warm-up, prefilter on and off: %ld checks, %ld "
                    "findings, the same\n", r.checks, r.findings);
    assert_true(r.findings > 1000);
    pc_packset_free(r.set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_findings),
        cmocka_unit_test(test_same_findings_mid_warmup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
