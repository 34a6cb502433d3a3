/* pack.c: parses one policy pack: the top level (organisation, source,
 * settings) and its rules (pack_rule.c), and a built-in pack's stub
 * (pc__pack_stub). Making a parsed pack ready to check and its warm-up
 * are pack_prepare.c. The set of packs, and reading them from files,
 * folders and the built-in copies, is pack_set.c. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "json_read.h"
#include "pack_parse.h"
#include "postcheck/text.h"
#include "precompiled.h"

/* Packs nest five levels; the one-pass reader declines deeper ones,
 * which jansson then reads. */
#define PACK_JSON_DEPTH 64

static const char *const top_keys[] = {"format", "id", "name", "version",
                                       "organisation", "source", "settings",
                                       "allow", "rules", NULL};
static const char *const top_required[] = {"format", "id", "name",
                                           "version", "organisation",
                                           "source", "rules", NULL};
static const char *const org_keys[] = {"name", "names", "handles",
                                       "hashtags", "domains",
                                       "email_domains", "not_mentions",
                                       NULL};
static const char *const source_keys[] = {"title", "file", "date", "url",
                                          NULL};
static const char *const settings_keys[] = {"working_hours", "logos",
                                            "logo_distance", NULL};
static const char *const hours_keys[] = {"days", "start", "end", NULL};
static const char *const day_names[] = {"sun", "mon", "tue", "wed", "thu",
                                        "fri", "sat", NULL};
static const char *const default_logo_words[] = {
    "logo", "logos", "crest", "emblem", "insignia", "badge", NULL};

/* The jansson tree of a pack read for serve (PC__PACK_NO_EXAMPLES, by
 * the one-pass reader) lives in a bump arena: its values are allocated
 * from a few large blocks, their frees do nothing, and the tree is given
 * back whole after the parse, not walked by json_decref. Such a tree has
 * no reference that outlives the parse: the rules' examples, the only
 * values a pack keeps (pack_rule.c), are null there (the reader leaves
 * them out), and nothing else of jansson's allocates meanwhile (the
 * host is single-threaded). Saved: a malloc and a free for each of the
 * tree's ~1,500 values and the walk that frees them, 0.47 M of the 10.7 M
 * instructions of a start and first check at llmat. */
#define ARENA_BLOCK (64 * 1024)

typedef struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    max_align_t data[];
} arena_block;

static arena_block *g_arena;

static void *arena_malloc(size_t n)
{
    const size_t align = sizeof(max_align_t);
    arena_block *b = g_arena;

    n = (n + align - 1) & ~(align - 1);
    if (!b || b->cap - b->used < n) {
        size_t cap = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK;
        arena_block *nb = malloc(sizeof *nb + cap);
        if (!nb) {
            return NULL;
        }
        nb->used = 0;
        nb->cap = cap;
        if (b && cap != ARENA_BLOCK) {
            /* A large value gets a block of its own, behind the current
             * one, which keeps filling. */
            nb->next = b->next;
            b->next = nb;
            nb->used = n;
            return nb->data;
        }
        nb->next = b;
        g_arena = b = nb;
    }
    b->used += n;
    return (char *)b->data + b->used - n;
}

static void arena_free(void *p)
{
    (void)p;
}

/* Gives back every block. */
static void arena_drop(void)
{
    while (g_arena) {
        arena_block *b = g_arena;
        g_arena = b->next;
        free(b);
    }
}

void pc__pack_free(pc_pack *p)
{
    if (!p) {
        return;
    }
    free(p->id);
    free(p->name);
    free(p->organisation);
    free(p->version);
    free(p->source);
    free(p->path);
    pc__matcher_free(&p->mention);
    pc__matcher_free(&p->not_mention);
    pc__matcher_free(&p->logo_words);
    pc__allow_free(&p->allow);
    pc__termindex_free(p->terms);
    for (size_t i = 0; i < p->n_compact; i++) {
        free(p->compact_names[i]);
    }
    free(p->compact_names);
    free(p->compact_multi);
    free(p->logos);
    pc__logo_images_free(p->images, p->n_images);
    free(p->extends);
    for (size_t i = 0; i < p->n_rules; i++) {
        pc__rule_free(&p->rules[i]);
    }
    free(p->rules);
    free(p);
}

