/* rules_outside.c: whether a post is aimed at a body outside the
 * organisation and at no one else, for the harassment model's rule
 * (rules_model.c). The policies' harassment clauses are about people:
 * bullying, threats, discrimination against someone for who they are. A
 * cross word about another body ("The angling association's new rule is
 * too broad", "Ah yes, the Lanbury Film Festival. Where the programmers
 * pick films their mates made") harasses no one, and the labelling
 * conventions leave it unlabelled or call it a put-down; the harassment
 * model, which reads the cross words, flags it all the same.
 *
 * A body outside the organisation is a noun phrase of the folded view
 * ending in a word of a kind of body: one no pack is (a club, band,
 * choir, festival, company, co-op, foundation, fund, theatre, a shop, cafe,
 * pub or other business), or a kind a pack may be or have (a committee,
 * council, executive, panel, trust, society, association, board, group)
 * with at least one word before it saying whose ("the tenants' panel",
 * "the lido trust"). The phrase runs back from that word to a
 * determiner, a preposition or the start of a clause, at most four words
 * ("the Lanbury Film Festival"), and is the subject: it opens its
 * clause, maybe after a determiner, maybe after a word joining the clause
 * ("If the Seacombe Pipe Band put ..."); a body named after "at", "on" or
 * a verb ("two dads at the toddler group", "shouldn't be running the
 * youth club") is only where something happens, and the post may be about
 * the people in it. The phrase is none when one of its words is one of
 * the pack's names or a word for a body of it ("the ALT executive", "the
 * chapter committee"), after "our" or "my" (the writer's own body, which
 * may be the organisation), or when the next word names people of it
 * ("the festival stewards", "the ramblers' group walk leaders").
 *
 * The post is aimed at the body and no one else when it holds such a
 * phrase, none of its phrases holds a protected group (rules_aim.c's
 * reading: "the Polish Saturday School's parents' council" keeps the
 * finding), and the rest of the post, the phrases left out, aims at no
 * one by rules_aim.c's reading: no person ("the bowls club's new
 * treasurer is a fat cow"), no group, and neither the organisation nor a
 * word for its body ("the committee", "the trust"), where a "club" may be
 * the organisation itself. The whole post is read, whichever sentence
 * the finding quotes: "Chapter members from the Philippines are only good
 * for data entry. Keep them off the program committee." keeps it. A
 * capitalised word inside the phrase is the body's name, not a person's.
 * Chosen on the development sets (README.md in policies/models, "Session
 * 33: harassment, second round"). */
#include <string.h>

#include "model_int.h"
#include "postcheck/judge.h"
#include "postcheck/text.h"
#include "rules_int.h"
#include "text_words.h"

#define OUT_SPANS 8  /* phrases of a unit read */
#define OUT_BACK 4   /* words of a phrase before its body word */

/* Sorted lists (pc__rule_word_on searches them), lower case a to z, a
 * word ending in "s" looked up without it too. Kinds of body no pack
 * is. */
static const char *const kinds[] = {
    "bakery", "band", "cafe", "choir", "club", "company", "coop",
    "festival", "firm", "foundation", "fund", "garage", "gym", "hotel",
    "league", "orchestra", "pub", "restaurant", "shop", "supermarket",
    "takeaway", "theatre", "troupe",
};
/* Kinds of body a pack may be or have: outside only with a word before
 * them saying whose. */
static const char *const kinds_owned[] = {
    "association", "board", "committee", "council", "executive", "group",
    "panel", "society", "trust",
};
/* Words for the organisation's own body or people: a phrase with one is
 * (or may be) the organisation's. */
static const char *const own[] = {
    "academy", "alliance", "branch", "chapter", "conference", "governors",
    "hq", "leadership", "management", "slt", "smt", "staff", "trustees",
};
/* Words a phrase runs back to (not part of it). */
static const char *const stops[] = {
    "a", "about", "against", "an", "and", "as", "at", "by", "for", "from",
    "if", "in", "into", "of", "on", "or", "than", "that", "the", "their",
    "these", "this", "those", "to", "watch", "when", "where", "with",
};
/* People of a body named after it ("the festival stewards"). */
static const char *const people[] = {
    "boy", "chair", "children", "coach", "director", "folk", "girl",
    "head", "kid", "lad", "leader", "member", "men", "organiser",
    "parent", "people", "player", "secretary", "staff", "steward",
    "treasurer", "volunteer", "women",
};

#define ON(v, w, n) pc__rule_word_on(v, sizeof v / sizeof *v, w, n, 1)

/* A word of the folded view (text_words.h, a hyphen inside it joined
 * and left out of its key: "co-op" is "coop"), a possessive "'s" after
 * it in its span ("club's"). */
struct oword {
    pc_text_word t;
    int stop_before; /* a sentence edge, clause mark or quote between it
                        and the last word (or the unit's start) */
};

/* Cuts s[start, end) of the folded view (len bytes) into at most max
 * words; their number. */
