/* test_model.c: the trained models' features and scorer (model.h) and a
 * post cut into judged units (judge.h): evasion spelled five ways gives
 * the features of the plain word, the score is the logistic of the
 * documented dot product, a model's numbers are read as strtod reads them
 * whatever their form, a malformed model file is refused with its
 * line, and sentences and hostile hits reach the features. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "postcheck/judge.h"

#include "detect_fixture.h"

/* The features of the folded text s with the given extras. */
static pc_feats feats(const char *s, const char *extra)
{
    pc_feats f = {0};
    const char *ex[1] = {extra};

    assert_int_equal(pc_model_features(s, strlen(s), ex, extra ? 1 : 0, &f),
                     PC_OK);
    return f;
}

static int same(const pc_feats *a, const pc_feats *b)
{
    return a->n == b->n && memcmp(a->v, b->v, a->n * sizeof *a->v) == 0;
}

/* Every spelling of a word meant to dodge a word list gives exactly the
 * plain spelling's features. */
static void evasion_reads_as_the_word(void **state)
{
    static const char *const spelled[] = {
        "you are an 1d10t", "you are an i d i o t", "you are an i.d.i.o.t",
        "you are an i-d-i-o-t", "you are an id!ot",
        "you are an i*d*i*o*t"};
    pc_feats plain = feats("you are an idiot", NULL);
    pc_feats other = feats("you are an idol", NULL);

    (void)state;
    for (size_t i = 0; i < sizeof spelled / sizeof *spelled; i++) {
        pc_feats f = feats(spelled[i], NULL);
        assert_true(same(&f, &plain));
        pc_feats_free(&f);
    }
    assert_false(same(&other, &plain));
    pc_feats_free(&plain);
    pc_feats_free(&other);
}

/* A word with letters hidden behind symbols reads as the insult it
 * hides, however short ("c*nt", "tw#t"; a word of five letters or more
 * an edit from an insult reads as it anyway), and 9 stands for g like
 * the other digits; a masked word that hides no insult is left as it
 * is, not guessed at (nor one with two runs of symbols). */
static void masked_insults_read_as_the_insult(void **state)
{
    static const char *const pairs[][2] = {
        {"what a c*nt", "what a cunt"},   {"you tw#t", "you twat"},
        {"you id*ot", "you idiot"},       {"absolute pr**ks", "absolute pricks"},
        {"stupid 9it", "stupid git"},
    };

    (void)state;
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        pc_feats a = feats(pairs[i][0], NULL), b = feats(pairs[i][1], NULL);
        assert_true(same(&a, &b));
        pc_feats_free(&a);
        pc_feats_free(&b);
    }
    {
        /* the symbols are dropped, nothing put in their place */
        pc_feats a = feats("a d*sk", NULL), b = feats("a dsk", NULL);
        pc_feats c = feats("c*nt*ct us", NULL), d = feats("cntct us", NULL);
        assert_true(same(&a, &b));
        assert_true(same(&c, &d));
        pc_feats_free(&a);
        pc_feats_free(&b);
        pc_feats_free(&c);
        pc_feats_free(&d);
    }
}

/* Punctuation around words, repeated letters cut to two, numbers and
 * handles as one token each; "2026" stays a number, not leet. */
static void words_are_cut_as_documented(void **state)
{
    pc_feats a = feats("Hello, @jo!! See you at 10.", NULL);
    pc_feats b = feats("hello @someone see you at 7", NULL);
    pc_feats c = feats("sooo good", NULL);
    pc_feats d = feats("soo good", NULL);
    pc_feats e = feats("so good", NULL);

    (void)state;
    /* Case folding is the text module's job: here only fold-view text
     * comes in, so compare the folded spellings. */
    pc_feats_free(&a);
    a = feats("hello, @jo!! see you at 10.", NULL);
    assert_true(same(&a, &b));
    assert_true(same(&c, &d));
    assert_false(same(&d, &e));
    for (size_t i = 1; i < a.n; i++) {
        assert_true(a.v[i - 1] < a.v[i]);
        assert_true(a.v[i] < PC_MODEL_BUCKETS);
    }
    pc_feats_free(&a);
    pc_feats_free(&b);
    pc_feats_free(&c);
    pc_feats_free(&d);
    pc_feats_free(&e);
}

