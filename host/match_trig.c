/* match_trig.c: the triggers of a pack's regexes (prefilter.h), indexed
 * per view, so that a check finds the regexes that may match its post in
 * one pass over the bit maps of the post's bytes, pairs and trigrams
 * instead of testing every regex's query: a regex none of whose triggers
 * is in the post is not visited at all (match.h: pc__trigindex).
 *
 * The index maps a trigger (a query leaf) to the regexes it starts, with
 * the view each runs on, numbered by their ids (match.c) from the lowest
 * of the index; a scan sets one bit a regex. The keys are grouped by
 * their bit in a leaf set's bit maps (pc__leaf_bit), and a scan reads the
 * views' leaf sets (prefilter.h), filled once per check, word by word
 * against the keys' bits: the leaves of the post are not listed or
 * looked up one by one. A post whose views differ only in ASCII case
 * (most) is read once for both. */
#include <stdlib.h>

#include "match.h"

typedef struct entry {
    uint32_t key;              /* a leaf; 0: none */
    uint32_t bit;              /* pc__leaf_bit(key) */
    uint32_t view;             /* the regex's, 0 or 1 */
    uint32_t check;            /* a leaf the text must have too, or 0 */
    uint32_t id;
    const pc__regex *rx;
} entry;

/* A regex a key starts: its id - lo, its view, and whether a check leaf
 * (checks, beside) is needed too. check_bit is that leaf's pc__leaf_bit,
 * or, with none, the key's own: a scan reaches the ref only from a map
 * that has the key's bit, so either way the check is one bit test of
 * that map. */
typedef struct ref {
    uint32_t id;
    uint16_t check_bit;
    uint8_t view;
    uint8_t checked;
} ref;

/* The words of a leaf set's bit maps (prefilter.h's pc__leafset). */
#define MAP_WORDS ((PC_GRAM_BITS + PC_PAIR_BITS + 256u) / 64u)

struct pc__trigindex {
    entry *e;                  /* while adding */
    size_t n_e;
    size_t cap_e;
    const pc__regex **by_id;   /* [id - lo], or NULL */
    uint64_t *armed;           /* bit id - lo: entered with triggers (a
                                  regex given its query later is not) */
    uint32_t lo;
    size_t span;               /* ids lo .. lo + span - 1 */
    /* The keys by their pc__leaf_bit, so that a scan reads a post's leaf
     * set's bit maps against them, word by word: bit b of keys is set
     * when a key has bit b; such a bit is the group rank[b / 64] plus the
     * keys' bits below it in its word, its regexes refs[group[g] ..
     * group[g + 1]). */
    uint64_t *keys;            /* MAP_WORDS */
    uint32_t *rank;            /* MAP_WORDS */
    uint32_t *group;           /* groups + 1 */
    ref *refs;                 /* grouped by their key's bit */
    uint32_t *checks;          /* beside refs: a leaf also needed, or 0 */
    uint32_t *leaf;            /* beside refs: their key */
};

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
    free(t->keys);
    free(t->rank);
    free(t->group);
    free(t->refs);
    free(t->checks);
    free(t->leaf);
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
    t->e[t->n_e].bit = key ? pc__leaf_bit(key) : 0;
    t->e[t->n_e].view = view;
    t->e[t->n_e].check = check;
    t->e[t->n_e].id = rx->id;
    t->e[t->n_e++].rx = rx;
    return 0;
}

