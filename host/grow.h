/* grow.h: the one way the host makes room in a growable array (a
 * pointer, a count in use and a capacity), so the doubling, the first
 * size and the overflow check are written once; the one growable
 * string built on it; and the host's heap set-up and release
 * (pc__heap_init, pc__heap_release). Internal to the host. */
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

/* Makes room in b for at least n more bytes, so that appends up to
 * them do not reallocate (nothing once b->bad; a failure sets it). */
void pc__sbuf_reserve(pc__sbuf *b, size_t n);

/* Appends the NUL-terminated s to b. */
void pc__sbuf_adds(pc__sbuf *b, const char *s);

/* Frees b's string and empties b. */
void pc__sbuf_free(pc__sbuf *b);

/* The host's heap, set up at start (main.c with prefault 0; serve.c's
 * pc_serve_prefault with the bytes a served pack and its first check
 * write; the benchmark as main.c). Sets malloc so that a check's large
 * buffers (a 64 KB post's text forms and indexes, 128-512 KB each) come
 * from the heap, and the heap keeps what a check frees for the next
 * check: by default glibc maps each buffer over 128 KB afresh and trims
 * the heap's top after a check, so every long post's check paid for
 * hundreds of fresh pages (page faults). What the heap keeps goes back
 * to the system when the host is idle (pc__heap_release). Setting it
 * again changes nothing. When prefault is not 0, also maps about that
 * many bytes of the heap, the first time only, in a few system calls
 * (madvise MADV_POPULATE_WRITE on 120 KB blocks, one call for blocks
 * side by side, then freed below one block kept allocated, so they stay
 * in the heap for what follows) rather than a page fault for each page;
 * nothing where the kernel cannot populate (before Linux 5.14). malloc
 * is not set where the C library is not glibc. */
void pc__heap_init(size_t prefault);

/* Gives back to the system the memory malloc keeps unused, when that is
 * over a megabyte (after a long post; a 280-character check's never
 * is): for the host to call when idle. Returns 1 when it gave memory
 * back, else 0. */
int pc__heap_release(void);

/* 1 when pc__heap_release would give memory back (over a megabyte
 * unused), else 0; gives nothing back itself. */
int pc__heap_spare(void);

#endif
