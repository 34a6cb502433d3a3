/* protocol.c: the protocol v1 envelope: validating a request (UTF-8,
 * nesting depth, JSON, id, type), dispatching it, the hello and policies
 * replies, and error replies.
 *
 * A check request of the usual shape is read without a jansson tree
 * (protocol_fast.c); the rest, and what that reader declines, is read
 * into a tree here.
 *
 * Policy for bad input: every request gets exactly one reply; an error
 * reply echoes the request's id whenever it can be read (also for invalid
 * UTF-8: the id is read from a copy with the bad bytes replaced) and
 * carries "id": null otherwise. Bytes in, bytes out: no file descriptor,
 * no logging; the serve loop (serve.c) frames, logs and warms up. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "postcheck/config.h"
#include "postcheck/text.h"
#include "protocol_int.h"

/* pc__protocol_fast_set: 0 reads every request into a tree. */
static int fast_on = 1;

void pc__protocol_fast_set(int on)
{
    fast_on = on;
}

const char *pc_protocol_code(pc_status st)
{
    switch (st) {
    case PC_ERR_JSON: return "bad-json";
    case PC_ERR_REQUEST: return "bad-request";
    case PC_ERR_POLICY: return "unknown-policy";
    case PC_ERR_TOO_LARGE: return "too-large";
    case PC_ERR_UTF8: return "bad-utf8";
    default: return "internal";
    }
}

pc_status pc__json_parse(const char *s, size_t n, json_t **out)
{
    return pc__json_read(s, n, PC_PROTOCOL_MAX_DEPTH, PC__JSON_NUL, out);
}

/* Renders an error reply with the given id (NULL: "id": null). */
static char *error_reply(json_t *id, pc_status st, const char *message,
                         size_t *len)
{
    json_t *o = json_pack("{s:s, s:O?, s:s, s:s}", "type", "error", "id", id,
                          "code", pc_protocol_code(st), "message", message);
    char *out;

    if (!o) {
        return NULL;
    }
    out = pc__dump(o, len);
    json_decref(o);
    return out;
}

char *pc_protocol_error_reply(pc_status st, const char *message, size_t *len)
{
    return error_reply(NULL, st, message, len);
}

/* Returns 1 if objects and arrays in s[0..n) nest deeper than max. Strings
 * are skipped, escapes included; the JSON itself is checked later. */
static int nests_deeper(const char *s, size_t n, int max)
{
    int depth = 0, in_str = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        char c = s[i];
        if (in_str) {
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                in_str = 0;
            }
        } else if (c == '"') {
            in_str = 1;
        } else if (c == '{' || c == '[') {
            if (++depth > max) {
                return 1;
            }
        } else if (c == '}' || c == ']') {
            depth--;
        }
    }
    return 0;
}

/* Reads the id of a request that is not valid UTF-8, from a copy with
 * every invalid byte replaced by '?'. Returns a new reference or NULL. */
static json_t *salvage_id(const char *req, size_t len)
{
    char *copy = malloc(len ? len : 1);
    size_t pos = 0, bad;
    json_t *root, *id = NULL;

    if (!copy) {
        return NULL;
    }
    memcpy(copy, req, len);
    while (pos < len && !pc_utf8_valid(copy + pos, len - pos, &bad)) {
        copy[pos + bad] = '?';
        pos += bad + 1;
    }
    root = json_loadb(copy, len, JSON_ALLOW_NUL, NULL);
    id = json_object_get(root, "id");
    if ((json_is_string(id) && json_string_length(id) <= PC_PROTOCOL_MAX_ID)
        || json_is_number(id)) {
        json_incref(id);
    } else {
        id = NULL;
    }
    json_decref(root);
    free(copy);
    return id;
}

/* Parses req into r's root object, or returns NULL with r->err set. Sets
 * r->id (borrowed from the root) when the id is readable. */
