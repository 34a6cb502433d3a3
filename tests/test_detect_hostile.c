/* test_detect_hostile.c: the hostile detectors (hostile, hostile-person,
 * hostile-group): put-downs aimed at a person or group across phrasings
 * the word lists never listed, with the span they must point at, and the
 * near misses they must pass: praise, negation, self-deprecation, quoted
 * or reported words, complaints about things. Runs on plain buffers
 * (pc__detect_run_buf), the way the rule engine runs detectors on a
 * post's PC_VIEW_CASED view. Also the hit list's pc_hits_append, which
 * the hostile detectors' judged prefix and the rule cache copy with. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "detect_hostile.h"
#include "detect_int.h"

#include "detect_fixture.h"

/* Runs detector name over text; returns the number of hits and copies
 * the first hit's text into first. */
static size_t run(const char *name, const char *text, char *first,
                  size_t cap)
{
    pc_hits h = {0};
    size_t n, len;

    assert_int_equal(pc__detect_run_buf(dets, name, text, strlen(text), &h),
                     PC_OK);
    n = h.n;
    first[0] = '\0';
    if (n) {
        assert_string_equal(h.v[0].kind, name);
        assert_non_null(h.v[0].label);
        assert_true(h.v[0].start < h.v[0].end &&
                    h.v[0].end <= strlen(text));
        len = h.v[0].end - h.v[0].start;
        if (len >= cap)
            len = cap - 1;
        memcpy(first, text + h.v[0].start, len);
        first[len] = '\0';
    }
    pc_hits_free(&h);
    return n;
}

struct flag_case {
    const char *text;
    const char *span;
};

static void expect_flags(const char *name, const struct flag_case *c,
                         size_t n)
{
    char got[200];
    size_t i;

    for (i = 0; i < n; i++) {
        if (run(name, c[i].text, got, sizeof got) == 0)
            fail_msg("%s did not flag: %s", name, c[i].text);
        if (strcmp(got, c[i].span) != 0)
            fail_msg("%s on \"%s\": span \"%s\", want \"%s\"", name,
                     c[i].text, got, c[i].span);
    }
}

static void expect_passes(const char *name, const char *const *c,
                          size_t n)
{
    char got[200];
    size_t i;

    for (i = 0; i < n; i++)
        if (run(name, c[i], got, sizeof got) != 0)
            fail_msg("%s flagged \"%s\" in: %s", name, got, c[i]);
}

#define FLAGS(name, arr) expect_flags(name, arr, sizeof arr / sizeof *arr)
#define PASSES(name, arr) expect_passes(name, arr, sizeof arr / sizeof *arr)

/* Insults and contempt aimed at one person, in many shapes. */
static void test_person(void **state)
{
    static const struct flag_case c[] = {
        {"You're useless.", "You're useless"},
        {"@jsmith you are a liar and everyone knows it", "you are a liar"},
        {"Mr Hale is a complete joke", "Mr Hale is a complete joke"},
        {"Our new deputy is a waste of space",
         "Our new deputy is a waste of space"},
        {"My line manager is a bully", "My line manager is a bully"},
        {"you idiot", "you idiot"},
        {"Your attitude is disgusting", "Your attitude is disgusting"},
        {"I hate you", "hate you"},
        {"Can\xE2\x80\x99t stand my line manager, she is vile",
         "Can\xE2\x80\x99t stand my line manager"},
        {"Dear Ms Carter, you are a hypocrite", "you are a hypocrite"},
        {"Immigrants are vermin", "Immigrants are vermin"},
        {"The new behaviour lead is a total clown",
         "The new behaviour lead is a total clown"},
        {"Honestly the head of maths is the laziest",
         "the head of maths is the laziest"},
        {"Honestly @PeterG shut up, nobody cares", "@PeterG shut up"},
        {"Lovely day. You should be ashamed of yourself though.",
         "You should be ashamed of yourself"},
    };

    (void)state;
    FLAGS("hostile-person", c);
}

