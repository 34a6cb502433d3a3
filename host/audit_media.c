/* audit_media.c: a post's media as the check's attachments. Each file is
 * an attachment named after it (so rules that read names apply); an image
 * that is in the archive (JPEG, PNG, WebP) is read and looked at by
 * vision (decoded in the postcheck-vision helper, never here), which
 * gives its dHash (logos) and faces (photos of people), as `postcheck
 * check --image` does. Deleted media stays a named attachment.
 *
 * Identical files are looked at once: results are kept by a hash of the
 * file's bytes (FNV-1a 64 and length) in CACHE_SLOTS slots, so an image
 * posted many times costs one look. Limits: files up to
 * PC_VISION_MAX_FILE bytes. */
#include <stdlib.h>
#include <string.h>

#include "audit_int.h"
#include "postcheck/log.h"
#include "postcheck/vision.h"

#define CACHE_SLOTS 4096

typedef struct seen {
    uint64_t key;
    size_t len;
    int used, has_dhash, faces;
    uint64_t dhash;
} seen;

struct pc__media_eye {
    seen cache[CACHE_SLOTS];
    int warned;
};

pc__media_eye *pc__media_eye_new(void)
{
    return calloc(1, sizeof(pc__media_eye));
}

void pc__media_eye_free(pc__media_eye *e)
{
    free(e);
}

/* "image", "video" or "file", by the name's extension. */
static const char *media_kind(const char *path, int *decodable)
{
    static const char *const images[] = {".jpg", ".jpeg", ".png", ".webp",
                                         ".JPG", ".JPEG", ".PNG"};
    static const char *const video[] = {".mp4", ".mov", ".m4v", ".webm",
                                        ".avi"};
    const char *dot = strrchr(path, '.');
    size_t k;

    *decodable = 0;
    for (k = 0; dot && k < sizeof images / sizeof images[0]; k++) {
        if (strcmp(dot, images[k]) == 0) {
            *decodable = 1;
            return "image";
        }
    }
    for (k = 0; dot && k < sizeof video / sizeof video[0]; k++) {
        if (strcmp(dot, video[k]) == 0) {
            return "video";
        }
    }
    return dot && strcmp(dot, ".gif") == 0 ? "image" : "file";
}

static uint64_t key_of(const char *data, size_t len)
{
    uint64_t h = 1469598103934665603ull;
    size_t i;

    for (i = 0; i < len; i++) {
        h = (h ^ (unsigned char)data[i]) * 1099511628211ull;
    }
    return h;
}

/* Looks at one image's bytes, or answers from the cache. 0 when seen. */
static int look(pc__media_eye *e, const char *data, size_t len,
                pc_attachment *att)
{
    uint64_t key = key_of(data, len);
    seen *s = &e->cache[key % CACHE_SLOTS];
    pc_vision_result res;
    pc_error err;

    if (s->used && s->key == key && s->len == len) {
        att->has_dhash = s->has_dhash;
        att->dhash = s->dhash;
        att->faces = s->faces;
        return 0;
    }
    pc_error_clear(&err);
    if (pc_vision_look_file((const uint8_t *)data, len, NULL, 0, &res, &err) !=
            PC_OK ||
        res.faces < 0) {
        if (!e->warned) {
            /* Once: the reason, never the file's name or content. */
            pc_log(PC_LOG_WARN, "audit: an image could not be looked at: "
                   "%s", err.text[0] ? err.text : pc_strerror(err.code));
            e->warned = 1;
        }
        return -1;
    }
    att->has_dhash = res.has_dhash;
    att->dhash = res.dhash;
    att->faces = res.faces;
    s->used = 1;
    s->key = key;
    s->len = len;
    s->has_dhash = res.has_dhash;
    s->dhash = res.dhash;
    s->faces = res.faces;
    return 0;
}

size_t pc__media_attach(pc__media_eye *e, pc_archive *a,
                        const pc_audit_post *p, pc_attachment *att,
                        pc_audit_totals *t)
{
    size_t i;

    for (i = 0; i < p->n_media && i < PC_AUDIT_MAX_MEDIA; i++) {
        const char *path = p->media[i].path;
        const char *slash = strrchr(path, '/');
        pc_error err;
        size_t len = 0;
        char *data;
        int decodable;

        memset(&att[i], 0, sizeof att[i]);
        att[i].kind = media_kind(path, &decodable);
        att[i].name = slash ? slash + 1 : path;
        t->media++;
        t->media_missing += !p->media[i].present;
        if (!e || !decodable || !p->media[i].present) {
            continue;
        }
        data = pc_archive_slurp(a, path, PC_VISION_MAX_FILE, &len, &err);
        if (data && look(e, data, len, &att[i]) == 0) {
            t->images_seen++;
        } else {
            t->images_unseen++;
        }
        free(data);
    }
    return i;
}
