/* test_match_split.c: a pattern `^(?![\s\S]{0,N}X)[\s\S]{0,M}?Y` run as
 * two searches (host/match_split.c) finds exactly what the pattern finds
 * run whole, as match.c runs a regex. The people-context list's pattern
 * is taken apart and checked on every corpus post and pack example, in
 * both views, each also pushed past the 600-character bounds by padding
 * and with a word that clears it put at and around them; a small pattern
 * of the same form is checked on every text of a few tokens (multi-byte
 * characters at the bounds included), from later offsets and with the
 * subject cut short; each with the text's leaves (X's query may rule X
 * out) and without; patterns not of the form, or whose parts do not
 * stand alone, are left whole. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "match.h"
#include "support_corpus.h"
#include "support_regex.h"

static pcre2_match_context *mctx;

/* The matches of re in s[0..end) from at, as match.c's run_one appends
 * them, in v (pairs): how many numbers. */
static size_t run_whole(const pcre2_code *re, const char *s, size_t at,
                        size_t end, size_t *v, size_t cap)
{
    return pc_test_regex_run(re, mctx, s, at, end, v, 0, cap);
}

typedef struct pair {
    const char *src;
    pcre2_code *re[2];         /* per view */
    pc__split *sp[2];
    long texts;
    long matched;
} pair;

static void pair_make(pair *p, const char *src)
{
    memset(p, 0, sizeof *p);
    p->src = src;
    for (int v = 0; v < 2; v++) {
        int code;
        PCRE2_SIZE off;
        /* As match.c compiles for view v. */
        uint32_t o = PCRE2_UTF | PCRE2_UCP |
                     (v == PC_VIEW_FOLD ? PCRE2_CASELESS : 0);
        p->re[v] = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, o,
                                 &code, &off, NULL);
        assert_non_null(p->re[v]);
        (void)pcre2_jit_compile(p->re[v], PCRE2_JIT_COMPLETE);
        p->sp[v] = pc__split_new(src, o);
        assert_non_null(p->sp[v]);
    }
}

static void pair_free(pair *p)
{
    for (int v = 0; v < 2; v++) {
        pcre2_code_free(p->re[v]);
        pc__split_free(p->sp[v]);
    }
}

/* s[0..end) from at, in view v, both ways; leaves: those of s[0..end)
 * for the split run, or NULL. */
static void same_with(pair *p, int v, const char *s, size_t at, size_t end,
                      const pc__leafset *leaves)
{
    size_t a[8];
    size_t na = run_whole(p->re[v], s, at, end, a, 8);
    pc__spans got = {0};

    assert_int_equal(pc__split_run(p->sp[v], s, at, end, (pc_view)v, leaves,
                                   &got),
                     PC_OK);
    if (got.n * 2 != na ||
        (na && (got.v[0].start != a[0] || got.v[0].end != a[1] ||
                got.v[0].view != (pc_view)v))) {
        fail_msg("/%.60s/ view %d on \"%.300s\" from %zu to %zu: %zu "
                 "matches whole, %zu split",
                 p->src, v, s, at, end, na / 2, got.n);
    }
    p->texts++;
    p->matched += na > 0;
    pc__spans_free(&got);
}

static void same(pair *p, int v, const char *s, size_t at, size_t end)
{
    pc__leafset leaves;

    same_with(p, v, s, at, end, NULL);
    assert_int_equal(pc__leafset_fill(&leaves, s, end), PC_OK);
    same_with(p, v, s, at, end, &leaves);
    pc__leafset_free(&leaves);
}

/* text in both of its views, whole. */
static void same_text(pair *p, const char *text)
{
    pc_text *t = pc_text_new(text, strlen(text), NULL);

    assert_non_null(t);
    for (int v = 0; v < 2; v++) {
        size_t len;
        const char *s = pc_text_view(t, (pc_view)v, &len);
        same(p, v, s, 0, len);
    }
    pc_text_free(t);
}

static char *read_list_pattern(const char *name)
{
    char path[512], line[16384];
    FILE *f;
    char *pattern = NULL;

    snprintf(path, sizeof path, "%s/host/policies/lists/%s.txt",
             PC_SOURCE_DIR, name);
    f = fopen(path, "r");
    assert_non_null(f);
    while (!pattern && fgets(line, sizeof line, f)) {
        if (strncmp(line, "re:", 3) == 0) {
            line[strcspn(line, "\r\n")] = '\0';
            pattern = strdup(line + 3);
        }
    }
    fclose(f);
    assert_non_null(pattern);
    return pattern;
}

/* Words that clear the picture, words that show people, and padding, put
 * together with a post around the list's 600-character bounds. */
static void people_variants(void *ctx, const char *text, const char *path)
{
    static const char *const words[] = {
        "with their permission", "group photo", "our new poster",
        "pictured with", "caf\xc3\xa9 ", "members chatting"};
    pair *p = ctx;
    size_t tl = strlen(text);
    char *buf = malloc(tl + 1400);

    (void)path;
    assert_non_null(buf);
    same_text(p, text);
    for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
        /* The word at characters 598..602 (the padding is one byte a
         * character), then the post; and the post, then the word. */
        for (size_t at = 598; at <= 602; at += 2) {
            memset(buf, 'x', at);
            buf[at - 1] = ' ';
            snprintf(buf + at, tl + 1400 - at, "%s %s", words[w], text);
            same_text(p, buf);
        }
        snprintf(buf, tl + 1400, "%s %s", text, words[w]);
        same_text(p, buf);
    }
    free(buf);
}

