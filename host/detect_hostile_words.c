/* detect_hostile_words.c: the hostile detector's words: the lexicon of
 * negative evaluations, loaded from policies/lists/hostile-words.txt, and
 * the word classes of its grammar (targets, fillers, negators, cues of
 * reported speech), which are compiled in. */
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "builtin.h"
#include "detect_hostile.h"

/* ---- word classes (grammar, not lexicon) ---- */


const char *const pc__hx_second_person[] = {
    "you", "u", "yourself", "yourselves", "ya", "ur", "you've", "you'll",
    "you'd", "y'all", NULL
};
const char *const pc__hx_second_clitic[] = {
    "you're", "youre", "u're", "ure", NULL
};
const char *const pc__hx_titles[] = {
    "mr", "mrs", "ms", "dr", "mx", "prof", "professor", "cllr",
    "councillor", NULL
};
const char *const pc__hx_cap_titles[] = {"miss", "sir", "coach", NULL};
const char *const pc__hx_determiners[] = {
    "the", "our", "my", "your", "their", "his", "her", "this", "that",
    "whose", "these", "those", "ur", NULL
};
const char *const pc__hx_role_adj[] = {
    "new", "current", "acting", "interim", "old", "so-called", "executive",
    "national", "local", "whole", "entire",
    "assistant", "deputy", "senior", "dear", "beloved", "esteemed", NULL
};
/* Leaders: a put-down of one reads as disparaging the organisation
 * they lead; need a determiner ("the head"). */
const char *const pc__hx_leaders[] = {
    "head", "headteacher", "headmaster", "headmistress", "principal",
    "ceo", "chair", "chairman", "chairwoman", "chairperson", "director",
    "president", "exec", "head's", "ceo's", "chair's", "president's",
    "principal's", "headteacher's", NULL
};
/* Individual roles: need a determiner ("our new deputy"). */
const char *const pc__hx_roles[] = {
    "deputy", "senco", "manager", "boss", "teacher", "governor",
    "trustee", "colleague", "inspector", "coordinator", "receptionist",
    "caretaker", "hod", "secretary", "treasurer", "bursar", "ta", "line",
    "senco's", "deputy's", "boss's", "manager's", "supply", "tutor",
    "assistant", "chaplain", "clerk", "officer", "coach", "member", "lead",
    "leader", "technician", "librarian", "mentor", NULL
};
/* Collectives: targets with or without a determiner. */
const char *const pc__hx_collectives[] = {
    "management", "slt", "smt", "leadership", "leaders", "trustees",
    "governors", "parents", "families", "pupils", "students", "kids",
    "children", "members", "colleagues", "staff", "teachers", "admin",
    "committee", "executives", "directors", "managers", "hq", "mums",
    "dads", "slt's", "management's", "leadership's", NULL
};
/* Collectives that need a determiner ("the board", "the trust"). */
const char *const pc__hx_det_collectives[] = {
    "board", "trust", "council", "academy", "school", "office", "union",
    "department", "team", "association", "society", "organisation",
    "organization", "charity", "branch", "executive", "chapter", NULL
};
/* Groups by a protected characteristic (Equality Act 2010). */
const char *const pc__hx_protected_groups[] = {
    "immigrants", "migrants", "foreigners", "refugees", "muslims", "jews",
    "christians", "hindus", "sikhs", "catholics", "gays", "lesbians",
    "gypsies", "pensioners", "blacks", "asians", "africans", "arabs",
    "pakistanis", "poles", "romanians", "women", "men", "transgenders",
    "trannies", "homosexuals", "feminists", "disabled", "elderly", NULL
};
/* "X people": a protected group named by an adjective. */
const char *const pc__hx_protected_adj[] = {
    "black", "white", "gay", "trans", "transgender", "disabled",
    "autistic", "old", "muslim", "jewish", "asian", "foreign", "deaf",
    "blind", "pregnant", "polish", "african", "indian", "chinese",
    "lesbian", "bi", "queer", "religious", "elderly", "older", NULL
};
const char *const pc__hx_people_nouns[] = {
    "people", "folk", "folks", "women", "men", "kids", "children",
    "staff", "colleagues", "pupils", "students", "parents", "mums", NULL
};
/* Nouns after a person word that make it a thing ("parents evening",
 * "your printer"). */
