/* test_post.c: the post's leaf (post.h): merging findings, parsing the
 * time of posting and dHashes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "postcheck/post.h"

/* Two rules that catch the same words in the same category give one
 * finding (the first rule's, at the higher severity); other categories,
 * other words and other attachments stay. */
static void test_merge(void **state)
{
    pc_finding v[5];
    pc_findings f = {0};
    const char *cats[] = {"harassment", "harassment", "disparaging",
                          "harassment", "logo"};
    const char *rules[] = {"t.a", "t.b", "t.b", "t.b", "t.c"};
    long spans[][2] = {{0, 10}, {5, 12}, {5, 12}, {20, 25}, {-1, -1}};

    (void)state;
    memset(v, 0, sizeof v);
    for (int i = 0; i < 5; i++) {
        v[i].category = cats[i];
        v[i].rule = rules[i];
        v[i].start = spans[i][0];
        v[i].end = spans[i][1];
        v[i].attachment = -1;
        v[i].severity = i == 1 ? PC_SEV_ERROR : PC_SEV_WARNING;
        v[i].message = malloc(4);
        strcpy(v[i].message, "msg");
    }
    f.v = malloc(sizeof v);
    memcpy(f.v, v, sizeof v);
    f.n = 5;
    f.cap = 5;
    pc_findings_merge(&f);
    assert_int_equal(f.n, 4);
    assert_int_equal(f.v[0].start, 0);
    assert_int_equal(f.v[0].severity, PC_SEV_ERROR);
    assert_string_equal(f.v[1].category, "disparaging");
    assert_int_equal(f.v[2].start, 20);
    assert_string_equal(f.v[3].category, "logo");
    pc_findings_free(&f);
}

static void test_now_parsing(void **state)
{
    pc_post post;

    (void)state;
    memset(&post, 0, sizeof post);
    assert_int_equal(pc_post_set_now(&post, "2026-11-23T10:15:00+00:00"),
                     PC_OK);
    assert_int_equal(post.now_wday, 1); /* a Monday */
    assert_int_equal(post.now_minute, 615);
    assert_int_equal(pc_post_set_now(&post, "2024-02-29T00:00Z"), PC_OK);
    assert_int_equal(post.now_wday, 4); /* a Thursday */
    assert_int_equal(pc_post_set_now(&post, "2026-13-01T10:00"),
                     PC_ERR_REQUEST);
    assert_int_equal(pc_post_set_now(&post, "yesterday"), PC_ERR_REQUEST);
    assert_int_equal(pc_post_set_now(&post, "2026-11-23 10:15"),
                     PC_ERR_REQUEST);
}

static void test_dhash_parsing(void **state)
{
    uint64_t v = 0;

    (void)state;
    assert_int_equal(pc_parse_dhash("00000000000000fF", &v), PC_OK);
    assert_true(v == 0xff);
    assert_int_equal(pc_parse_dhash("123", &v), PC_ERR_REQUEST);
    assert_int_equal(pc_parse_dhash("00000000000000fg", &v), PC_ERR_REQUEST);
    assert_int_equal(pc_parse_dhash(NULL, &v), PC_ERR_REQUEST);
}

/* Merged findings merge to themselves: pc_check() merges, and a caller
 * that merges again (as older callers did) changes nothing. */
static void test_merge_again_changes_nothing(void **state)
{
    pc_findings f = {0};
    const char *cats[] = {"political", "political", "political"};
    const char *rules[] = {"t.a", "t.b", "t.a"};
    long spans[][2] = {{0, 4}, {2, 9}, {12, 15}};

    (void)state;
    for (int i = 0; i < 3; i++) {
        pc_finding x;
        memset(&x, 0, sizeof x);
        x.category = cats[i];
        x.rule = rules[i];
        x.start = spans[i][0];
        x.end = spans[i][1];
        x.attachment = -1;
        x.message = malloc(4);
        assert_non_null(x.message);
        strcpy(x.message, "msg");
        assert_int_equal(pc_findings_push(&f, &x), PC_OK);
    }
    pc_findings_merge(&f);
    assert_int_equal(f.n, 2);
    pc_findings_merge(&f);
    assert_int_equal(f.n, 2);
    assert_string_equal(f.v[0].rule, "t.a");
    assert_int_equal(f.v[1].start, 12);
    pc_findings_truncate(&f, 1);
    assert_int_equal(f.n, 1);
    pc_findings_free(&f);
    assert_int_equal(f.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_merge),
        cmocka_unit_test(test_merge_again_changes_nothing),
        cmocka_unit_test(test_now_parsing),
        cmocka_unit_test(test_dhash_parsing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
