/* test_precompiled.c: the regexes stored in the binary at build time
 * (host/precompiled.h): preparing every built-in pack and the detectors
 * compiles none of them (all are decoded), each stored pattern behaves
 * as the same pattern compiled now (same size, same matches on every
 * example post of the built-in packs), and a pattern that is not stored
 * (a user pack's) is compiled. Each stored pattern's trigram prefilter,
 * query, barriers and token mask are the ones derived from its text now,
 * and a pattern not stored has none stored; a stored program's bits
 * answer as its leaves do. Every built-in word list is stored
 * ready, its lines the ones its text gives now, and a pack's own list of
 * the same name is read instead. Links the generated builtin_codes.c, as
 * the postcheck binary does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include <stdio.h>

#include "builtin.h"
#include "match.h"
#include "match_list.h"
#include "pack_parse.h"
#include "postcheck/pack.h"
#include "precompiled.h"
#include "prefilter.h"
#include "support_pack.h"

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
        /* And its barriers are the ones its text gives. */
        assert_int_equal(pc__precompiled_barriers(pc__precompiled_index(pat)),
                         (int)pc__barriers(pat));
        /* And its token mask. */
        {
            uint64_t mask = 0;
            assert_int_equal(pc__precompiled_token(pc__precompiled_index(pat),
                                                   &mask), 1);
            assert_true(mask == pc__token_mask(pat));
        }
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
            assert_memory_equal(a.prog, b.prog, PC_QSTEP_WORDS *
                                pc__query_leaves(&b) * sizeof *b.prog);
            assert_non_null(a.leaves);
            assert_memory_equal(a.leaves, b.leaves,
                                pc__query_leaves(&b) * sizeof *b.leaves);
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
        assert_int_equal(pc__precompiled_barriers(-1), -1);
        uint64_t mask = 7;
        assert_int_equal(pc__precompiled_token(-1, &mask), 0);
        assert_true(mask == 7);
        assert_int_equal(pc__query_stored(-1, &q), 0);
        assert_int_equal(q.n, 0);
    }
}

/* Whether stored query q holds for text, asked three ways: by its
 * steps' stored bits, by testing its steps' leaves, by walking its
 * words; fails unless all three agree. */
static int three_ways(pc__query *q, const char *text, size_t len)
{
    pc__leafset s;
    pc__query slow = *q;
    int ok;

    assert_int_equal(pc__leafset_fill(&s, text, len), PC_OK);
    assert_null(s.slots); /* a short text: the bits answer */
    ok = pc__query_pass(q, &s);
    assert_int_equal(pc__query_pass_leaves(q, &s), ok);
    slow.prog = NULL;
    assert_int_equal(pc__query_pass(&slow, &s), ok);
    pc__leafset_free(&s);
    return ok;
}

/* Every stored program run by its stored bits says what its leaves say,
 * on texts made of the stored patterns themselves (each alone, and
 * beside the next: their literal parts are the leaves the queries name,
 * so both answers come up). */
