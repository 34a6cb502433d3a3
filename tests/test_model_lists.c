/* test_model_lists.c: the word lists the model features look words up in
 * (model_lists.h): a word is on a list only as a whole entry, but for the
 * stems of negative evaluation, which also match a longer word that starts
 * with one of five letters or more, and for the lists model_refer.c
 * judges a quoted sentence by, where a word ending in "s" is on the list
 * when the word without it is; words outside a list's lengths, or not
 * starting with a letter a to z, are never on it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model_lists.h"
#include "model_words.h"

static struct pc__model_lists lists;

static int on(enum pc__model_list list, const char *w)
{
    return pc__model_listed(&lists, list, w, strlen(w));
}

static void organisation_words_are_whole_words(void **state)
{
    (void)state;
    pc__model_lists_index(&lists);
    assert_true(on(PC_LIST_ORG, "trust"));
    assert_true(on(PC_LIST_ORG, "trustees"));
    assert_true(on(PC_LIST_ORG, "academy"));
    assert_true(on(PC_LIST_ORG, "slt"));
    assert_true(on(PC_LIST_ORG, "llmat"));
    assert_false(on(PC_LIST_ORG, "trusted"));
    assert_false(on(PC_LIST_ORG, "trus"));
    assert_false(on(PC_LIST_ORG, "boards"));
    assert_false(on(PC_LIST_ORG, "a"));
    assert_false(on(PC_LIST_ORG, ""));
}

static void negative_stems_match_longer_words(void **state)
{
    (void)state;
    pc__model_lists_index(&lists);
    assert_true(on(PC_LIST_NEG, "amateurish"));
    assert_true(on(PC_LIST_NEG, "glorified"));
    assert_true(on(PC_LIST_NEG, "wasteful"));
    assert_true(on(PC_LIST_NEG, "declining"));
    assert_true(on(PC_LIST_NEG, "mess"));
    /* A stem shorter than five letters is a whole word only. */
    assert_false(on(PC_LIST_NEG, "message"));
    assert_false(on(PC_LIST_NEG, "jokers"));
    assert_false(on(PC_LIST_NEG, "amateu"));
    assert_false(on(PC_LIST_NEG, "excellent"));
    assert_false(on(PC_LIST_NEG, "bad")); /* shorter than the list's words */
}

static void refer_lists_take_plurals(void **state)
{
    (void)state;
    pc__model_lists_index(&lists);
    assert_true(on(PC_LIST_REF, "pupil"));
    assert_true(on(PC_LIST_REF, "pupils"));
    assert_true(on(PC_LIST_REF, "families"));
    assert_true(on(PC_LIST_REF, "childrens"));
    assert_true(on(PC_LIST_REF, "hq"));
    assert_true(on(PC_LIST_REF, "organisations")); /* longer than any entry */
    assert_false(on(PC_LIST_REF, "pupilss"));
    assert_false(on(PC_LIST_REF, "pupi"));
    assert_false(on(PC_LIST_REF, "members_"));
    assert_false(on(PC_LIST_REF, "teachers'"));
    assert_false(on(PC_LIST_REF, "headteachers2"));
    assert_false(on(PC_LIST_REF, "s"));
    /* no stems on these lists: a longer word is another word */
    assert_false(on(PC_LIST_REF, "trusted"));
    assert_false(on(PC_LIST_REF, "placement"));
    assert_true(on(PC_LIST_PRAISE, "thanks"));
    assert_true(on(PC_LIST_PRAISE, "congratulations"));
    assert_false(on(PC_LIST_PRAISE, "bestow"));
    /* "don't" is cut into "don" and "t"; a one-letter entry and its "s" */
    assert_true(on(PC_LIST_UNPLAIN, "t"));
    assert_true(on(PC_LIST_UNPLAIN, "ts"));
    assert_false(on(PC_LIST_UNPLAIN, "s"));
    assert_false(on(PC_LIST_UNPLAIN, "a"));
    assert_true(on(PC_LIST_OUTSIDE, "mps"));
    assert_true(on(PC_LIST_OUTSIDE, "dfe"));
    assert_false(on(PC_LIST_OUTSIDE, "councillor"));
    /* the features' lists take no plural */
    assert_false(on(PC_LIST_ORG, "trusts"));
}

