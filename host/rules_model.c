/* rules_model.c: a pack's `model` rule run over one check. The post is cut
 * into units (judge.h: the whole post, then each sentence). When the
 * rule's trained model scores any unit at or over the rule's threshold,
 * one finding is made, spanning the sentence the model scores highest
 * (the whole post when it is one sentence), so the finding quotes what it
 * judged. The models are fitted on whole posts and on the sentences of
 * posts that break nothing, so one hostile sentence in a long, otherwise
 * friendly post is not diluted by the rest.
 *
 * One category a sentence: when an organisation model's rule (disparaging,
 * criticism) would quote a sentence that the pack's harassment model rule
 * also judges harassing, the finding is left to the harassment rule. A
 * sentence both models judge hostile is a put-down of people (an insult,
 * a slur, a threat, bullying), which the harassment and bullying clause
 * is about; a put-down of the organisation without those (by description,
 * metaphor or sarcasm) is the organisation models' alone. The harassment
 * model is scored here on that one sentence, so the order of the pack's
 * rules does not matter. */
#include <stdlib.h>
#include <string.h>

#include "model_int.h"
#include "rules_int.h"

static void emit_unit(pc__ctx *c, const pc__rule *r, const pc_unit *u)
{
    size_t a, b;

    pc_text_span(c->text, PC_VIEW_FOLD, u->start, u->end, &a, &b);
    if (b > a) {
        pc__emit(c, r, (long)a, (long)b, -1, NULL, r->model);
    }
}

/* pc_judge_units over the check's post, with the hostile detector's hits
 * from the check's cache (rules_cache.c: the detector rules of most packs
 * run it too) when the post is no longer than what is judged. */
static pc_status judge(pc__ctx *c, const pc_detectors *det)
{
    size_t clen;
    const char *cased = pc_text_view(c->text, PC_VIEW_CASED, &clen);
    pc_hits hits = {0};
    pc_status st;

    if (!pc__check_cache_enabled() || pc__judge_prefix(cased, clen) != clen) {
        return pc_judge_units(det, c->text, c->units);
    }
    /* As pc_judge_units: only running out of memory fails the judging
     * (the hostile scan runs no pattern, so meets no limit). */
    st = pc__detector_hits(c, "hostile", &hits);
    if (st != PC_ERR_NOMEM) {
        st = pc__judge_cut(c->text, &hits, c->units);
    }
    pc_hits_free(&hits);
    return st;
}

/* The post's units, cut and featurised once per check: every model rule
 * of the pack judges the same units. Returns NULL when out of memory. */
static const pc_units *units_of(pc__ctx *c, const pc_detectors *det)
{
    if (c->units) {
        return c->units;
    }
    c->units = calloc(1, sizeof *c->units);
    if (!c->units || judge(c, det) != PC_OK) {
        pc__rule_model_done(c);
        return NULL;
    }
    return c->units;
}

void pc__rule_model_done(pc__ctx *c)
{
    if (c->units) {
        pc_units_free(c->units);
        free(c->units);
        c->units = NULL;
    }
}

/* The pack's harassment model rule for this check's account, or NULL. A
 * rule asking for a mention of the organisation counts only when r asks
 * for it too (r runs only when the post mentions it). */
static const pc__rule *harassment_rule(const pc__ctx *c, const pc__rule *r)
{
    const pc_pack *p = c->pack;

    for (size_t i = 0; i < p->n_rules; i++) {
        const pc__rule *h = &p->rules[i];
        if (h->kind == PC_RULE_MODEL && strcmp(h->model, "harassment") == 0 &&
            (h->applies & (unsigned)c->post->account) &&
            (!h->when_mentioned || r->when_mentioned)) {
            return h;
        }
    }
    return NULL;
}

/* 1 if r is an organisation model's rule and the pack's harassment model
 * rule judges unit u harassing: the finding is left to that rule. */
static int left_to_harassment(pc__ctx *c, const pc__rule *r,
                              const pc_detectors *det, const pc_unit *u)
{
    const pc__rule *h;
    const pc_model *hm;

    if (strcmp(r->model, "harassment") == 0) {
        return 0;
    }
    h = harassment_rule(c, r);
    hm = h ? pc_judge_model(det, h->model) : NULL;
    return hm && pc_model_score(hm, &u->f) >= h->threshold;
}

/* 1 unless r is an organisation model's rule and the quoted unit u does
 * not refer to the organisation, its people, its events or its work
 * (model_refer.c): what those policies forbid is running the
 * organisation down, not being cross about a printer or the DfE. */
static int refers(pc__ctx *c, const pc__rule *r, const pc_unit *whole,
                  const pc_unit *u)
{
    size_t len, end;
    const char *s;

    if (strcmp(r->model, "harassment") == 0) {
        return 1;
    }
    s = pc_text_view(c->text, PC_VIEW_FOLD, &len);
    end = u->end < len ? u->end : len;
    if (pc__model_plain_praise(s, u->start, end)) {
        return 0;
    }
    if (pc__model_refers(c->pack, s, u->start, end)) {
        return 1;
    }
    /* A sentence that names nobody may still run the organisation down
     * when the post is about it ("Now it's something to get through."),
     * unless it is about a body outside it. */
    return !pc__model_outside(s, u->start, end) &&
           pc__model_refers(c->pack, s, whole->start,
                            whole->end < len ? whole->end : len);
}

void pc__rule_model(pc__ctx *c, const pc__rule *r)
{
    const pc_detectors *det = c->pack->detectors;
    const pc_model *m = det ? pc_judge_model(det, r->model) : NULL;
    const pc_units *units = m ? units_of(c, det) : NULL;
    size_t best = 0;
    double best_score = -1.0, quote_score = -1.0;

    if (!m) {
        c->status = PC_ERR_INTERNAL;
        return;
    }
    if (!units) {
        c->status = PC_ERR_NOMEM;
        return;
    }
    /* The highest-scoring unit decides; the quote is the best sentence
     * (or the whole post when it has one). */
    for (size_t i = 0; i < units->n; i++) {
        double s = pc_model_score(m, &units->v[i].f);
        best_score = s > best_score ? s : best_score;
        if (i > 0 && s > quote_score) {
            best = i;
            quote_score = s;
        }
    }
    if (best_score >= r->threshold &&
        !left_to_harassment(c, r, det, &units->v[best]) &&
        refers(c, r, &units->v[0], &units->v[best])) {
        emit_unit(c, r, &units->v[best]);
    }
}
