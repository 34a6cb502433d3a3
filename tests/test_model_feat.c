/* test_model_feat.c: the models' features (model.h) computed with room
 * shared between texts (model_int.h's scratch, which the units of one
 * post share) are each text's own: every post of the labelled corpus,
 * one after another through one scratch, gets the features a fresh
 * pc_model_features gives it, distinct and ascending as model.h says;
 * and the organisation features model.h names are there when an
 * organisation is run down, and not otherwise; and the units of a post
 * (judge.h) have the features of their own text, though the whole
 * post's are put together from its sentences' (model_int.h), and the
 * scores a check computes while cutting them (pc__judge_score) are those
 * of their features, bit for bit; and the
 * shape features (model.h) see a threat's form and the classes a remark
 * joins whichever group, person or verb of harm fills them, and not
 * when negated or aimed at no one; and an insult spelt to evade has the
 * insult's features; and a word of letters alone is cut as any
 * other. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "builtin.h"
#include "model_int.h"
#include "model_lists.h"
#include "model_words.h"
#include "postcheck/text.h"
#include "support_corpus.h"

/* pc__model_features_in keeping the features in f. */
static pc_status features_in(struct pc__feat_scratch *sc, const char *s,
                             size_t len, const char *const *ex, size_t nx,
                             pc_feats *f)
{
    struct pc__feat_out o = {f, NULL, 0};

    return pc__model_features_in(sc, s, len, ex, nx, &o);
}

typedef struct run {
    struct pc__feat_scratch *sc;
    long texts;
    long feats;
} run;

static void one(void *ctx, const char *text, const char *path)
{
    run *r = ctx;
    const char *ex[1] = {"hostile-person"};
    size_t nx = r->texts % 3 == 0; /* an extra now and then */
    pc_feats shared = {0}, fresh = {0};

    (void)path;
    assert_int_equal(features_in(r->sc, text, strlen(text), ex, nx, &shared),
                     PC_OK);
    assert_int_equal(pc_model_features(text, strlen(text), ex, nx, &fresh),
                     PC_OK);
    assert_int_equal(shared.n, fresh.n);
    for (size_t i = 0; i < fresh.n; i++) {
        assert_int_equal(shared.v[i], fresh.v[i]);
        assert_true(fresh.v[i] < PC_MODEL_BUCKETS);
        if (i > 0) {
            assert_true(fresh.v[i - 1] < fresh.v[i]);
        }
    }
    r->texts++;
    r->feats += (long)fresh.n;
    pc_feats_free(&shared);
    pc_feats_free(&fresh);
}

static void shared_room_gives_each_text_its_own_features(void **state)
{
    run r = {0};

    (void)state;
    r.sc = pc__feat_scratch_new();
    assert_non_null(r.sc);
    pc_test_corpus_each(one, &r);
    fprintf(stderr, "%ld texts, %ld features, the same through one "
                    "scratch\n", r.texts, r.feats);
    assert_true(r.texts > 1000);
    assert_true(r.feats > 100000);
    pc__feat_scratch_free(r.sc);
}

/* The same words give the same buckets, whatever came before, and an
 * empty text none. */
static void features_do_not_carry_over(void **state)
{
    struct pc__feat_scratch *sc = pc__feat_scratch_new();
    pc_feats a = {0}, b = {0}, e = {0};
    const char *s = "you are useless";

    (void)state;
    assert_non_null(sc);
    assert_int_equal(features_in(sc, s, strlen(s), NULL, 0, &a), PC_OK);
    assert_int_equal(features_in(sc, "", 0, NULL, 0, &e), PC_OK);
    assert_int_equal(e.n, 0);
    assert_int_equal(features_in(sc, s, strlen(s), NULL, 0, &b), PC_OK);
    assert_true(a.n > 10);
    assert_int_equal(a.n, b.n);
    assert_memory_equal(a.v, b.v, a.n * sizeof *a.v);
    pc_feats_free(&a);
    pc_feats_free(&b);
    pc_feats_free(&e);
    pc__feat_scratch_free(sc);
}

