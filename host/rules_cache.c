/* rules_cache.c: what one check computes once and every rule reads: the
 * hits of each detector (whose patterns skip a post that lacks a trigram
 * they need, from the check's pc__seen). A detector named by two rules
 * (or by a rule and a group another rule names) runs once per check; a
 * run cut short by a rule's deadline is run again for the next rule that
 * asks, under that rule's deadline, so a rule sees what it would have
 * seen alone. The three hostile detectors run together, in one scan, at
 * the first that is asked for; on a post longer than what the models
 * judge, that scan also gives the models' hostile hits over the judged
 * prefix. The detector runs of a check share one scan state (detect.h's
 * pc_detect_scan_new): a pattern two detectors run is judged against the
 * post's trigrams, and its windows found, once. */
#include <stdlib.h>
#include <string.h>

#include "model_int.h"
#include "rules_int.h"

/* The most single detectors a name stands for (the largest group). */
#define PC_GROUP_MAX 32

/* The cached run of detector name (a static name from
 * pc_detect_members_at) at its slot, made empty at the first call; NULL
 * when out of memory. The entries are one array, a slot a detector,
 * made at the first: a check of llmat asks some twenty times, and the
 * search of a list grown one at a time cost 1.4 K instructions. */
static pc__det_run *det_entry(pc__ctx *c, const char *name, size_t slot)
{
    pc__det_run *e;

    if (!c->dets) {
        c->dets = calloc(pc_detect_count(), sizeof *c->dets);
        if (!c->dets) {
            return NULL;
        }
        c->n_dets = pc_detect_count();
    }
    e = &c->dets[slot];
    if (!e->name) {
        e->name = name;
        e->st = PC_ERR_LIMIT; /* not run yet */
    }
    return e;
}

/* The trigrams of the post's case-kept view, which detectors read. */
static const pc__gramset *cased_grams(pc__ctx *c)
{
    const pc__seen *seen = pc__check_seen(c);

    return seen->has_grams ? &seen->grams[PC_VIEW_CASED] : NULL;
}

/* The hostile detectors, in the order pc_detect_hostile_kinds fills. */
static const char *const hostile_kinds[3] = {"hostile", "hostile-person",
                                             "hostile-group"};

static int is_hostile(const char *name)
{
    if (name[0] != 'h') {
        /* Most detectors, told apart without a strcmp. */
        return 0;
    }
    for (size_t k = 0; k < 3; k++) {
        if (strcmp(name, hostile_kinds[k]) == 0) {
            return 1;
        }
    }
    return 0;
}

/* 1 when the models judge only a prefix of the post (judge.h). */
static int judged_short(const pc__ctx *c)
{
    size_t len;
    const char *s = pc_text_view(c->text, PC_VIEW_CASED, &len);

    return pc__judge_prefix(s, len) < len;
}

/* Runs the three hostile detectors in one scan into their entries, and,
 * when the models judge only a prefix of the post, the hits over that
 * prefix into c->judged_hits. Returns PC_OK or PC_ERR_NOMEM (a failure
 * is also each entry's). */
static pc_status run_hostile(pc__ctx *c)
{
    const char *name;
    pc_hits *out[3];
    pc__det_run *e[3];
    pc_status st;
    size_t slot;

    for (size_t k = 0; k < 3; k++) {
        if (pc_detect_members_at(hostile_kinds[k], &name, &slot, 1) != 1) {
            return PC_ERR_INTERNAL;
        }
        e[k] = det_entry(c, name, slot);
        if (!e[k]) {
            return PC_ERR_NOMEM;
        }
        pc_hits_clear(&e[k]->hits);
        out[k] = &e[k]->hits;
    }
    pc_hits_clear(&c->judged_hits);
    c->judged_ok = 0;
    if (judged_short(c)) {
        st = pc_judge_hostile_kinds(c->pack->detectors, c->text, out,
                                    &c->judged_hits);
        c->judged_ok = st == PC_OK;
    } else {
        st = pc_detect_hostile_kinds(c->pack->detectors, c->text, out);
    }
    for (size_t k = 0; k < 3; k++) {
        e[k]->st = st;
    }
    return st;
}