/* Beyond ASCII, the text module's word character decides: a letter with
 * an accent stays in its word, while emoji, dashes and typographic
 * symbols separate words as white space does. */
static void words_end_where_the_text_module_says(void **state)
{
    pc_feats plain = feats("you idiot really", NULL);
    pc_feats emoji = feats("you idiot\xf0\x9f\x99\x84really", NULL);
    pc_feats dash = feats("you idiot\xe2\x80\x94really", NULL);
    pc_feats pound = feats("you idiot\xc2\xa3really", NULL);
    pc_feats accent = feats("caf\xc3\xa9", NULL);
    pc_feats split = feats("caf \xc3\xa9", NULL);

    (void)state;
    assert_true(same(&emoji, &plain));
    assert_true(same(&dash, &plain));
    assert_true(same(&pound, &plain));
    assert_false(same(&accent, &split));
    pc_feats_free(&plain);
    pc_feats_free(&emoji);
    pc_feats_free(&dash);
    pc_feats_free(&pound);
    pc_feats_free(&accent);
    pc_feats_free(&split);
}

static void extras_add_features(void **state)
{
    pc_feats a = feats("you are useless", NULL);
    pc_feats b = feats("you are useless", "hostile-person");
    pc_feats c = feats("you are useless", "hostile-group");
    pc_feats empty = feats("", NULL);

    (void)state;
    assert_int_equal(b.n, a.n + 1);
    assert_int_equal(c.n, a.n + 1);
    assert_false(same(&b, &c));
    assert_int_equal(empty.n, 0);
    pc_feats_free(&a);
    pc_feats_free(&b);
    pc_feats_free(&c);
    pc_feats_free(&empty);
}

static pc_model *parse(const char *text, pc_error *err)
{
    pc_error_clear(err);
    return pc_model_parse(text, strlen(text), err);
}

#define HEAD "# a comment\npostcheck-model 1\nname toy\nfeatures 6\n" \
             "buckets 262144\n"

/* A model of two weights scores a text as logistic(bias + sum / sqrt(n)),
 * n the text's bucket count. */
static void score_is_the_logistic_of_the_dot_product(void **state)
{
    pc_feats f = feats("you idiot", NULL);
    char text[512];
    pc_error err;
    pc_model *m;
    double want;

    (void)state;
    assert_true(f.n >= 2);
    snprintf(text, sizeof text, HEAD "bias -1.5\nweights 2\n%u 2.0\n%u 0.5\n",
             (unsigned)f.v[0], (unsigned)f.v[1]);
    m = parse(text, &err);
    assert_non_null(m);
    assert_string_equal(pc_model_name(m), "toy");
    assert_int_equal(pc_model_size(m), 2);
    want = 1.0 / (1.0 + exp(-(-1.5 + 2.5 / sqrt((double)f.n))));
    assert_true(fabs(pc_model_score(m, &f) - want) < 1e-9);
    pc_feats_free(&f);
    f = feats("", NULL);
    assert_true(fabs(pc_model_score(m, &f) - 1.0 / (1.0 + exp(1.5))) < 1e-9);
    pc_feats_free(&f);
    pc_model_free(m);
    pc_model_free(NULL);
}

/* The bias and the weights are the values strtod reads, in the form
 * train.py writes and in every other form strtod takes: a model scores
 * as written. */
