/* audit_meta.c: Facebook and Instagram archives (Meta's "Download your
 * information", JSON format).
 *
 * Facebook: your_facebook_activity/posts/your_posts__check_ins__photos_
 * and_videos_N.json (older posts/your_posts_N.json), each an array of
 * {timestamp, data: [{post}], attachments: [{data: [{media: {uri,
 * description}}]}], title}. Instagram: your_instagram_activity/content/
 * posts_N.json (also .../media/ and, older, content/), each an array of
 * {media: [{uri, creation_timestamp, title}], title, creation_timestamp}.
 * Meta writes UTF-8 bytes as \u00XX escapes; every string taken is
 * repaired (pc__audit_demojibake). Neither archive holds a post's link or
 * id: the id is the post's timestamp. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_int.h"

#define MAX_FILES 1000

/* Appends a repaired copy of s to b, after a newline if b is not empty. */
static void add_text(pc__sbuf *b, const char *s)
{
    size_t start = b->n;

    if (!s || !s[0]) {
        return;
    }
    if (b->n) {
        pc__sbuf_add(b, "\n", 1);
        start = b->n;
    }
    pc__sbuf_adds(b, s);
    if (!b->bad) {
        b->n = start + pc__audit_demojibake(b->s + start, b->n - start);
    }
}

/* Adds a media uri (repaired) to ms. */
static void add_uri(pc_archive *a, pc__media_set *ms, const char *uri)
{
    char copy[512];
    size_t n;

    if (!uri || strlen(uri) >= sizeof copy) {
        return;
    }
    n = strlen(uri);
    memcpy(copy, uri, n + 1);
    n = pc__audit_demojibake(copy, n);
    copy[n] = '\0';
    pc__media_add(ms, a, copy);
}

/* Emits one post built from text b, time t and media ms. */
static int emit(pc_archive *a, pc_audit_platform pf, const char *name,
                unsigned long index, pc__sbuf *b, long long t,
                const pc__media_set *ms)
{
    pc_audit_post p;
    char id[64], where[400];

    if (b->bad) {
        return 1;
    }
    memset(&p, 0, sizeof p);
    p.platform = pf;
    if (t >= 0) {
        snprintf(id, sizeof id, "%lld", t);
    } else {
        snprintf(id, sizeof id, "post-%lu", index);
    }
    p.id = id;
    p.time = t;
    p.kind = "post";
    p.text = b->s ? b->s : "";
    p.text_len = b->n;
    p.media = ms->v;
    p.n_media = ms->n;
    snprintf(where, sizeof where, "%s, post %lu", name, index);
    return pc__audit_emit(a, &p, where);
}

static long long int_member(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_integer(v) ? (long long)json_integer_value(v) : -1;
}

static int fb_el(pc_archive *a, const char *name, unsigned long index,
                 json_t *el, void *ctx)
{
    const json_t *data = json_object_get(el, "data");
    const json_t *atts = json_object_get(el, "attachments");
    pc__sbuf b = {0};
    pc__media_set ms;
    size_t i, k;
    int rc;

    if (!json_is_object(el)) {
        return pc__audit_damaged(a, name, index, "not a post object");
    }
    memset(&ms, 0, sizeof ms);
    for (i = 0; i < json_array_size(data); i++) {
        add_text(&b, pc__jstr(json_array_get(data, i), "post"));
    }
    for (i = 0; i < json_array_size(atts); i++) {
        const json_t *ad = json_object_get(json_array_get(atts, i), "data");
        for (k = 0; k < json_array_size(ad); k++) {
            const json_t *m = json_object_get(json_array_get(ad, k),
                                              "media");
            if (m) {
                add_uri(a, &ms, pc__jstr(m, "uri"));
                add_text(&b, pc__jstr(m, "description"));
            }
        }
    }
    rc = emit(a, PC_AUDIT_FACEBOOK, name, index, &b,
              int_member(el, "timestamp"), &ms);
    pc__sbuf_free(&b);
    return rc;
}

static int ig_el(pc_archive *a, const char *name, unsigned long index,
                 json_t *el, void *ctx)
{
    const json_t *media = json_object_get(el, "media");
    const json_t *first = json_array_get(media, 0);
    long long t = int_member(el, "creation_timestamp");
    pc__sbuf b = {0};
    pc__media_set ms;
    size_t i;
    int rc;

    if (!json_is_object(el)) {
        return pc__audit_damaged(a, name, index, "not a post object");
    }
    memset(&ms, 0, sizeof ms);
    /* A post of one photo keeps its caption on the photo. */
    add_text(&b, pc__jstr(el, "title"));
    if (b.n == 0 && json_array_size(media) == 1) {
        add_text(&b, pc__jstr(first, "title"));
    }
    for (i = 0; i < json_array_size(media); i++) {
        add_uri(a, &ms, pc__jstr(json_array_get(media, i), "uri"));
    }
    t = t >= 0 ? t : int_member(first, "creation_timestamp");
    rc = emit(a, PC_AUDIT_INSTAGRAM, name, index, &b, t, &ms);
    pc__sbuf_free(&b);
    return rc;
}

/* Reads dir + stem + N + ".json" for N = 1, 2... while they exist. */
static pc_status read_numbered(pc_archive *a, const char *stem,
                               pc__elem_fn fn, pc_error *err)
{
    char name[256];
    pc_status st = PC_OK;
    int k;

    for (k = 1; k < MAX_FILES; k++) {
        snprintf(name, sizeof name, "%s%d.json", stem, k);
        if (!pc__archive_has(a, name)) {
            break;
        }
        pc__archive_plan(a, name);
    }
    for (k = 1; k < MAX_FILES && st == PC_OK; k++) {
        snprintf(name, sizeof name, "%s%d.json", stem, k);
        if (!pc__archive_has(a, name)) {
            break;
        }
        st = pc__audit_each(a, name, fn, NULL, err);
    }
    return st;
}

/* The first stem whose file number 1 exists, or NULL. */
static const char *first_stem(pc_archive *a, const char *const *stems)
{
    char name[256];

    for (; *stems; stems++) {
        snprintf(name, sizeof name, "%s1.json", *stems);
        if (pc__archive_has(a, name)) {
            return *stems;
        }
    }
    return NULL;
}

pc_status pc__audit_read_meta(pc_archive *a, pc_error *err)
{
    static const char *const fb[] = {
        "your_facebook_activity/posts/your_posts__check_ins__photos_and_"
        "videos_",
        "posts/your_posts__check_ins__photos_and_videos_",
        "posts/your_posts_", NULL};
    static const char *const ig[] = {
        "your_instagram_activity/content/posts_",
        "your_instagram_activity/media/posts_", "content/posts_", NULL};
    const char *stem = first_stem(a, fb);
    pc_status st = PC_OK;

    if (stem) {
        st = read_numbered(a, stem, fb_el, err);
    }
    stem = first_stem(a, ig);
    if (st == PC_OK && stem) {
        st = read_numbered(a, stem, ig_el, err);
    }
    return st;
}
