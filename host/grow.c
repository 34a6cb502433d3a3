/* grow.c: growable arrays (grow.h). No other state; never logs. */
#include <stdint.h>
#include <stdlib.h>

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
