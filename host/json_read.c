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
 * first). Never logs. */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"

typedef struct reader {
    const char *s;
    size_t n;
    size_t i;
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

static void skip_ws(reader *r)
{
    while (r->i < r->n && (r->s[r->i] == ' ' || r->s[r->i] == '\n' ||
                           r->s[r->i] == '\r' || r->s[r->i] == '\t')) {
        r->i++;
    }
}

static int hex4(const char *p, unsigned *out)
{
    unsigned v = 0;

    for (int k = 0; k < 4; k++) {
        char c = p[k];
        v <<= 4;
        if (c >= '0' && c <= '9') {
            v |= (unsigned)(c - '0');
        } else if (c >= 'a' && c <= 'f') {
            v |= (unsigned)(c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            v |= (unsigned)(c - 'A' + 10);
        } else {
            return -1;
        }
    }
    *out = v;
    return 0;
}

/* Writes code point cp as UTF-8 at t; returns the byte count. */
static size_t put_utf8(unsigned cp, char *t)
{
    if (cp < 0x80) {
        t[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        t[0] = (char)(0xC0 | (cp >> 6));
        t[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        t[0] = (char)(0xE0 | (cp >> 12));
        t[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        t[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    t[0] = (char)(0xF0 | (cp >> 18));
    t[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    t[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    t[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes one \uXXXX escape (and its low surrogate) at s[*i] (the 'u').
 * Returns the code point, or -1 where jansson would refuse it. */
static long unicode_escape(const char *s, size_t end, size_t *i)
{
    unsigned hi, lo;

    if (end - *i < 5 || hex4(s + *i + 1, &hi) != 0) {
        return -1;
    }
    *i += 5;
    if (hi >= 0xDC00 && hi <= 0xDFFF) {
        return -1;
    }
    if (hi < 0xD800 || hi > 0xDBFF) {
        return (long)hi;
    }
    if (end - *i < 6 || s[*i] != '\\' || s[*i + 1] != 'u' ||
        hex4(s + *i + 2, &lo) != 0 || lo < 0xDC00 || lo > 0xDFFF) {
        return -1;
    }
    *i += 6;
    return 0x10000L + (((long)hi - 0xD800) << 10) + ((long)lo - 0xDC00);
}

long pc__json_unescape(const char *s, size_t from, size_t end, char *t)
{
    size_t k = 0;

    for (size_t i = from; i < end;) {
        static const char plain[] = "\"\\/bfnrt";
        static const char value[] = "\"\\/\b\f\n\r\t";
        const char *e;
        long cp;
        if (s[i] != '\\') {
            /* The run up to the next escape, whole. */
            const char *bs = memchr(s + i, '\\', end - i);
            size_t run = bs ? (size_t)(bs - (s + i)) : end - i;
            memcpy(t + k, s + i, run);
            k += run;
            i += run;
            continue;
        }
        i++;
        if (s[i] == 'u') {
            cp = unicode_escape(s, end, &i);
            if (cp < 0) {
                return -1;
            }
            k += put_utf8((unsigned)cp, t + k);
            continue;
        }
        e = strchr(plain, s[i]);
        if (!e || s[i] == '\0') {
            return -1;
        }
        t[k++] = value[e - plain];
        i++;
    }
    return (long)k;
}

/* Reads a string at s[r->i] (the opening quote). Sets *out (owned, free
 * with free()) and *len; *out stays NULL when no copy was needed and
 * then the string is s[*from, *from + *len). Returns 0 or -1. */
static int read_string(reader *r, char **out, size_t *from, size_t *len)
{
    size_t i = r->i + 1, start = i;
    int escaped = 0;
    long k;

    *out = NULL;
    for (;; i++) {
        unsigned char c;
        while (r->n - i >= 8 &&
               !pc__json_special8((const unsigned char *)r->s + i)) {
            i += 8;
        }
        if (i >= r->n) {
            return -1;
        }
        c = (unsigned char)r->s[i];
        if (c == '"') {
            break;
        }
        if (c < 0x20) {
            return -1;
        }
        if (c == '\\') {
            escaped = 1;
            if (++i >= r->n) {
                return -1;
            }
        }
    }
    r->i = i + 1;
    *from = start;
    *len = i - start;
    if (!escaped) {
        return 0;
    }
    *out = malloc(*len + 1);
    if (!*out) {
        r->nomem = 1;
        return -1;
    }
    k = pc__json_unescape(r->s, start, i, *out);
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
        memchr(own ? own : r->s + from, '\0', len)) {
        /* jansson refuses "\u0000" without JSON_ALLOW_NUL. */
        free(own);
        return NULL;
    }
    v = made(r, json_stringn_nocheck(own ? own : r->s + from, len));
    free(own);
    return v;
}

pc_status pc__json_integer_at(const char *s, size_t n, size_t *i,
                              json_int_t *out)
{
    size_t at = *i, digits;
    int neg = 0;
    json_int_t v = 0;

    if (at < n && s[at] == '-') {
        neg = 1;
        at++;
    }
    for (digits = 0; at < n && s[at] >= '0' && s[at] <= '9';
         at++, digits++) {
        /* Past 18 digits the number is declined below, unread. */
        v = digits < 18 ? v * 10 + (s[at] - '0') : v;
    }
    if (digits == 0 || digits > 18 || (digits > 1 && s[*i + neg] == '0') ||
        (at < n && (s[at] == '.' || s[at] == 'e' || s[at] == 'E'))) {
        return PC_ERR_REQUEST;
    }
    *i = at;
    *out = neg ? -v : v;
    return PC_OK;
}

/* An integer as pc__json_integer_at reads it; anything else is declined
 * (read_number reads reals). */
static json_t *read_integer(reader *r)
{
    json_int_t v;

    if (pc__json_integer_at(r->s, r->n, &r->i, &v) != PC_OK) {
        return NULL;
    }
    return made(r, json_integer(v));
}

static int is_digit(const reader *r, size_t i)
{
    return i < r->n && r->s[i] >= '0' && r->s[i] <= '9';
}

/* A number with a fraction or an exponent, s[r->i, end), read as
 * jansson does (strtod of the token, refused when it overflows). */
static json_t *read_real(reader *r, size_t end)
{
    char buf[64], *stop;
    size_t len = end - r->i;
    double d;

    if (!(r->flags & PC__JSON_REALS) || len >= sizeof buf ||
        localeconv()->decimal_point[0] != '.' ||
        localeconv()->decimal_point[1] != '\0') {
        return NULL;
    }
    memcpy(buf, r->s + r->i, len);
    buf[len] = '\0';
    errno = 0;
    d = strtod(buf, &stop);
    if (stop != buf + len || ((d == HUGE_VAL || d == -HUGE_VAL) &&
                              errno == ERANGE)) {
        return NULL;
    }
    r->i = end;
    return made(r, json_real(d));
}

/* A number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, an integer
 * when it has neither fraction nor exponent. */
static json_t *read_number(reader *r)
{
    size_t i = r->i;
    int real = 0;

    if (r->s[i] == '-') {
        i++;
    }
    if (!is_digit(r, i)) {
        return NULL;
    }
    while (is_digit(r, i)) {
        i++;
    }
    if (i < r->n && r->s[i] == '.') {
        if (!is_digit(r, ++i)) {
            return NULL;
        }
        while (is_digit(r, i)) {
            i++;
        }
        real = 1;
    }
    if (i < r->n && (r->s[i] == 'e' || r->s[i] == 'E')) {
        i++;
        if (i < r->n && (r->s[i] == '+' || r->s[i] == '-')) {
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
    if (r->s[r->i + (r->s[r->i] == '-')] == '0' &&
        is_digit(r, r->i + (r->s[r->i] == '-') + 1)) {
        return NULL;
    }
    return read_real(r, i);
}

/* true, false or null, not followed by another letter. */
static json_t *read_word(reader *r)
{
    static const char *const words[] = {"true", "false", "null"};
    size_t i = r->i;

    for (int w = 0; w < 3; w++) {
        size_t n = strlen(words[w]);
        unsigned char next;
        if (r->n - i < n || memcmp(r->s + i, words[w], n) != 0) {
            continue;
        }
        next = i + n < r->n ? (unsigned char)r->s[i + n] : 0;
        if ((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z')) {
            return NULL;
        }
        r->i = i + n;
        return w == 0 ? json_true() : w == 1 ? json_false() : json_null();
    }
    return NULL;
}

/* After an opening '{' or '[' (close is its closing byte): 1 when the
 * container is empty (and then closed), else 0. */
static int closes_at_once(reader *r, char close)
{
    skip_ws(r);
    if (r->i < r->n && r->s[r->i] == close) {
        r->i++;
        return 1;
    }
    return 0;
}

/* After a member or element: 1 when a ',' says another follows, 0 when
 * close ends the container, -1 on anything else. */
static int next_item(reader *r, char close)
{
    skip_ws(r);
    if (r->i < r->n && (r->s[r->i] == ',' || r->s[r->i] == close)) {
        return r->s[r->i++] == ',';
    }
    return -1;
}

/* Reads one "key": value member into obj. Returns 0 or -1. */
static int read_member(reader *r, json_t *obj)
{
    char *own;
    size_t from, len;
    const char *key;
    json_t *v = NULL;

    skip_ws(r);
    if (r->i >= r->n || r->s[r->i] != '"' ||
        read_string(r, &own, &from, &len) != 0) {
        return -1;
    }
    key = own ? own : r->s + from;
    skip_ws(r);
    if (!memchr(key, '\0', len) && !json_object_getn(obj, key, len) &&
        r->i < r->n && r->s[r->i] == ':') {
        r->i++;
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
    int more = !closes_at_once(r, '}');

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
    int more = !closes_at_once(r, ']');

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
    r->i++;
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

    skip_ws(r);
    if (r->i >= r->n) {
        return NULL;
    }
    c = r->s[r->i];
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
    reader r = {s, n, 0, 0, 0, max_depth, flags};

    *out = NULL;
    skip_ws(&r);
    if (r.i >= n || s[r.i] != '{') {
        return PC_ERR_JSON;
    }
    *out = read_value(&r);
    skip_ws(&r);
    if (*out && r.i == n) {
        return PC_OK;
    }
    json_decref(*out);
    *out = NULL;
    return r.nomem ? PC_ERR_NOMEM : PC_ERR_JSON;
}
