/* model_lists.c: the word lists of the model features and of
 * model_refer.c (model_lists.h), and their index by first letter, so a
 * word is compared only with the entries that start as it does (the
 * look-up, pc__model_listed, is inline in the header): one index for the
 * process, made at its first use (pc__model_lists). */
#include "model_lists.h"

#include <string.h>

/* Words that refer to an organisation as a whole or its governing body,
 * whichever pack checks the post (the features know no pack): what a
 * member or employee calls it ("the trust", "the board", "the
 * conference", "SLT") and the five built-in packs' short names. Sorted,
 * lower case a to z (pc__model_lists_index finds each letter's
 * entries). */
static const char *const org_words[] = {
    "academy", "ala", "alliance", "alt", "association", "board", "ceo",
    "chapter", "committee", "conference", "executive", "faculty", "firm",
    "governors", "hq", "leadership", "llmat", "management", "organisation",
    "organization", "school", "slt", "society", "trust", "trustees",
};

/* Words and stems of negative evaluation: what a put-down of an
 * organisation says without an insult word (decline, amateurishness,
 * waste, cronyism, pretence, neglect) and the general words of judging
 * something bad. Sorted, lower case a to z, as org_words; shorter words
 * than the shortest entry are not looked up. */
static const char *const neg_stems[] = {
    "absurd", "abysmal", "amateur", "appalling", "arrogan", "awful",
    "backward", "bland", "bloated", "boring", "boxtick", "broken",
    "bureaucra", "chaos", "chaotic", "clique", "clueless", "coasting",
    "condescend", "corrupt", "cronies", "crony", "dated", "declin", "dire",
    "disappoint", "disgrace", "dreadful", "dull", "dysfunction", "elitis",
    "embarrass", "excuse", "fail", "failed", "failing", "fails", "failure",
    "farce", "feeble", "gimmick", "glorified", "gravy", "greed", "gutless",
    "hopeless", "hypocri", "ignor", "incompet", "inept", "irrelevan", "joke",
    "jokes", "junket", "laughable", "lazy", "mediocr", "mess", "messy",
    "neglect", "nepotis", "nonsense", "outdated", "overpaid", "overpriced",
    "pathetic", "patronis", "patroniz", "pointless", "poor", "poorly",
    "pretend", "ridiculous", "ripoff", "rotten", "rubbish", "shabby", "sham",
    "shambl", "shame", "sinking", "sloppy", "snob", "snobb", "spineless",
    "stagnat", "terrible", "toothless", "toxic", "useless", "vanity", "waste",
    "worse", "worst",
};

/* The lists of model_refer.c: lower case a to z, sorted, singular (a
 * word ending in "s" is looked up without it too). */

/* What a member or an employee calls the organisation, its governing
 * body, its people, its events and its work. */
static const char *const ref_words[] = {
    "academy", "agm", "alliance", "association", "board", "ceo", "chair",
    "chapter", "child", "children", "class", "colleague", "committee",
    "conference", "department", "director", "employer", "event", "executive",
    "faculty", "families", "family", "firm", "governor", "head",
    "headteacher", "here", "hq", "journal", "kid", "leader", "leadership",
    "management", "manager", "meeting", "member", "membership", "newsletter",
    "office", "organisation", "organization", "parent", "partner", "place",
    "plan", "policy", "pupil", "restructure", "scheme", "school", "service",
    "slt", "society", "sponsor", "staff", "staffroom", "student", "teacher",
    "team", "trainee", "trust", "trustee", "vendor", "volunteer", "webinar",
    "website", "workplace",
};

/* Words of plain praise and good wishes. */
static const char *const praise_words[] = {
    "amazing", "best", "brilliant", "congrats", "congratulation",
    "delighted", "enjoyed", "excellent", "fabulous", "fantastic",
    "grateful", "great", "happy", "inspiring", "love", "loved", "lovely",
    "outstanding", "pleased", "privilege", "proud", "superb", "thank",
    "thanks", "thrilled", "welcome", "wonderful",
};

