/* match_split.c: a pattern of the form
 *
 *     ^(?![\s\S]{0,N}X)[\s\S]{0,M}?Y
 *
 * ("Y within the first M characters, unless X is within the first N":
 * the people-context list's one pattern) run as two searches, Y and then
 * (only when Y is there) X, each an ordinary search from the text's
 * start, bounded to start within M (N) characters by PCRE2's offset
 * limit. Anchored, the lookahead tries X at every position, its
 * alternatives one by one, and the lazy repeat does the same with Y; a
 * search lets PCRE2 skip to the places where Y (X) can start, and most
 * file names and alt texts have no Y, so X is not looked for; nor is it
 * in a post whose leaves (prefilter.h) X's query rules out.
 *
 * The answers are the same. The lookahead fails exactly when X matches
 * at some character k <= N, that is when the leftmost match of X starts
 * there. The lazy repeat tries Y at k = 0, 1, ... M, in the order a search
 * tries start positions, and Y at k is matched the same way (the same
 * subject, so every assertion reads the same characters): the match is
 * the text's start to the end of the search's match. `^` holds only at
 * the subject's start, so a run from a later offset finds nothing. Only
 * patterns whose X and Y do not depend on being one pattern are taken
 * apart: no back references or recursion (group numbers change), no \K,
 * \G, verbs, conditionals, comments or extended mode. A match limit is
 * met, if ever, on different work than the whole pattern's. */
#include <stdlib.h>
#include <string.h>

#include "match.h"

struct pc__split {
    pcre2_code *x;             /* the lookahead's body, after the repeat */
    pcre2_code *y;             /* what the lazy repeat leads to */
    size_t n;                  /* X must start within n characters */
    size_t m;                  /* Y within m */
    pc__query qx;              /* leaves X needs (prefilter.h) */
};

/* The process's one JIT stack, for every context pc__match_make makes
 * (here, not in match.c, which reads this file already: the import
 * graph keeps no cycle). */
static pcre2_jit_stack *g_jit_stack;

static pcre2_match_context *context_new(void)
{
    pcre2_match_context *c;

    if (!g_jit_stack) {
        g_jit_stack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
    }
    c = g_jit_stack ? pcre2_match_context_create(NULL) : NULL;
    if (!c) {
        return NULL;
    }
    pcre2_set_match_limit(c, PC_MATCH_LIMIT);
    pcre2_set_depth_limit(c, PC_DEPTH_LIMIT);
    pcre2_set_heap_limit(c, PC_HEAP_LIMIT_KIB);
    pcre2_jit_stack_assign(c, NULL, g_jit_stack);
    return c;
}

int pc__match_make(pc__match_state *st)
{
    if (!st->ctx) {
        st->ctx = context_new();
    }
    if (st->ctx && !st->md) {
        st->md = pcre2_match_data_create(1, NULL);
    }
    return st->md ? 0 : -1;
}

/* Its own (an offset limit set on its context would make PCRE2 refuse
 * other patterns: PCRE2_ERROR_BADOFFSETLIMIT). */
static pc__match_state g_split;

/* Reads "{0,<digits>}" at *p: the bound, *p moved past it; 0 and *p
 * unmoved when it is not there or over PCRE2's limit of 65535. */
static size_t read_bound(const char **p)
{
    const char *s = *p;
    size_t n = 0;

    if (strncmp(s, "{0,", 3) != 0) {
        return 0;
    }
    s += 3;
    if (*s < '0' || *s > '9') {
        return 0;
    }
    while (*s >= '0' && *s <= '9') {
        n = n * 10 + (size_t)(*s++ - '0');
        if (n > 65535) {
            return 0;
        }
    }
    if (*s != '}') {
        return 0;
    }
    *p = s + 1;
    return n;
}

/* The end of the group whose body starts at s (just after its "(?!"):
 * the ')' that closes it, or NULL. Escapes and character classes are
 * passed over. */
static const char *group_end(const char *s)
{
    int depth = 1;

    for (; *s; s++) {
        if (*s == '\\') {
            if (!*++s) {
                return NULL;
            }
        } else if (*s == '[') {
            s++;
            if (*s == '^') {
                s++;
            }
            if (*s == ']') {
                s++; /* a ']' first in a class is itself */
            }
            for (; *s && *s != ']'; s++) {
                if (*s == '\\' && !*++s) {
                    return NULL;
                }
            }
            if (!*s) {
                return NULL;
            }
        } else if (*s == '(') {
            depth++;
        } else if (*s == ')' && --depth == 0) {
            return s;
        }
    }
    return NULL;
}

/* 1 if p[0..len) can be searched for on its own with the answers it gives
 * as part of the whole pattern (see the top of the file). */