/* The bucket of feature "x" + name (model.h): FNV-1a over "x" then name. */
static uint32_t extra_bucket(const char *name)
{
    uint32_t h = 2166136261u;
    const char *p = "x";

    for (int k = 0; k < 2; k++, p = name) {
        for (; *p; p++) {
            h ^= (unsigned char)*p;
            h *= 16777619u;
        }
    }
    return h & (PC_MODEL_BUCKETS - 1);
}

static int has_bucket(const char *s, uint32_t bucket)
{
    pc_feats f = {0};
    int found = 0;

    assert_int_equal(pc_model_features(s, strlen(s), NULL, 0, &f), PC_OK);
    for (size_t i = 0; i < f.n; i++) {
        found |= f.v[i] == bucket;
    }
    pc_feats_free(&f);
    return found;
}

/* A word of negative evaluation said of the organisation (model.h): the
 * trust, the board or the conference run down without an insult word,
 * through leet and spaced letters as the words are; not the same word
 * about something else, nor praise of the trust, nor a word that only
 * starts like a short one ("message" is not "mess"). */
static void organisation_run_down_is_a_feature(void **state)
{
    uint32_t org = extra_bucket("org-negative");
    uint32_t neg = extra_bucket("negative");

    (void)state;
    assert_true(has_bucket("the conference gets more amateurish every year",
                           org));
    assert_true(has_bucket("the board is a glorified dinner club", org));
    assert_true(has_bucket("llmat: what a w4ste of money", org));
    assert_true(has_bucket("the trust is in d e c l i n e", org));
    assert_false(has_bucket("the trust's new library opens today", org));
    assert_false(has_bucket("the trust's new library opens today", neg));
    assert_true(has_bucket("my printer is useless", neg));
    assert_false(has_bucket("my printer is useless", org));
    assert_false(has_bucket("the school sent a message home", neg));
}

/* The bucket of a shape feature hashed whole: FNV-1a over name. */
static uint32_t name_bucket(const char *name)
{
    uint32_t h = 2166136261u;

    for (const char *p = name; *p; p++) {
        h ^= (unsigned char)*p;
        h *= 16777619u;
    }
    return h & (PC_MODEL_BUCKETS - 1);
}

/* A threat's form, whichever verb of harm and whichever target: what a
 * threat's verb follows, then a verb of harm, then the target; negated,
 * another feature; an idiom that harms a thing has the form and no
 * target. */
static void a_threat_has_its_form(void **state)
{
    uint32_t at_group = extra_bucket("threat>G");
    uint32_t form = extra_bucket("threat");
    uint32_t at_you = extra_bucket("threat>Y"), neg = extra_bucket("threat!");

    (void)state;
    assert_true(has_bucket("i'm going to hurt those trans people", at_group));
    assert_true(has_bucket("i'll punch the next immigrant i see", at_group));
    assert_true(has_bucket("gonna s m a s h you", at_you));
    assert_true(has_bucket("i will batter you", at_you));
    assert_true(has_bucket("i'm going to murder this marking pile", form));
    assert_false(has_bucket("i'm going to murder this marking pile",
                            at_group));
    assert_false(has_bucket("i'm going to murder this marking pile",
                            extra_bucket("threat>T")));
    assert_true(has_bucket("i'm not going to hurt anyone", neg));
    assert_false(has_bucket("i'm not going to hurt anyone", form));
    assert_false(has_bucket("women are going to love this", form));
}

/* What a unit holds, by class: a group and a dehumanising noun, whichever
 * group and noun; not a group alone, nor the noun alone. */
static void the_classes_a_remark_joins_are_features(void **state)
{
    uint32_t gd = name_bucket("uGD");

    (void)state;
    assert_true(has_bucket("immigrants are vermin", gd));
    assert_true(has_bucket("muslims spread like a plague", gd));
    assert_true(has_bucket("w0men are r4ts", gd));
    assert_false(has_bucket("immigrants are welcome here", gd));
    assert_false(has_bucket("rats in the school kitchen again", gd));
}

