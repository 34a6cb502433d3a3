/* pack_json.c: typed reads of a pack's JSON, each failure reported with
 * the file, line and column of the field and its path (rules[3].severity).
 * The position is found by walking the raw text along the path with the
 * host's JSON cursor (json_cur.h): jansson does not record positions of
 * parsed values. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"
#include "pack_json.h"

void pc__v_key(pc__vctx *v, const char *key)
{
    if (v->depth < PC__VPATH_MAX) {
        v->key[v->depth] = key;
        v->idx[v->depth] = 0;
    }
    v->depth++;
}

void pc__v_idx(pc__vctx *v, size_t i)
{
    if (v->depth < PC__VPATH_MAX) {
        v->key[v->depth] = NULL;
        v->idx[v->depth] = i;
    }
    v->depth++;
}

void pc__v_pop(pc__vctx *v)
{
    if (v->depth > 0) {
        v->depth--;
    }
}

/* 1 when the string at c (a key) is written as key is, 0 when it is
 * another (c past it either way), -1 when no string comes next. */
static int key_is(pc__json_cur *c, const char *key)
{
    size_t from, end, klen = strlen(key);

    if (pc__json_string(c, 0, &from, &end) < 0) {
        return -1;
    }
    return end - from == klen && memcmp(c->s + from, key, klen) == 0;
}

/* The offset of the current path's value in the text (of its key when
 * the last segment is a key), or of the byte where the path leaves the
 * text (a container's closing byte, a value of another kind). */
static size_t locate(const pc__vctx *v)
{
    pc__json_cur c = {v->json, v->len, 0};
    int depth = v->depth < PC__VPATH_MAX ? v->depth : PC__VPATH_MAX;

    for (int d = 0; d < depth; d++) {
        const char *key = v->key[d];
        size_t k = 0, at = 0;
        int found = 0;
        if (!pc__json_eat(&c, key ? '{' : '[')) {
            break;
        }
        while (!found) {
            /* The next member (element): the one sought, or skipped. */
            pc__json_ws(&c);
            at = c.i;
            if (key) {
                found = key_is(&c, key);
                if (found < 0 || (!found && !(pc__json_eat(&c, ':') &&
                                             pc__json_skip(&c) == 0))) {
                    break;
                }
            } else {
                found = k++ == v->idx[d] && at < c.n && c.s[at] != ']';
                if (!found && pc__json_skip(&c) != 0) {
                    break;
                }
            }
            if (!found) {
                (void)pc__json_eat(&c, ',');
            }
        }
        if (found <= 0 || !key || d + 1 == depth) {
            c.i = at;
        }
        if (found <= 0) {
            break;
        }
        if (key && d + 1 < depth) {
            (void)pc__json_eat(&c, ':');
        }
    }
    pc__json_ws(&c);
    return c.i;
}

char *pc__json_peek_string(const char *json, size_t len, const char *key1,
                           const char *key2)
{
    pc__vctx v = {json, len, NULL, NULL, {key1, key2}, {0}, key2 ? 2 : 1, 0};
    pc__json_cur c = {json, len, 0};
    size_t from, end;
    long k;
    int got = -1;
    char *out;

    /* locate() stops at the key: step over it and the colon. */
    c.i = locate(&v);
    if (key_is(&c, key2 ? key2 : key1) == 1 && pc__json_eat(&c, ':')) {
        got = pc__json_string(&c, PC__JSON_UTF8, &from, &end);
    }
    out = got < 0 ? NULL : malloc(end - from + 1);
    if (!out) {
        return NULL;
    }
    k = pc__json_unescape(json, from, end, out);
    if (k < 0 || memchr(out, '\0', (size_t)k)) {
        /* Not a string jansson would read (a NUL needs JSON_ALLOW_NUL). */
        free(out);
        return NULL;
    }
    out[k] = '\0';
    return out;
}

static void path_string(const pc__vctx *v, char *buf, size_t cap)
{
    size_t len = 0;
    int depth = v->depth < PC__VPATH_MAX ? v->depth : PC__VPATH_MAX;

    buf[0] = '\0';
    for (int d = 0; d < depth && len < cap; d++) {
        if (v->key[d]) {
            len += (size_t)snprintf(buf + len, cap - len, "%s%s",
                                    d ? "." : "", v->key[d]);
        } else {
            len += (size_t)snprintf(buf + len, cap - len, "[%zu]",
                                    v->idx[d]);
        }
    }
    if (!buf[0]) {
        snprintf(buf, cap, "(top level)");
    }
}

pc_status pc__v_fail(pc__vctx *v, pc_status code, const char *fmt, ...)
{
    char path[128], msg[PC_ERROR_TEXT];
    size_t off = v->json ? locate(v) : 0;
    int line = 1, col = 1;
    va_list ap;

    if (!v->err || v->err->code != PC_OK) {
        return code;
    }
    for (size_t i = 0; v->json && i < off && i < v->len; i++) {
        if (v->json[i] == '\n') {
            line++;
            col = 1;
        } else if (((unsigned char)v->json[i] & 0xC0) != 0x80) {
            col++;
        }
    }
    path_string(v, path, sizeof path);
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return pc_error_at(v->err, code, v->file, line, col, "%s: %s", path,
                       msg);
}

