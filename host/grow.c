/* grow.c: growable arrays and strings, the host's heap set-up and
 * release (grow.h). No other state than the heap's fence; never logs. */
#define _DEFAULT_SOURCE /* madvise */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

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

/* The size of the blocks pc__heap_init populates: under malloc's
 * default mmap threshold (128 KiB), so they come from the heap whatever
 * its settings, one after the other, as a pack's first allocations
 * will. */
#define PREFAULT_BLOCK (120 * 1024)
#define PREFAULT_MAX_BLOCKS 64

/* Kept allocated for the life of the process: the block above the
 * populated ones, so that freeing them does not give the heap's top back
 * to the kernel (glibc trims only the free room at the top). */
static void *g_prefault_fence;

/* Maps about `bytes` of the heap in a few system calls, once. */
static void heap_prefault(size_t bytes)
{
#if defined(MADV_POPULATE_WRITE)
    long page = sysconf(_SC_PAGESIZE);
    size_t n = bytes / PREFAULT_BLOCK;
    void *b[PREFAULT_MAX_BLOCKS];

    if (g_prefault_fence || page <= 0 || n == 0) {
        return;
    }
    n = n < PREFAULT_MAX_BLOCKS ? n : PREFAULT_MAX_BLOCKS;
    for (size_t i = 0; i < n; i++) {
        b[i] = malloc(PREFAULT_BLOCK);
    }
    g_prefault_fence = malloc(PREFAULT_BLOCK);
    for (size_t i = 0; i < n; i++) {
        uintptr_t a = ((uintptr_t)b[i] + (uintptr_t)page - 1) &
                      ~((uintptr_t)page - 1);
        uintptr_t e;
        /* Blocks side by side (the heap hands them out one after the
         * other, a chunk header apart) are populated with one system
         * call: each costs about 10 us on a virtual machine. */
        size_t j = i;
        while (j + 1 < n && b[j] && b[j + 1] &&
               (uintptr_t)b[j + 1] > (uintptr_t)b[j] &&
               (uintptr_t)b[j + 1] - (uintptr_t)b[j] <= PREFAULT_BLOCK + 64) {
            j++;
        }
        e = ((uintptr_t)b[j] + PREFAULT_BLOCK) & ~((uintptr_t)page - 1);
        /* Kernels before 5.14 say EINVAL: the pages then come one fault
         * at a time, as before. */
        if (b[i] && e > a) {
            (void)madvise((void *)a, e - a, MADV_POPULATE_WRITE);
        }
        i = j;
    }
    /* Freed, they are one free block below the fence that later
     * allocations are carved from. */
    for (size_t i = 0; i < n; i++) {
        free(b[i]);
    }
#else
    (void)bytes;
#endif
}

void pc__heap_init(size_t prefault)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, HEAP_MMAP_THRESHOLD);
    mallopt(M_TRIM_THRESHOLD, HEAP_TRIM_THRESHOLD);
#endif
    if (prefault) {
        heap_prefault(prefault);
    }
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

void pc__sbuf_reserve(pc__sbuf *b, size_t n)
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
}

void pc__sbuf_add(pc__sbuf *b, const char *s, size_t n)
{
    pc__sbuf_reserve(b, n);
    if (b->bad) {
        return;
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