static void test_people_context(void **state)
{
    char *src = read_list_pattern("pk-people-context");
    pair p;
    size_t n;

    (void)state;
    pair_make(&p, src);
    n = pc_test_corpus_each(people_variants, &p);
    n += pc_test_pack_examples_each(people_variants, &p);
    assert_true(n > 1000);
    /* Both answers came up many times. */
    assert_true(p.matched > 100 && p.texts - p.matched > 100);
    fprintf(stderr, "pk-people-context: %ld texts, %ld matched\n", p.texts,
            p.matched);
    pair_free(&p);
    free(src);
}

/* Every text of up to five tokens, of which 'é' (two bytes) and '日' (three) put
 * multi-byte characters at the bounds, from every offset, the subject
 * ending at every token's end. */
static void test_small_pattern(void **state)
{
    static const char *const tok[] = {"no", "cat", "dog", " ", "\xc3\xa9",
                                      "\xe6\x97\xa5", "caterpillar", "\n",
                                      "No"};
    const size_t nt = sizeof tok / sizeof *tok;
    pair p;
    size_t total = 1;

    (void)state;
    pair_make(&p, "^(?![\\s\\S]{0,4}\\bno\\b)[\\s\\S]{0,6}?\\b(?:cat|dog|"
                  "caterpillar)(?=\\s|$)");
    for (int k = 0; k < 5; k++) {
        total *= nt;
    }
    for (size_t code = 0; code < total; code++) {
        char s[64];
        size_t len = 0, ends[5], n_ends = 0;
        for (size_t c = code, k = 0; k < 5; k++, c /= nt) {
            const char *w = tok[c % nt];
            memcpy(s + len, w, strlen(w));
            len += strlen(w);
            ends[n_ends++] = len;
        }
        s[len] = '\0';
        for (int v = 0; v < 2; v++) {
            same(&p, v, s, 0, len);
            same(&p, v, s, strlen(tok[code % nt]), len);
            for (size_t e = 0; e < n_ends; e++) {
                same(&p, v, s, 0, ends[e]);
            }
        }
    }
    assert_true(p.matched > 1000 && p.texts - p.matched > 1000);
    pair_free(&p);
}

static void test_left_whole(void **state)
{
    static const char *const whole[] = {
        "(?![\\s\\S]{0,4}a)[\\s\\S]{0,4}?b",        /* not anchored */
        "^(?![\\s\\S]{0,4}a)[\\s\\S]{1,4}?b",       /* not from 0 */
        "^(?![\\s\\S]{0,4}a)[\\s\\S]{0,4}b",        /* not lazy */
        "^(?![\\s\\S]{0,4}(a))[\\s\\S]{0,4}?\\1",   /* a back reference */
        "^(?![\\s\\S]{0,4}a)[\\s\\S]{0,4}?(?1)(b)", /* a recursion */
        "^(?![\\s\\S]{0,4}a\\K)[\\s\\S]{0,4}?b",
        "^(?![\\s\\S]{0,4}a)[\\s\\S]{0,4}?\\Gb",
        "^(?![\\s\\S]{0,4}(*COMMIT)a)[\\s\\S]{0,4}?b",
        "^(?![\\s\\S]{0,4}a)[\\s\\S]{0,4}?(?x) b # )",
        "^(?![\\s\\S]{0,4}a)[\\s\\S]{0,4}?(?(1)b|c)",
        "^(?![\\s\\S]{0,99999}a)[\\s\\S]{0,4}?b",    /* over PCRE2's bound */
        "^(?![\\s\\S]{0,4}a)[\\s\\S]{0,4}?",         /* nothing after */
        "^(?![\\s\\S]{0,4}[)]a[\\s\\S]{0,4}?b",      /* never closed */
    };

    (void)state;
    for (size_t i = 0; i < sizeof whole / sizeof *whole; i++) {
        pc__split *sp = pc__split_new(whole[i], PCRE2_UTF | PCRE2_UCP);
        if (sp) {
            pc__split_free(sp);
            fail_msg("taken apart: /%s/", whole[i]);
        }
    }
    /* A class with ')' and '(' in it, groups and options inside. */
    pc__split *sp = pc__split_new("^(?![\\s\\S]{0,4}[()](?i:a)(?=b))"
                                  "[\\s\\S]{0,4}?(?<!c)(?:d|e)",
                                  PCRE2_UTF | PCRE2_UCP);
    assert_non_null(sp);
    pc__split_free(sp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_people_context),
        cmocka_unit_test(test_small_pattern),
        cmocka_unit_test(test_left_whole),
    };
    pcre2_jit_stack *stack;
    int rc;

    /* The match context does not own its JIT stack: both are freed. */
    mctx = pcre2_match_context_create(NULL);
    stack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
    pcre2_jit_stack_assign(mctx, NULL, stack);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    pcre2_match_context_free(mctx);
    pcre2_jit_stack_free(stack);
    return rc;
}
