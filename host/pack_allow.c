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

/* "+" and digits (international) or digits; NULL when s has anything
 * but digits, spaces, '.', '-', '/', brackets and one leading '+' (or
 * "00"), or a digit count outside [PHONE_MIN_DIGITS, PHONE_MAX_DIGITS]. */
static char *phone_key(const char *s, size_t n)
{
    char *k = malloc(n + 2);
    size_t i = 0, o = 0, digits = 0;

    if (!k) {
        return NULL;
    }
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
            free(k);
            return NULL;
        }
    }
    k[o] = '\0';
    if (digits < PHONE_MIN_DIGITS || digits > PHONE_MAX_DIGITS) {
        free(k);
        return NULL;
    }
    return k;
}

/* Copies s[0..n) lowercased without white space, with "[at]", "(at)",
 * "{at}" read as '@' and "[dot]", "(dot)", "{dot}" as '.'. */
static char *compact_lower(const char *s, size_t n)
{
    char *k = malloc(n + 1);
    size_t o = 0;

    if (!k) {
        return NULL;
    }
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
    return k;
}

/* local@domain.tld: one '@', something before it, a '.' inside the
 * domain, and no control characters. */
static char *email_key(const char *s, size_t n)
{
    char *k = compact_lower(s, n);
    char *at = k ? strchr(k, '@') : NULL;
    char *dot = at ? strrchr(at, '.') : NULL;
    int ok = at && at > k && !strchr(at + 1, '@') && dot && dot > at + 1 &&
             dot[1] != '\0';

    for (char *p = k; ok && *p; p++) {
        ok = (unsigned char)*p > ' ' && *p != 0x7f && !in_set(*p, "<>,;\"");
    }
    if (!ok) {
        free(k);
        return NULL;
    }
    return k;
}

/* "@name", "name", or "@name@instance": letters, digits, '_' and '.',
 * lowercased with one leading '@'. */
static char *handle_key(const char *s, size_t n)
{
    char *k = malloc(n + 2);
    size_t i = 0, o = 0, ats = 0;

    if (!k) {
        return NULL;
    }
    while (i < n && s[i] == '@') {
        i++;
    }
    k[o++] = '@';
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '@' && o > 1 && ats == 0 && i + 1 < n) {
            ats++;
        } else if (!is_alnum(c) && c != '_' && c != '.' && c != '-') {
            free(k);
            return NULL;
        }
        k[o++] = lower((char)c);
    }
    k[o] = '\0';
    if (o < 2 || o > 1 + 64 + 256) {
        free(k);
        return NULL;
    }
    return k;
}

/* A web address: an optional http(s):// scheme, then a host name with a
 * dot, then an optional path; no white space. */
static char *url_key(const char *s, size_t n)
{
    char *k = malloc(n + 1), *host, *end;
    size_t o = 0;

    if (!k) {
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)s[i] <= ' ') {
            free(k);
            return NULL;
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
        free(k);
        return NULL;
    }
    memmove(k, host, strlen(host) + 1);
    o = strlen(k);
    while (o > 0 && k[o - 1] == '/') {
        k[--o] = '\0';
    }
    return k;
}

/* The words of an address, " 1 high street london sw1a 1aa ", each
 * abbreviation written out; NULL for fewer than want words. */
static char *address_key(const char *s, size_t n, size_t want)
{
    /* "st " (3 bytes) becomes "street " (7): at most 7/3 of n, plus the
     * leading space and the NUL. */
    char *k = malloc(3 * n + 3);
    size_t o = 0, words = 0, i = 0;

    if (!k) {
        return NULL;
    }
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
    if (words < want) {
        free(k);
        return NULL;
    }
    return k;
}

char *pc__allow_key(pc__allow_class cls, const char *s, size_t n,
                    int *nomem)
{
    char *norm = NULL, *k = NULL;

    if (nomem) {
        *nomem = 0;
    }
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)s[i] >= 0x80 || s[i] == '\0') {
            norm = pc_text_normalise(s, n, PC_VIEW_CASED, NULL);
            if (!norm) {
                if (nomem) {
                    *nomem = 1;
                }
                return NULL;
            }
            s = norm;
            n = strlen(norm);
            break;
        }
    }
    switch (cls) {
    case PC_ALLOW_PHONE: k = phone_key(s, n); break;
    case PC_ALLOW_EMAIL: k = email_key(s, n); break;
    case PC_ALLOW_ADDRESS: k = address_key(s, n, 2); break;
    case PC_ALLOW_HANDLE: k = handle_key(s, n); break;
    case PC_ALLOW_URL: k = url_key(s, n); break;
    }
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
    char *k;
    int hit;

    if (cls == PC_ALLOW_ADDRESS) {
        k = address_key(s, n, 1);
    } else {
        k = pc__allow_key(cls, s, n, NULL);
    }
    hit = k && listed(a, cls, k);
    free(k);
    return hit;
}

int pc__allow_has(const pc__allow *a, const char *kind, const char *s,
                  size_t n)
{
    char *norm = NULL;
    int hit = 0;

    if (!a || a->n == 0 || n == 0 || n > PC_ALLOW_MAX_BYTES) {
        return 0;
    }
    for (size_t i = 0; i < n && !norm; i++) {
        if ((unsigned char)s[i] >= 0x80 || s[i] == '\0') {
            norm = pc_text_normalise(s, n, PC_VIEW_CASED, NULL);
            if (!norm) {
                return 0;
            }
            s = norm;
            n = strlen(norm);
        }
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
