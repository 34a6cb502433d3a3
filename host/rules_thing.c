/* rules_thing.c: whether a post's abuse is aimed at a thing. The policies
 * forbid harassing, bullying or threatening people and discriminating
 * against them; a cross word about the printer, the Wi-Fi, a spreadsheet
 * or the weather ("This photocopier is a useless pile of junk and I hope
 * it dies a slow death") harasses nobody, and the blind batches' labelling
 * leaves abuse at things unlabelled. The harassment model, which reads the
 * insult and the wish of harm, flags it all the same.
 *
 * A post is about a thing when one of its sentences has a thing as its
 * subject (a determiner, "this", "that", "the", "my" or "our", among the
 * sentence's first two words, then within three words a device,
 * software, a vehicle, the weather or the roads: "The printer in D block
 * is ...", "Ugh, this fucking Wi-Fi"; not "Saw a ... at the bus stop",
 * where the thing is only where it happened) and the post names no
 * one it could be aimed at: no second- or third-person word (the model's
 * classes Y and T: "you", "she", "those"), no handle, no group by a
 * protected characteristic (class G), no word for a person or a role
 * ("colleague", "head", "Mrs", "lads", "someone", or a word that may be
 * one by its ending: "inspector", "vendor") and no name (a capitalised
 * word inside a sentence that is no thing: "Dave"). Then the harassment
 * model's rule (rules_model.c) makes no finding.
 *
 * Chosen on the development sets (README.md in policies/models, "Session
 * 29: harassment"). */
#include <string.h>

#include "model_lists.h"
#include "postcheck/judge.h"
#include "rules_int.h"
#include "text_words.h"

/* The lists are sorted (pc__rule_word_on searches them). Things abuse may
 * be aimed at; a word that is one, or one and an "s". */
static const char *const things[] = {
    "app",        "boiler",     "broadband", "bus",      "car",
    "computer",   "copier",     "database",  "excel",    "fog",
    "formula",    "fridge",     "heating",   "internet", "kettle",
    "laminator",  "laptop",     "minibus",   "parking",  "phone",
    "photocopier", "portal",    "printer",   "projector", "radiator",
    "rain",       "road",       "router",    "scanner",  "server",
    "smartboard", "snow",       "software",  "spreadsheet", "system",
    "traffic",    "train",      "van",       "weather",  "website",
    "whiteboard", "wifi",       "wind",
};

/* People and roles a post may aim its abuse at (besides the pronouns and
 * groups of the model's classes); a word that is one, or one and an
 * "s". */
static const char *const people[] = {
    "anyone",  "bloke",   "boss",     "boy",      "caretaker", "chair",
    "child",   "children", "colleague", "deputy", "everyone",  "folks",
    "girl",    "governor", "guy",     "head",     "kid",       "lad",
    "lead",    "man",     "manager",  "marshal",  "mate",      "member",
    "men",     "miss",    "mr",       "mrs",      "ms",        "nobody",
    "parent",  "people",  "pupil",    "sir",      "someone",   "staff",
    "student", "ta",      "teacher",  "trustee",  "woman",     "women",
};

static const char *const determiners[] = {"my", "our", "that", "the",
                                          "this"};

/* 1 if w[0, n) is an entry of list v, or one and an "s" when pl. */
#define ON(v, w, n, pl) pc__rule_word_on(v, sizeof v / sizeof *v, w, n, pl)

/* 1 if word w[0, n) may be a noun for someone by what they do
 * ("inspector", "vendor", "driver", "cyclist", "politician"): five letters
 * or more ending in "er", "or", "ist" or "ian" (or one of those and an
 * "s"), and no thing. Everyday words of those endings ("never", "water")
 * count too: the rule then stays out of the way. */
static int agent(const char *w, size_t n)
{
    static const char *const ends[] = {"er", "or", "ist", "ian"};

    if (n > 5 && w[n - 1] == 's') {
        n--;
    }
    if (n < 5 || ON(things, w, n, 0)) {
        return 0;
    }
    for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
        size_t e = strlen(ends[i]);
        if (memcmp(w + n - e, ends[i], e) == 0) {
            return 1;
        }
    }
    return 0;
}

/* 1 if word w[0, n) names or points at someone abuse may be aimed at. */
static int someone(const char *w, size_t n)
{
    const struct pc__model_lists *l = pc__model_lists();

    return ON(people, w, n, 1) || agent(w, n) ||
           pc__model_listed(l, PC_LIST_YOU, w, n) ||
           pc__model_listed(l, PC_LIST_THEY, w, n) ||
           pc__model_listed(l, PC_LIST_GROUP, w, n);
}

/* 1 if s[0, len) (the original text) names someone: a capitalised word
 * of three letters or more ("Dave", "Mr Patel's") that is no thing and
 * does not start a sentence. */
static int named(const char *s, size_t len)
{
    pc_text_words c;
    pc_text_word w;
    int first = 1; /* the first word of the text */

    pc_text_words_init(&c, s, len, 0, len, 0);
    for (; pc_text_words_next(&c, &w); first = 0) {
        if (!first && !(w.gap & PC_GAP_SENTENCE) && w.n >= 3 && w.n < 16 &&
            s[w.a] >= 'A' && s[w.a] <= 'Z' && s[w.a + 1] >= 'a' &&
            s[w.a + 1] <= 'z' && !ON(things, w.key, w.n, 1)) {
            return 1;
        }
    }
    return 0;
}

int pc__rule_at_thing(pc__ctx *c)
{
    size_t len, since = 3; /* words since a determiner; 3: none near */
    size_t nth = 0;        /* words of the sentence so far */
    const char *s = pc_text_view(c->text, PC_VIEW_FOLD, &len);
    pc_text_words cw;
    pc_text_word w;
    int thing = 0;

    pc_text_words_init(&cw, s, len, 0, len, PC_WORDS_TAGS);
    while (pc_text_words_next(&cw, &w)) {
        const char *word = w.key;
        size_t n = w.n;
        if (s[w.a] == '@') {
            return 0; /* a handle */
        }
        nth = w.gap & PC_GAP_SENTENCE ? 1 : nth + 1;
        if (someone(word, n)) {
            return 0;
        }
        if (strcmp(word, "wi") == 0 && w.b + 2 < len && s[w.b] == '-' &&
            memcmp(s + w.b + 1, "fi", 2) == 0) {
            word = "wifi"; /* "wi-fi" as one word */
            n = 4;
            cw.i = w.b + 3;
        }
        if (since < 3 && ON(things, word, n, 1)) {
            thing = 1;
        }
        /* the subject: a determiner among a sentence's first two words */
        since = nth <= 2 && ON(determiners, word, n, 0) ? 0 : since + 1;
    }
    if (thing) {
        s = pc_text_original(c->text, &len);
        thing = !named(s, len);
    }
    return thing;
}
