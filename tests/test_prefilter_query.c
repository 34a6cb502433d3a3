/* test_prefilter_query.c: a pattern's query (prefilter.h) may let a text
 * through, but must hold for every text the pattern matches in; these
 * are its chosen cases, the first beside the trigram sets' (the sweeps
 * over every built-in pattern and the corpus are test_prefilter.c and
 * test_prefilter_check.c): literals and
 * classes, products and repeats, the collapsed reading (case, white
 * space, digits, the caseless twins of 's' and 'k'), pairs and bytes,
 * lookarounds, back references, and what is never filtered; and a
 * leaf's stored bit (pc__leaf_bit, which programs and the trigger index
 * test) answers as the leaf set does; a set filled in a table another
 * freed is its own text's alone; and the program of every list pattern
 * (its steps' shortcuts) answers as a walk of its tree over the corpus. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "prefilter.h"
#include "support_corpus.h"

/* 1 if pattern's query holds for text; *grams gets whether its trigram
 * sets (pc__prefilter) do. */
static int both(const char *pattern, const char *text, int *grams)
{
    pc__query q;
    pc__leafset s;
    pc__prefilter pf;
    pc__gramset g;
    int ok;

    assert_int_equal(pc__query_derive(pattern, &q), PC_OK);
    assert_int_equal(pc__prefilter_derive(pattern, &pf), PC_OK);
    assert_int_equal(pc__leafset_fill(&s, text, strlen(text)), PC_OK);
    memset(&g, 0, sizeof g);
    assert_int_equal(pc__gramset_fill(&g, text, strlen(text)), PC_OK);
    ok = pc__query_pass(&q, &s);
    {
        /* The branching program says what a walk of the tree says, and
         * its steps' stored bits what a test of their leaves says. */
        const uint16_t *prog = q.prog;
        assert_true(prog != NULL || q.n == 0);
        assert_true((q.leaves != NULL) == (prog != NULL));
        assert_int_equal(pc__query_pass_leaves(&q, &s), ok);
        q.prog = NULL;
        assert_int_equal(pc__query_pass(&q, &s), ok);
        q.prog = prog;
    }
    *grams = pc__prefilter_pass(&pf, &g);
    pc__gramset_free(&g);
    pc__prefilter_free(&pf);
    pc__leafset_free(&s);
    pc__query_free(&q);
    return ok;
}

/* 1 if pattern's query holds for text. */
static int passes(const char *pattern, const char *text)
{
    int grams;

    return both(pattern, text, &grams);
}

/* The number of leaves pattern's query names (0: always run). */
static size_t leaves(const char *pattern)
{
    pc__query q;
    size_t n;

    assert_int_equal(pc__query_derive(pattern, &q), PC_OK);
    n = pc__query_leaves(&q);
    pc__query_free(&q);
    return n;
}

/* Chosen texts through both filters: a text the pattern matches in gets
 * through each; of the others, the query (bytes, pairs, classes) drops
 * some the trigram sets let through. */
static void test_query_filters(void **state)
{
    static const struct {
        const char *pattern, *text;
        int grams, query;      /* whether each lets the text through */
    } cases[] = {
        {"hello", "goodbye", 0, 0},
        {"hello", "oh hello there", 1, 1},
        {"HELLO", "oh hello there", 1, 1},
        {"colou?r", "no such word", 0, 0},
        {"colou?r", "color", 1, 1},
        {"\\b(?:strike|picket)\\s+line", "a sunny day", 0, 0},
        {"\\b(?:strike|picket)\\s+line", "a picket line", 1, 1},
        {"don\\'t\\s+hire", "don't hire", 1, 1},
        {"[abc]def", "bdef", 1, 1},
        {"[abc]def", "xdef", 1, 0},
        {"(?i)ABC", "abc", 1, 1},
        {"a{2,}bcd", "aabcd", 1, 1},
        {"a{2,}bcd", "abcd", 1, 0},
        /* Prefix trees: a branch reads on from the literal before its
         * group. */
        {"(?:a(?:rsehole|sshole)|k(?:ys|nob))", "as a kid", 0, 0},
        {"(?:a(?:rsehole|sshole)|k(?:ys|nob))", "just kys", 1, 1},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int grams, query = both(cases[i].pattern, cases[i].text, &grams);
        if (grams != cases[i].grams || query != cases[i].query) {
            fail_msg("/%s/ over \"%s\": trigram sets %d (want %d), query "
                     "%d (want %d)", cases[i].pattern, cases[i].text, grams,
                     cases[i].grams, query, cases[i].query);
        }
    }
}