/* What keeps praise from being plain: negation, a contrast or condition,
 * the shapes of sarcasm ("another", "apparently", "clearly", "since",
 * "oh", "yeah") and words that judge something bad. */
static const char *const unplain_words[] = {
    "again", "ago", "almost", "another", "anymore", "apparently", "awful",
    "bad", "but", "clearly", "cut", "decline", "disgrace", "embarrassing",
    "except", "fewer", "glorified", "if", "joke", "just", "less", "lost",
    "mess", "never", "no", "nobody", "not", "nothing", "now", "oh", "once",
    "only", "pointless", "poor", "sadly", "shambles", "since", "sure",
    "surely", "t", "terrible", "though", "turned", "used", "useless",
    "waste", "worse", "worst", "yeah", "yet",
};

/* Bodies outside the organisation that its people often criticise: a
 * sentence about them is about them, even in a post that names the
 * organisation elsewhere. */
static const char *const outside_words[] = {
    "chancellor", "council", "dfe", "government", "govt", "minister",
    "ministry", "mp", "ofsted", "parliament", "politician", "regulator",
    "treasury",
};

/* The shape features' word classes (model_feat.c): sorted, lower case a
 * to z. */

/* A group by a protected characteristic (sex, gender identity,
 * sexuality, disability, religion, race, nationality, age): what a
 * stereotype, derogation or exclusion is said of. Singular (a word
 * ending in "s" is looked up without it too). Since session 32 the
 * nationalities, national origins, regions and faiths are written out as
 * what the words are (demonyms of the countries, of the UK's nations and
 * cities and of the world's regions, and the names of faiths and their
 * followers), not from any post; left out, the demonyms that are a school
 * subject or an everyday word first ("english", "french", "german",
 * "spanish", "latin", "georgian", "pole", "finn", "swede", "kiwi", "yank"). */
static const char *const group_words[] = {
    "aboriginal", "adventist", "afghan", "african", "agnostic", "albanian",
    "algerian", "american", "amish", "anglican", "angolan", "arab",
    "argentinian", "armenian", "asian", "atheist", "aussie", "australian",
    "austrian", "autistic", "azerbaijani", "bahai", "balkan", "baltic",
    "bame", "bangladeshi", "baptist", "barbadian", "belarusian", "belgian",
    "bengali", "bisexual", "black", "blind", "bolivian", "bosnian",
    "brazilian", "brit", "british", "brummie", "buddhist", "bulgarian",
    "burmese", "cambodian", "cameroonian", "canadian", "caribbean",
    "catholic", "caucasian", "chilean", "chinese", "christian", "cockney",
    "colombian", "congolese", "cornish", "croatian", "cuban", "cypriot",
    "czech", "dane", "danish", "deaf", "disabled", "dutch", "dyslexic",
    "ecuadorian", "egyptian", "elderly", "emirati", "eritrean", "estonian",
    "ethiopian", "european", "evangelical", "feminist", "fijian", "filipina",
    "filipino", "finnish", "foreigner", "gambian", "gay", "geordie",
    "ghanaian", "glaswegian", "greek", "gujarati", "guyanese", "gypsies",
    "gypsy", "haitian", "hasidic", "hindu", "hispanic", "homosexual",
    "hungarian", "icelandic", "immigrant", "indian", "indonesian", "inuit",
    "iranian", "iraqi", "irish", "islamic", "israeli", "italian", "ivorian",
    "jain", "jamaican", "japanese", "jehovah", "jew", "jewish", "jordanian",
    "kashmiri", "kazakh", "kenyan", "korean", "kosovan", "kosovar", "kurd",
    "kurdish", "kuwaiti", "lankan", "latina", "latino", "latvian", "lebanese",
    "lesbian", "liberian", "libyan", "lithuanian", "liverpudlian", "londoner",
    "lutheran", "macedonian", "malawian", "malaysian", "maltese", "mancunian",
    "maori", "mauritian", "men", "methodist", "mexican", "migrant",
    "moldovan", "mongolian", "montenegrin", "mormon", "moroccan", "moslem",
    "mozambican", "muslim", "namibian", "nepalese", "nepali", "nigerian",
    "nordic", "northerner", "norwegian", "oriental", "pagan", "pakistani",
    "palestinian", "pensioner", "pentecostal", "persian", "peruvian",
    "polish", "portuguese", "presbyterian", "protestant", "punjabi", "qatari",
    "quaker", "queer", "rastafarian", "refugee", "roma", "romanian", "romany",
    "russian", "rwandan", "saudi", "scandinavian", "scientologist", "scot",
    "scottish", "scouse", "scouser", "senegalese", "serb", "serbian", "shia",
    "sikh", "singaporean", "slav", "slavic", "slovak", "slovakian",
    "slovenian", "somali", "somalian", "southerner", "sudanese", "sunni",
    "swedish", "swiss", "syrian", "taiwanese", "tamil", "tanzanian", "thai",
    "tibetan", "trans", "transgender", "traveller", "trinidadian", "tunisian",
    "turk", "turkish", "ugandan", "ukrainian", "uzbek", "venezuelan",
    "vietnamese", "welsh", "wheelchair", "wiccan", "woman", "women", "yemeni",
    "zambian", "zimbabwean", "zoroastrian",
};