static int same_features(const char *a, const char *b)
{
    pc_feats fa = {0}, fb = {0};
    int same;

    assert_int_equal(pc_model_features(a, strlen(a), NULL, 0, &fa), PC_OK);
    assert_int_equal(pc_model_features(b, strlen(b), NULL, 0, &fb), PC_OK);
    same = fa.n == fb.n &&
           (fa.n == 0 || memcmp(fa.v, fb.v, fa.n * sizeof *fa.v) == 0);
    pc_feats_free(&fa);
    pc_feats_free(&fb);
    return same;
}

/* An insult is a class of its own (model.h, version 5), whichever
 * insult; and an insult spelt to evade (two inner letters swapped, one
 * doubled or left out) has the features of the insult itself; everyday
 * words an edit away from one are left as they are. */
static void an_insult_spelt_to_evade_reads_as_the_insult(void **state)
{
    uint32_t ins = name_bucket("uI"), yi = name_bucket("uYI");

    (void)state;
    assert_true(has_bucket("you absolute numpty", yi));
    assert_true(has_bucket("what a pillock", ins));
    assert_true(same_features("you are an idoit", "you are an idiot"));
    assert_true(same_features("you are an iddiot", "you are an idiot"));
    assert_true(same_features("they are so stupd", "they are so stupid"));
    assert_true(same_features("absolute idoits, the lot", "absolute idiots, "
                                                         "the lot"));
    assert_true(same_features("st*pid people", "stupid people"));
    assert_false(same_features("the idiom is old", "the idiot is old"));
    assert_false(has_bucket("the water is cold", ins));
    assert_false(has_bucket("a tick in the box", ins));
    assert_false(has_bucket("the moon is out", ins));
    assert_false(has_bucket("she lost her keys", ins));
}

/* The built-in models, parsed once for the tests that score. */
static const char *const model_names[] = {"harassment", "disparaging",
                                          "criticism"};
#define N_MODELS (sizeof model_names / sizeof *model_names)
static struct pc__models *g_models;
static const struct pc__merged *g_merged;
/* The same models parsed on their own, not merged: alone[k] is
 * g_merged->model[k]'s file. */
static pc_model *g_alone[N_MODELS];

static pc_model *parse_alone(const char *name)
{
    for (size_t i = 0; pc__builtin_models[i].name; i++) {
        const struct pc__blob *b = &pc__builtin_models[i];
        if (strncmp(b->name, name, strlen(name)) == 0 &&
            strcmp(b->name + strlen(name), ".model") == 0) {
            return pc_model_parse(b->data, b->len, NULL);
        }
    }
    return NULL;
}

static int load_models(void **state)
{
    (void)state;
    g_models = pc__models_load(NULL);
    for (size_t k = 0; g_models && k < N_MODELS; k++) {
        if (pc__models_need(g_models, model_names[k], NULL) != PC_OK) {
            return -1;
        }
    }
    pc__models_merge(g_models);
    g_merged = pc__models_merged(g_models);
    if (!g_merged || g_merged->n != N_MODELS || !g_merged->exact) {
        return -1;
    }
    for (size_t k = 0; k < N_MODELS; k++) {
        g_alone[k] = parse_alone(pc_model_name(g_merged->model[k]));
        if (!g_alone[k]) {
            return -1;
        }
    }
    return 0;
}

static int free_models(void **state)
{
    (void)state;
    pc__models_free(g_models);
    for (size_t k = 0; k < N_MODELS; k++) {
        pc_model_free(g_alone[k]);
    }
    return 0;
}

/* The scores of the units as a check computes them, while cutting the
 * post and keeping no features (pc__judge_score), are those
 * pc_model_score gives the units' features, bit for bit, both by the
 * models merged (which score through the merged set) and by the same
 * models parsed on their own. */
