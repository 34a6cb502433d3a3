/* model_lists_tab.c: every word list's entries (model_lists.h) in one
 * open-addressed table, so that a word of a unit is looked up once for
 * all the lists it may be on (pc__model_lists_of), and the tagging of a
 * unit's words with it (pc__model_tag_words: their lists, their shape
 * class, and a word spelt to evade an insult read as the insult), the
 * table fetched once a unit. Nothing here keeps or logs text. */
#include <stdint.h>
#include <string.h>

#include "model_lists.h"
#include "model_words.h"

/* Every entry of every list of model_lists.h, open addressed by its
 * FNV-1a hash: the lists it is on as bits. */
#define SLOTS 2048

/* The shape features' classes (pc__model_tag_words) in the order they
 * are tried: a word on two lists has the first's tag. The lists of all
 * but the organisation's are the last CLASS_LISTS (class_key). */
static const struct {
    enum pc__model_list list;
    char tag;
} classes[] = {
    {PC_LIST_GROUP, 'G'}, {PC_LIST_YOU, 'Y'},    {PC_LIST_THEY, 'T'},
    {PC_LIST_ORG, 'O'},   {PC_LIST_HARM, 'H'},   {PC_LIST_DEHUM, 'D'},
    {PC_LIST_NEGATE, 'N'}, {PC_LIST_REPORT, 'R'}, {PC_LIST_WILL, 'W'},
    {PC_LIST_INSULT, 'I'},
};
#define CLASS_LISTS (PC_LIST_COUNT - PC_LIST_GROUP)
_Static_assert(CLASS_LISTS == sizeof classes / sizeof *classes - 1 &&
                   PC_LIST_ORG < PC_LIST_GROUP,
               "the classes are the organisation's and the lists from "
               "PC_LIST_GROUP on");

/* The index of lists (bits) in tag_of: its bits of the lists from
 * PC_LIST_GROUP on, then the organisation's. */
static unsigned class_key(uint32_t lists)
{
    return (lists >> PC_LIST_GROUP) << 1 | (lists >> PC_LIST_ORG & 1u);
}

struct slot {
    const char *e; /* the entry (borrowed from model_lists.c), or NULL */
    uint32_t hash;
    uint32_t lists;
};

struct lists_table {
    struct slot slot[SLOTS];
    /* the lists whose lengths (pc__model_listed) take a word of n bytes */
    uint32_t in_range[WORD_CAP + 1];
    uint32_t prefix, plural; /* the lists that take stems, an "s" */
    /* By a word's first letter and its second byte (second_of): bit n
     * of len_of, an entry of n bytes starts so (one of one byte is in
     * every [c][..]); of stem_of, an entry of n bytes (5 or more) of a
     * list that takes stems. A word whose lengths meet neither is on no
     * list (lists_of): no hash, no probe. */
    uint64_t len_of[26][27], stem_of[26][27];
    /* A word's shape class by the class lists it is on (class_key), 0
     * for none: what pc__model_tag_words tags it. */
    char tag_of[1u << (CLASS_LISTS + 1)];
    /* Bit n: an insult of n bytes (5 or more, what pc__model_near
     * reads a word as) starts with letter [c] and ends with letter [e]
     * (near_ends: 26 for an end that is not a to z). */
    uint64_t near_len[26][27];
};

static uint32_t hash_step(uint32_t h, unsigned char c)
{
    return (h ^ c) * 16777619u;
}

static size_t slot_of(uint32_t h)
{
    return (h ^ (h >> 15)) & (SLOTS - 1);
}

/* The slot of entry w[0, len) with hash h: its own, or the empty one
 * where it would go. */
static struct slot *find(struct lists_table *t, const char *w, size_t len,
                         uint32_t h)
{
    size_t i = slot_of(h);

    while (t->slot[i].e && !(t->slot[i].hash == h &&
                             strlen(t->slot[i].e) == len &&
                             memcmp(t->slot[i].e, w, len) == 0)) {
        i = (i + 1) & (SLOTS - 1);
    }
    return &t->slot[i];
}

/* The index of a word's last letter in near_len. */
static unsigned near_end(unsigned char c)
{
    return (unsigned)(c - 'a') < 26u ? (unsigned)(c - 'a') : 26u;
}

/* The index of the second byte of w[0, len) in len_of and stem_of: 26
 * for a word of one byte or a byte not a to z. */
