/* protocol_check.c: the "check" request: reading its fields into a pc_post,
 * running the rule engine, and rendering the result reply.
 *
 * Limits: at most PC_PROTOCOL_MAX_ATTACHMENTS attachments; the reply is
 * cut to the caller's byte limit by dropping findings from the end. A
 * field error names the field (never its value, which may be post text).
 * Optional fields may be absent or null; unknown keys are ignored so a
 * newer extension can talk to an older host. Every string but "text" is
 * refused (bad-request) when it holds a NUL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "protocol_int.h"

/* A post longer than this (bytes) waits for its pack's JIT before its
 * check; a shorter one is checked at once (prepare_for). */
#define PC__JIT_FIRST_BYTES 4096

/* Sets r->err to say that the member at path is missing; returns -1. */
static int missing(pc__req *r, const char *path)
{
    pc_error_set(&r->err, PC_ERR_REQUEST, "%s is missing", path);
    return -1;
}

/* Reads an optional member of JSON type t (what names it: "an object");
 * null counts as absent. Returns 0 and sets *out (borrowed; NULL when
 * absent), or -1 with r->err set ("PATH must be WHAT"). */
static int opt_member(pc__req *r, json_t *obj, const char *key,
                      const char *path, json_type t, const char *what,
                      json_t **out)
{
    json_t *v = json_object_get(obj, key);

    *out = NULL;
    if (!v || json_is_null(v)) {
        return 0;
    }
    if (json_typeof(v) != t) {
        pc_error_set(&r->err, PC_ERR_REQUEST, "%s must be %s", path, what);
        return -1;
    }
    *out = v;
    return 0;
}

/* Reads a required member of JSON type t, as opt_member; absent or null,
 * it is missing. */
static int req_member(pc__req *r, json_t *obj, const char *key,
                      const char *path, json_type t, const char *what,
                      json_t **out)
{
    if (opt_member(r, obj, key, path, t, what, out) != 0) {
        return -1;
    }
    return *out ? 0 : missing(r, path);
}

/* Reads an optional string member; null counts as absent. Returns 0 and
 * sets *out (NULL when absent), or -1 with r->err set. */
static int opt_string(pc__req *r, json_t *obj, const char *key,
                      const char *path, const char **out)
{
    json_t *v;

    *out = NULL;
    if (opt_member(r, obj, key, path, JSON_STRING, "a string", &v) != 0) {
        return -1;
    }
    if (!v) {
        return 0;
    }
    /* These fields are read as C strings: an embedded NUL would silently
     * cut them ("llmat\u0000zzz" read as "llmat"). */
    if (strlen(json_string_value(v)) != json_string_length(v)) {
        pc_error_set(&r->err, PC_ERR_REQUEST, "%s must not contain NUL",
                     path);
        return -1;
    }
    *out = json_string_value(v);
    return 0;
}

/* Reads a required string member. Returns 0 or -1 with r->err set. */
static int req_string(pc__req *r, json_t *obj, const char *key,
                      const char *path, const char **out)
{
    if (opt_string(r, obj, key, path, out) != 0) {
        return -1;
    }
    return *out ? 0 : missing(r, path);
}

/* Sets post's account from account.kind. Returns 0 or -1 with r->err
 * set. */
static int set_kind(pc__req *r, const char *kind, pc_post *post)
{
    if (strcmp(kind, "official") == 0) {
        post->account = PC_ACCOUNT_OFFICIAL;
    } else if (strcmp(kind, "personal") == 0) {
        post->account = PC_ACCOUNT_PERSONAL;
    } else {
        pc_error_set(&r->err, PC_ERR_REQUEST,
                     "account.kind must be \"official\" or \"personal\"");
        return -1;
    }
    return 0;
}

/* Sets post's time from "now" (NULL: absent). Returns 0 or -1 with
 * r->err set. */
static int set_now(pc__req *r, const char *now, pc_post *post)
{
    if (now && pc_post_set_now(post, now) != PC_OK) {
        pc_error_set(&r->err, PC_ERR_REQUEST,
                     "now must be an ISO 8601 time such as "
                     "2026-11-23T10:15:00+00:00");
        return -1;
    }
    return 0;
}

/* Fills the account fields of post from the "account" object. */
static int read_account(pc__req *r, json_t *root, pc_post *post)
{
    json_t *acc;
    const char *kind;

    if (req_member(r, root, "account", "account", JSON_OBJECT, "an object",
                   &acc) != 0 ||
        req_string(r, acc, "kind", "account.kind", &kind) != 0 ||
        set_kind(r, kind, post) != 0) {
        return -1;
    }
    if (opt_string(r, acc, "handle", "account.handle", &post->handle) != 0) {
        return -1;
    }
    return opt_string(r, acc, "display_name", "account.display_name",
                      &post->display_name);
}