/* Running down leaders, colleagues, families and the organisation. */
static void test_group(void **state)
{
    static const struct flag_case c[] = {
        {"The head is clueless about what goes on in classrooms.",
         "The head is clueless"},
        {"SLT are incompetent as usual", "SLT are incompetent"},
        {"Sick of parents who can't be bothered", "Sick of parents"},
        {"Management haven't a clue.", "Management haven't a clue"},
        {"Lazy parents again this morning.", "Lazy parents"},
        {"The board should be sacked, every one of them.",
         "The board should be sacked"},
        {"What a useless bunch our SLT are.", "useless bunch our SLT"},
        {"The trustees can't be trusted.", "The trustees can't be trusted"},
        {"Get rid of the head", "Get rid of the head"},
        {"The chapter board are a joke", "The chapter board are a joke"},
        {"Kids in my class were feral today", "Kids in my class were feral"},
        {"Governors are spineless, they nod along",
         "Governors are spineless"},
    };

    (void)state;
    FLAGS("hostile-group", c);
}

/* Praise, negation, self-deprecation, quotes, reports, things. */
static void test_near_misses(void **state)
{
    static const char *const c[] = {
        "You're amazing, thank you!",
        "You are not useless, whatever anyone says.",
        "She is never lazy.",
        "Never think you are useless.",
        "Our governors are far from out of touch",
        "I'm such an idiot, left my keys at home",
        "You know I'm such an idiot sometimes",
        "He called me useless in front of everyone.",
        "I was told I was lazy.",
        "If someone says you're thick, tell a teacher.",
        "\"You're useless\" is not something to say to a child.",
        "Words like \xE2\x80\x9CYou're useless\xE2\x80\x9D hurt.",
        "This printer is useless",
        "Your printer is useless",
        "The weather is disgusting today",
        "This traffic is a joke",
        "Mondays are the worst",
        "I hate Mondays",
        "Parents evening was a shambles with the booking system",
        "Let me tell you a joke",
        "Through thick and thin our staff have been wonderful",
        "It's useless you know",
        "I hate that you are leaving us",
        "My head is pounding, this cold is vile",
        "Our SLT have been brilliant through the inspection",
        "Feeling useless with this cold, sorry class",
        "Shut up and dance! Disco tonight for Year 5",
        "Watching you grow up has been a joy",
        "Mr. Smith retired today. The staff room cake was disgusting though",
    };

    (void)state;
    PASSES("hostile", c);
}

/* A put-down of a colleague is harassment, of leaders or families
 * disparaging: each rule sees only its own. */
static void test_person_or_group(void **state)
{
    char got[200];

    (void)state;
    assert_int_equal(run("hostile-group", "You are a disgrace", got,
                         sizeof got), 0);
    assert_int_equal(run("hostile-person", "SLT are a disgrace", got,
                         sizeof got), 0);
    assert_int_equal(run("hostile", "You are a disgrace", got, sizeof got),
                     1);
    assert_int_equal(run("hostile", "SLT are a disgrace", got, sizeof got),
                     1);
    /* One finding a sentence; each sentence on its own. */
    assert_int_equal(run("hostile", "You are a liar and a fraud. "
                                    "SLT are useless! Parents are lazy",
                         got, sizeof got), 3);
    /* A sentence does not run across a full stop. */
    assert_int_equal(run("hostile", "Thanks to you. Useless printer",
                         got, sizeof got), 0);
}

/* Long and odd input: hits stay inside the buffer, nothing is read past
 * it, a sentence longer than the token window is still read. */
static void test_long_input(void **state)
{
    static char buf[100000];
    size_t len = 0, i;
    pc_hits h = {0};

    (void)state;
    for (i = 0; len + 40 < sizeof buf; i++)
        len += (size_t)sprintf(buf + len, "%s",
                               i % 3 == 0 ? "and you " :
                               i % 3 == 1 ? "\xF0\x9F\x99\x83 '@" :
                                            "\xE2\x80\x9C ");
    /* A line break ends the sentence and any unclosed quote. */
    len += (size_t)sprintf(buf + len, "\n you are useless");
    assert_int_equal(pc__detect_run_buf(dets, "hostile", buf, len, &h),
                     PC_OK);
    assert_true(h.n >= 1);
    for (i = 0; i < h.n; i++)
        assert_true(h.v[i].start < h.v[i].end && h.v[i].end <= len);
    pc_hits_free(&h);
    assert_int_equal(pc__detect_run_buf(dets, "hostile", "you", 3, &h),
                     PC_OK);
    assert_int_equal(h.n, 0);
    pc_hits_free(&h);
}