static int stands_alone(const char *p, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = p[i];
        char d = i + 1 < len ? p[i + 1] : '\0';
        if (c == '\\') {
            if ((d >= '0' && d <= '9') || strchr("gkKGQ", d)) {
                return 0;
            }
            i++;
        } else if (c == '(' && d == '*') {
            return 0;
        } else if (c == '(' && d == '?') {
            /* Only groups and option settings without x: (?:, (?=, (?!,
             * (?<=, (?<!, (?>, (?i) and the like. */
            size_t j = i + 2;
            if (j < len && strchr(":=!>", p[j])) {
                continue;
            }
            if (j + 1 < len && p[j] == '<' && strchr("=!", p[j + 1])) {
                continue;
            }
            for (; j < len && strchr("imnsU-^", p[j]); j++) {
            }
            if (j == i + 2 || j >= len || (p[j] != ':' && p[j] != ')')) {
                return 0;
            }
        }
    }
    return 1;
}

static pcre2_code *compile_part(const char *p, size_t len, uint32_t options)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)p, len,
                                   options | PCRE2_USE_OFFSET_LIMIT, &code,
                                   &off, NULL);

    if (re) {
        /* A part the JIT cannot take still runs interpreted. */
        (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    }
    return re;
}

pc__split *pc__split_new(const char *pattern, uint32_t options)
{
    static const char head[] = "^(?![\\s\\S]";
    static const char lazy[] = "[\\s\\S]";
    const char *p = pattern, *x, *x_end, *y;
    size_t n, m;
    pc__split *sp;

    if (!p || strncmp(p, head, sizeof head - 1) != 0) {
        return NULL;
    }
    p += sizeof head - 1;
    x = p;
    n = read_bound(&x);
    if (x == p || !(x_end = group_end(x)) ||
        strncmp(x_end + 1, lazy, sizeof lazy - 1) != 0) {
        return NULL;
    }
    p = x_end + 1 + (sizeof lazy - 1);
    y = p;
    m = read_bound(&y);
    if (y == p || *y != '?' || !*++y ||
        !stands_alone(x, (size_t)(x_end - x)) ||
        !stands_alone(y, strlen(y))) {
        return NULL;
    }
    sp = calloc(1, sizeof *sp);
    if (!sp) {
        return NULL;
    }
    sp->n = n;
    sp->m = m;
    {
        /* Out of memory, X has no query: it is looked for. */
        size_t xl = (size_t)(x_end - x);
        char *xs = malloc(xl + 1);
        if (xs) {
            memcpy(xs, x, xl);
            xs[xl] = '\0';
            (void)pc__query_derive(xs, &sp->qx);
            free(xs);
        }
    }
    sp->x = compile_part(x, (size_t)(x_end - x), options);
    sp->y = compile_part(y, strlen(y), options);
    if (!sp->x || !sp->y) {
        pc__split_free(sp);
        return NULL;
    }
    return sp;
}

void pc__split_free(pc__split *sp)
{
    if (sp) {
        pcre2_code_free(sp->x);
        pcre2_code_free(sp->y);
        pc__query_free(&sp->qx);
        free(sp);
    }
}

/* The byte offset in s[0..len) (valid UTF-8) where character n starts,
 * or len when it has no more than n characters. */
static size_t char_offset(const char *s, size_t len, size_t n)
{
    size_t i = 0;

    if (len <= n) {
        return len; /* a character is at least a byte */
    }
    for (; i < len; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80 && n-- == 0) {
            return i;
        }
    }
    return len;
}

/* Searches s[0..len) for code starting within `within` characters: its
 * status as pcre2_match gives it, the match in g_split.md. */
static int search(pcre2_code *code, const char *s, size_t len,
                  size_t within)
{
    pcre2_set_offset_limit(g_split.ctx, char_offset(s, len, within));
    return pc__match_jit(code, s, len, 0, g_split.md, g_split.ctx);
}

pc_status pc__split_run(const pc__split *sp, const char *s, size_t at,
                        size_t len, pc_view view, const pc__leafset *leaves,
                        pc__spans *out)
{
    int rc;
    size_t end;

    if (at > 0) {
        return PC_OK; /* `^` holds only at the subject's start */
    }
    if (pc__match_ready(&g_split) != 0) {
        return PC_ERR_NOMEM;
    }
    /* Y first: most file names and alt texts have none, and then X
     * need not be looked for. */
    rc = search(sp->y, s, len, sp->m);
    if (rc == PCRE2_ERROR_NOMATCH) {
        return PC_OK;
    }
    if (rc < 0) {
        return PC_ERR_LIMIT;
    }
    end = pcre2_get_ovector_pointer(g_split.md)[1];
    if (leaves && !pc__query_pass(&sp->qx, leaves)) {
        rc = PCRE2_ERROR_NOMATCH; /* the text lacks what X needs */
    } else {
        rc = search(sp->x, s, len, sp->n);
    }
    if (rc >= 0) {
        return PC_OK; /* the lookahead fails */
    }
    if (rc != PCRE2_ERROR_NOMATCH) {
        return PC_ERR_LIMIT;
    }
    return end > 0 ? pc__spans_push(out, 0, end, view) : PC_OK;
}
