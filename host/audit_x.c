/* audit_x.c: the X (Twitter) archive: data/tweets.js (older tweet.js),
 * its parts tweets-part1.js..., long posts from note-tweet.js, media in
 * data/tweets_media/ (older tweet_media/) named "<tweet id>-<file>", the
 * handle from account.js.
 *
 * Each file is `window.YTD.tweets.part0 = [ {"tweet": {...}}, ... ]`;
 * elements are read one at a time (audit_json.c). Retweets ("RT @...")
 * and replies (in_reply_to_status_id_str) are marked as such. Long posts:
 * X cuts a note tweet's full_text and keeps the whole text in
 * note-tweet.js with the same creation second; those texts are held in
 * memory (they are few) and replace the cut ones. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "audit_int.h"

#define MAX_PARTS 1000
#define MAX_NOTES 100000

typedef struct note {
    long long time;
    char *text;
} note;

typedef struct xctx {
    char handle[64];
    note *notes;
    size_t n_notes, cap_notes;
    const char *media_dir;
} xctx;

static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May",
    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* "Tue Mar 19 14:05:17 +0000 2019" to seconds since 1970, or -1. */
static long long x_time(const char *s)
{
    char wd[4], mon[4], off[6];
    int d, h, mi, sec, y, m, oh, om;
    long long t;

    if (!s || sscanf(s, "%3s %3s %d %d:%d:%d %5s %d", wd, mon, &d, &h, &mi,
                     &sec, off, &y) != 8) {
        return -1;
    }
    for (m = 0; m < 12 && strcmp(mon, months[m]) != 0; m++) {
    }
    t = pc__audit_utc(y, m + 1, d, h, mi, sec);
    if (t < 0 || (off[0] != '+' && off[0] != '-') ||
        sscanf(off + 1, "%2d%2d", &oh, &om) != 2) {
        return -1;
    }
    return t - (off[0] == '-' ? -1 : 1) * (oh * 3600LL + om * 60LL);
}

