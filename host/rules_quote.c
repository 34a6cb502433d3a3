/* rules_quote.c: whether a post the harassment model flags only reports
 * another's words. A post that quotes abuse to report or condemn it
 * ("Someone sprayed "..." on the wall. The police have been informed.")
 * does not harass: the policies forbid saying it, not telling of it.
 * The harassment model's rule (rules_model.c) stays quiet when the post
 * holds words in double quotation marks ("..." or curly), a word outside
 * them reports another's words (the model's reporting verbs,
 * PC_LIST_REPORT: "called", "said", "shouted", "wrote", ...), and the
 * post with the quoted words left out scores under the rule's threshold
 * in every unit: what flags it is what it quotes. Besides the model's
 * reporting verbs, a few words that tell how the words came to be read or
 * heard (REPORT_MORE: "sprayed", "scrawled", "overheard", "commented",
 * ...), which are no features of the model (README.md in policies/models,
 * "Session 30-31: harassment").
 *
 * Chosen on the development sets (README.md in policies/models, "Session
 * 27: harassment"). */
#include <stdlib.h>
#include <string.h>

#include "model_lists.h"
#include "postcheck/judge.h"
#include "postcheck/model.h"
#include "rules_int.h"
#include "text_words.h"

/* Quotations longer than this many characters are not read as one. */
#define QUOTE_MAX 200

static const char open_curly[] = "\xe2\x80\x9c";  /* U+201C */
static const char close_curly[] = "\xe2\x80\x9d"; /* U+201D */
static const char blank[] = "\"\xe2\x80\xa6\"";   /* "…" */

/* The end (past its closing mark) of a quotation opening at s[i], or 0:
 * a double quotation mark, 1 to QUOTE_MAX characters with no newline and
 * no closing mark, then the closing mark (" for ", U+201D for U+201C). */
static size_t quote_end(const char *s, size_t len, size_t i)
{
    const char *close;
    size_t k, n = 0, clen;

    if (s[i] == '"') {
        close = "\"";
        k = i + 1;
    } else if (len - i >= 3 && memcmp(s + i, open_curly, 3) == 0) {
        close = close_curly;
        k = i + 3;
    } else {
        return 0;
    }
    clen = strlen(close);
    for (; k < len && s[k] != '\n'; k++) {
        if (len - k >= clen && memcmp(s + k, close, clen) == 0) {
            return n >= 1 ? k + clen : 0;
        }
        if (((unsigned char)s[k] & 0xC0) != 0x80 && ++n > QUOTE_MAX) {
            return 0;
        }
    }
    return 0;
}

/* 1 if s[0, len) holds an opening curly quotation mark. */
static int has_curly(const char *s, size_t len)
{
    const char *p = s, *end = s + len;

    while ((p = memchr(p, open_curly[0], (size_t)(end - p))) != NULL) {
        if (end - p >= 3 && memcmp(p, open_curly, 3) == 0) {
            return 1;
        }
        p++;
    }
    return 0;
}

/* s[0, len) with each quotation's words replaced by an ellipsis, in a
 * new NUL-terminated buffer (*out_len its length), or NULL when it holds
 * no quotation or memory runs out. */
static char *blanked(const char *s, size_t len, size_t *out_len)
{
    char *b = NULL;
    size_t n = 0, i = 0;
    int any = 0;

    if (!memchr(s, '"', len) && !has_curly(s, len)) {
        return NULL;
    }
    /* A quotation of 3 bytes or more becomes 5: at most twice as long. */
    b = malloc(2 * len + 1);
    if (!b) {
        return NULL;
    }
    while (i < len) {
        size_t e = quote_end(s, len, i);
        if (e) {
            memcpy(b + n, blank, sizeof blank - 1);
            n += sizeof blank - 1;
            i = e;
            any = 1;
        } else {
            b[n++] = s[i++];
        }
    }
    b[n] = '\0';
    if (!any) {
        free(b);
        return NULL;
    }
    *out_len = n;
    return b;
}

/* Words of a report the model's reporting verbs lack: abuse written,
 * painted or sprayed somewhere, heard or overheard, or sent as a comment,
 * reply, text or email. Not "says" or "say": "as my nan says, "..."" quotes
 * a prejudice to share it. Sorted. */
static const char *const REPORT_MORE[] = {
    "chanted",  "commented", "daubed",   "emailed",  "graffiti",
    "heard",    "muttered",  "overheard", "painted", "replied",
    "scrawled", "sprayed",   "texted",   "whispered", "written",
};

static int report_more(const char *w, size_t n)
{
    for (size_t i = 0; i < sizeof REPORT_MORE / sizeof REPORT_MORE[0]; i++) {
        if (strlen(REPORT_MORE[i]) == n && memcmp(REPORT_MORE[i], w, n) == 0) {
            return 1;
        }
    }
    return 0;
}

/* 1 if a word of s[0, len) (text_words.c's, ASCII letters lower-cased)
 * is one of the model's reporting verbs or of REPORT_MORE. */
static int reports(const char *s, size_t len)
{
    const struct pc__model_lists *l = pc__model_lists();
    pc_text_words c;
    pc_text_word w;

    pc_text_words_init(&c, s, len, 0, len, 0);
    while (pc_text_words_next(&c, &w)) {
        if (w.n && (pc__model_listed_as_is(l, PC_LIST_REPORT, w.key, w.n) ||
                    report_more(w.key, w.n))) {
            return 1;
        }
    }
    return 0;
}

int pc__rule_scores_under(const pc_detectors *det, const pc_model *m,
                          double threshold, const char *text, size_t len)
{
    pc_error err = {0};
    pc_text *t = pc_text_new_valid(text, len, &err);
    pc_units u = {0};
    int under = 0;

    if (t && pc_judge_units(det, t, &u) == PC_OK) {
        under = 1;
        for (size_t i = 0; i < u.n && under; i++) {
            under = pc_model_score(m, &u.v[i].f) < threshold;
        }
    }
    pc_units_free(&u);
    pc_text_free(t);
    return under;
}

int pc__rule_reported(const pc_detectors *det, const pc_model *m,
                      double threshold, const char *text, size_t len)
{
    size_t blen = 0;
    char *b = blanked(text, len, &blen);
    int quiet = b && reports(b, blen) &&
                pc__rule_scores_under(det, m, threshold, b, blen);

    free(b);
    return quiet;
}
