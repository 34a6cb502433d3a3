/* test_rules.c: the rule engine on a pack written for these tests
 * (tests/cases/rules/testorg.json): spans in UTF-16 of the text as sent,
 * word boundaries, confusables and spacing, unless/near filters,
 * attachments, account, schedule, account kinds and pattern limits. */
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
#include "support_check.h"
#include "support_pack.h"

static const pc_pack *g_pack;

static int setup(void **state)
{
    return pc_test_pack_setup(state, &g_pack, PC_SOURCE_DIR
                              "/tests/cases/rules/testorg.json", NULL, 0,
                              "testorg");
}

/* Checks text and returns the findings of one rule (all when rule is
 * NULL), copied into out; returns their number. */
static size_t check(const char *text, pc_account acct, const char *rule,
                    pc_finding *out, size_t max)
{
    return pc_test_check(g_pack, text, acct, rule, out, NULL, max);
}

static void test_examples_pass(void **state)
{
    int total = 0;

    (void)state;
    assert_int_equal(pc_pack_run_examples(g_pack, stderr, &total), 0);
    assert_true(total >= 48);
}

static void test_span_after_emoji(void **state)
{
    pc_finding f[4];
    /* U+1F600 is two UTF-16 units; "strike" starts at 2 + 1. */
    size_t n = check("\xF0\x9F\x98\x80 strike now", PC_ACCOUNT_OFFICIAL,
                     "testorg.strike", f, 4);

    (void)state;
    assert_int_equal(n, 1);
    assert_int_equal(f[0].start, 3);
    assert_int_equal(f[0].end, 9);
}

static void test_span_fullwidth_and_combining(void **state)
{
    pc_finding f[4];
    /* "é" as e + U+0301 (2 units), then fullwidth "ｓｔｒｉｋｅ" whose
     * NFKC form is ASCII: the span covers the 6 original units. */
    size_t n = check("e\xCC\x81 \xEF\xBD\x93\xEF\xBD\x94\xEF\xBD\x92\xEF\xBD"
                     "\x89\xEF\xBD\x8B\xEF\xBD\x85!",
                     PC_ACCOUNT_OFFICIAL, "testorg.strike", f, 4);

    (void)state;
    assert_int_equal(n, 1);
    assert_int_equal(f[0].start, 3);
    assert_int_equal(f[0].end, 9);
}

static void test_every_occurrence(void **state)
{
    pc_finding f[4];
    size_t n = check("strike, strike, picket line", PC_ACCOUNT_OFFICIAL,
                     "testorg.strike", f, 4);

    (void)state;
    assert_int_equal(n, 3);
    assert_int_equal(f[0].start, 0);
    assert_int_equal(f[1].start, 8);
    assert_int_equal(f[2].start, 16);
    assert_int_equal(f[2].end, 27);
}

/* A phrase matches across any white space, never inside a word, and
 * not when glued to a letter; punctuation and emoji are boundaries. */
static void test_term_boundaries(void **state)
{
    pc_finding f[4];

    (void)state;
    assert_int_equal(check("see you on the picket\n  line", PC_ACCOUNT_OFFICIAL,
                           "testorg.strike", f, 4), 1);
    assert_int_equal(f[0].start, 15);
    assert_int_equal(f[0].end, 28);
    assert_int_equal(check("strikes and restrike and strike_team",
                           PC_ACCOUNT_OFFICIAL, "testorg.strike", f, 4), 0);
    assert_int_equal(check("#strike! \xF0\x9F\x98\x80strike\xF0\x9F\x98\x80",
                           PC_ACCOUNT_OFFICIAL, "testorg.strike", f, 4), 2);
    assert_int_equal(f[1].start, 11);
    assert_int_equal(check("\xC3\xA9strike", PC_ACCOUNT_OFFICIAL,
                           "testorg.strike", f, 4), 0);
}

static void test_confusable_mention(void **state)
{
    pc_finding f[2];
    /* LLМАТ with Cyrillic М (U+041C), А (U+0410), Т (U+0422). */
    size_t n = check("Love LL\xD0\x9C\xD0\x90\xD0\xA2 so much",
                     PC_ACCOUNT_PERSONAL, "testorg.disclaimer", f, 2);

    (void)state;
    assert_int_equal(n, 1);
    assert_int_equal(f[0].start, 5);
    assert_int_equal(f[0].end, 10);
}

static void test_account_kind(void **state)
{
    pc_finding f[2];

    (void)state;
    assert_int_equal(check("Proud of LLMAT", PC_ACCOUNT_OFFICIAL,
                           "testorg.disclaimer", f, 2), 0);
    assert_int_equal(check("Proud of LLMAT", PC_ACCOUNT_PERSONAL,
                           "testorg.disclaimer", f, 2), 1);
    assert_int_equal(check("ALT news", PC_ACCOUNT_PERSONAL,
                           "testorg.acronym", f, 2), 0);
}

