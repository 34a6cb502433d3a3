/* match_seen.c: what a check reads from a post once, for every matcher
 * run over it: its trigrams (the regex prefilter) and the matches of
 * every plain term of the pack, found in one pass over each view.
 *
 * A pack's term index gathers the plain-term sets of all its matchers
 * (rules, mentions, word lists) into one set per view, each term tagged
 * with the set it came from; scanning it gives each set exactly the
 * matches its own scan would (termset.h), so a matcher reads its terms'
 * matches from the check instead of walking the post again. Also the
 * span list every matcher run fills. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "match.h"
#include "termset.h"

typedef struct member {
    const pc__termset *ts;
    pc_view view;
} member;

struct pc__termindex {
    member *v;                 /* sorted by address once finished */
    size_t n;
    pc__termset *all[2];       /* every member's terms, per view */
    pc__trigindex *trig;       /* every member matcher's regexes */
};

pc_status pc__spans_push(pc__spans *s, size_t start, size_t end,
                         pc_view view)
{
    pc__span *v = pc__grow(s->v, s->n, &s->cap, sizeof *v, 8);

    if (!v) {
        return PC_ERR_NOMEM;
    }
    s->v = v;
    s->v[s->n].start = start;
    s->v[s->n].end = end;
    s->v[s->n].view = view;
    s->n++;
    return PC_OK;
}

void pc__spans_free(pc__spans *s)
{
    free(s->v);
    memset(s, 0, sizeof *s);
}

pc__termindex *pc__termindex_new(void)
{
    pc__termindex *ix = calloc(1, sizeof *ix);

    if (ix) {
        ix->trig = pc__trigindex_new();
    }
    if (ix && !ix->trig) {
        free(ix);
        ix = NULL;
    }
    return ix;
}

void pc__termindex_free(pc__termindex *ix)
{
    if (!ix) {
        return;
    }
    free(ix->v);
    pc__trigindex_free(ix->trig);
    pc__termset_free(ix->all[0]);
    pc__termset_free(ix->all[1]);
    free(ix);
}

static pc_status add_set(pc__termindex *ix, const pc__termset *ts,
                         pc_view view)
{
    member *v;

    for (size_t i = 0; i < ix->n; i++) {
        if (ix->v[i].ts == ts) {
            return PC_OK;
        }
    }
    v = realloc(ix->v, (ix->n + 1) * sizeof *v);
    if (!v) {
        return PC_ERR_NOMEM;
    }
    ix->v = v;
    v[ix->n].ts = ts;
    v[ix->n++].view = view;
    return PC_OK;
}

pc_status pc__termindex_add(pc__termindex *ix, const pc__matcher *m)
{
    for (size_t i = 0; i < m->n_shared; i++) {
        pc_status st = pc__termindex_add(ix, m->shared[i]);
        if (st != PC_OK) {
            return st;
        }
    }
    for (int v = 0; v < 2; v++) {
        if (m->terms[v] && add_set(ix, m->terms[v], (pc_view)v) != PC_OK) {
            return PC_ERR_NOMEM;
        }
    }
    for (size_t i = 0; i < m->n; i++) {
        pc_status st = pc__trigindex_add(ix->trig, &m->rx[i]);
        if (st != PC_OK) {
            return st;
        }
    }
    return PC_OK;
}

static int member_cmp(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const member *)a)->ts;
    uintptr_t y = (uintptr_t)((const member *)b)->ts;

    return (x > y) - (x < y);
}

pc_status pc__termindex_finish(pc__termindex *ix)
{
    pc_status st = pc__trigindex_finish(ix->trig);

    if (st != PC_OK) {
        return st;
    }
    if (ix->n) {
        qsort(ix->v, ix->n, sizeof *ix->v, member_cmp);
    }
    for (int v = 0; v < 2; v++) {
        ix->all[v] = pc__termset_new();
        if (!ix->all[v]) {
            return PC_ERR_NOMEM;
        }
    }
    for (size_t i = 0; st == PC_OK && i < ix->n; i++) {
        st = pc__termset_add_set(ix->all[ix->v[i].view], ix->v[i].ts,
                                 (uint32_t)i);
    }
    for (int v = 0; st == PC_OK && v < 2; v++) {
        st = pc__termset_finish(ix->all[v]);
    }
    return st;
}

pc_status pc__termindex_retrigger(pc__termindex *ix)
{
    pc__trigindex *t = ix ? pc__trigindex_again(ix->trig) : NULL;

    if (!t) {
        return PC_ERR_NOMEM;
    }
    pc__trigindex_free(ix->trig);
    ix->trig = t;
    return PC_OK;
}

/* The index of ts among ix's members, or ix->n. */
static size_t member_of(const pc__termindex *ix, const pc__termset *ts)
{
    size_t lo = 0, hi = ix->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((uintptr_t)ix->v[mid].ts < (uintptr_t)ts) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < ix->n && ix->v[lo].ts == ts ? lo : ix->n;
}