/* pc_hits_append: the hits it is given, after those already there, in
 * order and field for field, as pushing them one by one gives; past the
 * list's first capacity too; nothing for none. */
static void test_hits_append(void **state)
{
    static const char *const kinds[3] = {"a", "b", "c"};
    pc_hit from[40];
    pc_hits h = {0}, pushed = {0};
    size_t i;

    (void)state;
    for (i = 0; i < 40; i++) {
        from[i].start = i * 3;
        from[i].end = i * 3 + 1 + i % 5;
        from[i].kind = kinds[i % 3];
        from[i].label = kinds[(i + 1) % 3];
    }
    assert_int_equal(pc_hits_push(&h, 7, 9, "x", "y"), PC_OK);
    assert_int_equal(pc_hits_push(&pushed, 7, 9, "x", "y"), PC_OK);
    assert_int_equal(pc_hits_append(&h, from, 0), PC_OK);
    assert_int_equal(h.n, 1);
    assert_int_equal(pc_hits_append(&h, from, 3), PC_OK);
    assert_int_equal(pc_hits_append(&h, from + 3, 37), PC_OK);
    for (i = 0; i < 40; i++)
        assert_int_equal(pc_hits_push(&pushed, from[i].start, from[i].end,
                                      from[i].kind, from[i].label),
                         PC_OK);
    assert_int_equal(h.n, 41);
    assert_int_equal(h.n, pushed.n);
    for (i = 0; i < h.n; i++) {
        assert_int_equal(h.v[i].start, pushed.v[i].start);
        assert_int_equal(h.v[i].end, pushed.v[i].end);
        assert_ptr_equal(h.v[i].kind, pushed.v[i].kind);
        assert_ptr_equal(h.v[i].label, pushed.v[i].label);
    }
    assert_int_equal(h.v[40].start, 39 * 3);
    assert_string_equal(h.v[0].kind, "x");
    pc_hits_free(&h);
    pc_hits_free(&pushed);
}

/* What the token readers are given: ASCII words of every case and
 * length about WORD_CAP, digits, '_', apostrophes (' and U+2019) and
 * hyphens inside words and beside them, @handles, letters and marks
 * beyond ASCII, U+017F, U+212A, punctuation, quotes and spaces, and the
 * bytes next to each range of word bytes ('/' ':' '@' '[' '`' '{'). */
static const char *const tok_pieces[] = {
    "you", "You", "YOU", "SLT", "ALT", "Mr", "a", "I", "x9", "_", "__a",
    "don't", "don\xe2\x80\x99t", "'", "\xe2\x80\x99", "-", "--",
    "well-known", "-ish", "@jo", "@", "@_x", "caf\xc3\xa9",
    "\xc3\xa9t\xc3\xa9", "e\xcc\x81", "\xc5\xbf", "\xe2\x84\xaa",
    "\xe2\x80\x94", "\xe2\x80\x9c", "\xf0\x9f\x8e\x89", ".", ",", "!",
    "?", "\"", "(", ")", " ", "  ", "\t", "\n", "123", "2019",
    "abcdefghijklmnopqrstuvw", "ABCDEFGHIJKLMNOPQRSTUVW",
    "abcdefghijklmnopqrstuv", "abcdefghijklmnopqrstuvwx",
    "abcdefghijklmnopqrstuvwxyz0123", "ABCDEF", "ABCDEFG", "AB", "Ab",
    "ZZ", "zz9", "/", ":", "[", "`", "{", "^", "\x7f",
};

/* 1 if the two readers read the same token into a and b. */
static int same_tok(const struct tok *a, const struct tok *b)
{
    return a->s == b->s && a->e == b->e && a->n == b->n &&
           memcmp(a->w, b->w, (size_t)a->n + 1) == 0 && a->cap == b->cap &&
           a->acr == b->acr && a->head == b->head && a->hash == b->hash;
}

/* Fails unless window w's bytes and masks are those of text[0, len)
 * from w->at, a byte at a time by pc__hx_byte (zeros past len): its
 * places to read every byte of the text but a space and a word byte
 * after one in the window. */
