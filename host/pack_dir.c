/* pack_dir.c: reading packs from files and folders into a set, in the
 * documented precedence (built-in, then the user's folder, then the
 * system's: a later pack with the same id replaces an earlier one).
 *
 * Limits: a pack file may be at most PC_PACK_MAX_BYTES; a folder gives at
 * most PC_PACK_MAX_PER_DIR packs.
 *
 * Trust: only regular files are read (a FIFO, device or socket named
 * *.json is refused without opening it for a blocking read); a link in a
 * pack folder must stay inside that folder; a file or folder other users
 * can write, or a folder owned by someone other than the user or root, is
 * refused with a message, since whoever can write it can change what the
 * host tells the user. */
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

#include "postcheck/pack.h"

#define PC_PACK_MAX_BYTES (4u * 1024u * 1024u)

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
