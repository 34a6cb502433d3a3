/* rules_putdown.c: after a pack's rules, the put-down rules' hits that are
 * harassment, not a put-down of the organisation, for rules.c. The
 * policies and the blind batches' labelling decisions give a put-down its
 * category by whom it is aimed at (rules_aim.c reads that): an insult at
 * a person, or derogation by a protected characteristic, is harassment.
 * pc__rule_aim_putdowns drops a put-down rule's hit on a sentence with a
 * harassment finding, aimed at a protected group or holding an insult said
 * of one person ("a useless idiot", "a spineless little weasel"), a body
 * named there or not: harassment, even of the board or staff. The
 * labelling decisions judge a post by its worst line, and an insult at one
 * holder of a role is harassment "the rest of the post running the
 * organisation down too" ("Our treasurer is a useless idiot and the board
 * are too weak to sack him"). A put-down by description ("the head is
 * clueless", "the governors are useless, they rubber-stamp whatever the
 * head wants") holds no insult said of one and keeps its hit. A sentence
 * that opens with "they" after one aimed at a protected group is aimed at
 * that group (rules_carry.c), unless it names the organisation's body.
 * Chosen on the development sets (models README, sessions 30 to 34). */
#include <string.h>

#include "postcheck/judge.h"
#include "rules_int.h"

/* 1 if finding f is a disparaging pattern or detector rule's (by id). */
static int putdown_hit(const pc_pack *p, const pc_finding *f)
{
    size_t i = 0;

    while (f->start >= 0 && i < p->n_rules && p->rules[i].id != f->rule) {
        i++;
    }
    return f->start >= 0 && i < p->n_rules &&
           (p->rules[i].kind == PC_RULE_PATTERN ||
            p->rules[i].kind == PC_RULE_DETECTOR) &&
           strcmp(f->category, "disparaging") == 0;
}

/* The sentences (or the whole post) as UTF-16 spans; whether a harassment
 * finding stands on each alone (a whole post's quote is on none). */
struct sents {
    size_t lo, n;
    long a[PC_JUDGE_MAX_SENTENCES + 1], b[PC_JUDGE_MAX_SENTENCES + 1];
    unsigned char harassed[PC_JUDGE_MAX_SENTENCES + 1];
};

/* The first and one past the last unit of st that [x, y) overlaps. */
static void overlap(const struct sents *st, long x, long y, size_t *i,
                    size_t *j)
{
    for (*i = st->lo; *i < st->n && st->b[*i] <= x; (*i)++) {
    }
    for (*j = *i; *j < st->n && st->a[*j] < y; (*j)++) {
    }
}

void pc__rule_aim_putdowns(pc__ctx *c, size_t first, const pc_units *u)
{
    pc_findings *out = c->out;
    struct sents st;
    size_t i, j, k, a, b, end = out->n, hit = end;

    for (k = first; k < end && hit == end; k++) {
        hit = putdown_hit(c->pack, &out->v[k]) ? k : end;
    }
    if (hit == end || !u || u->n == 0) {
        return; /* no put-down rule's finding, or no unit judged */
    }
    st.lo = u->n > 1;
    st.n = u->n;
    for (i = st.lo; i < st.n; i++) {
        pc_text_span(c->text, PC_VIEW_FOLD, u->v[i].start, u->v[i].end, &a,
                     &b);
        st.a[i] = (long)a;
        st.b[i] = (long)b;
    }
    memset(st.harassed, 0, sizeof st.harassed);
    for (k = first; k < end; k++) {
        const pc_finding *f = &out->v[k];
        overlap(&st, f->start, f->end, &i, &j);
        if (f->start >= 0 && j == i + 1 &&
            strcmp(f->category, "harassment") == 0) {
            st.harassed[i] = 1;
        }
    }
    /* A dropped one goes to the end (the rest keep their order) and is cut. */
    for (k = hit; k < end;) {
        pc_finding f = out->v[k];
        unsigned aim = 0, harassed = 0;
        size_t carried = 0; /* the sentence before, whose group it goes on */
        int put = putdown_hit(c->pack, &f);
        overlap(&st, f.start, f.end, &i, &j);
        if (j == i + 1 && i > st.lo && put &&
            pc__rule_group_carried(c, u, i)) {
            carried = i - 1; /* "Pregnant staff ... They're useless" */
        }
        for (i = put ? i : j; i < j; i++) {
            aim |= pc__rule_aim_unplaced(c, &u->v[i]);
            harassed |= st.harassed[i];
        }
        if (carried && !(aim & PC_AIM_ORG)) {
            aim |= PC_AIM_GROUP;
            harassed |= st.harassed[carried];
        }
        if (!harassed || !(aim & (PC_AIM_INSULT | PC_AIM_GROUP))) {
            k++;
        } else {
            memmove(&out->v[k], &out->v[k + 1], (out->n - k - 1) * sizeof f);
            out->v[out->n - 1] = f;
            end--;
        }
    }
    pc_findings_truncate(out, end);
}
