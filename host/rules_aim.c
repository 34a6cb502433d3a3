/* rules_aim.c: whom a judged unit (the whole post or one sentence, as the
 * model rules quote it) is aimed at, for rules_model.c, where it keeps the
 * harassment model's finding off a put-down of the organisation. The
 * policies and the blind batches' labelling decisions give a put-down its
 * category by whom it is aimed at: an insult at a person is harassment
 * (bullying); one at the organisation's board or staff as a body, or a
 * sweeping verdict on the people running it, runs the organisation down
 * (disparaging); one at a group by a protected characteristic is
 * harassment (discrimination), which the models cannot tell ("The board
 * should be sacked": 0.87 by the harassment model).
 *
 * A unit is aimed at
 * - a person (PC_AIM_PERSON): the second person, "he", "her", a handle
 *   in which none of the pack's names stands, a title ("Mrs", "Dr"), the
 *   role of one person ("the head", "our treasurer", "the caretaker");
 * - the organisation or its body (PC_AIM_ORG): one of the pack's names
 *   (as model_refer.c finds them; in a handle or hashtag, one standing in
 *   it as the account rule reads a handle: "@ALT_org", "#ALTconf", not
 *   "@saltydog", whose letters merely hold "alt", which the policies'
 *   clauses on running the organisation down do not reach; a one-word
 *   name as a word only where it is a mention of the pack as the pack
 *   itself names it, its mention matcher's case rule and not_mentions:
 *   "ALT", not "alt" or "ALT text", which are not the organisation) or a
 *   word for its body ("the board", "trustees", "SLT", "the committee",
 *   "management", "the staff");
 * - a protected group (PC_AIM_GROUP): a word of the shape features'
 *   group class (model_lists.c) or of the wider list below (age,
 *   disability, nationality, religion, sex, slurs by them), "over 65",
 *   "in their 60s", "those people".
 * Most words are read from the post's original text, cut by text_words.h
 * (the engine's word characters and sentence edges), an apostrophe inside
 * a word joined and dropped ("head's" is "heads", read as "head"),
 * lower-cased; the group words and the second
 * person also from the models' words (leet, masks: "0ld", "p*kis").
 * pc__rule_aim_unplaced reads a unit as pc__rule_aim does but for a body
 * named as where a person is ("Sarah at the trust office"), for
 * rules_putdown.c's put-down rules. Chosen on the development sets (models
 * README, sessions 29 to 33): a capitalised word inside a sentence was not
 * read as a person, nor an organisation model's finding aimed at a person
 * moved to harassment (mostly a leader put down by description). */
#include <stdlib.h>
#include <string.h>

#include "model_int.h"
#include "model_lists.h"
#include "model_words.h"
#include "postcheck/judge.h"
#include "rules_int.h"
#include "text_words.h"

/* How a unit's words are cut (text_words.h): an apostrophe inside a word
 * joined and left out of its key ("head's" is "heads"), a handle or
 * hashtag with its mark. */
#define AIM_WORDS (PC_WORDS_APOSTROPHE | PC_WORDS_TAGS)

/* Sorted lists (pc__rule_word_on searches them), lower case a to z; a
 * word ending in "s" is looked up without it too where said. */
/* The role of one person at the organisation (singular only: "the
 * teachers" are its staff). */
static const char *const roles[] = {
    "boss", "boy", "bursar", "caretaker", "ceo", "chair", "chairman",
    "chairperson", "chairwoman", "child", "cleaner", "clerk", "coach",
    "colleague", "coordinator", "coworker", "dean", "deputy", "director",
    "editor", "girl", "governor", "head", "headmaster", "headmistress",
    "headteacher", "kid", "lad", "lecturer", "manager", "president",
    "principal", "pupil", "receptionist", "registrar", "secretary", "senco",
    "student", "ta", "teacher", "technician", "treasurer", "trustee", "tutor",
};
/* The role of one person that is read as one only as it is written
 * (not as a capitalised name: "Officer"); its possessive too. */
