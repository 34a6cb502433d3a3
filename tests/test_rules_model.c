/* test_rules_model.c: a pack's `model` rules over whole checks, with the
 * built-in trained models: one hostile sentence in an otherwise friendly
 * post is flagged and quoted on its own; the same post without it is
 * not; two model rules in one pack each find their own sentence (they
 * share the post's units, cut once per check); a quoted sentence is one
 * the model flags on its own. The posts are plain cases the models must
 * get right whatever they are retrained on. */
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

/* A pack with a harassment and a disparaging model rule at the
 * thresholds the built-in packs use. */
static const char pack_json[] = PC_TEST_PACK_JSON(
    "mt",
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
    "\"Tough term, but we pulled together\"]}}");

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

static const pc_pack *g_pack;

static int setup(void **state)
{
    return pc_test_pack_setup(state, &g_pack, "mt", pack_json,
                              sizeof pack_json - 1, "mt");
}

/* Checks text (ASCII, so byte and UTF-16 offsets agree) from an
 * official account; returns the number of findings of rule (NULL: all)
 * and copies the first into *first when first is not NULL. */
static size_t check(const char *text, const char *rule, pc_finding *first)
{
    return pc_test_check(g_pack, text, PC_ACCOUNT_OFFICIAL, rule, first,
                         NULL, first ? 1 : 0);
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
    pc_finding h;

    (void)state;
    snprintf(text, sizeof text, "%s%s %s", friendly_a, hostile, friendly_b);
    assert_int_equal(check(text, NULL, NULL), 1);
    assert_int_equal(check(text, "mt.h", &h), 1);
    assert_spans(&h, text, hostile);
}

static void the_friendly_post_alone_passes(void **state)
{
    char text[512];

    (void)state;
    snprintf(text, sizeof text, "%s%s", friendly_a, friendly_b);
    assert_int_equal(check(text, NULL, NULL), 0);
}

static void each_model_rule_finds_its_own_sentence(void **state)
{
    char text[768];
    pc_finding h, d;

    (void)state;
    snprintf(text, sizeof text, "%s%s %s %s", friendly_a, running_down,
             hostile, friendly_b);
    assert_int_equal(check(text, NULL, NULL), 2);
    assert_int_equal(check(text, "mt.h", &h), 1);
    assert_int_equal(check(text, "mt.d", &d), 1);
    assert_spans(&h, text, hostile);
    assert_spans(&d, text, running_down);
}

/* A finding that quotes one sentence of a longer post says that sentence
 * may read as harassing: checked alone, it must be flagged too. When
 * only the whole post reaches the threshold, the whole post is quoted
 * ("Honestly." is not harassing on its own). Holds whatever the model. */
static void a_quoted_sentence_is_flagged_on_its_own(void **state)
{
    static const char *const posts[] = {
        "Head office are a pack of lazy morons. Honestly.",
        "Head office are a pack of lazy morons. Honestly. Every year.",
        "You lot are a joke. Seriously. Go away.",
        "Dave, you are a useless idiot. See you Friday.",
        "Thanks all. Nobody wants you here, Sam. Bye.",
        "What a day. You absolute muppet. Lol.",
        "Nice one. Get lost, you idiot. Cheers.",
    };
    size_t flagged = 0;

    (void)state;
    for (size_t i = 0; i < sizeof posts / sizeof posts[0]; i++) {
        const char *text = posts[i];
        pc_finding h;
        char quoted[256];
        size_t n;

        if (check(text, "mt.h", &h) == 0) {
            continue;
        }
        flagged++;
        n = (size_t)(h.end - h.start);
        assert_true(n < sizeof quoted);
        memcpy(quoted, text + h.start, n);
        quoted[n] = '\0';
        if (n < strlen(text)) {
            assert_int_equal(check(quoted, "mt.h", NULL), 1);
        }
    }
    assert_true(flagged > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_hostile_sentence_is_flagged_and_quoted),
        cmocka_unit_test(the_friendly_post_alone_passes),
        cmocka_unit_test(each_model_rule_finds_its_own_sentence),
        cmocka_unit_test(a_quoted_sentence_is_flagged_on_its_own),
    };
    return cmocka_run_group_tests(tests, setup, pc_test_pack_teardown);
}
