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

#include "postcheck/judge.h"
#include "postcheck/text.h"
#include "rules_int.h"

#define OUT_WORD 24  /* bytes of a word kept (longer ones are no entry) */
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

static int is_alnum(unsigned char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
}

/* A word of the folded view: s[a, b), its letters and digits (a hyphen
 * left out: "co-op") in w[0, n); n 0 when too long. */
struct oword {
    size_t a, b, n;
    char w[OUT_WORD + 1];
    int stop_before; /* a stop, comma or colon between it and the last */
};

/* Cuts s[start, end) into at most max words; their number. */
static size_t cut(const char *s, size_t start, size_t end, struct oword *v,
                  size_t max)
{
    size_t k = 0, i = start;
    int stop = 1;

    while (i < end && k < max) {
        unsigned char ch = (unsigned char)s[i];
        if (!is_alnum(ch)) {
            stop |= ch == '.' || ch == '!' || ch == '?' || ch == ',' ||
                    ch == ':' || ch == ';' || ch == '(' || ch == '"';
            i++;
            continue;
        }
        struct oword *o = &v[k++];
        o->a = i;
        o->n = 0;
        o->stop_before = stop;
        stop = 0;
        while (i < end && (is_alnum((unsigned char)s[i]) ||
                           (s[i] == '-' && i + 1 < end &&
                            is_alnum((unsigned char)s[i + 1])))) {
            if (s[i] != '-' && o->n < OUT_WORD) {
                o->w[o->n] = s[i];
            }
            o->n += s[i] != '-';
            i++;
        }
        o->b = i;
        if (o->n > OUT_WORD) {
            o->n = 0;
        }
        o->w[o->n] = '\0';
        /* "club's", "ramblers'": the possessive is part of the word */
        if (i + 1 < end && s[i] == '\'' && s[i + 1] == 's' &&
            (i + 2 >= end || !is_alnum((unsigned char)s[i + 2]))) {
            i += 2;
            o->b = i;
        }
    }
    return k;
}

/* 1 if the word is one of the pack's one-word names; or the words
 * v[a, b]'s letters hold one of its names of several words. */
static int names_pack(const pc_pack *p, const char *s, const struct oword *v,
                      size_t a, size_t b)
{
    char letters[1024];
    size_t nl = 0;

    for (size_t i = a; i <= b; i++) {
        for (size_t k = 0; k < p->n_compact; k++) {
            if (!p->compact_multi[k] && strcmp(p->compact_names[k],
                                               v[i].w) == 0) {
                return 1;
            }
        }
        for (size_t j = v[i].a; j < v[i].b && nl < sizeof letters - 1; j++) {
            if (is_alnum((unsigned char)s[j])) {
                letters[nl++] = s[j];
            }
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

/* 1 if word i of v[0, n) ends a phrase naming a body outside the
 * organisation; *from: its first word. */
static int outside_body(const pc_pack *p, const char *s,
                        const struct oword *v, size_t n, size_t i,
                        size_t *from)
{
    static const char *const dets[] = {"a", "an", "that", "the", "this"};
    static const char *const joins[] = {"and", "because", "but", "if",
                                        "so", "when", "while"};
    size_t a = i;
    int owned = v[i].n > 0 && !ON(kinds, v[i].w, v[i].n);

    if (v[i].n == 0 || (owned && !ON(kinds_owned, v[i].w, v[i].n))) {
        return 0;
    }
    while (a > 0 && i - a < OUT_BACK && !v[a].stop_before &&
           !ON(stops, v[a - 1].w, v[a - 1].n)) {
        if (strcmp(v[a - 1].w, "our") == 0 || strcmp(v[a - 1].w, "my") == 0) {
            return 0; /* "our club": maybe the organisation's */
        }
        a--;
    }
    /* The subject: the phrase opens its clause, maybe after a
     * determiner, maybe after a word joining the clause ("If the
     * Seacombe Pipe Band put ..."); not "at the toddler group", "running
     * the youth club", where the body is only where it happens. */
    if (!v[a].stop_before &&
        !(ON(dets, v[a - 1].w, v[a - 1].n) &&
          (v[a - 1].stop_before ||
           (a > 1 && ON(joins, v[a - 2].w, v[a - 2].n) &&
            v[a - 2].stop_before)))) {
        return 0;
    }
    if (owned && a == i) {
        return 0; /* "the committee": maybe the organisation's */
    }
    for (size_t k = a; k < i; k++) {
        if (ON(own, v[k].w, v[k].n) || ON(kinds_owned, v[k].w, v[k].n)) {
            return 0;
        }
    }
    if (names_pack(p, s, v, a, i) ||
        (i + 1 < n && !v[i + 1].stop_before &&
         ON(people, v[i + 1].w, v[i + 1].n))) {
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
    n = cut(s, u->start, end, v, sizeof v / sizeof *v);
    if (n == sizeof v / sizeof *v) {
        return 0; /* a long unit: not read */
    }
    for (size_t i = 0; i < n && ns < OUT_SPANS; i++) {
        if (outside_body(c->pack, s, v, n, i, &from)) {
            sa[ns] = v[from].a;
            sb[ns++] = v[i].b;
        }
    }
    if (ns == 0 || names_pack(c->pack, s, v, 0, n - 1)) {
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
