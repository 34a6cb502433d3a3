/* pack_allow.c: the pack's allow list (pack_allow.h): parsing with
 * errors that name the entry, the compared form of each class, and the
 * test the rule engine makes on a finding's words. Text that is not ASCII
 * is first normalised as the detectors see it (NFKC, text.h), so
 * full-width digits compare as digits. Nothing here logs or keeps post
 * text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pack_allow.h"
#include "postcheck/text.h"

static const char *const classes[] = {"phones", "emails", "addresses",
                                      "handles", "urls", NULL};

/* The digits a phone entry needs: fewer is a short code, not a number
 * the phone detector flags; more than ITU-T E.164 allows is not one. */
#define PHONE_MIN_DIGITS 7
#define PHONE_MAX_DIGITS 15

/* Abbreviations written out in addresses, both in entries and in the
 * words of a finding, so "1 High St" matches "1 High Street". */
static const char *const abbrev[][2] = {
    {"st", "street"}, {"rd", "road"},   {"ave", "avenue"}, {"ln", "lane"},
    {"dr", "drive"},  {"sq", "square"}, {"pl", "place"},   {"ct", "court"},
    {"cres", "crescent"}, {"blvd", "boulevard"}, {"hwy", "highway"},
    {"ste", "suite"}, {"bldg", "building"}, {NULL, NULL}};

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_alnum(unsigned char c)
{
    return c >= 0x80 || is_digit((char)c) || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z');
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* 1 when c is one of the characters of set (never for '\0'). */
static int in_set(char c, const char *set)
{
    return c != '\0' && strchr(set, c) != NULL;
}

/* 1 when s[0..n) holds, at i, an opening bracket, word (lowercase) in
 * any case, and a closing bracket: "[at]", "(DOT)". */
static int bracketed(const char *s, size_t n, size_t i, const char *word)
{
    size_t w = strlen(word);

    if (i + w + 1 >= n || !in_set(s[i], "[({") ||
        !in_set(s[i + w + 1], "])}")) {
        return 0;
    }
    for (size_t k = 0; k < w; k++) {
        if (lower(s[i + 1 + k]) != word[k]) {
            return 0;
        }
    }
    return 1;
}

/* The key builders. Each writes the compared form of s[0..n) into k,
 * which has room for ROOM(n) bytes (address_words: ADDRESS_ROOM(n)), and
 * returns how many of its units it found: 0 when s is not of its class
 * (then k holds nothing useful). build() allocates, and frees what is
 * not a key. */
typedef size_t (*key_fn)(const char *s, size_t n, char *k);

#define ROOM(n) ((n) + 2)

/* "+" and digits (international) or digits: 1, or 0 when s has anything
 * but digits, spaces, '.', '-', '/', brackets and one leading '+' (or
 * "00"), or a digit count outside [PHONE_MIN_DIGITS, PHONE_MAX_DIGITS]. */
static size_t phone_key(const char *s, size_t n, char *k)
{
    size_t i = 0, o = 0, digits = 0;

    while (i < n && s[i] == ' ') {
        i++;
    }
    if (i < n && s[i] == '+') {
        k[o++] = '+';
        i++;
    } else if (i + 1 < n && s[i] == '0' && s[i + 1] == '0') {
        k[o++] = '+';
        i += 2;
    }
    for (; i < n; i++) {
        if (o > 0 && k[0] == '+' && i + 2 < n && s[i] == '(' &&
            s[i + 1] == '0' && s[i + 2] == ')') {
            i += 2; /* "+44 (0)20": the trunk 0 is not dialled from abroad */
        } else if (is_digit(s[i])) {
            k[o++] = s[i];
            digits++;
        } else if (!in_set(s[i], " .-/()")) {
            return 0;
        }
    }
    k[o] = '\0';
    return digits >= PHONE_MIN_DIGITS && digits <= PHONE_MAX_DIGITS;
}

/* Copies s[0..n) into k lowercased without white space, with "[at]",
 * "(at)", "{at}" read as '@' and "[dot]", "(dot)", "{dot}" as '.'. */
static void compact_lower(const char *s, size_t n, char *k)
{
    size_t o = 0;

    for (size_t i = 0; i < n; i++) {
        char c = lower(s[i]);
        if (bracketed(s, n, i, "at")) {
            k[o++] = '@';
            i += 3;
        } else if (bracketed(s, n, i, "dot")) {
            k[o++] = '.';
            i += 4;
        } else if (!in_set(c, " \t\n\r")) {
            k[o++] = c;
        }
    }
    k[o] = '\0';
}

/* local@domain.tld: 1 for one '@', something before it, a '.' inside the
 * domain, and no control characters; else 0. */
static size_t email_key(const char *s, size_t n, char *k)
{
    char *at, *dot;
    int ok;

    compact_lower(s, n, k);
    at = strchr(k, '@');
    dot = at ? strrchr(at, '.') : NULL;
    ok = at && at > k && !strchr(at + 1, '@') && dot && dot > at + 1 &&
         dot[1] != '\0';
    for (char *p = k; ok && *p; p++) {
        ok = (unsigned char)*p > ' ' && *p != 0x7f && !in_set(*p, "<>,;\"");
    }
    return ok ? 1 : 0;
}

/* "@name", "name", or "@name@instance": letters, digits, '_' and '.',
 * lowercased with one leading '@': 1, or 0 for anything else. */
static size_t handle_key(const char *s, size_t n, char *k)
{
    size_t i = 0, o = 0, ats = 0;

    while (i < n && s[i] == '@') {
        i++;
    }
    k[o++] = '@';
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '@' && o > 1 && ats == 0 && i + 1 < n) {
            ats++;
        } else if (!is_alnum(c) && c != '_' && c != '.' && c != '-') {
            return 0;
        }
        k[o++] = lower((char)c);
    }
    k[o] = '\0';
    return o >= 2 && o <= 1 + 64 + 256;
}

