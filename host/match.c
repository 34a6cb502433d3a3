/* match.c: compiles a pack's terms, patterns and word lists into PCRE2
 * regexes and runs them over the views of a post.
 *
 * Terms reach here made ready by match_alt.c (a term set per view for the
 * plain ones, one alternation per view for the rest), which pc__alt_finish
 * compiles. Every match runs with the limits in match.h; hitting one is
 * reported as PC_ERR_LIMIT.
 * Match state is process-wide (the host is single-threaded). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "postcheck/budget.h"
#include "match.h"
#include "precompiled.h"
#include "termset.h"

static pc__match_state g_match;

static uint32_t view_options(pc_view view)
{
    uint32_t o = PCRE2_UTF | PCRE2_UCP;
    return view == PC_VIEW_FOLD ? (o | PCRE2_CASELESS) : o;
}

/* 1 if c is an ASCII white-space byte (PCRE2's \s reads each as one). */
static int ascii_space(unsigned char c)
{
    return c == ' ' || (c >= 0x09 && c <= 0x0D);
}

/* The byte values a word must hold one of for a regex of token mask m
 * to run over it (next_hit: of a class of m, not ASCII white space), in
 * ascending order into out, as pc__token_bytes gives them; how many, or
 * 0 when there are more than 7. Every class holds a byte that is not
 * white space, so a mask of more than 7 classes is refused before its
 * bytes are gathered (compile_into runs this for every regex a pack
 * prepares). */
static unsigned char token_set(uint64_t m, unsigned char out[7])
{
    uint64_t hit[4];
    unsigned n = 0;

    if (m == 0 || __builtin_popcountll(m) > 7) {
        return 0;
    }
    pc__token_bytes(m, hit);
    for (unsigned w = 0; w < 4; w++) {
        n += (unsigned)__builtin_popcountll(hit[w]);
    }
    if (n > 7) {
        return 0;
    }
    n = 0;
    for (unsigned w = 0; w < 4; w++) {
        for (uint64_t x = hit[w]; x; x &= x - 1) {
            out[n++] = (unsigned char)(64 * w + (unsigned)__builtin_ctzll(x));
        }
    }
    return (unsigned char)n;
}

/* Room in m->rx for one more regex (its array grown by doubling: a word
 * list's matcher takes its patterns one at a time), or 0 when memory
 * runs out. */
static int room_for_one(pc__matcher *m)
{
    size_t cap;
    pc__regex *v;

    if (m->n < m->cap) {
        return 1;
    }
    cap = m->cap ? 2 * m->cap : 1;
    v = realloc(m->rx, cap * sizeof *v);
    if (!v) {
        return 0;
    }
    m->rx = v;
    m->cap = cap;
    return 1;
}

static pc_status compile_into(pc__matcher *m, const char *pattern,
                              pc_view view, pc_error *err)
{
    int code = 0;
    PCRE2_SIZE off = 0;
    pcre2_code *re;
    pc__regex *r;
    long stored;
    const char *text;

    re = pc__precompiled_compile_text(pattern, view_options(view), &code,
                                      &off, &stored, &text);
    if (!re) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(code, msg, sizeof msg);
        if (err && err->code == PC_OK) {
            err->offset = (long)off;
            snprintf(err->source, sizeof err->source, "%s", pattern);
        }
        return pc_error_set(err, PC_ERR_PATTERN,
                            "pattern /%.80s/ does not compile at offset "
                            "%lu: %s",
                            pattern, (unsigned long)off, (char *)msg);
    }
    if (!room_for_one(m)) {
        pcre2_code_free(re);
        return PC_ERR_NOMEM;
    }
    r = &m->rx[m->n];
    r->code = re;
    r->view = view;
    r->id = pc__jit_id();
    /* A stored pattern's text is the binary's (the same bytes): kept,
     * not copied. Any other is copied: the caller's text (a pack's JSON,
     * an alternation's buffer) goes when the preparation ends. */
    r->src_owned = text == NULL;
    r->src = text ? text : strdup(pattern);
    r->stored = stored;
    r->split = NULL;
    r->lead = NULL;
    {
        int b = pc__precompiled_barriers(r->stored);
        r->barriers = b >= 0 ? (unsigned)b : pc__barriers(pattern);
    }
    if (!pc__precompiled_token(stored, &r->token)) {
        r->token = pc__token_mask(pattern);
    }
    r->token_n = token_set(r->token, r->token_bytes);
    /* Its query comes with the warm-up (derive_queries). */
    memset(&r->q, 0, sizeof r->q);
    if (!r->src ||
        pc__prefilter_build_at(pattern, r->stored, &r->pf) != PC_OK) {
        if (r->src_owned) {
            free((char *)r->src);
        }
        pc__prefilter_free(&r->pf);
        pcre2_code_free(re);
        return PC_ERR_NOMEM;
    }
    m->n++;
    return PC_OK;
}