static void test_finding_fields(void **state)
{
    pc_finding f[2];
    size_t n = check("Proud of LLMAT", PC_ACCOUNT_PERSONAL,
                     "testorg.disclaimer", f, 2);

    (void)state;
    assert_int_equal(n, 1);
    assert_string_equal(f[0].category, "disclaimer");
    assert_int_equal(f[0].severity, PC_SEV_WARNING);
    assert_string_equal(f[0].clause, "T 6.3");
    assert_string_equal(f[0].suggestion, "Views are my own.");
    assert_int_equal(f[0].attachment, -1);
}

static void test_message_match(void **state)
{
    pc_post post;
    pc_findings f = {0};

    (void)state;
    post = pc_test_post("Visit llmat.example today", PC_ACCOUNT_PERSONAL);
    assert_int_equal(pc_check(g_pack, &post, &f, NULL, NULL), PC_OK);
    assert_int_equal(f.n, 1);
    assert_string_equal(f.v[0].message,
                        "You mention llmat.example: say these are your own "
                        "views.");
    pc_findings_free(&f);
}

static void test_invalid_utf8(void **state)
{
    pc_post post;
    pc_findings f = {0};
    pc_error err;

    (void)state;
    post = pc_test_post("ok \xC3\x28 bad", PC_ACCOUNT_OFFICIAL);
    pc_error_clear(&err);
    assert_int_equal(pc_check(g_pack, &post, &f, NULL, &err), PC_ERR_UTF8);
    assert_int_equal(f.n, 0);
    pc_findings_free(&f);
}

/* Checks text as a personal post twice, the second time marked as
 * already checked by a reader (text_valid: the protocol's readers), and
 * fails on any difference. Returns how many findings there were. */
static size_t same_when_valid(const char *text)
{
    pc_findings a = {0}, b = {0};
    pc_post post = pc_test_post(text, PC_ACCOUNT_PERSONAL);
    size_t n;

    assert_int_equal(pc_check(g_pack, &post, &a, NULL, NULL), PC_OK);
    post.text_valid = 1;
    assert_int_equal(pc_check(g_pack, &post, &b, NULL, NULL), PC_OK);
    pc_test_same_findings(&a, &b, "text_valid");
    n = a.n;
    pc_findings_free(&a);
    pc_findings_free(&b);
    return n;
}

/* A post whose text a reader already checked gets the same findings,
 * spans and messages as one the check validates itself. */
static void test_text_already_valid(void **state)
{
    static const char *const texts[] = {
        "Proud of LLMAT",
        "Visit llmat.example today \xF0\x9F\x98\x80 and caf\xC3\xA9",
        "\xEF\xBC\xAC\xEF\xBC\xAC\xEF\xBC\xAD\xEF\xBC\xA1\xEF\xBC\xB4 news",
        "",
    };
    size_t found = 0;

    (void)state;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        found += same_when_valid(texts[i]);
    }
    assert_true(found >= 2);
}

static void test_attachment_index(void **state)
{
    pc_attachment att[2];
    pc_post post;
    pc_findings f = {0};

    (void)state;
    memset(att, 0, sizeof att);
    memset(&post, 0, sizeof post);
    att[0].kind = "image";
    att[0].alt = "a sunset";
    att[1].kind = "image";
    att[1].has_dhash = 1;
    att[1].dhash = 0xf0f0f0f0f0f0f0f0ULL ^ 0xfULL; /* distance 4 */
    post.text = "hello";
    post.text_len = 5;
    post.account = PC_ACCOUNT_OFFICIAL;
    post.attachments = att;
    post.n_attachments = 2;
    assert_int_equal(pc_check(g_pack, &post, &f, NULL, NULL), PC_OK);
    assert_int_equal(f.n, 1);
    assert_string_equal(f.v[0].rule, "testorg.logo");
    assert_int_equal(f.v[0].attachment, 1);
    assert_int_equal(f.v[0].start, -1);
    pc_findings_free(&f);
    att[1].dhash = 0xf0f0f0f0f0f0f0f0ULL ^ 0x1fULL; /* distance 5 */
    assert_int_equal(pc_check(g_pack, &post, &f, NULL, NULL), PC_OK);
    assert_int_equal(f.n, 0);
    pc_findings_free(&f);
}

/* Two rules of one category on the same words give one finding, the
 * earlier rule's at the higher severity (pc_check merges), and lint
 * counts the later rule's flag examples as flagged, since users see the
 * merged warning on those words. */