/* A web address: an optional http(s):// scheme, then a host name with a
 * dot, then an optional path; no white space: 1, else 0. */
static size_t url_key(const char *s, size_t n, char *k)
{
    char *host, *end;
    size_t o = 0;

    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)s[i] <= ' ') {
            return 0;
        }
        k[o++] = lower(s[i]);
    }
    k[o] = '\0';
    host = k;
    if (strncmp(host, "https://", 8) == 0) {
        host += 8;
    } else if (strncmp(host, "http://", 7) == 0) {
        host += 7;
    }
    if (strncmp(host, "www.", 4) == 0) {
        host += 4;
    }
    end = host + strcspn(host, "/?#");
    if (end == host || !memchr(host, '.', (size_t)(end - host)) ||
        memchr(host, '@', (size_t)(end - host)) || host[0] == '.' ||
        end[-1] == '.') {
        return 0;
    }
    memmove(k, host, strlen(host) + 1);
    o = strlen(k);
    while (o > 0 && k[o - 1] == '/') {
        k[--o] = '\0';
    }
    return 1;
}

/* "st " (3 bytes) becomes "street " (7): at most 7/3 of n, plus the
 * leading space and the NUL. */
#define ADDRESS_ROOM(n) (3 * (n) + 3)

/* The words of an address, " 1 high street london sw1a 1aa ", each
 * abbreviation written out: returns how many words. */
static size_t address_words(const char *s, size_t n, char *k)
{
    size_t o = 0, words = 0, i = 0;

    k[o++] = ' ';
    while (i < n) {
        size_t a, len;
        int done = 0;
        while (i < n && !is_alnum((unsigned char)s[i])) {
            i++;
        }
        a = i;
        while (i < n && is_alnum((unsigned char)s[i])) {
            i++;
        }
        len = i - a;
        if (len == 0) {
            break;
        }
        for (int j = 0; abbrev[j][0] && !done; j++) {
            size_t al = strlen(abbrev[j][0]);
            if (al == len) {
                size_t m = 0;
                while (m < len && lower(s[a + m]) == abbrev[j][0][m]) {
                    m++;
                }
                if (m == len) {
                    memcpy(k + o, abbrev[j][1], strlen(abbrev[j][1]));
                    o += strlen(abbrev[j][1]);
                    done = 1;
                }
            }
        }
        for (size_t m = 0; !done && m < len; m++) {
            k[o++] = lower(s[a + m]);
        }
        k[o++] = ' ';
        words++;
    }
    k[o] = '\0';
    return words;
}

/* The key fn builds from s[0..n) in a new buffer of room bytes, owned,
 * or NULL when fn finds fewer than want units, or out of memory (then
 * *nomem is set when nomem is not NULL). */