pc_status pc__matcher_add_regex(pc__matcher *m, const char *pattern,
                                pc_view view, pc_error *err)
{
    return compile_into(m, pattern, view, err);
}

pc_status pc__alt_finish(pc__alt *alt, pc__matcher *m, pc_error *err)
{
    for (int v = 0; v < 2; v++) {
        pc_status st;
        if (alt->terms[v]) {
            if (m->terms[v] || pc__termset_finish(alt->terms[v]) != PC_OK) {
                return pc_error_set(err, PC_ERR_INTERNAL,
                                    "term set built twice");
            }
            m->terms[v] = alt->terms[v];
            alt->terms[v] = NULL;
        }
        if (!alt->len[v]) {
            continue;
        }
        if (pc__alt_puts(alt, (pc_view)v, ")") != 0) {
            return PC_ERR_NOMEM;
        }
        st = compile_into(m, alt->buf[v], (pc_view)v, err);
        if (st != PC_OK) {
            return st;
        }
        alt->len[v] = 0;
    }
    return PC_OK;
}

void pc__alt_free(pc__alt *alt)
{
    pc__termset_free(alt->terms[0]);
    pc__termset_free(alt->terms[1]);
    free(alt->buf[0]);
    free(alt->buf[1]);
    memset(alt, 0, sizeof *alt);
}

void pc__matcher_free(pc__matcher *m)
{
    for (size_t i = 0; i < m->n; i++) {
        pc__jit_forget(&m->rx[i]);
        pcre2_code_free(m->rx[i].code);
        pc__split_free(m->rx[i].split);
        pc__lead_free(m->rx[i].lead);
        if (m->rx[i].src_owned) {
            free((char *)m->rx[i].src);
        }
        pc__prefilter_free(&m->rx[i].pf);
        pc__query_free(&m->rx[i].q);
    }
    free(m->rx);
    m->rx = NULL;
    m->n = 0;
    m->cap = 0;
    free(m->shared);
    m->shared = NULL;
    m->n_shared = 0;
    m->jitted = 0;
    m->queried = 0;
    for (int v = 0; v < 2; v++) {
        pc__termset_free(m->terms[v]);
        m->terms[v] = NULL;
    }
}

int pc__matcher_empty(const pc__matcher *m)
{
    return m->n == 0 && !m->terms[0] && !m->terms[1] && m->n_shared == 0;
}

typedef struct term_sink {
    pc__spans *out;
    pc_view view;
} term_sink;

static pc_status push_term(void *arg, size_t start, size_t end)
{
    term_sink *k = arg;
    return pc__spans_push(k->out, start, end, k->view);
}

/* Runs one regex over one view from `at`, the subject ending at len,
 * appending every non-overlapping match. Each call is bounded by the
 * match limits; the calls together by the deadline, checked before each
 * (PC_ERR_LIMIT once it has passed). */
static pc_status run_one(const pc__regex *r, const char *s, size_t at,
                         size_t len, long long deadline, pc__spans *out)
{
    const pc__lead *lead = pc__prefilter_enabled() ? r->lead : NULL;

    while (at <= len) {
        int rc;
        PCRE2_SIZE *ov;
        /* From the first place a match can start: the search finds the
         * match it finds from here (none starts before it). */
        if (lead && (at = pc__lead_next(lead, s, at, len)) >= len) {
            return PC_OK;
        }
        if (pc_budget_over(deadline)) {
            return PC_ERR_LIMIT;
        }
        rc = pc__match_jit(r->code, s, len, at, g_match.md, g_match.ctx);
        if (rc == PCRE2_ERROR_NOMATCH) {
            return PC_OK;
        }
        if (rc < 0) {
            return PC_ERR_LIMIT;
        }
        ov = pcre2_get_ovector_pointer(g_match.md);
        if (ov[1] > ov[0] &&
            pc__spans_push(out, ov[0], ov[1], r->view) != PC_OK) {
            return PC_ERR_NOMEM;
        }
        at = ov[1] > at ? ov[1]
             : at < len ? at + pc_utf8_seq_len((unsigned char)s[at])
                        : at + 1;
    }
    return PC_OK;
}

