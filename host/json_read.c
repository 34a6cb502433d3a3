/* json_read.c: reads JSON in one pass over its bytes (pc__json_read),
 * for the requests the browser sends and the policy packs: an object of
 * strings, numbers, booleans, nulls, arrays and objects.
 *
 * jansson's reader (json_loadb) costs about 150 instructions a byte, more
 * than the rest of the host's handling of a 280-character check,
 * milliseconds for a long post or an image's pixels, and a quarter of
 * the host's start (a pack's 54 KB). This reader builds the same jansson
 * values (json_equal to what json_loadb returns with
 * JSON_REJECT_DUPLICATES, and JSON_ALLOW_NUL when asked) for the input it
 * takes, and declines (PC_ERR_JSON) anything else: invalid JSON, a
 * duplicate key, a NUL in a key (or in a string when NUL is not allowed),
 * an integer of more than 18 digits, a real when reals are not asked for
 * or one that overflows, a lone surrogate, a root that is not an object,
 * nesting past the caller's limit. The caller then reads the text with
 * jansson, whose error messages it quotes, so what users see is the same
 * either way. The input must be valid UTF-8 (the caller checks it
 * first). Never logs.
 *
 * It reads with the host's one JSON scanner (json_cur.c: strings, words,
 * integers, a value skipped), which the protocol's check reader
 * (protocol_fast.c) and the pack loader's error positions (pack_json.c)
 * read with too. */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"

typedef struct reader {
    pc__json_cur c;
    int depth;
    int nomem;                 /* an allocation failed */
    int max_depth;
    unsigned flags;            /* PC__JSON_NUL, PC__JSON_REALS */
} reader;

/* v, or NULL with r->nomem set when v is NULL (an allocation failed). */
static json_t *made(reader *r, json_t *v)
{
    r->nomem |= v == NULL;
    return v;
}

static json_t *read_value(reader *r);

/* Reads a string. Sets *out (owned, free with free()) and *len; *out
 * stays NULL when no copy was needed and then the string is
 * s[*from, *from + *len). Returns 0 or -1. */
static int read_string(reader *r, char **out, size_t *from, size_t *len)
{
    size_t end;
    int escaped = pc__json_string(&r->c, 0, from, &end);
    long k;

    *out = NULL;
    if (escaped < 0) {
        return -1;
    }
    *len = end - *from;
    if (!escaped) {
        return 0;
    }
    *out = malloc(*len + 1);
    if (!*out) {
        r->nomem = 1;
        return -1;
    }
    k = pc__json_unescape(r->c.s, *from, end, *out);
    if (k < 0) {
        free(*out);
        *out = NULL;
        return -1;
    }
    *len = (size_t)k;
    return 0;
}

static json_t *read_string_value(reader *r)
{
    char *own;
    size_t from, len;
    json_t *v;

    if (read_string(r, &own, &from, &len) != 0) {
        return NULL;
    }
    if (!(r->flags & PC__JSON_NUL) &&
        memchr(own ? own : r->c.s + from, '\0', len)) {
        /* jansson refuses "\u0000" without JSON_ALLOW_NUL. */
        free(own);
        return NULL;
    }
    v = made(r, json_stringn_nocheck(own ? own : r->c.s + from, len));
    free(own);
    return v;
}

/* An integer as pc__json_integer reads it; anything else is declined
 * (read_number reads reals). */
static json_t *read_integer(reader *r)
{
    json_int_t v;

    if (pc__json_integer(&r->c, &v) != PC_OK) {
        return NULL;
    }
    return made(r, json_integer(v));
}

static int is_digit(const reader *r, size_t i)
{
    return i < r->c.n && r->c.s[i] >= '0' && r->c.s[i] <= '9';
}

/* A number with a fraction or an exponent, s[r->c.i, end), read as
 * jansson does (strtod of the token, refused when it overflows). */