static void check_win(const struct pc__hx_win *w, const char *text,
                      size_t len)
{
    unsigned before = 0;

    for (size_t k = 0; k < PC__HX_WIN; k++) {
        int in = w->at + k < len;
        unsigned char c = in ? (unsigned char)text[w->at + k] : 0;
        unsigned b = pc__hx_byte[c];
        int word = (b & PC__HX_B_WORD) != 0;
        if (w->low[k] != (word ? (unsigned char)b : c) ||
            (w->word >> k & 1) != (unsigned)word ||
            (w->upper >> k & 1) != ((b & PC__HX_B_UPPER) != 0) ||
            (w->ev >> k & 1) != (in && c != ' ' && !(word && before)))
            fail_msg("window at %zu, byte %zu", w->at, k);
        before = word;
    }
    for (size_t k = PC__HX_WIN; k < sizeof w->low; k++)
        if (w->low[k] != 0)
            fail_msg("window at %zu: byte %zu past it", w->at, k);
}

/* 1 if s[a, e) are all ASCII letters, digits or '_'. */
static int all_word(const char *s, size_t a, size_t e)
{
    for (; a < e; a++)
        if (!(pc__hx_byte[(unsigned char)s[a]] & PC__HX_B_WORD))
            return 0;
    return 1;
}

/* At every place of texts made at random where the scan reads a token
 * (a word byte, or '@' before one), the token pc__hx_read_tok reads and
 * where it stops: at an ASCII word byte, the window's reader reads the
 * same, its window opened at each place up to a window's length before
 * whose run of word bytes ends in it (the run's end near the window's,
 * and the text's); and most tokens are of the kind it reads itself, so
 * the test covers its own path. The window's masks are its bytes'
 * classes. */
static void test_read_tok_win(void **state)
{
    const size_t np = sizeof tok_pieces / sizeof *tok_pieces;
    uint32_t seed = 19;
    char text[600];
    long toks = 0, plain = 0;

    (void)state;
    for (int t = 0; t < 20000; t++) {
        size_t len = 0, k;
        seed = seed * 1103515245u + 12345u;
        k = 1 + (seed >> 16) % 24;
        while (k--) {
            const char *w;
            seed = seed * 1103515245u + 12345u;
            w = tok_pieces[(seed >> 16) % np];
            if (len + strlen(w) + 2 >= sizeof text)
                break;
            memcpy(text + len, w, strlen(w));
            len += strlen(w);
            if ((seed >> 8) % 3 != 0)
                text[len++] = ' ';
        }
        for (size_t i = 0; i < len; i++) {
            struct tok a, b;
            size_t ia = i, ib = i;
            if (!pc__hx_word_byte(text, i) &&
                !(text[i] == '@' && i + 1 < len &&
                  pc__hx_word_byte(text, i + 1)))
                continue;
            if ((unsigned char)text[i] >= 0x80 &&
                ((unsigned char)text[i] & 0xC0) == 0x80)
                continue; /* the scan reads whole characters */
            struct pc__hx_win wn;
            size_t back;
            int win;
            seed = seed * 1103515245u + 12345u;
            back = (seed >> 16) % PC__HX_WIN;
            pc__hx_win_fill(&wn, text, len, back > i ? 0 : i - back);
            check_win(&wn, text, len);
            win = (pc__hx_byte[(unsigned char)text[i]] & PC__HX_B_WORD) != 0;
            if (win && (~wn.word >> (i - wn.at)) == 0) {
                pc__hx_win_fill(&wn, text, len, i);
                win = ~wn.word != 0; /* else a run longer than a window */
            }
            memset(&a, 0xA5, sizeof a);
            memset(&b, 0x5A, sizeof b);
            if (win)
                pc__hx_read_tok_win(&wn, text, len, &ia, &a);
            else
                pc__hx_read_tok(text, len, &ia, &a);
            pc__hx_read_tok(text, len, &ib, &b);
            if (ia != ib || !same_tok(&a, &b))
                fail_msg("at %zu of \"%.*s\" (window at %zu): the "
                         "readers differ", i, (int)len, text, wn.at);
            toks++;
            plain += all_word(text, a.s, a.e) && a.e - a.s < WORD_CAP;
        }
    }
    assert_true(toks > 100000);
    assert_true(plain > toks / 2);
}

/* The token t as the scan reads it from the word w[0, n) (n < WORD_CAP),
 * the bytes of t->w past it set to junk: the look-up reads 8 bytes
 * whatever the length. */
