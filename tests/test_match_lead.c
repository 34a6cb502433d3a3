/* test_match_lead.c: a regex's lead (host/match_lead.c) names every place
 * where one of its matches can start, so that a run which skips to the
 * lead's places finds what a plain run finds. Every pattern of the
 * built-in lists that has a lead, compiled caseless (the folded view's
 * way) and not (the cased view's), is run over every corpus post and
 * pack example and over a variant of each (upper case, 's' and 'k' as
 * U+017F and U+212A, '_' and non-ASCII letters against words): at each
 * place a match starts, the lead must name that place. Patterns the
 * lead must not read (an alternation outside the leading groups, a
 * leading group that may be skipped with nothing the lead reads after
 * it, \G) have none. */
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

#define OPTS (PCRE2_UTF | PCRE2_UCP)
#define MAX_PATTERNS 1024

typedef struct led {
    pcre2_code *re;
    pc__lead *lead;
} led;

typedef struct all {
    led v[2 * MAX_PATTERNS];
    size_t n;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    long texts;
    long starts;
} all;

/* Compiles src with options into a; kept when it has a lead. */
static void add(all *a, const char *src, uint32_t options)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *re;
    pc__lead *l = pc__lead_new(src, options);

    if (!l) {
        return;
    }
    re = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, options, &code,
                       &off, NULL);
    assert_non_null(re);
    (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    assert_true(a->n < 2 * MAX_PATTERNS);
    a->v[a->n].re = re;
    a->v[a->n++].lead = l;
}

/* Every "re:" pattern of the built-in lists, both ways. */
static void read_lists(all *a)
{
    char cmd[600], line[16384];
    FILE *f;

    snprintf(cmd, sizeof cmd, "cat '%s'/host/policies/lists/*.txt",
             PC_SOURCE_DIR);
    f = popen(cmd, "r");
    assert_non_null(f);
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "re:", 3) == 0) {
            line[strcspn(line, "\r\n")] = '\0';
            add(a, line + 3, OPTS | PCRE2_CASELESS);
            add(a, line + 3, OPTS);
        }
    }
    pclose(f);
}

/* Fails unless the lead of p names every place in s[0..len) where a
 * match of p starts (each found by a search from one character after the
 * last), asked from that place and from where the search began (as a run
 * asks it: the first place it names from there is not past the match). */
static void starts_named(all *a, const led *p, const char *s, size_t len)
{
    size_t at = 0;

    while (at < len) {
        int rc = pcre2_match(p->re, (PCRE2_SPTR)s, len, at, 0, a->md,
                             a->mctx);
        size_t m;
        if (rc == PCRE2_ERROR_NOMATCH) {
            return;
        }
        assert_true(rc > 0);
        m = pcre2_get_ovector_pointer(a->md)[0];
        if (pc__lead_next(p->lead, s, m, len) != m ||
            pc__lead_next(p->lead, s, at, len) > m) {
            fail_msg("a match starts at %zu of \"%s\", not named", m, s);
        }
        a->starts++;
        /* On by one character. */
        at = m + 1;
        while (at < len && ((unsigned char)s[at] & 0xC0) == 0x80) {
            at++;
        }
    }
}

/* text with letters in upper case by turns, some 's' and 'k' as U+017F
 * and U+212A, and some spaces as '_' or 'é' (owned). */
static char *variant(const char *text)
{
    size_t n = 0, k = 0;
    char *out = malloc(3 * strlen(text) + 1);

    assert_non_null(out);
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        unsigned char c = *p;
        k++;
        if (c == 's' && k % 3 == 0) {
            out[n++] = (char)0xC5, out[n++] = (char)0xBF;
        } else if (c == 'k' && k % 2 == 0) {
            out[n++] = (char)0xE2, out[n++] = (char)0x84;
            out[n++] = (char)0xAA;
        } else if (c == ' ' && k % 5 == 0) {
            out[n++] = '_';
        } else if (c == ' ' && k % 7 == 0) {
            out[n++] = (char)0xC3, out[n++] = (char)0xA9;
        } else if (c >= 'a' && c <= 'z' && k % 2 == 1) {
            out[n++] = (char)(c - 32);
        } else {
            out[n++] = (char)c;
        }
    }
    out[n] = '\0';
    return out;
}