static json_t *read_real(reader *r, size_t end)
{
    char buf[64], *stop;
    size_t len = end - r->c.i;
    double d;

    if (!(r->flags & PC__JSON_REALS) || len >= sizeof buf ||
        localeconv()->decimal_point[0] != '.' ||
        localeconv()->decimal_point[1] != '\0') {
        return NULL;
    }
    memcpy(buf, r->c.s + r->c.i, len);
    buf[len] = '\0';
    errno = 0;
    d = strtod(buf, &stop);
    if (stop != buf + len || ((d == HUGE_VAL || d == -HUGE_VAL) &&
                              errno == ERANGE)) {
        return NULL;
    }
    r->c.i = end;
    return made(r, json_real(d));
}

/* A number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, an integer
 * when it has neither fraction nor exponent. */
static json_t *read_number(reader *r)
{
    size_t i = r->c.i;
    int real = 0;

    if (r->c.s[i] == '-') {
        i++;
    }
    if (!is_digit(r, i)) {
        return NULL;
    }
    while (is_digit(r, i)) {
        i++;
    }
    if (i < r->c.n && r->c.s[i] == '.') {
        if (!is_digit(r, ++i)) {
            return NULL;
        }
        while (is_digit(r, i)) {
            i++;
        }
        real = 1;
    }
    if (i < r->c.n && (r->c.s[i] == 'e' || r->c.s[i] == 'E')) {
        i++;
        if (i < r->c.n && (r->c.s[i] == '+' || r->c.s[i] == '-')) {
            i++;
        }
        if (!is_digit(r, i)) {
            return NULL;
        }
        while (is_digit(r, i)) {
            i++;
        }
        real = 1;
    }
    if (!real) {
        return read_integer(r);
    }
    /* jansson refuses a leading zero followed by a digit. */
    if (r->c.s[r->c.i + (r->c.s[r->c.i] == '-')] == '0' &&
        is_digit(r, r->c.i + (r->c.s[r->c.i] == '-') + 1)) {
        return NULL;
    }
    return read_real(r, i);
}

/* true, false or null. What follows it is checked by the caller: a ','
 * or the container's closing byte. */
static json_t *read_word(reader *r)
{
    if (pc__json_word(&r->c, "true")) {
        return json_true();
    }
    if (pc__json_word(&r->c, "false")) {
        return json_false();
    }
    return pc__json_word(&r->c, "null") ? json_null() : NULL;
}

/* After a member or element: 1 when a ',' says another follows, 0 when
 * close ends the container, -1 on anything else. */
static int next_item(reader *r, char close)
{
    return pc__json_eat(&r->c, ',') ? 1 : pc__json_eat(&r->c, close) ? 0
                                                                      : -1;
}

/* Steps past a string as read_string_value (nul: NUL allowed) or a key
 * (nul 0) is read, nothing built. Returns 0 or -1. */
static int skip_string(reader *r, int nul)
{
    char *own;
    size_t from, len;
    int bad;

    if (read_string(r, &own, &from, &len) != 0) {
        return -1;
    }
    bad = !nul && memchr(own ? own : r->c.s + from, '\0', len);
    free(own);
    return bad ? -1 : 0;
}

/* Steps past one value, checked as read_value would read it (the
 * depth, strings, escapes, numbers, words) but not built; only its keys'
 * duplicates are not looked for. Returns 0 or -1. */
static int skip_value(reader *r)
{
    char c, close;
    int more, rc = 0;
    json_t *v;

    pc__json_ws(&r->c);
    c = r->c.i < r->c.n ? r->c.s[r->c.i] : '\0';
    if (c == '"') {
        return skip_string(r, (r->flags & PC__JSON_NUL) != 0);
    }
    if (c != '{' && c != '[') {
        v = read_value(r);
        json_decref(v);
        return v ? 0 : -1;
    }
    if (++r->depth > r->max_depth) {
        return -1;
    }
    r->c.i++;
    close = c == '{' ? '}' : ']';
    more = !pc__json_eat(&r->c, close);
    while (more == 1 && rc == 0) {
        if (c == '{') {
            pc__json_ws(&r->c);
            rc = skip_string(r, 0) == 0 && pc__json_eat(&r->c, ':') ? 0 : -1;
        }
        rc = rc == 0 ? skip_value(r) : rc;
        more = rc == 0 ? next_item(r, close) : -1;
    }
    r->depth--;
    return more == 0 ? 0 : -1;
}