typedef struct sink {
    pc__seen *seen;
    pc_view view;
} sink;

static pc_status push_hit(void *arg, uint32_t owner, size_t start,
                          size_t end)
{
    sink *k = arg;

    return pc__spans_push(&k->seen->hits[owner], start, end, k->view);
}

/* Forgets the term matches (matchers then scan for themselves). */
static void drop_hits(pc__seen *seen)
{
    if (seen->index) {
        for (size_t i = 0; i < seen->index->n; i++) {
            pc__spans_free(&seen->hits[i]);
        }
    }
    free(seen->hits);
    seen->hits = NULL;
    seen->index = NULL;
}

/* Every term of ix over both views into seen's hits: views alike but
 * for ASCII case (the same tokens) in one walk of their tokens. */
static pc_status scan_terms(pc__seen *seen, const pc__termindex *ix,
                            const pc_text *t)
{
    sink k[2] = {{seen, PC_VIEW_FOLD}, {seen, PC_VIEW_CASED}};
    pc__termscan v[2];
    size_t len[2];
    pc_status st = PC_OK;

    for (int i = 0; i < 2; i++) {
        v[i].ts = ix->all[i];
        v[i].s = pc_text_view(t, (pc_view)i, &len[i]);
        v[i].emit = push_hit;
        v[i].arg = &k[i];
    }
    if (seen->alike) {
        st = pc__termset_scan_alike(v, 2, len[0]);
    }
    for (int i = 0; !seen->alike && st == PC_OK && i < 2; i++) {
        st = pc__termset_scan_alike(&v[i], 1, len[i]);
    }
    if (st != PC_OK) {
        /* Matchers scan for themselves, as without an index. */
        drop_hits(seen);
    }
    return st;
}

pc_status pc__seen_fill(pc__seen *seen, const pc__termindex *ix,
                        const pc_text *t)
{
    int short_post = 1;

    memset(seen, 0, sizeof *seen);
    for (int v = 0; v < 2; v++) {
        size_t len, len0;
        const char *s = pc_text_view(t, (pc_view)v, &len);
        const char *s0 = pc_text_view(t, PC_VIEW_FOLD, &len0);
        short_post = short_post && len <= PC_TRIG_MAX_TEXT;
        /* The cased view differs from the folded one only in ASCII case
         * in most posts: then what is read for skipping is the same. */
        if (v == 1 && pc__views_alike(s0, len0, s, len)) {
            seen->alike = 1;
            seen->grams[1] = seen->grams[0];
            seen->leaves[1] = seen->leaves[0];
            seen->where[1] = seen->where[0];
            break;
        }
        /* A long view: where each regex can match (NULL: everywhere),
         * its trigrams read in the same walk (a short view's gramset
         * also has its stretches). Without its trigrams (leaves) a view
         * lets every regex through. */
        seen->where[v] = len > PC_GRAM_CUT_MAX_TEXT
                             ? pc__spanindex_fill(s, len, &seen->grams[v])
                             : pc__spanindex_new(s, len);
        if (!seen->where[v] || len <= PC_GRAM_CUT_MAX_TEXT) {
            (void)pc__gramset_fill(&seen->grams[v], s, len);
        }
        /* The index's trigrams are all a long view's: its leaves are
         * read from them. */
        if ((seen->where[v] && len > PC_GRAM_CUT_MAX_TEXT &&
             pc__leafset_from(&seen->leaves[v], s, len, &seen->grams[v])) ||
            pc__leafset_fill(&seen->leaves[v], s, len) == PC_OK) {
            seen->grams[v].leaves = &seen->leaves[v];
        }
        seen->grams[v].where = seen->where[v];
    }
    seen->has_grams = 1;
    if (ix && short_post) {
        /* Out of memory, every regex's query is tested instead. */
        seen->cand = pc__trigindex_scan(ix->trig, seen->leaves);
        seen->trig = seen->cand ? ix->trig : NULL;
    }
    if (!ix || ix->n == 0) {
        return PC_OK;
    }
    seen->hits = calloc(ix->n, sizeof *seen->hits);
    if (!seen->hits) {
        return PC_ERR_NOMEM;
    }
    seen->index = ix;
    return scan_terms(seen, ix, t);
}

const pc__spans *pc__seen_terms(const pc__seen *seen,
                                const struct pc__termset *ts)
{
    size_t i;

    if (!seen || !seen->index) {
        return NULL;
    }
    i = member_of(seen->index, ts);
    return i < seen->index->n ? &seen->hits[i] : NULL;
}

void pc__seen_free(pc__seen *seen)
{
    drop_hits(seen);
    free(seen->cand);
    for (int v = 0; v < (seen->alike ? 1 : 2); v++) {
        /* The index first: it may read the gramset's slots. */
        pc__spanindex_free(seen->where[v]);
        pc__gramset_free(&seen->grams[v]);
        pc__leafset_free(&seen->leaves[v]);
    }
    memset(seen, 0, sizeof *seen);
}