const char *const pc__hx_things[] = {
    "printer", "weather", "traffic", "wifi", "internet", "phone",
    "laptop", "computer", "car", "train", "trains", "bus", "website",
    "app", "software", "system", "coffee", "tea", "food", "cake",
    "meeting", "meetings", "monday", "mondays", "parking", "photocopier",
    "code", "email", "emails", "inbox", "account", "password", "order",
    "delivery", "service", "evening", "evenings", "room", "portal",
    "night", "association", "forum", "day", "days", "survey",
    "newsletter", "park", "rota", "training", "party", "toilet",
    "toilets", "lounge", "handbook", "trip", "uniform", "kitchen",
    "jokes", "joke", "parking", "signal", "battery", "connection",
    "broadband", "heating", "boiler", "photocopier", "printers", NULL
};
/* Words that may stand between a target and a trait or predicate. */
const char *const pc__hx_fillers[] = {
    "is", "are", "was", "were", "am", "be", "been", "being", "seem",
    "seems", "seemed", "look", "looks", "looked", "sound", "sounds",
    "become", "becomes", "became", "becoming", "remain", "remains", "get",
    "gets", "got", "getting", "act", "acts", "acting", "has", "have",
    "had", "will", "would", "could", "can", "must", "might", "may",
    "so", "such", "really", "truly", "just", "quite", "pretty", "very",
    "totally", "completely", "utterly", "absolutely", "always", "still",
    "now", "officially", "literally", "actually", "genuinely", "honestly",
    "seriously", "clearly", "obviously", "frankly", "basically", "simply",
    "all", "both", "too", "even", "most", "also", "again", "rather", "a",
    "an", "the", "bit", "bunch", "of", "lot", "load", "complete",
    "absolute", "total", "utter", "bloody", "fucking", "effing",
    "proper", "massive", "as", "ever", "who", "at", "in", "our", "this",
    "school", "trust", "academy", "right", "beyond", "frankly",
    "increasingly", "entirely", "wholly", "collectively", "lately",
    "today", "again", "once", "more", "an", "biggest", "utterly", NULL
};
/* Linking words: a trait after a target needs one between them. */
const char *const pc__hx_linkers[] = {
    "is", "are", "was", "were", "am", "be", "been", "being", "seem",
    "seems", "seemed", "look", "looks", "looked", "sound", "sounds",
    "become", "becomes", "became", "becoming", "remain", "remains", "act",
    "acts", "acting", "get", "gets", "got", "getting", NULL
};
/* Words between an attitude and its target ("sick of hearing from"). */
const char *const pc__hx_att_fillers[] = {
    "the", "our", "my", "all", "these", "those", "this", "of", "with",
    "by", "being", "listening", "to", "dealing", "hearing", "from",
    "working", "so", "much", "bloody", "fucking", "entitled", "useless",
    "lazy", "rude", "some", "certain", "your", "their", NULL
};
/* Words between a trait and a target after it ("lazy, useless parents"). */
const char *const pc__hx_attr_fillers[] = {
    "new", "old", "bunch", "lot", "load", "set", "pack", "shower", "of",
    "our", "the", "my", "these", "those", "and", "bloody", "fucking", NULL
};
const char *const pc__hx_negators[] = {
    "not", "never", "no", "hardly", "far", "nothing", "nor", "neither",
    "none", "without", "nobody", "barely", "stop", NULL
};
/* Reported, quoted or supposed speech: the sentence is not the
 * author's own put-down. */
const char *const pc__hx_cues[] = {
    "called", "call", "calls", "calling", "said", "says", "say", "saying",
    "told", "tell", "tells", "telling", "accused", "accuse", "accusing",
    "claimed", "claims", "claim", "heard", "hear", "if", "unless",
    "someone", "somebody", "anyone", "anybody", "whether", "apparently",
    "labelled", "labeled", "branded", "joked", "joking", "kidding",
    "quote", "quoted", "wrote", "tweeted", "feel", "felt", "worry",
    "worried", "afraid", "scared", "fear",
    "assume", "assumed", "bullying", "bullied", "bully", "myth", "stop",
    "anti-bullying", "imagine", NULL
};


/* ---- the lexicon ---- */

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const struct lex_entry *)a)->p,
                  ((const struct lex_entry *)b)->p);
}

void pc__hostile_free(struct pc__hostile *h)
{
    if (!h)
        return;
    free(h->text);
    free(h->v);
    free(h->slot);
    free(h);
}

/* Adds one trimmed, non-empty line p[0, n) of h->text: an optional kind
 * mark, then the phrase, NUL-terminated in place (no allocation a
 * phrase). Returns 0 or -1 (out of memory). */
static int lex_add(struct pc__hostile *h, char *p, size_t n, size_t *cap)
{
    struct lex_entry *x, *v;
    const char *sp;
    int type = EV_TRAIT;

    if (*p == '+' || *p == '>' || *p == '!') {
        type = *p == '+' ? EV_PRED : *p == '>' ? EV_ATT : EV_CMD;
        p++;
        n--;
    }
    if (n == 0)
        return 0;
    v = pc__grow(h->v, h->n, cap, sizeof *v, 256);
    if (!v)
        return -1;
    h->v = v;
    x = &h->v[h->n];
    x->p = p;
    x->p[n] = '\0';
    sp = memchr(x->p, ' ', n);
    x->first = sp ? (size_t)(sp - x->p) : n;
    x->type = type;
    h->n++;
    return 0;
}

