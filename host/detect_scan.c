/* detect_scan.c: what the detector files share while they scan a
 * buffer (detect_int.h): running a compiled pattern from a position, its
 * groups, looking for context near a match, recording hits, the
 * first-names and hostile-word look-ups, and the hit list itself. The
 * registry (detect.c) calls the detectors; the detectors call this file;
 * this file calls neither. */
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "detect_int.h"
#include "match.h"
#include "postcheck/budget.h"

pc_status pc_hits_push(pc_hits *h, size_t start, size_t end,
                       const char *kind, const char *label)
{
    pc_hit *v = pc__grow(h->v, h->n, &h->cap, sizeof *v, 8);

    if (!v)
        return PC_ERR_NOMEM;
    h->v = v;
    h->v[h->n].start = start;
    h->v[h->n].end = end;
    h->v[h->n].kind = kind;
    h->v[h->n].label = label;
    h->n++;
    return PC_OK;
}

pc_status pc_hits_append(pc_hits *h, const pc_hit *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (pc_hits_push(h, v[i].start, v[i].end, v[i].kind, v[i].label) !=
            PC_OK)
            return PC_ERR_NOMEM;
    }
    return PC_OK;
}

void pc_hits_clear(pc_hits *h)
{
    h->n = 0;
}

void pc_hits_free(pc_hits *h)
{
    free(h->v);
    h->v = NULL;
    h->n = 0;
    h->cap = 0;
}

size_t pc__name_hash(const char *s, size_t n)
{
    size_t x = PC__NAME_HASH_BASIS;

    while (n--)
        x = pc__name_hash_step(x, (unsigned char)*s++);
    return x;
}

int pc__is_first_name(const pc_detectors *d, const char *s, size_t n)
{
    char w[40];
    size_t i, k, x = PC__NAME_HASH_BASIS;

    if (n == 0 || n >= sizeof w || !d->name_slot)
        return 0;
    /* The word as a C string (to a NUL in it, as before), lower case,
     * hashed as it is written (pc__name_hash of it). */
    for (i = 0; i < n && s[i]; i++) {
        w[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
        x = pc__name_hash_step(x, (unsigned char)w[i]);
    }
    w[i] = '\0';
    /* A slot whose first byte differs is passed without a call. */
    for (k = x & d->name_mask; d->name_slot[k]; k = (k + 1) & d->name_mask)
        if (d->name_slot[k][0] == w[0] && strcmp(d->name_slot[k], w) == 0)
            return 1;
    return 0;
}

const struct pc__hostile *pc__detect_hostile_lex(const pc_detectors *d)
{
    return d->hostile;
}

/* 1 unless a trigram (leaf) every match of pattern p needs is missing
 * from the whole buffer; asked once a scan, as a long post's detectors
 * call a pattern hundreds of times. */
static int may_match(pc__scan *sc, int p)
{
    if (!sc->may[p]) {
        int pass = !sc->grams ||
                   (pc__prefilter_pass(&sc->d->pf[p], sc->grams) &&
                    (!sc->grams->leaves || !pc__prefilter_enabled() ||
                     pc__query_pass(&sc->d->q[p], sc->grams->leaves)));
        sc->may[p] = pass ? 1 : -1;
        if (pass && sc->d->queried) {
            /* Its query known, a pattern let through is one posts need:
             * the warm-up JIT-compiles it (match_jit.c). */
            pc__jit_note_id(sc->d->jit_id[p]);
        }
    }
    return sc->may[p] > 0;
}

/* Where sc->s's digits and capitals stand, found at the first need a
 * scan asks about (every one after reads them); NULL when out of memory
 * (then the needs read the bytes). */
static const pc__bytebits *need_bits(pc__scan *sc)
{
    if (!sc->bits_state) {
        sc->bits = pc__bytebits_new(sc->s, sc->len);
        sc->bits_state = sc->bits ? 1 : 2;
    }
    return sc->bits;
}

size_t pc__next_digit(pc__scan *sc, size_t i, size_t to)
{
    return pc__bytebits_next_digit(need_bits(sc), sc->s, i, to);
}

size_t pc__next_capital(pc__scan *sc, size_t i, size_t to)
{
    return pc__bytebits_next_capital(need_bits(sc), sc->s, i, to);
}

/* Runs pattern p over s[0, to) from `from` into md. Returns 1 on a match,
 * 0 on none or failure (recorded in sc->st). */
static int match_at(pc__scan *sc, int p, size_t from, size_t to,
                    pcre2_match_data *md)
{
    int rc;

    if (sc->st != PC_OK || from > to || !may_match(sc, p))
        return 0;
    if (pc_budget_over(sc->deadline)) {
        sc->st = PC_ERR_LIMIT;
        return 0;
    }
    if (pc__pat_defs[p].anchor) {
        /* A match's first anchor is at most reach bytes after its
         * start. The first match's is the first anchor from `from` on,
         * or the match starts after that one: either way it starts no
         * earlier than reach bytes before it. */
        const struct pc__pat_def *def = &pc__pat_defs[p];
        const char *a = memchr(sc->s + from, def->anchor, to - from);
        size_t at, back = def->reach;
        if (!a)
            return 0;
        at = (size_t)(a - sc->s);
        if (def->lead) {
            /* Its start is also in the run of lead bytes before that
             * anchor, an ASCII byte (or it starts after the anchor). */
            size_t run = 0;
            while (run < back && run < at &&
                   def->lead((unsigned char)sc->s[at - run - 1]))
                run++;
            back = run;
        }
        if (at > from + back)
            from = pc_utf8_char_start(sc->s, at - back);
    } else if (pc__pat_defs[p].need) {
        /* The same argument with the first place the need is met. */
        const struct pc__pat_def *def = &pc__pat_defs[p];
        size_t at = def->need(need_bits(sc), sc->s, from, to);
        if (at >= to)
            return 0;
        if (at > from + def->reach)
            from = pc_utf8_char_start(sc->s, at - def->reach);
    }
    rc = pc__pat_defs[p].key
             ? pc__keyed_match(sc, p, from, to, md)
             : pcre2_match(sc->d->re[p], (PCRE2_SPTR)sc->s, to, from, 0, md,
                           sc->d->mctx);
    if (rc >= 0)
        return 1;
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
        rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT)
        sc->st = PC_ERR_LIMIT;
    else if (rc == PCRE2_ERROR_NOMEMORY)
        sc->st = PC_ERR_NOMEM;
    return 0;
}

