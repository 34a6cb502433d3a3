/* test_pack.c: loading packs: errors name the file, line, column and
 * field, or the pattern and PCRE2's offset; folders load in name order; a
 * later pack with the same id replaces an earlier one; broken user packs
 * are skipped without hiding the rest; the built-in packs all load. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "postcheck/pack.h"
#include "postcheck/rules.h"
#include "builtin.h"
#include "pack_parse.h"
#include "support_check.h"
#include "support_pack.h"

/* A valid one-rule pack with id ID and version VER, formatted one key per
 * line so error positions can be asserted. */
#define PACK_HEAD(ID, VER)                                                   \
    "{\n"                                                                    \
    "  \"format\": 1,\n"                                                     \
    "  \"id\": \"" ID "\",\n"                                                \
    "  \"name\": \"Test\",\n"                                                \
    "  \"version\": \"" VER "\",\n"                                          \
    "  \"organisation\": {\"name\": \"Acme\", \"names\": [\"Acme\"]},\n"     \
    "  \"source\": {\"title\": \"t\"},\n"                                    \
    "  \"rules\": [\n"                                                       \
    "    {\n"                                                                \
    "      \"id\": \"" ID ".r\",\n"                                          \
    "      \"kind\": \"pattern\",\n"                                         \
    "      \"category\": \"guidance\",\n"                                    \
    "      \"severity\": \"info\",\n"                                        \
    "      \"applies_to\": [\"official\"],\n"                                \
    "      \"clause\": \"1\",\n"                                             \
    "      \"quote\": \"q\",\n"                                              \
    "      \"message\": \"m\",\n"                                            \
    "      \"examples\": {\"flag\": [], \"pass\": []},\n"

#define PACK(ID, VER, LAST) PACK_HEAD(ID, VER) LAST "\n    }\n  ]\n}\n"

/* The status of loading json (support_pack.h), short for the tables
 * below. */
static pc_status load(const char *json, pc_error *err)
{
    return pc_test_pack_load(json, err);
}

static void test_valid(void **state)
{
    pc_error err;

    (void)state;
    pc_error_clear(&err);
    assert_int_equal(load(PACK("acme", "1", "      \"terms\": [\"x\"]"),
                          &err),
                     PC_OK);
}

static void test_unknown_key_position(void **state)
{
    pc_error err;

    (void)state;
    pc_error_clear(&err);
    assert_int_equal(load(PACK("acme", "1", "      \"terms\": [\"x\"],\n"
                                            "      \"colour\": \"red\""),
                          &err),
                     PC_ERR_PACK);
    assert_string_equal(err.source, "t.json");
    assert_int_equal(err.line, 20);
    assert_int_equal(err.column, 7);
    assert_non_null(strstr(err.text, "rules[0].colour"));
    assert_non_null(strstr(err.text, "unknown key"));
}

static void test_bad_value_position(void **state)
{
    pc_error err;
    char *json = strdup(PACK("acme", "1", "      \"terms\": [\"x\"]"));
    char *sev = strstr(json, "\"info\"");

    (void)state;
    memcpy(sev, "\"loud\"", 6);
    pc_error_clear(&err);
    assert_int_equal(load(json, &err), PC_ERR_PACK);
    assert_int_equal(err.line, 13);
    assert_non_null(strstr(err.text, "rules[0].severity"));
    assert_non_null(strstr(err.text, "info, warning, error"));
    free(json);
}

static void test_bad_regex(void **state)
{
    pc_error err;

    (void)state;
    pc_error_clear(&err);
    assert_int_equal(load(PACK("acme", "1",
                               "      \"patterns\": [\"ok\", \"a(b\"]"),
                          &err),
                     PC_ERR_PATTERN);
    assert_string_equal(err.source, "a(b");
    assert_int_equal(err.offset, 3);
    assert_int_equal(err.line, 19);
    assert_non_null(strstr(err.text, "rules[0].patterns[1]"));
    assert_non_null(strstr(err.text, "missing closing parenthesis"));
}