static void check_scores(const pc_text *t, const pc_hits *hits,
                         const pc_units *u)
{
    pc_units scored = {0};
    double *score = NULL;
    size_t cap = 0;

    assert_int_equal(pc__judge_score(t, hits, g_merged, &scored, &score,
                                     &cap),
                     PC_OK);
    assert_int_equal(scored.n, u->n);
    for (size_t i = 0; i < u->n; i++) {
        assert_int_equal(scored.v[i].start, u->v[i].start);
        assert_int_equal(scored.v[i].end, u->v[i].end);
        assert_int_equal(scored.v[i].f.n, 0);
        for (size_t k = 0; k < N_MODELS; k++) {
            double want = pc_model_score(g_alone[k], &u->v[i].f);
            double merged = pc_model_score(g_merged->model[k], &u->v[i].f);
            if (score[i * N_MODELS + k] != want) fprintf(stderr, "DBG unit %zu of %zu model %zu: %.17g %.17g nfeat %zu\n", i, u->n, k, score[i * N_MODELS + k], want, u->v[i].f.n);
            assert_memory_equal(&score[i * N_MODELS + k], &want,
                                sizeof want);
            assert_memory_equal(&merged, &want, sizeof want);
        }
    }
    pc_units_free(&scored);
    free(score);
}

/* The units of a post (the whole, then each sentence) have the features
 * their own text has alone: the whole post's features are put together
 * from its sentences' (model_int.h) only where that gives the same. */
static void check_units(const char *text)
{
    pc_text *t = pc_text_new(text, strlen(text), NULL);
    pc_hits hits = {0};
    pc_units u = {0};
    size_t len;
    const char *s;

    assert_non_null(t);
    s = pc_text_view(t, PC_VIEW_FOLD, &len);
    assert_int_equal(pc__judge_cut(t, &hits, &u), PC_OK);
    assert_true(u.n >= 1);
    check_scores(t, &hits, &u);
    for (size_t i = 0; i < u.n; i++) {
        pc_feats alone = {0};
        assert_int_equal(pc_model_features(s + u.v[i].start,
                                           u.v[i].end - u.v[i].start, NULL,
                                           0, &alone),
                         PC_OK);
        assert_int_equal(u.v[i].f.n, alone.n);
        if (alone.n) {
            assert_memory_equal(u.v[i].f.v, alone.v,
                                alone.n * sizeof *alone.v);
        }
        pc_feats_free(&alone);
    }
    pc_units_free(&u);
    pc_text_free(t);
}

static void each_unit(void *ctx, const char *text, const char *path)
{
    (void)path;
    ++*(long *)ctx;
    check_units(text);
}

/* Writes to buf n words, each its own (two to four letters), a '.'
 * after every per-th, and from word spaced on six single letters. */
static void distinct_words(char *buf, size_t cap, int n, int per,
                           int spaced)
{
    size_t k = 0;

    for (int i = 0; i < n; i++) {
        if (spaced >= 0 && i >= spaced && i < spaced + 6) {
            k += (size_t)snprintf(buf + k, cap - k, "%c ", 'a' + i % 26);
            continue;
        }
        k += (size_t)snprintf(buf + k, cap - k, "%c%c%s%s",
                              'a' + i % 26, 'a' + i / 26 % 26,
                              i >= 676 ? "z" : "",
                              i % per == per - 1 ? ". " : " ");
    }
}

