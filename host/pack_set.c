/* pack_set.c: the set of loaded packs, in id order, where a later pack
 * with the same id replaces an earlier one; and reading packs from files,
 * folders and the built-in copies compiled into the binary, in the
 * documented precedence (built-in, user, system).
 *
 * Limits: a pack file may be at most PC_PACK_MAX_BYTES; a folder gives at
 * most PC_PACK_MAX_PER_DIR packs.
 *
 * Trust: only regular files are read (a FIFO, device or socket named
 * *.json is refused without opening it for a blocking read); a link in a
 * pack folder must stay inside that folder; a file or folder other users
 * can write, or a folder owned by someone other than the user or root, is
 * refused with a message, since whoever can write it can change what the
 * host tells the user. A user pack that replaces a built-in or system
 * pack is kept beside it, so a policy the administrator locked is still
 * served from the trusted copy (pc_packset_find_trusted). */
#define _XOPEN_SOURCE 700 /* realpath */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "builtin.h"
#include "pack_parse.h"

#define PC_PACK_MAX_BYTES (4u * 1024u * 1024u)

struct pc_packset {
    pc_pack **packs;           /* sorted by id */
    size_t n;
    pc_pack **shadowed;        /* built-in or system packs a user pack
                                  replaced, for locked policies */
    size_t n_shadowed;
    pc_detectors *detectors;
    int detectors_jitted;      /* pc_detect_jit done */
    pc__listcache *lists;      /* word lists compiled once for all packs */
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
                       .cache = s->lists};
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

/* Opens path for reading into *fd if it is a regular file no other user
 * can write. Returns PC_OK, or PC_ERR_IO / PC_ERR_PACK with err set.
 * O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused
 * right after). */
static pc_status open_pack(const char *path, int *fd, pc_error *err)
{
    struct stat st;
    pc_status rc;

    *fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (*fd < 0) {
        return pc_error_at(err, PC_ERR_IO, path, 0, 0, "cannot open: %s",
                           "no such file or not readable");
    }
    if (fstat(*fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        rc = pc_error_at(err, PC_ERR_PACK, path, 0, 0,
                         "not a regular file (a FIFO, device or socket); "
                         "a pack must be a plain file");
    } else if (st.st_mode & S_IWOTH) {
        rc = pc_error_at(err, PC_ERR_PACK, path, 0, 0, "other users can "
                         "write this file; run chmod o-w on it");
    } else {
        return PC_OK;
    }
    close(*fd);
    *fd = -1;
    return rc;
}

/* Reads at most max bytes of fd into buf; returns how many. */
static size_t read_all(int fd, char *buf, size_t max)
{
    size_t n = 0;

    while (n < max) {
        ssize_t r = read(fd, buf + n, max - n);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            break;
        }
        n += (size_t)r;
    }
    return n;
}

pc_status pc_packset_add_file(pc_packset *s, const char *path,
                              const char *source, pc_error *err)
{
    int fd;
    char *buf, dir[4096];
    size_t n;
    const char *slash;
    pc_status st = open_pack(path, &fd, err);

    if (st != PC_OK) {
        return st;
    }
    buf = malloc(PC_PACK_MAX_BYTES + 1);
    n = buf ? read_all(fd, buf, PC_PACK_MAX_BYTES + 1) : 0;
    close(fd);
    if (!buf) {
        return pc_error_set(err, PC_ERR_NOMEM, "out of memory");
    }
    if (n > PC_PACK_MAX_BYTES) {
        free(buf);
        return pc_error_at(err, PC_ERR_TOO_LARGE, path, 0, 0,
                           "pack is larger than %u bytes",
                           PC_PACK_MAX_BYTES);
    }
    slash = strrchr(path, '/');
    if (slash) {
        snprintf(dir, sizeof dir, "%.*s/lists", (int)(slash - path), path);
    } else {
        snprintf(dir, sizeof dir, "lists");
    }
    st = pc_packset_add_json(s, buf, n, path, dir, source, err);
    free(buf);
    return st;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(names[i]);
    }
    free(names);
}

/* Checks that the folder real (resolved) is one only its owner, the
 * user or root, can write. Returns PC_OK or PC_ERR_PACK with err set. */
static pc_status check_folder(const char *dir, const char *real,
                              pc_error *err)
{
    struct stat st;

    if (stat(real, &st) != 0 || !S_ISDIR(st.st_mode)) {
        return pc_error_at(err, PC_ERR_PACK, dir, 0, 0,
                           "not a folder; no packs read from it");
    }
    if (st.st_mode & S_IWOTH) {
        return pc_error_at(err, PC_ERR_PACK, dir, 0, 0,
                           "other users can write this pack folder (%s); "
                           "no packs read from it until it is chmod o-w",
                           real);
    }
    if (st.st_uid != 0 && st.st_uid != geteuid()) {
        return pc_error_at(err, PC_ERR_PACK, dir, 0, 0,
                           "this pack folder (%s) belongs to another user; "
                           "no packs read from it", real);
    }
    return PC_OK;
}

/* Whether dir/name may be read: not a link, or a link to a file inside
 * the folder real. Sets err when not. */
static int entry_inside(const char *dir, const char *real, const char *name,
                        pc_error *err)
{
    char path[4096], target[PATH_MAX];
    struct stat st;
    size_t n = strlen(real);

    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (lstat(path, &st) != 0) {
        return 0;
    }
    if (!S_ISLNK(st.st_mode)) {
        return 1;
    }
    if (realpath(path, target) && strncmp(target, real, n) == 0 &&
        target[n] == '/') {
        return 1;
    }
    pc_error_at(err, PC_ERR_PACK, path, 0, 0, "a link out of the pack "
                "folder; only files inside the folder are read");
    return 0;
}