static void test_invalid_json(void **state)
{
    pc_error err;

    (void)state;
    pc_error_clear(&err);
    assert_int_equal(load("{\n  \"format\": 1,\n  \"id\": }", &err),
                     PC_ERR_PACK);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.text, "invalid JSON"));
    pc_error_clear(&err);
    assert_int_equal(load("{\"format\": 1, \"format\": 1}", &err),
                     PC_ERR_PACK);
}

static void test_missing_and_wrong_types(void **state)
{
    pc_error err;

    (void)state;
    pc_error_clear(&err);
    assert_int_equal(load(PACK("acme", "1", "      \"terms\": \"x\""), &err),
                     PC_ERR_PACK);
    assert_non_null(strstr(err.text, "rules[0].terms"));
    pc_error_clear(&err);
    assert_int_equal(load(PACK("acme", "1", "      \"lists\": [\"nope\"]"),
                          &err),
                     PC_ERR_PACK);
    assert_non_null(strstr(err.text, "unknown word list 'nope'"));
    pc_error_clear(&err);
    assert_int_equal(load(PACK("Acme!", "1", "      \"terms\": [\"x\"]"),
                          &err),
                     PC_ERR_PACK);
    pc_error_clear(&err);
    assert_int_equal(load(PACK("acme", "1", "      \"trigger\": \"x\""),
                          &err),
                     PC_ERR_PACK);
    assert_non_null(strstr(err.text, "unknown key 'trigger'"));
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_precedence(void **state)
{
    char tmpl[] = "/tmp/pc-test-pack-XXXXXX";
    char user[256], sys[256], cmd[640];
    const char *root = mkdtemp(tmpl);
    pc_error err;
    pc_packset *s;
    int skipped = 0;

    (void)state;
    assert_non_null(root);
    snprintf(user, sizeof user, "%s/postcheck/policies", root);
    snprintf(sys, sizeof sys, "%s/sys", root);
    snprintf(cmd, sizeof cmd, "mkdir -p %s %s", user, sys);
    assert_int_equal(system(cmd), 0);
    write_file(user, "a.json", PACK("acme", "user-1", "\"terms\": [\"x\"]"));
    write_file(user, "b.json", "{ broken");
    write_file(user, "c.json", PACK("zeta", "user-1", "\"terms\": [\"x\"]"));
    write_file(sys, "a.json", PACK("acme", "sys-1", "\"terms\": [\"x\"]"));

    pc_error_clear(&err);
    s = pc_packset_new(&err);
    setenv("XDG_CONFIG_HOME", root, 1);
    assert_int_equal(pc_packset_load_default(s, &skipped, &err), PC_OK);
    assert_int_equal(skipped, 1);
    assert_non_null(strstr(err.source, "b.json"));
    assert_string_equal(pc_pack_version(pc_packset_find(s, "acme")),
                        "user-1");
    assert_string_equal(pc_pack_source(pc_packset_find(s, "acme")),
                        PC_SOURCE_USER);
    assert_non_null(pc_packset_find(s, "zeta"));
    /* A later folder (the system one) replaces the same id. */
    pc_error_clear(&err);
    assert_int_equal(pc_packset_add_dir(s, sys, PC_SOURCE_SYSTEM, &err),
                     PC_OK);
    assert_string_equal(pc_pack_version(pc_packset_find(s, "acme")),
                        "sys-1");
    for (size_t i = 1; i < pc_packset_count(s); i++) {
        assert_true(strcmp(pc_pack_id(pc_packset_at(s, i - 1)),
                           pc_pack_id(pc_packset_at(s, i))) < 0);
    }
    pc_packset_free(s);
    snprintf(cmd, sizeof cmd, "rm -rf %s", root);
    assert_int_equal(system(cmd), 0);
}

static void test_builtin_packs(void **state)
{
    static const char *const ids[] = {"alt", "ala", "society", "llmat",
                                      "learning-alliance"};
    pc_error err;
    pc_packset *s;

    (void)state;
    pc_error_clear(&err);
    s = pc_packset_new(&err);
    assert_int_equal(pc_packset_add_builtin(s, &err), PC_OK);
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
        const pc_pack *p = pc_packset_find(s, ids[i]);
        if (!p) {
            fail_msg("built-in pack %s missing", ids[i]);
        }
        assert_string_equal(pc_pack_source(p), PC_SOURCE_BUILTIN);
        /* Loaded as a stub: nothing is parsed until it is prepared. */
        assert_false(pc_pack_prepared(p));
        assert_int_equal(pc_pack_rule_count(p), 0);
    }
    {
        /* A check never prepares: a pack not prepared is refused and
         * stays as it was. */
        pc_post post;
        pc_findings f = {0};
        memset(&post, 0, sizeof post);
        post.text = "ALT";
        post.text_len = 3;
        post.account = PC_ACCOUNT_OFFICIAL;
        assert_int_equal(pc_check(pc_packset_find(s, "alt"), &post, &f, NULL,
                                  &err),
                         PC_ERR_INTERNAL);
        assert_int_equal(f.n, 0);
        assert_false(pc_pack_prepared(pc_packset_find(s, "alt")));
    }
    pc_error_clear(&err);
    assert_int_equal(pc_packset_warm(s, "alt", &err), PC_OK);
    assert_true(pc_pack_prepared(pc_packset_find(s, "alt")));
    assert_false(pc_pack_prepared(pc_packset_find(s, "ala")));
    assert_int_equal(pc_packset_warm(s, NULL, &err), PC_OK);
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
        const pc_pack *p = pc_packset_find(s, ids[i]);
        assert_true(pc_pack_prepared(p));
        assert_true(pc_pack_rule_count(p) >= 8);
    }
    pc_error_clear(&err);
    assert_int_equal(pc_packset_warm(s, "nope", &err), PC_ERR_POLICY);
    pc_error_clear(&err);
    assert_null(pc_packset_ready(s, "nope", &err));
    assert_int_equal(err.code, PC_ERR_POLICY);
    pc_packset_free(s);
}

