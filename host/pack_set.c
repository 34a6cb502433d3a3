/* pack_set.c: the set of loaded packs, in id order, where a later pack
 * with the same id replaces an earlier one (the built-in copies compiled
 * into the binary first; files and folders are read by pack_dir.c), and
 * preparing them: at first use, or a step at a time while the host is
 * idle (the warm-up).
 *
 * Trust: a user pack that replaces a built-in or system pack is kept
 * beside it, so a policy the administrator locked is still served from
 * the trusted copy (pc_packset_find_trusted). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "pack_parse.h"
#include "self.h"

struct pc_packset {
    pc_pack **packs;           /* sorted by id */
    size_t n;
    pc_pack **shadowed;        /* built-in or system packs a user pack
                                  replaced, for locked policies */
    size_t n_shadowed;
    pc_detectors *detectors;
    int detectors_jitted;      /* pc_detect_jit done (every pattern) */
    pc__listcache *lists;      /* word lists compiled once for all packs */
    int no_examples;           /* built-in packs prepared without their
                                  rules' examples */
};

pc_packset *pc_packset_new(pc_error *err)
{
    pc_packset *s = calloc(1, sizeof *s);

    if (s) {
        s->lists = pc__listcache_new();
    }
    if (!s || !s->lists) {
        free(s);
        pc_error_set(err, PC_ERR_NOMEM, "out of memory");
        return NULL;
    }
    return s;
}

void pc_packset_free(pc_packset *s)
{
    if (!s) {
        return;
    }
    for (size_t i = 0; i < s->n; i++) {
        pc__pack_free(s->packs[i]);
    }
    for (size_t i = 0; i < s->n_shadowed; i++) {
        pc__pack_free(s->shadowed[i]);
    }
    free(s->packs);
    free(s->shadowed);
    pc_detect_free(s->detectors);
    pc__listcache_free(s->lists);
    free(s);
}

void pc_packset_no_examples(pc_packset *s)
{
    s->no_examples = 1;
}

/* 1 when freed memory is checked: built with AddressSanitizer
 * (PC_UNDER_ASAN, self.h) or clang's LeakSanitizer, or run under
 * valgrind's memcheck, which preloads its own malloc (vgpreload_memcheck;
 * callgrind, which only counts, preloads none, so it counts what a user's
 * host does). */
static int leaks_checked(void)
{
#if defined(PC_UNDER_ASAN)
    return 1;
#elif defined(__has_feature)
#if __has_feature(leak_sanitizer)
    return 1;
#endif
#endif
    const char *pre = getenv("LD_PRELOAD");

    return pre && strstr(pre, "vgpreload_memcheck") != NULL;
}

/* The set pc_packset_free_at_exit left to the system: reachable until
 * exit. */
static pc_packset *volatile exit_kept;

void pc_packset_free_at_exit(pc_packset *s)
{
    if (leaks_checked()) {
        pc_packset_free(s);
    } else {
        exit_kept = s;
    }
}

static int trusted(const pc_pack *p)
{
    return strcmp(p->source, PC_SOURCE_BUILTIN) == 0 ||
           strcmp(p->source, PC_SOURCE_SYSTEM) == 0;
}

/* Replaces old with p: a trusted pack replaced by an untrusted one is
 * kept in s->shadowed (a locked policy is served from it). */
static pc_status set_replace(pc_packset *s, size_t i, pc_pack *p)
{
    pc_pack *old = s->packs[i];

    if (trusted(old) && !trusted(p)) {
        pc_pack **v = realloc(s->shadowed,
                              (s->n_shadowed + 1) * sizeof *v);
        if (!v) {
            return PC_ERR_NOMEM;
        }
        s->shadowed = v;
        s->shadowed[s->n_shadowed++] = old;
    } else {
        pc__pack_free(old);
    }
    s->packs[i] = p;
    return PC_OK;
}

/* Inserts p in id order, replacing a pack with the same id. */
static pc_status set_put(pc_packset *s, pc_pack *p)
{
    size_t i;
    pc_pack **v;

    for (i = 0; i < s->n; i++) {
        int c = strcmp(s->packs[i]->id, p->id);
        if (c == 0) {
            return set_replace(s, i, p);
        }
        if (c > 0) {
            break;
        }
    }
    v = realloc(s->packs, (s->n + 1) * sizeof *v);
    if (!v) {
        return PC_ERR_NOMEM;
    }
    s->packs = v;
    memmove(s->packs + i + 1, s->packs + i, (s->n - i) * sizeof *v);
    s->packs[i] = p;
    s->n++;
    return PC_OK;
}