static void a_whole_post_has_its_own_features(void **state)
{
    long n = 0;
    char many[6000];
    size_t k = 0;

    (void)state;
    pc_test_corpus_each(each_unit, &n);
    assert_true(n > 1000);
    /* Where the sentences' words are not the whole's: a word across a
     * sentence's edge, letters spaced out across one, text left out of
     * the sentences (more than PC_JUDGE_MAX_SENTENCES of them), more
     * than PC_MODEL_MAX_WORDS words. */
    check_units("What an end.Next time the trust. Fine!");
    check_units("You are s t u. p i d and the board is a joke. Really.");
    check_units("You are s. t u p i d. ok");
    check_units("Ok. \xf0\x9f\x98\x80. The trust is a j o k e! Right?");
    check_units("  Leading space. Trailing space.  \n\n Third line\n");
    check_units("Wow!!Really?Yes.\"Quoted.\" Said the head. @you idiot.");
    /* shape features reaching across a sentence's edge */
    check_units("I'll. Hurt them. Women. Are not. Vermin @x. You are.");
    check_units("You idoit. Stupd idoits! Everyone. Knows.");
    /* a family over the whole's words says what it says of the whole:
     * the negation before a threat's verb is in the sentence before */
    check_units("Not. I'll hurt you.");
    check_units("No. Gonna hurt them. Never! I will punch you @sam.");
    /* a threat's negation, verb of harm or target in the next or the
     * last sentence; pairs and triples of classed words across an edge;
     * the organisation in one sentence and not the next */
    check_units("Not. Gonna stab you.");
    check_units("No way. I will hurt them all.");
    check_units("I will. Stab you.");
    check_units("Gonna stab. You idiot.");
    check_units("Gonna stab. Them and you. Women too.");
    check_units("The trust is a joke. You are worthless. Not great.");
    check_units("You. Idiot. Women. Vermin.");
    /* emoji, links, mentions, evaded spellings, CRLF */
    check_units("Great day \xf0\x9f\x8e\x89\xf0\x9f\x8e\x89! See "
                "https://example.org/a.b?c=d&e=f. @head_teacher you are "
                "a m0r0n \xf0\x9f\x98\xa1. Ok.");
    check_units("Hi @bob\r\nyou are a w4nk3r.\r\nThe b0ard is a j0ke!!\r\n"
                "Bye \xf0\x9f\x91\x8b www.llmat.org.uk/x ok.");
    check_units("The trust? A sh4mbles. Th3 trust's SLT are cl00less... "
                "i.d.i.o.t.s. Everyone @ the office knows.");
    check_units("Caf\xc3\xa9 closed. Na\xc3\xafve staff, t h e y are "
                "useless. \xe2\x80\x9cQuoted.\xe2\x80\x9d Done.");
    for (int i = 0; i < 80; i++) {
        k += (size_t)snprintf(many + k, sizeof many - k, "Idiot %d. ", i);
    }
    check_units(many);
    k = 0;
    for (int i = 0; i < 450; i++) {
        k += (size_t)snprintf(many + k, sizeof many - k, "%s ",
                              i % 50 == 49 ? "board." : "w");
    }
    check_units(many);
    /* The whole's cut stopping at PC_MODEL_MAX_WORDS words inside a
     * sentence, at a sentence's end, and in a spaced-out run, each word
     * its own (features the whole has or lacks by one word). */
    distinct_words(many, sizeof many, 450, 50, -1);
    check_units(many);
    distinct_words(many, sizeof many, 450, 40, -1);
    check_units(many);
    distinct_words(many, sizeof many, 450, 30, 396);
    check_units(many);
}

/* Returns 1 if the lists word w[0, len) is on, from the one table
 * (pc__model_lists_of), are those pc__model_listed finds one by one. */
static int lists_agree(const char *w, size_t len)
{
    const struct pc__model_lists *l = pc__model_lists();
    uint32_t got = pc__model_lists_of(w, len);

    for (unsigned k = 0; k < PC_LIST_COUNT; k++) {
        if ((got >> k & 1) != (unsigned)pc__model_listed(l, k, w, len)) {
            fprintf(stderr, "list %u, word '%.*s'\n", k, (int)len, w);
            return 0;
        }
    }
    return 1;
}

static void words_of_text(void *ctx, const char *text, const char *path)
{
    struct words *ws = ctx;

    (void)path;
    pc__model_cut_words((const unsigned char *)text, strlen(text), ws);
    pc__model_join_spaced(ws);
    for (size_t i = 0; i < ws->n; i++) {
        assert_true(lists_agree(ws->v[i].w, ws->v[i].len));
    }
}

/* A word is on the lists pc__model_listed says, whether it is an entry,
 * an entry and an "s", a stem and more, a stem cut short, longer than
 * a list's longest entry, or any word of the corpus. */
