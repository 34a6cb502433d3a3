/* match_list.c: word lists as matchers: a list's lines (terms, and
 * "re:" lines as regexes) compiled into one matcher, and the cache that
 * compiles each list once per pack set, shared by every rule that names
 * it. The text of a list is handed in by the pack loader (pc__lists.read),
 * or, for a built-in list, its lines as the build made them ready
 * (pc__lists.ready: the terms normalised at build time, precompiled.h);
 * this file reads no files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "match_list.h"
#include "precompiled.h"

pc_status pc__list_lines(char *text, const char *name, pc__list_line_fn fn,
                         void *ctx, pc_error *err)
{
    char *line, *save = NULL;
    pc_status st = PC_OK;
    int lineno = 0;

    for (line = strtok_r(text, "\n", &save); line && st == PC_OK;
         line = strtok_r(NULL, "\n", &save)) {
        size_t n = strlen(line);
        lineno++;
        if (n && line[n - 1] == '\r') {
            line[--n] = '\0';
        }
        while (*line == ' ' || *line == '\t') {
            line++;
        }
        if (*line == '\0' || *line == '#') {
            continue;
        }
        if (strncmp(line, "re:", 3) == 0) {
            st = fn(ctx, 1, line + 3, err);
        } else {
            st = fn(ctx, 0, line, err);
        }
        if (st != PC_OK && err && err->source[0] == '\0') {
            snprintf(err->source, sizeof err->source, "list %s line %d",
                     name, lineno);
        }
    }
    return st;
}

/* Where a list's lines go: terms to alt, patterns to m. */
typedef struct into {
    pc__alt *alt;
    pc__matcher *m;
} into;

static pc_status add_line(void *ctx, int regex, const char *line,
                          pc_error *err)
{
    into *to = ctx;

    return regex ? pc__matcher_add_regex(to->m, line, PC_VIEW_FOLD, err)
                 : pc__alt_add_term(to->alt, line, PC_VIEW_FOLD, 0, 0, err);
}

/* Adds the lines of ready list l as add_line adds them from its text: a
 * term, normalised already, straight to the fold view's plain terms
 * (where pc__alt_add_term puts a list's terms). */
static pc_status add_ready_lines(const into *to, const struct pc__pc_list *l,
                                 pc_error *err)
{
    const char *p = pc__precompiled_list_lines(l);
    pc_status st = PC_OK;

    for (uint32_t i = 0; i < l->n && st == PC_OK; i++) {
        size_t n = strlen(p + 1);
        if (p[0] == 'r') {
            st = pc__matcher_add_regex(to->m, p + 1, PC_VIEW_FOLD, err);
        } else {
            st = pc__alt_add_plain(to->alt, p + 1, PC_VIEW_FOLD);
            if (st != PC_OK) {
                st = pc_error_set(err, st, "out of memory");
            }
        }
        p += n + 2;
    }
    return st;
}

/* Adds the lines of list name (ready-made, else read) to alt (terms) and
 * m (re: lines). */
static pc_status add_list(pc__alt *alt, pc__matcher *m, const char *name,
                          const pc__lists *lists, pc_error *err)
{
    const struct pc__pc_list *ready =
        lists && lists->ready ? lists->ready(lists->dir, name) : NULL;
    into to = {alt, m};
    char *text;
    pc_status st;

    if (ready) {
        return add_ready_lines(&to, ready, err);
    }
    text = lists && lists->read ? lists->read(lists->dir, name) : NULL;
    if (!text) {
        return pc_error_set(err, PC_ERR_PACK, "unknown word list '%s'", name);
    }
    st = pc__list_lines(text, name, add_line, &to, err);
    free(text);
    return st;
}

typedef struct list_entry {
    char *dir;                 /* "" for the built-in lists only */
    char *name;
    pc__matcher m;
} list_entry;

struct pc__listcache {
    list_entry **v;            /* entries stay put: rules point into them */
    size_t n;
};

pc__listcache *pc__listcache_new(void)
{
    return calloc(1, sizeof(pc__listcache));
}

void pc__listcache_free(pc__listcache *c)
{
    if (!c) {
        return;
    }
    for (size_t i = 0; i < c->n; i++) {
        free(c->v[i]->dir);
        free(c->v[i]->name);
        pc__matcher_free(&c->v[i]->m);
        free(c->v[i]);
    }
    free(c->v);
    free(c);
}

/* The compiled list (dir, name) from the cache, compiling it the first
 * time. NULL with err set when it does not exist or does not compile. */
static pc__matcher *cached_list(pc__listcache *c, const char *name,
                                      const pc__lists *lists, pc_error *err)
{
    const char *dir = lists->dir ? lists->dir : "";
    list_entry **v, *e;
    pc__alt alt;
    pc_status st;

    for (size_t i = 0; i < c->n; i++) {
        if (strcmp(c->v[i]->name, name) == 0 &&
            strcmp(c->v[i]->dir, dir) == 0) {
            return &c->v[i]->m;
        }
    }
    v = realloc(c->v, (c->n + 1) * sizeof *v);
    e = calloc(1, sizeof *e);
    if (v) {
        c->v = v;
    }
    if (!v || !e) {
        free(e);
        pc_error_set(err, PC_ERR_NOMEM, "out of memory");
        return NULL;
    }
    memset(&alt, 0, sizeof alt);
    st = add_list(&alt, &e->m, name, lists, err);
    if (st == PC_OK) {
        st = pc__alt_finish(&alt, &e->m, err);
    }
    pc__alt_free(&alt);
    e->dir = strdup(dir);
    e->name = strdup(name);
    if (st != PC_OK || !e->dir || !e->name) {
        free(e->dir);
        free(e->name);
        pc__matcher_free(&e->m);
        free(e);
        if (st == PC_OK) {
            pc_error_set(err, PC_ERR_NOMEM, "out of memory");
        }
        return NULL;
    }
    c->v[c->n++] = e;
    return &e->m;
}

pc_status pc__alt_add_list(pc__alt *alt, pc__matcher *m, const char *name,
                           const pc__lists *lists, pc_error *err)
{
    if (lists && lists->cache) {
        pc__matcher *shared = cached_list(lists->cache, name, lists,
                                                err);
        pc__matcher **v;
        if (!shared) {
            return err && err->code ? err->code : PC_ERR_PACK;
        }
        v = realloc(m->shared, (m->n_shared + 1) * sizeof *v);
        if (!v) {
            return PC_ERR_NOMEM;
        }
        m->shared = v;
        m->shared[m->n_shared++] = shared;
        return PC_OK;
    }
    return add_list(alt, m, name, lists, err);
}
