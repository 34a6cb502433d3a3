/* test_pack_lists.c: a word list's `prefix:` and `include:` lines
 * (FORMAT.md, `lists`), as the pack loader reads them (pack_lists.c): a
 * list that includes another gets that list's lines in place of the
 * `include:` line, each `re:` line with the regex of the last `prefix:`
 * line before the `include:` put in front of its own; a missing list, or
 * lists that include each other for ever, give no list (the pack naming
 * it is refused); a list without those lines is read as written. The
 * built-in packs' target grammar (target-grammar, and each pack's
 * pk-<pack>-target-grammar naming its own words) is read that way, and a
 * user's pack with its own lists folder reads its lists so too, in a
 * rule's `unless`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "pack_parse.h"
#include "postcheck/pack.h"
#include "postcheck/rules.h"
#include "support_check.h"

static char g_dir[] = "/tmp/pc_test_pack_lists.XXXXXX";

/* The lists the tests read from their own folder. */
static const struct {
    const char *name, *text;
} k_lists[] = {
    {"grammar", "# the shape, said of own's words\n"
                "re:\\b(?&own)\\s+(?:is|are)\\s+(?&bad)\\b\n"
                "  re:\\b(?&bad)\\s+(?&own)\\b\r\n"
                "a plain term\n"},
    {"acme", "# acme's own words\n"
             "re:\\bkept\\s+as\\s+it\\s+is\\b\n"
             "prefix:(?(DEFINE)(?<own>acme|widgets)(?<bad>awful|dire))\n"
             "include:grammar\n"},
    {"outer", "prefix:(?#outer)\ninclude:acme\n"},
    {"loop", "include:loop\n"},
    {"gone", "include:no-such-list\n"},
};
#define N_LISTS (sizeof k_lists / sizeof *k_lists)

static void list_path(char *path, size_t size, size_t i)
{
    snprintf(path, size, "%s/%s.txt", g_dir, k_lists[i].name);
}

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(g_dir)) {
        return -1;
    }
    for (size_t i = 0; i < N_LISTS; i++) {
        char path[256];
        FILE *f;
        int bad;
        list_path(path, sizeof path, i);
        f = fopen(path, "w");
        bad = !f || fputs(k_lists[i].text, f) < 0;
        if ((f && fclose(f) != 0) || bad) {
            return -1;
        }
    }
    return 0;
}

static int teardown(void **state)
{
    char path[256];

    (void)state;
    for (size_t i = 0; i < N_LISTS; i++) {
        list_path(path, sizeof path, i);
        unlink(path);
    }
    rmdir(g_dir);
    return 0;
}

#define ACME_DEFINE "(?(DEFINE)(?<own>acme|widgets)(?<bad>awful|dire))"

static void test_include_with_prefix(void **state)
{
    char *t = pc__pack_read_list(g_dir, "acme");

    (void)state;
    assert_non_null(t);
    assert_string_equal(t, "# acme's own words\n"
                           "re:\\bkept\\s+as\\s+it\\s+is\\b\n"
                           "# the shape, said of own's words\n"
                           "re:" ACME_DEFINE
                           "\\b(?&own)\\s+(?:is|are)\\s+(?&bad)\\b\n"
                           "re:" ACME_DEFINE "\\b(?&bad)\\s+(?&own)\\b\n"
                           "a plain term\n");
    free(t);
    /* Prefixes add up along the includes: the outer list's first. */
    t = pc__pack_read_list(g_dir, "outer");
    assert_non_null(t);
    assert_non_null(strstr(t, "re:(?#outer)\\bkept"));
    assert_non_null(strstr(t, "re:(?#outer)" ACME_DEFINE "\\b(?&bad)"));
    free(t);
}

static void test_missing_or_endless(void **state)
{
    char *t;

    (void)state;
    assert_null(pc__pack_read_list(g_dir, "gone"));
    assert_null(pc__pack_read_list(g_dir, "loop"));
    /* A list without those lines is read as written. */
    t = pc__pack_read_list(g_dir, "grammar");
    assert_non_null(t);
    assert_non_null(strstr(t, "  re:\\b(?&bad)\\s+(?&own)\\b\r\n"));
    free(t);
}

