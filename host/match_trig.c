/* match_trig.c: the triggers of a pack's regexes (prefilter.h), indexed
 * per view, so that a check finds the regexes that may match its post in
 * one pass over the post's bytes, pairs and trigrams instead of testing
 * every regex's query: a regex none of whose triggers is in the post is
 * not visited at all (match.h: pc__trigindex).
 *
 * The index maps a trigger (a query leaf) to the regexes it starts, with
 * the view each runs on, numbered by their ids (match.c) from the lowest
 * of the index; a scan sets one bit a regex. The leaves come from the
 * views' leaf sets (prefilter.h), read once per check: a post whose
 * views differ only in ASCII case (most) is looked up once for both. */
#include <stdlib.h>
#include <string.h>

#include "match.h"

typedef struct entry {
    uint32_t key;              /* a leaf; 0: none */
    uint32_t view;             /* the regex's, 0 or 1 */
    uint32_t check;            /* a leaf the text must have too, or 0 */
    uint32_t id;
    const pc__regex *rx;
} entry;

/* A regex a key starts: its id - lo, its view, and whether a check leaf
 * (checks, beside) is needed too, with that leaf's pc__leaf_bit: a short
 * post's bit maps answer the check by one bit test. */
typedef struct ref {
    uint32_t id;
    uint16_t check_bit;
    uint8_t view;
    uint8_t checked;
} ref;

typedef struct slot {
    uint32_t key;              /* 0: empty (no leaf word is 0) */
    uint32_t start;            /* into refs */
    uint32_t n;
} slot;

struct pc__trigindex {
    entry *e;                  /* while adding */
    size_t n_e;
    size_t cap_e;
    const pc__regex **by_id;   /* [id - lo], or NULL */
    uint64_t *armed;           /* bit id - lo: entered with triggers (a
                                  regex given its query later is not) */
    uint32_t lo;
    size_t span;               /* ids lo .. lo + span - 1 */
    ref *refs;                 /* grouped by key */
    uint32_t *checks;          /* beside refs: a leaf also needed, or 0 */
    slot *slots;
    size_t mask;
    uint64_t *seen;            /* a bit per hash of a key (see in_keys) */
};

/* Bits in the filter of the index's keys: most leaves of a post start no
 * regex, and one bit test turns them away before a probe of the table. */
#define SEEN_SHIFT 15
#define SEEN_BITS (1u << SEEN_SHIFT)

pc__trigindex *pc__trigindex_new(void)
{
    return calloc(1, sizeof(pc__trigindex));
}

void pc__trigindex_free(pc__trigindex *t)
{
    if (!t) {
        return;
    }
    free(t->e);
    free(t->by_id);
    free(t->armed);
    free(t->refs);
    free(t->checks);
    free(t->slots);
    free(t->seen);
    free(t);
}

static int push(pc__trigindex *t, uint32_t key, uint32_t view,
                uint32_t check, const pc__regex *rx)
{
    if (t->n_e == t->cap_e) {
        size_t cap = t->cap_e ? 2 * t->cap_e : 256;
        entry *v = realloc(t->e, cap * sizeof *v);
        if (!v) {
            return -1;
        }
        t->e = v;
        t->cap_e = cap;
    }
    t->e[t->n_e].key = key;
    t->e[t->n_e].view = view;
    t->e[t->n_e].check = check;
    t->e[t->n_e].id = rx->id;
    t->e[t->n_e++].rx = rx;
    return 0;
}

pc_status pc__trigindex_add(pc__trigindex *t, const pc__regex *rx)
{
    uint32_t view = rx->view == PC_VIEW_FOLD ? 0 : 1;

    if (t->slots) {
        return PC_ERR_INTERNAL; /* finished */
    }
    for (size_t i = 0; i < rx->q.n_trig; i++) {
        if (push(t, rx->q.trig[2 * i], view, rx->q.trig[2 * i + 1],
                 rx) != 0) {
            return PC_ERR_NOMEM;
        }
    }
    /* A regex with no triggers is entered with key 0, only to be known
     * as this index's (pc__trigindex_marked then says "test it"). */
    return rx->q.n_trig || push(t, 0, view, 0, rx) == 0 ? PC_OK
                                                         : PC_ERR_NOMEM;
}

