/* json_cur.c: the host's one JSON scanner (json_cur.h), a cursor that
 * reads JSON text a token at a time: a string (its body found, its
 * escapes decoded on request, its UTF-8 checked when asked), an integer
 * as jansson reads it, a value skipped whole. The JSON reader
 * (json_read.c), the protocol's check reader (protocol_fast.c) and the
 * pack loader's error positions (pack_json.c) read with it. Never
 * allocates, never logs. */
#include <stdlib.h>
#include <string.h>

#include "json_cur.h"
#include "postcheck/text.h"

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

int pc__json_string(pc__json_cur *c, unsigned flags, size_t *from,
                    size_t *end)
{
    const unsigned char *u = (const unsigned char *)c->s;
    size_t i;
    int escaped = 0;

    pc__json_ws(c);
    if (c->i >= c->n || u[c->i] != '"') {
        return -1;
    }
    for (i = c->i + 1;; i++) {
        /* Plain ASCII sixteen bytes at a time (eight where fewer are
         * left), to the first that is not. */
        size_t k = 16;
        while (k == 16 && i + 16 <= c->n) {
            k = pc__json_plain16(u + i);
            i += k;
        }
        while (k == 16 && i + 8 <= c->n) {
            uint64_t m = pc__json_special8(u + i);
            if (m) {
                i += pc__json_plain_lead(m);
                break;
            }
            i += 8;
        }
        if (i >= c->n || u[i] < 0x20) {
            return -1;
        }
        if (u[i] == '"') {
            break;
        }
        if (u[i] == '\\') {
            /* The escaped byte is skipped here, checked when decoded. */
            escaped = 1;
            i++;
        } else if (u[i] >= 0x80 && (flags & PC__JSON_UTF8)) {
            /* The character's bytes, as many as its lead byte says. */
            size_t seq = u[i] < 0xE0 ? 2 : u[i] < 0xF0 ? 3 : 4;
            seq = seq < c->n - i ? seq : c->n - i;
            if (!pc_utf8_valid(c->s + i, seq, NULL)) {
                return -1;
            }
            i += seq - 1;
        }
    }
    *from = c->i + 1;
    *end = i;
    c->i = i + 1;
    return escaped;
}

int pc__json_skip(pc__json_cur *c)
{
    int depth = 0;

    do {
        size_t from, end, at;
        char ch;
        pc__json_ws(c);
        at = c->i;
        ch = at < c->n ? c->s[at] : '\0';
        if (ch == '"') {
            if (pc__json_string(c, 0, &from, &end) < 0) {
                return -1;
            }
        } else if (ch == '{' || ch == '[') {
            depth++;
            c->i++;
        } else if (ch == '}' || ch == ']' || ch == ',' || ch == ':') {
            /* Only inside a container; a closing byte ends one. */
            if (depth == 0) {
                return -1;
            }
            depth -= ch == '}' || ch == ']';
            c->i++;
        } else {
            /* A number or a word, to the next delimiter. */
            while (c->i < c->n &&
                   !strchr("{}[],:\" \t\r\n", c->s[c->i])) {
                c->i++;
            }
            if (c->i == at) {
                return -1;
            }
        }
    } while (depth > 0);
    return 0;
}

pc_status pc__json_integer(pc__json_cur *c, json_int_t *out)
{
    const char *s = c->s;
    size_t n = c->n, at, digits;
    int neg;
    json_int_t v = 0;

    pc__json_ws(c);
    neg = c->i < n && s[c->i] == '-';
    at = c->i + (size_t)neg;
    for (digits = 0; at < n && s[at] >= '0' && s[at] <= '9';
         at++, digits++) {
        /* Past 18 digits the number is declined below, unread. */
        v = digits < 18 ? v * 10 + (s[at] - '0') : v;
    }
    if (digits == 0 || digits > 18 ||
        (digits > 1 && s[c->i + (size_t)neg] == '0') ||
        (at < n && (s[at] == '.' || s[at] == 'e' || s[at] == 'E'))) {
        return PC_ERR_REQUEST;
    }
    c->i = at;
    *out = neg ? -v : v;
    return PC_OK;
}