/* The *.json file names of dir that may be read, sorted (owned: free
 * with free_names); *refused counts those left out, and err gets the
 * first reason. A missing folder gives none. */
static pc_status list_dir(const char *dir, char ***out, size_t *count,
                          int *refused, pc_error *err)
{
    char real[PATH_MAX];
    DIR *d = NULL;
    struct dirent *e;
    char **names = NULL;
    size_t n = 0;

    *out = NULL;
    *count = 0;
    if (!realpath(dir, real)) {
        return PC_OK;
    }
    if (check_folder(dir, real, err) != PC_OK) {
        (*refused)++;
        return PC_OK;
    }
    d = opendir(real);
    while (d && (e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        char **v;
        if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0 ||
            e->d_name[0] == '.') {
            continue;
        }
        if (!entry_inside(dir, real, e->d_name, err)) {
            (*refused)++;
            continue;
        }
        v = realloc(names, (n + 1) * sizeof *v);
        if (!v || !(v[n] = strdup(e->d_name))) {
            closedir(d);
            free_names(v ? v : names, n);
            return PC_ERR_NOMEM;
        }
        names = v;
        n++;
    }
    if (d) {
        closedir(d);
    }
    if (n) {
        qsort(names, n, sizeof *names, name_cmp);
    }
    if (n > PC_PACK_MAX_PER_DIR) {
        pc_error_at(err, PC_ERR_PACK, dir, 0, 0, "more than %d packs; only "
                    "the first %d in name order are read",
                    PC_PACK_MAX_PER_DIR, PC_PACK_MAX_PER_DIR);
        *refused += (int)(n - PC_PACK_MAX_PER_DIR);
        n = PC_PACK_MAX_PER_DIR;
    }
    *out = names;
    *count = n;
    return PC_OK;
}

/* Adds the packs of dir in name order. lenient: a broken pack is counted
 * in *skipped (its error kept in err if none is yet) and the rest still
 * load; otherwise the first broken pack stops the load. */
static pc_status add_dir(pc_packset *s, const char *dir, const char *source,
                         int lenient, int *skipped, pc_error *err)
{
    char **names;
    size_t n;
    pc_error why;
    int refused = 0;
    pc_status st;

    pc_error_clear(&why);
    st = list_dir(dir, &names, &n, &refused, &why);
    if (refused && why.code != PC_OK && err && err->code == PC_OK) {
        *err = why;
    }
    if (refused && st == PC_OK) {
        if (!lenient) {
            free_names(names, n);
            return why.code;
        }
        *skipped += refused;
    }
    for (size_t i = 0; i < n && st == PC_OK; i++) {
        char path[4096];
        pc_error one;
        pc_error_clear(&one);
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        st = pc_packset_add_file(s, path, source, &one);
        if (st != PC_OK && st != PC_ERR_NOMEM && lenient) {
            (*skipped)++;
            st = PC_OK;
        }
        if (one.code != PC_OK && err && err->code == PC_OK) {
            *err = one;
        }
    }
    free_names(names, n);
    return st;
}

pc_status pc_packset_add_dir(pc_packset *s, const char *dir,
                             const char *source, pc_error *err)
{
    return add_dir(s, dir, source, 0, NULL, err);
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
        if (set_put(s, p) != PC_OK) {
            pc__pack_free(p);
            return pc_error_set(err, PC_ERR_NOMEM, "out of memory");
        }
    }
    return PC_OK;
}

pc_status pc_packset_load_default(pc_packset *s, int *skipped,
                                  pc_error *err)
{
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    char dir[4096];
    int skip = 0;
    pc_status st = pc_packset_add_builtin(s, err);

    if (st != PC_OK) {
        return st;
    }
    if (xdg && xdg[0] == '/') {
        snprintf(dir, sizeof dir, "%s/postcheck/policies", xdg);
    } else if (home && home[0]) {
        snprintf(dir, sizeof dir, "%s/.config/postcheck/policies", home);
    } else {
        dir[0] = '\0';
    }
    if (dir[0]) {
        add_dir(s, dir, PC_SOURCE_USER, 1, &skip, err);
    }
    add_dir(s, "/etc/postcheck/policies", PC_SOURCE_SYSTEM, 1, &skip, err);
    if (skipped) {
        *skipped = skip;
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
    }
    for (size_t i = 0; i < s->n + s->n_shadowed; i++) {
        pc_pack *p = nth(s, i);
        pc_status st;
        if (id && strcmp(p->id, id) != 0) {
            continue;
        }
        found = 1;
        st = p->extends && !p->parsed
                 ? pc__pack_extend(s->packs, s->n, p, err) : PC_OK;
        st = st == PC_OK ? pc__pack_prepare(p, s->detectors, err) : st;
        p->failed = st != PC_OK;
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
        while (pc_packset_warm_step(s, id, st == PC_OK ? err : &more)) {
        }
    }
    return st;
}

int pc_packset_warm_step(pc_packset *s, const char *id, pc_error *err)
{
    size_t i;

    /* First the packs themselves, one a step (a check can come in
     * between), then the detectors' JIT, then one rule's JIT a step. A
     * pack that cannot be prepared is that step's error and is skipped
     * from then on: the others still get ready. */
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
    if (!s->detectors_jitted) {
        pc_detect_jit(s->detectors);
        s->detectors_jitted = 1;
        return 1;
    }
    for (i = 0; i < s->n + s->n_shadowed; i++) {
        pc_pack *p = nth(s, i);
        if ((!id || strcmp(p->id, id) == 0) && pc__pack_jit_step(p)) {
            return 1;
        }
    }
    return 0;
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
