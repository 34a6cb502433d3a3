/* detect_hostile.c: the `hostile` detector: a put-down aimed at a person
 * or group, found by grammar rather than by listing every insult.
 *
 * Within one sentence (cut where text.h's pc_text_sentence_end says,
 * except after a title: "Mr. Smith") it looks for a TARGET and a
 * NEGATIVE EVALUATION aimed at it:
 *  - targets: second person (you, your attitude, you're, u, ur,
 *    yourself), an @handle, a person by title (Mr/Mrs/Ms/Miss/Dr + name),
 *    a role (the head, our new deputy, the SENCo, my line manager),
 *    collectives (SLT, management, the board, trustees, governors,
 *    parents, families, pupils, colleagues, members) and groups by a
 *    protected characteristic (immigrants, Muslims, disabled people);
 *  - evaluations: the lexicon in policies/lists/hostile-words.txt, of
 *    three kinds: traits said of a target before them after a linking
 *    word ("SLT are useless") or put just before one ("lazy parents"),
 *    predicates said of a target before them ("should be sacked"), and
 *    attitudes aimed at a target after them ("sick of parents").
 * An evaluation is dropped when it is negated ("not useless", "never
 * lazy"), when a first-person or other subject stands between it and the
 * target ("you know I'm such an idiot", "you said the printer is
 * useless"), when the sentence reports or supposes speech ("he called me
 * useless", "was told I was lazy", "if someone says you're thick"), or
 * when it sits inside quote marks.
 *
 * One pass: the buffer is cut into tokens once, each token looked up
 * once in a hash of the word classes and the lexicon's first words,
 * which gives the lexicon phrases it may begin; no regex. The scan of a
 * post longer than what the models judge (judge.h) also gives the hits
 * over that prefix, going on to its end from the last sentence before
 * it, so the prefix is not scanned a second time. Hits
 * span the target to the evaluation. Kinds: "hostile-person" (you, a
 * handle, a named person, a colleague by role, a protected group),
 * "hostile-group" (leaders such as the head or the chair, collectives:
 * SLT, governors, parents, members, the board, the trust). */
#include <stdlib.h>
#include <string.h>

#include "detect_hostile.h"

#define BACK_WIN 8    /* tokens between a target and a trait after it */
#define FWD_WIN 4     /* tokens between an attitude and its target */

/* ---- evaluations ---- */

/* Returns 1 if phrase p (words separated by one space) matches the
 * tokens from i on; sets *ntok. Each word of p is compared with its
 * token's folded copy byte by byte, in place (the copy's NUL ends the
 * walk there): no call, where a token beginning a phrase was a strchr, a
 * memcmp and at times a strlen for each word of each phrase it may
 * begin. */
static int phrase_at(const struct sent *st, size_t i, const char *p,
                     size_t *ntok)
{
    size_t j = i;

    while (*p) {
        const char *w;
        size_t k = 0;

        if (j >= st->n)
            return 0;
        w = st->t[j].w;
        while (p[k] && p[k] != ' ' && p[k] == w[k])
            k++;
        if ((p[k] && p[k] != ' ') || k != st->t[j].n)
            return 0;
        j++;
        p += k + (p[k] == ' ' ? 1 : 0);
    }
    *ntok = j - i;
    return 1;
}

/* The longest lexicon phrase at token i: returns 1 and sets *ntok and
 * *type, or 0. */
static int lex_find(const struct pc__hostile *h, const struct sent *st,
                    size_t i, size_t *ntok, int *type)
{
    size_t k, best = 0, m;

    if (!IN(st->t[i], lex))
        return 0;
    for (k = st->t[i].lex_lo; k < st->t[i].lex_hi; k++) {
        if (phrase_at(st, i, h->v[k].p, &m) && m > best) {
            best = m;
            *type = h->v[k].type;
        }
    }
    *ntok = best;
    return best > 0;
}

/* Looks up the lexicon phrase at every token of st once: the three kinds
 * of target and the words after an evaluation read the same tokens.
 * Only the tokens that may begin one (st->lexi) are looked at, and
 * lex_n is emptied only when one is found: most sentences' tokens begin
 * none, and most of the rest begin no whole phrase. Returns 1 if there
 * is one. */