/* A pack prepared without the JIT checks at once; the JIT then comes a
 * step at a time (each step one rule, the serve loop's idle work) and the
 * findings are the same after it. */
static void test_warm_steps(void **state)
{
    static const char text[] = "Great day at LLMAT! Call me on 07700 "
                               "900123 or mail jane.doe@example.org, SLT "
                               "are a shambles";
    pc_error err;
    pc_packset *s;
    const pc_pack *p;
    pc_post post;
    pc_findings before = {0}, after = {0};
    int steps = 0;

    (void)state;
    pc_error_clear(&err);
    s = pc_test_builtin_ready("llmat", &p);
    memset(&post, 0, sizeof post);
    post.text = text;
    post.text_len = sizeof text - 1;
    post.account = PC_ACCOUNT_PERSONAL;
    assert_int_equal(pc_check(p, &post, &before, NULL, &err), PC_OK);
    assert_true(before.n >= 3);
    while (pc_packset_warm_step(s, "llmat", &err)) {
        steps++;
        assert_true(steps < 1000);
    }
    assert_int_equal(err.code, PC_OK);
    /* The detectors, the pack's own matchers, then one step a rule. */
    assert_true((size_t)steps >= pc_pack_rule_count(p));
    assert_int_equal(pc_packset_warm_step(s, "llmat", &err), 0);
    assert_int_equal(pc_check(p, &post, &after, NULL, &err), PC_OK);
    pc_test_same_findings(&after, &before,
                          "llmat warmed step by step against before");
    pc_findings_free(&before);
    pc_findings_free(&after);
    pc_packset_free(s);
}

/* Each built-in pack's lean form (builtin.h, what serve parses) holds
 * the JSON of its file but the rules' examples, which are null, and is
 * shorter (no white space between tokens). */
static void test_lean_blobs(void **state)
{
    size_t n = 0;

    (void)state;
    for (const struct pc__blob *b = pc__builtin_packs; b->name; b++, n++) {
        json_t *full = json_loadb(b->data, b->len, JSON_REJECT_DUPLICATES,
                                  NULL);
        json_t *lean = json_loadb(b->lean, b->lean_len,
                                  JSON_REJECT_DUPLICATES, NULL), *rule;
        size_t i, nulled = 0;
        assert_non_null(full);
        assert_non_null(lean);
        assert_true(b->lean_len < b->len);
        json_array_foreach(json_object_get(full, "rules"), i, rule) {
            if (json_object_get(rule, "examples")) {
                assert_int_equal(json_object_set_new(rule, "examples",
                                                     json_null()), 0);
                nulled++;
            }
        }
        assert_true(nulled > 0);
        if (!json_equal(full, lean)) {
            fail_msg("%s: its lean form differs", b->name);
        }
        json_decref(full);
        json_decref(lean);
    }
    assert_int_equal(n, 5);
}

