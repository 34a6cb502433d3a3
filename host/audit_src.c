/* audit_src.c: an archive as a set of named files, whether it is a zip
 * (read with libzip) or the folder it was unpacked into, at its top or
 * one folder down. Files are read as streams; nothing is unpacked to
 * disk.
 *
 * Limits: a zip entry over PC_AUDIT_MAX_ENTRY bytes, or over 1 MiB and
 * expanding more than PC_AUDIT_MAX_RATIO times, is refused as a zip bomb
 * before it is read; libzip stops at the size the entry declares and
 * checks its CRC. Names from inside posts (media paths) that climb out of
 * the archive ("..", "/", "\") are refused.
 *
 * This file is the floor the platform readers (audit_x.c, audit_meta.c,
 * audit_li.c) and the JSON scanner (audit_json.c) stand on: it calls none
 * of them. Which readers run is audit_read.c's table. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audit_int.h"
#include "audit_zip.h"
#include "postcheck/text.h"

#define ROOT_MAX 1024

struct pc_archive {
    zip_t *zip;                 /* NULL for a folder */
    const pc__zipapi *z;        /* libzip's calls, for a zip */
    char root[ROOT_MAX];        /* folder path or prefix inside the zip */
    const pc_audit_sink *sink;
    unsigned long long done, total;
};

struct pc__astream {
    pc_archive *a;
    zip_file_t *zf;
    FILE *f;
};

/* The files whose presence identifies an archive, relative to its root. */
static const char *const markers[] = {
    "data/tweets.js", "data/tweet.js", "data/manifest.js",
    "your_facebook_activity/posts/"
    "your_posts__check_ins__photos_and_videos_1.json",
    "posts/your_posts_1.json", "posts/your_posts__check_ins__photos_and_"
    "videos_1.json",
    "your_instagram_activity/content/posts_1.json",
    "your_instagram_activity/media/posts_1.json", "content/posts_1.json",
    "Shares.csv"};
#define N_MARKERS (sizeof markers / sizeof markers[0])

static const char expected[] =
    "expected an X archive (data/tweets.js), Facebook (your_facebook_"
    "activity/posts/your_posts_*.json), Instagram (content/posts_1.json) "
    "or LinkedIn (Shares.csv), as the .zip or its folder";

/* 1 if name may be looked up: relative, no "..", no backslash. */
static int safe_name(const char *name)
{
    const char *p = name;

    if (!name[0] || name[0] == '/' || strchr(name, '\\')) {
        return 0;
    }
    while (p) {
        if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || p[2] == '\0')) {
            return 0;
        }
        p = strchr(p, '/');
        p = p ? p + 1 : NULL;
    }
    return 1;
}