/* pc__hx_head of w[0, n), which may end before 8 bytes. */
static uint64_t head_of(const char *w, size_t n)
{
    char first[8] = {0};

    memcpy(first, w, n < 8 ? n : 8);
    return pc__hx_head(first, n);
}

static unsigned long hash_word(const char *w, size_t n)
{
    return pc__hx_hash(head_of(w, n), n);
}

/* Adds bits to word w[0, n) (kept by pointer: it lives as long as h);
 * returns its slot. */
static struct hx_slot *class_add(struct pc__hostile *h, const char *w,
                                 size_t n, unsigned long bits)
{
    size_t k = hash_word(w, n) & (h->nslot - 1);

    while (h->slot[k].w && !(h->slot[k].n == n &&
                             memcmp(h->slot[k].w, w, n) == 0))
        k = (k + 1) & (h->nslot - 1);
    if (!h->slot[k].w) {
        h->slot[k].w = w;
        h->slot[k].n = n;
        h->slot[k].head = head_of(w, n);
    }
    h->slot[k].cls |= bits;
    return &h->slot[k];
}

const struct hx_slot *pc__hx_lookup(const struct pc__hostile *h,
                                    const char *w, size_t n)
{
    return pc__hx_lookup_hashed(h, w, n, hash_word(w, n));
}

const struct hx_slot *pc__hx_lookup_hashed(const struct pc__hostile *h,
                                           const char *w, size_t n,
                                           unsigned long hash)
{
    size_t k;

    if (!h->nslot || n == 0)
        return NULL;
    k = (size_t)hash & (h->nslot - 1);
    while (h->slot[k].w) {
        if (h->slot[k].n == n && memcmp(h->slot[k].w, w, n) == 0)
            return &h->slot[k];
        k = (k + 1) & (h->nslot - 1);
    }
    return NULL;
}

static const char *const *const class_lists[] = {
    pc__hx_second_person,
    pc__hx_second_clitic,
    pc__hx_titles,
    pc__hx_cap_titles,
    pc__hx_determiners,
    pc__hx_role_adj,
    pc__hx_leaders,
    pc__hx_roles,
    pc__hx_collectives,
    pc__hx_det_collectives,
    pc__hx_protected_groups,
    pc__hx_protected_adj,
    pc__hx_people_nouns,
    pc__hx_things,
    pc__hx_fillers,
    pc__hx_linkers,
    pc__hx_att_fillers,
    pc__hx_attr_fillers,
    pc__hx_negators,
    pc__hx_cues,
};

/* Hashes every word of every class, and the first word of every lexicon
 * phrase with the entries it begins: the lexicon is sorted by strcmp and
 * no phrase holds a byte below ' ', so the phrases whose first word is
 * w ("w", then "w ...") stand side by side. Returns 0 or -1 (out of
 * memory). */
static int build_classes(struct pc__hostile *h)
{
    size_t total = h->n, i, k;

    for (i = 0; i < sizeof class_lists / sizeof *class_lists; i++)
        for (k = 0; class_lists[i][k]; k++)
            total++;
    h->nslot = 64;
    while (h->nslot < total * 2)
        h->nslot *= 2;
    h->slot = calloc(h->nslot, sizeof *h->slot);
    if (!h->slot)
        return -1;
    for (i = 0; i < sizeof class_lists / sizeof *class_lists; i++)
        for (k = 0; class_lists[i][k]; k++)
            class_add(h, class_lists[i][k], strlen(class_lists[i][k]),
                      1ul << i);
    for (i = 0; i < h->n; i++) {
        struct hx_slot *x = class_add(h, h->v[i].p, h->v[i].first,
                                      PC__HX_lex);
        if (x->lex_hi == 0)
            x->lex_lo = i;
        x->lex_hi = i + 1;
    }
    return 0;
}

struct pc__hostile *pc__hostile_new(void)
{
    const struct pc__blob *b = pc__builtin_list("hostile-words");
    struct pc__hostile *h = calloc(1, sizeof *h);
    char *p, *end;
    size_t cap = 0;

    if (!h || !b)
        return h;
    h->text = malloc(b->len + 1);
    if (!h->text) {
        pc__hostile_free(h);
        return NULL;
    }
    memcpy(h->text, b->data, b->len);
    h->text[b->len] = '\0';
    for (p = h->text, end = h->text + b->len; p < end;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *e = nl ? nl : end;

        while (e > p && (e[-1] == ' ' || e[-1] == '\r' || e[-1] == '\t'))
            e--;
        while (p < e && (*p == ' ' || *p == '\t'))
            p++;
        if (e > p && *p != '#' && lex_add(h, p, (size_t)(e - p), &cap)) {
            pc__hostile_free(h);
            return NULL;
        }
        p = nl ? nl + 1 : end;
    }
    qsort(h->v, h->n, sizeof *h->v, cmp_entry);
    if (build_classes(h)) {
        pc__hostile_free(h);
        return NULL;
    }
    return h;
}

