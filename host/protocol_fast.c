/* protocol_fast.c: reads the check request the extension sends on every
 * keystroke in one pass over its bytes, into the fields the check needs
 * (pc__check_read_fast), without the jansson tree the other requests are
 * read into: no object, hash table or value per member, and nothing to
 * free but one buffer.
 *
 * Policy: it takes only a request of the usual shape, every member well
 * typed: "type": "check"; "id" null, an integer of at most 18 digits or
 * a string of at most PC_PROTOCOL_MAX_ID bytes without NUL; "policy" a
 * string; "account" an object of "kind" (a string) and optional
 * "handle" and "display_name" (strings or null); "text" a string; "site"
 * and "now" strings or null; "locked" true, false or null;
 * "attachments" null or empty. Strings but "text" hold no NUL; keys are
 * written without escapes. Anything else (another type, an unknown or
 * repeated key, a wrong type, a missing field, invalid JSON or UTF-8) is
 * declined and read as before (protocol.c: a jansson tree, then
 * protocol_check.c), so every error says what it said before. What it
 * takes, the check (pc__protocol_check_fields) judges as the tree's
 * reader would: the pack, account.kind's value, "now", in that order.
 * It is read before the request's UTF-8 is checked, so it checks it
 * itself: only a string's characters past ASCII, where the bytes it
 * reads one by one anyway stop (a byte past 0x7F anywhere else is not
 * JSON, or not a key it knows, and declined). It reads with the JSON
 * scanner (json_cur.h). */
#include <stdlib.h>
#include <string.h>

#include "postcheck/config.h"
#include "protocol_int.h"

/* The request's members this reader knows, and the account's. */
enum { K_TYPE, K_ID, K_POLICY, K_ACCOUNT, K_SITE, K_TEXT, K_NOW, K_LOCKED,
       K_ATTACHMENTS, N_KEYS };
static const char *const top_keys[N_KEYS] = {
    "type", "id", "policy", "account", "site", "text", "now", "locked",
    "attachments"};
enum { A_KIND, A_HANDLE, A_DISPLAY_NAME, N_ACCOUNT_KEYS };
static const char *const account_keys[N_ACCOUNT_KEYS] = {
    "kind", "handle", "display_name"};

typedef struct fast {
    pc__json_cur c;
    char *arena;  /* decoded strings, each NUL-terminated */
    size_t used;
} fast;

/* A key (written without escapes) and its ':'. Returns its index in
 * names, or -1 for any other key. */
static int read_key(fast *f, const char *const *names, int count)
{
    size_t from, end;

    if (pc__json_string(&f->c, 0, &from, &end) != 0) {
        return -1;
    }
    for (int j = 0; j < count; j++) {
        if (strlen(names[j]) == end - from &&
            memcmp(names[j], f->c.s + from, end - from) == 0) {
            return pc__json_eat(&f->c, ':') ? j : -1;
        }
    }
    return -1;
}

/* A string value, decoded into the arena and NUL-terminated: *out and
 * *len. Returns 0, or -1 when it is not a valid JSON string or not valid
 * UTF-8. */
static int read_string(fast *f, const char **out, size_t *len)
{
    char *t = f->arena + f->used;
    size_t from, end;
    long k;
    int escaped = pc__json_string(&f->c, PC__JSON_UTF8, &from, &end);

    if (escaped < 0) {
        return -1;
    }
    if (escaped) {
        k = pc__json_unescape(f->c.s, from, end, t);
    } else {
        k = (long)(end - from);
        memcpy(t, f->c.s + from, end - from);
    }
    if (k < 0) {
        return -1;
    }
    t[k] = '\0';
    f->used += (size_t)k + 1;
    *out = t;
    *len = (size_t)k;
    return 0;
}

/* A string without NUL, or null (*out NULL). Returns 0 or -1. */
static int read_c_string(fast *f, const char **out, int nullable)
{
    size_t len;

    *out = NULL;
    if (nullable && pc__json_word(&f->c, "null")) {
        return 0;
    }
    if (read_string(f, out, &len) != 0 || strlen(*out) != len) {
        return -1;
    }
    return 0;
}

/* The id: null, an integer of at most 18 digits, or a short string
 * without NUL. *id gets a new reference (NULL for null). Returns 0, -1
 * (declined) or -2 (out of memory). */