/* Joins the root and name into out (size n). 0, or -1 if too long. */
static int full_name(const pc_archive *a, const char *name, char *out,
                     size_t n)
{
    int w = snprintf(out, n, "%s%s", a->root, name);
    return w < 0 || (size_t)w >= n ? -1 : 0;
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int pc__archive_has(pc_archive *a, const char *name)
{
    char full[ROOT_MAX + 1024];

    if (!safe_name(name) || full_name(a, name, full, sizeof full) != 0) {
        return 0;
    }
    if (a->zip) {
        return a->z->name_locate(a->zip, full, 0) >= 0;
    }
    return file_exists(full);
}

/* 1 if the folder dir (ending in '/') holds a marker. */
static int folder_known(const char *dir)
{
    char path[ROOT_MAX + 256];
    size_t k;

    for (k = 0; k < N_MARKERS; k++) {
        snprintf(path, sizeof path, "%s%s", dir, markers[k]);
        if (file_exists(path)) {
            return 1;
        }
    }
    return 0;
}

/* Finds the archive in folder path or one of its subfolders. */
static pc_status open_folder(pc_archive *a, const char *path, pc_error *err)
{
    DIR *d;
    struct dirent *e;
    size_t n = strlen(path);

    if (n + 2 >= ROOT_MAX) {
        return pc_error_set(err, PC_ERR_REQUEST, "%s: path too long", path);
    }
    snprintf(a->root, ROOT_MAX, "%s%s", path,
             n && path[n - 1] == '/' ? "" : "/");
    if (folder_known(a->root)) {
        return PC_OK;
    }
    d = opendir(path);
    for (e = d ? readdir(d) : NULL; e; e = readdir(d)) {
        char sub[ROOT_MAX];
        struct stat st;
        if (e->d_name[0] == '.') {
            continue;
        }
        if (snprintf(sub, sizeof sub, "%s%s/", a->root, e->d_name) >=
                (int)sizeof sub ||
            stat(sub, &st) != 0 || !S_ISDIR(st.st_mode)) {
            continue;
        }
        if (folder_known(sub)) {
            memcpy(a->root, sub, sizeof sub);
            closedir(d);
            return PC_OK;
        }
    }
    if (d) {
        closedir(d);
    }
    return pc_error_set(err, PC_ERR_REQUEST,
                        "%s: no archive in this folder: %s", path, expected);
}

/* Finds the root prefix of the archive inside the zip. */
static pc_status zip_find_root(pc_archive *a, const char *path,
                               pc_error *err)
{
    zip_int64_t i, n = a->z->get_num_entries(a->zip, 0);

    for (i = 0; i < n; i++) {
        const char *name = a->z->get_name(a->zip, (zip_uint64_t)i, 0);
        size_t len = name ? strlen(name) : 0, k;
        for (k = 0; k < N_MARKERS; k++) {
            size_t m = strlen(markers[k]);
            size_t pre = len - m;
            if (len < m || strcmp(name + pre, markers[k]) != 0 ||
                (pre > 0 && name[pre - 1] != '/') || pre >= ROOT_MAX) {
                continue;
            }
            memcpy(a->root, name, pre);
            a->root[pre] = '\0';
            return PC_OK;
        }
    }
    return pc_error_set(err, PC_ERR_REQUEST,
                        "%s: a zip, but not a social-media archive: %s",
                        path, expected);
}

static pc_status open_zip(pc_archive *a, const char *path, pc_error *err)
{
    int zerr = 0;

    a->z = pc__zipapi_load(err);
    if (!a->z) {
        return err && err->code ? err->code : PC_ERR_IO;
    }
    a->zip = a->z->open(path, ZIP_RDONLY, &zerr);
    if (!a->zip) {
        if (zerr == ZIP_ER_NOZIP || zerr == ZIP_ER_INCONS) {
            return pc_error_set(err, PC_ERR_REQUEST,
                                "%s is not an archive: %s", path, expected);
        }
        return pc_error_set(err, PC_ERR_IO, "%s: cannot open as a zip "
                            "(libzip error %d)", path, zerr);
    }
    return zip_find_root(a, path, err);
}

pc_archive *pc_archive_open(const char *path, pc_error *err)
{
    pc_archive *a = calloc(1, sizeof *a);
    struct stat st;
    pc_status st_rc;

    if (!a) {
        pc_error_set(err, PC_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (stat(path, &st) != 0) {
        pc_error_set(err, PC_ERR_IO, "%s: %s", path, strerror(errno));
        free(a);
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        st_rc = open_folder(a, path, err);
    } else if (S_ISREG(st.st_mode)) {
        st_rc = open_zip(a, path, err);
    } else {
        st_rc = pc_error_set(err, PC_ERR_REQUEST, "%s is not an archive: "
                             "%s", path, expected);
    }
    if (st_rc != PC_OK) {
        pc_archive_close(a);
        return NULL;
    }
    return a;
}

void pc_archive_close(pc_archive *a)
{
    if (!a) {
        return;
    }
    if (a->zip) {
        a->z->discard(a->zip);
    }
    free(a);
}

/* Opens a zip entry after the bomb checks. */
static pc_status zip_stream(pc__astream *s, const char *full,
                            unsigned long long *size, pc_error *err)
{
    zip_stat_t zs;

    s->a->z->stat_init(&zs);
    if (s->a->z->stat(s->a->zip, full, 0, &zs) != 0 ||
        !(zs.valid & ZIP_STAT_SIZE) || !(zs.valid & ZIP_STAT_COMP_SIZE)) {
        return pc_error_set(err, PC_ERR_IO, "%s: missing from the zip",
                            full);
    }
    if (zs.size > PC_AUDIT_MAX_ENTRY ||
        (zs.size > 1024 * 1024 &&
         zs.size / (zs.comp_size ? zs.comp_size : 1) > PC_AUDIT_MAX_RATIO)) {
        return pc_error_set(err, PC_ERR_TOO_LARGE, "%s: refused: it would "
                            "expand from %llu to %llu bytes (a zip bomb?)",
                            full, (unsigned long long)zs.comp_size,
                            (unsigned long long)zs.size);
    }
    s->zf = s->a->z->fopen(s->a->zip, full, 0);
    if (!s->zf) {
        return pc_error_set(err, PC_ERR_IO, "%s: cannot read from the zip "
                            "(%s)", full, s->a->z->strerror(s->a->zip));
    }
    *size = zs.size;
    return PC_OK;
}

pc__astream *pc__archive_stream(pc_archive *a, const char *name,
                                unsigned long long *size, pc_error *err)
{
    char full[ROOT_MAX + 1024];
    pc__astream *s;
    struct stat st;

    if (!safe_name(name) || full_name(a, name, full, sizeof full) != 0) {
        pc_error_set(err, PC_ERR_REQUEST, "%s: not a name inside the "
                     "archive", name);
        return NULL;
    }
    s = calloc(1, sizeof *s);
    if (!s) {
        pc_error_set(err, PC_ERR_NOMEM, "out of memory");
        return NULL;
    }
    s->a = a;
    if (a->zip) {
        if (zip_stream(s, full, size, err) != PC_OK) {
            free(s);
            return NULL;
        }
        return s;
    }
    s->f = fopen(full, "rb");
    if (!s->f || fstat(fileno(s->f), &st) != 0) {
        pc_error_set(err, PC_ERR_IO, "%s: %s", full, strerror(errno));
        pc__astream_close(s);
        return NULL;
    }
    *size = (unsigned long long)st.st_size;
    return s;
}

long pc__astream_read(pc__astream *s, char *buf, size_t n, pc_error *err)
{
    long got;

    if (s->zf) {
        zip_int64_t z = s->a->z->fread(s->zf, buf, n);
        if (z < 0) {
            pc_error_set(err, PC_ERR_IO, "reading the zip failed (%s)",
                         s->a->z->file_strerror(s->zf));
            return -1;
        }
        got = (long)z;
    } else {
        got = (long)fread(buf, 1, n, s->f);
        if (got == 0 && ferror(s->f)) {
            pc_error_set(err, PC_ERR_IO, "read failed: %s", strerror(errno));
            return -1;
        }
    }
    s->a->done += (unsigned long long)got;
    if (s->a->sink && s->a->sink->progress && got > 0) {
        s->a->sink->progress(s->a->sink->ctx, s->a->done, s->a->total);
    }
    return got;
}

void pc__astream_close(pc__astream *s)
{
    if (!s) {
        return;
    }
    if (s->zf) {
        s->a->z->fclose(s->zf);
    }
    if (s->f) {
        fclose(s->f);
    }
    free(s);
}

void pc__archive_bind(pc_archive *a, const pc_audit_sink *sink)
{
    a->sink = sink;
    if (sink) {
        a->done = a->total = 0;
    }
}

void pc__archive_plan(pc_archive *a, const char *name)
{
    unsigned long long size = 0;
    pc_error ignored;
    pc__astream *s = pc__archive_has(a, name)
                         ? pc__archive_stream(a, name, &size, &ignored)
                         : NULL;

    if (s) {
        a->total += size;
    }
    pc__astream_close(s);
}

char *pc_archive_slurp(pc_archive *a, const char *name, size_t max,
                       size_t *len, pc_error *err)
{
    unsigned long long size = 0;
    const pc_audit_sink *sink = a->sink;
    pc__astream *s = pc__archive_stream(a, name, &size, err);
    char *buf = NULL;
    size_t n = 0;
    long got = 1;

    if (s && size > max) {
        pc_error_set(err, PC_ERR_TOO_LARGE, "%s: over %zu bytes", name, max);
    } else if (s) {
        buf = malloc((size_t)size + 1);
    }
    /* Media reads do not move the progress bar. */
    a->sink = NULL;
    while (buf && got > 0 && n < size) {
        got = pc__astream_read(s, buf + n, (size_t)size - n, err);
        n += got > 0 ? (size_t)got : 0;
    }
    a->done -= n;
    a->sink = sink;
    pc__astream_close(s);
    if (buf && got < 0) {
        free(buf);
        return NULL;
    }
    if (buf) {
        buf[n] = '\0';
        *len = n;
    }
    return buf;
}

int pc__audit_emit(pc_archive *a, const pc_audit_post *p, const char *where)
{
    size_t bad;

    if (!pc_utf8_valid(p->text, p->text_len, &bad)) {
        return a->sink->damaged(a->sink->ctx, where,
                                "its text is not valid UTF-8");
    }
    return a->sink->post(a->sink->ctx, p);
}

int pc__audit_damaged(pc_archive *a, const char *file, unsigned long index,
                      const char *why)
{
    char where[512];

    snprintf(where, sizeof where, "%s, post %lu", file, index);
    return a->sink->damaged(a->sink->ctx, where, why);
}

long long pc__audit_utc(int y, int mo, int d, int h, int mi, int s)
{
    /* Days from civil, after H. Hinnant's public-domain algorithm. */
    long long yy = y - (mo <= 2), era, yoe, doy, doe;

    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 ||
        mi < 0 || mi > 59 || s < 0 || s > 60 || y < 1970 || y > 9999) {
        return -1;
    }
    era = yy / 400;
    yoe = yy - era * 400;
    doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return ((era * 146097 + doe - 719468) * 86400) + h * 3600LL +
           mi * 60LL + s;
}

void pc__media_add(pc__media_set *m, pc_archive *a, const char *name)
{
    size_t n = strlen(name);

    if (m->n >= PC_AUDIT_MAX_MEDIA || n >= sizeof m->path[0]) {
        return;
    }
    memcpy(m->path[m->n], name, n + 1);
    m->v[m->n].path = m->path[m->n];
    m->v[m->n].present = pc__archive_has(a, name);
    m->n++;
}