static const char *const roles_x[] = {
    "administrator", "apprentice", "chef", "chief", "cook", "ect",
    "inspector", "instructor", "intern", "librarian", "member", "mentor",
    "nqt", "nurse", "officer", "sendco", "supervisor", "trainee", "volunteer",
};
/* Words for one person ("whoever runs it", "that guy"). */
static const char *const persons[] = {
    "bloke", "fella", "guy", "lady", "man", "somebody", "someone", "whoever",
};
/* A title before a name. */
static const char *const titles[] = {
    "dame", "dr", "miss", "mr", "mrs", "ms", "mx", "prof", "professor",
    "sir",
};
/* A third-person pronoun of one person. */
static const char *const one_person[] = {
    "he", "her", "herself", "hes", "him", "himself", "his", "she", "shes",
};
/* The organisation as a whole, its governing body and its staff as a
 * body. */
static const char *const bodies[] = {
    "academy", "alliance", "association", "board", "chapter", "committee",
    "conference", "council", "department", "executive", "faculty",
    "governors", "hq", "leadership", "management", "office", "organisation",
    "organization", "school", "schools", "slt", "smt", "society", "staff",
    "trust", "trustees",
};
/* Words of a protected characteristic beyond the shape features' group
 * class (which the models were trained with, so it stays as it is): age
 * ("old", "boomers", "senile"), disability ("bipolar", "stutter"),
 * nationality, race and religion ("Poles", "Somali", "white", "turban"),
 * sex ("ladies", "pregnant") and slurs by one of them ("paki",
 * "tranny"). A word ending in "s" is looked up without it too. */
static const char *const groups[] = {
    "adhd", "afghan", "aged", "albanian", "asylum", "autism", "bipolar",
    "boomer", "brown", "bulgarian", "burka", "caribbean", "codger",
    "cripple", "crippled", "disabilities", "disability", "downs",
    "dyslexia", "elderly", "epilepsy", "epileptic", "ethnic", "evangelical",
    "faith", "female", "foreign", "geriatric", "ghanaian", "girl", "gyppo",
    "hijab", "iranian", "iraqi", "jamaican", "kike", "kurd", "ladies",
    "lady", "lgbt", "lgbtq", "lithuanian", "male", "maternity", "mental",
    "mentally", "millennial", "mong", "mormon", "niqab", "nonbinary", "oap",
    "old", "older", "paki", "pensioner", "pentecostal", "pikey", "poles",
    "poof", "poofter", "pregnancy", "pregnant", "ptsd", "race", "racial",
    "raghead", "religion", "religious", "retard", "retarded", "retiree",
    "russian", "schizophrenia", "schizophrenic", "senile", "somali",
    "spastic", "spaz", "stammer", "stammering", "stutter", "syndrome",
    "syrian", "towelhead", "trannies", "tranny", "turban", "turk",
    "ukrainian", "white", "wog", "young", "youngster",
};
/* Capitalised words that name no person. */
static const char *const not_names[] = {
    "april", "august", "british", "christmas", "december", "dfe", "easter",
    "english", "february", "friday", "god", "i", "id", "ill", "im", "ive",
    "january", "july", "june", "march", "may", "monday", "november",
    "october", "ofsted", "saturday", "september", "sunday", "thursday",
    "tuesday", "wednesday",
};
/* What may follow a name that opens a sentence ("Dave from the office
 * is ..."). */