static void test_builtin_target_grammar(void **state)
{
    static const char *const packs[] = {"alt", "ala", "llmat",
                                        "learning-alliance"};
    char *shared = pc__pack_read_list(NULL, "target-grammar");
    const char *re;

    (void)state;
    assert_non_null(shared);
    re = strstr(shared, "\nre:");
    assert_non_null(re);
    re += 4;
    for (size_t i = 0; i < sizeof packs / sizeof *packs; i++) {
        char name[64], *t, *line;
        snprintf(name, sizeof name, "pk-%s-target-grammar", packs[i]);
        t = pc__pack_read_list(NULL, name);
        assert_non_null(t);
        /* One regex: the pack's own words, then the shared grammar. */
        line = strstr(t, "\nre:(?(DEFINE)(?<own>");
        assert_non_null(line);
        assert_null(strstr(line + 1, "\nre:"));
        assert_non_null(strstr(line, re));
        free(t);
    }
    free(shared);
}

/* A one-rule pattern pack flagging "awful" and "dire" unless its list
 * (in the user's own lists folder) says otherwise. */
static const char k_pack[] =
    "{\"format\": 1, \"id\": \"acme\", \"name\": \"Acme\", \"version\": "
    "\"1\",\n\"organisation\": {\"name\": \"Acme\", \"names\": "
    "[\"Acme\"]},\n\"source\": {\"title\": \"t\"},\n"
    "\"rules\": [{\"id\": \"acme.r\", \"kind\": \"pattern\",\n"
    "\"category\": \"disparaging\", \"severity\": \"warning\",\n"
    "\"applies_to\": [\"official\"], \"clause\": \"1\", \"quote\": \"q\",\n"
    "\"message\": \"m\", \"terms\": [\"awful\", \"dire\"],\n"
    "\"unless\": {\"lists\": [\"LIST\"]},\n"
    "\"examples\": {\"flag\": [], \"pass\": []}}]}\n";

static size_t flags(const char *list, const char *text)
{
    char json[sizeof k_pack + 32];
    const char *at = strstr(k_pack, "LIST");
    pc_error err;
    pc_packset *set;
    const pc_pack *p;
    size_t n;

    snprintf(json, sizeof json, "%.*s%s%s", (int)(at - k_pack), k_pack,
             list, at + 4);
    pc_error_clear(&err);
    set = pc_packset_new(&err);
    assert_non_null(set);
    assert_int_equal(pc_packset_add_json(set, json, strlen(json), "t.json",
                                         g_dir, PC_SOURCE_FILE, &err),
                     PC_OK);
    p = pc_packset_ready(set, "acme", &err);
    assert_non_null(p);
    n = pc_test_check(p, text, PC_ACCOUNT_OFFICIAL, "acme.r", NULL, NULL, 0);
    pc_packset_free(set);
    return n;
}

static void test_rule_reads_included_list(void **state)
{
    pc_error err;
    char json[sizeof k_pack + 32];
    const char *at = strstr(k_pack, "LIST");
    pc_packset *set;

    (void)state;
    /* Said of the pack's own words, in either shape: dropped. */
    assert_int_equal(flags("acme", "Widgets are awful"), 0);
    assert_int_equal(flags("acme", "Such dire acme."), 0);
    /* Said of anything else: flagged. */
    assert_int_equal(flags("acme", "The weather is awful"), 1);
    /* A list that includes a missing one is no list: the pack is
     * refused, naming it. */
    snprintf(json, sizeof json, "%.*s%s%s", (int)(at - k_pack), k_pack,
             "gone", at + 4);
    pc_error_clear(&err);
    set = pc_packset_new(&err);
    assert_non_null(set);
    if (pc_packset_add_json(set, json, strlen(json), "t.json", g_dir,
                            PC_SOURCE_FILE, &err) == PC_OK) {
        assert_null(pc_packset_ready(set, "acme", &err));
    }
    assert_non_null(strstr(err.text, "unknown word list 'gone'"));
    pc_packset_free(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_include_with_prefix),
        cmocka_unit_test(test_missing_or_endless),
        cmocka_unit_test(test_builtin_target_grammar),
        cmocka_unit_test(test_rule_reads_included_list),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
