/* model_refer.c: whether a span of the folded view refers to the
 * organisation, its people, its events or its work: the condition under
 * which a finding of an organisation model (disparaging, criticism)
 * stands (rules_model.c). Those policies forbid running down the
 * organisation; a sentence about a printer, a train, the weather, Ofsted
 * or the DfE runs nothing of it down, however cross it sounds.
 *
 * A span refers to the organisation when it names it (one of the pack's
 * names, folded to letters and digits: a one-word name as a whole word,
 * so "@llmat" and "LLMAT's" count but "#LLMATrust" does not; a name of
 * several words anywhere in the span's letters run together, so
 * "#TheLearningAlliance" counts) or has a word of the list PC_LIST_REF
 * (model_lists.c): what a member or an
 * employee calls the organisation, its governing body, its people, its
 * events and its work ("the trust", "the board", "staff", "members",
 * "pupils", "Year 9", "parents", "the conference", "the AGM", "the
 * behaviour policy", "here"). But a span that names a body outside the
 * organisation (the government, a minister, the DfE, Ofsted, Ofqual, an
 * exam board, a council, the regulator: PC_LIST_OUTSIDE and this file's
 * own list) and neither one of the pack's names nor a word for the
 * organisation's own body ("the trust", "the board", "the committee",
 * "leadership", "here", "our school", "this place") refers to that body,
 * not to the organisation, even where it says whom the body's decision
 * hurts ("The Treasury has cut the schools budget", "The exam board's new
 * mark scheme reads like it was written by someone who has never met a
 * fifteen-year-old"): the policies forbid running the organisation down,
 * and its people's complaints about the government and other bodies
 * (which the labelling conventions leave unlabelled) run nothing of it
 * down. A sentence that refers to none of them
 * still does when the post as a whole does ("Now it's something to get
 * through.") unless it names a body outside the organisation (the
 * government, the DfE, Ofsted): rules_model.c. And a sentence of plain
 * praise ("the best five years of my career") runs nothing down,
 * whatever the model says: a word of praise with nothing that turns it
 * (negation, contrast, decline over time, sarcasm, a question, a quote,
 * a word judging something bad).
 *
 * It also holds the one reading of whether a pack's name stands in a
 * handle, hashtag or file name (pc__model_handle_names), which
 * rules_post.c's account and attachment rules and rules_aim.c ask. */
#include <string.h>

#include "model_int.h"
#include "model_lists.h"
#include "pack_int.h"
#include "text_words.h"

/* The lists (model_lists.c): the process's one index. */
#define IN(list, w, n) pc__model_listed(pc__model_lists(), list, w, n)

/* Bodies outside the organisation beyond PC_LIST_OUTSIDE (model_lists.c,
 * which the models' lists hold): this file's own, sorted, lower case a to
 * z; a word ending in "s" is looked up without it too. */
static const char *const outside_more[] = {
    "hmrc", "ofqual", "sra", "westminster", "whitehall",
};

/* Words for the organisation's own body: a span with one is about the
 * organisation whatever else it names. Sorted, lower case a to z; a word
 * ending in "s" is looked up without it too. */
static const char *const own_body[] = {
    "academy", "alliance", "association", "board", "ceo", "chapter",
    "committee", "employer", "executive", "governor", "head", "headteacher",
    "here", "hq", "leadership", "management", "slt", "smt", "society",
    "trust", "trustee", "workplace",
};

#define WORD_IS(w, n, lit) ((n) == sizeof(lit) - 1 && memcmp(w, lit, n) == 0)

/* 1 if w[0, n) is an entry of v[0, k) or one and an "s". */
static int on_list(const char *const *v, size_t k, const char *w, size_t n)
{
    for (size_t i = 0; i < k; i++) {
        size_t m = strlen(v[i]);
        if ((m == n || (m + 1 == n && w[m] == 's')) &&
            memcmp(v[i], w, m) == 0) {
            return 1;
        }
    }
    return 0;
}
#define ON(list, w, n) on_list(list, sizeof list / sizeof *list, w, n)

int pc__model_name_word(const struct pc_pack *p, const char *w)
{
    for (size_t k = 0; k < p->n_compact; k++) {
        if (!p->compact_multi[k] && strcmp(w, p->compact_names[k]) == 0) {
            return 1;
        }
    }
    return 0;
}