/* The windows of a long buffer where pattern p can match (match.h),
 * found once per scan; PC__SPAN_WHOLE when it runs over all of it. */
static size_t windows_of(pc__scan *sc, int p, const pc__window **w)
{
    if (!sc->win_done[p]) {
        sc->win_done[p] = 1;
        sc->win_n[p] = sc->grams && sc->grams->where
                           ? pc__span_windows(sc->grams->where,
                                              &sc->d->pf[p],
                                              sc->d->barriers[p], &sc->win[p])
                           : PC__SPAN_WHOLE;
    }
    *w = sc->win[p];
    return sc->win_n[p];
}

/* Finds the first match of p starting at or after pos, in sc->md: over
 * the windows where it can match, as one search of the whole buffer
 * would find it. */
static int next_match(pc__scan *sc, int p, size_t pos)
{
    const pc__window *w;
    size_t n = windows_of(sc, p, &w), lo = 0, hi;

    if (n == PC__SPAN_WHOLE)
        return match_at(sc, p, pos, sc->len, sc->md);
    /* The first window ending after pos. */
    hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (w[mid].end <= pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t k = lo; k < n && sc->st == PC_OK && w[k].from < sc->len;
         k++) {
        size_t from = pos > w[k].from ? pos : w[k].from;
        size_t end = w[k].end < sc->len ? w[k].end : sc->len;
        if (match_at(sc, p, from, end, sc->md))
            return 1;
    }
    return 0;
}

int pc__next(pc__scan *sc, int p, size_t *pos, size_t *ms, size_t *me)
{
    PCRE2_SIZE *ov;

    if (!next_match(sc, p, *pos))
        return 0;
    ov = pcre2_get_ovector_pointer(sc->md);
    *ms = ov[0];
    *me = ov[1];
    /* No pattern matches the empty string; guard anyway against a loop. */
    *pos = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
    return 1;
}

int pc__next_before(pc__scan *sc, int p, size_t to, size_t *pos,
                    size_t *ms, size_t *me)
{
    PCRE2_SIZE *ov;

    /* One search of s[0, to): the first match the windows would give. */
    if (!pc__find(sc, p, *pos, to))
        return 0;
    ov = pcre2_get_ovector_pointer(sc->cmd);
    *ms = ov[0];
    *me = ov[1];
    *pos = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
    return 1;
}

int pc__group(const pc__scan *sc, int g, size_t *gs, size_t *ge)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);

    if ((uint32_t)g >= pcre2_get_ovector_count(sc->md) ||
        ov[2 * g] == PCRE2_UNSET)
        return 0;
    *gs = ov[2 * g];
    *ge = ov[2 * g + 1];
    return 1;
}

int pc__find(pc__scan *sc, int p, size_t from, size_t to)
{
    if (to > sc->len)
        to = sc->len;
    return match_at(sc, p, pc_utf8_char_start(sc->s, from), to, sc->cmd);
}

int pc__near(pc__scan *sc, int p, size_t start, size_t end, size_t before,
             size_t after)
{
    size_t from = start > before ? start - before : 0;
    size_t to = end + after < sc->len ? end + after : sc->len;

    if (to < sc->len)
        to = pc_utf8_char_start(sc->s, to);
    return pc__find(sc, p, from, to);
}

void pc__hit(pc__scan *sc, size_t start, size_t end, const char *kind,
             const char *label)
{
    if (sc->st == PC_OK &&
        pc_hits_push(sc->out, start, end, kind, label) != PC_OK)
        sc->st = PC_ERR_NOMEM;
}

size_t pc__digits(const char *s, size_t start, size_t end, char *buf,
                  size_t cap)
{
    size_t n = 0, i;

    for (i = start; i < end; i++) {
        if (s[i] < '0' || s[i] > '9')
            continue;
        if (n + 1 < cap)
            buf[n] = s[i];
        n++;
    }
    buf[n + 1 < cap ? n : cap - 1] = '\0';
    return n;
}