static int lex_fill(const struct pc__hostile *h, struct sent *st)
{
    int any = 0;

    for (size_t k = 0; k < st->n_lex; k++) {
        size_t i = st->lexi[k], m = 0;
        int type = 0;

        if (!lex_find(h, st, i, &m, &type))
            continue;
        if (!any) {
            /* lex_type too: lex_at reads both, and a compiler may test
             * the type without a branch on lex_n (valgrind: a jump on
             * an uninitialised byte in target_after). */
            memset(st->lex_n, 0, sizeof st->lex_n);
            memset(st->lex_type, 0, sizeof st->lex_type);
        }
        any = 1;
        st->lex_n[i] = (unsigned char)m;
        st->lex_type[i] = (unsigned char)type;
    }
    return any;
}

/* lex_find's answer at token i, from lex_fill. */
static int lex_at(const struct sent *st, size_t i, size_t *ntok, int *type)
{
    *ntok = st->lex_n[i];
    *type = st->lex_type[i];
    return *ntok > 0;
}

/* ---- pairing ---- */

static int negated(const struct sent *st, size_t i)
{
    size_t j, k;

    for (k = 1; k <= 4 && k <= i; k++) {
        const char *w = st->t[i - k].w;
        size_t n = strlen(w);

        j = i - k;
        if (IN(st->t[j], negators) ||
            (n > 3 && strcmp(w + n - 3, "n't") == 0) ||
            (strcmp(w, "far") == 0 && j + 1 < i &&
             strcmp(st->t[j + 1].w, "from") == 0))
            return 1;
    }
    return 0;
}

static int reported(const struct sent *st, size_t i)
{
    size_t j;

    for (j = 0; j < i; j++)
        if (IN(st->t[j], cues))
            return 1;
    return st->t[i].quoted;
}

/* A target before the evaluation at i, across fillers only. Returns its
 * first token + 1 and sets *cls, or 0. */
static size_t target_before(const struct sent *st, size_t i, int type,
                            unsigned *cls)
{
    size_t j = i;
    int linked = 0;

    while (j > 0 && i - j < BACK_WIN) {
        j--;
        if (st->tend[j]) {
            *cls = st->tcls[j];
            if (type == EV_TRAIT && !linked && !(*cls & T_CLITIC) &&
                ((*cls & T_POSS) || j + 1 < i))
                return 0;
            return st->tend[j];
        }
        if (!IN(st->t[j], fillers))
            return 0;
        if (IN(st->t[j], linkers))
            linked = 1;
    }
    return 0;
}

/* A target after token j (the end of an evaluation), across the words
 * of `allowed` (and, if traits, other traits). Returns its end, sets
 * *cls, or 0. */
static size_t target_after(const struct sent *st, size_t j,
                           unsigned long allowed, size_t win,
                           unsigned *cls)
{
    size_t steps, m;
    int type;

    for (steps = 0; j < st->n && steps <= win; steps++) {
        if (st->t[j].pb)
            return 0;
        if (st->tbeg[j]) {
            *cls = st->tcls_b[j];
            return st->tbeg[j];
        }
        if (!(st->t[j].cls & allowed) &&
            !(lex_at(st, j, &m, &type) && type == EV_TRAIT))
            return 0;
        j++;
    }
    return 0;
}

struct want {
    unsigned mask;
    const char *kind;
    const char *label;
};

