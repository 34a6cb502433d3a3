/* grow.c: growable arrays and strings, the host's malloc settings
 * (grow.h). No other state; never logs. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "grow.h"

/* Buffers up to this size come from the heap, not from a mapping of
 * their own: glibc's own ceiling for its sliding threshold (on 64-bit),
 * so a check of the largest request the host takes (1 MiB) keeps every
 * buffer on the heap. */
#define HEAP_MMAP_THRESHOLD (32 * 1024 * 1024)
/* The heap's top is given back only past this; pc__heap_release gives
 * it back when idle. */
#define HEAP_TRIM_THRESHOLD (64 * 1024 * 1024)
/* pc__heap_release leaves less than this unused alone. */
#define HEAP_RELEASE_OVER (1024 * 1024)

void pc__heap_keep(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, HEAP_MMAP_THRESHOLD);
    mallopt(M_TRIM_THRESHOLD, HEAP_TRIM_THRESHOLD);
#endif
}

int pc__heap_spare(void)
{
#if defined(__GLIBC__) && __GLIBC_PREREQ(2, 33)
    return mallinfo2().fordblks > HEAP_RELEASE_OVER;
#else
    return 0;
#endif
}

int pc__heap_release(void)
{
#if defined(__GLIBC__) && __GLIBC_PREREQ(2, 33)
    if (pc__heap_spare()) {
        return malloc_trim(0);
    }
#endif
    return 0;
}

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
