/* pack_model.c: the keys of a pack's `model` rule (FORMAT.md): which
 * trained model judges the post and from what score it flags. Called by
 * pack_rule.c while it validates a rule; errors name the field. */
#include <stdlib.h>
#include <string.h>

#include "model_int.h"
#include "pack_parse.h"

pc_status pc__parse_model_rule(pc__vctx *v, json_t *obj, pc__rule *r)
{
    json_t *t = json_object_get(obj, "threshold");
    pc_status st = pc__v_string(v, obj, "model", 1, &r->model);

    if (st != PC_OK) {
        return st;
    }
    if (!pc_judge_model_known(r->model)) {
        pc__v_key(v, "model");
        st = pc__v_fail(v, PC_ERR_PACK, "unknown model '%s' (see "
                        "'postcheck model list')", r->model);
        pc__v_pop(v);
        return st;
    }
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
    return st;
}