static void test_query_collapsed(void **state)
{
    (void)state;
    /* A run of white space of any kind is one space on both sides. */
    assert_true(passes("who\\s+made\\s+you", "WHO\tmade \xc2\xa0 you"));
    assert_true(passes("who made you", "who\nmade\xe2\x80\x89you"));
    assert_false(passes("who\\s+made\\s+you", "who made it happen"));
    assert_true(passes("a\\s*b\\s?c", "a  b c"));
    /* Digits are one digit: the filter cannot tell them apart. */
    assert_true(passes("\\b[0-9]{2}/[0-9]{2}\\b", "on 12/31"));
    assert_false(passes("\\b[0-9]{2}/[0-9]{2}\\b", "on 12-31"));
    assert_true(passes("year\\s*[1-9]", "Year 7"));
    /* Caseless 's' and 'k' also match U+017F and U+212A. */
    assert_true(passes("(?i)desk", "de\xc5\xbf\xe2\x84\xaa"));
    /* One and two bytes count too. */
    assert_false(passes("[\\w.]+@[\\w.]+", "no address here"));
    assert_true(passes("[\\w.]+@[\\w.]+", "jo@x.org"));
    assert_false(passes("\\b(?:dm|pm)\\s+me\\b", "email me"));
    assert_true(passes("\\b(?:dm|pm)\\s+me\\b", "DM me"));
    /* A literal after an unknown part still counts. */
    assert_false(passes("\\w+\\s+born\\s+in", "I was bored in"));
    assert_true(passes("\\w+\\s+born\\s+in", "I was born  in"));
    /* Lookarounds, anchors and back references read no text of their
     * own; what follows them still counts. */
    assert_true(passes("(?<=ab)cde", "abcde"));
    assert_false(passes("(?<=ab)cde", "abcdx"));
    assert_true(passes("(a|b)x\\1yz", "axayz"));
    assert_false(passes("(a|b)x\\1yz", "axa"));
    assert_true(passes("[0-9]+(?=\\s+(?:today|tomorrow))", "is 9 today"));
    assert_false(passes("[0-9]+(?=\\s+(?:today|tomorrow))", "today is 9"));
    assert_false(passes("[0-9]+(?=\\s+(?:today|tomorrow))", "no, today"));
    assert_true(passes("(?<=[,!]\\s)day", "ok, day"));
    assert_false(passes("(?<=[,!]\\s)day", "ok day"));
    /* Punctuation and emoji beyond ASCII match only themselves. */
    assert_true(passes("\\w['\xe2\x80\x99]s\\s+house",
                       "Jo\xe2\x80\x99s house"));
    assert_false(passes("\\w['\xe2\x80\x99]s\\s+house",
                        "Jo\xe2\x80\x98s house"));
    assert_true(passes("clown \xf0\x9f\xa4\xa1", "a clown \xf0\x9f\xa4\xa1!"));
}
static void test_query_unconstrained(void **state)
{
    (void)state;
    /* Nothing every match must contain: always run. */
    assert_int_equal(leaves("(?:foo|)"), 0);
    assert_int_equal(leaves("abc|"), 0);
    assert_int_equal(leaves("(?:abc)*x"), 1);
    assert_int_equal(leaves("(?!abc)"), 0);
    assert_int_equal(leaves("\\d{3}-\\d{4}"), 1);
    assert_int_equal(leaves("(?x) a b c"), 0);
    assert_int_equal(leaves("(?(1)abc|def)"), 0);
    assert_int_equal(leaves("\\Qabc\\E"), 0);
    assert_int_equal(leaves("abc("), 0);
    assert_int_equal(leaves("\xc3\xa9t\xc3\xa9"), 1);
    assert_int_equal(leaves(".*"), 0);
    /* Constrained ones: a string gives up to four of its trigrams. */
    assert_int_equal(leaves("ab"), 1);
    assert_int_equal(leaves("(?:foo|bar)x"), 4);
    assert_int_equal(leaves("x(?:foo|bar)+"), 6);
    /* The trigrams every string of a set has are asked once: "foo",
     * which foobar and foobaz hold too, is all "foo", "foobar" or
     * "foobaz" needs. */
    assert_int_equal(leaves("\\bfoo(?:bar|baz)?"), 1);
    assert_int_equal(leaves("(?:hitler was right|hitler had the idea)"),
                     2 + 4 + 4);
    /* Exact sets multiply: a branch reads on from the text around it. */
    assert_false(passes("(?:a(?:rsehole|sshole)|k(?:ys|nob))", "as a kid"));
    assert_true(passes("(?:a(?:rsehole|sshole)|k(?:ys|nob))", "just kys"));
    assert_false(passes("(?:a(?:rsehole|sshole)|k(?:ys|nob))", "an ys"));
    /* ...and into a lookahead, whose match follows; a negative one
     * says nothing. */
    assert_int_equal(leaves("ab(?=cd)"), 3);
    assert_false(passes("ab(?=cd)", "ab cd"));
    assert_true(passes("ab(?!cd)", "ab"));
}