static int entry_cmp(const void *a, const void *b)
{
    const entry *x = a, *y = b;

    if (x->key != y->key) {
        return x->key < y->key ? -1 : 1;
    }
    return (x->id > y->id) - (x->id < y->id);
}

static size_t slot_of(uint32_t key, size_t mask)
{
    return (size_t)((key * 2654435761u) >> 7) & mask;
}

/* The filter bit of key. */
static uint32_t seen_bit(uint32_t key)
{
    return (key * 2246822519u) >> (32 - SEEN_SHIFT);
}

/* 0 when key is surely not in the index (1: it may be). */
static int in_keys(const pc__trigindex *t, uint32_t key)
{
    uint32_t b = seen_bit(key);

    return (int)((t->seen[b >> 6] >> (b & 63)) & 1);
}

/* The slot of key, or NULL. */
static const slot *find(const pc__trigindex *t, uint32_t key)
{
    size_t k = slot_of(key, t->mask);

    while (t->slots[k].key) {
        if (t->slots[k].key == key) {
            return &t->slots[k];
        }
        k = (k + 1) & t->mask;
    }
    return NULL;
}

/* Fills by_id from the entries (every regex this index knows). */
static pc_status fill_ids(pc__trigindex *t)
{
    uint32_t hi = 0;

    t->lo = UINT32_MAX;
    for (size_t i = 0; i < t->n_e; i++) {
        t->lo = t->e[i].id < t->lo ? t->e[i].id : t->lo;
        hi = t->e[i].id > hi ? t->e[i].id : hi;
    }
    t->span = t->n_e ? (size_t)(hi - t->lo) + 1 : 0;
    t->by_id = calloc(t->span ? t->span : 1, sizeof *t->by_id);
    t->armed = calloc(t->span / 64 + 1, sizeof *t->armed);
    if (!t->by_id || !t->armed) {
        return PC_ERR_NOMEM;
    }
    for (size_t i = 0; i < t->n_e; i++) {
        uint32_t b = t->e[i].id - t->lo;
        t->by_id[b] = t->e[i].rx;
        if (t->e[i].key) {
            t->armed[b >> 6] |= (uint64_t)1 << (b & 63);
        }
    }
    return PC_OK;
}

pc_status pc__trigindex_finish(pc__trigindex *t)
{
    size_t keys = 0, size = 16, k = 0;
    pc_status st = fill_ids(t);

    if (st != PC_OK) {
        return st;
    }
    if (t->n_e > 1) { /* e is NULL when no regex has a trigger */
        qsort(t->e, t->n_e, sizeof *t->e, entry_cmp);
    }
    for (size_t i = 0; i < t->n_e; i++) {
        keys += t->e[i].key && (i == 0 || t->e[i].key != t->e[i - 1].key);
    }
    while (size < 2 * keys) {
        size *= 2;
    }
    t->slots = calloc(size, sizeof *t->slots);
    t->refs = malloc((t->n_e ? t->n_e : 1) * sizeof *t->refs);
    t->checks = malloc((t->n_e ? t->n_e : 1) * sizeof *t->checks);
    t->seen = calloc(SEEN_BITS / 64, sizeof *t->seen);
    if (!t->slots || !t->refs || !t->checks || !t->seen) {
        return PC_ERR_NOMEM;
    }
    t->mask = size - 1;
    for (size_t i = 0; i < t->n_e; i++) {
        slot *s;
        size_t h;
        if (!t->e[i].key) {
            continue;
        }
        if (i == 0 || t->e[i].key != t->e[i - 1].key) {
            uint32_t b = seen_bit(t->e[i].key);
            t->seen[b >> 6] |= (uint64_t)1 << (b & 63);
            h = slot_of(t->e[i].key, t->mask);
            while (t->slots[h].key) {
                h = (h + 1) & t->mask;
            }
            t->slots[h].key = t->e[i].key;
            t->slots[h].start = (uint32_t)k;
        }
        t->checks[k] = t->e[i].check;
        t->refs[k].check_bit = t->e[i].check ? pc__leaf_bit(t->e[i].check)
                                             : 0;
        t->refs[k].checked = t->e[i].check != 0;
        t->refs[k].view = (uint8_t)t->e[i].view;
        t->refs[k++].id = t->e[i].id - t->lo;
        s = (slot *)find(t, t->e[i].key);
        s->n++;
    }
    free(t->e);
    t->e = NULL;
    t->n_e = t->cap_e = 0;
    return PC_OK;
}

