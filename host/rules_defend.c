/* rules_defend.c: whether a post the harassment model flags only defends
 * people against discrimination. The policies forbid harassing or
 * discriminating against people for who they are; a post that states the
 * norm against it ("Nobody should be kept off a committee because of
 * their faith") or condemns the abuse ("Calling a colleague a terrorist
 * is not banter") is counter-speech, which the policies' own word lists
 * leave alone (discrimination-unless.txt). The harassment model reads the
 * group word and the words of exclusion or abuse beside it and flags it
 * all the same.
 *
 * Two frames, read on the words of one sentence (text_words.h's, an
 * apostrophe inside a word joined and dropped: "isn't" is "isnt"):
 * - the norm: "nobody" or "no one", within three words "be", "get" or
 *   "feel" and a word of mistreatment (MISTREAT: "excluded", "bullied",
 *   "kept", "shut", ...), then later in the sentence "for", "because" or
 *   "over" (the reason); the frame runs to the end of the reason's
 *   clause (a comma, colon, semicolon or bracket ends one), or to a word
 *   that turns the post (TURN: "but", "except", "though", ...);
 * - a verdict: a verb of saying or treating in "-ing" (SAYING:
 *   "calling", "saying", "mocking", ...), then within twelve words a form
 *   of "be", maybe "not" or "never", and a word of the verdict (VERDICT:
 *   "wrong", "cruel", "racist", ...; "banter", "funny", "ok" and "on"
 *   only after "not" or "never"); the frame runs from the first word to
 *   the verdict.
 * The harassment model's rule (rules_model.c) stays quiet when a frame is
 * found, no word after a frame turns the post (TURN: "Mocking them is
 * wrong. They are ... though"), and the post with every frame's words
 * left out scores under the rule's threshold in every unit: what flags
 * the post is what it condemns, as the reported-words rule
 * (rules_quote.c) tests a quote. A stereotype denied ("Refugees aren't a
 * burden") is no frame: left out with its group the rest may harass
 * unread ("..., they're a plague on this town"), and with the group kept
 * the group word alone flags.
 *
 * Chosen on the development sets (README.md in policies/models, "Session
 * 33: harassment, false findings"). */
#include <stdlib.h>
#include <string.h>

#include "postcheck/judge.h"
#include "postcheck/model.h"
#include "rules_int.h"
#include "text_words.h"

#define WORDS_MAX 400 /* words of a post read */

/* The lists are sorted (pc__rule_word_on searches them). What someone
 * should not be done to for who they are. */
static const char *const MISTREAT[] = {
    "abused",   "attacked", "barred",   "bullied", "called",
    "denied",   "discriminated",        "excluded", "harassed",
    "ignored",  "insulted", "judged",   "kept",    "laughed",
    "left",     "made",     "mocked",   "picked",  "punished",
    "refused",  "sacked",   "shut",     "singled", "targeted",
    "treated",  "turned",
};

/* A condemnation of what is said or done. */
static const char *const VERDICT[] = {
    "ableist",   "bigoted",   "cruel",       "discrimination",
    "disgusting", "harassment", "homophobic", "hurtful",
    "ignorant",  "offensive", "racist",      "sexist",
    "transphobic", "unacceptable", "vile",   "wrong",
};

/* Verdict words that condemn only after "not" or "never". */
static const char *const VERDICT_NOT[] = {"banter", "funny", "ok", "okay",
                                          "on"};

/* Words that turn a post against what it has just said. */
static const char *const TURN[] = {"although", "but",    "except", "however",
                                   "still",    "though", "unless", "yet"};

static const char *const BE[] = {"am", "are", "is", "was", "were"};
static const char *const BE_NOT[] = {"arent", "isnt", "wasnt", "werent"};
static const char *const NEGATION[] = {"never", "no", "not"};
static const char *const SAYING[] = {"calling",  "claiming", "excluding",
                                     "mocking",  "saying",   "telling",
                                     "treating"};

/* A word of the post (text_words.h: apostrophes joined and left out of
 * its key, so "isn't" is "isnt"); sentence and clause: the numbers of its
 * sentence and of its clause (a comma, colon, semicolon or bracket ends
 * one too). */
struct word {
    pc_text_word t;
    size_t sentence, clause;
};

struct words {
    size_t n;
    struct word v[WORDS_MAX];
};

/* Cuts s[0, len) into words. */
static void cut(const char *s, size_t len, struct words *ws)
{
    size_t sentence = 0, clause = 0;
    pc_text_words c;

    ws->n = 0;
    pc_text_words_init(&c, s, len, 0, len, PC_WORDS_APOSTROPHE);
    while (ws->n < WORDS_MAX && pc_text_words_next(&c, &ws->v[ws->n].t)) {
        struct word *w = &ws->v[ws->n++];
        sentence += (w->t.gap & PC_GAP_SENTENCE) != 0;
        clause += (w->t.gap & (PC_GAP_SENTENCE | PC_GAP_CLAUSE)) != 0;
        w->sentence = sentence;
        w->clause = clause;
    }
}