static void test_query_shared(void **state)
{
    pc__query q;

    (void)state;
    /* A trigram shared by every branch becomes the one trigger (the
     * trigger index then skips the pattern on posts without it), and the
     * query still holds only where a branch can match. */
    assert_int_equal(pc__query_derive("\\bhitler\\s+(?:was\\s+right|had\\s+"
                                      "the\\s+right\\s+idea|did\\s+nothing"
                                      "\\s+wrong)",
                                      &q),
                     PC_OK);
    assert_int_equal(q.n_trig, 1);
    pc__query_free(&q);
    assert_true(passes("\\bhitler\\s+(?:was\\s+right|did\\s+nothing\\s+wrong)",
                       "Hitler was right"));
    assert_false(passes("\\bhitler\\s+(?:was\\s+right|did\\s+nothing\\s+wrong)",
                        "Hitler was wrong"));
    assert_false(passes("\\bhitler\\s+(?:was\\s+right|did\\s+nothing\\s+wrong)",
                        "he was right"));
}

/* The words of the AND, OR or leaf at c. */
static size_t words_at(const uint32_t *c)
{
    uint32_t op = c[0] >> 28;

    return op == PC_Q_AND || op == PC_Q_OR ? (c[0] & 0x0FFFFFFFu) : 1;
}

/* 1 if leaf is one of the words c[0 .. n). */
static int has_word(const uint32_t *c, size_t n, uint32_t leaf)
{
    for (size_t i = 0; i < n; i++) {
        if (c[i] == leaf) {
            return 1;
        }
    }
    return 0;
}

/* The child of the AND at code that holds every trigger: its first
 * child when that is a node, else its last (a leaf); NULL when neither
 * does. */
static const uint32_t *trigger_child(const pc__query *q)
{
    const uint32_t *c, *last = NULL, *end = q->code + q->n;
    int first_ok = 1, last_ok = 1;

    for (c = q->code + 1; c < end; c += words_at(c)) {
        last = c;
    }
    for (size_t k = 0; k < q->n_trig; k++) {
        first_ok &= has_word(q->code + 1, words_at(q->code + 1),
                             q->trig[2 * k]);
        last_ok &= last && last[0] == q->trig[2 * k];
    }
    if (first_ok && words_at(q->code + 1) > 1) {
        return q->code + 1;
    }
    return last_ok ? last : NULL;
}