static void numbers_are_read_as_strtod_reads_them(void **state)
{
    static const char *const nums[] = {
        "-5.36004", "0.56683", "-1.82108", "0.00001", "-0.00001", "0", "-0",
        "12", ".5", "-.25", "5.", "+0.5", "1e-3", "0.1234567890123456789",
        "123456789012345678", "0.30000000000000004", "999999999999999"};
    pc_feats f = feats("you idiot", NULL), none = feats("", NULL);
    char text[512];
    pc_error err;

    (void)state;
    assert_true(f.n >= 1);
    for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) {
        double b = strtod(nums[i], NULL), w = (double)(float)b;
        pc_model *m;
        snprintf(text, sizeof text, HEAD "bias %s\nweights 1\n%u %s\n",
                 nums[i], (unsigned)f.v[0], nums[i]);
        m = parse(text, &err);
        assert_non_null(m);
        assert_true(pc_model_score(m, &none) == 1.0 / (1.0 + exp(-(b + 0.0))));
        assert_true(pc_model_score(m, &f) ==
                    1.0 / (1.0 + exp(-(b + w / sqrt((double)f.n)))));
        pc_model_free(m);
    }
    pc_feats_free(&f);
    pc_feats_free(&none);
}

static void malformed_models_are_refused(void **state)
{
    static const char *const bad[] = {
        "postcheck-model 2\n",
        HEAD "bias x\nweights 0\n",
        HEAD "bias 0\nweights 2\n5 1.0\n",
        HEAD "bias 0\nweights 2\n5 1.0\n4 1.0\n",
        HEAD "bias 0\nweights 1\n262144 1.0\n",
        HEAD "bias 0\nweights 1\n5 1.0\n6 1.0\n",
        HEAD "bias 0\nweights 1\n5 nan\n",
        "postcheck-model 1\nname toy\nfeatures 6\nbuckets 262144\n",
        /* a model fitted on an older version of the features */
        "postcheck-model 1\nname toy\nfeatures 5\nbuckets 262144\n"
        "bias 0\nweights 0\n"};
    pc_error err;

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_null(parse(bad[i], &err));
        assert_int_equal(err.code, PC_ERR_PACK);
        assert_non_null(strstr(err.text, "line"));
    }
}

static pc_units judge_n(const char *post, size_t len)
{
    pc_error err;
    pc_units u = {0};
    pc_text *t;

    pc_error_clear(&err);
    t = pc_text_new(post, len, &err);
    assert_non_null(t);
    assert_int_equal(pc_judge_units(dets, t, &u), PC_OK);
    pc_text_free(t);
    return u;
}

static pc_units judge(const char *post)
{
    return judge_n(post, strlen(post));
}

/* The whole post, then its sentences; one sentence gives one unit. */
static void a_post_is_judged_whole_and_by_sentence(void **state)
{
    pc_units u = judge("Great match today!  Well done all.\nSee you Monday");
    pc_units one = judge("  Great match today!  ");

    (void)state;
    assert_int_equal(u.n, 4);
    assert_int_equal(u.v[0].start, 0);
    assert_int_equal(u.v[1].start, 0);
    assert_int_equal(u.v[1].end, 18);
    assert_int_equal(u.v[2].start, 20);
    assert_int_equal(u.v[2].end, 34);
    assert_int_equal(u.v[3].start, 35);
    assert_int_equal(one.n, 1);
    pc_units_free(&u);
    pc_units_free(&one);
}

/* Sentences end where text.h's pc_text_sentence_end says: "3.5" and
 * "llmat.org" go on, "...", "?!" and a stop before a closing quote end
 * one. */
static void sentences_end_at_the_text_modules_edge(void **state)
{
    pc_units a = judge("Rated 3.5 at llmat.org today. Wait...what?! Fine");
    pc_units b = judge("He said \"stop.\" Then left");

    (void)state;
    assert_int_equal(a.n, 5);
    assert_int_equal(a.v[1].end, 29);  /* "...today." */
    assert_int_equal(a.v[2].end, 37);  /* "Wait..." */
    assert_int_equal(a.v[3].end, 43);  /* "what?!" */
    assert_int_equal(b.n, 3);
    assert_int_equal(b.v[1].end, 15);  /* through the closing quote */
    pc_units_free(&a);
    pc_units_free(&b);
}