/* Pairs the evaluation [i, i + m) with a target; reports it. */
static void pair(pc__scan *sc, const struct sent *st, size_t i, size_t m,
                 int type, const struct want *wt)
{
    size_t a = 0, b = 0, r;
    unsigned cls = 0;

    if (type == EV_CMD) {
        /* A command told to a target right beside it: "@jo shut up",
         * "shut up, you". */
        if (i > 0 && st->tend[i - 1])
            a = st->tend[i - 1] - 1, b = i + m, cls = st->tcls[i - 1];
        else if (i + m < st->n && st->tbeg[i + m])
            a = i, b = st->tbeg[i + m], cls = st->tcls_b[i + m];
    } else if (type != EV_ATT &&
               (r = target_before(st, i, type, &cls)) != 0) {
        a = r - 1;
        b = i + m;
    } else if (type == EV_ATT) {
        r = target_after(st, i + m, PC__HX_att_fillers, FWD_WIN, &cls);
        if (r)
            a = i, b = r;
    } else if (type == EV_TRAIT && !(i > 0 && (IN(st->t[i - 1], linkers) ||
                                             pc__hx_ends_s(st->t[i - 1].w)))) {
        if ((r = target_after(st, i + m, PC__HX_attr_fillers, 3, &cls)) &&
            !(cls & T_2P))
            a = i, b = r;
    }
    if (b && (cls & wt->mask))
        pc__hit(sc, st->t[a].s, st->t[b - 1].e, wt->kind, wt->label);
}

/* Looks for put-downs in one sentence, for one kind of target. */
static void analyse_one(pc__scan *sc, const struct sent *st,
                        const struct want *wt)
{
    size_t i = 0, m;
    int type;

    while (i < st->n) {
        if (!lex_at(st, i, &m, &type)) {
            i++;
            continue;
        }
        if (!negated(st, i) && !reported(st, i)) {
            size_t before = sc->out->n;

            pair(sc, st, i, m, type, wt);
            if (sc->out->n > before)
                break; /* one hit a sentence is enough */
        }
        i += m;
    }
}

/* The kinds of target one scan looks for, each with its own hits: the
 * three hostile detectors share a sentence's tokens and targets, which
 * depend on the text only. */
struct wants {
    const struct want *const *wt;
    pc_hits *const *out;
    size_t n;
};

/* Looks for put-downs in one sentence, for every kind of ws: only in a
 * sentence with a phrase of the lexicon (an evaluation, which every
 * put-down holds) are its targets marked. A sentence none of whose
 * tokens begins a phrase (most) is let go without a look at them. */
static void analyse(pc__scan *sc, const struct pc__hostile *h,
                    struct sent *st, const struct wants *ws)
{
    int any = lex_fill(h, st);

    st->n_lex = 0;
    if (!any) {
        st->n = 0;
        return;
    }
    pc__hx_mark_targets(st);
    for (size_t k = 0; k < ws->n && sc->st == PC_OK; k++) {
        sc->out = ws->out[k];
        analyse_one(sc, st, ws->wt[k]);
    }
    st->n = 0;
}

/* ---- the scan ---- */

/* Returns 1 if the '.' at i comes right after a title ("Mr. Smith"):
 * not the end of a sentence, whatever text.h says. */
static int title_dot(const struct sent *st, size_t i)
{
    return st->n > 0 && st->t[st->n - 1].e == i &&
           IN(st->t[st->n - 1], titles);
}

/* Handles one punctuation or space byte sequence at *i: sentence ends
 * and quote marks. */
static void punct(pc__scan *sc, const struct pc__hostile *h,
                  struct sent *st, const struct wants *wt, size_t *i,
                  int *inq)
{
    const char *s = sc->s;
    size_t len = sc->len, aw;
    unsigned char c = (unsigned char)s[*i];
    unsigned g = pc__hx_gpunct(s, len, *i);

    if (pc_text_sentence_end(s, len, *i) &&
        !(c == '.' && title_dot(st, *i))) {
        analyse(sc, h, st, wt);
        if (c == '\n')
            *inq = 0;
    }
    /* An edge may be a closing quote: it still closes the quote. */
    if (c == '"') {
        *inq = !*inq;
    } else if (g == 0x9C || g == 0x98) {
        *inq = 1;
    } else if (g == 0x9D) {
        *inq = 0;
    } else if ((aw = pc__hx_apos(s, len, *i)) != 0) {
        /* Not inside a word (read_tok keeps those): a quote mark. */
        if (*i == 0 || !pc__hx_word_byte(s, *i - 1))
            *inq = 1;
        else
            *inq = 0;
        *i += aw;
        return;
    }
    *i += pc_utf8_seq_len(c);
}

