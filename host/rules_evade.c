/* rules_evade.c: an insult or slur spelled to evade. A word the models'
 * word cutting reads as an insult or slur said of people (model.h's
 * insult class: its leet digits and symbols read as letters, a masked
 * insult unmasked, letters spaced out joined) that the text does not
 * spell plainly was disguised on purpose: "sp@z", "w0gs", "t w a t",
 * "d0uchebag". The packs' word lists match the plain spellings only, and
 * the harassment model, which has seen few of the disguises, scores them
 * low; a disguised slur is no milder than the plain one. The harassment
 * model's rule (rules_model.c) makes a finding on the first unit holding
 * one when no unit reaches its threshold.
 *
 * A spaced-out word after the article ("is a r e t a r d") is joined with
 * it ("aretard"): the word without its first letter "a" or "i" is read
 * too.
 *
 * A disguised word outside the insult class is read against the pack's
 * own harassment lists (listed): its pattern rules of the category run
 * on the disguised words as the cutting reads them, one a line, so a
 * slur on the discrimination list is found however it is spelt
 * ("k@ffir", "l e s b o", "cr1pple"), and the lists' exceptions still
 * hold. There a 6 and an 8 among letters, which the cutting keeps as
 * digits, are read as "g" and "b" ("fa66ot"). The same exceptions clear
 * a disguised insult of the insult class: a report of the word ("called
 * me a p*ki ... Not OK") is no more said than the report of the word
 * spelt plainly, which the lists let pass (insult_stands).
 *
 * Chosen on the development sets (README.md in policies/models,
 * "Session 28: harassment"). */
#include <stdlib.h>
#include <string.h>

#include "model_lists.h"
#include "pack_int.h"
#include "model_words.h"
#include "postcheck/judge.h"
#include "rules_int.h"

/* An ASCII letter. The words here are the models' (model_words.h: leet
 * digits and symbols inside a word), not text_words.h's, on purpose: a
 * disguise ("sp@z", "w0gs", "t w a t") is one word only as the models
 * read it, and the engine's word characters cut it apart; so this file
 * reads a word's edges by letters and spaces of its own (disguise_at,
 * spelt). */
