/* model_refer.c: whether a span of the folded view refers to the
 * organisation, its people, its events or its work: the condition under
 * which a finding of an organisation model (disparaging, criticism)
 * stands (rules_model.c). Those policies forbid running down the
 * organisation; a sentence about a printer, a train, the weather, Ofsted
 * or the DfE runs nothing of it down, however cross it sounds.
 *
 * A span refers to the organisation when it names it (one of the pack's
 * names, folded to letters and digits: a one-word name as a word, a name
 * of several words anywhere in the span's letters, so "@llmat" and
 * "#LLMATrust" count) or has a word of ref_words: what a member or an
 * employee calls the organisation, its governing body, its people, its
 * events and its work ("the trust", "the board", "staff", "members",
 * "pupils", "Year 9", "parents", "the conference", "the AGM", "the
 * behaviour policy", "here"). A sentence that refers to none of them
 * still does when the post as a whole does ("Now it's something to get
 * through.") unless it names a body outside the organisation (the
 * government, the DfE, Ofsted): rules_model.c. And a sentence of plain
 * praise ("the best five years of my career") runs nothing down,
 * whatever the model says: a word of praise with nothing that turns it
 * (negation, contrast, decline over time, sarcasm, a question, a quote,
 * a word judging something bad). */
#include <string.h>

#include "model_int.h"
#include "pack_int.h"

/* Lower case, singular (a word ending in "s" is looked up without it
 * too). */
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

static int in_list(const char *const *list, size_t n_list, const char *w,
                   size_t n)
{
    for (size_t i = 0; i < n_list; i++) {
        size_t k = strlen(list[i]);
        if ((k == n || (k + 1 == n && w[n - 1] == 's')) &&
            memcmp(list[i], w, k) == 0) {
            return 1;
        }
    }
    return 0;
}

#define IN(list, w, n) in_list(list, sizeof list / sizeof *list, w, n)

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

static int is_alnum(unsigned char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
}

/* The next word (a run of a to z and 0 to 9) of s[*i..end): sets *w to
 * its start, moves *i past it and returns its length; 0 when no word is
 * left. */
static size_t next_word(const char *s, size_t *i, size_t end, size_t *w)
{
    size_t j;

    while (*i < end && !is_alnum((unsigned char)s[*i])) {
        (*i)++;
    }
    for (j = *i; j < end && is_alnum((unsigned char)s[j]); j++) {
    }
    *w = *i;
    *i = j;
    return j - *w;
}

int pc__model_refers(const pc_pack *p, const char *s, size_t start,
                     size_t end)
{
    char letters[1024];
    size_t nl = 0, n, w;

    for (size_t i = start; (n = next_word(s, &i, end, &w)) > 0;) {
        if (IN(ref_words, s + w, n)) {
            return 1;
        }
        /* a year group: "year 9", "Year 10" */
        if (n == 4 && memcmp(s + w, "year", 4) == 0 && i + 1 < end &&
            s[i] == ' ' && s[i + 1] >= '1' && s[i + 1] <= '9') {
            return 1;
        }
        for (size_t k = 0; k < p->n_compact; k++) {
            const char *name = p->compact_names[k];
            if (!p->compact_multi[k] && strlen(name) == n &&
                memcmp(name, s + w, n) == 0) {
                return 1;
            }
        }
        for (size_t k = w; k < i && nl < sizeof letters - 1; k++) {
            letters[nl++] = s[k];
        }
    }
    letters[nl] = '\0';
    for (size_t k = 0; k < p->n_compact; k++) {
        if (p->compact_multi[k] && p->compact_names[k][0] &&
            strstr(letters, p->compact_names[k])) {
            return 1;
        }
    }
    return 0;
}

int pc__model_plain_praise(const char *s, size_t start, size_t end)
{
    int praise = 0;
    size_t n, w;

    for (size_t i = start; i < end; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '?' || ch == '"' || ch >= 0x80) {
            /* a question, a quotation (scare quotes), or anything beyond
             * ASCII (an emoji may be an eye roll): not plain */
            return 0;
        }
    }
    for (size_t i = start; (n = next_word(s, &i, end, &w)) > 0;) {
        if (IN(unplain_words, s + w, n)) {
            return 0;
        }
        praise |= IN(praise_words, s + w, n);
    }
    return praise;
}

int pc__model_outside(const char *s, size_t start, size_t end)
{
    size_t n, w;

    for (size_t i = start; (n = next_word(s, &i, end, &w)) > 0;) {
        if (IN(outside_words, s + w, n)) {
            return 1;
        }
    }
    return 0;
}
