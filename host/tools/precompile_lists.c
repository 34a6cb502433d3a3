/* precompile_lists.c: the part of the build-time tool pc_precompile
 * (precompile.c) that writes every built-in word list's lines, their
 * terms normalised (pc__term_normalise) and their regexes as they are, as
 * the arrays list_lines and lists (precompiled.h's pc__pc_list), the lists
 * sorted by name for the host's binary search (match_list.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "match_list.h"
#include "pack_parse.h"
#include "postcheck/detect.h"
#include "precompiled.h"
#include "tools/precompile_int.h"

/* The built-in word lists' lines, ready (precompiled.h's pc__pc_list):
 * kind byte, text, NUL, one after the other. */
typedef struct ready {
    char *v;
    size_t n, cap;
    uint32_t lines;
} ready;

static pc_status ready_line(void *ctx, int regex, const char *line,
                            pc_error *err)
{
    ready *r = ctx;
    pc_status st = PC_OK;
    char *t = regex ? strdup(line)
                    : pc__term_normalise(line, PC_VIEW_FOLD, &st, err);
    size_t n;

    if (!t) {
        return st != PC_OK ? st : PC_ERR_NOMEM;
    }
    n = strlen(t);
    while (r->n + n + 2 > r->cap) {
        r->v = pre_grow(r->v, &r->cap, r->cap, 1);
    }
    r->v[r->n++] = regex ? 'r' : 't';
    memcpy(r->v + r->n, t, n + 1);
    r->n += n + 1;
    r->lines++;
    free(t);
    return PC_OK;
}

/* The text of built-in list file (NAME.txt) as pc__pack_read_list reads
 * it, or NULL. */
static char *list_text(const char *file)
{
    char name[256];
    size_t n = strlen(file);

    if (n > 4 && strcmp(file + n - 4, ".txt") == 0) {
        n -= 4;
    }
    snprintf(name, sizeof name, "%.*s", (int)n, file);
    return pc__pack_read_list(NULL, name);
}

/* A list's name and where it stands in pc__builtin_lists. */
typedef struct named {
    char *name;                /* a list's, without ".txt" */
    long i;                    /* its index in pc__builtin_lists */
} named;

static int cmp_name(const void *a, const void *b)
{
    return strcmp(((const named *)a)->name, ((const named *)b)->name);
}

long pre_emit_lists(FILE *out)
{
    named *names;
    struct pc__pc_list *at = NULL;
    size_t cap_at = 0;
    ready r = {0};
    long n = 0;

    fputs("static const char list_lines[] =", out);
    for (const struct pc__blob *b = pc__builtin_lists; b->name; b++, n++) {
        /* As the loader reads it: "include:" and "prefix:" carried out. */
        char *text = list_text(b->name);
        size_t from = r.n;
        pc_error err;
        pc_error_clear(&err);
        r.lines = 0;
        if (!text || pc__list_lines(text, b->name, ready_line, &r, &err) !=
                         PC_OK) {
            fprintf(stderr, "pc_precompile: %s: %s\n", err.source,
                    err.text);
            return -1;
        }
        free(text);
        for (size_t i = from; i < r.n; i += strlen(r.v + i) + 1) {
            fputs("\n  ", out);
            pre_emit_string(out, r.v + i);
            fputs(" \"\\000\"", out);
        }
        at = pre_grow(at, &cap_at, (size_t)n, sizeof *at);
        at[n].first = (uint32_t)from;
        at[n].len = (uint32_t)(r.n - from);
        at[n].n = r.lines;
    }
    fputs(" \"\";\n\nstatic const struct pc__pc_list lists[] = {\n", out);
    /* Sorted by name (without ".txt", which sorts otherwise: "a-b.txt"
     * before "a.txt"), for the host's binary search. */
    names = calloc((size_t)n + 1, sizeof *names);
    if (!names) {
        return -1;
    }
    for (long i = 0; i < n; i++) {
        const char *name = pc__builtin_lists[i].name;
        size_t len = strlen(name);
        if (len > 4 && strcmp(name + len - 4, ".txt") == 0) {
            len -= 4;
        }
        names[i].name = strndup(name, len);
        names[i].i = i;
        if (!names[i].name) {
            return -1;
        }
    }
    qsort(names, (size_t)n, sizeof *names, cmp_name);
    for (long k = 0; k < n; k++) {
        long i = names[k].i;
        fprintf(out, "  {\"%s\", %u, %u, %u},\n", names[k].name,
                (unsigned)at[i].first, (unsigned)at[i].len,
                (unsigned)at[i].n);
    }
    fputs("  {0, 0, 0, 0}\n};\n\n", out);
    for (long k = 0; k < n; k++) {
        free(names[k].name);
    }
    free(names);
    free(at);
    free(r.v);
    return n;
}