static const char *const follow[] = {
    "actually", "always", "and", "at", "can", "cannot", "cant", "could",
    "did", "does", "from", "had", "has", "in", "is", "just", "keeps",
    "literally", "needs", "never", "on", "really", "should", "still",
    "thinks", "was", "will", "wont", "would",
};
/* Words that open a sentence and name no one. */
static const char *const starters[] = {
    "a", "all", "also", "always", "an", "and", "another", "anybody",
    "anyone", "apparently", "as", "basically", "but", "clearly", "each",
    "every", "everybody", "everyone", "everything", "frankly", "he", "her",
    "here", "his", "honestly", "how", "i", "if", "it", "its", "just",
    "literally", "many", "most", "my", "never", "no", "nobody", "nothing",
    "now", "obviously", "oh", "one", "our", "sadly", "seriously", "she",
    "so", "some", "somebody", "someone", "something", "still", "that",
    "the", "their", "then", "there", "they", "this", "today", "tomorrow",
    "we", "well", "what", "when", "where", "which", "who", "whoever", "why",
    "yes", "yesterday", "you", "your",
};
/* After a singular insult, words that make it said of a body ("a useless
 * bunch"). */
static const char *const collective[] = {
    "band", "bunch", "crowd", "gang", "group", "load", "lot", "pack", "set",
    "shower",
};

#define LIST(v) v, sizeof v / sizeof *v

/* A word of n bytes, the key of a search of a sorted list. */
struct counted {
    const char *w;
    size_t n;
};

static int cmp_counted(const void *key, const void *e)
{
    const struct counted *k = key;
    const char *x = *(const char *const *)e;
    size_t xn = strlen(x);
    int r = memcmp(k->w, x, k->n < xn ? k->n : xn);

    return r ? r : (k->n > xn) - (k->n < xn);
}

int pc__rule_word_on(const char *const *v, size_t k, const char *w,
                     size_t n, int plural)
{
    struct counted key = {w, n};

    if (bsearch(&key, v, k, sizeof *v, cmp_counted)) {
        return 1;
    }
    return plural && n > 1 && w[n - 1] == 's' &&
           pc__rule_word_on(v, k, w, n - 1, 0);
}

/* 1 if the NUL-terminated word w is an entry of v[0, n). */
static int on(const char *const *v, size_t n, const char *w)
{
    return pc__rule_word_on(v, n, w, strlen(w), 0);
}

/* 1 if w (of len bytes) is an entry of v, or ends in "s" and is one
 * without it. */
static int on_or_plural(const char *const *v, size_t n, const char *w,
                        size_t len)
{
    return pc__rule_word_on(v, n, w, len, 1);
}

/* The bytes of the possessive mark that ends the word x of s ("'s", 2;
 * U+2019 then "s", 4), or 0: its key has lost the apostrophe ("head's"
 * is "heads"). */
static size_t possessive(const char *s, const pc_text_word *x)
{
    size_t a = x->a, b = x->b;

    if (x->n < 2 || x->key[x->n - 1] != 's' || b - a <= 2 ||
        s[b - 1] != 's') {
        return 0;
    }
    if (s[b - 2] == '\'') {
        return 2;
    }
    return b - a > 4 && memcmp(s + b - 4, "\xe2\x80\x99", 3) == 0 ? 4 : 0;
}

/* 1 if the word x of s (its key w of n bytes) is an entry of v (roles of
 * one person) or its possessive ("the head's"). */
static int role(const char *s, const pc_text_word *x, const char *w,
                size_t n, const char *const *v, size_t nv)
{
    return on(v, nv, w) || (possessive(s, x) && on_or_plural(v, nv, w, n));
}

/* 1 if the word x starts with a capital and a small letter. */
static int capital(const char *s, const pc_text_word *x)
{
    return s[x->a] >= 'A' && s[x->a] <= 'Z' && x->b > x->a + 1 &&
           s[x->a + 1] >= 'a' && s[x->a + 1] <= 'z';
}

/* 1 if one of the pack's names stands in the word x of s, a handle,
 * hashtag or capitalised word, as model_refer.c reads a handle: "#ALTconf"
 * and "@JaneALT" name ALT, "@saltydog" and "Walter" do not. */