/* The second person (a person addressed). */
static const char *const you_words[] = {
    "u", "ur", "ya", "you", "youd", "youll", "your", "youre", "yours",
    "yourself", "youve",
};

/* Third-person pronouns and pointers: who a remark may be about. */
static const char *const they_words[] = {
    "he", "her", "hes", "him", "his", "she", "shes", "their", "them",
    "themselves", "these", "they", "theyd", "theyll", "theyre", "those",
};

/* Verbs of physical harm (a threat's verb); stems of five letters or
 * more also as a word's start. */
static const char *const harm_words[] = {
    "attack", "bash", "batter", "beat", "burn", "choke", "deck", "destroy",
    "hang", "hit", "hunt", "hurt", "kick", "kill", "knife", "lynch", "murder",
    "punch", "shoot", "slap", "smack", "smash", "stab", "strangle", "thump",
    "torch",
};

/* Nouns that liken people to animals, vermin, disease or dirt. */
static const char *const dehum_words[] = {
    "animal", "ape", "bacteria", "cancer", "cockroach", "cockroaches",
    "disease", "filth", "germ", "infestation", "insect", "leech", "maggot",
    "monkey", "parasite", "pest", "pig", "plague", "rat", "rodent", "savage",
    "scum", "snake", "subhuman", "swarm", "trash", "vermin", "virus",
};

/* Negation (words folded without their apostrophe: "dont"). */
static const char *const negate_words[] = {
    "aint", "arent", "didnt", "doesnt", "dont", "isnt", "neither", "never",
    "no", "nobody", "none", "nor", "not", "nothing", "wasnt", "werent",
    "wont", "wouldnt",
};

/* Verbs that report another's words (a report quotes abuse without
 * meaning it). */
static const char *const report_words[] = {
    "called", "calling", "claimed", "claiming", "messaged", "posted",
    "reported", "said", "saying", "screamed", "shouted", "shouting", "told",
    "tweeted", "wrote", "yelled",
};

/* What a threat's verb follows ("I'll", "gonna", "going to"). */
static const char *const will_words[] = {
    "going", "gonna", "gunna", "id", "ill", "shall", "wanna", "will",
};