static int letter(char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* The leet digits and symbols that stand for a letter in a disguised
 * word ("!#$%*01345678@"), as bits of their code less 32: all lie between
 * the space (32) and "@" (64), past which the letters are. */
#define MARKS                                                          \
    ((1ull << ('!' - 32)) | (1ull << ('#' - 32)) | (1ull << ('$' - 32)) | \
     (1ull << ('%' - 32)) | (1ull << ('*' - 32)) | (1ull << ('0' - 32)) | \
     (1ull << ('1' - 32)) | (1ull << ('3' - 32)) | (1ull << ('4' - 32)) | \
     (1ull << ('5' - 32)) | (1ull << ('6' - 32)) | (1ull << ('7' - 32)) | \
     (1ull << ('8' - 32)) | (1ull << ('@' - 32)))

/* 1 if the mark s[i] (between two letters) is in a word of s[0, len)
 * that is a disguise: not an address (an "@" with a "." after it:
 * "jo@llmat.org") nor a word after a quotation mark, which is
 * mentioned, not said ("the word 'p*ki'"). */
static int disguise_at(const char *s, size_t len, size_t i)
{
    size_t a = i, b = i;

    while (a > 0 && s[a - 1] != ' ' && s[a - 1] != '\n') {
        a--;
    }
    while (b < len && s[b] != ' ' && s[b] != '\n') {
        b++;
    }
    if (s[a] == '\'' || s[a] == '"') {
        return 0;
    }
    for (size_t k = a; k < b; k++) {
        if (s[k] == '@' && memchr(s + k, '.', b - k)) {
            return 0;
        }
    }
    return 1;
}

/* 1 if s[i] (0 < i, i + 1 < len) starts a mark of a disguise: a run of
 * one to three leet digits or symbols between two letters of a word
 * (disguise_at), or the first space of four single letters one space
 * apart ("t w a t"). */
static int mark_at(const char *s, size_t len, size_t i)
{
    unsigned d = (unsigned char)s[i] - 32u;

    if (d > 32) {
        return 0; /* a letter, or beyond ASCII: most bytes */
    }
    if (MARKS >> d & 1) {
        size_t j = i + 1;
        while (j < len && j < i + 3 && (unsigned char)s[j] - 32u <= 32 &&
               MARKS >> ((unsigned char)s[j] - 32u) & 1) {
            j++; /* a run of up to three marks: "p00f", "c**t" */
        }
        return j < len && letter(s[i - 1]) && letter(s[j]) &&
               disguise_at(s, len, i);
    }
    return d == 0 && i + 5 < len && s[i + 2] == ' ' && s[i + 4] == ' ' &&
           letter(s[i - 1]) &&
           (i < 2 || s[i - 2] == ' ' || s[i - 2] == '\n') &&
           letter(s[i + 1]) && letter(s[i + 3]) && letter(s[i + 5]);
}

#if defined(__SSE2__)
#include <emmintrin.h>

/* Bit k: s[i + k] may start a mark (mark_at): a byte from '!' to '@'
 * (the marks' range), or a space with spaces two and four bytes on.
 * Reads s[i, i + 20). */
static unsigned may_mark16(const char *s, size_t i)
{
    const __m128i sp = _mm_set1_epi8(' ');
    __m128i a = _mm_loadu_si128((const __m128i *)(s + i));
    __m128i b = _mm_loadu_si128((const __m128i *)(s + i + 2));
    __m128i c = _mm_loadu_si128((const __m128i *)(s + i + 4));
    __m128i r = _mm_sub_epi8(a, _mm_set1_epi8('!'));
    __m128i in = _mm_cmpeq_epi8(_mm_min_epu8(r, _mm_set1_epi8('@' - '!')),
                                r);
    __m128i spaced = _mm_and_si128(
        _mm_cmpeq_epi8(a, sp),
        _mm_and_si128(_mm_cmpeq_epi8(b, sp), _mm_cmpeq_epi8(c, sp)));

    return (unsigned)_mm_movemask_epi8(_mm_or_si128(in, spaced));
}
#endif

/* 1 if s[0, len) holds a mark of a disguise (mark_at) at any byte but
 * its first and last. Where SSE2 is, the bytes that may start one are
 * found 16 at a time, and mark_at asked of those only: in most text,
 * none but the odd digit or symbol. */
static int marked(const char *s, size_t len)
{
    size_t i = 1;

#if defined(__SSE2__)
    for (; i + 20 <= len; i += 16) {
        for (unsigned m = may_mark16(s, i); m; m &= m - 1) {
            if (mark_at(s, len, i + (size_t)__builtin_ctz(m))) {
                return 1;
            }
        }
    }
#endif
    for (; i + 1 < len; i++) {
        if (mark_at(s, len, i)) {
            return 1;
        }
    }
    return 0;
}

/* 1 if s[0, len) spells w[0, n) plainly: as a run of letters of its
 * own. */
static int spelt(const char *s, size_t len, const char *w, size_t n)
{
    for (size_t i = 0; i + n <= len; i++) {
        if ((i == 0 || !letter(s[i - 1])) &&
            (i + n == len || !letter(s[i + n])) &&
            memcmp(s + i, w, n) == 0) {
            return 1;
        }
    }
    return 0;
}

/* 1 if word w is an insult not spelt plainly in s[0, len). */
static int disguised(const struct pc__model_lists *l, const struct word *w,
                     const char *s, size_t len)
{
    if (w->kind != W_WORD) {
        return 0;
    }
    if (w->tag == 'I') {
        return !spelt(s, len, w->w, w->len);
    }
    return w->tag == 0 && w->len >= 4 && (w->w[0] == 'a' || w->w[0] == 'i') &&
           pc__model_listed(l, PC_LIST_INSULT, w->w + 1, w->len - 1u) &&
           !spelt(s, len, w->w + 1, w->len - 1u);
}

/* The unit's words as the cutting reads them, one space apart, and where
 * the disguised ones lie in it (at most SPANS). */
#define SPANS 16
struct reading {
    char text[640];
    size_t n;
    size_t span[SPANS][2];
    unsigned char insult[SPANS]; /* span k is of the insult class */
    size_t n_span;
};

/* Appends word w[0, len) to rd, a 6 or 8 between letters read as "g" or
 * "b", noting its span when disguised (1, or 2 for an insult of the
 * insult class); returns 0 when it does not fit. */
static int add_word(struct reading *rd, const char *w, size_t len,
                    int disguised)
{
    if (rd->n + len + 1 > sizeof rd->text ||
        (disguised && rd->n_span == SPANS)) {
        return 0;
    }
    if (disguised) {
        rd->insult[rd->n_span] = disguised == 2;
        rd->span[rd->n_span][0] = rd->n;
        rd->span[rd->n_span++][1] = rd->n + len;
    }
    for (size_t k = 0; k < len; k++) {
        char ch = w[k];
        if (disguised && (ch == '6' || ch == '8') && k > 0 && k + 1 < len) {
            ch = ch == '6' ? 'g' : 'b';
        }
        rd->text[rd->n++] = ch;
    }
    rd->text[rd->n++] = ' ';
    return 1;
}

/* 1 if span v overlaps a disguised word of rd and no span of un[0, nu)
 * covers it (the rule's unless, as rules.c reads it). */
static int on_disguise(const struct reading *rd, const pc__u16 *v,
                       const pc__u16 *un, size_t nu)
{
    int on = 0;

    for (size_t k = 0; k < rd->n_span && !on; k++) {
        on = v->start < (long)rd->span[k][1] && v->end > (long)rd->span[k][0];
    }
    for (size_t k = 0; k < nu && on; k++) {
        on = !(un[k].start <= v->start && un[k].end >= v->end);
    }
    return on;
}

/* 1 if pattern rule r of the pack reads only the words of a post, applies
 * to the post and is of category cat. Rules that need the organisation
 * mentioned or other words near read more of the post than its words. */
static int reads_words(const pc__ctx *c, const pc__rule *r, const char *cat)
{
    return r->kind == PC_RULE_PATTERN && !r->when_mentioned &&
           pc__matcher_empty(&r->near) && !r->near_org &&
           (r->applies & (unsigned)c->post->account) &&
           strcmp(r->category, cat) == 0;
}

/* Clears rd's insult flags on the spans that the unless of the pack's
 * pattern rules of category cat covers in t (rd's text): a report of the
 * word ("called me a p*ki") clears it as it clears the word spelt
 * plainly. Returns 1 if an insult is left. */
static int insult_stands(pc__ctx *c, const char *cat, const pc_text *t,
                         struct reading *rd)
{
    int left = 0;

    for (size_t i = 0; i < c->pack->n_rules; i++) {
        const pc__rule *r = &c->pack->rules[i];
        pc__u16 *un = NULL;
        size_t nu = 0;
        if (!reads_words(c, r, cat) ||
            pc__run_u16(c, &r->unless, t, &un, &nu) != PC_OK) {
            continue;
        }
        for (size_t k = 0; k < rd->n_span; k++) {
            for (size_t j = 0; j < nu && rd->insult[k]; j++) {
                rd->insult[k] = !(un[j].start <= (long)rd->span[k][0] &&
                                  un[j].end >= (long)rd->span[k][1]);
            }
        }
        free(un);
    }
    for (size_t k = 0; k < rd->n_span && !left; k++) {
        left = rd->insult[k];
    }
    return left;
}

/* 1 if the match of pattern rule r in t falls on a disguised word of rd
 * and its unless does not clear it. */
static int rule_finds(pc__ctx *c, const pc__rule *r, const pc_text *t,
                      const struct reading *rd)
{
    pc__u16 *v = NULL, *un = NULL;
    size_t n = 0, nu = 0;
    int hit = 0;

    if (pc__run_u16(c, &r->match, t, &v, &n) == PC_OK && n &&
        pc__run_u16(c, &r->unless, t, &un, &nu) == PC_OK) {
        for (size_t i = 0; i < n && !hit; i++) {
            hit = on_disguise(rd, &v[i], un, nu);
        }
    }
    free(v);
    free(un);
    return hit;
}

/* 1 if one of the pack's pattern rules of category cat that apply to the
 * post and read only its words (reads_words) finds a disguised word of rd
 * in t, rd's text (ASCII: UTF-16 offsets are its bytes'). */
static int listed(pc__ctx *c, const char *cat, const pc_text *t,
                  const struct reading *rd)
{
    int hit = 0;

    for (size_t i = 0; i < c->pack->n_rules && !hit; i++) {
        const pc__rule *r = &c->pack->rules[i];
        if (reads_words(c, r, cat)) {
            hit = rule_finds(c, r, t, rd);
        }
    }
    return hit;
}

/* 1 if ws, the words of s[0, len), hold a disguised word the rule stands
 * on, read among the unit's other words (a spaced-out word joined with
 * the article "a" or "i" is read without it too): an insult of the
 * insult class (disguised) that no exception of the pack's pattern rules
 * of category cat clears (insult_stands), or a word that s does not spell
 * plainly that those rules find (listed). When the reading does not fit,
 * an insult stands as the words show it. */
static int judge_disguise(pc__ctx *c, const char *cat, const struct words *ws,
                          const char *s, size_t len)
{
    const struct pc__model_lists *l = pc__model_lists();
    struct reading *rd = malloc(sizeof *rd);
    pc_error err = {0};
    pc_text *t;
    int ok = rd != NULL, hit = 0, insult = 0;

    if (rd) {
        rd->n = rd->n_span = 0;
    }
    /* Past a reading that does not fit, only the insult test goes on. */
    for (size_t i = 0; i < ws->n; i++) {
        const struct word *w = &ws->v[i];
        int ins = disguised(l, w, s, len);
        int d = ok && w->kind == W_WORD && !spelt(s, len, w->w, w->len);
        int joined = d && w->len >= 4 && (w->w[0] == 'a' || w->w[0] == 'i');
        insult |= ins;
        if (!ok) {
            continue;
        }
        ok = add_word(rd, w->w, w->len, d ? 1 + (ins && w->tag == 'I') : 0);
        if (ok && joined) {
            ok = add_word(rd, w->w, 1, 0) &&
                 add_word(rd, w->w + 1, w->len - 1u,
                          1 + (ins && w->tag != 'I'));
        }
    }
    if (!rd) {
        return insult;
    }
    t = rd->n_span ? pc_text_new_valid(rd->text, rd->n, &err) : NULL;
    if (!ok || !t) {
        hit = insult || (t && listed(c, cat, t, rd));
    } else {
        hit = (insult && insult_stands(c, cat, t, rd)) ||
              listed(c, cat, t, rd);
    }
    pc_text_free(t);
    free(rd);
    return hit;
}

int pc__rule_evaded(pc__ctx *c, const pc__rule *r, const struct pc_unit *u)
{
    size_t len;
    const char *s = pc_text_view(c->text, PC_VIEW_FOLD, &len);
    size_t end = u->end < len ? u->end : len;
    struct words *ws;
    int found;

    if (u->start >= end || !marked(s + u->start, end - u->start)) {
        return 0;
    }
    ws = malloc(sizeof *ws);
    if (!ws) {
        return 0;
    }
    s += u->start;
    len = end - u->start;
    pc__model_cut_words((const unsigned char *)s, len, ws);
    pc__model_join_spaced(ws);
    pc__model_tag_words(ws);
    found = judge_disguise(c, r->category, ws, s, len);
    free(ws);
    return found;
}