static void each_text(void *ctx, const char *text, const char *path)
{
    all *a = ctx;
    char *v = variant(text);

    (void)path;
    for (size_t i = 0; i < a->n; i++) {
        starts_named(a, &a->v[i], text, strlen(text));
        starts_named(a, &a->v[i], v, strlen(v));
    }
    a->texts += 2;
    free(v);
}

static void test_lists_corpus(void **state)
{
    all *a = calloc(1, sizeof *a);

    (void)state;
    assert_non_null(a);
    read_lists(a);
    /* Most of the lists' patterns open with a word or a group of them. */
    assert_true(a->n > 300);
    a->md = pcre2_match_data_create(1, NULL);
    a->mctx = pcre2_match_context_create(NULL);
    pc_test_corpus_each(each_text, a);
    pc_test_pack_examples_each(each_text, a);
    fprintf(stderr, "leads: %zu patterns, %ld texts, %ld match starts\n",
            a->n, a->texts, a->starts);
    assert_true(a->starts > 1000);
    for (size_t i = 0; i < a->n; i++) {
        pcre2_code_free(a->v[i].re);
        pc__lead_free(a->v[i].lead);
    }
    pcre2_match_data_free(a->md);
    pcre2_match_context_free(a->mctx);
    free(a);
}

/* Small patterns on texts made for them: word starts after '_', digits,
 * non-ASCII letters; the caseless twins; a run cut by the subject's end;
 * a letter that a quantifier makes optional. */
