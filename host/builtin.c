/* builtin.c: looking up the built-in word lists that host/tools/embed.c
 * compiles into the binary (builtin.h), and giving back the pages of
 * what was read once. A leaf: the pack loader, the matchers, the
 * detectors and the stored patterns (precompiled.c) use it. */
#define _DEFAULT_SOURCE /* madvise */
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "builtin.h"

const struct pc__blob *pc__builtin_list(const char *name)
{
    size_t n = strlen(name);

    for (const struct pc__blob *b = pc__builtin_lists; b->name; b++) {
        if (strncmp(b->name, name, n) == 0 && strcmp(b->name + n, ".txt") == 0) {
            return b;
        }
    }
    return NULL;
}

void pc__drop_pages(const void *p, size_t len)
{
    long page = sysconf(_SC_PAGESIZE);
    uintptr_t a = (uintptr_t)p, b = a + len;

    if (page <= 0 || !p) {
        return;
    }
    a = (a + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
    b &= ~((uintptr_t)page - 1);
    if (b > a) {
        (void)madvise((void *)a, b - a, MADV_DONTNEED);
    }
}

void pc__span_add(uintptr_t *lo, uintptr_t *hi, const void *p, size_t len)
{
    uintptr_t a = (uintptr_t)p;

    if (len == 0) {
        return;
    }
    *lo = a < *lo ? a : *lo;
    *hi = a + len > *hi ? a + len : *hi;
}

/* Widens [*lo, *hi) to take in every blob of b. */
static void span(const struct pc__blob *b, uintptr_t *lo, uintptr_t *hi)
{
    for (; b->name; b++) {
        pc__span_add(lo, hi, b->data, b->len);
        pc__span_add(lo, hi, b->lean, b->lean_len);
    }
}

void pc__builtin_drop(void)
{
    uintptr_t lo = UINTPTR_MAX, hi = 0;

    /* One system call for them all (each costs about 10 us on a virtual
     * machine, and a pack's preparation dropped some 17 blobs): the blobs
     * are one generated file's read-only data, side by side, so the span
     * from the first to the last holds nothing else (and the whole pages
     * only are given back, pc__drop_pages). */
    span(pc__builtin_packs, &lo, &hi);
    span(pc__builtin_lists, &lo, &hi);
    span(pc__builtin_models, &lo, &hi);
    if (hi > lo) {
        pc__drop_pages((const void *)lo, hi - lo);
    }
}
