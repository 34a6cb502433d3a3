/* precompile.c: build-time tool that compiles the regexes of the built-in
 * packs, word lists and detectors and writes them, serialised with
 * pcre2_serialize_encode, into a C file that defines
 * pc__precompiled_table (host/precompiled.h). Linked with pc_core, it
 * prepares each built-in pack on its own (and the detectors alone),
 * noting every pattern the preparation compiles; a pattern needed by the
 * same preparations as others goes into the same set (unit), so a host
 * preparing one pack decodes only sets that pack needs in full. Each
 * pattern's trigram prefilter, query (prefilter.h) and barriers
 * (match.h) are derived here too and stored beside it, so the host does
 * not derive them again.
 * Beside the patterns it writes every built-in word list's lines, their
 * terms normalised (pc__term_normalise), so the host does not normalise
 * them at each start (match_list.c; written by precompile_lists.c).
 *
 * Usage: pc_precompile OUT.c */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uversion.h>

#include "builtin.h"
#include "match.h"
#include "match_list.h"
#include "pack_parse.h"
#include "postcheck/detect.h"
#include "postcheck/pack.h"
#include "precompiled.h"
#include "prefilter.h"
#include "tools/precompile_int.h"

#define MAX_PASSES 64

static size_t g_n_grams;       /* trigrams written by emit_prefilters */
/* The queries' words and their triggers, for the arrays qwords and
 * twords. */
typedef struct words {
    uint32_t *v;
    size_t n, cap;
} words;
static words g_qwords, g_twords;
/* The queries' programs, for the array qsteps. */
static uint16_t *g_qsteps; /* PC_QSTEP_WORDS words a step */
static size_t g_n_qsteps, g_cap_qsteps;
/* Beside them, each step's leaf, for the array qleaves. */
static uint32_t *g_qleaves;
static size_t g_cap_qleaves;

/* One occurrence of a pattern: the k-th compile of (pattern, options)
 * within a preparation, and the preparations (passes) that compile it. */
typedef struct key {
    char *pattern;
    uint32_t options;
    uint32_t k;
    uint64_t passes;           /* bit p: pass p compiled it */
    uint32_t unit;
    uint32_t index;
    uint32_t pf;               /* its prefilter's index */
    size_t next;               /* the key the first pass to compile
                                  another after this one compiled next
                                  (has_next 1) */
    int has_next;
} key;

typedef struct state {
    key *keys;
    size_t n, cap;
    int pass;
    /* This pass's compiles so far, for k. */
    size_t *seen;
    size_t n_seen, cap_seen;
} state;

void *pre_grow(void *v, size_t *cap, size_t n, size_t size)
{
    if (n < *cap) {
        return v;
    }
    *cap = *cap ? *cap * 2 : 256;
    v = realloc(v, *cap * size);
    if (!v) {
        fputs("pc_precompile: out of memory\n", stderr);
        exit(1);
    }
    return v;
}

static void note(const char *pattern, uint32_t options, void *ctx)
{
    state *s = ctx;
    uint32_t k = 0;
    size_t i;

    /* k: how often this pass compiled the same pattern before. */
    for (i = 0; i < s->n_seen; i++) {
        key *e = &s->keys[s->seen[i]];
        if (e->options == options && strcmp(e->pattern, pattern) == 0) {
            k++;
        }
    }
    for (i = 0; i < s->n; i++) {
        key *e = &s->keys[i];
        if (e->options == options && e->k == k &&
            strcmp(e->pattern, pattern) == 0) {
            break;
        }
    }
    if (i == s->n) {
        s->keys = pre_grow(s->keys, &s->cap, s->n, sizeof *s->keys);
        memset(&s->keys[i], 0, sizeof s->keys[i]);
        s->keys[i].pattern = strdup(pattern);
        s->keys[i].options = options;
        s->keys[i].k = k;
        s->n++;
    }
    s->keys[i].passes |= (uint64_t)1 << s->pass;
    if (s->n_seen > 0 && !s->keys[s->seen[s->n_seen - 1]].has_next) {
        s->keys[s->seen[s->n_seen - 1]].next = i;
        s->keys[s->seen[s->n_seen - 1]].has_next = 1;
    }
    s->seen = pre_grow(s->seen, &s->cap_seen, s->n_seen, sizeof *s->seen);
    s->seen[s->n_seen++] = i;
}