/* 1 while the check's cache of detector runs is on (pc__check_cache_enable,
 * rules_int.h: tests turn it off to compare). */
static int g_cache = 1;

void pc__check_cache_enable(int on)
{
    g_cache = on;
}

int pc__check_cache_enabled(void)
{
    return g_cache;
}

/* The hits of the single detectors at slots[0, n) (the members of name,
 * in their order) appended to out, each run at most once per check. */
static pc_status slots_hits(pc__ctx *c, const char *name,
                            const size_t *slots, size_t n, pc_hits *out)
{
    if (!g_cache) {
        /* Every run on its own, for the tests that compare. */
        return pc_detect_run_seen(c->pack->detectors, name, c->text,
                                  c->deadline, cased_grams(c), out);
    }
    for (size_t i = 0; i < n; i++) {
        pc__det_run *e = det_entry(c, pc_detect_slot_name(slots[i]),
                                   slots[i]);
        pc_status st;
        if (!e) {
            return PC_ERR_NOMEM;
        }
        if (e->st != PC_OK && is_hostile(e->name)) {
            /* Out of memory fails the check, whatever was found. */
            st = run_hostile(c);
            if (st != PC_OK) {
                return st;
            }
        } else if (e->st != PC_OK) {
            pc_hits_clear(&e->hits);
            if (!c->scan) {
                c->scan = pc_detect_scan_new(c->pack->detectors, c->text,
                                             cased_grams(c));
                pc_detect_scan_slots(c->scan, c->pack->det_slot_bits);
            }
            e->st = c->scan ? pc_detect_scan_run(c->scan, e->name,
                                                 c->deadline, &e->hits)
                            : PC_ERR_NOMEM;
        }
        st = pc_hits_append(out, e->hits.v, e->hits.n);
        if (st == PC_OK) {
            st = e->st;
        }
        if (st != PC_OK) {
            /* A group stops at its first member to fail, as its own run
             * does. */
            return st;
        }
    }
    return PC_OK;
}

pc_status pc__detector_hits(pc__ctx *c, const char *name, pc_hits *out)
{
    size_t slots[PC_GROUP_MAX];
    size_t n = pc_detect_members_at(name, NULL, slots, PC_GROUP_MAX);

    if (n == 0 || n > PC_GROUP_MAX) {
        return PC_ERR_REQUEST;
    }
    return slots_hits(c, name, slots, n, out);
}

pc_status pc__rule_detector_hits(pc__ctx *c, const pc__rule *r, size_t i,
                                 pc_hits *out)
{
    size_t from = i ? r->det_upto[i - 1] : 0;

    return slots_hits(c, r->detectors[i], r->det_slots + from,
                      r->det_upto[i] - from, out);
}

pc_status pc__judged_hostile(pc__ctx *c, pc_hits *out)
{
    if (!judged_short(c)) {
        return pc__detector_hits(c, "hostile", out);
    }
    if (c->judged_ok) {
        return pc_hits_append(out, c->judged_hits.v, c->judged_hits.n);
    }
    /* The hostile detectors have not run: the prefix alone, which is all
     * the models read (a pack whose rules do not name them never scans
     * the rest). */
    return pc_judge_hostile(c->pack->detectors, c->text, out);
}

void pc__cache_free(pc__ctx *c)
{
    pc_hits_free(&c->judged_hits);
    c->judged_ok = 0;
    for (size_t i = 0; i < c->n_dets; i++) {
        if (c->dets[i].hits.v) {
            pc_hits_free(&c->dets[i].hits);
        }
    }
    free(c->dets);
    c->dets = NULL;
    c->n_dets = 0;
    pc_detect_scan_free(c->scan);
    c->scan = NULL;
}