static int name_stands(const pc_pack *p, const char *s,
                       const pc_text_word *x)
{
    char cased[4 * (PC_TEXT_KEY_MAX + 1)];
    char fold[PC_TEXT_KEY_MAX + 1];
    size_t n = x->b - x->a, cut = possessive(s, x);

    /* A possessive ("@ALT's trustees") is the name's: without its mark
     * the name would seem to have a letter beside it ("alts"). */
    memcpy(fold, x->key, sizeof fold);
    if (cut) {
        n -= cut;
        fold[x->n - 1] = '\0';
    }
    if (n >= sizeof cased) {
        return pc__model_handle_names(p, fold, NULL);
    }
    memcpy(cased, s + x->a, n);
    cased[n] = '\0';
    return pc__model_handle_names(p, fold, cased);
}

/* The pack's mentions in the post, as its own mention matcher finds them
 * (a name's case rule: ALT's "ALT" is written so, "alt" is not it) less
 * those inside one of its not_mentions ("ALT text", "alt-right"), as
 * rules.c reads the post's mentions; found when a unit first holds a word
 * that is one of the pack's one-word names. */
struct said {
    int done;
    pc__u16 *v; /* UTF-16 spans of the original */
    size_t n;
};

static void find_said(pc__ctx *c, struct said *m)
{
    pc__u16 *no = NULL;
    size_t nn = 0, k = 0;

    m->done = 1;
    if (pc__run_u16(c, &c->pack->mention, c->text, &m->v, &m->n) != PC_OK ||
        (m->n && !pc__matcher_empty(&c->pack->not_mention) &&
         pc__run_u16(c, &c->pack->not_mention, c->text, &no, &nn) !=
             PC_OK)) {
        c->status = PC_ERR_NOMEM;
    }
    for (size_t i = 0; i < m->n; i++) {
        size_t j = 0;
        while (j < nn && !(no[j].start <= m->v[i].start &&
                           no[j].end >= m->v[i].end)) {
            j++;
        }
        if (j == nn) {
            m->v[k++] = m->v[i];
        }
    }
    m->n = k;
    free(no);
}

/* 1 if the word x of the original text, one of the pack's one-word names
 * by its letters, is a mention of the pack (struct said). */
static int said_here(pc__ctx *c, struct said *m, const pc_text_word *x)
{
    if (!m->done) {
        find_said(c, m);
    }
    for (size_t i = 0; i < m->n; i++) {
        if (pc_text_u16_to_byte(c->text, (size_t)m->v[i].start) < x->b &&
            pc_text_u16_to_byte(c->text, (size_t)m->v[i].end) > x->a) {
            return 1;
        }
    }
    return 0;
}

/* Whom the word x of the original text aims at; first: it opens the unit
 * or a sentence (a stop or colon before it); next: the word after it
 * (NULL when none); named: x is a mention of the pack by one of its
 * one-word names (said_here). */