/* Prepares pack id alone in a new set (id NULL: the detectors alone). */
static int run_pass(state *s, const char *id)
{
    pc_error err;
    int rc = 0;

    pc_error_clear(&err);
    s->n_seen = 0;
    pc__precompiled_set_note(note, s);
    if (!id) {
        pc_detectors *d = pc_detect_new_lazy(&err);
        rc = d ? 0 : -1;
        pc_detect_free(d);
    } else {
        pc_packset *ps = pc_packset_new(&err);
        rc = (ps && pc_packset_add_builtin(ps, &err) == PC_OK &&
              pc_packset_ready(ps, id, &err))
                 ? 0
                 : -1;
        pc_packset_free(ps);
    }
    pc__precompiled_set_note(NULL, NULL);
    if (rc != 0) {
        fprintf(stderr, "pc_precompile: %s: %s\n", id ? id : "detectors",
                err.text);
    }
    s->pass++;
    return rc;
}

/* Gives every key a unit (one per distinct set of passes, in order of
 * first use) and its index in it. Returns the number of units. */
static uint32_t assign_units(state *s)
{
    uint64_t sig[MAX_PASSES * 64];
    uint32_t count[MAX_PASSES * 64];
    uint32_t n_units = 0;

    for (size_t i = 0; i < s->n; i++) {
        uint32_t u;
        for (u = 0; u < n_units && sig[u] != s->keys[i].passes; u++) {
        }
        if (u == n_units) {
            if (n_units == sizeof sig / sizeof sig[0]) {
                fputs("pc_precompile: too many units\n", stderr);
                exit(1);
            }
            sig[u] = s->keys[i].passes;
            count[u] = 0;
            n_units++;
        }
        s->keys[i].unit = u;
        s->keys[i].index = count[u]++;
    }
    return n_units;
}

/* Compiles and serialises unit u; writes it as array u<N>. Returns its
 * number of codes, or -1. */
static long emit_unit(FILE *out, const state *s, uint32_t u)
{
    pcre2_code **codes = calloc(s->n + 1, sizeof *codes);
    uint8_t *bytes = NULL;
    PCRE2_SIZE size = 0;
    int32_t n = 0;

    for (size_t i = 0; codes && i < s->n; i++) {
        int code;
        PCRE2_SIZE off;
        if (s->keys[i].unit != u) {
            continue;
        }
        codes[n] = pcre2_compile((PCRE2_SPTR)s->keys[i].pattern,
                                 PCRE2_ZERO_TERMINATED, s->keys[i].options,
                                 &code, &off, NULL);
        if (!codes[n]) {
            fprintf(stderr, "pc_precompile: a pattern does not compile\n");
            return -1;
        }
        n++;
    }
    if (!codes || pcre2_serialize_encode((const pcre2_code **)codes, n,
                                         &bytes, &size, NULL) < 0) {
        fputs("pc_precompile: cannot serialise\n", stderr);
        return -1;
    }
    fprintf(out, "static const unsigned char u%u[] = {", (unsigned)u);
    for (PCRE2_SIZE i = 0; i < size; i++) {
        fprintf(out, "%s%u,", i % 24 == 0 ? "\n" : "", (unsigned)bytes[i]);
    }
    fputs("\n};\n", out);
    pcre2_serialize_free(bytes);
    for (int32_t i = 0; i < n; i++) {
        pcre2_code_free(codes[i]);
    }
    free(codes);
    return n;
}

/* Writes p as a C string literal: bytes other than printable ASCII, and
 * the characters C gives a meaning ('"', '\\', '?' of trigraphs), as
 * three-digit octal escapes. */
void pre_emit_string(FILE *out, const char *p)
{
    fputc('"', out);
    for (const unsigned char *c = (const unsigned char *)p; *c; c++) {
        if (*c < 0x20 || *c > 0x7e || *c == '"' || *c == '\\' || *c == '?') {
            fprintf(out, "\\%03o", *c);
        } else {
            fputc(*c, out);
        }
    }
    fputc('"', out);
}

