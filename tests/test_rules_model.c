/* test_rules_model.c: a pack's `model` rules over whole checks, with the
 * built-in trained models: one hostile sentence in an otherwise friendly
 * post is flagged and quoted on its own; the same post without it is
 * not; two model rules in one pack each find their own sentence (they
 * share the post's units, cut once per check). The posts are plain
 * cases the models must get right whatever they are retrained on. */
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

/* A pack with a harassment and a disparaging model rule at the
 * thresholds the built-in packs use. */
static const char pack_json[] =
    "{\"format\":1,\"id\":\"mt\",\"name\":\"n\",\"version\":\"1\","
    "\"organisation\":{\"name\":\"M\",\"names\":[\"Emco\"]},"
    "\"source\":{\"title\":\"t\"},\"rules\":["
    "{\"id\":\"mt.h\",\"kind\":\"model\",\"category\":\"harassment\","
    "\"severity\":\"warning\",\"applies_to\":[\"official\"],"
    "\"clause\":\"c\",\"quote\":\"q\",\"message\":\"h {match}\","
    "\"model\":\"harassment\",\"threshold\":0.35,\"examples\":{"
    "\"flag\":[\"You are a waste of space\",\"Get lost, you idiot\","
    "\"Nobody wants you here\"],\"pass\":[\"See you at the fair\","
    "\"This printer is broken\",\"Thank you all\"]}},"
    "{\"id\":\"mt.d\",\"kind\":\"model\",\"category\":\"disparaging\","
    "\"severity\":\"warning\",\"applies_to\":[\"official\"],"
    "\"clause\":\"c\",\"quote\":\"q\",\"message\":\"d {match}\","
    "\"model\":\"disparaging\",\"threshold\":0.4,\"examples\":{"
    "\"flag\":[\"The conference is a tired talking shop\","
    "\"The board has no idea what it is doing\","
    "\"Management here make every term worse\"],"
    "\"pass\":[\"The conference was inspiring\",\"The board met today\","
    "\"Tough term, but we pulled together\"]}}]}";

static const char friendly_a[] =
    "Thanks to everyone who came to the quiz night on Friday. ";
static const char friendly_b[] =
    "We raised 400 pounds for the library and the picture round was a "
    "triumph. See you all at the next one in March!";
static const char hostile[] =
    "Dave, you are a useless idiot and nobody here can stand you.";
static const char running_down[] =
    "Honestly the association is a glorified dinner club run by vendors "
    "and a waste of our money.";

static pc_packset *g_set;
static const pc_pack *g_pack;

static int setup(void **state)
{
    pc_error err;

    (void)state;
    pc_error_clear(&err);
    g_set = pc_packset_new(&err);
    assert_non_null(g_set);
    if (pc_packset_add_json(g_set, pack_json, sizeof pack_json - 1, "mt",
                            NULL, PC_SOURCE_FILE, &err) != PC_OK) {
        fprintf(stderr, "%d:%d: %s\n", err.line, err.column, err.text);
        return -1;
    }
    g_pack = pc_packset_ready(g_set, "mt", &err);
    return g_pack ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    pc_packset_free(g_set);
    return 0;
}

/* Checks text (ASCII, so byte and UTF-16 offsets agree) from an
 * official account into f. */
static void check(const char *text, pc_findings *f)
{
    pc_post post;
    pc_error err;

    pc_error_clear(&err);
    memset(&post, 0, sizeof post);
    post.text = text;
    post.text_len = strlen(text);
    post.account = PC_ACCOUNT_OFFICIAL;
    assert_int_equal(pc_check(g_pack, &post, f, NULL, &err), PC_OK);
}

/* The finding of rule id in f, or NULL. */
static const pc_finding *finding_of(const pc_findings *f, const char *id)
{
    for (size_t i = 0; i < f->n; i++) {
        if (strcmp(f->v[i].rule, id) == 0) {
            return &f->v[i];
        }
    }
    return NULL;
}

/* Asserts that finding x spans exactly sentence s inside text. */
static void assert_spans(const pc_finding *x, const char *text,
                         const char *s)
{
    const char *at = strstr(text, s);

    assert_non_null(x);
    assert_non_null(at);
    assert_int_equal(x->start, (long)(at - text));
    assert_int_equal(x->end, (long)(at - text + strlen(s)));
}

static void one_hostile_sentence_is_flagged_and_quoted(void **state)
{
    char text[512];
    pc_findings f = {0};

    (void)state;
    snprintf(text, sizeof text, "%s%s %s", friendly_a, hostile, friendly_b);
    check(text, &f);
    assert_int_equal(f.n, 1);
    assert_spans(finding_of(&f, "mt.h"), text, hostile);
    pc_findings_free(&f);
}

static void the_friendly_post_alone_passes(void **state)
{
    char text[512];
    pc_findings f = {0};

    (void)state;
    snprintf(text, sizeof text, "%s%s", friendly_a, friendly_b);
    check(text, &f);
    assert_int_equal(f.n, 0);
    pc_findings_free(&f);
}

static void each_model_rule_finds_its_own_sentence(void **state)
{
    char text[768];
    pc_findings f = {0};

    (void)state;
    snprintf(text, sizeof text, "%s%s %s %s", friendly_a, running_down,
             hostile, friendly_b);
    check(text, &f);
    assert_int_equal(f.n, 2);
    assert_spans(finding_of(&f, "mt.h"), text, hostile);
    assert_spans(finding_of(&f, "mt.d"), text, running_down);
    pc_findings_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_hostile_sentence_is_flagged_and_quoted),
        cmocka_unit_test(the_friendly_post_alone_passes),
        cmocka_unit_test(each_model_rule_finds_its_own_sentence),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