/* Keeps the letters and digits of a folded name: "The Learning Alliance"
 * -> "thelearningalliance", for finding it inside a handle. */
static pc_status add_compact(pc_pack *p, const char *name)
{
    char *norm = pc_text_normalise(name, strlen(name), PC_VIEW_FOLD, NULL);
    char **v;
    int *m;
    size_t k = 0;
    int multi;

    if (!norm) {
        return PC_ERR_NOMEM;
    }
    multi = strchr(norm, ' ') != NULL;
    for (size_t i = 0; norm[i]; i++) {
        unsigned char c = (unsigned char)norm[i];
        if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            norm[k++] = (char)c;
        }
    }
    norm[k] = '\0';
    v = realloc(p->compact_names, (p->n_compact + 1) * sizeof *v);
    if (v) {
        p->compact_names = v;
    }
    m = realloc(p->compact_multi, (p->n_compact + 1) * sizeof *m);
    if (m) {
        p->compact_multi = m;
    }
    if (!v || !m || k == 0) {
        free(norm);
        return (v && m) ? PC_OK : PC_ERR_NOMEM;
    }
    p->compact_multi[p->n_compact] = multi;
    p->compact_names[p->n_compact++] = norm;
    return PC_OK;
}

static pc_status parse_names(pc__vctx *v, json_t *org, pc_pack *p,
                             pc__alt *alt)
{
    json_t *names, *t;
    size_t i;
    pc_status st;

    if (pc__v_array(v, org, "names", 1, &names) != PC_OK) {
        return PC_ERR_PACK;
    }
    pc__v_key(v, "names");
    st = pc__parse_terms(v, names, alt, PC_VIEW_FOLD, 1);
    pc__v_pop(v);
    json_array_foreach(names, i, t) {
        const char *s = json_is_string(t) ? json_string_value(t)
                        : json_string_value(json_object_get(t, "term"));
        if (st == PC_OK && s) {
            st = add_compact(p, s);
        }
    }
    return st;
}

/* organisation.not_mentions: terms that contain a name but do not mean
 * the organisation ("alt text", "American Library Association"). */
static pc_status parse_not_mentions(pc__vctx *v, json_t *org, pc_pack *p)
{
    json_t *arr;
    pc__alt alt;
    pc_status st = pc__v_array(v, org, "not_mentions", 0, &arr);

    if (st != PC_OK || !arr) {
        return st;
    }
    memset(&alt, 0, sizeof alt);
    pc__v_key(v, "not_mentions");
    st = pc__parse_terms(v, arr, &alt, PC_VIEW_FOLD, 0);
    pc__v_pop(v);
    if (st == PC_OK) {
        st = pc__alt_finish(&alt, &p->not_mention, v->err);
    }
    pc__alt_free(&alt);
    return st;
}

static pc_status parse_org(pc__vctx *v, json_t *root, pc_pack *p)
{
    static const char *const extra[] = {"handles", "hashtags", "domains",
                                        "email_domains"};
    json_t *org = json_object_get(root, "organisation");
    pc__alt alt;

    memset(&alt, 0, sizeof alt);
    pc_status st;

    pc__v_key(v, "organisation");
    st = pc__v_keys(v, org, org_keys, (const char *const[]){"name", "names",
                                                            NULL});
    if (st == PC_OK) {
        st = pc__v_string(v, org, "name", 1, &p->organisation);
    }
    if (st == PC_OK) {
        st = parse_names(v, org, p, &alt);
    }
    for (int k = 0; k < 4 && st == PC_OK; k++) {
        json_t *arr;
        st = pc__v_array(v, org, extra[k], 0, &arr);
        if (st == PC_OK && arr) {
            pc__v_key(v, extra[k]);
            st = pc__parse_terms(v, arr, &alt, PC_VIEW_FOLD, 0);
            pc__v_pop(v);
        }
    }
    if (st == PC_OK) {
        st = pc__alt_finish(&alt, &p->mention, v->err);
    }
    pc__alt_free(&alt);
    if (st == PC_OK) {
        st = parse_not_mentions(v, org, p);
    }
    pc__v_pop(v);
    return st;
}