static void test_small(void **state)
{
    static const struct {
        const char *pattern;
        uint32_t options;
        const char *text;
        size_t at;
        size_t next;           /* (size_t)-1: the text's length */
    } cases[] = {
        {"\\b(?:she|he|they)\\s+is", OPTS, "the cat_he he is", 0, 11},
        {"\\b(?:she|he|they)\\s+is", OPTS, "x \xc2\xabhe is", 0, 4},
        {"\\b(?:she|he|they)\\s+is", OPTS | PCRE2_CASELESS,
         "THE \xc5\xbfHE is", 0, 4},
        {"\\b(?:she|he|they)\\s+is", OPTS, "THE \xc5\xbfHE is", 0, (size_t)-1},
        {"\\bwork\\s+(?:a|b)", OPTS | PCRE2_CASELESS, "a WOR\xe2\x84\xaa b",
         0, 2},
        {"\\bwork\\s+(?:a|b)", OPTS | PCRE2_CASELESS, "wor", 0, (size_t)-1},
        {"(?<![\"'])\\bviews?\\s+(?:are|is)", OPTS, "my view is", 0, 3},
        {"(?:nice|great)\\s+x", OPTS, "the_nice x", 0, 4},
        {"\\b(?:nice|great)\\s+x", OPTS, "the_nice x great", 0, 11},
        {"\\b(?:nice|great)\\s+x", OPTS, "9great", 0, (size_t)-1},
        {"\\b(?:all\\s+)?(?:views?|posts?)\\s+are", OPTS, "the view are", 0,
         4},
        {"\\b(?:all\\s+)?(?:views?|posts?)\\s+are", OPTS, "x all views", 0,
         2},
        {"(?:a\\s){0,2}5x", OPTS, "b 5x", 0, 2},
        /* A run goes on past "\s+": to the next run, or to the spaces
         * alone; a character beyond ASCII where a space may stand is
         * named (U+00A0 is \s under UCP). */
        {"\\b(?:all\\s+of|what\\s+i)\\s+x", OPTS,
         "all the views, all \t of x", 0, 15},
        {"\\b(?:all\\s+of|what\\s+i)\\s+x", OPTS | PCRE2_CASELESS,
         "what about it, WHAT I x", 0, 15},
        {"\\b(?:all\\s+of|what\\s+i)\\s+x", OPTS, "all\xc2\xa0of x", 0, 0},
        {"\\b(?:all\\s+of|what\\s+i)\\s+x", OPTS, "all  ", 0,
         (size_t)-1},
        {"\\bwho\\s+(?:came|made)", OPTS, "who? who came", 0, 5},
        {"\\bwho\\s+(?:came|made)", OPTS, "who\xe2\x80\x83" "came", 0, 0},
        {"\\b(?:she|he)?x", OPTS, "the x", 0, 4},
        /* A run a class follows ends with one of its members: "c" of
         * "class!" and "doe@" is no place; a member may be escaped, a
         * letter read in either case; a class that may be skipped, a
         * range or \s is not read. */
        {"\\b(?:b[*#@!1]tch|c[*#@!]{3}|d[*#@!]ck)", OPTS,
         "class! jane.doe@x.org c** d!ck", 0, 22},
        {"\\b(?:b[*#@!1]tch|c[*#@!]{3}|d[*#@!]ck)", OPTS,
         "class! doe@", 0, (size_t)-1},
        {"\\bx[\\.\\-]y", OPTS, "xy x-y", 0, 3},
        {"\\bx[A]", OPTS | PCRE2_CASELESS, "xb xa", 0, 3},
        {"\\bx[a]?y", OPTS, "xy", 0, 0},
        {"\\bx[a-c]y", OPTS, "xy", 0, 0},
        {"\\bx[\\s.]y", OPTS, "x y", 0, 0},
        /* A run's first two bytes are looked up first: white space of
         * any kind stands for "\\s+", a letter in either case when
         * caseless, a byte beyond ASCII is let through; a run of one
         * byte reads every word with its letter. */
        {"\\bo\\s+(?:x|y)", OPTS, "on of o\tx", 0, 6},
        {"\\b(?:she|he|they)\\s+is", OPTS | PCRE2_CASELESS,
         "sad hat tHE hE is", 0, 12},
        {"\\bask", OPTS | PCRE2_CASELESS, "an A\xc5\xbfk", 0, 3},
        {"\\bask", OPTS | PCRE2_CASELESS, "an a", 0, (size_t)-1},
        {"\\b(?:a|bc)d", OPTS, "b be ad", 0, 5},
        /* Only the runs whose first byte is the byte's are read, in
         * any order the pattern gives them: a capital, a digit, a
         * letter in either case when caseless; beyond ASCII, those of
         * the letter a caseless pattern reads the character as. */
        {"\\b(?:zed|Alpha|9lives|be)x", OPTS, "alpha 9x Alphax", 0, 9},
        {"\\b(?:zed|Alpha|9lives|be)x", OPTS, "zex 9livesx", 0, 4},
        {"\\b(?:zed|Alpha|9lives|be)x", OPTS, "Zedx bex", 0, 5},
        {"\\b(?:zed|Alpha|ski|be)x", OPTS | PCRE2_CASELESS, "a ZEDX", 0, 2},
        {"\\b(?:zed|Alpha|ski|be)x", OPTS | PCRE2_CASELESS,
         "a \xc5\xbfkix", 0, 2},
        {"\\b(?:zed|Alpha|ski|be)x", OPTS | PCRE2_CASELESS, "_ zeb", 0,
         (size_t)-1},
        {"\\b(?:zed|be)x", OPTS | PCRE2_CASELESS, "a \xc5\xbfkix zed", 0,
         8},
        {"\\b(?:zed|kin)x", OPTS | PCRE2_CASELESS,
         "\xc3\xa9 \xe2\x84\xaain", 0, 3},
        {"\\b(?:zed|kin)x", OPTS, "\xe2\x84\xaain", 0, (size_t)-1},
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        pc__lead *l = pc__lead_new(cases[i].pattern, cases[i].options);
        size_t len = strlen(cases[i].text);
        size_t want = cases[i].next == (size_t)-1 ? len : cases[i].next;
        assert_non_null(l);
        if (pc__lead_next(l, cases[i].text, cases[i].at, len) != want) {
            fail_msg("/%s/ on \"%s\": not %zu", cases[i].pattern,
                     cases[i].text, want);
        }
        pc__lead_free(l);
    }
}

static void test_no_lead(void **state)
{
    static const char *const none[] = {
        "\\bshe|he",                 /* alternation outside the group */
        "\\G\\bshe",
        "(*UCP)\\bshe",
        "\\b(?i)she",
        "\\b(?:she|\\w+)x",          /* an alternative with no word */
        "\\b[sh]he",
        "s?he",
        "\\b(?:a|b(?:c|d)|e)|f",
        "\\b(?:a)?",                 /* nothing after a group skipped */
        "\\b(?:a)*\\w+",
    };

    (void)state;
    for (size_t i = 0; i < sizeof none / sizeof *none; i++) {
        pc__lead *l = pc__lead_new(none[i], OPTS | PCRE2_CASELESS);
        if (l) {
            pc__lead_free(l);
            fail_msg("/%s/ has a lead", none[i]);
        }
    }
    assert_null(pc__lead_new("\\bshe", OPTS | PCRE2_EXTENDED));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small),
        cmocka_unit_test(test_no_lead),
        cmocka_unit_test(test_lists_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
