/* pack_resolve.c: gives a pack that extends another (pack_extend.c) its
 * rules when the host first prepares it: finds the chain of packs it
 * extends in the set, parses the root pack's JSON again into it (the
 * built-in copy, or its file read again with the folder's trust), so it
 * owns its rules, and adds the logos of each extension on the way, its
 * own last. Limits: a chain of at most MAX_CHAIN extensions; an unknown
 * id or a cycle is an error naming the file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "pack_parse.h"
#include "postcheck/vision.h"

#define MAX_CHAIN 8
#define ROOT_MAX_BYTES (4u * 1024u * 1024u)

static const pc_pack *find(pc_pack *const *packs, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(packs[i]->id, id) == 0) {
            return packs[i];
        }
    }
    return NULL;
}

/* Finds the chain p extends: chain[0] = p, ..., chain[*n - 1] extends
 * *root, which extends nothing. */
static pc_status find_chain(pc_pack *const *packs, size_t count,
                            const pc_pack *p, const pc_pack **chain,
                            size_t *n, const pc_pack **root, pc_error *err)
{
    const pc_pack *cur = p;

    *n = 0;
    while (cur->extends) {
        const pc_pack *base = find(packs, count, cur->extends);
        if (*n == MAX_CHAIN) {
            return pc_error_at(err, PC_ERR_PACK, p->path, 0, 0, "more than "
                               "%d packs extend one another", MAX_CHAIN);
        }
        chain[(*n)++] = cur;
        if (!base) {
            return pc_error_at(err, PC_ERR_PACK, cur->path, 0, 0, "pack '%s'"
                               " extends '%s', which is not loaded (see "
                               "postcheck policy list)", cur->id,
                               cur->extends);
        }
        for (size_t k = 0; k < *n; k++) {
            if (chain[k] == base) {
                return pc_error_at(err, PC_ERR_PACK, cur->path, 0, 0,
                                   "packs '%s' and '%s' extend each other "
                                   "(a cycle)", cur->id, base->id);
            }
        }
        cur = base;
    }
    *root = cur;
    return PC_OK;
}

/* Parses root's JSON again (the built-in copy or its file) as a pack
 * with p's source. Returns it (owned) or NULL with err set. */
static pc_pack *parse_root(const pc_pack *root, const pc_pack *p,
                           pc_error *err)
{
    pc__lists lists = {.dir = NULL, .read = pc__pack_read_list,
                       .cache = p->lists,
                       .ready = pc__pack_ready_list};
    const char *slash = strrchr(root->path, '/');
    char dir[4096];
    uint8_t *text = NULL;
    const char *json = NULL, *why = NULL;
    size_t len = 0;
    pc_pack *full;

    if (strncmp(root->path, "built-in:", 9) == 0) {
        for (const struct pc__blob *b = pc__builtin_packs; b->name; b++) {
            if (strcmp(b->name, root->path + 9) == 0) {
                json = b->data;
                len = b->len;
            }
        }
    } else {
        why = pc__pack_read_trusted(root->path, ROOT_MAX_BYTES, 0, &text,
                                    &len);
        json = (const char *)text;
        snprintf(dir, sizeof dir, "%.*s%slists", slash ?
                 (int)(slash - root->path) : 0, root->path, slash ? "/" : "");
        lists.dir = dir;
    }
    if (!json) {
        pc_error_at(err, PC_ERR_PACK, root->path, 0, 0, "cannot be read "
                    "again for '%s', which extends it: %s", p->id,
                    why ? why : "no such built-in pack");
        return NULL;
    }
    full = pc__pack_parse(json, len, root->path, &lists, p->source, err);
    free(text);
    return full;
}

/* Appends the own logos of m (the last ones of its arrays) to full. */
static pc_status add_own(pc_pack *full, const pc_pack *m)
{
    size_t nl = full->n_logos + m->n_own_logos;
    size_t ni = full->n_images + m->n_own_images;
    uint64_t *l = realloc(full->logos, (nl + 1) * sizeof *l);
    pc__logo_image *im;

    if (l) {
        full->logos = l;
    }
    im = realloc(full->images, (ni + 1) * sizeof *im);
    if (im) {
        full->images = im;
    }
    if (!l || !im) {
        return PC_ERR_NOMEM;
    }
    memcpy(l + full->n_logos, m->logos + m->n_logos - m->n_own_logos,
           m->n_own_logos * sizeof *l);
    full->n_logos = nl;
    for (size_t i = m->n_images - m->n_own_images; i < m->n_images; i++) {
        pc__logo_image *d = &im[full->n_images];
        const pc__logo_image *src = &m->images[i];
        d->name = strdup(src->name);
        d->data = malloc(src->len ? src->len : 1);
        if (!d->name || !d->data) {
            free(d->name);
            free(d->data);
            return PC_ERR_NOMEM;
        }
        memcpy(d->data, src->data, src->len);
        d->len = src->len;
        d->key = src->key;
        full->n_images++;
    }
    return PC_OK;
}

/* Gives full p's identity (id, names, version, source, path, extends). */
static pc_status take_identity(pc_pack *full, const pc_pack *p)
{
    char **mine[] = {&full->id, &full->name, &full->organisation,
                     &full->version, &full->source, &full->path,
                     &full->extends};
    const char *theirs[] = {p->id, p->name, p->organisation, p->version,
                            p->source, p->path, p->extends};

    for (size_t i = 0; i < sizeof mine / sizeof mine[0]; i++) {
        free(*mine[i]);
        *mine[i] = strdup(theirs[i]);
        if (!*mine[i]) {
            return PC_ERR_NOMEM;
        }
    }
    full->n_own_logos = p->n_own_logos;
    full->n_own_images = p->n_own_images;
    return PC_OK;
}

pc_status pc__pack_extend(pc_pack *const *packs, size_t count, pc_pack *p,
                          pc_error *err)
{
    const pc_pack *chain[MAX_CHAIN], *root = NULL;
    pc_pack *full, *old;
    size_t n;
    pc_status st = find_chain(packs, count, p, chain, &n, &root, err);

    if (st != PC_OK) {
        return st;
    }
    full = parse_root(root, p, err);
    if (!full) {
        return err && err->code ? err->code : PC_ERR_PACK;
    }
    for (size_t i = n; i-- > 0 && st == PC_OK;) {
        st = add_own(full, chain[i]);
    }
    if (st == PC_OK && full->n_images > PC_VISION_MAX_LOGOS) {
        st = pc_error_at(err, PC_ERR_PACK, p->path, 0, 0, "at most %d "
                         "logos may be image files, with those of the "
                         "packs it extends", PC_VISION_MAX_LOGOS);
    }
    st = st == PC_OK ? take_identity(full, p) : st;
    old = st == PC_OK ? malloc(sizeof *old) : NULL;
    if (!old) {
        pc__pack_free(full);
        return st == PC_OK ? pc_error_set(err, PC_ERR_NOMEM, "out of memory")
                           : st;
    }
    /* The set holds p's address: the full pack moves into it. */
    *old = *p;
    *p = *full;
    free(full);
    pc__pack_free(old);
    return PC_OK;
}
