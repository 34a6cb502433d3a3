/* test_model_lists.c: the word lists the model features look words up in
 * (model_lists.h): a word is on a list only as a whole entry, but for the
 * stems of negative evaluation, which also match a longer word that starts
 * with one of five letters or more; words outside a list's lengths, or
 * not starting with a letter a to z, are never on it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "model_lists.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(organisation_words_are_whole_words),
        cmocka_unit_test(negative_stems_match_longer_words),
        cmocka_unit_test(other_first_characters_are_on_no_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
