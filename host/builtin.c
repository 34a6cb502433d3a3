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

static void drop_all(const struct pc__blob *b)
{
    for (; b->name; b++) {
        pc__drop_pages(b->data, b->len);
    }
}

void pc__builtin_drop(void)
{
    drop_all(pc__builtin_packs);
    drop_all(pc__builtin_lists);
    drop_all(pc__builtin_models);
}
