/* detect_view.c: pc_detect_run, the entry the rule engine calls, which
 * runs the detectors over a post's PC_VIEW_CASED view. Kept apart from
 * detect.c so the detectors can be linked and tested without text.c. */
#include "detect_int.h"

pc_status pc_detect_run(const pc_detectors *d, const char *name,
                        const pc_text *t, pc_hits *out)
{
    return pc_detect_run_until(d, name, t, 0, out);
}

pc_status pc_detect_run_until(const pc_detectors *d, const char *name,
                              const pc_text *t, long long deadline,
                              pc_hits *out)
{
    return pc_detect_run_seen(d, name, t, deadline, NULL, out);
}

pc_status pc_detect_run_seen(const pc_detectors *d, const char *name,
                             const pc_text *t, long long deadline,
                             const struct pc__gramset *grams, pc_hits *out)
{
    size_t len = 0;
    const char *view;

    if (!t)
        return PC_ERR_REQUEST;
    view = pc_text_view(t, PC_VIEW_CASED, &len);
    return pc__detect_run_until(d, name, view, len, deadline, grams, out);
}

pc__scan *pc_detect_scan_new(const pc_detectors *d, const pc_text *t,
                             const struct pc__gramset *grams)
{
    size_t len = 0;
    const char *view;

    if (!t)
        return NULL;
    view = pc_text_view(t, PC_VIEW_CASED, &len);
    return pc__detect_scan_buf(d, view, len, grams);
}

pc_status pc_detect_hostile_kinds(const pc_detectors *d, const pc_text *t,
                                  pc_hits *out[3])
{
    size_t len = 0;
    const char *view;

    if (!t)
        return PC_ERR_REQUEST;
    view = pc_text_view(t, PC_VIEW_CASED, &len);
    return pc__detect_hostile_buf(d, view, len, out, len, NULL);
}
