/* test_rules_cache.c: what a check computes once and shares only saves
 * time (rules_cache.c, rules_model.c). Every post of the labelled
 * corpus and every example of the built-in packs is checked against
 * every pack, from both kinds of account, with the check's cache on (a
 * detector named by two rules runs once; the three hostile detectors and
 * the models' hostile hits come from one scan) and off (each detector run
 * on its own every time it is asked for): the findings must be the same,
 * finding by finding. And the hostile detectors' shared scan gives each
 * detector exactly the hits of its own run, hit by hit.
 *
 * Posts longer than what the models judge (judge.h's PC_JUDGE_MAX_BYTES)
 * get the models' hostile hits from the same scan as the detectors':
 * posts made of corpus posts end to end, cut at every character, give
 * the hits of a scan of the cut buffer alone, and such posts over 8 KB
 * get the same findings with the cache on and off.
 *
 * A rule's detector names are resolved to their detectors' slots once,
 * at parse (pack_rule.c): a rule naming a group, a single detector and
 * a hostile one has the slots the look-up gives, name by name, and the
 * findings its checks give by them are those of the run by name. */
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
#include "postcheck/text.h"
#include "detect_int.h"
#include "postcheck/judge.h"
#include "rules_int.h"
#include "support_check.h"
#include "support_corpus.h"
#include "support_pack.h"

typedef struct run {
    pc_packset *set;
    pc_detectors *det;
    pc_test_both both; /* the checks with the cache on and off */
    long hits;
} run;

/* The shared hostile scan against each hostile detector's own run. */
static void compare_hostile(run *r, const char *text)
{
    static const char *const names[3] = {"hostile", "hostile-person",
                                         "hostile-group"};
    pc_hits all[3] = {{0}}, *out[3] = {&all[0], &all[1], &all[2]};
    pc_error err;
    pc_text *t;

    pc_error_clear(&err);
    t = pc_text_new(text, strlen(text), &err);
    assert_non_null(t);
    assert_int_equal(pc_detect_hostile_kinds(r->det, t, out), PC_OK);
    for (size_t k = 0; k < 3; k++) {
        pc_hits own = {0};
        assert_int_equal(pc_detect_run(r->det, names[k], t, &own), PC_OK);
        if (own.n != all[k].n) {
            fail_msg("%s: %zu hits in the shared scan, %zu alone", names[k],
                     all[k].n, own.n);
        }
        for (size_t i = 0; i < own.n; i++) {
            const pc_hit *a = &all[k].v[i], *b = &own.v[i];
            assert_int_equal(a->start, b->start);
            assert_int_equal(a->end, b->end);
            assert_string_equal(a->kind, b->kind);
            assert_string_equal(a->label, b->label);
        }
        r->hits += (long)own.n;
        pc_hits_free(&own);
        pc_hits_free(&all[k]);
    }
    pc_text_free(t);
}

static void post_one(run *r, const char *text)
{
    for (size_t i = 0; i < pc_packset_count(r->set); i++) {
        pc_test_count_both(&r->both, pc_packset_at(r->set, i), text,
                           PC_ACCOUNT_PERSONAL, pc__check_cache_enable,
                           "cache");
        pc_test_count_both(&r->both, pc_packset_at(r->set, i), text,
                           PC_ACCOUNT_OFFICIAL, pc__check_cache_enable,
                           "cache");
    }
    compare_hostile(r, text);
}

static void text_post(void *ctx, const char *text, const char *path)
{
    (void)path;
    post_one(ctx, text);
}

static void test_same_findings(void **state)
{
    run r = {0};
    pc_error err;

    (void)state;
    pc_error_clear(&err);
    r.set = pc_packset_new(NULL);
    assert_non_null(r.set);
    assert_int_equal(pc_packset_add_builtin(r.set, NULL), PC_OK);
    assert_int_equal(pc_packset_warm(r.set, NULL, NULL), PC_OK);
    r.det = pc_detect_new(&err);
    assert_non_null(r.det);
    /* The blind batches (tests/corpus/heldout) are not read. */
    pc_test_corpus_each(text_post, &r);
    pc_test_pack_examples_each(text_post, &r);
    fprintf(stderr, "cache on and off: %ld checks, %ld findings, the same; "
                    "%ld hostile hits, the same shared and alone\n",
            r.both.checks, r.both.findings, r.hits);
    /* The sweep reached the rules the cache serves. */
    assert_true(r.both.checks > 10000);
    assert_true(r.both.findings > 1000);
    assert_true(r.hits > 100);
    pc_detect_free(r.det);
    pc_packset_free(r.set);
}

/* Texts of the corpus: those the hostile detector flags, and one in
 * three of the rest. */
typedef struct texts {
    const pc_detectors *det;
    char **v;
    size_t n, cap;
    size_t seen;
} texts;