static unsigned word_aim(const pc_pack *p, const char *s,
                         const pc_text_word *x, int first,
                         const pc_text_word *next, int named)
{
    const struct pc__model_lists *l = pc__model_lists();
    const char *w = x->key;
    int tagged = s[x->a] == '@' || s[x->a] == '#';
    size_t n = x->n;
    unsigned aim = 0;
    int other;

    if (n == 0) {
        return 0;
    }
    if (tagged) {
        return name_stands(p, s, x) ? PC_AIM_ORG
               : s[x->a] == '@'   ? PC_AIM_PERSON
                                  : 0;
    }
    if (named || on(LIST(bodies), w)) {
        aim |= PC_AIM_ORG;
    }
    if (w[0] >= 'a' && w[0] <= 'z' &&
        pc__model_listed(l, PC_LIST_GROUP, w, n)) {
        aim |= PC_AIM_GROUP;
    }
    if ((w[0] >= 'a' && w[0] <= 'z' &&
         pc__model_listed(l, PC_LIST_YOU, w, n)) ||
        on(LIST(one_person), w) || on(LIST(titles), w) ||
        role(s, x, w, n, roles, sizeof roles / sizeof *roles)) {
        aim |= PC_AIM_PERSON;
    }
    /* Words of a group or a person that do not stop a capitalised word
     * being read as a name inside a sentence. */
    other = on_or_plural(LIST(groups), w, n) || on(LIST(persons), w) ||
            (w[0] >= 'a' && w[0] <= 'z' &&
             pc__model_listed(l, PC_LIST_THEY, w, n));
    /* A name: a capitalised word inside a sentence, or opening one before
     * a word such as "is" or "from" ("Dave from the office is ..."). */
    if (!aim && capital(s, x) && !on_or_plural(LIST(not_names), w, n) &&
        !on_or_plural(LIST(roles), w, n) && !name_stands(p, s, x) &&
        (!first || (!other && !on(LIST(starters), w) && next &&
                    next->n > 0 && on(LIST(follow), next->key)))) {
        aim |= PC_AIM_PERSON;
    }
    if (on_or_plural(LIST(groups), w, n) ||
        (n == 3 && w[0] >= '1' && w[0] <= '9' && w[1] == '0' &&
         w[2] == 's') ||
        (n > 4 && memcmp(w, "over", 4) == 0 && w[4] >= '0' && w[4] <= '9')) {
        aim |= PC_AIM_GROUP; /* "the over-60s", "teachers in their 60s" */
    }
    if (on(LIST(persons), w) ||
        role(s, x, w, n, roles_x, sizeof roles_x / sizeof *roles_x)) {
        aim |= PC_AIM_PERSON;
    }
    return aim;
}

/* 1 if the word x of s gives an age after "over" ("over 65", "over
 * sixty"). */
static int an_age(const char *s, const pc_text_word *x)
{
    static const char *const tens[] = {"fifty", "seventy", "sixty"};

    return (s[x->a] >= '0' && s[x->a] <= '9') ||
           (x->n > 0 && on(LIST(tens), x->key));
}

/* 1 if word i of ws is a determiner of one ("a", "an", "that",
 * "this"). */
static int one_det(const struct words *ws, size_t i)
{
    static const char *const dets[] = {"a", "an", "that", "this"};

    return ws->v[i].kind == W_WORD && on(LIST(dets), ws->v[i].w);
}

static int body_word(const struct words *ws, size_t i)
{
    return ws->v[i].kind == W_WORD && on(LIST(bodies), ws->v[i].w);
}

/* 1 if word i of ws is an insult said of one person: an entry of the
 * insult class (model_lists.c) right after "a", "an", "that" or "this",
 * or one word after it that is no body ("that cretin", "a useless
 * tosser"), and not before a word of a collective or a body ("a useless
 * bunch"). */
static int insult_at_one(const struct words *ws, size_t i)
{
    const struct word *w = &ws->v[i];

    if (w->kind != W_WORD ||
        !pc__model_listed_as_is(pc__model_lists(), PC_LIST_INSULT, w->w,
                                w->len) ||
        (i + 1 < ws->n && ws->v[i + 1].kind == W_WORD &&
         (on(LIST(collective), ws->v[i + 1].w) || body_word(ws, i + 1)))) {
        return 0;
    }
    return (i >= 1 && one_det(ws, i - 1)) ||
           (i >= 2 && one_det(ws, i - 2) && !body_word(ws, i - 1));
}

/* Whom the unit aims at by the models' words (model_words.h: leet and
 * masks read as letters, "t r a n n y" joined, "p*kis" read as the
 * insult it hides): a group word of either list, "those people" or
 * "these lot" (a group set apart), the second person. Cut by the models'
 * own cutting (pc__model_cut_words), not text_words.h, on purpose: a
 * disguised word is one word only as the models read it ("p*kis", "0ld"
 * are two or no words by the engine's word characters). */