/* Insults and slurs said of people: nouns of contempt ("idiot",
 * "scumbag"), the adjectives of the same put-downs ("stupid",
 * "worthless") and slurs by a protected characteristic, as the hostile
 * detector's lexicon (policies/lists/hostile-words.txt) and the
 * harassment and discrimination lists hold them; a slur's homonym in
 * British use ("fag", "faggot", "coon", "chink") is left out. An unseen
 * insult then counts as a known one in the shape features ("#Y #I", "uYI"),
 * and a word spelt to evade one is read as it (pc__model_near). Singular
 * (a word ending in "s" is looked up without it too). */
static const char *const insult_words[] = {
    "airhead", "arsehole", "asshole", "bastard", "bellend", "berk", "bimbo",
    "bonehead", "braindead", "brainless", "buffoon", "clown", "clueless",
    "coward", "creep", "cretin", "cunt", "degenerate", "dickhead", "dimwit",
    "dingbat", "dipshit", "dirtbag", "disgusting", "div", "dolt", "doofus",
    "dork", "douche", "douchebag", "dumb", "dumbass", "dunce", "fatso",
    "fool", "freak", "git", "gobshite", "gormless", "gutless", "gyppo", "hag",
    "halfwit", "hopeless", "idiot", "idiotic", "ignorant", "imbecile",
    "incompetent", "inept", "jackass", "jerk", "kike", "knobhead", "lazy",
    "liar", "loser", "lowlife", "meathead", "mong", "moron",
    "moronic", "muppet", "nincompoop", "nitwit", "nonce",
    "numbskull", "numpties", "numpty", "nutcase", "nutjob", "nutter", "oaf",
    "paki", "pathetic", "perv", "pervert", "pikey", "pillock", "pleb",
    "plonker", "poof", "poofter", "prat", "prick", "psycho", "raghead",
    "repulsive", "retard", "retarded", "scrote", "scrounger", "scumbag",
    "shithead", "sicko", "simpleton", "skank", "slag", "slapper", "sleazebag",
    "slut", "smelly", "spastic", "spaz", "spineless", "stupid", "thicko",
    "thug", "toad", "tosser", "towelhead", "trannies", "tranny", "twat",
    "twit", "ugly", "useless", "vile", "wally", "wanker", "weasel", "weirdo",
    "whore", "wog", "worm", "worthless",
};

/* A list and its count, which must be under 255: the index keeps an
 * entry's place and length in a byte (model_lists.h: lo, hi, len), so a
 * longer list fails the build here rather than overrun len. */
#define LIST(v)                                                              \
    v, sizeof v / sizeof *v +                                                \
           0 * sizeof(char[sizeof v / sizeof *v < 255 ? 1 : -1])

static const struct {
    const char *const *v;
    unsigned n;
    unsigned char prefix, plural;
} lists[PC_LIST_COUNT] = {
    [PC_LIST_ORG] = {LIST(org_words), 0, 0},
    [PC_LIST_NEG] = {LIST(neg_stems), 1, 0},
    [PC_LIST_REF] = {LIST(ref_words), 0, 1},
    [PC_LIST_PRAISE] = {LIST(praise_words), 0, 1},
    [PC_LIST_UNPLAIN] = {LIST(unplain_words), 0, 1},
    [PC_LIST_OUTSIDE] = {LIST(outside_words), 0, 1},
    [PC_LIST_GROUP] = {LIST(group_words), 0, 1},
    [PC_LIST_YOU] = {LIST(you_words), 0, 0},
    [PC_LIST_THEY] = {LIST(they_words), 0, 0},
    [PC_LIST_HARM] = {LIST(harm_words), 1, 1},
    [PC_LIST_DEHUM] = {LIST(dehum_words), 0, 1},
    [PC_LIST_NEGATE] = {LIST(negate_words), 0, 0},
    [PC_LIST_REPORT] = {LIST(report_words), 0, 0},
    [PC_LIST_WILL] = {LIST(will_words), 0, 0},
    [PC_LIST_INSULT] = {LIST(insult_words), 0, 1},
};

