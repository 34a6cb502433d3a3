/* test_precompiled.c: the regexes stored in the binary at build time
 * (host/precompiled.h): preparing every built-in pack and the detectors
 * compiles none of them (all are decoded), each stored pattern behaves
 * as the same pattern compiled now (same size, same matches on every
 * example post of the built-in packs), and a pattern that is not stored
 * (a user pack's) is compiled. Each stored pattern's trigram prefilter
 * and query are the ones derived from its text now, and a pattern not
 * stored has none stored. Links the generated builtin_codes.c, as the postcheck binary
 * does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "builtin.h"
#include "postcheck/pack.h"
#include "precompiled.h"
#include "prefilter.h"

typedef struct texts {
    char **v;
    size_t n;
} texts;

/* Collects every "text" string under any "examples" of j. */
static void collect(json_t *j, int in_examples, texts *t)
{
    const char *k;
    json_t *v;
    size_t i;

    if (json_is_object(j)) {
        json_object_foreach(j, k, v) {
            if (in_examples && strcmp(k, "text") == 0 && json_is_string(v)) {
                t->v = realloc(t->v, (t->n + 1) * sizeof *t->v);
                assert_non_null(t->v);
                t->v[t->n++] = strdup(json_string_value(v));
            } else {
                collect(v, in_examples || strcmp(k, "examples") == 0, t);
            }
        }
    } else if (json_is_array(j)) {
        json_array_foreach(j, i, v) {
            collect(v, in_examples, t);
        }
    }
}

static texts example_texts(void)
{
    texts t = {0};

    for (size_t i = 0; pc__builtin_packs[i].name; i++) {
        json_t *j = json_loadb(pc__builtin_packs[i].data,
                               pc__builtin_packs[i].len, 0, NULL);
        assert_non_null(j);
        collect(j, 0, &t);
        json_decref(j);
    }
    assert_true(t.n > 100);
    return t;
}

static void test_builtin_packs_are_decoded(void **state)
{
    pc_error err;
    pc_packset *ps;
    size_t d0, c0, d1, c1;

    (void)state;
    assert_true(pc__precompiled_table.n_entries > 0);
    pc__precompiled_stats(&d0, &c0);
    pc_error_clear(&err);
    ps = pc_packset_new(&err);
    assert_non_null(ps);
    assert_int_equal(pc_packset_add_builtin(ps, &err), PC_OK);
    assert_int_equal(pc_packset_warm(ps, NULL, &err), PC_OK);
    pc__precompiled_stats(&d1, &c1);
    /* Every pattern of every built-in pack, list and detector came from
     * the stored sets: none was compiled. */
    assert_int_equal(c1 - c0, 0);
    assert_true(d1 - d0 >= pc__precompiled_table.n_entries / 2);
    pc_packset_free(ps);
}

/* Runs re over s; returns the match's start, -1 for none, or the error
 * (below -1). */
static long first_match(const pcre2_code *re, const char *s,
                        pcre2_match_data *md)
{
    int rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);

    if (rc == PCRE2_ERROR_NOMATCH) {
        return -1;
    }
    if (rc < 0) {
        return rc - 1;
    }
    return (long)pcre2_get_ovector_pointer(md)[0] * 1000 +
           (long)pcre2_get_ovector_pointer(md)[1];
}

static void test_stored_patterns_match_as_compiled(void **state)
{
    const struct pc__pc_table *t = &pc__precompiled_table;
    texts ex = example_texts();
    pcre2_match_data *md = pcre2_match_data_create(32, NULL);
    size_t matched = 0;

    (void)state;
    assert_non_null(md);
    for (size_t i = 0; i < t->n_entries; i++) {
        const struct pc__pc_entry *e = &t->entries[i];
        const char *pat;
        int code;
        PCRE2_SIZE off, sa = 0, sb = 0;
        pcre2_code *a, *b;

        if (e->k > 0) {
            continue; /* the same pattern as its k = 0 entry */
        }
        pat = t->strings + e->pattern;
        a = pc__precompiled_compile(pat, e->options, &code, &off);
        b = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
                          e->options, &code, &off, NULL);
        assert_non_null(a);
        assert_non_null(b);
        pcre2_pattern_info(a, PCRE2_INFO_SIZE, &sa);
        pcre2_pattern_info(b, PCRE2_INFO_SIZE, &sb);
        assert_int_equal(sa, sb);
        for (size_t j = 0; j < ex.n; j++) {
            long ra = first_match(a, ex.v[j], md);
            assert_int_equal(ra, first_match(b, ex.v[j], md));
            matched += ra >= 0;
        }
        pcre2_code_free(a);
        pcre2_code_free(b);
        pc__precompiled_trim();
    }
    /* The example posts do reach the patterns. */
    assert_true(matched > 100);
    for (size_t j = 0; j < ex.n; j++) {
        free(ex.v[j]);
    }
    free(ex.v);
    pcre2_match_data_free(md);
}