static pc_status parse_clock(pc__vctx *v, json_t *obj, const char *key,
                             int *out)
{
    const char *s = json_string_value(json_object_get(obj, key));
    int h, m;
    char tail;

    if (!s || sscanf(s, "%2d:%2d%c", &h, &m, &tail) != 2 || h < 0 ||
        h > 24 || m < 0 || m > 59 || (h == 24 && m != 0)) {
        pc__v_key(v, key);
        pc__v_fail(v, PC_ERR_PACK, "must be a time \"HH:MM\"");
        pc__v_pop(v);
        return PC_ERR_PACK;
    }
    *out = h * 60 + m;
    return PC_OK;
}

static pc_status parse_hours(pc__vctx *v, json_t *hours, pc_pack *p)
{
    json_t *days, *d;
    size_t i;

    if (pc__v_keys(v, hours, hours_keys, hours_keys) != PC_OK ||
        pc__v_array(v, hours, "days", 1, &days) != PC_OK ||
        parse_clock(v, hours, "start", &p->hours_start) != PC_OK ||
        parse_clock(v, hours, "end", &p->hours_end) != PC_OK) {
        return PC_ERR_PACK;
    }
    pc__v_key(v, "days");
    json_array_foreach(days, i, d) {
        int k;
        const char *s = json_string_value(d);
        for (k = 0; s && day_names[k] && strcmp(day_names[k], s) != 0; k++) {
        }
        if (!s || !day_names[k]) {
            pc__v_idx(v, i);
            return pc__v_fail(v, PC_ERR_PACK, "must be one of sun, mon, "
                              "tue, wed, thu, fri, sat");
        }
        p->hours_days |= 1u << k;
    }
    pc__v_pop(v);
    p->has_hours = 1;
    return PC_OK;
}

static pc_status parse_settings(pc__vctx *v, json_t *root, pc_pack *p)
{
    json_t *set = json_object_get(root, "settings"), *logos = NULL;
    long dist = 10;
    pc_status st;

    p->logo_distance = 10;
    if (!set) {
        return PC_OK;
    }
    pc__v_key(v, "settings");
    st = pc__v_keys(v, set, settings_keys, NULL);
    if (st == PC_OK && json_object_get(set, "working_hours")) {
        pc__v_key(v, "working_hours");
        st = parse_hours(v, json_object_get(set, "working_hours"), p);
        pc__v_pop(v);
    }
    if (st == PC_OK) {
        st = pc__v_array(v, set, "logos", 0, &logos);
    }
    if (st == PC_OK && logos) {
        pc__v_key(v, "logos");
        st = pc__parse_logos(v, logos, p);
        pc__v_pop(v);
    }
    if (st == PC_OK) {
        st = pc__v_int(v, set, "logo_distance", 10, 0, 32, &dist);
    }
    p->logo_distance = (int)dist;
    pc__v_pop(v);
    return st;
}

static pc_status parse_logo_words(pc_pack *p, const pc__lists *lists)
{
    pc__alt alt;

    memset(&alt, 0, sizeof alt);
    pc_status st = PC_OK;

    if (pc__builtin_list("logo-words") ||
        (lists && lists->dir)) {
        pc_error tmp;
        pc_error_clear(&tmp);
        st = pc__alt_add_list(&alt, &p->logo_words, "logo-words", lists,
                              &tmp);
    }
    if (st != PC_OK || (pc__matcher_empty(&p->logo_words) &&
                        !alt.terms[PC_VIEW_FOLD] && !alt.len[PC_VIEW_FOLD])) {
        /* No logo-words list: a few words of our own. */
        st = PC_OK;
        pc__alt_free(&alt);
        pc__matcher_free(&p->logo_words);
        for (int i = 0; default_logo_words[i] && st == PC_OK; i++) {
            st = pc__alt_add_term(&alt, default_logo_words[i], PC_VIEW_FOLD,
                                  0, 0, NULL);
        }
    }
    if (st == PC_OK) {
        st = pc__alt_finish(&alt, &p->logo_words, NULL);
    }
    pc__alt_free(&alt);
    return st;
}