pc_status pc_packset_add_json(pc_packset *s, const char *json, size_t len,
                              const char *file, const char *lists_dir,
                              const char *source, pc_error *err)
{
    pc__lists lists = {.dir = lists_dir, .read = pc__pack_read_list,
                       .cache = s->lists,
                       .ready = pc__pack_ready_list};
    pc_pack *p = pc__pack_parse(json, len, file, &lists, source, err);
    pc_status st;

    if (!p) {
        return err && err->code ? err->code : PC_ERR_PACK;
    }
    st = set_put(s, p);
    if (st != PC_OK) {
        pc__pack_free(p);
    }
    return st;
}

pc_status pc_packset_add_builtin(pc_packset *s, pc_error *err)
{
    /* Built-in packs are linted by the test suite; at start-up only
     * their ids and names are read, the rest at first use. */
    for (const struct pc__blob *b = pc__builtin_packs; b->name; b++) {
        char name[256];
        pc_pack *p;
        snprintf(name, sizeof name, "built-in:%s", b->name);
        p = pc__pack_stub(b->data, b->len, name, PC_SOURCE_BUILTIN,
                           s->lists);
        if (!p) {
            return pc_error_at(err, PC_ERR_PACK, name, 0, 0,
                               "cannot read the id, name, version and "
                               "organisation of a built-in pack");
        }
        p->lean = b->lean;
        p->lean_len = b->lean_len;
        if (set_put(s, p) != PC_OK) {
            pc__pack_free(p);
            return pc_error_set(err, PC_ERR_NOMEM, "out of memory");
        }
    }
    return PC_OK;
}

/* The i-th pack of the set's packs and then its shadowed ones (a trusted
 * pack a user pack replaced: what serves the id when it is locked). */
static pc_pack *nth(const pc_packset *s, size_t i)
{
    return i < s->n ? s->packs[i] : s->shadowed[i - s->n];
}

/* Prepares (without the JIT) every pack with the id (all when id is
 * NULL), compiling the set's detectors first. id is copied first: it may
 * be a stub's own id, which preparing the stub frees. */
static pc_status prepare(pc_packset *s, const char *id_in, pc_error *err)
{
    int found = 0;
    char id_buf[256];
    const char *id = NULL;
    pc_status first = PC_OK;

    if (id_in) {
        snprintf(id_buf, sizeof id_buf, "%s", id_in);
        id = id_buf;
    }

    /* The detectors are compiled once per set, with its first pack; the
     * JIT comes later (pc_packset_warm, pc_packset_warm_step). */
    if (!s->detectors) {
        s->detectors = pc_detect_new_lazy(err);
        if (!s->detectors) {
            return err && err->code ? err->code : PC_ERR_INTERNAL;
        }
        pc_self_drop_phase(); /* serve's: what making them read (self.h) */
    }
    for (size_t i = 0; i < s->n + s->n_shadowed; i++) {
        pc_pack *p = nth(s, i);
        pc_status st;
        int was;
        if (id && strcmp(p->id, id) != 0) {
            continue;
        }
        found = 1;
        p->no_examples = s->no_examples;
        st = p->extends && !p->parsed
                 ? pc__pack_extend(s->packs, s->n, p, err) : PC_OK;
        was = p->prepared;
        st = st == PC_OK ? pc__pack_prepare(p, s->detectors, err) : st;
        p->failed = st != PC_OK;
        if (!was && p->prepared) {
            pc_self_drop_phase(); /* serve's: what parsing it read */
        }
        if (st != PC_OK && id) {
            return st;
        }
        /* Every pack: one that cannot be prepared (an extension of an
         * unknown pack) leaves the others ready. */
        first = first == PC_OK ? st : first;
    }
    if (!found && id) {
        return pc_error_set(err, PC_ERR_POLICY, "unknown policy '%s'", id);
    }
    return first;
}