static int in_list(const char *key, const char *const *list)
{
    for (; list && *list; list++) {
        if (strcmp(key, *list) == 0) {
            return 1;
        }
    }
    return 0;
}

pc_status pc__v_keys(pc__vctx *v, json_t *obj, const char *const *allowed,
                     const char *const *required)
{
    const char *key;
    json_t *val;

    if (!json_is_object(obj)) {
        return pc__v_fail(v, PC_ERR_PACK, "must be an object");
    }
    json_object_foreach(obj, key, val) {
        if (!in_list(key, allowed)) {
            pc__v_key(v, key);
            pc__v_fail(v, PC_ERR_PACK, "unknown key '%s'", key);
            pc__v_pop(v);
            return PC_ERR_PACK;
        }
    }
    for (; required && *required; required++) {
        if (!json_object_get(obj, *required)) {
            return pc__v_fail(v, PC_ERR_PACK, "missing required key '%s'",
                              *required);
        }
    }
    return PC_OK;
}

static pc_status typed(pc__vctx *v, json_t *obj, const char *key,
                       int required, json_t **out)
{
    *out = json_object_get(obj, key);
    if (!*out && required) {
        return pc__v_fail(v, PC_ERR_PACK, "missing required key '%s'", key);
    }
    return PC_OK;
}

pc_status pc__v_string(pc__vctx *v, json_t *obj, const char *key,
                       int required, char **out)
{
    json_t *val;
    pc_status st = typed(v, obj, key, required, &val);

    *out = NULL;
    if (st != PC_OK || !val) {
        return st;
    }
    pc__v_key(v, key);
    if (!json_is_string(val) || json_string_length(val) == 0) {
        st = pc__v_fail(v, PC_ERR_PACK, "must be a non-empty string");
    } else if (!(*out = strdup(json_string_value(val)))) {
        st = PC_ERR_NOMEM;
    }
    pc__v_pop(v);
    return st;
}

pc_status pc__v_bool(pc__vctx *v, json_t *obj, const char *key, int dflt,
                     int *out)
{
    json_t *val = json_object_get(obj, key);
    pc_status st = PC_OK;

    *out = dflt;
    if (!val) {
        return PC_OK;
    }
    pc__v_key(v, key);
    if (!json_is_boolean(val)) {
        st = pc__v_fail(v, PC_ERR_PACK, "must be true or false");
    } else {
        *out = json_is_true(val);
    }
    pc__v_pop(v);
    return st;
}

pc_status pc__v_int(pc__vctx *v, json_t *obj, const char *key, long dflt,
                    long lo, long hi, long *out)
{
    json_t *val = json_object_get(obj, key);
    pc_status st = PC_OK;

    *out = dflt;
    if (!val) {
        return PC_OK;
    }
    pc__v_key(v, key);
    if (!json_is_integer(val) || json_integer_value(val) < lo ||
        json_integer_value(val) > hi) {
        st = pc__v_fail(v, PC_ERR_PACK, "must be an integer from %ld to %ld",
                        lo, hi);
    } else {
        *out = (long)json_integer_value(val);
    }
    pc__v_pop(v);
    return st;
}

pc_status pc__v_array(pc__vctx *v, json_t *obj, const char *key,
                      int required, json_t **out)
{
    pc_status st = typed(v, obj, key, required, out);

    if (st != PC_OK || !*out) {
        return st;
    }
    if (!json_is_array(*out)) {
        pc__v_key(v, key);
        st = pc__v_fail(v, PC_ERR_PACK, "must be an array");
        pc__v_pop(v);
    }
    return st;
}

pc_status pc__v_enum(pc__vctx *v, json_t *obj, const char *key,
                     const char *const *choices, int required, int dflt,
                     int *out)
{
    json_t *val;
    pc_status st = typed(v, obj, key, required, &val);

    *out = dflt;
    if (st != PC_OK || !val) {
        return st;
    }
    pc__v_key(v, key);
    st = PC_ERR_PACK;
    if (json_is_string(val)) {
        for (int i = 0; choices[i]; i++) {
            if (strcmp(choices[i], json_string_value(val)) == 0) {
                *out = i;
                st = PC_OK;
            }
        }
    }
    if (st != PC_OK) {
        char list[160] = "";
        size_t len = 0;
        for (int i = 0; choices[i] && len < sizeof list; i++) {
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
                                    i ? ", " : "", choices[i]);
        }
        st = pc__v_fail(v, PC_ERR_PACK, "must be one of: %s", list);
    }
    pc__v_pop(v);
    return st;
}