static pc_status parse_rules(pc__vctx *v, json_t *root, pc_pack *p,
                             const pc__lists *lists)
{
    json_t *rules, *r;
    size_t i;

    if (pc__v_array(v, root, "rules", 1, &rules) != PC_OK) {
        return PC_ERR_PACK;
    }
    pc__v_key(v, "rules");
    if (json_array_size(rules) == 0) {
        return pc__v_fail(v, PC_ERR_PACK, "a pack needs at least one rule");
    }
    p->rules = calloc(json_array_size(rules), sizeof *p->rules);
    if (!p->rules) {
        return PC_ERR_NOMEM;
    }
    json_array_foreach(rules, i, r) {
        pc_status st;
        pc__v_idx(v, i);
        st = pc__parse_rule(v, r, &p->rules[i], p, lists);
        p->n_rules = i + 1;
        for (size_t k = 0; st == PC_OK && k < i; k++) {
            if (strcmp(p->rules[k].id, p->rules[i].id) == 0) {
                pc__v_key(v, "id");
                st = pc__v_fail(v, PC_ERR_PACK, "duplicate rule id '%s'",
                                p->rules[i].id);
            }
        }
        if (st != PC_OK) {
            return st;
        }
        pc__v_pop(v);
    }
    pc__v_pop(v);
    return PC_OK;
}

static int valid_id(const char *id)
{
    for (const char *c = id; *c; c++) {
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
              *c == '-')) {
            return 0;
        }
    }
    return *id != '\0';
}

/* Fails with key named when s is longer than max bytes. */
static pc_status check_length(pc__vctx *v, const char *key, const char *s,
                              size_t max)
{
    pc_status st = PC_OK;

    if (s && strlen(s) > max) {
        pc__v_key(v, key);
        st = pc__v_fail(v, PC_ERR_PACK, "must be at most %zu bytes", max);
    }
    return st;
}

/* The fields every hello and policies reply carries are bounded, so no
 * set of packs can push a reply past the browsers' limit. */
static pc_status check_lengths(pc__vctx *v, const pc_pack *p)
{
    if (check_length(v, "id", p->id, PC_PACK_MAX_ID) != PC_OK ||
        check_length(v, "name", p->name, PC_PACK_MAX_NAME) != PC_OK ||
        check_length(v, "version", p->version, PC_PACK_MAX_VERSION) !=
            PC_OK) {
        return PC_ERR_PACK;
    }
    pc__v_key(v, "organisation");
    if (check_length(v, "name", p->organisation,
                     PC_PACK_MAX_ORGANISATION) != PC_OK) {
        return PC_ERR_PACK;
    }
    pc__v_pop(v);
    return PC_OK;
}

static pc_status parse_top(pc__vctx *v, json_t *root, pc_pack *p,
                           const pc__lists *lists)
{
    json_t *src;
    long format = 0;

    if (pc__v_keys(v, root, top_keys, top_required) != PC_OK ||
        pc__v_int(v, root, "format", 0, 1, 1, &format) != PC_OK ||
        pc__v_string(v, root, "id", 1, &p->id) != PC_OK) {
        return PC_ERR_PACK;
    }
    if (!valid_id(p->id)) {
        pc__v_key(v, "id");
        return pc__v_fail(v, PC_ERR_PACK, "must be lowercase letters, "
                          "digits and '-'");
    }
    src = json_object_get(root, "source");
    pc__v_key(v, "source");
    if (pc__v_keys(v, src, source_keys,
                   (const char *const[]){"title", NULL}) != PC_OK) {
        return PC_ERR_PACK;
    }
    pc__v_pop(v);
    if (pc__v_string(v, root, "name", 1, &p->name) != PC_OK ||
        pc__v_string(v, root, "version", 1, &p->version) != PC_OK ||
        parse_org(v, root, p) != PC_OK ||
        check_lengths(v, p) != PC_OK ||
        parse_settings(v, root, p) != PC_OK ||
        pc__allow_parse(v, root, &p->allow) != PC_OK ||
        parse_logo_words(p, lists) != PC_OK) {
        return v->err && v->err->code ? v->err->code : PC_ERR_PACK;
    }
    return parse_rules(v, root, p, lists);
}