/* All four barriers (pc__barriers' bits: '\n', '.', '!', '?'). */
#define ALL_BARRIERS 0xFu

/* Runs r over the stretches of a short view (g: its trigrams, cut at its
 * barriers) where it can match, as match_span.c runs a long view's
 * windows (the same two facts: a match lies between two barriers r
 * cannot read, and holds a trigram of each of r's sets): each run of
 * such stretches from its start, the subject ending after its last
 * barrier, the stretches cut off by a barrier r reads (a '.' in an email
 * pattern) kept with the ones after. Returns 0, having run nothing, when
 * r must run over the whole view; else 1, the runs' status in *st. */
static int run_stretches(const pc__regex *r, const char *s,
                         const pc__gramset *g, long long deadline,
                         pc__spans *out, pc_status *st)
{
    uint64_t has;

    if (!g || !g->in || !r->pf.sets || !(r->barriers & ALL_BARRIERS)) {
        return 0;
    }
    has = pc__prefilter_stretches(&r->pf, g, r->barriers);
    if (g->n_cuts < 64) {
        has &= ((uint64_t)1 << g->n_cuts) - 1;
    }
    *st = PC_OK;
    while (has && *st == PC_OK) {
        size_t first = (size_t)__builtin_ctzll(has);
        uint64_t gap = ~has >> first; /* the run ends where gap starts */
        size_t last = first + (gap ? (size_t)__builtin_ctzll(gap)
                                   : 64 - first) - 1;
        *st = run_one(r, s, first ? g->stop[first - 1] : 0, g->stop[last],
                      deadline, out);
        has = last == 63 ? 0 : has & ~(((uint64_t)1 << (last + 1)) - 1);
    }
    return 1;
}

/* A regex's token byte values (r->token_bytes) broadcast to sixteen
 * lanes each, repeated to seven (a value twice costs a compare): made
 * once for a walk over a view's words (run_words), not at each word. */
typedef struct hit_vecs {
#if defined(__SSE2__)
    __m128i w[7];
#else
    int unused;
#endif
} hit_vecs;

static void hit_vecs_make(const pc__regex *r, hit_vecs *h)
{
#if defined(__SSE2__)
    for (unsigned k = 0; k < 7 && r->token_n > 1; k++) {
        h->w[k] =
            _mm_set1_epi8((char)r->token_bytes[k < r->token_n ? k : 0]);
    }
#else
    (void)r;
    h->unused = 0;
#endif
}

/* The first byte of s[i..len) that a word must hold for r to run over
 * it (of a class of its token mask m, not ASCII white space), or len:
 * found by memchr when there is one such byte value; by comparing
 * sixteen bytes at a time with each value (h: hit_vecs_make's) when
 * there are up to seven (r->token_bytes, where each byte's class and
 * the white-space test cost several instructions a byte); else, and for
 * the last few bytes, by each byte's class, the white-space test left
 * out when m holds no control byte's class (bit 61, that of white
 * space). */
static size_t next_hit(const pc__regex *r, const hit_vecs *h,
                       const unsigned char *s, size_t i, size_t len)
{
    uint64_t m = r->token;

    if (r->token_n == 1) {
        const unsigned char *p =
            i < len ? memchr(s + i, r->token_bytes[0], len - i) : NULL;
        return p ? (size_t)(p - s) : len;
    }
#if defined(__SSE2__)
    if (r->token_n > 1) {
        const __m128i *w = h->w;
        for (; i < len && len - i >= 16; i += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
            __m128i eq = _mm_or_si128(
                _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, w[0]),
                                          _mm_cmpeq_epi8(v, w[1])),
                             _mm_or_si128(_mm_cmpeq_epi8(v, w[2]),
                                          _mm_cmpeq_epi8(v, w[3]))),
                _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, w[4]),
                                          _mm_cmpeq_epi8(v, w[5])),
                             _mm_cmpeq_epi8(v, w[6])));
            unsigned hit = (unsigned)_mm_movemask_epi8(eq);
            if (hit) {
                return i + (size_t)__builtin_ctz(hit);
            }
        }
    }