/* "2023-01-05T12:00:00.000Z" to seconds since 1970, or -1. */
static long long iso_time(const char *s)
{
    int y, mo, d, h, mi, sec;

    if (!s || sscanf(s, "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &sec) !=
                  6) {
        return -1;
    }
    return pc__audit_utc(y, mo, d, h, mi, sec);
}

static int account_el(pc_archive *a, const char *name, unsigned long index,
                      json_t *el, void *ctx)
{
    xctx *x = ctx;
    const char *u = pc__jstr(json_object_get(el, "account"), "username");

    if (u && strlen(u) < sizeof x->handle && !strpbrk(u, "/?#\"<>& ")) {
        snprintf(x->handle, sizeof x->handle, "%s", u);
    }
    return 0;
}

static int note_el(pc_archive *a, const char *name, unsigned long index,
                   json_t *el, void *ctx)
{
    xctx *x = ctx;
    const json_t *n = json_object_get(el, "noteTweet");
    const char *text = pc__jstr(json_object_get(n, "core"), "text");
    long long t = iso_time(pc__jstr(n, "createdAt"));
    note *v;

    if (!text || t < 0 || x->n_notes >= MAX_NOTES) {
        return 0;
    }
    v = pc__grow(x->notes, x->n_notes, &x->cap_notes, sizeof *v, 64);
    if (!v) {
        return 0;
    }
    x->notes = v;
    x->notes[x->n_notes].text = strdup(text);
    if (x->notes[x->n_notes].text) {
        x->notes[x->n_notes++].time = t;
    }
    return 0;
}

static int by_time(const void *a, const void *b)
{
    const note *x = a, *y = b;
    return (x->time > y->time) - (x->time < y->time);
}

/* The note tweet posted in second t, or NULL (notes sorted by time). */
static const char *find_note(const xctx *x, long long t)
{
    note key = {t, NULL};
    const note *hit = x->n_notes
        ? bsearch(&key, x->notes, x->n_notes, sizeof *x->notes, by_time)
        : NULL;

    return hit ? hit->text : NULL;
}

/* The file name a media item was saved under: "<id>-<last part of its
 * URL>", for a video the first variant's file. */
static void media_name(const json_t *m, const char *id, const char *dir,
                       char *out, size_t n)
{
    const char *url = pc__jstr(m, "media_url_https");
    const json_t *vars = json_object_get(json_object_get(m, "video_info"),
                                         "variants");
    const char *slash, *q;
    size_t len;

    if (json_array_size(vars) > 0) {
        url = pc__jstr(json_array_get(vars, 0), "url");
    }
    if (!url) {
        url = pc__jstr(m, "media_url");
    }
    slash = url ? strrchr(url, '/') : NULL;
    if (!slash) {
        out[0] = '\0';
        return;
    }
    q = strchr(slash, '?');
    len = q ? (size_t)(q - slash - 1) : strlen(slash + 1);
    snprintf(out, n, "%s%s-%.*s", dir, id, (int)len, slash + 1);
}

static void add_media(pc_archive *a, const xctx *x, const json_t *tw,
                      const char *id, pc__media_set *ms)
{
    const json_t *ents = json_object_get(tw, "extended_entities");
    const json_t *list;
    size_t i;
    char name[400];

    if (!ents) {
        ents = json_object_get(tw, "entities");
    }
    list = json_object_get(ents, "media");
    for (i = 0; i < json_array_size(list); i++) {
        media_name(json_array_get(list, i), id, x->media_dir, name,
                   sizeof name);
        if (name[0]) {
            pc__media_add(ms, a, name);
        }
    }
}

static int tweet_el(pc_archive *a, const char *name, unsigned long index,
                    json_t *el, void *ctx)
{
    xctx *x = ctx;
    const json_t *tw = json_object_get(el, "tweet");
    const char *id, *text, *note_text;
    char *copy, url[200], where[300];
    pc_audit_post p;
    pc__media_set ms;
    int rc, retweet;

    tw = tw ? tw : el;
    id = pc__jstr(tw, "id_str");
    text = pc__jstr(tw, "full_text");
    text = text ? text : pc__jstr(tw, "text");
    if (!id || !text || strspn(id, "0123456789") != strlen(id) ||
        strlen(id) > 30) {
        return pc__audit_damaged(a, name, index,
                                 "no id_str or full_text in the tweet");
    }
    memset(&p, 0, sizeof p);
    memset(&ms, 0, sizeof ms);
    p.platform = PC_AUDIT_X;
    p.id = id;
    p.time = x_time(pc__jstr(tw, "created_at"));
    /* A note holds one of the user's own long posts: never a retweet's
     * text, even when both were made in the same second. */
    retweet = strncmp(text, "RT @", 4) == 0;
    note_text = p.time >= 0 && !retweet ? find_note(x, p.time) : NULL;
    copy = strdup(note_text ? note_text : text);
    if (!copy) {
        return 1;
    }
    p.text = copy;
    p.text_len = pc__audit_unentity(copy, strlen(copy));
    p.kind = retweet ? "retweet"
             : pc__jstr(tw, "in_reply_to_status_id_str") ? "reply"
                                                          : "post";
    snprintf(url, sizeof url, "https://x.com/%s/status/%s",
             x->handle[0] ? x->handle : "i/web", id);
    p.url = url;
    add_media(a, x, tw, id, &ms);
    p.media = ms.v;
    p.n_media = ms.n;
    snprintf(where, sizeof where, "%s, post %lu", name, index);
    rc = pc__audit_emit(a, &p, where);
    free(copy);
    return rc;
}

/* Writes the name of part k (data/base.js, data/base-partK.js) into
 * name[128]; returns 1 if the archive has it. */
static int part_name(pc_archive *a, const char *base, int k, char *name)
{
    if (k == 0) {
        snprintf(name, 128, "data/%s.js", base);
    } else {
        snprintf(name, 128, "data/%s-part%d.js", base, k);
    }
    return pc__archive_has(a, name);
}

/* Reads base.js, then base-part1.js... while they exist. */
static pc_status read_parts(pc_archive *a, xctx *x, const char *base,
                            pc_error *err)
{
    char name[128];
    pc_status st = PC_OK;
    int k, n;

    /* First the sizes, for the progress bar; then the posts. */
    for (n = 0; n < MAX_PARTS && part_name(a, base, n, name); n++) {
        pc__archive_plan(a, name);
    }
    for (k = 0; k < n && st == PC_OK; k++) {
        part_name(a, base, k, name);
        st = pc__audit_each(a, name, tweet_el, x, err);
    }
    return st;
}

pc_status pc__audit_read_x(pc_archive *a, pc_error *err)
{
    xctx x;
    pc_status st = PC_OK;
    size_t i;

    int newer = pc__archive_has(a, "data/tweets.js");

    memset(&x, 0, sizeof x);
    x.media_dir = newer ? "data/tweets_media/" : "data/tweet_media/";
    if (pc__archive_has(a, "data/account.js")) {
        st = pc__audit_each(a, "data/account.js", account_el, &x, err);
    }
    if (st == PC_OK && pc__archive_has(a, "data/note-tweet.js")) {
        st = pc__audit_each(a, "data/note-tweet.js", note_el, &x, err);
    }
    if (st == PC_OK && x.n_notes > 0) {
        qsort(x.notes, x.n_notes, sizeof *x.notes, by_time);
    }
    if (st == PC_OK) {
        st = read_parts(a, &x, newer ? "tweets" : "tweet", err);
    }
    for (i = 0; i < x.n_notes; i++) {
        free(x.notes[i].text);
    }
    free(x.notes);
    return st;
}
