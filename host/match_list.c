/* match_list.c: word lists as matchers: a list's lines (terms, and
 * "re:" lines as regexes) compiled into one matcher, and the cache that
 * compiles each list once per pack set, shared by every rule that names
 * it. The text of a list is handed in by the pack loader (pc__lists.read);
 * this file reads no files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"

/* Adds the lines of a list to alt (terms) and m (re: lines). */
static pc_status add_list_lines(pc__alt *alt, pc__matcher *m,
                                const char *name, char *text, pc_error *err)
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
            st = pc__matcher_add_regex(m, line + 3, PC_VIEW_FOLD, err);
        } else {
            st = pc__alt_add_term(alt, line, PC_VIEW_FOLD, 0, 0, err);
        }
        if (st != PC_OK && err && err->source[0] == '\0') {
            snprintf(err->source, sizeof err->source, "list %s line %d",
                     name, lineno);
        }
    }
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
    char *text;
    pc_status st;

    for (size_t i = 0; i < c->n; i++) {
        if (strcmp(c->v[i]->name, name) == 0 &&
            strcmp(c->v[i]->dir, dir) == 0) {
            return &c->v[i]->m;
        }
    }
    text = lists->read ? lists->read(lists->dir, name) : NULL;
    if (!text) {
        pc_error_set(err, PC_ERR_PACK, "unknown word list '%s'", name);
        return NULL;
    }
    v = realloc(c->v, (c->n + 1) * sizeof *v);
    e = calloc(1, sizeof *e);
    if (v) {
        c->v = v;
    }
    if (!v || !e) {
        free(e);
        free(text);
        pc_error_set(err, PC_ERR_NOMEM, "out of memory");
        return NULL;
    }
    memset(&alt, 0, sizeof alt);
    st = add_list_lines(&alt, &e->m, name, text, err);
    free(text);
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
    char *text;
    pc_status st;

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
    text = lists && lists->read ? lists->read(lists->dir, name) : NULL;
    if (!text) {
        return pc_error_set(err, PC_ERR_PACK, "unknown word list '%s'", name);
    }
    st = add_list_lines(alt, m, name, text, err);
    free(text);
    return st;
}