/* The shape features' classes: a group named in the plural as in the
 * singular, a verb of harm in its longer forms when its stem has five
 * letters or more, pronouns and negation as whole words only; and one
 * index for the process, the same whichever asks. */
static void shape_classes(void **state)
{
    (void)state;
    pc__model_lists_index(&lists);
    assert_true(on(PC_LIST_GROUP, "muslims"));
    assert_true(on(PC_LIST_GROUP, "women"));
    assert_true(on(PC_LIST_GROUP, "immigrant"));
    assert_false(on(PC_LIST_GROUP, "teachers"));
    /* session 32: nationalities, regions and faiths by what the words
     * are, never a school subject */
    assert_true(on(PC_LIST_GROUP, "greeks"));
    assert_true(on(PC_LIST_GROUP, "scots"));
    assert_true(on(PC_LIST_GROUP, "mormons"));
    assert_true(on(PC_LIST_GROUP, "swiss"));
    assert_false(on(PC_LIST_GROUP, "french"));
    assert_false(on(PC_LIST_GROUP, "english"));
    assert_true(on(PC_LIST_HARM, "punching"));
    assert_true(on(PC_LIST_HARM, "stab"));
    assert_true(on(PC_LIST_HARM, "kills"));
    assert_false(on(PC_LIST_HARM, "hitch")); /* "hit" is a word, no stem */
    assert_true(on(PC_LIST_DEHUM, "rats"));
    assert_false(on(PC_LIST_DEHUM, "rate"));
    assert_true(on(PC_LIST_NEGATE, "dont"));
    assert_false(on(PC_LIST_NEGATE, "nots"));
    assert_true(on(PC_LIST_YOU, "u"));
    assert_false(on(PC_LIST_THEY, "theys"));
    assert_true(pc__model_lists() == pc__model_lists());
    assert_true(pc__model_listed(pc__model_lists(), PC_LIST_WILL, "gonna", 5));
}

/* The insult class holds the British insults people use of each other
 * (version 6: "wally", "berk", "gobshite", "numbskull"), in the plural too;
 * the near reading of an evaded spelling takes a variant of one
 * ("numskull"), never an everyday word an edit from one ("miner", "muter":
 * why "minger" and "munter" are not on the list). */
static void british_insults_are_insults(void **state)
{
    const struct pc__model_lists *l = pc__model_lists();

    (void)state;
    pc__model_lists_index(&lists);
    assert_true(on(PC_LIST_INSULT, "wally"));
    assert_true(on(PC_LIST_INSULT, "berks"));
    assert_true(on(PC_LIST_INSULT, "gobshite"));
    assert_true(on(PC_LIST_INSULT, "numbskulls"));
    assert_false(on(PC_LIST_INSULT, "wall"));
    assert_string_equal(pc__model_near(l, PC_LIST_INSULT, "numskull", 8),
                        "numbskull");
    assert_null(pc__model_near(l, PC_LIST_INSULT, "miner", 5));
    assert_null(pc__model_near(l, PC_LIST_INSULT, "muter", 5));
    assert_null(pc__model_near(l, PC_LIST_INSULT, "walls", 5));
}

/* A masked word reads as the entry its shown letters spell, of any
 * length; never with its first or last letter hidden, nor more than two
 * hidden. */
static void masked_words_read_as_their_entry(void **state)
{
    const struct pc__model_lists *l = pc__model_lists();

    (void)state;
    assert_string_equal(pc__model_masked(l, PC_LIST_INSULT, "cnt", 3, 1, 1),
                        "cunt");
    assert_string_equal(pc__model_masked(l, PC_LIST_INSULT, "idot", 4, 2, 1),
                        "idiot");
    assert_string_equal(pc__model_masked(l, PC_LIST_INSULT, "prk", 3, 2, 2),
                        "prick");
    assert_null(pc__model_masked(l, PC_LIST_INSULT, "unt", 3, 0, 1));
    assert_null(pc__model_masked(l, PC_LIST_INSULT, "cun", 3, 3, 1));
    assert_null(pc__model_masked(l, PC_LIST_INSULT, "it", 2, 1, 3));
    assert_null(pc__model_masked(l, PC_LIST_INSULT, "dsk", 3, 1, 1));
}