/* Appends n words to to; returns where they start. */
static uint32_t put_words(words *to, const uint32_t *w, size_t n)
{
    size_t first = to->n;

    for (size_t i = 0; i < n; i++) {
        to->v = pre_grow(to->v, &to->cap, to->n, sizeof *to->v);
        to->v[to->n++] = w[i];
    }
    return (uint32_t)first;
}

/* Writes the array name of w's words (one more, 0, so it is never
 * empty). */
static void emit_words(FILE *out, const char *name, const words *w)
{
    fprintf(out, "static const uint32_t %s[] = {", name);
    for (size_t i = 0; i < w->n; i++) {
        fprintf(out, "%s%uu,", i % 8 == 0 ? "\n" : "", (unsigned)w->v[i]);
    }
    fputs("\n0u};\n\n", out);
}

/* Derives pattern's query and appends its words to g_qwords and its
 * triggers to g_twords, noting where in d. Returns 0 or -1. */
static int add_query(const char *pattern, struct pc__pc_grams *d)
{
    pc__query q;

    if (pc__query_derive(pattern, &q) != PC_OK) {
        fputs("pc_precompile: cannot derive a query\n", stderr);
        return -1;
    }
    d->q_first = put_words(&g_qwords, q.code, q.n);
    d->q_n = (uint32_t)q.n;
    d->t_first = put_words(&g_twords, q.trig, 2 * q.n_trig);
    d->t_n = (uint32_t)q.n_trig;
    /* The program pc__query_derive built, so the host builds none. */
    d->s_first = (uint32_t)g_n_qsteps;
    d->s_n = q.prog ? (uint32_t)pc__query_leaves(&q) : 0;
    d->entry = q.prog ? q.entry : 0;
    for (size_t i = 0; i < d->s_n; i++) {
        g_qsteps = pre_grow(g_qsteps, &g_cap_qsteps, g_n_qsteps,
                        PC_QSTEP_WORDS * sizeof *g_qsteps);
        g_qleaves = pre_grow(g_qleaves, &g_cap_qleaves, g_n_qsteps,
                         sizeof *g_qleaves);
        g_qleaves[g_n_qsteps] = q.leaves[i];
        memcpy(g_qsteps + PC_QSTEP_WORDS * g_n_qsteps++,
               q.prog + PC_QSTEP_WORDS * i, PC_QSTEP_WORDS * sizeof *g_qsteps);
    }
    pc__query_free(&q);
    return 0;
}

/* Derives every distinct pattern's prefilter and query and writes the
 * trigrams, the prefilters and the queries' words as the arrays grams,
 * prefilters, qwords and twords; sets each key's pf.
 * Returns the number of prefilters, or -1. */