/* A NUL in a post (text.h keeps one) ends no sentence, and the
 * sentences after it are cut as any. */
static void a_nul_ends_no_sentence(void **state)
{
    static const char post[] = "One.\0 Two! Three";
    pc_units u = judge_n(post, sizeof post - 1);

    (void)state;
    assert_int_equal(u.n, 4);
    assert_int_equal(u.v[1].end, 4);    /* "One." */
    assert_int_equal(u.v[2].start, 4);  /* the NUL, then " Two!" */
    assert_int_equal(u.v[2].end, 10);
    assert_int_equal(u.v[3].start, 11); /* "Three" */
    pc_units_free(&u);
}

/* A put-down the hostile detector finds reaches the features of the
 * sentence it is in, and only that one. */
static void hostile_hits_reach_their_sentence(void **state)
{
    pc_units u = judge("Lovely weather. You are useless.");
    pc_feats plain = feats("lovely weather.", NULL);
    pc_feats hit = feats("you are useless.", "hostile-person");

    (void)state;
    assert_int_equal(u.n, 3);
    assert_true(same(&u.v[1].f, &plain));
    assert_true(same(&u.v[2].f, &hit));
    pc_units_free(&u);
    pc_feats_free(&plain);
    pc_feats_free(&hit);
}

/* Upper case and full-width letters are the text module's to fold: the
 * units see the folded spelling. */
static void units_see_the_folded_text(void **state)
{
    pc_units a = judge("IDIOT");
    pc_units b = judge("\xef\xbc\xa9\xef\xbc\xa4\xef\xbc\xa9\xef\xbc\xaf"
                       "\xef\xbc\xb4");
    pc_feats f = feats("idiot", NULL);

    (void)state;
    assert_true(same(&a.v[0].f, &f));
    assert_true(same(&b.v[0].f, &f));
    pc_units_free(&a);
    pc_units_free(&b);
    pc_feats_free(&f);
}

/* A post far longer than a post costs no more than PC_JUDGE_MAX_BYTES:
 * every unit lies inside that prefix. */
static void a_huge_post_is_judged_by_its_prefix(void **state)
{
    size_t n = 100000;
    char *big = malloc(n + 1);
    pc_units u;

    (void)state;
    assert_non_null(big);
    for (size_t i = 0; i < n; i++) {
        big[i] = "You are kind. "[i % 14];
    }
    big[n] = '\0';
    u = judge(big);
    assert_true(u.n > 1 && u.n <= PC_JUDGE_MAX_SENTENCES + 1);
    for (size_t i = 0; i < u.n; i++) {
        assert_true(u.v[i].end <= PC_JUDGE_MAX_BYTES);
    }
    pc_units_free(&u);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(evasion_reads_as_the_word),
        cmocka_unit_test(masked_insults_read_as_the_insult),
        cmocka_unit_test(words_are_cut_as_documented),
        cmocka_unit_test(words_end_where_the_text_module_says),
        cmocka_unit_test(extras_add_features),
        cmocka_unit_test(score_is_the_logistic_of_the_dot_product),
        cmocka_unit_test(numbers_are_read_as_strtod_reads_them),
        cmocka_unit_test(malformed_models_are_refused),
        cmocka_unit_test(a_post_is_judged_whole_and_by_sentence),
        cmocka_unit_test(sentences_end_at_the_text_modules_edge),
        cmocka_unit_test(a_nul_ends_no_sentence),
        cmocka_unit_test(hostile_hits_reach_their_sentence),
        cmocka_unit_test(units_see_the_folded_text),
        cmocka_unit_test(a_huge_post_is_judged_by_its_prefix),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