static char *build(key_fn fn, const char *s, size_t n, size_t room,
                   size_t want, int *nomem)
{
    char *k = malloc(room);

    if (!k) {
        if (nomem) {
            *nomem = 1;
        }
        return NULL;
    }
    if (fn(s, n, k) < want) {
        free(k);
        return NULL;
    }
    return k;
}

/* The key of s[0..n) as class cls, in full: an address needs want words. */
static char *key_of(pc__allow_class cls, const char *s, size_t n,
                    size_t want, int *nomem)
{
    switch (cls) {
    case PC_ALLOW_PHONE: return build(phone_key, s, n, ROOM(n), 1, nomem);
    case PC_ALLOW_EMAIL: return build(email_key, s, n, ROOM(n), 1, nomem);
    case PC_ALLOW_ADDRESS:
        return build(address_words, s, n, ADDRESS_ROOM(n), want, nomem);
    case PC_ALLOW_HANDLE: return build(handle_key, s, n, ROOM(n), 1, nomem);
    case PC_ALLOW_URL: return build(url_key, s, n, ROOM(n), 1, nomem);
    }
    return NULL;
}

/* When s[0..n) is not plain ASCII (or holds a NUL), points *s and *n at
 * its NFKC form, which *norm then owns. Returns 0, or -1 when out of
 * memory. */
static int plain(const char **s, size_t *n, char **norm)
{
    *norm = NULL;
    for (size_t i = 0; i < *n; i++) {
        if ((unsigned char)(*s)[i] >= 0x80 || (*s)[i] == '\0') {
            *norm = pc_text_normalise(*s, *n, PC_VIEW_CASED, NULL);
            if (!*norm) {
                return -1;
            }
            *s = *norm;
            *n = strlen(*norm);
            break;
        }
    }
    return 0;
}

char *pc__allow_key(pc__allow_class cls, const char *s, size_t n,
                    int *nomem)
{
    char *norm, *k;

    if (nomem) {
        *nomem = 0;
    }
    if (plain(&s, &n, &norm) != 0) {
        if (nomem) {
            *nomem = 1;
        }
        return NULL;
    }
    k = key_of(cls, s, n, 2, nomem);
    free(norm);
    return k;
}

static const char *const class_rule[] = {
    "must be a phone number: 7 to 15 digits with spaces, dots, dashes, "
    "'/' or brackets, optionally starting with '+' or 00",
    "must be an email address (name@example.org)",
    "must be a postal address of at least two words",
    "must be a handle (@name or @name@instance): letters, digits, '_', "
    "'.' and '-'",
    "must be a web address (example.org/contact): a host name with a dot, "
    "no spaces"};

static pc_status parse_class(pc__vctx *v, json_t *arr, pc__allow_class cls,
                             pc__allow *a)
{
    json_t *e;
    size_t i;

    if (!json_is_array(arr)) {
        return pc__v_fail(v, PC_ERR_PACK, "must be an array of strings");
    }
    if (json_array_size(arr) > PC_ALLOW_MAX_ENTRIES) {
        return pc__v_fail(v, PC_ERR_PACK, "at most %d entries",
                          PC_ALLOW_MAX_ENTRIES);
    }
    json_array_foreach(arr, i, e) {
        pc__allow_entry *nv;
        const char *s = json_string_value(e);
        size_t n = s ? json_string_length(e) : 0;
        int nomem = 0;
        char *k;
        pc_status st = PC_OK;

        pc__v_idx(v, i);
        if (!s) {
            st = pc__v_fail(v, PC_ERR_PACK, "must be a string");
        } else if (n > PC_ALLOW_MAX_BYTES) {
            st = pc__v_fail(v, PC_ERR_PACK, "must be at most %d bytes",
                            PC_ALLOW_MAX_BYTES);
        }
        if (st != PC_OK) {
            return st;
        }
        k = pc__allow_key(cls, s, n, &nomem);
        if (!k) {
            return nomem ? PC_ERR_NOMEM
                         : pc__v_fail(v, PC_ERR_PACK, "'%s' %s", s,
                                      class_rule[cls]);
        }
        nv = realloc(a->v, (a->n + 1) * sizeof *nv);
        if (nv) {
            a->v = nv;
            nv[a->n].text = strdup(s);
        }
        if (!nv || !nv[a->n].text) {
            free(k);
            return PC_ERR_NOMEM;
        }
        a->v[a->n].cls = cls;
        a->v[a->n++].key = k;
        pc__v_pop(v);
    }
    return PC_OK;
}