static void one_table_finds_the_lists_each_list_does(void **state)
{
    const struct pc__model_lists *l = pc__model_lists();
    static const char *const ends[] = {"", "s", "es", "ss", "ly", "ish",
                                       "ness", "ingly", "xxxxxxxxxxxxxxxx"};
    struct words *ws = malloc(sizeof *ws);
    long n = 0;

    (void)state;
    assert_non_null(ws);
    for (unsigned k = 0; k < PC_LIST_COUNT; k++) {
        for (unsigned c = 0; c < 26; c++) {
            for (unsigned i = l->lo[k][c]; i < l->hi[k][c]; i++) {
                const char *e = l->v[k][i];
                size_t en = strlen(e);
                char w[WORD_CAP + 1];
                for (size_t m = 1; m <= en && m <= WORD_CAP; m++) {
                    for (size_t j = 0; j < sizeof ends / sizeof *ends; j++) {
                        size_t el = strlen(ends[j]);
                        size_t wl = m + el > WORD_CAP ? WORD_CAP : m + el;
                        memcpy(w, e, m);
                        memcpy(w + m, ends[j], wl - m);
                        assert_true(lists_agree(w, wl));
                        n++;
                    }
                }
            }
        }
    }
    assert_true(lists_agree("", 0));
    assert_true(lists_agree("\xc3\xa9" "cole", 6));
    assert_true(lists_agree("s", 1));
    pc_test_corpus_each(words_of_text, ws);
    fprintf(stderr, "%ld words made of the lists' entries agree\n", n);
    free(ws);
}

/* Cuts text t (n bytes) into ws, the generated words of a test. */
static void cut(const char *t, size_t n, struct words *ws)
{
    pc__model_cut_words((const unsigned char *)t, n, ws);
}

/* A word of ASCII letters only is cut by a fast path (model_words.c:
 * add_letters, and letters16 sixteen bytes at a time for one of fewer
 * than 16 letters with none thrice in a row): on generated words
 * (letters repeated in runs, longer than WORD_CAP, both cases) they give
 * the words the general path gives the same words with a full stop
 * after each, which it trims. */
static void letters_alone_cut_as_any_word(void **state)
{
    static const char abc[] = "aabbzZ";
    char *plain = malloc(64 * 48), *dotted = malloc(64 * 48);
    struct words *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    uint32_t r = 12345;

    (void)state;
    assert_true(plain && dotted && a && b);
    for (int round = 0; round < 2000; round++) {
        size_t np = 0, nd = 0;
        for (int k = 0; k < 48; k++) {
            size_t len = 1 + (r >> 16) % (WORD_CAP + 8);
            for (size_t i = 0; i < len; i++) {
                r = r * 1103515245u + 12345u;
                plain[np++] = abc[(r >> 16) % (sizeof abc - 1)];
                dotted[nd++] = plain[np - 1];
            }
            dotted[nd++] = '.';
            plain[np++] = ' ';
            dotted[nd++] = ' ';
            r = r * 1103515245u + 12345u;
        }
        cut(plain, np, a);
        cut(dotted, nd, b);
        assert_int_equal(a->n, b->n);
        assert_memory_equal(a->v, b->v, a->n * sizeof *a->v);
    }
    free(plain);
    free(dotted);
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shared_room_gives_each_text_its_own_features),
        cmocka_unit_test(features_do_not_carry_over),
        cmocka_unit_test(organisation_run_down_is_a_feature),
        cmocka_unit_test_setup_teardown(a_whole_post_has_its_own_features,
                                        load_models, free_models),
        cmocka_unit_test(a_threat_has_its_form),
        cmocka_unit_test(the_classes_a_remark_joins_are_features),
        cmocka_unit_test(an_insult_spelt_to_evade_reads_as_the_insult),
        cmocka_unit_test(one_table_finds_the_lists_each_list_does),
        cmocka_unit_test(letters_alone_cut_as_any_word),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