static long emit_prefilters(FILE *out, state *s)
{
    struct pc__pc_grams *d = calloc(s->n + 1, sizeof *d);
    size_t n_pf = 0, n_grams = 0, j;

    fputs("static const uint32_t grams[] = {", out);
    for (size_t i = 0; d && i < s->n; i++) {
        pc__prefilter pf;
        for (j = 0; j < i && strcmp(s->keys[j].pattern,
                                    s->keys[i].pattern) != 0; j++) {
        }
        if (j < i) {
            s->keys[i].pf = s->keys[j].pf;
            continue;
        }
        if (pc__prefilter_derive(s->keys[i].pattern, &pf) != PC_OK ||
            pf.sets > PC__PC_MAX_SETS) {
            fputs("pc_precompile: cannot derive a prefilter\n", stderr);
            return -1;
        }
        d[n_pf].first = (uint32_t)n_grams;
        d[n_pf].n = (uint32_t)pf.n;
        d[n_pf].sets = (uint32_t)pf.sets;
        for (size_t k = 0; k < pf.sets; k++) {
            d[n_pf].ends[k] = (uint32_t)pf.ends[k];
        }
        for (size_t g = 0; g < pf.n; g++, n_grams++) {
            fprintf(out, "%s%uu,", n_grams % 8 == 0 ? "\n" : "",
                    (unsigned)pf.grams[g]);
        }
        pc__prefilter_free(&pf);
        if (add_query(s->keys[i].pattern, &d[n_pf]) != 0) {
            return -1;
        }
        d[n_pf].barriers = pc__barriers(s->keys[i].pattern);
        {
            uint64_t t = pc__token_mask(s->keys[i].pattern);
            d[n_pf].token_lo = (uint32_t)t;
            d[n_pf].token_hi = (uint32_t)(t >> 32);
        }
        s->keys[i].pf = (uint32_t)n_pf++;
    }
    if (!d) {
        return -1;
    }
    /* One more, so the array is never empty. */
    fputs("\n0u};\n\nstatic const struct pc__pc_grams prefilters[] = {\n",
          out);
    for (size_t i = 0; i < n_pf; i++) {
        fprintf(out, "  {%u, %u, {%u, %u, %u, %u}, %u, %u, %u, %u, %u, %u, "
                "%u, %u, %u, %uu, %uu},\n", (unsigned)d[i].first,
                (unsigned)d[i].n,
                (unsigned)d[i].ends[0], (unsigned)d[i].ends[1],
                (unsigned)d[i].ends[2], (unsigned)d[i].ends[3],
                (unsigned)d[i].sets, (unsigned)d[i].q_first,
                (unsigned)d[i].q_n, (unsigned)d[i].t_first,
                (unsigned)d[i].t_n, (unsigned)d[i].s_first,
                (unsigned)d[i].s_n, (unsigned)d[i].entry,
                (unsigned)d[i].barriers, (unsigned)d[i].token_lo,
                (unsigned)d[i].token_hi);
    }
    fputs("  {0, 0, {0, 0, 0, 0}, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},\n};\n\n",
          out);
    emit_words(out, "qwords", &g_qwords);
    emit_words(out, "twords", &g_twords);
    /* One more, so the array is never empty. */
    fputs("static const uint16_t qsteps[] = {", out);
    for (size_t i = 0; i < PC_QSTEP_WORDS * g_n_qsteps; i++) {
        fprintf(out, "%s%u,", i % 18 == 0 ? "\n" : "",
                (unsigned)g_qsteps[i]);
    }
    fputs("\n0, 0, 0};\n\n", out);
    /* Beside them, each step's leaf (pc__query's leaves). */
    fputs("static const uint32_t qleaves[] = {", out);
    for (size_t i = 0; i < g_n_qsteps; i++) {
        fprintf(out, "%s%uu,", i % 6 == 0 ? "\n" : "",
                (unsigned)g_qleaves[i]);
    }
    fputs("\n0u};\n\n", out);
    free(d);
    g_n_grams = n_grams;
    return (long)n_pf;
}

static const state *g_sort;

static int cmp_entry(const void *a, const void *b)
{
    const key *x = &g_sort->keys[*(const size_t *)a];
    const key *y = &g_sort->keys[*(const size_t *)b];
    uint64_t hx = pc__precompiled_hash(x->pattern);
    uint64_t hy = pc__precompiled_hash(y->pattern);

    if (hx != hy) {
        return hx < hy ? -1 : 1;
    }
    if (x->options != y->options) {
        return x->options < y->options ? -1 : 1;
    }
    return x->k < y->k ? -1 : x->k > y->k;
}

