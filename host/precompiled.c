/* precompiled.c: regexes decoded from the sets stored at build time
 * (precompiled.h), or compiled. A set is decoded whole the first time
 * one of its patterns is asked for; each decoded pattern is handed out
 * once (the caller owns it), and what nobody took is freed by
 * pc__precompiled_trim() at the end of the preparation, which also
 * forgets what was taken. A pattern asked for more often in one
 * preparation than the build saw it, or one not stored, is compiled.
 * Process-wide state; the host is single-threaded. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uversion.h>

#include "builtin.h"
#include "precompiled.h"

/* A decoded set: its codes not yet handed out (NULL once taken). */
typedef struct open_unit {
    pcre2_code **codes;
    uint32_t left;
} open_unit;

static open_unit *g_open;          /* one per unit, or NULL */
static unsigned char *g_taken;     /* one per entry: handed out in
                                      this preparation */
static int g_lists_read;           /* ready lists' lines read since the
                                      last trim */
static int g_broken;               /* the stored sets cannot be read */
static size_t g_next = SIZE_MAX;   /* the entry the build compiled after
                                      the last one handed out */
static long g_valid = -1;          /* the last prefilter stored_at
                                      found within the table's bounds */
static size_t g_decoded, g_compiled;
static pc__precompiled_note_fn g_note;
static void *g_note_ctx;

uint64_t pc__precompiled_hash(const char *pattern)
{
    const unsigned char *p = (const unsigned char *)pattern;
    size_t n = strlen(pattern);
    uint64_t h = 0xcbf29ce484222325u ^ n;

    /* Eight bytes a step: a word list's pattern runs to tens of
     * kilobytes, and every pattern is hashed as its pack is prepared
     * (a byte a step was 1.7 M of the 27 M instructions of a start and
     * first check, when each was hashed twice). The shift folds high
     * bits down, which the multiplication alone only carries up. */
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * 0x100000001b3u;
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    while (n > 0) {
        h = (h ^ *p++) * 0x100000001b3u;
        n--;
    }
    return h;
}

void pc__precompiled_set_note(pc__precompiled_note_fn fn, void *ctx)
{
    g_note = fn;
    g_note_ctx = ctx;
}

void pc__precompiled_stats(size_t *decoded, size_t *compiled)
{
    *decoded = g_decoded;
    *compiled = g_compiled;
}

static const struct pc__pc_table *table(void)
{
    const struct pc__pc_table *t = &pc__precompiled_table;

    if (!t || g_broken || t->n_entries == 0) {
        return NULL;
    }
    if (!g_open) {
        g_open = calloc(t->n_units, sizeof *g_open);
        g_taken = calloc(t->n_entries, 1);
        if (!g_open || !g_taken) {
            free(g_open);
            free(g_taken);
            g_open = NULL;
            g_taken = NULL;
            return NULL;
        }
    }
    return t;
}

/* The first entry of hash h (entries are sorted by hash), or
 * n_entries. */
static size_t first_of(const struct pc__pc_table *t, uint64_t h)
{
    size_t lo = 0, hi = t->n_entries;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->entries[mid].hash < h) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/* The first entry for (pattern, options) not yet handed out, or -1. */
static long find(const struct pc__pc_table *t, const char *pattern,
                 uint32_t options)
{
    uint64_t h;

    /* The entry that followed the last one in the build's preparation,
     * when it is this pattern's first (k 0, so no entry of the pattern
     * comes before it in the search below) and not handed out: what the
     * search would find, without hashing the pattern (most of a look-up:
     * a preparation asks for the patterns in about the build's order). */
    if (g_next < t->n_entries) {
        const struct pc__pc_entry *e = &t->entries[g_next];
        if (e->k == 0 && e->options == options && !g_taken[g_next] &&
            e->pattern < t->strings_len &&
            strcmp(t->strings + e->pattern, pattern) == 0) {
            return (long)g_next;
        }
    }
    h = pc__precompiled_hash(pattern);
    for (size_t lo = first_of(t, h);
         lo < t->n_entries && t->entries[lo].hash == h; lo++) {
        const struct pc__pc_entry *e = &t->entries[lo];
        if (e->options == options && !g_taken[lo] &&
            e->pattern < t->strings_len &&
            strcmp(t->strings + e->pattern, pattern) == 0) {
            return (long)lo;
        }
    }
    return -1;
}

