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
    uint64_t stem_len;       /* bit n: a list that takes stems has an
                              * entry of n bytes (5 or more) */
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

static void fill(struct lists_table *t, const struct pc__model_lists *l)
{
    fill_near(t, l);
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
                if (l->prefix[k] && n >= 5 && n <= WORD_CAP) {
                    t->stem_len |= (uint64_t)1 << n;
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

/* pc__model_lists_of in table t. */
static uint32_t lists_of(const struct lists_table *t, const char *w,
                         size_t len)
{
    /* stems: of 5 bytes up to len - 1 (for the word), up to len - 2 (for
     * the word without its "s") */
    uint32_t h = 2166136261u, stem = 0, stem_short = 0, as_is, short_lists = 0;
    int plural = len > 1 && w[len - 1] == 's';
    size_t m = 1;

    if (len == 0 || len > WORD_CAP ||
        (unsigned)((unsigned char)w[0] - 'a') >= 26u) {
        return 0;
    }
    /* h: the hash of w[0, m), each m. No stem is shorter than 5. */
    for (; m < len && m < 5; m++) {
        h = hash_step(h, (unsigned char)w[m - 1]);
    }
    for (; m < len; m++) {
        h = hash_step(h, (unsigned char)w[m - 1]);
        if (t->stem_len >> m & 1) {
            uint32_t e = entry_lists(t, w, m, h) & t->prefix;
            stem |= e;
            stem_short |= m + 1 < len ? e : 0;
        }
    }
    /* h is the hash of w[0, len - 1): the word without its "s". */
    if (plural) {
        short_lists = (entry_lists(t, w, len - 1, h) | stem_short) &
                      t->in_range[len - 1] & t->plural;
    }
    h = hash_step(h, (unsigned char)w[len - 1]);
    as_is = (entry_lists(t, w, len, h) | stem) & t->in_range[len];
    return as_is | (plural ? short_lists : 0);
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
    /* The classes in the order they are tried: a word on two lists has
     * the first's tag. */
    static const struct {
        enum pc__model_list list;
        char tag;
    } classes[] = {
        {PC_LIST_GROUP, 'G'}, {PC_LIST_YOU, 'Y'},    {PC_LIST_THEY, 'T'},
        {PC_LIST_ORG, 'O'},   {PC_LIST_HARM, 'H'},   {PC_LIST_DEHUM, 'D'},
        {PC_LIST_NEGATE, 'N'}, {PC_LIST_REPORT, 'R'}, {PC_LIST_WILL, 'W'},
        {PC_LIST_INSULT, 'I'},
    };
    const struct pc__model_lists *l = pc__model_lists();
    const struct lists_table *t = table();

    for (size_t i = 0; i < ws->n; i++) {
        struct word *w = &ws->v[i];
        w->tag = w->kind == W_HANDLE ? '@' : 0;
        w->lists = 0;
        if (w->kind != W_WORD) {
            continue;
        }
        w->lists = lists_of(t, w->w, w->len);
        for (size_t k = 0; w->lists && k < sizeof classes / sizeof *classes;
             k++) {
            if (w->lists >> classes[k].list & 1) {
                w->tag = classes[k].tag;
                break;
            }
        }
        if (!w->tag) {
            read_near(t, l, w);
        }
    }
}
