/* grow.h: the one way the host makes room in a growable array (a
 * pointer, a count in use and a capacity), so the doubling, the first
 * size and the overflow check are written once; and the one growable
 * string built on it. Internal to the host. */
#ifndef POSTCHECK_GROW_H
#define POSTCHECK_GROW_H

#include <stddef.h>

/* Returns an array with room for at least n + 1 elements of size bytes
 * each: v itself while n < *cap, else v reallocated to twice *cap (first
 * elements when *cap is 0; first > n), with *cap updated. Returns NULL
 * when out of memory or when the new size would not fit in a size_t; v
 * is then still valid and *cap unchanged. Usage:
 *
 *     pc_hit *v = pc__grow(h->v, h->n, &h->cap, sizeof *v, 8);
 *     if (!v) {
 *         return PC_ERR_NOMEM;
 *     }
 *     h->v = v;
 *     h->v[h->n++] = hit;
 */
void *pc__grow(void *v, size_t n, size_t *cap, size_t size, size_t first);

/* A growable string: append, then borrow s (NUL-terminated once anything
 * was added; NULL before). bad is set on the first failure and every
 * later append is ignored, so appends chain without checks. Start from
 * {0}; free with pc__sbuf_free(). Used by the protocol's result reply
 * and the audit's readers. */
typedef struct pc__sbuf {
    char *s;
    size_t n, cap;
    int bad;
} pc__sbuf;

/* Appends s[0..n) to b (nothing once b->bad). */
void pc__sbuf_add(pc__sbuf *b, const char *s, size_t n);

/* Appends the NUL-terminated s to b. */
void pc__sbuf_adds(pc__sbuf *b, const char *s);

/* Frees b's string and empties b. */
void pc__sbuf_free(pc__sbuf *b);

#endif