static int is_alpha(unsigned char ch)
{
    return ch >= 0x80 || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* Whether name (letters and digits, folded) stands in a handle: a name
 * of several words anywhere in its letters ("@TheLearningAllianceFan"),
 * a one-word name only between non-letters in the folded string or as an
 * upper-case run in the cased one, so "@ALT_law", "#ALTconf" and
 * "@JaneALT" count but "@saltydog" and "@smallmatters" do not. Not
 * text_words.h's words, on purpose: a handle or file name runs its words
 * together, so a name is looked for in its letters, its edges any byte
 * but a letter (a digit too: "ALT2024") or a change of case. */
static int handle_has(const char *fold, const char *cased, const char *name,
                      int multi)
{
    size_t n = strlen(name), flen = strlen(fold);
    char compact[512];
    size_t k = 0;

    for (size_t i = 0; fold[i] && k + 1 < sizeof compact; i++) {
        if (is_alpha((unsigned char)fold[i]) ||
            (fold[i] >= '0' && fold[i] <= '9')) {
            compact[k++] = fold[i];
        }
    }
    compact[k] = '\0';
    if (multi && strstr(compact, name)) {
        return 1;
    }
    for (const char *p = strstr(fold, name); p; p = strstr(p + 1, name)) {
        size_t at = (size_t)(p - fold);
        if ((at == 0 || !is_alpha((unsigned char)fold[at - 1])) &&
            (at + n >= flen || !is_alpha((unsigned char)fold[at + n]))) {
            return 1;
        }
    }
    for (size_t at = 0; cased && at + n <= strlen(cased); at++) {
        size_t j;
        for (j = 0; j < n && cased[at + j] >= 'A' && cased[at + j] <= 'Z' &&
                    cased[at + j] - 'A' + 'a' == name[j];
             j++) {
        }
        if (j == n &&
            (at == 0 || !(cased[at - 1] >= 'A' && cased[at - 1] <= 'Z')) &&
            !(cased[at + n] >= 'A' && cased[at + n] <= 'Z')) {
            return 1;
        }
    }
    return 0;
}

int pc__model_handle_names(const struct pc_pack *p, const char *fold,
                           const char *cased)
{
    for (size_t k = 0; k < p->n_compact; k++) {
        if (handle_has(fold, cased, p->compact_names[k],
                       p->compact_multi[k])) {
            return 1;
        }
    }
    return 0;
}

int pc__model_names_pack(const struct pc_pack *p, const char *s,
                         size_t len, size_t start, size_t end,
                         unsigned flags, int one_word)
{
    char letters[1024];
    size_t nl = 0;
    pc_text_words c;
    pc_text_word w;

    pc_text_words_init(&c, s, len, start, end, flags);
    while (pc_text_words_next(&c, &w)) {
        if (one_word && pc__model_name_word(p, w.key)) {
            return 1;
        }
        for (size_t i = w.a; i < w.b && nl < sizeof letters - 1; i++) {
            unsigned char ch = (unsigned char)s[i];
            if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
                letters[nl++] = (char)ch;
            } else if (ch >= 'A' && ch <= 'Z') {
                letters[nl++] = (char)(ch + ('a' - 'A'));
            }
        }
    }
    letters[nl] = '\0';
    for (size_t k = 0; k < p->n_compact; k++) {
        if (p->compact_multi[k] && strstr(letters, p->compact_names[k])) {
            return 1;
        }
    }
    return 0;
}

int pc__model_refers(const pc_pack *p, const char *s, size_t start,
                     size_t end)
{
    pc_text_words c;
    pc_text_word w, prev;
    int ref = 0, outside = 0;

    if (pc__model_names_pack(p, s, end, start, end, 0, 1)) {
        return 1;
    }
    prev.n = 0;
    prev.key[0] = '\0';
    pc_text_words_init(&c, s, end, start, end, 0);
    for (; pc_text_words_next(&c, &w); prev = w) {
        const char *x = w.key;
        size_t n = w.n;
        /* "exam board", "examining board": a body outside */
        if ((WORD_IS(x, n, "board") || WORD_IS(x, n, "boards")) &&
            (WORD_IS(prev.key, prev.n, "exam") ||
             WORD_IS(prev.key, prev.n, "examining"))) {
            outside = 1;
            continue;
        }
        /* the organisation's own body; "our school", "this place" */
        if (ON(own_body, x, n) ||
            ((WORD_IS(x, n, "school") || WORD_IS(x, n, "college") ||
              WORD_IS(x, n, "place")) &&
             (WORD_IS(prev.key, prev.n, "our") ||
              WORD_IS(prev.key, prev.n, "this") ||
              WORD_IS(prev.key, prev.n, "my")))) {
            return 1;
        }
        /* "the Department for Education" */
        if (IN(PC_LIST_OUTSIDE, x, n) || ON(outside_more, x, n) ||
            (WORD_IS(x, n, "education") && WORD_IS(prev.key, prev.n, "for"))) {
            outside = 1;
        }
        if (IN(PC_LIST_REF, x, n)) {
            ref = 1;
        }
        /* a year group: "year 9", "Year 10" */
        if (WORD_IS(x, n, "year") && w.b + 1 < end && s[w.b] == ' ' &&
            s[w.b + 1] >= '1' && s[w.b + 1] <= '9') {
            ref = 1;
        }
    }
    return ref && !outside;
}

int pc__model_plain_praise(const char *s, size_t start, size_t end)
{
    int praise = 0;
    pc_text_words c;
    pc_text_word w;

    for (size_t i = start; i < end; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '?' || ch == '"' || ch >= 0x80) {
            /* a question, a quotation (scare quotes), or anything beyond
             * ASCII (an emoji may be an eye roll): not plain */
            return 0;
        }
    }
    pc_text_words_init(&c, s, end, start, end, 0);
    while (pc_text_words_next(&c, &w)) {
        if (IN(PC_LIST_UNPLAIN, w.key, w.n)) {
            return 0;
        }
        praise |= IN(PC_LIST_PRAISE, w.key, w.n);
    }
    return praise;
}

int pc__model_outside(const char *s, size_t start, size_t end)
{
    pc_text_words c;
    pc_text_word w;

    pc_text_words_init(&c, s, end, start, end, 0);
    while (pc_text_words_next(&c, &w)) {
        if (IN(PC_LIST_OUTSIDE, w.key, w.n)) {
            return 1;
        }
    }
    return 0;
}