static void keep_text(void *ctx, const char *text, const char *path)
{
    texts *t = ctx;
    pc_hits h = {0};

    (void)path;
    assert_int_equal(pc__detect_run_buf(t->det, "hostile", text,
                                        strlen(text), &h), PC_OK);
    if (h.n == 0 && t->seen++ % 3 != 0) {
        return;
    }
    pc_hits_free(&h);
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 1024;
        t->v = realloc(t->v, t->cap * sizeof *t->v);
        assert_non_null(t->v);
    }
    t->v[t->n] = strdup(text);
    assert_non_null(t->v[t->n]);
    t->n++;
}

static void texts_free(texts *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i]);
    }
    free(t->v);
}

/* Texts *next, *next + 1, ... joined (by a space, a line break or
 * ". ", in turn) until at least target bytes; *next moves past them.
 * Free with free(). */
static char *joined(const texts *t, size_t *next, size_t target)
{
    static const char *const seps[] = {" ", "\n", ". ", "\" "};
    size_t len = 0, k = 0;
    char *s = malloc(target + 1);

    assert_non_null(s);
    s[0] = '\0';
    while (len < target) {
        const char *sep = seps[k++ % 4];
        const char *x = t->v[*next % t->n];
        size_t n = strlen(x), m = strlen(sep);
        *next += 1;
        s = realloc(s, len + n + m + 1);
        assert_non_null(s);
        memcpy(s + len, x, n);
        memcpy(s + len + n, sep, m + 1);
        len += n + m;
    }
    return s;
}

static void same_hits(const pc_hits *a, const pc_hits *b, size_t cut)
{
    if (a->n != b->n) {
        fail_msg("cut at %zu: %zu hits from the whole's scan, %zu alone",
                 cut, a->n, b->n);
    }
    for (size_t i = 0; i < a->n; i++) {
        assert_int_equal(a->v[i].start, b->v[i].start);
        assert_int_equal(a->v[i].end, b->v[i].end);
        assert_string_equal(a->v[i].kind, b->v[i].kind);
    }
}

/* The hostile hits over buf[0, cut) from the scan of all of buf, against
 * a scan of buf[0, cut) alone, at every character; and the three kinds
 * as before. Returns the hits seen. */
static long cut_everywhere(const pc_detectors *det, const char *buf)
{
    size_t len = strlen(buf);
    long seen = 0;
    pc_hits base[3] = {{0}}, *bout[3] = {&base[0], &base[1], &base[2]};

    assert_int_equal(pc__detect_hostile_buf(det, buf, len, bout, len, NULL),
                     PC_OK);
    for (size_t cut = 0; cut <= len; cut++) {
        pc_hits all[3] = {{0}}, *out[3] = {&all[0], &all[1], &all[2]};
        pc_hits judged = {0}, alone = {0};
        if (cut < len && ((unsigned char)buf[cut] & 0xC0) == 0x80) {
            continue; /* the judged prefix ends at a character */
        }
        assert_int_equal(pc__detect_hostile_buf(det, buf, len, out, cut,
                                                &judged), PC_OK);
        assert_int_equal(pc__detect_run_buf(det, "hostile", buf, cut,
                                            &alone), PC_OK);
        same_hits(&judged, &alone, cut);
        for (size_t k = 0; k < 3; k++) {
            same_hits(&all[k], &base[k], len);
            pc_hits_free(&all[k]);
        }
        seen += (long)alone.n;
        pc_hits_free(&judged);
        pc_hits_free(&alone);
    }
    for (size_t k = 0; k < 3; k++) {
        pc_hits_free(&base[k]);
    }
    return seen;
}

static void test_judged_prefix(void **state)
{
    texts t = {0};
    size_t next = 0;
    long hits = 0;
    pc_error err;
    pc_detectors *det;

    (void)state;
    pc_error_clear(&err);
    det = pc_detect_new(&err);
    assert_non_null(det);
    t.det = det;
    pc_test_corpus_each(keep_text, &t);
    assert_true(t.n > 100);
    for (int b = 0; b < 6; b++) {
        char *buf = joined(&t, &next, 1200);
        hits += cut_everywhere(det, buf);
        free(buf);
    }
    /* Over the judged prefix of posts longer than it (pc_judge_hostile
     * alone against pc_judge_hostile_kinds). */
    for (int b = 0; b < 8; b++) {
        char *buf = joined(&t, &next, PC_JUDGE_MAX_BYTES + 600 * (size_t)b);
        pc_hits all[3] = {{0}}, *out[3] = {&all[0], &all[1], &all[2]};
        pc_hits judged = {0}, alone = {0};
        pc_text *tx = pc_text_new(buf, strlen(buf), &err);
        assert_non_null(tx);
        assert_int_equal(pc_judge_hostile_kinds(det, tx, out, &judged),
                         PC_OK);
        assert_int_equal(pc_judge_hostile(det, tx, &alone), PC_OK);
        same_hits(&judged, &alone, PC_JUDGE_MAX_BYTES);
        hits += (long)alone.n;
        for (size_t k = 0; k < 3; k++) {
            pc_hits_free(&all[k]);
        }
        pc_hits_free(&judged);
        pc_hits_free(&alone);
        pc_text_free(tx);
        free(buf);
    }
    fprintf(stderr, "judged prefix: %ld hostile hits, the same from the "
                    "whole's scan and alone\n", hits);
    assert_true(hits > 100);
    texts_free(&t);
    pc_detect_free(det);
}

