/* test_match_text.c: whose text a compiled pattern keeps (match.h's
 * pc__regex.src). A pattern stored in the binary (precompiled.h) keeps
 * the binary's copy of its text, not one of its own; any other (a user
 * pack's pattern or word list's "re:" line) keeps a copy of its own,
 * which outlives the text it came from (a pack's file, freed when the
 * preparation ends) and is freed with the matcher (valgrind's stage
 * checks nothing leaks and nothing freed is read). Links the generated
 * builtin_codes.c, as the postcheck binary does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "match.h"
#include "postcheck/pack.h"
#include "postcheck/text.h"
#include "precompiled.h"
#include "support_pack.h"

static const uint32_t fold_options = PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS;

/* 1 if p points into the stored patterns' text. */
static int in_table(const char *p)
{
    const struct pc__pc_table *t = &pc__precompiled_table;

    return p >= t->strings && p < t->strings + t->strings_len;
}

/* How many matches m has in text. */
static size_t matches(const pc__matcher *m, const char *text)
{
    pc_text *t = pc_text_new(text, strlen(text), NULL);
    pc__spans out = {0};
    size_t n;

    assert_non_null(t);
    assert_int_equal(pc__matcher_run(m, t, NULL, 0, &out), PC_OK);
    n = out.n;
    pc__spans_free(&out);
    pc_text_free(t);
    return n;
}

/* A pattern not in the binary is copied: the caller's text may be
 * changed and freed at once, and the matcher still runs it (its JIT's
 * lead reads the text again). */
static void test_user_pattern_is_copied(void **state)
{
    char *text = strdup("\\bzq[0-9]{3}xj\\b");
    pc__matcher m;

    (void)state;
    memset(&m, 0, sizeof m);
    assert_non_null(text);
    assert_int_equal(pc__matcher_add_regex(&m, text, PC_VIEW_FOLD, NULL),
                     PC_OK);
    assert_int_equal(m.n, 1);
    assert_true(m.rx[0].src_owned);
    assert_ptr_not_equal(m.rx[0].src, text);
    assert_false(in_table(m.rx[0].src));
    memset(text, 'x', strlen(text));
    free(text);
    assert_string_equal(m.rx[0].src, "\\bzq[0-9]{3}xj\\b");
    pc__matcher_jit(&m);
    assert_int_equal(matches(&m, "ask ZQ123XJ today"), 1);
    assert_int_equal(matches(&m, "ask zq12xj today"), 0);
    pc__matcher_free(&m);
}

/* A stored pattern keeps the binary's text (not owned, not freed),
 * whatever the caller's copy becomes; many of them grow the matcher's
 * array past its first sizes. */
static void test_stored_pattern_keeps_binary_text(void **state)
{
    const struct pc__pc_table *t = &pc__precompiled_table;
    pc__matcher m;
    size_t added = 0;

    (void)state;
    memset(&m, 0, sizeof m);
    assert_true(t->n_entries > 0);
    for (size_t i = 0; i < t->n_entries && added < 40; i++) {
        const struct pc__pc_entry *e = &t->entries[i];
        char *text;
        if (e->options != fold_options || e->k != 0) {
            continue;
        }
        text = strdup(t->strings + e->pattern);
        assert_non_null(text);
        assert_int_equal(pc__matcher_add_regex(&m, text, PC_VIEW_FOLD, NULL),
                         PC_OK);
        assert_false(m.rx[added].src_owned);
        assert_ptr_equal(m.rx[added].src, t->strings + e->pattern);
        memset(text, 'x', strlen(text));
        free(text);
        added++;
    }
    assert_int_equal(added, 40);
    assert_int_equal(m.n, 40);
    assert_true(m.cap >= m.n);
    for (size_t i = 0; i < m.n; i++) {
        assert_true(in_table(m.rx[i].src));
    }
    pc__matcher_jit(&m);
    pc__matcher_free(&m);
    assert_int_equal(m.n, 0);
    assert_int_equal(m.cap, 0);
    pc__precompiled_trim();
}

/* A user pack's own word list with a "re:" line: the list's text is gone
 * once the pack is prepared, the pattern's copy is what the warm-up's JIT
 * and the checks read. */
static void test_user_list_pattern_outlives_its_file(void **state)
{
    pc_test_user_dir d;
    const pc_pack *p;
    pc_packset *set = NULL;
    pc_error err;

    (void)state;
    pc_test_user_dir_make(&d);
    p = pc_test_user_list_pack(&d, &set, "ours",
                               "# ours\nre:\\bzq[0-9]{3}xj\\b\n");
    assert_non_null(p);
    pc_error_clear(&err);
    assert_int_equal(pc_packset_warm(set, "x", &err), PC_OK);
    assert_int_equal(pc_test_user_list_finds(p, "ask ZQ123XJ today"), 1);
    assert_int_equal(pc_test_user_list_finds(p, "ask zq12xj today"), 0);
    pc_packset_free(set);
    pc_test_user_dir_remove(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_user_pattern_is_copied),
        cmocka_unit_test(test_stored_pattern_keeps_binary_text),
        cmocka_unit_test(test_user_list_pattern_outlives_its_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