void pc__model_lists_index(struct pc__model_lists *l)
{
    for (unsigned k = 0; k < PC_LIST_COUNT; k++) {
        size_t min = 255, max = 0;
        for (unsigned c = 0; c < 26; c++) {
            l->lo[k][c] = 0;
            l->hi[k][c] = 0;
        }
        for (unsigned i = lists[k].n; i-- > 0;) {
            unsigned c = (unsigned char)lists[k].v[i][0] - 'a';
            size_t n = strlen(lists[k].v[i]);
            l->len[k][i] = (unsigned char)n;
            if (l->hi[k][c] == 0) {
                l->hi[k][c] = (unsigned char)(i + 1);
            }
            l->lo[k][c] = (unsigned char)i;
            min = n < min ? n : min;
            max = n > max ? n : max;
        }
        l->v[k] = lists[k].v;
        l->min[k] = (unsigned char)min;
        /* a stem matches longer words: no longest */
        l->max[k] = lists[k].prefix ? 255 : (unsigned char)max;
        l->prefix[k] = lists[k].prefix;
        l->plural[k] = lists[k].plural;
    }
}

const struct pc__model_lists *pc__model_lists(void)
{
    static struct pc__model_lists l;
    static int ready;

    if (!ready) {
        pc__model_lists_index(&l);
        ready = 1;
    }
    return &l;
}

/* Returns 1 if w[0, n) is e[0, n + 1) with one letter left out, or
 * e[0, n - 1) with one letter doubled, or e[0, n) with two adjacent
 * letters swapped, the first and the last letter kept (the lengths are
 * the caller's: n is strlen(e) - 1, + 1 or + 0). */
static int near_entry(const char *e, size_t en, const char *w, size_t n)
{
    size_t i = 1;

    if (w[0] != e[0] || w[n - 1] != e[en - 1]) {
        return 0;
    }
    while (i < n && i < en && w[i] == e[i]) {
        i++;
    }
    if (i >= n - 1 && en == n) {
        return 0; /* the same word (or only the last letter differs) */
    }
    if (en == n + 1) { /* one of e's letters left out at i */
        return en >= 6 && memcmp(w + i, e + i + 1, n - i) == 0;
    }
    if (en + 1 == n) { /* w's letter i doubles the one before */
        return w[i] == w[i - 1] && memcmp(w + i + 1, e + i, en - i) == 0;
    }
    /* two adjacent letters swapped at i, i + 1, both inside */
    return i + 2 < n && w[i] == e[i + 1] && w[i + 1] == e[i] &&
           memcmp(w + i + 2, e + i + 2, n - i - 2) == 0;
}

const char *pc__model_near(const struct pc__model_lists *l,
                           enum pc__model_list list, const char *w,
                           size_t len)
{
    unsigned c = len ? (unsigned char)w[0] - 'a' : 26;

    if (c >= 26 || len < 4) {
        return NULL;
    }
    for (unsigned i = l->lo[list][c]; i < l->hi[list][c]; i++) {
        const char *e = l->v[list][i];
        size_t en = l->len[list][i];
        if (en >= 5 && en + 1 >= len && en <= len + 1 &&
            near_entry(e, en, w, len)) {
            return e;
        }
    }
    return NULL;
}

const char *pc__model_masked(const struct pc__model_lists *l,
                             enum pc__model_list list, const char *w,
                             size_t len, size_t at, size_t k)
{
    unsigned c = len ? (unsigned char)w[0] - 'a' : 26;

    if (c >= 26 || at < 1 || at >= len || k < 1 || k > 2) {
        return NULL;
    }
    for (unsigned i = l->lo[list][c]; i < l->hi[list][c]; i++) {
        const char *e = l->v[list][i];
        if (l->len[list][i] == len + k && memcmp(e, w, at) == 0 &&
            memcmp(e + at + k, w + at, len - at) == 0) {
            return e;
        }
    }
    return NULL;
}