static void test_stored_bits_answer_as_leaves(void **state)
{
    const struct pc__pc_table *t = &pc__precompiled_table;
    size_t yes = 0, no = 0;
    char text[512];

    (void)state;
    for (size_t i = 0; i < t->n_entries; i++) {
        const char *pat = t->strings + t->entries[i].pattern;
        const char *next = t->strings +
                           t->entries[(i + 1) % t->n_entries].pattern;
        pc__query q;
        size_t n;
        assert_int_equal(pc__query_stored(pc__precompiled_index(pat), &q),
                         1);
        if (!q.prog) {
            continue;
        }
        n = (size_t)snprintf(text, sizeof text, "%.250s", pat);
        *(three_ways(&q, text, n) ? &yes : &no) += 1;
        n = (size_t)snprintf(text, sizeof text, "%.250s %.250s", next, pat);
        *(three_ways(&q, text, n) ? &yes : &no) += 1;
        n = (size_t)snprintf(text, sizeof text, "%.250s", next);
        *(three_ways(&q, text, n) ? &yes : &no) += 1;
        pc__query_free(&q);
    }
    assert_true(yes > 100);
    assert_true(no > 100);
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

/* Asks for every stored occurrence's pattern once, in the order given,
 * then once more for each pattern: every occurrence is decoded, none
 * twice, and the extra ones are compiled. */
static void ask_all(const size_t *order)
{
    const struct pc__pc_table *t = &pc__precompiled_table;
    pcre2_code **got = calloc(t->n_entries, sizeof *got);
    size_t d0, c0, d1, c1, firsts = 0;
    int code;
    PCRE2_SIZE off;

    assert_non_null(got);
    pc__precompiled_stats(&d0, &c0);
    for (size_t j = 0; j < t->n_entries; j++) {
        const struct pc__pc_entry *e = &t->entries[order[j]];
        const char *pat = t->strings + e->pattern;
        pcre2_code *b = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
                                      e->options, &code, &off, NULL);
        PCRE2_SIZE sa = 0, sb = 0;
        got[j] = pc__precompiled_compile(pat, e->options, &code, &off);
        assert_non_null(got[j]);
        assert_non_null(b);
        /* This pattern's code, not the one the build compiled next. */
        pcre2_pattern_info(got[j], PCRE2_INFO_SIZE, &sa);
        pcre2_pattern_info(b, PCRE2_INFO_SIZE, &sb);
        assert_int_equal(sa, sb);
        pcre2_code_free(b);
        for (size_t k = 0; k < j; k++) {
            assert_ptr_not_equal(got[k], got[j]);
        }
    }
    pc__precompiled_stats(&d1, &c1);
    assert_int_equal(d1 - d0, t->n_entries);
    assert_int_equal(c1 - c0, 0);
    for (size_t j = 0; j < t->n_entries; j++) {
        const struct pc__pc_entry *e = &t->entries[order[j]];
        if (e->k == 0) {
            pcre2_code_free(pc__precompiled_compile(
                t->strings + e->pattern, e->options, &code, &off));
            firsts++;
        }
    }
    pc__precompiled_stats(&d0, &c0);
    assert_int_equal(d0, d1);
    assert_int_equal(c0 - c1, firsts);
    for (size_t j = 0; j < t->n_entries; j++) {
        pcre2_code_free(got[j]);
    }
    free(got);
    pc__precompiled_trim();
}

/* The look-up first tries the entry the build compiled after the last
 * one handed out (precompiled.c), and searches when that is another
 * pattern: followed, or taken in reverse, every occurrence is handed
 * out once. */
static void test_build_order_is_a_shortcut_only(void **state)
{
    const struct pc__pc_table *t = &pc__precompiled_table;
    size_t *order = calloc(t->n_entries, sizeof *order);
    unsigned char *seen = calloc(t->n_entries, 1);
    size_t n = 0, linked = 0;

    (void)state;
    assert_non_null(order);
    assert_non_null(seen);
    for (size_t i = 0; i < t->n_entries; i++) {
        assert_true(t->entries[i].next <= t->n_entries);
        linked += t->entries[i].next < t->n_entries;
    }
    /* The build prepared every pack: most entries have one after them. */
    assert_true(linked > t->n_entries / 2);
    /* The build's order: each chain of next links, from each entry not
     * reached yet. */
    for (size_t i = 0; i < t->n_entries; i++) {
        for (size_t k = i; k < t->n_entries && !seen[k];
             k = t->entries[k].next) {
            seen[k] = 1;
            order[n++] = k;
        }
    }
    assert_int_equal(n, t->n_entries);
    ask_all(order);
    for (size_t i = 0; i < n; i++) {
        order[i] = n - 1 - i;
    }
    ask_all(order);
    free(order);
    free(seen);
}

/* Walks a ready list's lines beside the text's (pc__list_lines). */
typedef struct walk {
    const char *p;             /* the ready list's next line */
    uint32_t left;
} walk;