static void other_first_characters_are_on_no_list(void **state)
{
    (void)state;
    pc__model_lists_index(&lists);
    for (int l = 0; l < PC_LIST_COUNT; l++) {
        assert_false(on((enum pc__model_list)l, "@trust"));
        assert_false(on((enum pc__model_list)l, "0"));
        assert_false(on((enum pc__model_list)l, "\xc3\xa9glise"));
        assert_false(on((enum pc__model_list)l, "Trust")); /* not folded */
    }
}

/* Tags word w[0, n) alone (pc__model_tag_words) and checks its class:
 * the first of the classes, in their order, whose list has it, with the
 * lists it is on; or, on none, no class, or an insult it is an edit away
 * from (then the insult's lists). */
static void tags_as_listed(struct words *ws, const char *w, size_t n)
{
    static const struct {
        enum pc__model_list list;
        char tag;
    } classes[] = {
        {PC_LIST_GROUP, 'G'}, {PC_LIST_YOU, 'Y'},    {PC_LIST_THEY, 'T'},
        {PC_LIST_ORG, 'O'},   {PC_LIST_HARM, 'H'},   {PC_LIST_DEHUM, 'D'},
        {PC_LIST_NEGATE, 'N'}, {PC_LIST_REPORT, 'R'}, {PC_LIST_WILL, 'W'},
        {PC_LIST_INSULT, 'I'},
    };
    uint32_t want = 0;
    char tag = 0;

    for (unsigned k = 0; k < PC_LIST_COUNT; k++) {
        want |= (uint32_t)pc__model_listed(&lists, k, w, n) << k;
    }
    for (size_t k = 0; !tag && k < sizeof classes / sizeof *classes; k++) {
        tag = want >> classes[k].list & 1 ? classes[k].tag : 0;
    }
    memset(&ws->v[0], 0, sizeof ws->v[0]);
    memcpy(ws->v[0].w, w, n);
    ws->v[0].len = (unsigned char)n;
    ws->v[0].kind = W_WORD;
    ws->n = 1;
    pc__model_tag_words(ws);
    if (tag || ws->v[0].tag != 'I') {
        assert_int_equal(ws->v[0].tag, tag);
        assert_int_equal(ws->v[0].lists, want);
    } else {
        assert_true(ws->v[0].lists >> PC_LIST_INSULT & 1);
    }
}

/* Every entry of every list, with an "s" and cut by a letter, is tagged
 * with the class of the class list it is on (of the first, were it on
 * two: no entry is today) and has the lists it is on, as do words of
 * one letter, of a second byte not a letter, and on no list. */
static void a_word_is_tagged_by_the_first_class_it_is_on(void **state)
{
    struct words *ws = malloc(sizeof *ws);
    static const char *const others[] = {"u", "x", "s", "ur", "u2", "a'",
                                         "the", "tree", "\xc3\xa9t\xc3\xa9"};

    (void)state;
    assert_non_null(ws);
    pc__model_lists_index(&lists);
    for (unsigned k = 0; k < PC_LIST_COUNT; k++) {
        for (unsigned c = 0; c < 26; c++) {
            for (unsigned i = lists.lo[k][c]; i < lists.hi[k][c]; i++) {
                char w[WORD_CAP + 1];
                size_t n = strlen(lists.v[k][i]);
                if (n + 1 > WORD_CAP) {
                    continue;
                }
                memcpy(w, lists.v[k][i], n);
                w[n] = 's';
                tags_as_listed(ws, w, n);
                tags_as_listed(ws, w, n + 1);
                tags_as_listed(ws, w, n - 1);
            }
        }
    }
    for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
        tags_as_listed(ws, others[i], strlen(others[i]));
    }
    free(ws);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(organisation_words_are_whole_words),
        cmocka_unit_test(negative_stems_match_longer_words),
        cmocka_unit_test(refer_lists_take_plurals),
        cmocka_unit_test(shape_classes),
        cmocka_unit_test(british_insults_are_insults),
        cmocka_unit_test(masked_words_read_as_their_entry),
        cmocka_unit_test(other_first_characters_are_on_no_list),
        cmocka_unit_test(a_word_is_tagged_by_the_first_class_it_is_on),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