static unsigned second_of(const char *w, size_t len)
{
    unsigned d = len > 1 ? (unsigned)((unsigned char)w[1] - 'a') : 26u;

    return d < 26u ? d : 26u;
}

/* Sets bit n (an entry e of n bytes) in row [e's first letter] of m:
 * the second byte's column, or every column for an entry of one byte. */
static void set_len(uint64_t m[26][27], const char *e, size_t n)
{
    unsigned c = (unsigned)((unsigned char)e[0] - 'a');

    if (c >= 26u || n == 0 || n > WORD_CAP) {
        return;
    }
    for (unsigned d = 0; d < 27; d++) {
        if (n == 1 || d == second_of(e, n)) {
            m[c][d] |= (uint64_t)1 << n;
        }
    }
}

/* Fills t->near_len from the insult list's entries. */
static void fill_near(struct lists_table *t, const struct pc__model_lists *l)
{
    for (unsigned c = 0; c < 26; c++) {
        for (unsigned i = l->lo[PC_LIST_INSULT][c];
             i < l->hi[PC_LIST_INSULT][c]; i++) {
            const char *e = l->v[PC_LIST_INSULT][i];
            size_t n = strlen(e);
            if (n >= 5 && n < 64) {
                t->near_len[c][near_end((unsigned char)e[n - 1])] |=
                    (uint64_t)1 << n;
            }
        }
    }
}

/* Fills t->tag_of: each key's class, the first of classes it is on. */
static void fill_tags(struct lists_table *t)
{
    for (unsigned key = 0; key < sizeof t->tag_of; key++) {
        uint32_t lists = (uint32_t)(key >> 1) << PC_LIST_GROUP |
                         (uint32_t)(key & 1u) << PC_LIST_ORG;
        for (size_t k = 0; k < sizeof classes / sizeof *classes; k++) {
            if (lists >> classes[k].list & 1) {
                t->tag_of[key] = classes[k].tag;
                break;
            }
        }
    }
}

static void fill(struct lists_table *t, const struct pc__model_lists *l)
{
    fill_near(t, l);
    fill_tags(t);
    for (unsigned k = 0; k < PC_LIST_COUNT; k++) {
        for (unsigned c = 0; c < 26; c++) {
            for (unsigned i = l->lo[k][c]; i < l->hi[k][c]; i++) {
                const char *e = l->v[k][i];
                size_t n = strlen(e);
                uint32_t h = 2166136261u;
                struct slot *sl;
                for (size_t j = 0; j < n; j++) {
                    h = hash_step(h, (unsigned char)e[j]);
                }
                sl = find(t, e, n, h);
                sl->e = e;
                sl->hash = h;
                sl->lists |= (uint32_t)1 << k;
                set_len(t->len_of, e, n);
                if (l->prefix[k] && n >= 5) {
                    set_len(t->stem_of, e, n);
                }
            }
        }
        for (size_t n = 0; n <= WORD_CAP; n++) {
            if (n >= l->min[k] && n <= l->max[k]) {
                t->in_range[n] |= (uint32_t)1 << k;
            }
        }
        t->prefix |= (uint32_t)(l->prefix[k] != 0) << k;
        t->plural |= (uint32_t)(l->plural[k] != 0) << k;
    }
}

/* The table, filled at its first use from the lists' index (the host is
 * single-threaded, as pc__model_lists). */
static const struct lists_table *table(void)
{
    static struct lists_table t;
    static int ready;

    if (!ready) {
        fill(&t, pc__model_lists());
        ready = 1;
    }
    return &t;
}

void pc__model_words_prepare(void)
{
    (void)table();
}

/* The lists entry w[0, len) (hash h) is on. */
static uint32_t entry_lists(const struct lists_table *t, const char *w,
                            size_t len, uint32_t h)
{
    size_t i = slot_of(h);

    for (; t->slot[i].e; i = (i + 1) & (SLOTS - 1)) {
        if (t->slot[i].hash == h && memcmp(t->slot[i].e, w, len) == 0 &&
            t->slot[i].e[len] == '\0') {
            return t->slot[i].lists;
        }
    }
    return 0;
}

/* lists_of's look-ups of w[0, len) in table t: the entries and stems
 * whose lengths the bits say may be there (bit n of stems: a stem of n
 * bytes may be w[0, n); bit 1 of full, an entry of len bytes may be w;
 * bit 0, of len - 1 bytes, a word ending in "s" without it). */
