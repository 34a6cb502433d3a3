/* detect_judge.c: the detector side of judge.h. The trained models
 * (model_judge.c) are held by the detectors and know nothing of them:
 * this file runs the hostile detector over the judged prefix of a post
 * and hands its hits to the judge, and looks a model up in the set the
 * detectors loaded. So calls go one way, detect -> model. Nothing here
 * keeps or logs post text. */
#include "detect_int.h"
#include "model_int.h"

pc_status pc_judge_hostile(const pc_detectors *d, const pc_text *t,
                           pc_hits *out)
{
    size_t clen;
    const char *cased = pc_text_view(t, PC_VIEW_CASED, &clen);

    return pc__detect_run_buf(d, "hostile", cased,
                              pc__judge_prefix(cased, clen), out);
}

pc_status pc_judge_hostile_kinds(const pc_detectors *d, const pc_text *t,
                                 pc_hits *out[3], pc_hits *judged)
{
    size_t clen;
    const char *cased = pc_text_view(t, PC_VIEW_CASED, &clen);

    return pc__detect_hostile_buf(d, cased, clen, out,
                                  pc__judge_prefix(cased, clen), judged);
}

pc_status pc_judge_units(const pc_detectors *d, const pc_text *t,
                         pc_units *out)
{
    pc_hits hits = {0};
    /* The hostile hits are extra features; a run that stops at a limit
     * keeps the hits found so far, and only running out of memory fails
     * the judging. */
    pc_status st = pc_judge_hostile(d, t, &hits);

    if (st == PC_ERR_NOMEM) {
        pc_units_free(out);
    } else {
        st = pc__judge_cut(t, &hits, out);
    }
    pc_hits_free(&hits);
    return st;
}

pc_status pc_judge_need(pc_detectors *d, const char *name, pc_error *err)
{
    return pc__models_need(d->models, name, err);
}

void pc_judge_merge(pc_detectors *d)
{
    pc__models_merge(d->models);
}

const pc_model *pc_judge_model(const pc_detectors *d, const char *name)
{
    return pc__models_find(d->models, name);
}

const struct pc__merged *pc__judge_merged(const pc_detectors *d)
{
    return pc__models_merged(d->models);
}