#else
    (void)h;
#endif
    if ((m >> pc__token_bit[' ']) & 1) {
        while (i < len && (!((m >> pc__token_bit[s[i]]) & 1) ||
                           ascii_space(s[i]))) {
            i++;
        }
        return i;
    }
    while (i < len && !((m >> pc__token_bit[s[i]]) & 1)) {
        i++;
    }
    return i;
}

/* Runs r, a regex whose every match lies in one word (r->token,
 * prefilter.h), over the words of s[0..len) that hold a byte of its
 * mask (next_hit) and a trigram of each of its sets
 * (pc__prefilter_pass_word):
 * each from its start, the subject ending after the white-space byte
 * that ends it (so that a lookahead or \b at its end reads what a run
 * over the whole view reads; r cannot read further). What r reads
 * before a word (a lookbehind, \b) is read in s as before. Returns 0,
 * having run nothing, when r has no mask or skipping is off; else 1, the
 * runs' status in *st. */
static int run_words(const pc__regex *r, const char *str, size_t len,
                     long long deadline, pc__spans *out, pc_status *st)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, from = 0;
    hit_vecs h;

    if (!r->token || !pc__prefilter_enabled()) {
        return 0;
    }
    hit_vecs_make(r, &h);
    *st = PC_OK;
    while (*st == PC_OK &&
           (i = next_hit(r, &h, s, i, len)) < len) {
        /* The word around i (it starts after the last run's end). */
        size_t a = i, e = i;
        while (a > from && !ascii_space(s[a - 1])) {
            a--;
        }
        while (e < len && !ascii_space(s[e])) {
            e++;
        }
        if (pc__prefilter_pass_word(&r->pf, s + a, e - a)) {
            /* To the white-space byte after it. */
            *st = run_one(r, str, a, e + (e < len), deadline, out);
        }
        from = i = e + (e < len);
    }
    return 1;
}

/* Runs one regex over a view of len bytes: over the windows where it can
 * match when ix (the view's index, or NULL) or g (its trigrams, for a
 * short view) finds them, else whole. */
static pc_status run_windows(const pc__regex *r, const char *s, size_t len,
                             const pc__spanindex *ix, const pc__gramset *g,
                             long long deadline, pc__spans *out)
{
    pc__window *w;
    size_t n;
    pc_status st = PC_OK;

    /* A regex with trigram sets skips by them, else by its words. */
    if (!ix && (run_stretches(r, s, g, deadline, out, &st) ||
                run_words(r, s, len, deadline, out, &st))) {
        return st;
    }
    n = pc__span_windows(ix, &r->pf, r->barriers, &w);
    if (n == PC__SPAN_WHOLE) {
        if (run_words(r, s, len, deadline, out, &st)) {
            return st;
        }
        return run_one(r, s, 0, len, deadline, out);
    }
    /* As one run over the view would, stop at a limit. */
    for (size_t i = 0; i < n && st == PC_OK; i++) {
        st = run_one(r, s, w[i].from, w[i].end, deadline, out);
    }
    free(w);
    return st;
}

/* Appends the matches of m's plain terms of view v: read from seen, or
 * scanned. */
static pc_status run_terms(const pc__matcher *m, int v, const pc_text *t,
                           const pc__seen *seen, pc__spans *out)
{
    const pc__spans *got = pc__seen_terms(seen, m->terms[v]);
    term_sink k = {out, (pc_view)v};
    size_t len;
    const char *s;

    if (got) {
        for (size_t i = 0; i < got->n; i++) {
            if (pc__spans_push(out, got->v[i].start, got->v[i].end,
                               (pc_view)v) != PC_OK) {
                return PC_ERR_NOMEM;
            }
        }
        return PC_OK;
    }
    s = pc_text_view(t, (pc_view)v, &len);
    return pc__termset_scan(m->terms[v], s, len, push_term, &k);
}