/* Frees a pack's tree: the arena whole (no walk), with jansson's
 * allocator as it was, or by json_decref. */
static void tree_free(json_t *root, int in_arena, json_malloc_t old_malloc,
                      json_free_t old_free)
{
    if (in_arena) {
        json_set_alloc_funcs(old_malloc, old_free);
        arena_drop();
    } else {
        json_decref(root);
    }
}

pc_pack *pc__pack_parse(const char *json, size_t len, const char *file,
                        const pc__lists *lists, const char *source,
                        pc_error *err)
{
    return pc__pack_parse_opts(json, len, file, lists, source, 0, err);
}

pc_pack *pc__pack_parse_opts(const char *json, size_t len, const char *file,
                             const pc__lists *lists, const char *source,
                             unsigned opts, pc_error *err)
{
    json_error_t jerr;
    int lean = (opts & PC__PACK_NO_EXAMPLES) != 0, in_arena = 0;
    pc__vctx v = {json, len, file, err, {0}, {0}, 0, lean};
    json_malloc_t old_malloc = NULL;
    json_free_t old_free = NULL;
    pc_pack *p;
    json_t *root;
    pc_status st;

    /* The one-pass reader (json_read.h) for the packs it takes (about a
     * fifth of jansson's instructions: llmat's 54 KB in 1.8 M instead of
     * 8.1 M), lean ones into the arena; jansson for the rest, whose
     * errors say where. */
    root = NULL;
    if ((opts & PC__PACK_UTF8) || pc_utf8_valid(json, len, NULL)) {
        if (lean) {
            json_get_alloc_funcs(&old_malloc, &old_free);
            json_set_alloc_funcs(arena_malloc, arena_free);
            in_arena = 1;
        }
        (void)pc__json_read(json, len, PACK_JSON_DEPTH, PC__JSON_REALS |
                            (lean ? PC__JSON_NO_EXAMPLES : 0), &root);
        if (in_arena && !root) {
            tree_free(NULL, in_arena, old_malloc, old_free);
            in_arena = 0;
        }
    }
    if (!root) {
        root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    }
    if (!root) {
        pc_error_at(err, PC_ERR_PACK, file, jerr.line, jerr.column,
                    "invalid JSON: %s", jerr.text);
        return NULL;
    }
    p = calloc(1, sizeof *p);
    if (!p) {
        tree_free(root, in_arena, old_malloc, old_free);
        pc_error_set(err, PC_ERR_NOMEM, "out of memory");
        return NULL;
    }
    p->lists = lists ? lists->cache : NULL;
    p->parsed = 1;
    p->source = strdup(source);
    p->path = strdup(file);
    st = !p->source || !p->path ? PC_ERR_NOMEM
         : json_object_get(root, "extends") ? pc__parse_extension(&v, root, p)
                                            : parse_top(&v, root, p, lists);
    tree_free(root, in_arena, old_malloc, old_free);
    /* The stored sets decoded for this pack are all taken by now; free
     * any rest (precompiled.h). */
    pc__precompiled_trim();
    if (st != PC_OK) {
        pc__pack_free(p);
        pc_error_set(err, st, "%s", pc_strerror(st));
        return NULL;
    }
    return p;
}

pc_pack *pc__pack_stub(const char *json, size_t len, const char *file,
                       const char *source, pc__listcache *lists)
{
    pc_pack *p = calloc(1, sizeof *p);

    if (!p) {
        return NULL;
    }
    p->lists = lists;
    p->blob = json;
    p->blob_len = len;
    p->id = pc__json_peek_string(json, len, "id", NULL);
    p->name = pc__json_peek_string(json, len, "name", NULL);
    p->version = pc__json_peek_string(json, len, "version", NULL);
    p->organisation = pc__json_peek_string(json, len, "organisation", "name");
    p->source = strdup(source);
    p->path = strdup(file);
    if (!p->id || !p->name || !p->version || !p->organisation ||
        !p->source || !p->path) {
        pc__pack_free(p);
        return NULL;
    }
    return p;
}