static size_t cut(const char *s, size_t len, size_t start, size_t end,
                  struct oword *v, size_t max)
{
    pc_text_words c;
    size_t k = 0, i, cl;

    pc_text_words_init(&c, s, len, start, end, PC_WORDS_HYPHEN);
    while (k < max && pc_text_words_next(&c, &v[k].t)) {
        struct oword *o = &v[k++];
        o->stop_before = k == 1 || (o->t.gap & (PC_GAP_SENTENCE |
                                                PC_GAP_CLAUSE |
                                                PC_GAP_QUOTE));
        /* "club's": the possessive "'s" is part of the word's span (the
         * apostrophe of "ramblers'" is left between words, where it
         * stops nothing) */
        i = o->t.b;
        if (i + 1 < c.end && s[i] == '\'' && s[i + 1] == 's' &&
            (i + 2 >= c.end || !pc_text_word_at(s, c.end, i + 2, &cl))) {
            o->t.b = c.i = i + 2;
        }
    }
    return k;
}

/* 1 if word i of v[0, n) ends a phrase naming a body outside the
 * organisation; *from: its first word. */
static int outside_body(const pc_pack *p, const char *s, size_t len,
                        const struct oword *v, size_t n, size_t i,
                        size_t *from)
{
    static const char *const dets[] = {"a", "an", "that", "the", "this"};
    static const char *const joins[] = {"and", "because", "but", "if",
                                        "so", "when", "while"};
    size_t a = i;
    int owned = v[i].t.n > 0 && !ON(kinds, v[i].t.key, v[i].t.n);

    if (v[i].t.n == 0 || (owned && !ON(kinds_owned, v[i].t.key, v[i].t.n))) {
        return 0;
    }
    while (a > 0 && i - a < OUT_BACK && !v[a].stop_before &&
           !ON(stops, v[a - 1].t.key, v[a - 1].t.n)) {
        if (strcmp(v[a - 1].t.key, "our") == 0 ||
            strcmp(v[a - 1].t.key, "my") == 0) {
            return 0; /* "our club": maybe the organisation's */
        }
        a--;
    }
    /* The subject: the phrase opens its clause, maybe after a
     * determiner, maybe after a word joining the clause ("If the
     * Seacombe Pipe Band put ..."); not "at the toddler group", "running
     * the youth club", where the body is only where it happens. */
    if (!v[a].stop_before &&
        !(ON(dets, v[a - 1].t.key, v[a - 1].t.n) &&
          (v[a - 1].stop_before ||
           (a > 1 && ON(joins, v[a - 2].t.key, v[a - 2].t.n) &&
            v[a - 2].stop_before)))) {
        return 0;
    }
    if (owned && a == i) {
        return 0; /* "the committee": maybe the organisation's */
    }
    for (size_t k = a; k < i; k++) {
        if (ON(own, v[k].t.key, v[k].t.n) ||
            ON(kinds_owned, v[k].t.key, v[k].t.n)) {
            return 0;
        }
    }
    if (pc__model_names_pack(p, s, len, v[a].t.a, v[i].t.b, PC_WORDS_HYPHEN,
                             1) ||
        (i + 1 < n && !v[i + 1].stop_before &&
         ON(people, v[i + 1].t.key, v[i + 1].t.n))) {
        return 0;
    }
    *from = a;
    return 1;
}

/* Whom the folded view's span [a, b) aims at (rules_aim.c); 0 when
 * empty. */
static unsigned span_aim(pc__ctx *c, size_t a, size_t b)
{
    pc_unit part;

    if (a >= b) {
        return 0;
    }
    memset(&part, 0, sizeof part);
    part.start = a;
    part.end = b;
    return pc__rule_aim(c, &part);
}

int pc__rule_at_outside(pc__ctx *c, const pc_unit *u)
{
    size_t len, end, n, from, last, k;
    const char *s = pc_text_view(c->text, PC_VIEW_FOLD, &len);
    struct oword v[96];
    size_t sa[OUT_SPANS], sb[OUT_SPANS], ns = 0;
    unsigned aim = 0;

    end = u->end < len ? u->end : len;
    if (u->start >= end) {
        return 0;
    }
    n = cut(s, len, u->start, end, v, sizeof v / sizeof *v);
    if (n == sizeof v / sizeof *v) {
        return 0; /* a long unit: not read */
    }
    for (size_t i = 0; i < n && ns < OUT_SPANS; i++) {
        if (outside_body(c->pack, s, len, v, n, i, &from)) {
            sa[ns] = v[from].t.a;
            sb[ns++] = v[i].t.b;
        }
    }
    if (ns == 0 || pc__model_names_pack(c->pack, s, len, v[0].t.a,
                                        v[n - 1].t.b, PC_WORDS_HYPHEN, 1)) {
        return 0;
    }
    last = u->start;
    for (k = 0; k < ns; k++) {
        if (span_aim(c, sa[k], sb[k]) & PC_AIM_GROUP) {
            return 0;
        }
        aim |= span_aim(c, last, sa[k]);
        last = sb[k];
    }
    return (aim | span_aim(c, last, end)) == 0;
}