/* 1 if what the check read from the post (seen, its trigrams grams)
 * proves that rx cannot match: none of its triggers is in the post
 * (asked of the trigger index unless `told`: it answered for rx's block
 * of 64, pc__trigindex_none, and rx is not one it ruled out), or its
 * query or its trigram sets do not hold (the query first: on a short
 * post its steps are bit tests (pc__leaf_bit), cheaper than the sets'
 * probes of a hash table, and on the bench's posts it rules out every
 * regex the sets rule out; the answer is the same in either order). */
static int skip(const pc__regex *rx, const pc__seen *seen,
                const pc__gramset *grams, int told)
{
    const pc__gramset *g = grams ? &grams[rx->view] : NULL;

    if (!told && seen && seen->cand && pc__prefilter_enabled() &&
        pc__trigindex_marked(seen->trig, seen->cand, rx) == 0) {
        return 1;
    }
    if (g && g->leaves && rx->q.n && pc__prefilter_enabled() &&
        !pc__query_pass(&rx->q, g->leaves)) {
        return 1;
    }
    return g && !pc__prefilter_pass(&rx->pf, g);
}

/* Runs rx (not skipped) over its view of t into out. */
static pc_status run_regex(const pc__regex *rx, int queried,
                           const pc_text *t, const pc__seen *seen,
                           long long deadline, pc__spans *out)
{
    size_t len;
    const char *s = pc_text_view(t, rx->view, &len);

    if (queried) {
        /* Before its query a regex runs on posts its triggers would
         * skip: not a sign that posts need it. */
        pc__jit_note(rx);
    }
    if (rx->split && pc__prefilter_enabled()) {
        /* The same match as a run over the whole view (which finds what
         * a run over its windows finds), by two searches
         * (match_split.c). */
        const pc__leafset *leaves =
            seen && seen->has_grams ? seen->grams[rx->view].leaves : NULL;
        return pc_budget_over(deadline)
                   ? PC_ERR_LIMIT
                   : pc__split_run(rx->split, s, 0, len, rx->view, leaves,
                                   out);
    }
    return run_windows(rx, s, len, seen ? seen->where[rx->view] : NULL,
                       seen && seen->has_grams ? &seen->grams[rx->view]
                                               : NULL,
                       deadline, out);
}

pc_status pc__matcher_run(const pc__matcher *m, const pc_text *t,
                          const pc__seen *seen, long long deadline,
                          pc__spans *out)
{
    pc_status worst = PC_OK;
    const pc__gramset *grams = seen && seen->has_grams ? seen->grams : NULL;

    for (size_t i = 0; i < m->n_shared; i++) {
        pc_status st = pc__matcher_run(m->shared[i], t, seen, deadline,
                                       out);
        if (st == PC_ERR_NOMEM) {
            return st;
        }
        if (st != PC_OK) {
            worst = st;
        }
    }
    for (int v = 0; v < 2; v++) {
        if (m->terms[v] && run_terms(m, v, t, seen, out) != PC_OK) {
            return PC_ERR_NOMEM;
        }
    }
    if (m->n && pc__match_ready(&g_match) != 0) {
        return PC_ERR_NOMEM;
    }
    /* 64 regexes at a time, passing at once over those whose triggers
     * the post lacks (skip() would say so of each, first): a word list
     * has hundreds of regexes, and a post's triggers start a few. */
    for (size_t base = 0; base < m->n; base += 64) {
        size_t k = m->n - base < 64 ? m->n - base : 64;
        uint64_t todo = k == 64 ? ~(uint64_t)0 : ((uint64_t)1 << k) - 1;
        uint64_t none = 0; /* not 0: the index answered for the block */
        if (seen && seen->cand && pc__prefilter_enabled()) {
            none = pc__trigindex_none(seen->trig, seen->cand, &m->rx[base],
                                      k);
            todo &= ~none;
        }
        while (todo) {
            size_t i = base + (size_t)__builtin_ctzll(todo);
            pc_status st;
            todo &= todo - 1;
            if (skip(&m->rx[i], seen, grams, none != 0)) {
                continue;
            }
            st = run_regex(&m->rx[i], m->queried, t, seen, deadline, out);
            if (st == PC_ERR_NOMEM) {
                return st;
            }
            if (st != PC_OK) {
                worst = st;
            }
        }
    }
    return worst;
}