/* The first entry of pattern's text (any options), or -1. */
static long entry_of(const struct pc__pc_table *t, const char *pattern)
{
    uint64_t h;

    if (!t || t->n_entries == 0 || !t->prefilters) {
        return -1;
    }
    h = pc__precompiled_hash(pattern);
    for (size_t lo = first_of(t, h);
         lo < t->n_entries && t->entries[lo].hash == h; lo++) {
        const struct pc__pc_entry *e = &t->entries[lo];
        if (e->pattern < t->strings_len && e->pf < t->n_prefilters &&
            strcmp(t->strings + e->pattern, pattern) == 0) {
            return (long)lo;
        }
    }
    return -1;
}

long pc__precompiled_index(const char *pattern)
{
    const struct pc__pc_table *t = &pc__precompiled_table;
    long i = entry_of(t, pattern);

    return i >= 0 ? (long)t->entries[i].pf : -1;
}

/* Stored prefilter i (pc__precompiled_index), checked against the
 * table's bounds, or NULL. */
static const struct pc__pc_grams *stored_at(const struct pc__pc_table *t,
                                            long i)
{
    const struct pc__pc_grams *g;

    if (!t || i < 0 || (size_t)i >= t->n_prefilters) {
        return NULL;
    }
    g = &t->prefilters[i];
    /* A pattern's prefilter, barriers and token mask are asked for one
     * after another: the bounds are checked once. */
    if (i == g_valid) {
        return g;
    }
    if (g->sets > PC__PC_MAX_SETS || g->first > t->n_grams ||
        g->n > t->n_grams - g->first || g->q_first > t->n_qwords ||
        g->q_n > t->n_qwords - g->q_first || g->t_first > t->n_twords ||
        g->t_n > (t->n_twords - g->t_first) / 2 ||
        g->s_first > t->n_qsteps || g->s_n > t->n_qsteps - g->s_first ||
        (g->s_n && (g->entry >= PC_QSTEP_WORDS * g->s_n ||
                    g->entry % PC_QSTEP_WORDS != 0))) {
        return NULL;
    }
    g_valid = i;
    return g;
}

const struct pc__pc_grams *pc__precompiled_prefilter_at(long i,
                                                        const uint32_t **grams)
{
    const struct pc__pc_table *t = &pc__precompiled_table;
    const struct pc__pc_grams *g = stored_at(t, i);

    if (g) {
        *grams = t->grams + g->first;
    }
    return g;
}

const struct pc__pc_grams *pc__precompiled_prefilter(const char *pattern,
                                                     const uint32_t **grams)
{
    return pc__precompiled_prefilter_at(pc__precompiled_index(pattern),
                                        grams);
}

int pc__precompiled_query(long i, pc__query *q)
{
    const struct pc__pc_table *t = &pc__precompiled_table;
    const struct pc__pc_grams *g = stored_at(t, i);

    if (!g || !t->qwords || !t->twords || !t->qsteps || !t->qleaves) {
        return 0;
    }
    q->code = g->q_n ? t->qwords + g->q_first : NULL;
    q->n = g->q_n;
    q->trig = g->t_n ? t->twords + g->t_first : NULL;
    q->n_trig = g->t_n;
    q->prog = g->s_n ? t->qsteps + PC_QSTEP_WORDS * g->s_first : NULL;
    q->leaves = g->s_n ? t->qleaves + g->s_first : NULL;
    q->entry = (uint16_t)g->entry;
    return 1;
}

int pc__precompiled_barriers(long i)
{
    const struct pc__pc_grams *g = stored_at(&pc__precompiled_table, i);

    return g ? (int)g->barriers : -1;
}

