/* pack_prepare.c: makes a loaded pack ready to check, and warms it
 * between checks: a built-in pack's stub parsed in full, its plain terms
 * indexed for one pass per check and the trained models its rules name
 * parsed (pc__pack_prepare), then its regexes' queries derived and
 * JIT-compiled a part at a time (pc__pack_jit_step).
 * These and nothing else write to a loaded pack; parsing is pack.c. */
#include <stdlib.h>

#include "builtin.h"
#include "model_int.h"
#include "pack_parse.h"
#include "postcheck/judge.h"
#include "precompiled.h"

/* Parses a stub's JSON and moves the result into it, keeping the stub's
 * address (the set and callers hold it). */
static pc_status parse_stub(pc_pack *p, pc_error *err)
{
    pc__lists lists = {.dir = NULL, .read = pc__pack_read_list,
                       .cache = p->lists,
                       .ready = pc__pack_ready_list};
    pc_pack *full, old;
    /* Without examples, the lean JSON: the reader skips neither them nor
     * white space. */
    int lean = p->no_examples && p->lean;

    if (!p->blob) {
        /* An extension is parsed by pc__pack_extend, with its set. */
        return pc_error_set(err, PC_ERR_INTERNAL, "pack %s extends %s and "
                            "is not resolved", p->id, p->extends);
    }
    /* The blob is a built-in pack's text: valid UTF-8 (PC__PACK_UTF8). */
    full = pc__pack_parse_opts(lean ? p->lean : p->blob,
                               lean ? p->lean_len : p->blob_len, p->path,
                               &lists, p->source, PC__PACK_UTF8 |
                               (p->no_examples ? PC__PACK_NO_EXAMPLES : 0),
                               err);
    if (!full) {
        return err && err->code ? err->code : PC_ERR_INTERNAL;
    }
    old = *p;
    *p = *full;
    free(full);
    old.blob = NULL;
    old.lean = NULL;
    old.rules = NULL;
    old.n_rules = 0;
    free(old.id);
    free(old.name);
    free(old.organisation);
    free(old.version);
    free(old.source);
    free(old.path);
    return PC_OK;
}

/* Gathers the plain terms of every matcher of p, to be matched in one
 * pass per check (match.h: pc__termindex). */
static pc_status index_terms(pc_pack *p)
{
    pc_status st = PC_OK;

    p->terms = pc__termindex_new();
    if (!p->terms) {
        return PC_ERR_NOMEM;
    }
    st = pc__termindex_add(p->terms, &p->mention);
    if (st == PC_OK) {
        st = pc__termindex_add(p->terms, &p->not_mention);
    }
    for (size_t i = 0; st == PC_OK && i < p->n_rules; i++) {
        const pc__rule *r = &p->rules[i];
        st = pc__termindex_add(p->terms, &r->match);
        if (st == PC_OK) {
            st = pc__termindex_add(p->terms, &r->unless);
        }
        if (st == PC_OK) {
            st = pc__termindex_add(p->terms, &r->near);
        }
        if (st == PC_OK) {
            st = pc__termindex_add(p->terms, &r->required);
        }
    }
    return st == PC_OK ? pc__termindex_finish(p->terms) : st;
}

/* Parses the models p's `model` rules name into det, each once for the
 * set (two packs naming one share it), then merges them once; a pack
 * with no model rule parses none. */
static pc_status need_models(pc_pack *p, pc_detectors *det, pc_error *err)
{
    pc_status st = PC_OK;

    for (size_t i = 0; st == PC_OK && i < p->n_rules; i++) {
        if (p->rules[i].model) {
            st = pc__rule_model_need(&p->rules[i], det, err);
        }
    }
    if (st == PC_OK) {
        pc_judge_merge(det);
    }
    return st;
}

pc_status pc__pack_prepare(pc_pack *p, pc_detectors *det, pc_error *err)
{
    pc_status st = PC_OK;

    if (!p->parsed) {
        st = parse_stub(p, err);
    }
    if (st != PC_OK || p->prepared) {
        return st;
    }
    if (det) {
        st = need_models(p, det, err);
        if (st != PC_OK) {
            return st;
        }
    }
    st = index_terms(p);
    if (st != PC_OK) {
        return pc_error_set(err, st, "policy pack %s: %s", p->id,
                            pc_strerror(st));
    }
    p->det_slot_bits = 0;
    for (size_t i = 0; i < p->n_rules; i++) {
        const pc__rule *r = &p->rules[i];
        size_t n = r->n_detectors ? r->det_upto[r->n_detectors - 1] : 0;
        for (size_t k = 0; k < n; k++) {
            p->det_slot_bits |= (uint32_t)1 << r->det_slots[k];
        }
    }
    p->prepared = 1;
    p->detectors = det;
    /* The pack's JSON, lists and models are in the host's own structures
     * now: the binary's copies need not stay mapped. */
    pc__builtin_drop();
    return PC_OK;
}

/* The matchers of part i of p: its own (i == 0) or rule i - 1's. Returns
 * how many it put in m. */
static size_t part(pc_pack *p, size_t i, pc__matcher *m[4])
{
    pc__rule *r;

    if (i == 0) {
        m[0] = &p->mention;
        m[1] = &p->not_mention;
        m[2] = &p->logo_words;
        return 3;
    }
    r = &p->rules[i - 1];
    m[0] = &r->match;
    m[1] = &r->unless;
    m[2] = &r->near;
    m[3] = &r->required;
    return 4;
}

/* JIT-compiles part i of p (all: every regex; else those checks ran),
 * deriving its queries. Returns how many regexes it compiled (all: 1). */
static size_t warm_part(pc_pack *p, size_t i, int all)
{
    pc__matcher *m[4];
    size_t n = part(p, i, m), done = 0;

    for (size_t k = 0; k < n; k++) {
        if (all) {
            pc__matcher_jit(m[k]);
        } else {
            done += pc__matcher_warm(m[k]);
        }
    }
    return all ? 1 : done;
}

/* Every regex of p has its query: indexes their triggers, once (out of
 * memory, the queries are tested one by one). */
static void queries_done(pc_pack *p)
{
    if (!p->queried) {
        p->queried = 1;
        (void)pc__termindex_retrigger(p->terms);
        pc__precompiled_drop_queries();
    }
}

int pc__pack_jit_step(pc_pack *p, int all)
{
    if (!p->prepared) {
        return 0;
    }
    if (all) {
        /* Every regex, a part a step. */
        if (p->jitted_all) {
            return 0;
        }
        warm_part(p, p->all_next, 1);
        if (++p->all_next > p->n_rules) {
            p->jitted_all = 1;
            queries_done(p);
        }
        return 1;
    }
    if (!p->queried) {
        /* A first pass derives the queries the build did not store (and
         * compiles what checks ran meanwhile). */
        warm_part(p, p->jit_next, 0);
        if (++p->jit_next > p->n_rules) {
            p->jit_next = 0;
            queries_done(p);
        }
        return 1;
    }
    /* Then the JIT on demand: the next part with a regex checks ran and
     * the JIT has not had. */
    for (size_t k = 0; !p->jitted_all && pc__matcher_jit_waiting() &&
                       k <= p->n_rules; k++) {
        size_t i = p->jit_next;
        p->jit_next = i < p->n_rules ? i + 1 : 0;
        if (warm_part(p, i, 0) > 0) {
            return 1;
        }
    }
    return 0;
}
