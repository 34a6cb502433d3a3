/* pack_model.c: the keys of a pack's `model` rule (FORMAT.md): which
 * trained model judges the post, from what score it flags, and which
 * model, if any, tells fair criticism from a put-down (and, at prepare,
 * the models themselves, kept in the rule). Called by
 * pack_rule.c while it validates a rule; errors name the field. */
#include <stdlib.h>
#include <string.h>

#include "model_int.h"
#include "pack_parse.h"

/* The string at key (required or not) into *out, which must name a
 * built-in model. */
static pc_status model_name(pc__vctx *v, json_t *obj, const char *key,
                            int required, char **out)
{
    pc_status st = pc__v_string(v, obj, key, required, out);

    if (st != PC_OK || !*out || pc_judge_model_known(*out)) {
        return st;
    }
    pc__v_key(v, key);
    st = pc__v_fail(v, PC_ERR_PACK, "unknown model '%s' (see "
                    "'postcheck model list')", *out);
    pc__v_pop(v);
    return st;
}

/* `fair_model` and `fair_ratio`, both or neither: the rule stays quiet
 * on a sentence its model scores under fair_ratio times fair_model's
 * score of it. */
static pc_status parse_fair(pc__vctx *v, json_t *obj, pc__rule *r)
{
    json_t *t = json_object_get(obj, "fair_ratio");
    pc_status st = model_name(v, obj, "fair_model", 0, &r->fair_model);

    if (st != PC_OK) {
        return st;
    }
    if (!r->fair_model != !t) {
        return pc__v_fail(v, PC_ERR_PACK, "'fair_model' and 'fair_ratio' "
                          "go together");
    }
    if (!t) {
        return PC_OK;
    }
    pc__v_key(v, "fair_ratio");
    if (!json_is_number(t) || json_number_value(t) <= 0.0 ||
        json_number_value(t) > 1.0) {
        st = pc__v_fail(v, PC_ERR_PACK, "must be a number over 0, at most "
                        "1");
    } else {
        r->fair_ratio = json_number_value(t);
    }
    pc__v_pop(v);
    return st;
}

/* `post_floor`, optional: the rule stays quiet on a post whose whole its
 * model scores under it, whichever sentence scores high. */
static pc_status parse_floor(pc__vctx *v, json_t *obj, pc__rule *r)
{
    json_t *t = json_object_get(obj, "post_floor");
    pc_status st = PC_OK;

    if (!t) {
        return PC_OK;
    }
    pc__v_key(v, "post_floor");
    if (!json_is_number(t) || json_number_value(t) <= 0.0 ||
        json_number_value(t) >= r->threshold) {
        st = pc__v_fail(v, PC_ERR_PACK, "must be a number over 0, under "
                        "the rule's threshold");
    } else {
        r->post_floor = json_number_value(t);
    }
    pc__v_pop(v);
    return st;
}

pc_status pc__parse_model_rule(pc__vctx *v, json_t *obj, pc__rule *r)
{
    json_t *t = json_object_get(obj, "threshold");
    pc_status st = model_name(v, obj, "model", 1, &r->model);

    if (st != PC_OK) {
        return st;
    }
    r->harassment = strcmp(r->model, "harassment") == 0;
    if (!t) {
        return pc__v_fail(v, PC_ERR_PACK, "a model rule needs 'threshold'");
    }
    pc__v_key(v, "threshold");
    if (!json_is_number(t) || json_number_value(t) <= 0.0 ||
        json_number_value(t) >= 1.0) {
        st = pc__v_fail(v, PC_ERR_PACK, "must be a number between 0 and 1 "
                        "(exclusive)");
    } else {
        r->threshold = json_number_value(t);
    }
    pc__v_pop(v);
    st = st == PC_OK ? parse_fair(v, obj, r) : st;
    return st == PC_OK ? parse_floor(v, obj, r) : st;
}

pc_status pc__rule_model_need(pc__rule *r, pc_detectors *det, pc_error *err)
{
    pc_status st = pc_judge_need(det, r->model, err);

    if (st == PC_OK && r->fair_model) {
        st = pc_judge_need(det, r->fair_model, err);
    }
    if (st == PC_OK) {
        r->model_m = pc_judge_model(det, r->model);
        r->fair_m = r->fair_model ? pc_judge_model(det, r->fair_model) : NULL;
    }
    return st;
}