static void tok_of(struct tok *t, const char *w, size_t n, int junk)
{
    memset(t, junk, sizeof *t);
    memcpy(t->w, w, n);
    t->w[n] = '\0';
    t->n = (unsigned char)n;
    t->head = pc__hx_head(t->w, n);
    t->hash = pc__hx_hash(t->head, n);
}

/* 1 if the inline look-up finds what pc__hx_lookup_hashed finds. */
static int same_slot(const struct pc__hostile *h, const struct tok *t)
{
    return pc__hx_lookup_tok(h, t) ==
           pc__hx_lookup_hashed(h, t->w, t->n, t->hash);
}

/* The scan's inline look-up (pc__hx_lookup_tok) finds the slot the
 * plain one finds for every word of the lexicon and its classes, for
 * each of them cut short, grown by a letter or with a letter changed
 * (at each place, the eighth and ninth included), and for the tokens
 * of texts made at random. */
static void test_lookup_tok(void **state)
{
    const struct pc__hostile *h = pc__detect_hostile_lex(dets);
    const size_t np = sizeof tok_pieces / sizeof *tok_pieces;
    long words = 0, found = 0;
    uint32_t seed = 7;

    (void)state;
    assert_non_null(h);
    assert_true(h->nslot > 0);
    for (size_t k = 0; k < h->nslot; k++) {
        const struct hx_slot *x = &h->slot[k];
        char w[WORD_CAP + 1];
        struct tok t;
        if (!x->w || x->n + 1 >= WORD_CAP)
            continue;
        memcpy(w, x->w, x->n);
        tok_of(&t, w, x->n, (int)(k & 0xFF));
        assert_ptr_equal(pc__hx_lookup_tok(h, &t), x);
        words++;
        for (size_t n = 0; n < x->n; n++) {
            tok_of(&t, w, n, 0x5A);
            found += pc__hx_lookup_tok(h, &t) != NULL;
            if (!same_slot(h, &t))
                fail_msg("\"%.*s\" cut to %zu", (int)x->n, w, n);
        }
        w[x->n] = 's';
        tok_of(&t, w, x->n + 1, 0xA5);
        if (!same_slot(h, &t))
            fail_msg("\"%.*s\" grown", (int)x->n + 1, w);
        for (size_t i = 0; i < x->n; i++) {
            char keep = w[i];
            unsigned long hash;
            tok_of(&t, w, x->n, 0);
            hash = t.hash;
            w[i] = (char)(keep == 'z' ? 'a' : keep + 1);
            tok_of(&t, w, x->n, 0);
            if (!same_slot(h, &t))
                fail_msg("\"%.*s\" changed at %zu", (int)x->n, w, i);
            /* With the word's own hash: the same slots are passed, and
             * only the bytes tell the two apart. */
            t.hash = hash;
            if (!same_slot(h, &t) || pc__hx_lookup_tok(h, &t) == x)
                fail_msg("\"%.*s\" changed at %zu, its hash kept",
                         (int)x->n, w, i);
            w[i] = keep;
        }
    }
    for (int n = 0; n < 2000; n++) {
        char text[400];
        size_t len = 0, i = 0;
        for (int k = 0; k < 12; k++) {
            const char *p;
            seed = seed * 1103515245u + 12345u;
            p = tok_pieces[(seed >> 16) % np];
            memcpy(text + len, p, strlen(p));
            len += strlen(p);
            text[len++] = ' ';
        }
        while (i < len) {
            struct tok t;
            struct pc__hx_win wn;
            if (!(pc__hx_byte[(unsigned char)text[i]] & PC__HX_B_WORD)) {
                i++;
                continue;
            }
            memset(&t, n & 0xFF, sizeof t);
            pc__hx_win_fill(&wn, text, len, i);
            pc__hx_read_tok_win(&wn, text, len, &i, &t);
            assert_true(same_slot(h, &t));
        }
    }
    assert_true(words > 500);
    assert_true(found > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_person),
        cmocka_unit_test(test_group),
        cmocka_unit_test(test_near_misses),
        cmocka_unit_test(test_person_or_group),
        cmocka_unit_test(test_long_input),
        cmocka_unit_test(test_hits_append),
        cmocka_unit_test(test_read_tok_win),
        cmocka_unit_test(test_lookup_tok),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
