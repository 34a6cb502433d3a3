/* grow.h: the one way the host makes room in a growable array (a
 * pointer, a count in use and a capacity), so the doubling, the first
 * size and the overflow check are written once. Internal to the host. */
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

#endif