pc_status pc__allow_parse(pc__vctx *v, json_t *root, pc__allow *a)
{
    json_t *allow = json_object_get(root, "allow");
    pc_status st;

    if (!allow) {
        return PC_OK;
    }
    pc__v_key(v, "allow");
    st = pc__v_keys(v, allow, classes, NULL);
    for (int c = 0; classes[c] && st == PC_OK; c++) {
        json_t *arr = json_object_get(allow, classes[c]);
        if (arr) {
            pc__v_key(v, classes[c]);
            st = parse_class(v, arr, (pc__allow_class)c, a);
            pc__v_pop(v);
        }
    }
    pc__v_pop(v);
    return st;
}

void pc__allow_describe(const pc__allow *a, void *stream)
{
    static const char *const names[] = {"phone", "email", "address",
                                        "handle", "web address"};

    for (size_t i = 0; i < a->n; i++) {
        fprintf(stream, "never flagged (%s): %s\n", names[a->v[i].cls],
                a->v[i].text);
    }
}

void pc__allow_free(pc__allow *a)
{
    for (size_t i = 0; i < a->n; i++) {
        free(a->v[i].key);
        free(a->v[i].text);
    }
    free(a->v);
    a->v = NULL;
    a->n = 0;
}

/* x and y ("+" and digits, or digits) are one number: the same digits,
 * or one international and the other national with its trunk "0"
 * dropped, after a country code of 1 to 3 digits. */
static int same_phone(const char *x, const char *y)
{
    const char *i, *d;
    size_t li, ld;

    if (strcmp(x + (x[0] == '+'), y + (y[0] == '+')) == 0) {
        return 1;
    }
    if ((x[0] == '+') == (y[0] == '+')) {
        return 0;
    }
    i = x[0] == '+' ? x + 1 : y + 1;
    d = x[0] == '+' ? y : x;
    d += d[0] == '0';
    li = strlen(i);
    ld = strlen(d);
    return ld >= PHONE_MIN_DIGITS - 1 && li > ld && li - ld <= 3 &&
           strcmp(i + li - ld, d) == 0;
}

/* 1 when some entry of class cls compares equal to key (phones as
 * same_phone, addresses as words inside an entry). */
static int listed(const pc__allow *a, pc__allow_class cls, const char *key)
{
    for (size_t i = 0; i < a->n; i++) {
        const char *e = a->v[i].key;
        if (a->v[i].cls != cls) {
            continue;
        }
        if (cls == PC_ALLOW_PHONE ? same_phone(e, key)
            : cls == PC_ALLOW_ADDRESS ? strstr(e, key) != NULL
                                      : strcmp(e, key) == 0) {
            return 1;
        }
    }
    return 0;
}

/* 1 when s[0..n), read as class cls, is listed. */
static int has_as(const pc__allow *a, pc__allow_class cls, const char *s,
                  size_t n)
{
    /* A finding's address may be a single word found inside an entry's
     * (listed() looks for it there); the other classes are read as an
     * entry is. */
    char *k = cls == PC_ALLOW_ADDRESS ? key_of(cls, s, n, 1, NULL)
                                      : pc__allow_key(cls, s, n, NULL);
    int hit = k && listed(a, cls, k);

    free(k);
    return hit;
}

int pc__allow_has(const pc__allow *a, const char *kind, const char *s,
                  size_t n)
{
    char *norm;
    int hit = 0;

    if (!a || a->n == 0 || n == 0 || n > PC_ALLOW_MAX_BYTES ||
        plain(&s, &n, &norm) != 0) {
        return 0;
    }
    if (kind && strcmp(kind, "phone") == 0) {
        hit = has_as(a, PC_ALLOW_PHONE, s, n);
    } else if (kind && strcmp(kind, "email") == 0) {
        hit = has_as(a, PC_ALLOW_EMAIL, s, n);
    } else if (kind && (strcmp(kind, "address") == 0 ||
                        strcmp(kind, "postcode") == 0)) {
        hit = has_as(a, PC_ALLOW_ADDRESS, s, n);
    } else if (!kind) {
        hit = has_as(a, PC_ALLOW_PHONE, s, n) ||
              has_as(a, PC_ALLOW_EMAIL, s, n) ||
              has_as(a, PC_ALLOW_HANDLE, s, n) ||
              has_as(a, PC_ALLOW_URL, s, n);
    }
    free(norm);
    return hit;
}