static void test_check_merges(void **state)
{
    static const char pack[] = PC_TEST_PACK_JSON(
        "m",
        "{\"id\":\"m.a\",\"kind\":\"pattern\",\"category\":\"harassment\","
        "\"severity\":\"warning\",\"applies_to\":[\"official\"],"
        "\"clause\":\"c\",\"quote\":\"q\",\"message\":\"a {match}\","
        "\"terms\":[\"idiot\"],\"examples\":{\"flag\":[\"idiot\",\"an idiot\","
        "\"idiot!\"],\"pass\":[\"idiom\",\"hi\",\"ok\"]}},"
        "{\"id\":\"m.b\",\"kind\":\"pattern\",\"category\":\"harassment\","
        "\"severity\":\"error\",\"applies_to\":[\"official\"],"
        "\"clause\":\"c\",\"quote\":\"q\",\"message\":\"b {match}\","
        "\"terms\":[\"total idiot\",\"moron\"],\"examples\":{\"flag\":"
        "[\"a total idiot\",\"total idiot\",\"moron\"],"
        "\"pass\":[\"total\",\"totally fine\",\"more on\"]}}");
    const char *text = "you total idiot, moron";
    pc_packset *s;
    const pc_pack *p;
    pc_finding f[2];
    int total = 0;
    FILE *devnull;

    (void)state;
    p = pc_test_pack_json(&s, pack, sizeof pack - 1, "m", "m");
    assert_non_null(p);
    assert_int_equal(pc_test_check(p, text, PC_ACCOUNT_OFFICIAL, NULL, f,
                                   NULL, 2),
                     2);
    assert_string_equal(f[0].rule, "m.a");
    assert_int_equal(f[0].start, 10);
    assert_int_equal(f[0].severity, PC_SEV_ERROR);
    assert_string_equal(f[1].rule, "m.b");
    assert_int_equal(f[1].start, 17);
    devnull = fopen("/dev/null", "w");
    assert_non_null(devnull);
    assert_int_equal(pc_pack_run_examples(pc_packset_find(s, "m"), devnull,
                                          &total),
                     0);
    assert_int_equal(total, 12);
    fclose(devnull);
    pc_packset_free(s);
}

/* A catastrophic pattern is stopped by the match limit: the rule is
 * skipped and reported, the check still answers. */
static void test_pattern_limit(void **state)
{
    static const char pack[] =
        "{\"format\":1,\"id\":\"slow\",\"name\":\"n\",\"version\":\"1\","
        "\"organisation\":{\"name\":\"S\",\"names\":[\"Slowco\"]},"
        "\"source\":{\"title\":\"t\"},\"rules\":[{\"id\":\"slow.r\","
        "\"kind\":\"pattern\",\"category\":\"guidance\",\"severity\":\"info\","
        "\"applies_to\":[\"official\"],\"clause\":\"c\",\"quote\":\"q\","
        "\"message\":\"m\",\"patterns\":[\"^(a|aa)+$\"],"
        "\"examples\":{\"flag\":[],\"pass\":[]}}]}";
    char text[4096];
    pc_packset *s;
    const pc_pack *p;
    pc_post post;
    pc_findings f = {0};
    pc_error err;
    int limited = 0;

    (void)state;
    pc_error_clear(&err);
    p = pc_test_pack_json(&s, pack, sizeof pack - 1, "slow", "slow");
    assert_non_null(p);
    memset(text, 'a', sizeof text - 2);
    text[sizeof text - 2] = 'b';
    text[sizeof text - 1] = '\0';
    post = pc_test_post(text, PC_ACCOUNT_OFFICIAL);
    assert_int_equal(pc_check(p, &post, &f, &limited, &err), PC_OK);
    assert_int_equal(limited, 1);
    assert_int_equal(f.n, 0);
    pc_findings_free(&f);
    pc_packset_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_examples_pass),
        cmocka_unit_test(test_span_after_emoji),
        cmocka_unit_test(test_span_fullwidth_and_combining),
        cmocka_unit_test(test_every_occurrence),
        cmocka_unit_test(test_term_boundaries),
        cmocka_unit_test(test_confusable_mention),
        cmocka_unit_test(test_account_kind),
        cmocka_unit_test(test_finding_fields),
        cmocka_unit_test(test_message_match),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_text_already_valid),
        cmocka_unit_test(test_attachment_index),
        cmocka_unit_test(test_check_merges),
        cmocka_unit_test(test_pattern_limit),
    };
    return cmocka_run_group_tests(tests, setup, pc_test_pack_teardown);
}