/* One step of the warm-up of pack id (every pack when NULL): all, every
 * regex is JIT-compiled; else only those checks ran (pc__pack_jit_step).
 * Returns 1 while steps remain. */
static int warm_step(pc_packset *s, const char *id, int all, pc_error *err)
{
    size_t i;

    /* First the packs themselves, one a step (a check can come in
     * between), then the detectors' JIT, then one rule a step. A pack
     * that cannot be prepared is that step's error and is skipped from
     * then on: the others still get ready. */
    for (i = 0; i < s->n + s->n_shadowed; i++) {
        pc_pack *p = nth(s, i);
        if ((!id || strcmp(p->id, id) == 0) && !p->prepared && !p->failed) {
            prepare(s, p->id, err);
            return 1;
        }
    }
    if (!s->detectors) {
        return prepare(s, id, err) == PC_OK && s->detectors;
    }
    if (all && !s->detectors_jitted) {
        pc_detect_jit(s->detectors);
        s->detectors_jitted = 1;
        return 1;
    }
    if (!all && pc_detect_warm(s->detectors) > 0) {
        return 1;
    }
    for (i = 0; i < s->n + s->n_shadowed; i++) {
        pc_pack *p = nth(s, i);
        if ((!id || strcmp(p->id, id) == 0) && pc__pack_jit_step(p, all)) {
            return 1;
        }
    }
    return 0;
}

pc_status pc_packset_warm(pc_packset *s, const char *id_in, pc_error *err)
{
    char id_buf[256];
    const char *id = id_in ? id_buf : NULL;
    pc_status st;

    /* A copy: id may be a stub's own id, which preparing it frees. */
    if (id_in) {
        snprintf(id_buf, sizeof id_buf, "%s", id_in);
    }
    st = prepare(s, id, err);
    /* Every pack: the JIT of the others goes on past one that failed. */
    if (st == PC_OK || !id) {
        pc_error more;
        pc_error_clear(&more);
        while (warm_step(s, id, 1, st == PC_OK ? err : &more)) {
        }
    }
    return st;
}

int pc_packset_warm_step(pc_packset *s, const char *id, pc_error *err)
{
    return warm_step(s, id, 0, err);
}

int pc_packset_warm_wanted(const pc_packset *s)
{
    (void)s;
    return pc__matcher_jit_waiting() > 0;
}

const pc_pack *pc_packset_ready(pc_packset *s, const char *id, pc_error *err)
{
    const pc_pack *p = pc_packset_find(s, id);

    if (!p) {
        pc_error_set(err, PC_ERR_POLICY, "unknown policy '%s'",
                     id ? id : "(none)");
        return NULL;
    }
    if (!p->prepared && prepare(s, id, err) != PC_OK) {
        return NULL;
    }
    return p;
}

size_t pc_packset_count(const pc_packset *s) { return s->n; }

const pc_pack *pc_packset_at(const pc_packset *s, size_t i)
{
    return i < s->n ? s->packs[i] : NULL;
}

const pc_pack *pc_packset_find(const pc_packset *s, const char *id)
{
    for (size_t i = 0; id && i < s->n; i++) {
        if (strcmp(s->packs[i]->id, id) == 0) {
            return s->packs[i];
        }
    }
    return NULL;
}

const pc_pack *pc_packset_find_trusted(const pc_packset *s, const char *id)
{
    const pc_pack *p = pc_packset_find(s, id);

    if (p && trusted(p)) {
        return p;
    }
    for (size_t i = 0; p && i < s->n_shadowed; i++) {
        if (strcmp(s->shadowed[i]->id, id) == 0) {
            return s->shadowed[i];
        }
    }
    return NULL;
}

const char *pc_pack_id(const pc_pack *p) { return p->id; }
const char *pc_pack_name(const pc_pack *p) { return p->name; }
const char *pc_pack_organisation(const pc_pack *p) { return p->organisation; }
const char *pc_pack_version(const pc_pack *p) { return p->version; }
const char *pc_pack_source(const pc_pack *p) { return p->source; }
const char *pc_pack_path(const pc_pack *p) { return p->path; }
size_t pc_pack_rule_count(const pc_pack *p) { return p->n_rules; }
int pc_pack_prepared(const pc_pack *p) { return p->prepared; }