/* Posts longer than the judged prefix: the same findings with the cache
 * on (one hostile scan for the detectors and the models) and off. */
static void test_long_same_findings(void **state)
{
    texts t = {0};
    size_t next = 0;
    long findings = 0;
    pc_error err;
    pc_packset *set = pc_packset_new(NULL);
    pc_detectors *det;

    (void)state;
    pc_error_clear(&err);
    det = pc_detect_new(&err);
    assert_non_null(det);
    assert_non_null(set);
    assert_int_equal(pc_packset_add_builtin(set, NULL), PC_OK);
    assert_int_equal(pc_packset_warm(set, NULL, NULL), PC_OK);
    t.det = det;
    pc_test_corpus_each(keep_text, &t);
    for (int b = 0; b < 6; b++) {
        char *buf = joined(&t, &next, PC_JUDGE_MAX_BYTES + 1000 * (size_t)b);
        for (size_t i = 0; i < pc_packset_count(set); i++) {
            const pc_pack *p = pc_packset_at(set, i);
            findings += (long)pc_test_check_both(
                p, buf, PC_ACCOUNT_PERSONAL, pc__check_cache_enable, "cache");
            findings += (long)pc_test_check_both(
                p, buf, PC_ACCOUNT_OFFICIAL, pc__check_cache_enable, "cache");
        }
        free(buf);
    }
    fprintf(stderr, "long posts, cache on and off: %ld findings, the "
                    "same\n", findings);
    assert_true(findings > 100);
    texts_free(&t);
    pc_detect_free(det);
    pc_packset_free(set);
}

/* A pack of one rule naming a group, a detector and a hostile one. */
static const char slots_pack[] =
    "{\"format\": 1, \"id\": \"d\", \"name\": \"D\", \"version\": \"1\",\n"
    "\"organisation\": {\"name\": \"D\", \"names\": [\"D\"]},\n"
    "\"source\": {\"title\": \"t\"},\n"
    "\"rules\": [{\"id\": \"d.r\", \"kind\": \"detector\",\n"
    "\"category\": \"personal-data\", \"severity\": \"warning\",\n"
    "\"applies_to\": [\"official\", \"personal\"], \"clause\": \"1\",\n"
    "\"quote\": \"q\", \"message\": \"m\",\n"
    "\"detectors\": [\"personal-data\", \"email\", \"hostile-person\"],\n"
    "\"examples\": {\"flag\": [], \"pass\": []}}]}\n";

typedef struct slots_run {
    const pc_pack *pack;
    long findings;
} slots_run;

static void slots_post(void *ctx, const char *text, const char *path)
{
    slots_run *s = ctx;

    (void)path;
    s->findings += (long)pc_test_check_both(s->pack, text,
                                            PC_ACCOUNT_OFFICIAL,
                                            pc__check_cache_enable, "slots");
}

static void test_rule_slots(void **state)
{
    pc_packset *set = NULL;
    slots_run s = {0};
    const pc__rule *r;
    size_t from = 0;

    (void)state;
    s.pack = pc_test_pack_json(&set, slots_pack, sizeof slots_pack - 1,
                               "t.json", "d");
    assert_non_null(s.pack);
    r = &s.pack->rules[0];
    assert_int_equal(r->n_detectors, 3);
    for (size_t i = 0; i < r->n_detectors; i++) {
        size_t slot[64];
        size_t n = pc_detect_members_at(r->detectors[i], NULL, slot, 64);
        assert_true(n > 0);
        assert_int_equal(r->det_upto[i] - from, n);
        for (size_t k = 0; k < n; k++) {
            assert_int_equal(r->det_slots[from + k], slot[k]);
        }
        from = r->det_upto[i];
    }
    /* personal-data is a group of more than one. */
    assert_true(r->det_upto[0] > 1);
    assert_int_equal(pc_test_check_both(s.pack, "Mail jo.bloggs@example.org "
                                        "or ring 07700 900123",
                                        PC_ACCOUNT_OFFICIAL,
                                        pc__check_cache_enable, "slots") > 0,
                     1);
    pc_test_corpus_each(slots_post, &s);
    fprintf(stderr, "rule slots: %ld findings, the same by slot and by "
                    "name\n", s.findings);
    assert_true(s.findings > 100);
    pc_packset_free(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule_slots),
        cmocka_unit_test(test_same_findings),
        cmocka_unit_test(test_judged_prefix),
        cmocka_unit_test(test_long_same_findings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
