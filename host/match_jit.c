/* match_jit.c: when a matcher's regexes are JIT-compiled. Every one at
 * once for a caller about to check many posts (pc__matcher_jit), or, for
 * the host between checks, only those a check has run (pc__matcher_warm):
 * most of a pack's regexes are skipped on most posts by their triggers,
 * and the JIT code of all of them was most of the host's own memory.
 * Both give the regexes their queries first (the build's, or derived).
 * What checks ran is a process-wide record by regex id, kept beside the
 * packs (a check never writes into one); the host is single-threaded. */
#include <stdlib.h>
#include <string.h>

#include "match.h"

/* What the JIT knows of each regex, by id (pc__regex.id): RAN_NONE
 * until a check runs it, RAN_WAITING once one has (it waits for the idle
 * warm-up's JIT), RAN_DONE once the JIT has had it (or it was freed).
 * Process-wide like the match state; a record kept beside the packs,
 * never a write into one. */
enum { RAN_NONE, RAN_WAITING, RAN_DONE };
static unsigned char *g_ran;
static size_t g_ran_cap;
static size_t g_waiting;       /* regexes RAN_WAITING */

static int ran_state(uint32_t id)
{
    return id < g_ran_cap ? g_ran[id] : RAN_NONE;
}

static void ran_set(uint32_t id, int state)
{
    if (id >= g_ran_cap) {
        size_t cap = g_ran_cap ? g_ran_cap : 1024;
        unsigned char *v;
        while (cap <= id) {
            cap *= 2;
        }
        v = realloc(g_ran, cap);
        if (!v) {
            return; /* not recorded: the regex keeps running interpreted */
        }
        memset(v + g_ran_cap, RAN_NONE, cap - g_ran_cap);
        g_ran = v;
        g_ran_cap = cap;
    }
    if (g_ran[id] == RAN_WAITING) {
        g_waiting--;
    }
    if (state == RAN_WAITING) {
        g_waiting++;
    }
    g_ran[id] = (unsigned char)state;
}

static uint32_t g_next_id;     /* ids handed out, never reused */

uint32_t pc__jit_id(void)
{
    return g_next_id++;
}

void pc__jit_note_id(uint32_t id)
{
    if (ran_state(id) == RAN_NONE) {
        ran_set(id, RAN_WAITING);
    }
}

void pc__jit_note(const pc__regex *rx)
{
    pc__jit_note_id(rx->id);
}

void pc__jit_forget_id(uint32_t id)
{
    if (ran_state(id) == RAN_WAITING) {
        ran_set(id, RAN_DONE);
    }
}

void pc__jit_forget(const pc__regex *rx)
{
    pc__jit_forget_id(rx->id);
}

int pc__jit_take_id(uint32_t id, int all)
{
    int state = ran_state(id);

    if (state == RAN_DONE || (!all && state != RAN_WAITING)) {
        return 0;
    }
    ran_set(id, RAN_DONE);
    return 1;
}

size_t pc__matcher_jit_waiting(void)
{
    return g_waiting;
}

static void jit_one(pc__regex *rx)
{
    /* A pattern taken apart (match_split.c) runs as its two parts,
     * JIT-compiled with them: itself only with the prefilter off (tests),
     * interpreted. Any other (or out of memory) is JIT-compiled; one the
     * JIT cannot take still runs interpreted. */
    uint32_t options = 0;

    (void)pcre2_pattern_info(rx->code, PCRE2_INFO_ARGOPTIONS, &options);
    if (!rx->split) {
        rx->split = pc__split_new(rx->src, options);
    }
    if (!rx->lead && rx->src) {
        rx->lead = pc__lead_new(rx->src, options);
    }
    if (!rx->split) {
        (void)pcre2_jit_compile(rx->code, PCRE2_JIT_COMPLETE);
    }
    ran_set(rx->id, RAN_DONE);
}


/* Gives m's regexes their queries, once: the build's for a built-in
 * pattern (precompiled.h), derived from the text for any other. Work for
 * the idle warm-up, not for the first check (out of memory, a regex has
 * none: its trigram sets still filter). */
static void derive_queries(pc__matcher *m)
{
    if (m->queried) {
        return;
    }
    m->queried = 1;
    for (size_t i = 0; i < m->n; i++) {
        if (!pc__query_stored(m->rx[i].stored, &m->rx[i].q)) {
            (void)pc__query_derive(m->rx[i].src, &m->rx[i].q);
        }
    }
}

void pc__matcher_jit(pc__matcher *m)
{
    if (m->jitted) {
        return;
    }
    m->jitted = 1;
    for (size_t i = 0; i < m->n_shared; i++) {
        /* A list is shared; it is JIT-compiled by the first user. */
        pc__matcher_jit(m->shared[i]);
    }
    derive_queries(m);
    for (size_t i = 0; i < m->n; i++) {
        if (ran_state(m->rx[i].id) != RAN_DONE) {
            jit_one(&m->rx[i]);
        }
    }
}

size_t pc__matcher_warm(pc__matcher *m)
{
    size_t n = 0;

    for (size_t i = 0; i < m->n_shared; i++) {
        n += pc__matcher_warm(m->shared[i]);
    }
    derive_queries(m);
    for (size_t i = 0; g_waiting && i < m->n; i++) {
        if (ran_state(m->rx[i].id) == RAN_WAITING) {
            jit_one(&m->rx[i]);
            n++;
        }
    }
    return n;
}