static unsigned model_aim(pc__ctx *c, const pc_unit *u)
{
    size_t len;
    const char *s = pc_text_view(c->text, PC_VIEW_FOLD, &len);
    size_t end = u->end < len ? u->end : len;
    struct words *ws;
    unsigned aim = 0;

    if (u->start >= end) {
        return 0;
    }
    ws = malloc(sizeof *ws);
    if (!ws) {
        return PC_AIM_GROUP; /* out of memory: the finding stays r's */
    }
    pc__model_cut_words((const unsigned char *)s + u->start, end - u->start,
                        ws);
    pc__model_join_spaced(ws);
    pc__model_tag_words(ws);
    for (size_t i = 0; i < ws->n; i++) {
        struct word *w = &ws->v[i];
        const char *prev = i > 0 ? ws->v[i - 1].w : "";
        if (w->kind != W_WORD) {
            continue;
        }
        if (w->tag == 'G' || on_or_plural(LIST(groups), w->w, w->len) ||
            ((strcmp(w->w, "people") == 0 || strcmp(w->w, "lot") == 0) &&
             (strcmp(prev, "those") == 0 || strcmp(prev, "these") == 0))) {
            aim |= PC_AIM_GROUP;
        }
        if (w->tag == 'Y') {
            aim |= PC_AIM_PERSON;
        }
        if (insult_at_one(ws, i)) {
            aim |= PC_AIM_PERSON | PC_AIM_INSULT;
        }
    }
    free(ws);
    return aim;
}

/* Whom u aims at; with at, no body or name within three words after a
 * preposition ("Sarah at the trust office": where a person works). */
static unsigned unit_aim(pc__ctx *c, const pc_unit *u, int at)
{
    static const char *const preps[] = {"across", "at", "by",   "for", "from",
                                        "in", "of", "on", "with", "within"};
    size_t len, us, ue, a, b, k = 0, prep = 0; /* words, since one */
    const char *s = pc_text_original(c->text, &len);
    unsigned aim, wa;
    pc_text_words cw;
    pc_text_word x[2]; /* the word read and the one after it */
    int more, cur = 0, over = 0; /* the last word was "over" */
    struct said said = {0};

    pc_text_span(c->text, PC_VIEW_FOLD, u->start, u->end, &us, &ue);
    a = pc_text_u16_to_byte(c->text, us);
    b = pc_text_u16_to_byte(c->text, ue);
    b = b < len ? b : len;
    aim = pc__model_names_pack(c->pack, s, len, a, b, AIM_WORDS, 0)
              ? PC_AIM_ORG
              : 0;
    pc_text_words_init(&cw, s, len, a, b, AIM_WORDS);
    more = pc_text_words_next(&cw, &x[cur]);
    while (more) {
        const pc_text_word *w = &x[cur];
        /* the unit's first word, or one after a stop or colon; not one
         * after a line break, which the development sets chose as it
         * was (a line's first capitalised word read as a name) */
        int first = k == 0 || (w->gap & (PC_GAP_STOP | PC_GAP_COLON));
        int named = w->n > 0 && s[w->a] != '@' && s[w->a] != '#' &&
                    pc__model_name_word(c->pack, w->key) &&
                    said_here(c, &said, w);
        more = pc_text_words_next(&cw, &x[!cur]);
        wa = word_aim(c->pack, s, w, first, more ? &x[!cur] : NULL, named);
        aim |= at && prep && k - prep < 3 ? wa & ~(unsigned)PC_AIM_ORG : wa;
        if (over && an_age(s, w)) {
            aim |= PC_AIM_GROUP;
        }
        over = strcmp(w->key, "over") == 0;
        prep = on(LIST(preps), w->key) ? k + 1 : prep;
        k++;
        cur = !cur;
    }
    free(said.v);
    return aim | model_aim(c, u);
}

unsigned pc__rule_aim(pc__ctx *c, const pc_unit *u)
{
    return unit_aim(c, u, 0);
}

unsigned pc__rule_aim_unplaced(pc__ctx *c, const pc_unit *u)
{
    return unit_aim(c, u, 1);
}