static json_t *parse_request(pc__req *r, const char *req, size_t len)
{
    json_error_t jerr;
    json_t *root, *id;
    /* One pass for the requests a browser sends; jansson for the rest,
     * whose errors the reply quotes. */
    pc_status st = pc__json_parse(req, len, &root);

    /* The one-pass reader takes nothing nested past the limit, so the
     * nesting is looked at only when it declines, before anything else
     * is said about the request (as when it was looked at first). */
    if (st != PC_OK && nests_deeper(req, len, PC_PROTOCOL_MAX_DEPTH)) {
        pc_error_set(&r->err, PC_ERR_JSON,
                     "the request nests deeper than %d levels",
                     PC_PROTOCOL_MAX_DEPTH);
        return NULL;
    }
    if (st == PC_ERR_NOMEM) {
        pc_error_set(&r->err, PC_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (!root) {
        /* Zeroed: jansson does not always fill in the code it keeps at
         * the end of the text. */
        memset(&jerr, 0, sizeof jerr);
        root = json_loadb(req, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL
                          | JSON_DECODE_ANY, &jerr);
    }
    /* jansson leaves the message empty when its own set-up fails. */
    if (!root && (json_error_code(&jerr) == json_error_out_of_memory ||
                  jerr.text[0] == '\0')) {
        pc_error_set(&r->err, PC_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (!root) {
        /* jansson may quote a short token ("near '...'"), which could be
         * a piece of the post: keep only its reason. */
        char *near = strstr(jerr.text, " near '");
        if (near) {
            *near = '\0';
        }
        pc_error_set(&r->err, PC_ERR_JSON, "invalid JSON at line %d column "
                     "%d: %s", jerr.line, jerr.column, jerr.text);
        return NULL;
    }
    if (!json_is_object(root)) {
        pc_error_set(&r->err, PC_ERR_REQUEST,
                     "a request must be a JSON object");
        json_decref(root);
        return NULL;
    }
    id = json_object_get(root, "id");
    if (json_is_string(id) && json_string_length(id) > PC_PROTOCOL_MAX_ID) {
        pc_error_set(&r->err, PC_ERR_REQUEST, "id must be at most %d bytes",
                     PC_PROTOCOL_MAX_ID);
        json_decref(root);
        return NULL;
    } else if (json_is_string(id) || json_is_number(id)) {
        r->id = id;
    } else if (id && !json_is_null(id)) {
        pc_error_set(&r->err, PC_ERR_REQUEST,
                     "id must be a number or a string");
        json_decref(root);
        return NULL;
    }
    return root;
}

/* The ids of every pack, as a JSON array (new reference) or NULL. */
static json_t *policy_ids(const pc_packset *ps)
{
    json_t *arr = json_array();
    size_t i;

    for (i = 0; arr && i < pc_packset_count(ps); i++) {
        const char *id = pc_pack_id(pc_packset_at(ps, i));
        if (json_array_append_new(arr, json_string(id)) != 0) {
            json_decref(arr);
            return NULL;
        }
    }
    return arr;
}

static char *do_hello(pc__req *r, json_t *root, size_t *len)
{
    json_t *proto = json_object_get(root, "protocol");
    json_t *o;
    char *out;

    json_t *policy = json_object_get(root, "policy");
    json_t *images = json_object_get(root, "images");

    if (proto && !json_is_integer(proto)) {
        pc_error_set(&r->err, PC_ERR_REQUEST,
                     "protocol must be an integer");
        return NULL;
    }
    if (policy && !json_is_null(policy) &&
        (!json_is_string(policy) ||
         strlen(json_string_value(policy)) != json_string_length(policy))) {
        pc_error_set(&r->err, PC_ERR_REQUEST,
                     "policy must be a string without NUL");
        return NULL;
    }
    if (images && !json_is_boolean(images)) {
        pc_error_set(&r->err, PC_ERR_REQUEST, "images must be a boolean");
        return NULL;
    }
    if (json_is_string(policy) && r->hint) {
        snprintf(r->hint, r->hint_size, "%s", json_string_value(policy));
    }
    if (json_is_true(images) && json_is_string(policy)) {
        pc__expect_images(r->ps, json_string_value(policy));
    }
    o = json_pack("{s:s, s:O*, s:i, s:s, s:o, s:[ss]}", "type", "hello",
                  "id", r->id, "protocol", PC_PROTOCOL, "version", PC_VERSION,
                  "policies", policy_ids(r->ps), "pixels", "rgb", "jpeg");
    out = o ? pc__dump(o, len) : NULL;
    json_decref(o);
    return out;
}

/* One pack as an entry of the policies reply (new reference) or NULL. */
static json_t *policy_entry(const pc_pack *p)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", pc_pack_id(p),
                     "name", pc_pack_name(p), "organisation",
                     pc_pack_organisation(p), "version", pc_pack_version(p),
                     "source", pc_pack_source(p));
}

static char *do_policies(pc__req *r, json_t *root, size_t *len)
{
    json_t *arr = json_array();
    json_t *o = NULL;
    char *out = NULL;
    size_t i;

    for (i = 0; arr && i < pc_packset_count(r->ps); i++) {
        if (json_array_append_new(arr,
                                  policy_entry(pc_packset_at(r->ps, i)))) {
            goto out;
        }
    }
    o = json_pack("{s:s, s:O*, s:O}", "type", "policies", "id", r->id,
                  "policies", arr);
    out = o ? pc__dump(o, len) : NULL;
out:
    json_decref(o);
    json_decref(arr);
    return out;
}

/* Dispatches on "type". Returns the reply or NULL with r->err set. */
static char *dispatch(pc__req *r, json_t *root, size_t *len)
{
    json_t *type = json_object_get(root, "type");
    const char *t;
    char *out = NULL;

    if (!type || !json_is_string(type)) {
        pc_error_set(&r->err, PC_ERR_REQUEST, type ? "type must be a string"
                                                   : "type is missing");
        return NULL;
    }
    t = json_string_value(type);
    if (strlen(t) != json_string_length(type)) {
        pc_error_set(&r->err, PC_ERR_REQUEST, "type must not contain NUL");
        return NULL;
    }
    if (strcmp(t, "hello") == 0) {
        out = do_hello(r, root, len);
    } else if (strcmp(t, "policies") == 0) {
        out = do_policies(r, root, len);
    } else if (strcmp(t, "check") == 0) {
        out = pc__protocol_check(r, root, len);
    } else {
        pc_error_set(&r->err, PC_ERR_REQUEST, "unknown request type; "
                     "known types: hello, policies, check");
        return NULL;
    }
    if (!out) {
        /* Handlers set their own errors; an unset one is memory. */
        pc_error_set(&r->err, PC_ERR_NOMEM, "out of memory");
    }
    return out;
}

/* The request is invalid UTF-8: reply bad-utf8 with the offset. */
static char *utf8_reply(const char *req, size_t len, size_t bad,
                        size_t *out_len)
{
    json_t *id = salvage_id(req, len);
    char msg[96];
    char *out;

    snprintf(msg, sizeof msg, "the request is not valid UTF-8 (byte %zu)",
             bad);
    out = error_reply(id, PC_ERR_UTF8, msg, out_len);
    json_decref(id);
    return out;
}

pc_status pc_protocol_handle(pc_packset *ps, const char *req,
                             size_t len, char **reply, size_t *reply_len)
{
    return pc_protocol_handle_hint(ps, req, len, reply, reply_len, NULL, 0);
}

pc_status pc_protocol_handle_hint(pc_packset *ps, const char *req,
                                   size_t len, char **reply,
                                   size_t *reply_len, char *hint,
                                   size_t hint_size)
{
    pc__req r;
    pc__check_req q;
    json_t *root = NULL, *own_id = NULL;
    char *arena = NULL;
    size_t bad;
    pc_status st;
    int fast;

    memset(&r, 0, sizeof r);
    r.ps = ps;
    r.hint = hint;
    r.hint_size = hint_size;
    r.t0_ns = pc__now_ns();
    pc_error_clear(&r.err);
    *reply = NULL;
    *reply_len = 0;
    /* A check request of the usual shape, read without a tree; it
     * checks the UTF-8 it reads, and takes only what is valid. */
    fast = fast_on ? pc__check_read_fast(req, len, &q, &own_id, &arena)
                   : 0;
    if (fast > 0) {
        r.id = own_id;
        *reply = pc__protocol_check_fields(&r, &q, reply_len);
        if (!*reply && r.err.code == PC_OK) {
            pc_error_set(&r.err, PC_ERR_NOMEM, "out of memory");
        }
    } else if (fast < 0) {
        pc_error_set(&r.err, PC_ERR_NOMEM, "out of memory");
    } else if (!pc_utf8_valid(req, len, &bad)) {
        *reply = utf8_reply(req, len, bad, reply_len);
        return *reply ? PC_ERR_UTF8 : PC_ERR_NOMEM;
    } else {
        root = parse_request(&r, req, len);
    }
    if (root) {
        *reply = dispatch(&r, root, reply_len);
    }
    if (*reply && *reply_len > PC_PROTOCOL_MAX_REPLY) {
        /* Pack fields and counts are bounded at load so this cannot
         * happen; if it did, the browser would drop the host. */
        free(*reply);
        *reply = NULL;
        pc_error_set(&r.err, PC_ERR_INTERNAL, "the reply would be larger "
                     "than %u bytes", PC_PROTOCOL_MAX_REPLY);
    }
    st = *reply ? PC_OK : r.err.code;
    if (!*reply) {
        /* Out of memory is reported as "internal", if a reply fits. */
        *reply = error_reply(r.id, st, r.err.text, reply_len);
        st = st == PC_ERR_NOMEM ? PC_ERR_INTERNAL : st;
    }
    json_decref(root);
    json_decref(own_id);
    free(arena);
    return *reply ? st : PC_ERR_NOMEM;
}