/* Reads attachment i (object v) into a. */
static int read_attachment(pc__req *r, json_t *v, size_t i,
                           const pc_pack *pack, pc_attachment *a)
{
    char path[64];
    const char *dhash;

    snprintf(path, sizeof path, "attachments[%zu]", i);
    if (!json_is_object(v)) {
        pc_error_set(&r->err, PC_ERR_REQUEST, "%s must be an object", path);
        return -1;
    }
    snprintf(path, sizeof path, "attachments[%zu].kind", i);
    if (req_string(r, v, "kind", path, &a->kind) != 0) {
        return -1;
    }
    if (strcmp(a->kind, "image") != 0 && strcmp(a->kind, "video") != 0 &&
        strcmp(a->kind, "file") != 0) {
        pc_error_set(&r->err, PC_ERR_REQUEST,
                     "%s must be \"image\", \"video\" or \"file\"", path);
        return -1;
    }
    snprintf(path, sizeof path, "attachments[%zu].name", i);
    if (opt_string(r, v, "name", path, &a->name) != 0) {
        return -1;
    }
    snprintf(path, sizeof path, "attachments[%zu].alt", i);
    if (opt_string(r, v, "alt", path, &a->alt) != 0) {
        return -1;
    }
    snprintf(path, sizeof path, "attachments[%zu].dhash", i);
    if (opt_string(r, v, "dhash", path, &dhash) != 0) {
        return -1;
    }
    a->has_dhash = dhash != NULL;
    if (dhash && pc_parse_dhash(dhash, &a->dhash) != PC_OK) {
        pc_error_set(&r->err, PC_ERR_REQUEST, "%s must be 16 hex digits",
                     path);
        return -1;
    }
    return pc__read_pixels(r, v, i, pack, a);
}

/* Reads "attachments" into an owned array (*out, free with free()). */
static int read_attachments(pc__req *r, json_t *root, const pc_pack *pack,
                            pc_post *post, pc_attachment **out)
{
    json_t *arr;
    size_t i, n;

    *out = NULL;
    if (opt_member(r, root, "attachments", "attachments", JSON_ARRAY,
                   "an array", &arr) != 0) {
        return -1;
    }
    if (!arr) {
        return 0;
    }
    n = json_array_size(arr);
    if (n > PC_PROTOCOL_MAX_ATTACHMENTS) {
        pc_error_set(&r->err, PC_ERR_REQUEST,
                     "at most %d attachments are allowed, not %zu",
                     PC_PROTOCOL_MAX_ATTACHMENTS, n);
        return -1;
    }
    if (n == 0) {
        return 0;
    }
    *out = calloc(n, sizeof **out);
    if (!*out) {
        pc_error_set(&r->err, PC_ERR_NOMEM, "out of memory");
        return -1;
    }
    for (i = 0; i < n; i++) {
        if (read_attachment(r, json_array_get(arr, i), i, pack,
                            &(*out)[i]) != 0) {
            return -1;
        }
    }
    post->attachments = *out;
    post->n_attachments = n;
    return 0;
}

/* Reads the text, site and now fields. */
static int read_text(pc__req *r, json_t *root, pc_post *post)
{
    json_t *text;
    const char *now;

    if (req_member(r, root, "text", "text", JSON_STRING, "a string",
                   &text) != 0) {
        return -1;
    }
    post->text = json_string_value(text);
    post->text_len = json_string_length(text);
    post->text_valid = 1; /* jansson checked the request's UTF-8 */
    if (opt_string(r, root, "site", "site", &post->site) != 0) {
        return -1;
    }
    if (opt_string(r, root, "now", "now", &now) != 0) {
        return -1;
    }
    return set_now(r, now, post);
}

/* Appends the known pack ids, comma separated, to buf. */
static void list_ids(const pc_packset *ps, char *buf, size_t size)
{
    size_t i, used = strlen(buf);

    for (i = 0; i < pc_packset_count(ps) && used + 1 < size; i++) {
        int n = snprintf(buf + used, size - used, "%s%s", i ? ", " : "",
                         pc_pack_id(pc_packset_at(ps, i)));
        used = n < 0 ? size : used + (size_t)n;
    }
}

/* The pack with this id; when locked, only a built-in or system one.
 * NULL with r->err set when there is none. */
static const pc_pack *find_pack(pc__req *r, const char *id, int locked)
{
    const pc_pack *pack;

    if (locked) {
        /* The administrator chose this policy: a user's pack with the
         * same id must not stand in for it. */
        pack = pc_packset_find_trusted(r->ps, id);
        if (!pack) {
            pc_error_set(&r->err, PC_ERR_POLICY, "the administrator locked "
                         "this policy and no built-in or system pack "
                         "has its id");
            return NULL;
        }
    } else {
        pack = pc_packset_find(r->ps, id);
    }
    if (!pack) {
        char known[PC_ERROR_TEXT] = "";
        list_ids(r->ps, known, sizeof known);
        pc_error_set(&r->err, PC_ERR_POLICY,
                     "unknown policy; known policies: %s",
                     known[0] ? known : "(none)");
        return NULL;
    }
    return pack;
}