int pc__precompiled_token(long i, uint64_t *mask)
{
    const struct pc__pc_grams *g = stored_at(&pc__precompiled_table, i);

    if (!g) {
        return 0;
    }
    *mask = (uint64_t)g->token_hi << 32 | g->token_lo;
    return 1;
}

void pc__precompiled_drop_queries(void)
{
    const struct pc__pc_table *t = &pc__precompiled_table;

    if (t && t->qwords && t->twords) {
        pc__drop_pages(t->qwords, t->n_qwords * sizeof *t->qwords);
        pc__drop_pages(t->twords, t->n_twords * sizeof *t->twords);
    }
}

/* Decodes unit u if it is not open. Returns 0, or -1 (then the stored
 * sets are not used again: this PCRE2 cannot read them). */
static int open_unit_at(const struct pc__pc_table *t, uint32_t u)
{
    const struct pc__pc_unit *pu = &t->units[u];
    open_unit *o = &g_open[u];
    int32_t n;

    if (o->codes) {
        return 0;
    }
    o->codes = calloc(pu->n_codes, sizeof *o->codes);
    if (!o->codes) {
        return -1;
    }
    n = pcre2_serialize_decode(o->codes, (int32_t)pu->n_codes, pu->bytes,
                               NULL);
    if (n != (int32_t)pu->n_codes) {
        for (int32_t i = 0; i < n; i++) {
            pcre2_code_free(o->codes[i]);
        }
        free(o->codes);
        o->codes = NULL;
        g_broken = 1;
        return -1;
    }
    o->left = pu->n_codes;
    pc__drop_pages(pu->bytes, pu->len);
    return 0;
}

/* Hands out entry i's decoded code, or NULL. */
static pcre2_code *take(const struct pc__pc_table *t, size_t i)
{
    const struct pc__pc_entry *e = &t->entries[i];
    open_unit *o;
    pcre2_code *re;

    if (e->unit >= t->n_units || open_unit_at(t, e->unit) != 0) {
        return NULL;
    }
    o = &g_open[e->unit];
    re = e->index < t->units[e->unit].n_codes ? o->codes[e->index] : NULL;
    if (!re) {
        return NULL;
    }
    o->codes[e->index] = NULL;
    g_taken[i] = 1;
    if (--o->left == 0) {
        free(o->codes);
        o->codes = NULL;
    }
    return re;
}

pcre2_code *pc__precompiled_compile(const char *pattern, uint32_t options,
                                    int *errcode, PCRE2_SIZE *erroffset)
{
    long stored;

    return pc__precompiled_compile_at(pattern, options, errcode, erroffset,
                                      &stored);
}

/* What pc__precompiled_index gives for entry i's pattern: every entry of
 * one pattern's text has the same prefilter (host/tools/precompile.c). */
static long stored_of(const struct pc__pc_table *t, size_t i)
{
    const struct pc__pc_entry *e = &t->entries[i];

    if (!t->prefilters || e->pf >= t->n_prefilters) {
        return -1;
    }
    return (long)e->pf;
}

pcre2_code *pc__precompiled_compile_at(const char *pattern, uint32_t options,
                                       int *errcode, PCRE2_SIZE *erroffset,
                                       long *stored)
{
    const char *text;

    return pc__precompiled_compile_text(pattern, options, errcode, erroffset,
                                        stored, &text);
}

pcre2_code *pc__precompiled_compile_text(const char *pattern,
                                         uint32_t options, int *errcode,
                                         PCRE2_SIZE *erroffset, long *stored,
                                         const char **text)
{
    const struct pc__pc_table *t;
    long i;

    if (g_note) {
        g_note(pattern, options, g_note_ctx);
    }
    t = table();
    i = t ? find(t, pattern, options) : -1;
    if (i >= 0) {
        pcre2_code *re = take(t, (size_t)i);
        *stored = stored_of(t, (size_t)i);
        *text = t->strings + t->entries[i].pattern;
        g_next = t->entries[i].next;
        if (re) {
            g_decoded++;
            return re;
        }
    } else {
        /* Not found (another option set, or handed out already): the
         * entry of its text is looked up on its own, as before. */
        t = &pc__precompiled_table;
        i = entry_of(t, pattern);
        *stored = i >= 0 ? (long)t->entries[i].pf : -1;
        *text = i >= 0 ? t->strings + t->entries[i].pattern : NULL;
    }
    g_compiled++;
    return pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, options,
                         errcode, erroffset, NULL);
}

