/* builtin.h: the built-in packs and word lists, compiled into the binary
 * by host/tools/embed.c at build time. Internal to the host. */
#ifndef POSTCHECK_BUILTIN_H
#define POSTCHECK_BUILTIN_H

#include <stddef.h>
#include <stdint.h>

struct pc__blob {
    const char *name; /* file name, e.g. "llmat.json" */
    const char *data; /* contents, NUL-terminated */
    size_t len;       /* length without the NUL */
    const char *lean; /* a pack's: the same JSON as serve reads it, with
                         no white space between tokens and its rules'
                         "examples" null (host/tools/embed.c); else NULL */
    size_t lean_len;
};

/* NULL-name-terminated arrays. */
extern const struct pc__blob pc__builtin_packs[];
extern const struct pc__blob pc__builtin_lists[];
extern const struct pc__blob pc__builtin_models[]; /* NAME.model files */

/* Returns the built-in word list with this name (without ".txt"), or
 * NULL. */
const struct pc__blob *pc__builtin_list(const char *name);

/* Gives back to the kernel the pages of every built-in pack, list and
 * model: read-only data of the binary, parsed into the host's own
 * structures when a pack is prepared, so they need not stay mapped. Read
 * again (another pack prepared), they come back from the file. */
void pc__builtin_drop(void);

/* The same for the whole pages inside [p, p + len) of any read-only data
 * of the binary. */
void pc__drop_pages(const void *p, size_t len);

/* Widens [*lo, *hi) to take in [p, p + len) (nothing for len 0): the
 * span that one pc__drop_pages gives back for blobs side by side. Start
 * from *lo = UINTPTR_MAX, *hi = 0. */
void pc__span_add(uintptr_t *lo, uintptr_t *hi, const void *p, size_t len);

#endif
