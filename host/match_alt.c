/* match_alt.c: a pack's terms made ready to match (match.h's pc__alt):
 * a term is normalised for its view and trimmed; a plain one goes to the
 * view's term set (one pass, no regex), one with spacing or leet variants
 * is escaped, guarded by word boundaries where it starts or ends with a
 * word character (so "alt" never matches inside "salt"), and appended to
 * the view's alternation, which pc__alt_finish (match.c) compiles. */
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "termset.h"

/* Appends n bytes to the view's alternation buffer. */
static int alt_put(pc__alt *alt, pc_view v, const char *s, size_t n)
{
    if (alt->len[v] + n + 1 > alt->cap[v]) {
        size_t cap = (alt->cap[v] + n + 1) * 2;
        char *b = realloc(alt->buf[v], cap);
        if (!b) {
            return -1;
        }
        alt->buf[v] = b;
        alt->cap[v] = cap;
    }
    memcpy(alt->buf[v] + alt->len[v], s, n);
    alt->len[v] += n;
    alt->buf[v][alt->len[v]] = '\0';
    return 0;
}

int pc__alt_puts(pc__alt *alt, pc_view v, const char *s)
{
    return alt_put(alt, v, s, strlen(s));
}

static int is_word_byte(unsigned char c)
{
    return c >= 0x80 || c == '_' || (c >= '0' && c <= '9') ||
           (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static const char *leet_class(unsigned char c)
{
    switch (c) {
    case 'a': return "[a@4]";
    case 'e': return "[e3]";
    case 'i': return "[i1!|]";
    case 'o': return "[o0]";
    case 's': return "[s$5]";
    case 't': return "[t7+]";
    default: return NULL;
    }
}

/* Writes term (normalised, trimmed) as a regex body: white space runs
 * match any white space, punctuation is escaped, leet swaps become
 * classes. */
static int put_body(pc__alt *alt, pc_view v, const char *t, int leet)
{
    for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
        const char *cls = leet ? leet_class(*p) : NULL;
        int rc;
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            while (p[1] == ' ' || p[1] == '\t' || p[1] == '\n' ||
                   p[1] == '\r') {
                p++;
            }
            rc = pc__alt_puts(alt, v, "\\s+");
        } else if (cls) {
            rc = pc__alt_puts(alt, v, cls);
        } else if (*p < 0x80 && !is_word_byte(*p)) {
            char esc[2] = {'\\', (char)*p};
            rc = alt_put(alt, v, esc, 2);
        } else {
            rc = alt_put(alt, v, (const char *)p, 1);
        }
        if (rc != 0) {
            return -1;
        }
    }
    return 0;
}

/* Writes the letters of an all-alphanumeric term separated by one space,
 * dot, dash, underscore or star: "l[\s.\-_*]l...". */
static int put_spaced(pc__alt *alt, pc_view v, const char *t)
{
    for (const char *p = t; *p; p++) {
        if (p != t && pc__alt_puts(alt, v, "[\\s.\\-_*]") != 0) {
            return -1;
        }
        if (alt_put(alt, v, p, 1) != 0) {
            return -1;
        }
    }
    return 0;
}

static int spaceable(const char *t)
{
    size_t n = strlen(t);
    if (n < 3) {
        return 0;
    }
    for (const char *p = t; *p; p++) {
        if (!is_word_byte((unsigned char)*p) || (unsigned char)*p >= 0x80 ||
            *p == '_') {
            return 0;
        }
    }
    return 1;
}

static char *trimmed_copy(const char *s)
{
    size_t n;
    char *out;

    while (*s == ' ' || *s == '\t' || *s == '\n') {
        s++;
    }
    n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
                     s[n - 1] == '\n' || s[n - 1] == '\r')) {
        n--;
    }
    out = malloc(n + 1);
    if (out) {
        memcpy(out, s, n);
        out[n] = '\0';
    }
    return out;
}

char *pc__term_normalise(const char *term, pc_view view, pc_status *st,
                         pc_error *err)
{
    char *norm = pc_text_normalise(term, strlen(term), view, err);
    char *t;

    if (!norm) {
        *st = err ? err->code : PC_ERR_INTERNAL;
        return NULL;
    }
    t = trimmed_copy(norm);
    free(norm);
    if (!t) {
        *st = PC_ERR_NOMEM;
        return NULL;
    }
    if (t[0] == '\0') {
        free(t);
        *st = pc_error_set(err, PC_ERR_PACK, "empty term");
        return NULL;
    }
    *st = PC_OK;
    return t;
}

pc_status pc__alt_add_plain(pc__alt *alt, const char *t, pc_view view)
{
    if (!alt->terms[view]) {
        alt->terms[view] = pc__termset_new();
    }
    return alt->terms[view] ? pc__termset_add(alt->terms[view], t)
                            : PC_ERR_NOMEM;
}

pc_status pc__alt_add_term(pc__alt *alt, const char *term, pc_view view,
                           int spaced, int leet, pc_error *err)
{
    pc_status st;
    char *t = pc__term_normalise(term, view, &st, err);
    size_t n, cl;
    int rc = 0;

    if (!t) {
        return st;
    }
    n = strlen(t);
    if (!(spaced && spaceable(t)) && !leet) {
        st = pc__alt_add_plain(alt, t, view);
        free(t);
        return st;
    }
    rc |= pc__alt_puts(alt, view, alt->len[view] ? "|" : "(?:");
    if (pc_text_word_at(t, n, 0, &cl)) {
        rc |= pc__alt_puts(alt, view, "(?<!" PC_TEXT_WORD_CLASS ")");
    }
    rc |= pc__alt_puts(alt, view, "(?:");
    rc |= put_body(alt, view, t, leet);
    if (spaced && spaceable(t)) {
        rc |= pc__alt_puts(alt, view, "|");
        rc |= put_spaced(alt, view, t);
    }
    rc |= pc__alt_puts(alt, view, ")");
    if (pc_text_word_at(t, n, pc_utf8_char_start(t, n - 1), &cl)) {
        rc |= pc__alt_puts(alt, view, "(?!" PC_TEXT_WORD_CLASS ")");
    }
    free(t);
    return rc == 0 ? PC_OK : PC_ERR_NOMEM;
}