/* How far past a byte the scan may read to tell what it is: the
 * character after a '.' (text.h's pc_text_sentence_end), an apostrophe
 * and the character after it (pc__hx_read_tok), with room to spare. */
#define LOOK 16

/* A place the scan reaches with no token of a sentence pending: what it
 * carries on from there (the byte, inside quote marks or not,
 * punctuation before the next token), and how many hits each kind had
 * by then. */
struct hx_mark {
    size_t i;
    int inq, pb;
    size_t n[3];
};

/* Notes in *mark (when not NULL) that the scan is at byte i with no
 * token pending, if i is LOOK bytes or more before cut. */
static void note(struct hx_mark *mark, size_t cut, size_t i, int inq,
                 int pb, const struct wants *wt)
{
    if (!mark || i + LOOK > cut)
        return;
    mark->i = i;
    mark->inq = inq;
    mark->pb = pb;
    for (size_t k = 0; k < wt->n; k++)
        mark->n[k] = wt->out[k]->n;
}

/* Scans sc->s from *from. When mark is not NULL, *mark gets the last
 * place LOOK bytes or more before cut where the scan, past a
 * sentence's end (or MAX_TOK tokens), had no token pending: a scan of
 * s[0, cut) reads nothing at or past cut before it, so it reaches that
 * place as this one does, with the same hits.
 * What the loop carries from token to token is in locals whose address
 * is never taken (the place, the window's masks, the sentence's count,
 * the slot table): a token's copy is stored a byte at a time, which the
 * compiler must otherwise take as a store to any of them, and load them
 * all again for the next token. */
static void scan_from(pc__scan *sc, const struct wants *wt,
                      const struct hx_mark *from, size_t cut,
                      struct hx_mark *mark)
{
    const struct pc__hostile *h = pc__detect_hostile_lex(sc->d);
    const char *const s = sc->s;
    const size_t len = sc->len;
    struct sent st;
    struct pc__hx_win wn;
    const struct hx_slot *slot;
    struct tok *t = st.t; /* the next token's place */
    /* The window's start: one window before i, so that the first
     * place read opens one (as any place past its end does). */
    size_t i = from->i, at = from->i - PC__HX_WIN, mask;
    uint64_t word = 0, upper = 0, ev = 0;
    int inq = from->inq, pb = from->pb;

    if (!h || h->n == 0 || !h->nslot || sc->st != PC_OK)
        return;
    slot = h->slot;
    mask = h->nslot - 1;
    st.n = 0;
    st.n_lex = 0;
    while (i < len) {
        const struct hx_slot *x;
        size_t off, p = 0;
        unsigned char c;
        int tok;

        if (i - at >= PC__HX_WIN) {
            pc__hx_win_fill(&wn, s, len, i);
            at = i;
            word = wn.word;
            upper = wn.upper;
            ev = wn.ev;
        }
        /* The next place with something to read (pc__hx_win's ev): the
         * spaces before it, the bytes read most often, hold no word, no
         * sentence's end, no quote mark, no punctuation. */
        off = i - at;
        if (!(ev >> off)) {
            i = at + PC__HX_WIN;
            continue;
        }
        off += (size_t)__builtin_ctzll(ev >> off);
        i = at + off;
        if (word >> off & 1) {
            /* A run of ASCII word bytes: read from the window if it ends
             * in it, else from a window opened at it (or, one longer
             * than a window, by pc__hx_read_tok). */
            if ((~word >> off) == 0 && off > 0) {
                at = i - PC__HX_WIN;
                continue;
            }
            tok = 1;
            if ((~word >> off) != 0)
                p = pc__hx_tok_win(wn.low, word, upper, off, i, t);
        } else {
            /* A word byte beyond ASCII, or '@' before a word byte. */
            c = (unsigned char)s[i];
            tok = (c >= 0x80 && pc__hx_word_byte_multi(s, i)) ||
                  (c == '@' && i + 1 < len &&
                   pc__hx_word_byte(s, i + 1));
        }
        if (tok) {
            if (p) {
                i = p;
            } else {
                size_t e = i;
                pc__hx_read_tok(s, len, &e, t);
                i = e;
            }
            x = pc__hx_find(slot, mask, t->head, t->n, t->hash, t->w);
            t->cls = x ? x->cls : 0;
            if (t->cls & PC__HX_lex)
                st.lexi[st.n_lex++] = (unsigned char)(t - st.t);
            t->lex_lo = x ? x->lex_lo : 0;
            t->lex_hi = x ? x->lex_hi : 0;
            t->quoted = (unsigned char)inq;
            t->pb = (unsigned char)pb;
            pb = 0;
            if (++t == st.t + MAX_TOK) {
                st.n = MAX_TOK;
                analyse(sc, h, &st, wt);
                t = st.t;
                if (sc->st != PC_OK)
                    return;
                note(mark, cut, i, inq, pb, wt);
            }
        } else {
            int q = inq;
            size_t e = i;

            if (c != ' ' && c != '\t')
                pb = 1;
            st.n = (size_t)(t - st.t);
            punct(sc, h, &st, wt, &e, &q);
            i = e;
            inq = q;
            if (st.n == 0) {
                t = st.t;
                if (sc->st != PC_OK)
                    return;
                note(mark, cut, i, inq, pb, wt);
            }
        }
    }
    st.n = (size_t)(t - st.t);
    analyse(sc, h, &st, wt);
}