pc_status pc__trigindex_add(pc__trigindex *t, const pc__regex *rx)
{
    uint32_t view = rx->view == PC_VIEW_FOLD ? 0 : 1;

    if (t->keys) {
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

/* The bits of x set. */
static uint32_t count_bits(uint64_t x)
{
    x -= (x >> 1) & 0x5555555555555555u;
    x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Fu;
    return (uint32_t)((x * 0x0101010101010101u) >> 56);
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

/* The group of the keys with bit `bit` (set in t->keys, t->rank made). */
static uint32_t group_of(const pc__trigindex *t, uint32_t bit)
{
    uint64_t below = ((uint64_t)1 << (bit & 63)) - 1;

    return t->rank[bit >> 6] + count_bits(t->keys[bit >> 6] & below);
}

/* The entries are grouped by their key's bit without sorting them: the
 * bits are marked in keys, ranked, and each entry placed in its group's
 * range in the order it came (the order within a group changes nothing:
 * a scan marks every regex of a group it reaches). Keys 0 start nothing
 * and are left out. */
pc_status pc__trigindex_finish(pc__trigindex *t)
{
    size_t groups = 0, k = 0;
    pc_status st = fill_ids(t);

    if (st != PC_OK) {
        return st;
    }
    t->keys = calloc(MAP_WORDS, sizeof *t->keys);
    t->rank = malloc(MAP_WORDS * sizeof *t->rank);
    if (!t->keys || !t->rank) {
        return PC_ERR_NOMEM;
    }
    for (size_t i = 0; i < t->n_e; i++) {
        uint32_t bit = t->e[i].bit;
        if (t->e[i].key) {
            t->keys[bit >> 6] |= (uint64_t)1 << (bit & 63);
            k++;
        }
    }
    for (size_t w = 0; w < MAP_WORDS; w++) {
        t->rank[w] = (uint32_t)groups;
        groups += count_bits(t->keys[w]);
    }
    t->group = calloc(groups + 1, sizeof *t->group);
    t->refs = malloc((k ? k : 1) * sizeof *t->refs);
    t->checks = malloc((k ? k : 1) * sizeof *t->checks);
    t->leaf = malloc((k ? k : 1) * sizeof *t->leaf);
    if (!t->group || !t->refs || !t->checks || !t->leaf) {
        return PC_ERR_NOMEM;
    }
    /* group[g + 1] counts group g's entries, then, summed, is where the
     * group after it starts. From here on an entry's bit holds its
     * group. */
    for (size_t i = 0; i < t->n_e; i++) {
        if (t->e[i].key) {
            t->e[i].bit = group_of(t, t->e[i].bit);
            t->group[t->e[i].bit + 1]++;
        }
    }
    for (size_t g = 0; g < groups; g++) {
        t->group[g + 1] += t->group[g];
    }
    /* group[g] moves on as g's entries are placed, to where g + 1
     * starts; shifted back by one after. */
    for (size_t i = 0; i < t->n_e; i++) {
        const entry *e = &t->e[i];
        uint32_t at;
        if (!e->key) {
            continue;
        }
        at = t->group[e->bit]++;
        t->checks[at] = e->check;
        t->leaf[at] = e->key;
        t->refs[at].check_bit = pc__leaf_bit(e->check ? e->check : e->key);
        t->refs[at].checked = e->check != 0;
        t->refs[at].view = (uint8_t)e->view;
        t->refs[at].id = e->id - t->lo;
    }
    for (size_t g = groups; g > 0; g--) {
        t->group[g] = t->group[g - 1];
    }
    t->group[0] = 0;
    free(t->e);
    t->e = NULL;
    t->n_e = t->cap_e = 0;
    return PC_OK;
}

typedef struct scan {
    const pc__trigindex *t;
    unsigned views;            /* bit v: the leaves are view v's */
    const pc__leafset *g;      /* the views' leaves, for the checks */
    uint64_t *bits;
} scan;

_Static_assert(MAP_WORDS % 4 == 0, "the maps are read four words a step");

/* 1 unless the exact set behind the bit maps of view v says that ref k's
 * key or check leaf is not in the text (a view whose maps alone answer
 * has no such set: 1). */
static int exact_holds(const scan *sc, uint32_t k, unsigned v)
{
    const pc__leafset *g = &sc->g[v];

    return !g->slots || (pc__leafset_has(g, sc->t->leaf[k]) &&
                         (!sc->t->refs[k].checked ||
                          pc__leafset_has(g, sc->t->checks[k])));
}

/* The CPU's population count, where the compiler can ask for it (a
 * function built for it, chosen when the CPU has it: mark_map). */
#if (defined(__GNUC__) || defined(__clang__)) &&                           \
    (defined(__x86_64__) || defined(__i386__))
#define HAS_HW_COUNT 1
#define HW_COUNT(x) ((uint32_t)__builtin_popcountll(x))
#else
#define HAS_HW_COUNT 0
#define HW_COUNT(x) count_bits(x)
#endif

/* Marks from the bit maps m (of the views sc reads): each bit set in
 * both m and the keys' is a group of keys the text may have, whose
 * regexes of those views are marked when their check bit is set in m
 * too (m is the map of each view it reads: the views' maps are one when
 * both are read) and the exact set, if any, has both leaves. hw: count
 * a group's rank with the CPU's population count; alike: both views are
 * read, with no exact set (a short post's, mostly), so that the check
 * bit alone decides (each a constant where inlined, below). */
static inline __attribute__((always_inline)) void
mark_map_with(scan *sc, const uint64_t *m, int hw, int alike)
{
    const pc__trigindex *t = sc->t;
    const uint64_t *keys = t->keys;
    const ref *refs = t->refs;
    uint64_t *bits = sc->bits;
    unsigned views = sc->views;
    int exact = sc->g[0].slots || sc->g[1].slots;

    for (size_t w = 0; w < MAP_WORDS; w += 4) {
        /* Most words of a short post's maps meet no key: four a test. */
        if (!((keys[w] & m[w]) | (keys[w + 1] & m[w + 1]) |
              (keys[w + 2] & m[w + 2]) | (keys[w + 3] & m[w + 3]))) {
            continue;
        }
        for (size_t j = w; j < w + 4; j++) {
            for (uint64_t x = keys[j] & m[j]; x; x &= x - 1) {
                uint64_t below = keys[j] & ((x & (0 - x)) - 1);
                uint32_t g = t->rank[j] + (hw ? HW_COUNT(below)
                                              : count_bits(below));
                for (uint32_t k = t->group[g]; k < t->group[g + 1]; k++) {
                    ref r = refs[k];
                    if (!((m[r.check_bit >> 6] >> (r.check_bit & 63)) & 1) ||
                        (!alike && (!((views >> r.view) & 1) ||
                                    (exact && !exact_holds(sc, k, r.view))))) {
                        continue;
                    }
                    bits[r.id >> 6] |= (uint64_t)1 << (r.id & 63);
                }
            }
        }
    }
}

#if HAS_HW_COUNT
/* With the CPU's population count where it has one: a key bit met cost
 * a dozen instructions of counting in software, the one instruction
 * here. The same marks. */
__attribute__((target("popcnt"))) static void
mark_map_popcnt(scan *sc, const uint64_t *m, int alike)
{
    if (alike) {
        mark_map_with(sc, m, 1, 1);
    } else {
        mark_map_with(sc, m, 1, 0);
    }
}
#endif

static void mark_map(scan *sc, const uint64_t *m)
{
    int alike = sc->views == 3 && !sc->g[0].slots && !sc->g[1].slots;

#if HAS_HW_COUNT
    if (__builtin_cpu_supports("popcnt")) {
        mark_map_popcnt(sc, m, alike);
        return;
    }
#endif
    mark_map_with(sc, m, 0, 0);
}

uint64_t *pc__trigindex_scan(const pc__trigindex *t,
                             const pc__leafset leaves[2])
{
    scan sc = {t, 0, leaves, NULL};

    if (!t || !t->keys || !leaves[0].bits || !leaves[1].bits) {
        return NULL;
    }
    sc.bits = calloc(t->span / 64 + 1, sizeof *sc.bits);
    if (sc.bits && leaves[0].bits == leaves[1].bits) {
        /* The views read alike: one pass for both. */
        sc.views = 3;
        mark_map(&sc, leaves[0].bits);
        return sc.bits;
    }
    for (int v = 0; sc.bits && v < 2; v++) {
        sc.views = 1u << v;
        mark_map(&sc, leaves[v].bits);
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
    pc__trigindex *r = t && t->keys ? pc__trigindex_new() : NULL;

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