static void test_stored_prefilters_are_derived_ones(void **state)
{
    const struct pc__pc_table *t = &pc__precompiled_table;
    size_t with_grams = 0;

    (void)state;
    assert_true(t->n_prefilters > 0);
    for (size_t i = 0; i < t->n_entries; i++) {
        const char *pat = t->strings + t->entries[i].pattern;
        const uint32_t *grams = NULL;
        pc__prefilter a, b;

        assert_non_null(pc__precompiled_prefilter(pat, &grams));
        assert_int_equal(pc__prefilter_build(pat, &a), PC_OK);
        assert_int_equal(pc__prefilter_derive(pat, &b), PC_OK);
        assert_int_equal(a.n, b.n);
        assert_int_equal(a.sets, b.sets);
        for (size_t k = 0; k < b.sets; k++) {
            assert_int_equal(a.ends[k], b.ends[k]);
        }
        if (b.n) {
            assert_memory_equal(a.grams, b.grams, b.n * sizeof *b.grams);
            with_grams++;
        }
        pc__prefilter_free(&a);
        pc__prefilter_free(&b);
    }
    /* Most patterns do need trigrams: the stored sets are not empty. */
    assert_true(with_grams > t->n_entries / 2);
    {
        const uint32_t *grams = NULL;
        assert_null(pc__precompiled_prefilter("zq[0-9]{3}xj", &grams));
    }
}

/* Each stored pattern's query and triggers (what the trigger index and
 * pc__query_pass read) are the ones derived from its text now, word for
 * word; a pattern not stored has none. */
static void test_stored_queries_are_derived_ones(void **state)
{
    const struct pc__pc_table *t = &pc__precompiled_table;
    size_t with_query = 0, with_triggers = 0;

    (void)state;
    assert_true(t->n_qwords > 0);
    for (size_t i = 0; i < t->n_entries; i++) {
        const char *pat = t->strings + t->entries[i].pattern;
        pc__query a, b;

        assert_int_equal(pc__query_stored(pc__precompiled_index(pat), &a),
                         1);
        assert_int_equal(pc__query_derive(pat, &b), PC_OK);
        assert_int_equal(a.n, b.n);
        assert_int_equal(a.n_trig, b.n_trig);
        if (b.n) {
            assert_memory_equal(a.code, b.code, b.n * sizeof *b.code);
            with_query++;
        }
        if (b.n_trig) {
            assert_memory_equal(a.trig, b.trig,
                                2 * b.n_trig * sizeof *b.trig);
            with_triggers++;
        }
        /* The stored program is the one built from the words now. */
        assert_true((a.prog == NULL) == (b.prog == NULL));
        if (b.prog) {
            assert_int_equal(a.entry, b.entry);
            assert_memory_equal(a.prog, b.prog,
                                pc__query_leaves(&b) * sizeof *b.prog);
        }
        pc__query_free(&a);
        pc__query_free(&b);
    }
    /* Most patterns have a query and triggers: the stored ones are not
     * empty. */
    assert_true(with_query > t->n_entries / 2);
    assert_true(with_triggers > t->n_entries / 2);
    {
        pc__query q;
        assert_int_equal(pc__precompiled_index("zq[0-9]{3}xj"), -1);
        assert_int_equal(pc__query_stored(-1, &q), 0);
        assert_int_equal(q.n, 0);
    }
}

static void test_user_pattern_is_compiled(void **state)
{
    static const char pack[] =
        "{\"format\": 1, \"id\": \"x\", \"name\": \"X\", \"version\": \"1\","
        " \"organisation\": {\"name\": \"Xo\", \"names\": [\"Xo\"]},"
        " \"source\": {\"title\": \"t\"}, \"rules\": [{\"id\": \"x.r\","
        " \"kind\": \"pattern\", \"category\": \"guidance\","
        " \"severity\": \"info\", \"applies_to\": [\"official\"],"
        " \"clause\": \"1\", \"quote\": \"q\", \"message\": \"m\","
        " \"patterns\": [\"zq[0-9]{3}xj\"],"
        " \"examples\": {\"flag\": [], \"pass\": []}}]}";
    pc_error err;
    pc_packset *ps;
    size_t d0, c0, d1, c1;

    (void)state;
    pc__precompiled_stats(&d0, &c0);
    pc_error_clear(&err);
    ps = pc_packset_new(&err);
    assert_non_null(ps);
    assert_int_equal(pc_packset_add_json(ps, pack, sizeof pack - 1, "x.json",
                                         NULL, PC_SOURCE_USER, &err),
                     PC_OK);
    pc__precompiled_stats(&d1, &c1);
    assert_true(c1 > c0);
    pc_packset_free(ps);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin_packs_are_decoded),
        cmocka_unit_test(test_stored_patterns_match_as_compiled),
        cmocka_unit_test(test_stored_prefilters_are_derived_ones),
        cmocka_unit_test(test_stored_queries_are_derived_ones),
        cmocka_unit_test(test_user_pattern_is_compiled),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