const struct pc__pc_list *pc__precompiled_list(const char *name)
{
    const struct pc__pc_table *t = &pc__precompiled_table;
    static int icu_same = -1;

    if (!t || !t->lists || !t->icu) {
        return NULL;
    }
    if (icu_same < 0) {
        UVersionInfo v;
        char s[U_MAX_VERSION_STRING_LENGTH];
        u_getVersion(v);
        u_versionToString(v, s);
        icu_same = strcmp(s, t->icu) == 0;
    }
    if (!icu_same) {
        return NULL;
    }
    /* Sorted by name (host/tools/precompile.c). */
    for (size_t lo = 0, hi = t->n_lists; lo < hi;) {
        size_t mid = lo + (hi - lo) / 2;
        const struct pc__pc_list *l = &t->lists[mid];
        int c = strcmp(l->name, name);
        if (c == 0) {
            return l->first <= t->list_lines_len &&
                           l->len <= t->list_lines_len - l->first
                       ? l
                       : NULL;
        }
        if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return NULL;
}

const char *pc__precompiled_list_lines(const struct pc__pc_list *l)
{
    g_lists_read = 1;
    return pc__precompiled_table.list_lines + l->first;
}

/* Gives back the pages of the patterns' text and, when a preparation
 * read them, the ready lists' lines (in the lists' matchers now): one
 * system call when the two lie side by side (one generated file's
 * read-only data), else two. */
static void drop_text(const struct pc__pc_table *t, int patterns)
{
    uintptr_t lo = UINTPTR_MAX, hi = 0;
    const char *a = patterns ? t->strings : NULL;
    const char *b = g_lists_read ? t->list_lines : NULL;
    size_t a_len = a ? t->strings_len : 0, b_len = b ? t->list_lines_len : 0;

    g_lists_read = 0;
    if (a && b && (a + a_len + 64 < b || b + b_len + 64 < a)) {
        pc__drop_pages(b, b_len);
        b_len = 0;
    }
    pc__span_add(&lo, &hi, a, a_len);
    pc__span_add(&lo, &hi, b, b_len);
    if (hi > lo) {
        pc__drop_pages((const void *)lo, hi - lo);
    }
}

void pc__precompiled_trim(void)
{
    const struct pc__pc_table *t = &pc__precompiled_table;

    if (!t) {
        return;
    }
    if (!g_open) {
        drop_text(t, 0);
        return;
    }
    /* Every set, decoded or not: reading one maps its neighbours' pages
     * too (the kernel maps a fault's surroundings). One system call for
     * them all: the sets are one generated file's read-only data, side by
     * side. */
    {
        uintptr_t lo = UINTPTR_MAX, hi = 0;
        for (size_t u = 0; u < t->n_units; u++) {
            pc__span_add(&lo, &hi, t->units[u].bytes, t->units[u].len);
        }
        if (hi > lo) {
            pc__drop_pages((const void *)lo, hi - lo);
        }
    }
    for (size_t u = 0; u < t->n_units; u++) {
        open_unit *o = &g_open[u];
        if (!o->codes) {
            continue;
        }
        for (uint32_t i = 0; i < t->units[u].n_codes; i++) {
            pcre2_code_free(o->codes[i]);
        }
        free(o->codes);
    }
    /* The next preparation starts afresh: a set it needs is decoded
     * again (new copies), whatever an earlier one took. */
    free(g_open);
    free(g_taken);
    g_open = NULL;
    g_taken = NULL;
    g_next = SIZE_MAX;
    drop_text(t, 1);
}