static pc_status same_line(void *ctx, int regex, const char *line,
                           pc_error *err)
{
    walk *w = ctx;
    pc_status st = PC_OK;
    char *want = regex ? strdup(line)
                       : pc__term_normalise(line, PC_VIEW_FOLD, &st, err);

    assert_non_null(want);
    assert_true(w->left > 0);
    assert_int_equal(w->p[0], regex ? 'r' : 't');
    assert_string_equal(w->p + 1, want);
    w->p += strlen(w->p) + 1;
    w->left--;
    free(want);
    return PC_OK;
}

/* Every built-in list is stored ready, and its lines are the ones its
 * text gives now as the pack loader reads it, in order: each term as normalising it gives it, each
 * "re:" line's pattern. */
static void test_stored_lists_are_read_ones(void **state)
{
    size_t n = 0;

    (void)state;
    for (const struct pc__blob *b = pc__builtin_lists; b->name; b++, n++) {
        char name[128], *text;
        const struct pc__pc_list *l;
        walk w;
        pc_error err;
        assert_true(strlen(b->name) > 4 && strlen(b->name) < sizeof name);
        snprintf(name, sizeof name, "%.*s", (int)(strlen(b->name) - 4),
                 b->name);
        /* As the loader reads it ("include:" and "prefix:" carried out). */
        text = pc__pack_read_list(NULL, name);
        l = pc__precompiled_list(name);
        assert_non_null(l);
        w.p = pc__precompiled_list_lines(l);
        w.left = l->n;
        pc_error_clear(&err);
        assert_non_null(text);
        assert_int_equal(pc__list_lines(text, name, same_line, &w, &err),
                         PC_OK);
        assert_int_equal(w.left, 0);
        free(text);
    }
    assert_true(n > 10);
    assert_int_equal(pc__precompiled_table.n_lists, n);
    /* Sorted by name, which the look-up's binary search needs. */
    for (size_t i = 1; i < pc__precompiled_table.n_lists; i++) {
        assert_true(strcmp(pc__precompiled_table.lists[i - 1].name,
                           pc__precompiled_table.lists[i].name) < 0);
    }
    assert_null(pc__precompiled_list("no-such-list"));
    assert_null(pc__precompiled_list(""));
    assert_null(pc__precompiled_list("zzz"));
}

/* A pack's own list named as a built-in one is read from its folder, not
 * the ready built-in one: its terms flag, the built-in list's do not. */
static void test_own_list_shadows_built_in(void **state)
{
    pc_test_user_dir d;
    const pc_pack *p;
    pc_packset *set = NULL;

    (void)state;
    pc_test_user_dir_make(&d);
    /* Without a file of its own, the built-in list, ready. */
    assert_true(pc__pack_ready_list(d.lists, "media") ==
                pc__precompiled_list("media"));
    p = pc_test_user_list_pack(&d, &set, "media", "# ours\nzorblax quill\n");
    assert_null(pc__pack_ready_list(d.lists, "media"));
    assert_non_null(p);
    assert_int_equal(pc_test_user_list_finds(p, "A ZORBLAX  quill today"), 1);
    assert_int_equal(pc_test_user_list_finds(p, "a journalist asked"), 0);
    pc_packset_free(set);
    pc_test_user_dir_remove(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin_packs_are_decoded),
        cmocka_unit_test(test_stored_patterns_match_as_compiled),
        cmocka_unit_test(test_stored_prefilters_are_derived_ones),
        cmocka_unit_test(test_stored_queries_are_derived_ones),
        cmocka_unit_test(test_stored_bits_answer_as_leaves),
        cmocka_unit_test(test_user_pattern_is_compiled),
        cmocka_unit_test(test_build_order_is_a_shortcut_only),
        cmocka_unit_test(test_stored_lists_are_read_ones),
        cmocka_unit_test(test_own_list_shadows_built_in),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