/* An AND is tested fail-first (prefilter_flat.c): the child its
 * triggers come from first when it is a node (a trigger is one leaf of
 * one of its alternatives), else last; its leaves, then its other
 * children; the leaf that checks every trigger last but for a trigger
 * leaf (a short post reaches the query only when the trigger index found
 * both). An OR's alternatives that open with the same leaf stand
 * together. The order changes no verdict. */
static void test_query_order(void **state)
{
    static const char *const patterns[] = {
        "\\b(?:strike|picket|walkout)\\s+(?:lines?|today)\\s+zebra",
        "(?:colou?r|shade)s?\\s+of\\s+(?:blue|red|green)",
        "\\bhitler\\s+(?:was\\s+right|did\\s+nothing\\s+wrong)",
        "\\b(?:the|our|my)\\s+(?:trust|academy|school|academies)\\s+board",
    };
    static const char *const texts[] = {
        "the picket line today zebra", "strike lines zebra", "a zebra",
        "colours of blue", "shade of green", "Hitler was right",
        "hitler did nothing wrong", "nothing at all", "our academy board",
        "the academies board", "my school", "the board",
    };
    (void)state;
    for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
        pc__query q;
        const uint32_t *c, *end, *trig;
        int nodes = 0;
        assert_int_equal(pc__query_derive(patterns[i], &q), PC_OK);
        assert_true(q.n > 0 && q.n_trig > 0);
        assert_int_equal(q.code[0] >> 28, PC_Q_AND);
        trig = trigger_child(&q);
        assert_non_null(trig);
        end = q.code + q.n;
        for (c = q.code + 1; c < end; c += words_at(c)) {
            int node = words_at(c) > 1;
            if (c == trig || (!node && c + 1 == end) ||
                (!node && c + 2 == end && trig + 1 == end)) {
                continue; /* the trigger child, a check leaf before it */
            }
            assert_false(nodes && !node); /* no leaf after a node */
            nodes |= node;
            if (node && (c[0] >> 28) == PC_Q_OR) {
                /* Alternatives opening with one leaf stand together. */
                const uint32_t *a, *b, *or_end = c + words_at(c);
                for (a = c + 1; a < or_end; a += words_at(a)) {
                    uint32_t fa = a[words_at(a) > 1];
                    int gap = 0;
                    for (b = a + words_at(a); b < or_end;
                         b += words_at(b)) {
                        uint32_t fb = b[words_at(b) > 1];
                        gap |= fb != fa;
                        assert_false(gap && fb == fa);
                    }
                }
            }
        }
        pc__query_free(&q);
        for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
            int grams;
            (void)both(patterns[i], texts[t], &grams);
        }
    }
    assert_true(passes(patterns[0], "the picket line today zebra"));
    assert_false(passes(patterns[0], "the picket line today"));
    assert_true(passes(patterns[1], "shades of green"));
    assert_false(passes(patterns[1], "shades of grey"));
    assert_true(passes(patterns[3], "our academy board"));
    assert_false(passes(patterns[3], "our academy"));
}

typedef struct leaf_count {
    const pc__leafset *s;
    long n;
} leaf_count;

/* For pc__gram_walk: a leaf of the text is in its set, and its bit set. */
static void leaf_present(void *arg, uint32_t leaf)
{
    leaf_count *p = arg;
    uint32_t b = pc__leaf_bit(leaf);

    assert_true(pc__leafset_has(p->s, leaf));
    assert_true((p->s->bits[b >> 6] >> (b & 63)) & 1);
    p->n++;
}

/* A leaf's stored bit (pc__leaf_bit) answers as pc__leafset_has does
 * for a short text's leaves (bit maps only): for every byte, pair and
 * trigram of generated texts (present), and for leaves made from bytes
 * the texts mostly lack (absent, or a collision the maps share). */