typedef struct scan {
    const pc__trigindex *t;
    unsigned views;            /* bit v: the leaves are view v's */
    const pc__leafset *g;      /* the views' leaves, for the checks */
    /* Per view: g's bit maps when they alone answer (no exact trigram
     * set behind them), else NULL. */
    const uint64_t *maps[2];
    uint64_t *bits;
} scan;

/* 1 if the text of view v may have ref k's check leaf (or it needs
 * none): by the bit stored beside it when the view's bit maps alone
 * answer, as pc__leafset_has would say. */
static int check_holds(const scan *sc, size_t k, unsigned v)
{
    const ref *r = &sc->t->refs[k];
    const uint64_t *m = sc->maps[v];

    if (!r->checked) {
        return 1;
    }
    if (m) {
        return (int)((m[r->check_bit >> 6] >> (r->check_bit & 63)) & 1);
    }
    return pc__leafset_has(&sc->g[v], sc->t->checks[k]);
}

/* Marks the regexes that leaf (a key of the index) starts, of the views
 * the leaf was read from. */
static void mark_key(scan *sc, uint32_t key)
{
    const slot *s = find(sc->t, key);

    for (uint32_t i = 0; s && i < s->n; i++) {
        size_t k = s->start + i;
        uint32_t b = sc->t->refs[k].id;
        unsigned v = sc->t->refs[k].view;
        if (((sc->views >> v) & 1) && check_holds(sc, k, v)) {
            sc->bits[b >> 6] |= (uint64_t)1 << (b & 63);
        }
    }
}

/* Called for every leaf of the post: most are turned away by the filter
 * alone, without the work of a call that probes the table. */
static void mark(void *arg, uint32_t leaf)
{
    scan *sc = arg;

    if (in_keys(sc->t, leaf)) {
        mark_key(sc, leaf);
    }
}

/* Keeps the first of each key of keep[0..k) (at most 256), in order;
 * returns how many are left. A post repeats its common leaves ("e",
 * " t", "the"), and marking a key again marks nothing new. Keys are
 * never 0 (a 0 the filter let through stays, each time). */
static size_t first_keys(uint32_t *keep, size_t k)
{
    uint32_t had[512];
    size_t size = 16, n = 0;

    while (size < 2 * k) {
        size *= 2;
    }
    memset(had, 0, size * sizeof *had);
    for (size_t j = 0; j < k; j++) {
        uint32_t key = keep[j];
        size_t h = slot_of(key, size - 1);
        while (had[h] && had[h] != key) {
            h = (h + 1) & (size - 1);
        }
        if (!had[h]) {
            had[h] = key;
            keep[n++] = key;
        }
    }
    return n;
}

/* Marks from the leaves of views (a bit a view) in v[0..n): first the
 * few the filter lets through are gathered without a branch on each
 * answer, then looked up, each key once a block. */
static void mark_list(scan *sc, const uint32_t *v, size_t n)
{
    uint32_t keep[256];

    for (size_t i = 0; i < n;) {
        size_t k = 0, end = n - i < 256 ? n : i + 256;
        for (; i < end; i++) {
            keep[k] = v[i];
            k += (size_t)in_keys(sc->t, v[i]);
        }
        k = first_keys(keep, k);
        for (size_t j = 0; j < k; j++) {
            mark_key(sc, keep[j]);
        }
    }
}