static int is(const struct words *ws, size_t i, const char *const *v,
              size_t k)
{
    return i < ws->n && ws->v[i].t.n &&
           pc__rule_word_on(v, k, ws->v[i].t.key, ws->v[i].t.n, 0);
}

#define IS(ws, i, v) is(ws, i, v, sizeof v / sizeof *v)

static int same_sentence(const struct words *ws, size_t i, size_t j)
{
    return j < ws->n && ws->v[j].sentence == ws->v[i].sentence;
}

/* The norm against mistreatment at word i ("nobody", or "no" of "no
 * one"): the index past the frame (the end of the reason's clause), or
 * 0. */
static size_t norm(const struct words *ws, size_t i)
{
    static const char *const nobody[] = {"nobody", "noone"};
    static const char *const verbs[] = {"be", "feel", "get"};
    static const char *const reason[] = {"because", "for", "over"};
    size_t j = i + 1, end, k;
    int verb = 0, why = 0;

    if (IS(ws, i, nobody)) {
        /* "nobody" */
    } else if (strcmp(ws->v[i].t.key, "no") == 0 &&
               same_sentence(ws, i, j) &&
               strcmp(ws->v[j].t.key, "one") == 0) {
        j++;
    } else {
        return 0;
    }
    for (end = j; same_sentence(ws, i, end); end++) {
    }
    for (k = j; k < end && k < j + 3 && !verb; k++) {
        verb = IS(ws, k, verbs) && k + 1 < end && IS(ws, k + 1, MISTREAT);
    }
    for (k++; verb && k < end && !why; k++) {
        why = IS(ws, k, reason);
    }
    if (!why) {
        return 0;
    }
    for (j = k - 1; k < end && ws->v[k].clause == ws->v[j].clause &&
                    !IS(ws, k, TURN);
         k++) {
    }
    return k;
}

/* A verdict on what is said or done, from word i: the index past the
 * frame, or 0. */
static size_t verdict(const struct words *ws, size_t i)
{
    if (!IS(ws, i, SAYING)) {
        return 0;
    }
    for (size_t k = i + 1; k < i + 13 && same_sentence(ws, i, k); k++) {
        size_t j = k + 1;
        int neg = 0;
        if (IS(ws, k, BE_NOT)) {
            neg = 1;
        } else if (!IS(ws, k, BE)) {
            continue;
        } else if (same_sentence(ws, i, j) && IS(ws, j, NEGATION)) {
            neg = 1;
            j++;
        }
        if (same_sentence(ws, i, j) &&
            (IS(ws, j, VERDICT) || (neg && IS(ws, j, VERDICT_NOT)))) {
            return j + 1;
        }
    }
    return 0;
}

/* s[0, len) with each frame's words (from the first's start to the
 * last's end) replaced by an ellipsis, in a new NUL-terminated buffer
 * (*out_len its length), or NULL when it holds no frame, a word after a
 * frame turns the post ("Mocking them is wrong. They are ... though"),
 * or memory runs out. */
static char *blanked(const char *s, size_t len, size_t *out_len)
{
    static const char gap[] = "\xe2\x80\xa6"; /* … */
    struct words *ws = malloc(sizeof *ws);
    char *b = NULL;
    size_t n = 0, from = 0;
    int any = 0, turned = 0;

    if (!ws) {
        return NULL;
    }
    cut(s, len, ws);
    /* A frame of 1 byte or more becomes 3: at most three times as long. */
    b = malloc(3 * len + 1);
    for (size_t i = 0; b && i < ws->n && !turned; i++) {
        size_t e = norm(ws, i);
        e = e ? e : verdict(ws, i);
        if (!e) {
            turned = any && IS(ws, i, TURN);
            continue;
        }
        memcpy(b + n, s + from, ws->v[i].t.a - from);
        n += ws->v[i].t.a - from;
        memcpy(b + n, gap, sizeof gap - 1);
        n += sizeof gap - 1;
        from = ws->v[e - 1].t.b;
        i = e - 1;
        any = 1;
    }
    free(ws);
    if (!b || !any || turned) {
        free(b);
        return NULL;
    }
    memcpy(b + n, s + from, len - from);
    n += len - from;
    b[n] = '\0';
    *out_len = n;
    return b;
}

int pc__rule_defended(const pc_detectors *det, const pc_model *m,
                      double threshold, const char *text, size_t len)
{
    size_t blen = 0;
    char *b = blanked(text, len, &blen);
    int quiet = b && pc__rule_scores_under(det, m, threshold, b, blen);

    free(b);
    return quiet;
}
