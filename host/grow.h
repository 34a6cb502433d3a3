/* grow.h: the one way the host makes room in a growable array (a
 * pointer, a count in use and a capacity), so the doubling, the first
 * size and the overflow check are written once; the one growable
 * string built on it; and the host's malloc settings (pc__heap_keep,
 * pc__heap_release). Internal to the host. */
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

/* The host's malloc settings, set once at start (main.c; the benchmark
 * sets the same): a check's large buffers (a 64 KB post's text forms and
 * indexes, 128-512 KB each) come from the heap, and the heap keeps what
 * a check frees for the next check. By default glibc maps each buffer
 * over 128 KB afresh and trims the heap's top after a check, so every
 * long post's check paid for hundreds of fresh pages (page faults).
 * What the heap keeps goes back to the system when the host is idle
 * (pc__heap_release). Nothing where the C library is not glibc. */
void pc__heap_keep(void);

/* Gives back to the system the memory malloc keeps unused, when that is
 * over a megabyte (after a long post; a 280-character check's never
 * is): for the host to call when idle. Returns 1 when it gave memory
 * back, else 0. */
int pc__heap_release(void);

/* 1 when pc__heap_release would give memory back (over a megabyte
 * unused), else 0; gives nothing back itself. */
int pc__heap_spare(void);

#endif