/* The built-in packs as serve reads them (pc_packset_no_examples: the
 * rules' examples left out, the JSON tree in pack.c's arena) give the
 * findings they give read in full, and jansson's allocator is the
 * caller's again after each read. */
static void test_lean_same(void **state)
{
    static const char *const ids[] = {"alt", "ala", "society", "llmat",
                                      "learning-alliance"};
    static const char text[] = "Great day at LLMAT! Call me on 07700 "
                               "900123 or mail jane.doe@example.org, SLT "
                               "are a shambles. Proud of The Learning "
                               "Alliance and ALT's conference #altc";
    json_malloc_t m0, m1;
    json_free_t f0, f1;
    pc_error err;
    pc_post post;

    (void)state;
    memset(&post, 0, sizeof post);
    post.text = text;
    post.text_len = sizeof text - 1;
    post.account = PC_ACCOUNT_PERSONAL;
    json_get_alloc_funcs(&m0, &f0);
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
        pc_packset *full, *lean;
        pc_findings a = {0}, b = {0};
        int la = 0, lb = 0;
        pc_error_clear(&err);
        full = pc_packset_new(&err);
        lean = pc_packset_new(&err);
        assert_non_null(full);
        assert_non_null(lean);
        pc_packset_no_examples(lean);
        assert_int_equal(pc_packset_add_builtin(full, &err), PC_OK);
        assert_int_equal(pc_packset_add_builtin(lean, &err), PC_OK);
        assert_int_equal(pc_packset_warm(full, ids[i], &err), PC_OK);
        assert_int_equal(pc_packset_warm(lean, ids[i], &err), PC_OK);
        json_get_alloc_funcs(&m1, &f1);
        assert_ptr_equal(m1, m0);
        assert_ptr_equal(f1, f0);
        assert_int_equal(pc_pack_rule_count(pc_packset_find(lean, ids[i])),
                         pc_pack_rule_count(pc_packset_find(full, ids[i])));
        assert_int_equal(pc_check(pc_packset_find(full, ids[i]), &post, &a,
                                  &la, &err), PC_OK);
        assert_int_equal(pc_check(pc_packset_find(lean, ids[i]), &post, &b,
                                  &lb, &err), PC_OK);
        assert_true(a.n >= 1);
        pc_test_same_findings(&b, &a, ids[i]);
        pc_findings_free(&a);
        pc_findings_free(&b);
        pc_packset_free(full);
        pc_packset_free(lean);
    }
    {
        /* Text the one-pass reader declines (a duplicate key) is read by
         * jansson, with the caller's allocator, for its error. */
        static const char dup[] = "{\"id\": \"a\", \"id\": \"b\"}";
        pc_error_clear(&err);
        assert_null(pc__pack_parse_opts(dup, sizeof dup - 1, "t.json", NULL,
                                        "t", PC__PACK_NO_EXAMPLES, &err));
        assert_int_equal(err.code, PC_ERR_PACK);
        assert_non_null(strstr(err.text, "duplicate"));
        json_get_alloc_funcs(&m1, &f1);
        assert_ptr_equal(m1, m0);
        assert_ptr_equal(f1, f0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_unknown_key_position),
        cmocka_unit_test(test_bad_value_position),
        cmocka_unit_test(test_bad_regex),
        cmocka_unit_test(test_invalid_json),
        cmocka_unit_test(test_missing_and_wrong_types),
        cmocka_unit_test(test_precedence),
        cmocka_unit_test(test_builtin_packs),
        cmocka_unit_test(test_lean_blobs),
        cmocka_unit_test(test_warm_steps),
        cmocka_unit_test(test_lean_same),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