static int read_id(fast *f, json_t **id)
{
    const char *s;
    json_int_t v;

    if (pc__json_word(&f->c, "null")) {
        return 0;
    }
    /* pc__json_word passed the white space: a string or a number follows. */
    if (f->c.i < f->c.n && f->c.s[f->c.i] == '"') {
        if (read_c_string(f, &s, 0) != 0 ||
            strlen(s) > PC_PROTOCOL_MAX_ID) {
            return -1;
        }
        *id = json_stringn_nocheck(s, strlen(s));
        return *id ? 0 : -2;
    }
    if (pc__json_integer(&f->c, &v) != PC_OK) {
        return -1;
    }
    *id = json_integer(v);
    return *id ? 0 : -2;
}

/* The account object: "kind" and the optional names. Returns 0 or -1. */
static int read_account(fast *f, pc__check_req *q)
{
    unsigned seen = 0;
    int k;

    if (!pc__json_eat(&f->c, '{')) {
        return -1;
    }
    do {
        k = read_key(f, account_keys, N_ACCOUNT_KEYS);
        if (k < 0 || (seen & (1u << k))) {
            return -1;
        }
        seen |= 1u << k;
        if (read_c_string(f, k == A_KIND ? &q->kind : k == A_HANDLE
                             ? &q->handle : &q->display_name,
                          k != A_KIND) != 0) {
            return -1;
        }
    } while (pc__json_eat(&f->c, ','));
    return pc__json_eat(&f->c, '}') && (seen & (1u << A_KIND)) ? 0 : -1;
}

/* One member's value, key k. Returns 0, -1 or -2 (as read_id). */
static int read_member(fast *f, int k, pc__check_req *q, json_t **id)
{
    const char *type;

    switch (k) {
    case K_TYPE:
        return read_c_string(f, &type, 0) == 0 &&
               strcmp(type, "check") == 0 ? 0 : -1;
    case K_ID:
        return read_id(f, id);
    case K_POLICY:
        return read_c_string(f, &q->policy, 0);
    case K_ACCOUNT:
        return read_account(f, q);
    case K_SITE:
        return read_c_string(f, &q->site, 1);
    case K_TEXT:
        return read_string(f, &q->text, &q->text_len);
    case K_NOW:
        return read_c_string(f, &q->now, 1);
    case K_LOCKED:
        q->locked = pc__json_word(&f->c, "true");
        return q->locked || pc__json_word(&f->c, "false") ||
                       pc__json_word(&f->c, "null") ? 0 : -1;
    default:
        /* Attachments: none (read with jansson when there are some). */
        return pc__json_word(&f->c, "null") ||
                       (pc__json_eat(&f->c, '[') &&
                        pc__json_eat(&f->c, ']')) ? 0 : -1;
    }
}

int pc__check_read_fast(const char *s, size_t n, pc__check_req *q,
                        json_t **id, char **arena)
{
    const unsigned required = 1u << K_TYPE | 1u << K_POLICY |
                              1u << K_ACCOUNT | 1u << K_TEXT;
    fast f = {{s, n, 0}, NULL, 0};
    unsigned seen = 0;
    int k, rc = 0;

    memset(q, 0, sizeof *q);
    *id = NULL;
    *arena = NULL;
    /* Decoded strings are never longer than their quoted source. */
    f.arena = malloc(n + 1);
    if (!f.arena) {
        return -1;
    }
    if (!pc__json_eat(&f.c, '{')) {
        rc = -1;
    }
    while (rc == 0) {
        k = read_key(&f, top_keys, N_KEYS);
        if (k < 0 || (seen & (1u << k))) {
            rc = -1;
            break;
        }
        seen |= 1u << k;
        rc = read_member(&f, k, q, id);
        if (rc != 0 || !pc__json_eat(&f.c, ',')) {
            break;
        }
    }
    if (rc == 0 && pc__json_eat(&f.c, '}') && pc__json_end(&f.c) &&
        (seen & required) == required) {
        *arena = f.arena;
        return 1;
    }
    json_decref(*id);
    *id = NULL;
    free(f.arena);
    return rc == -2 ? -1 : 0;
}