static int emit(FILE *out, state *s)
{
    uint32_t n_units = assign_units(s);
    long *n_codes = calloc(n_units, sizeof *n_codes);
    size_t *order = calloc(s->n + 1, sizeof *order);
    size_t *pos = calloc(s->n + 1, sizeof *pos);
    size_t offset = 0;
    long n_pf, n_lists;
    UVersionInfo icu;
    char icu_s[U_MAX_VERSION_STRING_LENGTH];

    if (!n_codes || !order || !pos) {
        return -1;
    }
    fputs("/* Generated by pc_precompile (host/tools/precompile.c) from the "
          "built-in\n * packs, word lists and detectors. Do not edit. */\n"
          "#include \"precompiled.h\"\n\n", out);
    for (uint32_t u = 0; u < n_units; u++) {
        n_codes[u] = emit_unit(out, s, u);
        if (n_codes[u] < 0) {
            return -1;
        }
    }
    n_pf = emit_prefilters(out, s);
    if (n_pf < 0) {
        return -1;
    }
    fputs("static const struct pc__pc_unit units[] = {\n", out);
    for (uint32_t u = 0; u < n_units; u++) {
        fprintf(out, "  {u%u, sizeof u%u, %ld},\n", (unsigned)u,
                (unsigned)u, n_codes[u]);
    }
    fputs("};\n\nstatic const struct pc__pc_entry entries[] = {\n", out);
    for (size_t i = 0; i < s->n; i++) {
        order[i] = i;
    }
    g_sort = s;
    qsort(order, s->n, sizeof *order, cmp_entry);
    for (size_t i = 0; i < s->n; i++) {
        pos[order[i]] = i;
    }
    for (size_t i = 0; i < s->n; i++) {
        const key *e = &s->keys[order[i]];
        fprintf(out, "  {0x%016llxu, 0x%xu, %u, %u, %u, %zu, %u, %zu},\n",
                (unsigned long long)pc__precompiled_hash(e->pattern),
                (unsigned)e->options, (unsigned)e->k, (unsigned)e->unit,
                (unsigned)e->index, offset, (unsigned)e->pf,
                e->has_next ? pos[e->next] : s->n);
        offset += strlen(e->pattern) + 1;
    }
    /* The patterns in the entries' order as one string: offsets, not
     * pointers, so the table needs no relocation and stays read-only. */
    fputs("};\n\nstatic const char strings[] =", out);
    for (size_t i = 0; i < s->n; i++) {
        fputs("\n  ", out);
        pre_emit_string(out, s->keys[order[i]].pattern);
        fputs(" \"\\000\"", out);
    }
    fputs(";\n\n", out);
    n_lists = pre_emit_lists(out);
    if (n_lists < 0) {
        return -1;
    }
    u_getVersion(icu);
    u_versionToString(icu, icu_s);
    fprintf(out, "const struct pc__pc_table pc__precompiled_table = "
            "{strings, sizeof strings, entries, %zu, units, %u, prefilters, "
            "%ld, grams, %zu, qwords, %zu, twords, %zu, qsteps, %zu, qleaves, "
            "lists, %ld, list_lines, sizeof list_lines, \"%s\"};\n",
            s->n, (unsigned)n_units, n_pf, g_n_grams, g_qwords.n, g_twords.n,
            g_n_qsteps, n_lists, icu_s);
    free(n_codes);
    free(order);
    free(pos);
    return 0;
}

int main(int argc, char **argv)
{
    state s = {0};
    pc_packset *ps;
    pc_error err;
    FILE *out;
    size_t n;

    if (argc != 2) {
        fputs("usage: pc_precompile OUT.c\n", stderr);
        return 2;
    }
    pc_error_clear(&err);
    ps = pc_packset_new(&err);
    if (!ps || pc_packset_add_builtin(ps, &err) != PC_OK ||
        run_pass(&s, NULL) != 0) {
        fprintf(stderr, "pc_precompile: %s\n", err.text);
        return 1;
    }
    n = pc_packset_count(ps);
    for (size_t i = 0; i < n && i + 1 < MAX_PASSES; i++) {
        if (run_pass(&s, pc_pack_id(pc_packset_at(ps, i))) != 0) {
            return 1;
        }
    }
    pc_packset_free(ps);
    out = fopen(argv[1], "w");
    if (!out || emit(out, &s) != 0 || fclose(out) != 0) {
        fprintf(stderr, "pc_precompile: cannot write %s\n", argv[1]);
        return 1;
    }
    for (size_t i = 0; i < s.n; i++) {
        free(s.keys[i].pattern);
    }
    free(s.keys);
    free(s.seen);
    free(g_qwords.v);
    free(g_twords.v);
    free(g_qsteps);
    free(g_qleaves);
    return 0;
}