/* Reads one "key": value member into obj. Returns 0 or -1. */
static int read_member(reader *r, json_t *obj)
{
    char *own;
    size_t from, len;
    const char *key;
    json_t *v = NULL;

    if (read_string(r, &own, &from, &len) != 0) {
        return -1;
    }
    key = own ? own : r->c.s + from;
    if ((r->flags & PC__JSON_NO_EXAMPLES) && r->depth == 3 && len == 8 &&
        memcmp(key, "examples", 8) == 0) {
        free(own);
        if (json_object_getn(obj, "examples", 8) ||
            !pc__json_eat(&r->c, ':') || skip_value(r) != 0) {
            return -1;
        }
        /* null in its place: the key is there, its value left out */
        if (json_object_setn_new_nocheck(obj, "examples", 8,
                                         json_null()) != 0) {
            r->nomem = 1;
            return -1;
        }
        return 0;
    }
    if (!memchr(key, '\0', len) && !json_object_getn(obj, key, len) &&
        pc__json_eat(&r->c, ':')) {
        v = read_value(r);
    }
    if (v && json_object_setn_new_nocheck(obj, key, len, v) != 0) {
        r->nomem = 1;
        v = NULL;
    }
    free(own);
    return v ? 0 : -1;
}

/* Reads the members of an object after its '{'. */
static int read_members(reader *r, json_t *obj)
{
    int more = !pc__json_eat(&r->c, '}');

    while (more == 1) {
        if (read_member(r, obj) != 0) {
            return -1;
        }
        more = next_item(r, '}');
    }
    return more;
}

/* Reads the elements of an array after its '['. */
static int read_elements(reader *r, json_t *arr)
{
    int more = !pc__json_eat(&r->c, ']');

    while (more == 1) {
        json_t *v = read_value(r);
        if (!v) {
            return -1;
        }
        if (json_array_append_new(arr, v) != 0) {
            r->nomem = 1;
            return -1;
        }
        more = next_item(r, ']');
    }
    return more;
}

/* An object or array after its opening byte, within the depth limit. */
static json_t *read_container(reader *r, int object)
{
    json_t *v;
    int rc;

    if (++r->depth > r->max_depth) {
        return NULL;
    }
    r->c.i++;
    v = made(r, object ? json_object() : json_array());
    rc = !v || (object ? read_members(r, v) : read_elements(r, v));
    r->depth--;
    if (rc) {
        json_decref(v);
        return NULL;
    }
    return v;
}

static json_t *read_value(reader *r)
{
    char c;

    pc__json_ws(&r->c);
    if (r->c.i >= r->c.n) {
        return NULL;
    }
    c = r->c.s[r->c.i];
    if (c == '{' || c == '[') {
        return read_container(r, c == '{');
    }
    if (c == '"') {
        return read_string_value(r);
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
        return read_number(r);
    }
    return read_word(r);
}

pc_status pc__json_read(const char *s, size_t n, int max_depth,
                        unsigned flags, json_t **out)
{
    reader r = {{s, n, 0}, 0, 0, max_depth, flags};

    *out = NULL;
    pc__json_ws(&r.c);
    if (r.c.i >= n || s[r.c.i] != '{') {
        return PC_ERR_JSON;
    }
    *out = read_value(&r);
    if (*out && pc__json_end(&r.c)) {
        return PC_OK;
    }
    json_decref(*out);
    *out = NULL;
    return r.nomem ? PC_ERR_NOMEM : PC_ERR_JSON;
}