static void scan(pc__scan *sc, const struct wants *wt)
{
    const struct hx_mark start = {0, 0, 0, {0, 0, 0}};

    scan_from(sc, wt, &start, 0, NULL);
}

static const struct want want_any = {
    T_PERSON | T_GROUP, "hostile", "words that put a person or group down"
};
static const struct want want_person = {
    T_PERSON, "hostile-person", "words that put a person down"
};
static const struct want want_group = {
    T_GROUP, "hostile-group",
    "words that put down colleagues, leaders, families or the "
    "organisation"
};

/* Scans sc->s for the one kind wt. */
static void scan_one(pc__scan *sc, const struct want *wt)
{
    pc_hits *out = sc->out;
    const struct wants ws = {&wt, &out, 1};

    scan(sc, &ws);
    sc->out = out;
}

void pc__det_hostile(pc__scan *sc)
{
    scan_one(sc, &want_any);
}

void pc__det_hostile_person(pc__scan *sc)
{
    scan_one(sc, &want_person);
}

void pc__det_hostile_group(pc__scan *sc)
{
    scan_one(sc, &want_group);
}

/* Appends to judged the hits of `hostile` over sc->s[0, cut), given
 * the scan of the whole that reached mark: its hits before mark, then
 * the rest of s[0, cut) scanned on its own. */
static void judged_from(pc__scan *sc, pc_hits *all, size_t first,
                        const struct hx_mark *mark, size_t cut,
                        pc_hits *judged)
{
    const struct want *wt = &want_any;
    const struct wants ws = {&wt, &judged, 1};
    size_t len = sc->len;

    if (sc->st == PC_OK &&
        pc_hits_append(judged, all->v + first, mark->n[0] - first) != PC_OK)
        sc->st = PC_ERR_NOMEM;
    if (sc->st == PC_OK && mark->i < cut) {
        sc->len = cut;
        scan_from(sc, &ws, mark, 0, NULL);
        sc->len = len;
    }
}

void pc__det_hostile_kinds(pc__scan *sc, pc_hits *out[3], size_t cut,
                           pc_hits *judged)
{
    static const struct want *const wt[3] = {&want_any, &want_person,
                                             &want_group};
    const struct hx_mark start = {0, 0, 0, {out[0]->n, out[1]->n,
                                            out[2]->n}};
    struct hx_mark mark = start;
    pc_hits *keep = sc->out;
    const struct wants ws = {wt, out, 3};

    if (cut > sc->len)
        cut = sc->len;
    scan_from(sc, &ws, &start, judged ? cut : 0, judged ? &mark : NULL);
    if (judged && sc->st == PC_OK) {
        if (cut == sc->len) {
            /* The whole is judged: every hit, nothing to scan again. */
            mark.i = cut;
            mark.n[0] = out[0]->n;
        }
        judged_from(sc, out[0], start.n[0], &mark, cut, judged);
    }
    sc->out = keep;
}
