/* test_rules_long.c: a long post is checked as its parts are. A 64 KB post
 * built from paragraphs, each kept apart from the next by neutral text
 * longer than any rule's context window, must get exactly the findings
 * of its paragraphs checked one by one, moved by each paragraph's UTF-16
 * offset in the whole (emoji before them count two units), for the rules
 * whose findings stand on their own: detectors of personal data, word
 * lists of harassment and discrimination. Findings near the end of the
 * post are among them. */
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
#include "support_pack.h"

#define PACK "llmat"
#define TARGET (64 * 1024)
#define MAX_SPANS 4096

/* Rules whose findings depend only on the text around them. */
static const char *const local_rules[] = {
    "llmat.personal-data", "llmat.harassment", "llmat.discrimination",
};

/* Paragraphs with and without findings, with text outside the BMP
 * (two UTF-16 units), accents and line breaks. */
static const char *const paragraphs[] = {
    "Ring me on 07700 900123 if the bus is late \xf0\x9f\x9a\x8c.",
    "Caf\xc3\xa9 na\xc3\xafve r\xc3\xa9sum\xc3\xa9: write to "
    "jane.doe@gmail.com about the rota.",
    "So proud of the year 4 choir \xf0\x9f\x8e\xb6\xf0\x9f\x8e\x89 today.",
    "My new address is 14 Acacia Avenue, Leeds LS6 2AB so pop round.",
    "You are a pathetic loser and everyone hates you.",
    "Immigrants are ruining this country, send them all back.",
    "\xe2\x80\x9cQuoted\xe2\x80\x9d words, then sam.smith@outlook.com "
    "and 07911 123456.",
    "Nothing to see here, just a lovely walk by the river.",
};

/* Between paragraphs: longer than any context window, with no finding
 * and no context word of its own. */
static const char filler[] =
    "\n\nThe weather stayed mild and the garden looked green after the "
    "rain, with blossom on the old pear tree and bees among the lavender "
    "beside the wall, far from everything else.\n\n";

typedef struct span {
    const char *rule;
    long start, end;
} span;

static pc_packset *packs;
static const pc_pack *pack;

static int setup(void **state)
{
    (void)state;
    packs = pc_test_builtin_packs(PACK);
    pack = pc_packset_find(packs, PACK);
    assert_non_null(pack);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pc_packset_free(packs);
    return 0;
}

static int is_local(const char *rule)
{
    for (size_t i = 0; i < sizeof local_rules / sizeof *local_rules; i++) {
        if (strcmp(rule, local_rules[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

/* UTF-16 units in s[0..n) (valid UTF-8). */
static long utf16_len(const char *s, size_t n)
{
    long u = 0;

    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        u += (c & 0xC0) != 0x80;
        u += c >= 0xF0;
    }
    return u;
}

/* Checks text with a budget no slow build runs out of; appends the
 * findings of local rules, moved by shift, to v. Returns the new count. */
static size_t check(const char *text, long shift, span *v, size_t n)
{
    pc_post post;
    pc_findings f = {0};
    int limited = 0;

    memset(&post, 0, sizeof post);
    post.text = text;
    post.text_len = strlen(text);
    post.account = PC_ACCOUNT_PERSONAL;
    post.budget_ns = 600LL * 1000000000LL;
    assert_int_equal(pc_check(pack, &post, &f, &limited, NULL), PC_OK);
    assert_int_equal(limited, 0);
    for (size_t i = 0; i < f.n; i++) {
        if (f.v[i].start >= 0 && is_local(f.v[i].rule)) {
            assert_true(n < MAX_SPANS);
            v[n].rule = f.v[i].rule;
            v[n].start = f.v[i].start + shift;
            v[n].end = f.v[i].end + shift;
            n++;
        }
    }
    pc_findings_free(&f);
    return n;
}

static int span_cmp(const void *a, const void *b)
{
    const span *x = a, *y = b;
    int c = strcmp(x->rule, y->rule);

    if (c) {
        return c;
    }
    if (x->start != y->start) {
        return x->start < y->start ? -1 : 1;
    }
    return (x->end > y->end) - (x->end < y->end);
}

static void test_parts_and_whole(void **state)
{
    static span whole[MAX_SPANS], parts[MAX_SPANS];
    size_t n_whole, n_parts = 0, len = 0, k = 0;
    size_t n_para = sizeof paragraphs / sizeof *paragraphs;
    char *post = malloc(TARGET + 1024);
    long last = 0;

    (void)state;
    assert_non_null(post);
    /* The filler alone has nothing. */
    assert_int_equal(check(filler, 0, parts, 0), 0);
    while (len < TARGET) {
        const char *p = paragraphs[k++ % n_para];
        size_t pl = strlen(p);
        n_parts = check(p, utf16_len(post, len), parts, n_parts);
        memcpy(post + len, p, pl);
        len += pl;
        memcpy(post + len, filler, sizeof filler - 1);
        len += sizeof filler - 1;
    }
    post[len] = '\0';
    n_whole = check(post, 0, whole, 0);
    qsort(parts, n_parts, sizeof *parts, span_cmp);
    qsort(whole, n_whole, sizeof *whole, span_cmp);
    for (size_t i = 0; i < n_whole && i < n_parts; i++) {
        if (span_cmp(&whole[i], &parts[i]) != 0) {
            fail_msg("finding %zu: whole %s %ld-%ld, parts %s %ld-%ld", i,
                     whole[i].rule, whole[i].start, whole[i].end,
                     parts[i].rule, parts[i].start, parts[i].end);
        }
        last = whole[i].start > last ? whole[i].start : last;
    }
    assert_int_equal(n_whole, n_parts);
    /* Every kind of local finding is there, up to the post's end. */
    assert_true(n_whole > 3 * (len / 1024));
    assert_true(last > utf16_len(post, len) - 600);
    free(post);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parts_and_whole),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