/* Finds the pack the request names. */
static const pc_pack *read_policy(pc__req *r, json_t *root)
{
    const char *id;
    json_t *locked = json_object_get(root, "locked");

    if (req_string(r, root, "policy", "policy", &id) != 0) {
        return NULL;
    }
    if (locked && !json_is_null(locked) && !json_is_boolean(locked)) {
        pc_error_set(&r->err, PC_ERR_REQUEST, "locked must be true or false");
        return NULL;
    }
    return find_pack(r, id, json_is_true(locked));
}

/* The explicit prepare of pack for a post of text_len bytes (work already
 * done is not done again): pc_check only reads the pack. A short post
 * (a first keystroke) is checked at once, interpreted, leaving the JIT to
 * the serve loop's idle time; a longer one pays for the JIT first, which
 * costs less than running it interpreted. Returns 0, or -1 with r->err
 * set. */
static int prepare_for(pc__req *r, const pc_pack *pack, size_t text_len)
{
    const char *id = pc_pack_id(pack);
    pc_status st = PC_OK;

    if (text_len > PC__JIT_FIRST_BYTES) {
        st = pc_packset_warm(r->ps, id, NULL);
    } else if (!pc_packset_ready(r->ps, id, NULL)) {
        st = PC_ERR_INTERNAL;
    }
    if (st != PC_OK) {
        pc_error_set(&r->err, PC_ERR_INTERNAL,
                     "policy %s cannot be prepared", id);
        return -1;
    }
    return 0;
}

/* Runs the check and renders the reply. */
static char *run_check(pc__req *r, const pc_pack *pack, const pc_post *post,
                       size_t *len)
{
    pc_findings found = {0};
    pc_error err;
    pc_status st;
    char *reply = NULL;
    long elapsed;

    pc_error_clear(&err);
    st = pc_check(pack, post, &found, NULL, &err);
    if (st == PC_ERR_TOO_LARGE) {
        /* The text grows past the view limit once normalised (U+FDFA
         * becomes 18 characters): the post is too large, the host goes
         * on serving. */
        pc_error_set(&r->err, PC_ERR_TOO_LARGE,
                     "the post is too large to check once normalised");
        goto out;
    }
    if (st != PC_OK) {
        pc_error_set(&r->err, st == PC_ERR_NOMEM ? PC_ERR_NOMEM
                                                 : PC_ERR_INTERNAL,
                     "the check failed: %s", pc_strerror(st));
        goto out;
    }
    elapsed = (long)((pc__now_ns() - r->t0_ns) / 1000);
    reply = pc__result_render(r->id, pc_pack_id(pack), &found, elapsed,
                              PC_PROTOCOL_MAX_REPLY, len);
    if (!reply) {
        pc_error_set(&r->err, PC_ERR_NOMEM, "out of memory");
    }
out:
    pc_findings_free(&found);
    return reply;
}

char *pc__protocol_check(pc__req *r, json_t *root, size_t *len)
{
    pc_post post;
    pc_attachment *atts = NULL;
    const pc_pack *pack;
    char *reply = NULL;

    memset(&post, 0, sizeof post);
    pack = read_policy(r, root);
    if (!pack || read_account(r, root, &post) != 0 ||
        read_text(r, root, &post) != 0 ||
        prepare_for(r, pack, post.text_len) != 0 ||
        read_attachments(r, root, pack, &post, &atts) != 0) {
        goto out;
    }
    reply = run_check(r, pack, &post, len);
out:
    free(atts);
    return reply;
}

char *pc__protocol_check_fields(pc__req *r, const pc__check_req *q,
                                size_t *len)
{
    pc_post post;
    const pc_pack *pack;

    /* The tree's reader's order: the pack, account.kind, now. */
    memset(&post, 0, sizeof post);
    pack = find_pack(r, q->policy, q->locked);
    if (!pack || set_kind(r, q->kind, &post) != 0) {
        return NULL;
    }
    post.handle = q->handle;
    post.display_name = q->display_name;
    post.text = q->text;
    post.text_len = q->text_len;
    post.text_valid = 1; /* the one-pass reader checked its UTF-8 */
    post.site = q->site;
    if (set_now(r, q->now, &post) != 0 ||
        prepare_for(r, pack, post.text_len) != 0) {
        return NULL;
    }
    return run_check(r, pack, &post, len);
}
