/* protocol_result.c: renders check findings as the protocol's result reply,
 * and the compact jansson dump the other replies use.
 *
 * The result is written directly (not through jansson) because it is the
 * reply on every keystroke: a fixed shape, strings escaped here, and the
 * size known as it grows. Limit: the reply never exceeds the caller's byte
 * limit; findings that would not fit are left off from the end and
 * "truncated" is set. Every string written is checked to be valid UTF-8
 * (a bad one fails the render rather than sending invalid JSON). */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h> /* malloc_usable_size */
#endif

#include "grow.h"
#include "postcheck/text.h"
#include "protocol_int.h"

#define DUMP_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER)

/* The room a result reply starts with (bytes; it grows past it). */
#define REPLY_START 4096

/* A reply's memory kept by pc_protocol_reply_free for the next result
 * reply (NULL: none), and how many bytes it has room for. A malloc of
 * REPLY_START bytes or more cost about 1,500 instructions a request
 * (glibc: a request that size first consolidates the freed small
 * chunks). Kept only up to SPARE_MAX bytes. */
#define SPARE_MAX (16u * 1024u)
static char *spare;
static size_t spare_cap;

/* The clock a result's elapsed_us is measured on. */
long long pc__now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

char *pc__dump(const json_t *obj, size_t *len)
{
    size_t n = json_dumpb(obj, NULL, 0, DUMP_FLAGS);
    char *buf;

    if (n == 0) {
        return NULL;
    }
    buf = malloc(n + 1);
    if (!buf) {
        return NULL;
    }
    /* Dumping allocates too, so the second pass can fail on its own. */
    if (json_dumpb(obj, buf, n, DUMP_FLAGS) != n) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Appends s[0..n) to o: in place when o has room, else through
 * pc__sbuf_add, which grows it (nothing once o->bad). The reply is
 * NUL-terminated when it is done (pc__result_render). */
static inline void add(pc__sbuf *o, const char *s, size_t n)
{
    if (!o->bad && o->cap - o->n > n) {
        memcpy(o->s + o->n, s, n);
        o->n += n;
    } else {
        pc__sbuf_add(o, s, n);
    }
}

/* Appends the NUL-terminated s (a constant's length is known at once). */
static inline void adds(pc__sbuf *o, const char *s)
{
    add(o, s, strlen(s));
}

/* Room at d (in o's string) for more bytes and a NUL: d in the string,
 * moved if it grew, or NULL when it cannot grow (o->bad set). */
static char *room(pc__sbuf *o, char *d, size_t more)
{
    o->n = (size_t)(d - o->s);
    pc__sbuf_reserve(o, more);
    return o->bad ? NULL : o->s + o->n;
}

/* Writes s[0..n) as a JSON string: '"' and '\\' escaped, control
 * characters as \u00XX, everything else as it is, plain ASCII copied
 * sixteen bytes at a time (up to the first byte that is not), straight
 * into o's string, which keeps room for sixteen bytes past what is left
 * to write (room for each escape is made as it comes). The last bytes,
 * fewer than sixteen, are looked at from a copy padded with NULs (which
 * stop the plain run where the string ends). A string that is not valid
 * UTF-8 sets o->bad. */
static void put_str(pc__sbuf *o, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    int wide = 0;
    char *d;

    /* The quotes and every byte as it is, and the sixteen bytes a
     * block writes; an escape makes more. */
    if (o->bad || o->cap - o->n <= n + 2 + 16) {
        pc__sbuf_reserve(o, n + 2 + 16);
        if (o->bad) {
            return;
        }
    }
    d = o->s + o->n;
    *d++ = '"';
    while (i < n) {
        unsigned char c, pad[16] = {0};
        const unsigned char *block = u + i;
        size_t k;
        if (n - i < 16) {
            memcpy(pad, u + i, n - i);
            block = pad;
        }
        /* Sixteen bytes written, as many kept as are plain. */
        k = pc__json_plain16(block);
        memcpy(d, block, 16);
        d += k;
        i += k;
        if (k == 16 || i == n) {
            continue;
        }
        c = u[i++];
        if (c >= 0x80) {
            /* A run of bytes past ASCII, one by one (checked below). */
            wide = 1;
            *d++ = (char)c;
            while (i < n && u[i] >= 0x80) {
                *d++ = (char)u[i++];
            }
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\') {
            *d++ = (char)c;
            continue;
        }
        /* This escape's bytes, the rest of the string, its quote and a
         * block's sixteen. */
        d = room(o, d, 6 + (n - i) + 1 + 16);
        if (!d) {
            return;
        }
        d[0] = '\\';
        if (c < 0x20) {
            memcpy(d + 1, "u00", 3);
            d[4] = hex[c >> 4];
            d[5] = hex[c & 15];
            d += 6;
        } else {
            d[1] = (char)c;
            d += 2;
        }
    }
    *d++ = '"';
    o->n = (size_t)(d - o->s);
    /* Only a string with a byte past 0x7F can be invalid UTF-8. */
    if (wide && !pc_utf8_valid(s, n, NULL)) {
        o->bad = 1;
    }
}

/* v in decimal at the end of num: returns where it starts in num (its
 * length is sizeof num less that). */
static size_t num_text(long long v, char num[24])
{
    size_t k = 24;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v
                                 : (unsigned long long)v;

    do {
        num[--k] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) {
        num[--k] = '-';
    }
    return k;
}

/* Writes v in decimal. */
static void put_num(pc__sbuf *o, long long v)
{
    char num[24];
    size_t k = num_text(v, num);

    add(o, num + k, sizeof num - k);
}

/* Writes ,"key":"value" (nothing when value is NULL); key is the
 * constant ,"key": as a whole. */
static inline void put_field(pc__sbuf *o, const char *key,
                             const char *value)
{
    if (!value) {
        return;
    }
    adds(o, key);
    put_str(o, value, strlen(value));
}

/* Writes ,"key":number; key as put_field's. */
static inline void put_long(pc__sbuf *o, const char *key, long v)
{
    adds(o, key);
    put_num(o, v);
}

/* Writes one finding, DESIGN.md's fields in DESIGN.md's order. */
static void put_finding(pc__sbuf *o, const pc_finding *f)
{
    adds(o, "{\"rule\":");
    put_str(o, f->rule ? f->rule : "", f->rule ? strlen(f->rule) : 0);
    put_field(o, ",\"category\":", f->category);
    put_field(o, ",\"severity\":", pc_severity_name(f->severity));
    put_field(o, ",\"message\":", f->message);
    put_field(o, ",\"clause\":", f->clause);
    put_field(o, ",\"quote\":", f->quote);
    if (f->start >= 0) {
        put_long(o, ",\"start\":", f->start);
        put_long(o, ",\"end\":", f->end);
        adds(o, f->ignorable ? ",\"ignorable\":true"
                              : ",\"ignorable\":false");
    }
    if (f->attachment >= 0) {
        put_long(o, ",\"attachment\":", f->attachment);
    }
    put_field(o, ",\"suggestion\":", f->suggestion);
    add(o, "}", 1);
}

/* Writes the request's id (a number or string) as jansson formats it. */
static void put_id(pc__sbuf *o, json_t *id)
{
    char small[64];
    size_t n;
    char *buf;

    add(o, ",\"id\":", 6);
    if (json_is_integer(id)) {
        put_num(o, json_integer_value(id));
        return;
    }
    n = json_dumpb(id, NULL, 0, DUMP_FLAGS | JSON_ENCODE_ANY);
    buf = n < sizeof small ? small : malloc(n);
    if (n == 0 || !buf ||
        json_dumpb(id, buf, n, DUMP_FLAGS | JSON_ENCODE_ANY) != n) {
        o->bad = 1;
    } else {
        add(o, buf, n);
    }
    if (buf != small) {
        free(buf);
    }
}

/* Appends as many findings as fit in budget bytes to o, each written
 * in place and taken back when it does not fit. Returns 1 if any were
 * left off. */
static int put_findings(pc__sbuf *o, const pc_findings *f, size_t budget)
{
    size_t start = o->n;

    for (size_t i = 0; i < f->n && !o->bad; i++) {
        size_t at = o->n;
        if (i > 0) {
            add(o, ",", 1);
        }
        put_finding(o, &f->v[i]);
        if (!o->bad && o->n - start > budget) {
            o->n = at;
            o->s[at] = '\0';
            return 1;
        }
    }
    return o->bad;
}

/* Writes ,"limited":[{"rule","why"}...] for the rules cut short (nothing
 * when none), at most max bytes of it. Returns 1 if any were left off. */
static int put_limited(pc__sbuf *o, const pc_findings *f, size_t max)
{
    size_t start = o->n;

    if (f->n_limited == 0) {
        return 0;
    }
    adds(o, ",\"limited\":[");
    for (size_t i = 0; i < f->n_limited; i++) {
        size_t at = o->n;
        if (i > 0) {
            add(o, ",", 1);
        }
        adds(o, "{\"rule\":");
        put_str(o, f->limited[i].rule, strlen(f->limited[i].rule));
        put_field(o, ",\"why\":", f->limited[i].why);
        add(o, "}", 1);
        if (o->n - start + 1 > max) {
            /* A pack with thousands of slow rules: list what fits. */
            o->n = at;
            add(o, "]", 1);
            return 1;
        }
    }
    add(o, "]", 1);
    return 0;
}

char *pc__result_render(json_t *id, const char *policy,
                        const pc_findings *f, long elapsed_us, size_t max,
                        size_t *len)
{
    pc__sbuf o = {0}, lim = {0};
    static const char elapsed[] = ",\"elapsed_us\":";
    static const char untrue[] = ",\"truncated\":false}";
    char num[24];
    size_t tail_len;
    int cut;

    /* Room for a reply with a few findings at once: grown from 256
     * bytes a 280-character check's reply took four reallocations. The
     * last reply's memory, when it was kept, has it already. */
    if (spare) {
        o.s = spare;
        o.cap = spare_cap;
        spare = NULL;
    }
    pc__sbuf_reserve(&o, REPLY_START);
    adds(&o, "{\"type\":\"result\"");
    if (id) {
        put_id(&o, id);
    }
    put_field(&o, ",\"policy\":", policy);
    adds(&o, ",\"findings\":[");
    /* The list of rules cut short goes after the findings, so it is
     * written first, within a quarter of the reply, and the findings get
     * what is left. */
    cut = put_limited(&lim, f, max / 4);
    /* The tail is measured with "false", one byte longer than "true". */
    tail_len = sizeof elapsed - 1 + sizeof num - num_text(elapsed_us, num) +
               sizeof untrue - 1;
    if (o.bad || lim.bad || o.n + 1 + lim.n + tail_len > max) {
        free(o.s);
        free(lim.s);
        return NULL;
    }
    cut |= put_findings(&o, f, max - o.n - 1 - lim.n - tail_len);
    /* Findings past what a reply can carry were counted, not kept. */
    cut |= f->dropped > 0;
    add(&o, "]", 1);
    add(&o, lim.s ? lim.s : "", lim.n);
    add(&o, elapsed, sizeof elapsed - 1);
    put_num(&o, elapsed_us);
    adds(&o, cut ? ",\"truncated\":true}" : untrue);
    free(lim.s);
    if (o.bad) {
        free(o.s);
        return NULL;
    }
    o.s[o.n] = '\0';
    *len = o.n;
    return o.s;
}

void pc_protocol_reply_free(char *reply)
{
#ifdef __GLIBC__
    size_t cap = reply ? malloc_usable_size(reply) : 0;

    if (!spare && cap > 0 && cap <= SPARE_MAX) {
        spare = reply;
        spare_cap = cap;
        return;
    }
#endif
    free(reply);
}

char *pc_protocol_result_json(const char *policy, const pc_findings *f,
                              long elapsed_us, size_t max, size_t *len)
{
    return pc__result_render(NULL, policy, f, elapsed_us, max, len);
}