static uint32_t probe(const struct lists_table *t, const char *w, size_t len,
                      uint64_t full, uint64_t stems)
{
    /* stems: of 5 bytes up to len - 1 (for the word), up to len - 2 (for
     * the word without its "s") */
    uint32_t h = 2166136261u, stem = 0, stem_short = 0, as_is = 0,
             short_lists = 0;
    int plural = len > 1 && w[len - 1] == 's';
    size_t m = 1;

    /* h: the hash of w[0, m), each m. No stem is shorter than 5. */
    for (; m < len && m < 5; m++) {
        h = hash_step(h, (unsigned char)w[m - 1]);
    }
    for (; m < len; m++) {
        h = hash_step(h, (unsigned char)w[m - 1]);
        if (stems >> m & 1) {
            uint32_t e = entry_lists(t, w, m, h) & t->prefix;
            stem |= e;
            stem_short |= m + 1 < len ? e : 0;
        }
    }
    /* h is the hash of w[0, len - 1): the word without its "s". */
    if (plural) {
        short_lists = ((full & 1 ? entry_lists(t, w, len - 1, h) : 0) |
                       stem_short) &
                      t->in_range[len - 1] & t->plural;
    }
    if (full & 2) {
        h = hash_step(h, (unsigned char)w[len - 1]);
        as_is = entry_lists(t, w, len, h);
    }
    return ((as_is | stem) & t->in_range[len]) | short_lists;
}

/* pc__model_lists_of in table t: most words start with letters and have
 * lengths that no entry has, and are on no list after two loads. */
static inline uint32_t lists_of(const struct lists_table *t, const char *w,
                                size_t len)
{
    unsigned c = len ? (unsigned)((unsigned char)w[0] - 'a') : 26u, d;
    uint64_t full, stems;

    if (c >= 26u || len > WORD_CAP) {
        return 0;
    }
    d = second_of(w, len);
    full = t->len_of[c][d] >> (len - 1) & (w[len - 1] == 's' ? 3u : 2u);
    stems = t->stem_of[c][d] & (((uint64_t)1 << len) - 1);
    return full | stems ? probe(t, w, len, full, stems) : 0;
}

uint32_t pc__model_lists_of(const char *w, size_t len)
{
    return lists_of(table(), w, len);
}

/* 0 when pc__model_near cannot read w[0, len) as an insult: it reads a
 * word only as an entry of five letters or more with the same first and
 * last letters, one letter longer, shorter or as long (model_lists.c's
 * near_entry); asking table t first spares the look through the
 * entries for most words. 1 when it may. */
static int may_be_near(const struct lists_table *t, const char *w,
                       size_t len)
{
    unsigned c = len ? (unsigned)((unsigned char)w[0] - 'a') : 26u;

    if (c >= 26 || len < 4 || len > 62) {
        return c < 26 && len > 62;
    }
    return (t->near_len[c][near_end((unsigned char)w[len - 1])] >>
            (len - 1) & 7) != 0;
}

/* Reads word w as the insult it spells to evade (pc__model_near: two
 * letters swapped, one doubled or left out; "idoits" as "idiots"): the
 * word becomes the entry, tagged 'I', so its n-grams and pairs are the
 * insult's. */
static void read_near(const struct lists_table *t,
                      const struct pc__model_lists *l, struct word *w)
{
    const char *e = may_be_near(t, w->w, w->len)
                        ? pc__model_near(l, PC_LIST_INSULT, w->w, w->len)
                        : NULL;
    size_t s = 0;

    if (!e && w->len > 4 && w->w[w->len - 1] == 's' &&
        may_be_near(t, w->w, w->len - 1u)) {
        e = pc__model_near(l, PC_LIST_INSULT, w->w, w->len - 1);
        s = 1;
    }
    if (e) {
        pc__model_become(w, e, strlen(e), (int)s);
        w->tag = 'I';
        w->lists = lists_of(t, w->w, w->len);
    }
}

void pc__model_tag_words(struct words *ws)
{
    const struct pc__model_lists *l = pc__model_lists();
    const struct lists_table *t = table();

    for (size_t i = 0; i < ws->n; i++) {
        struct word *w = &ws->v[i];
        uint32_t lists = 0;
        char tag = w->kind == W_HANDLE ? '@' : 0;
        if (w->kind == W_WORD) {
            lists = lists_of(t, w->w, w->len);
            tag = t->tag_of[class_key(lists)];
        }
        w->tag = tag;
        w->lists = lists;
        if (w->kind == W_WORD && !tag) {
            read_near(t, l, w);
        }
    }
}