static void test_leaf_bit_is_has(void **state)
{
    static const char alphabet[] = "abcdeXYZ 019.,'\n\t";
    unsigned seed = 7;
    long yes = 0, no = 0;

    (void)state;
    for (int round = 0; round < 200; round++) {
        char text[300];
        size_t len = 1 + (size_t)round % (sizeof text - 1);
        pc__leafset s;
        leaf_count present;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            text[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        assert_int_equal(pc__leafset_fill(&s, text, len), PC_OK);
        assert_null(s.slots);
        for (int k = 0; k < 300; k++) {
            uint32_t w, b;
            int kind = k % 3;
            seed = seed * 1103515245u + 12345u;
            w = (seed >> 4) & 0xFFFFFFu;
            w = kind == 0 ? ((uint32_t)PC_Q_GRAM << 28) | w
                : kind == 1 ? ((uint32_t)PC_Q_PAIR << 28) | (w & 0xFFFFu)
                            : ((uint32_t)PC_Q_BYTE << 28) | (w & 0xFFu);
            b = pc__leaf_bit(w);
            assert_int_equal((int)((s.bits[b >> 6] >> (b & 63)) & 1),
                             pc__leafset_has(&s, w));
        }
        present.s = &s;
        present.n = 0;
        pc__gram_walk(text, len, leaf_present, &present);
        yes += present.n;
        no += 300;
        pc__leafset_free(&s);
    }
    assert_true(yes > 1000 && no > 1000);
}

/* For pc__gram_walk: sets a leaf's bit in a map of the leaf set's size. */
static void leaf_mark(void *arg, uint32_t leaf)
{
    uint64_t *m = arg;
    uint32_t b = pc__leaf_bit(leaf);

    m[b >> 6] |= (uint64_t)1 << (b & 63);
}

#define MAP_WORDS ((PC_GRAM_BITS + PC_PAIR_BITS + 256u) / 64u)

/* The trigram at s[i], ASCII letters in lower case, as a gramset holds
 * it. */
static uint32_t gram_at(const char *s, size_t i)
{
    unsigned char b[3];

    for (int k = 0; k < 3; k++) {
        b[k] = (unsigned char)s[i + (size_t)k];
        b[k] = b[k] >= 'A' && b[k] <= 'Z' ? (unsigned char)(b[k] + 32) : b[k];
    }
    return pc__gram(b[0], b[1], b[2]);
}

/* The sets a check frees are kept for the next (prefilter_leaf.c's and
 * prefilter_grams.c's spares): a leaf set or trigram set filled after
 * others were freed holds its own text's leaves (trigrams) and nothing
 * of the texts before it, whether it got a kept table or a new one. */
static void test_kept_tables(void **state)
{
    /* ASCII and characters of two bytes (one a white space), so that
     * the walk's ASCII runs start and stop (prefilter_leaf.c). */
    static const char *const alphabet[] = {
        "a", "b", "c", "d", "e", "X", "Y", "Z", " ", " ", "0", "1", "9",
        ".", ",", "'", "\n", "\t", "\xc3\xa9", "\xc2\xa0"};
    static uint64_t want[MAP_WORDS];
    unsigned seed = 11;

    (void)state;
    for (int round = 0; round < 60; round++) {
        char text[3][300];
        size_t len[3];
        pc__leafset s[3];
        pc__gramset g[3];
        for (int t = 0; t < 3; t++) {
            /* Lengths that share a table size, and some that do not. */
            size_t want_len = 40 + (size_t)(round * 7 + t * 13) % 250;
            for (len[t] = 0; len[t] < want_len;) {
                const char *c;
                seed = seed * 1103515245u + 12345u;
                c = alphabet[(seed >> 16) % (sizeof alphabet /
                                             sizeof alphabet[0])];
                memcpy(text[t] + len[t], c, strlen(c));
                len[t] += strlen(c);
            }
        }
        for (int t = 0; t < 3; t++) {
            assert_int_equal(pc__leafset_fill(&s[t], text[t], len[t]), PC_OK);
            assert_int_equal(pc__gramset_fill(&g[t], text[t], len[t]), PC_OK);
            if (t < 2 && round % 2) {
                pc__leafset_free(&s[t]); /* then kept for the next */
                pc__gramset_free(&g[t]);
            }
        }
        memset(want, 0, sizeof want);
        pc__gram_walk(text[2], len[2], leaf_mark, want);
        assert_memory_equal(s[2].bits, want, sizeof want);
        for (size_t k = 0, n = 0; k <= g[2].mask; k++, n = 0) {
            for (size_t i = 0; g[2].slots[k] && i + 2 < len[2]; i++) {
                n += gram_at(text[2], i) + 1 == g[2].slots[k];
            }
            assert_true(!g[2].slots[k] || n > 0); /* this text's */
        }
        for (size_t i = 0; i + 2 < len[2]; i++) {
            uint32_t gram = gram_at(text[2], i);
            pc__prefilter pf = {&gram, 1, {1}, 1};
            assert_true(pc__prefilter_pass(&pf, &g[2]));
        }
        for (int t = round % 2 ? 2 : 0; t < 3; t++) {
            pc__leafset_free(&s[t]);
            pc__gramset_free(&g[t]);
        }
    }
}

#define SWEEP_MAX 2048

typedef struct sweep {
    pc__query q[SWEEP_MAX];
    size_t n;
    long texts, held, failed;
} sweep;

/* For the corpus: each query's program, by its steps' bits and by their
 * leaves, answers as a walk of its tree (prefilter_prog.c's shortcuts
 * skip only leaves the walk has tested). */
static void each_sweep(void *ctx, const char *text, const char *path)
{
    sweep *w = ctx;
    pc__leafset s;

    assert_int_equal(pc__leafset_fill(&s, text, strlen(text)), PC_OK);
    for (size_t i = 0; i < w->n; i++) {
        pc__query q = w->q[i];
        int by_bits = pc__query_pass(&q, &s), by_tree;
        int by_leaf = pc__query_pass_leaves(&q, &s);
        q.prog = NULL;
        by_tree = pc__query_pass(&q, &s);
        if (by_bits != by_tree || by_leaf != by_tree) {
            fail_msg("%s: query %zu: program %d/%d, tree %d", path, i,
                     by_bits, by_leaf, by_tree);
        }
        w->held += by_tree;
        w->failed += !by_tree;
    }
    w->texts++;
    pc__leafset_free(&s);
}

/* Every "re:" pattern of the built-in lists, over every corpus post and
 * pack example: its program's verdict is its tree's. */
static void test_program_is_tree(void **state)
{
    sweep *w = calloc(1, sizeof *w);
    char cmd[600], line[16384];
    FILE *f;

    (void)state;
    assert_non_null(w);
    snprintf(cmd, sizeof cmd, "cat '%s'/host/policies/lists/*.txt",
             PC_SOURCE_DIR);
    f = popen(cmd, "r");
    assert_non_null(f);
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "re:", 3) == 0 && w->n < SWEEP_MAX) {
            line[strcspn(line, "\r\n")] = '\0';
            assert_int_equal(pc__query_derive(line + 3, &w->q[w->n]), PC_OK);
            if (w->q[w->n].prog) {
                w->n++;
            } else {
                pc__query_free(&w->q[w->n]);
            }
        }
    }
    pclose(f);
    assert_true(w->n > 300);
    pc_test_corpus_each(each_sweep, w);
    pc_test_pack_examples_each(each_sweep, w);
    fprintf(stderr, "programs: %zu queries, %ld texts, %ld held, %ld not\n", w->n, w->texts, w->held, w->failed);
    /* Texts of both kinds for most queries. */
    assert_true(w->texts > 1000 && w->held > 5000 && w->failed > 100000);
    for (size_t i = 0; i < w->n; i++) {
        pc__query_free(&w->q[i]);
    }
    free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_query_filters),
        cmocka_unit_test(test_query_collapsed),
        cmocka_unit_test(test_query_unconstrained),
        cmocka_unit_test(test_query_shared),
        cmocka_unit_test(test_query_order),
        cmocka_unit_test(test_leaf_bit_is_has),
        cmocka_unit_test(test_kept_tables),
        cmocka_unit_test(test_program_is_tree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
