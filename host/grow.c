/* grow.c: growable arrays and strings (grow.h). No other state; never
 * logs. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"

void *pc__grow(void *v, size_t n, size_t *cap, size_t size, size_t first)
{
    size_t c;
    void *p;

    if (n < *cap) {
        return v;
    }
    if (*cap > SIZE_MAX / 2) {
        return NULL;
    }
    c = *cap ? *cap * 2 : first;
    if (c <= n || size == 0 || c > SIZE_MAX / size) {
        return NULL;
    }
    p = realloc(v, c * size);
    if (!p) {
        return NULL;
    }
    *cap = c;
    return p;
}

void pc__sbuf_add(pc__sbuf *b, const char *s, size_t n)
{
    if (b->bad) {
        return;
    }
    if (n > SIZE_MAX / 2 - b->n) {
        b->bad = 1;
        return;
    }
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *p;
        while (cap < b->n + n + 1) {
            cap *= 2;
        }
        p = realloc(b->s, cap);
        if (!p) {
            b->bad = 1;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

void pc__sbuf_adds(pc__sbuf *b, const char *s)
{
    pc__sbuf_add(b, s, strlen(s));
}

void pc__sbuf_free(pc__sbuf *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}
