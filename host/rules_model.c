/* rules_model.c: a pack's `model` rule run over one check. The post is cut
 * into units (judge.h: the whole post, then each sentence). When the
 * rule's trained model scores the whole post at or over the rule's
 * threshold, one finding is made, spanning the sentence the model scores
 * highest (the whole post when it is one sentence), so the finding quotes
 * what it judged. */
#include <stdlib.h>

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

void pc__rule_model(pc__ctx *c, const pc__rule *r)
{
    const pc_detectors *det = c->pack->detectors;
    const pc_model *m = det ? pc_judge_model(det, r->model) : NULL;
    pc_units u = {0};
    size_t best = 0;
    double best_score = -1.0;

    if (!m) {
        c->status = PC_ERR_INTERNAL;
        return;
    }
    if (pc_judge_units(det, c->text, &u) != PC_OK) {
        c->status = PC_ERR_NOMEM;
        pc_units_free(&u);
        return;
    }
    /* The model was fitted on whole posts, so the whole post decides;
     * its sentences only say which one to quote. */
    if (pc_model_score(m, &u.v[0].f) >= r->threshold) {
        for (size_t i = 1; i < u.n; i++) {
            double s = pc_model_score(m, &u.v[i].f);
            if (s > best_score) {
                best_score = s;
                best = i;
            }
        }
        emit_unit(c, r, &u.v[best]);
    }
    pc_units_free(&u);
}