uint64_t *pc__trigindex_scan(const pc__trigindex *t, const pc_text *text,
                             const pc__leafset leaves[2])
{
    scan sc = {t, 0, leaves, {NULL, NULL}, NULL};

    if (!t || !t->slots || !t->seen) {
        return NULL;
    }
    for (int v = 0; v < 2; v++) {
        sc.maps[v] = leaves[v].slots ? NULL : leaves[v].bits;
    }
    sc.bits = calloc(t->span / 64 + 1, sizeof *sc.bits);
    if (sc.bits && leaves[0].list && leaves[0].list == leaves[1].list) {
        /* The views read alike: one pass for both. */
        sc.views = 3;
        mark_list(&sc, leaves[0].list, leaves[0].n_list);
        return sc.bits;
    }
    for (int v = 0; sc.bits && v < 2; v++) {
        sc.views = 1u << v;
        if (leaves[v].list) {
            mark_list(&sc, leaves[v].list, leaves[v].n_list);
        } else {
            size_t len;
            const char *s = pc_text_view(text, (pc_view)v, &len);
            pc__gram_walk(s, len, mark, &sc);
        }
    }
    return sc.bits;
}

int pc__trigindex_marked(const pc__trigindex *t, const uint64_t *bits,
                         const pc__regex *rx)
{
    uint32_t b;

    if (!t || !bits || rx->id < t->lo || rx->id - t->lo >= t->span ||
        t->by_id[rx->id - t->lo] != rx) {
        return -1;
    }
    b = rx->id - t->lo;
    if (!((t->armed[b >> 6] >> (b & 63)) & 1)) {
        return -1; /* its triggers (if any) came after this index */
    }
    return (int)((bits[b >> 6] >> (b & 63)) & 1);
}

/* Word w of the bit set of the armed regexes the scan found no trigger
 * of (bits and armed have span / 64 + 1 words; past them, 0). */
static uint64_t none_word(const pc__trigindex *t, const uint64_t *bits,
                          size_t w)
{
    return w <= t->span / 64 ? t->armed[w] & ~bits[w] : 0;
}

/* 1 if rx is the regex t knows by its id. */
static int knows(const pc__trigindex *t, const pc__regex *rx)
{
    return rx->id >= t->lo && rx->id - t->lo < t->span &&
           t->by_id[rx->id - t->lo] == rx;
}

uint64_t pc__trigindex_none(const pc__trigindex *t, const uint64_t *bits,
                            const pc__regex *rx, size_t n)
{
    size_t pos, w;
    unsigned sh;
    uint64_t v;

    /* The same array t indexed, ids in a run: then rx[k] is t's regex of
     * id rx[0].id + k. */
    if (!t || !bits || n == 0 || n > 64 || rx[n - 1].id < rx[0].id ||
        rx[n - 1].id - rx[0].id != n - 1 || !knows(t, &rx[0]) ||
        !knows(t, &rx[n - 1])) {
        return 0;
    }
    pos = rx[0].id - t->lo;
    w = pos >> 6;
    sh = (unsigned)(pos & 63);
    v = sh ? none_word(t, bits, w) >> sh |
                 none_word(t, bits, w + 1) << (64 - sh)
           : none_word(t, bits, w);
    return n == 64 ? v : v & (((uint64_t)1 << n) - 1);
}

pc__trigindex *pc__trigindex_again(const pc__trigindex *t)
{
    pc__trigindex *r = t && t->slots ? pc__trigindex_new() : NULL;

    for (size_t i = 0; r && i < t->span; i++) {
        if (t->by_id[i] && pc__trigindex_add(r, t->by_id[i]) != PC_OK) {
            pc__trigindex_free(r);
            r = NULL;
        }
    }
    if (r && pc__trigindex_finish(r) != PC_OK) {
        pc__trigindex_free(r);
        r = NULL;
    }
    return r;
}
