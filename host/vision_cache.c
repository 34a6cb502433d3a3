/* vision_cache.c: what vision found in earlier images, by the image's
 * dHash: faces, and for each logo looked for (by its key) whether it was
 * found, so a re-check while the user types costs nothing and the
 * extension sends each thumbnail once. Two images with the same dHash
 * share a result. Limits: CACHE_SLOTS images (the oldest is replaced),
 * PC_VISION_MAX_LOGOS logos an image (those of the latest look). */
#include <string.h>

#include "vision_int.h"

#define CACHE_SLOTS 64

typedef struct entry {
    uint64_t dhash;
    pc_vision_result res;    /* its logos fields are not used */
    size_t n_logos;
    uint64_t logo_key[PC_VISION_MAX_LOGOS];
    unsigned char logo_found[PC_VISION_MAX_LOGOS];
} entry;

static struct {
    size_t next;
    size_t used;
    entry e[CACHE_SLOTS];
} C;

static entry *find(uint64_t dhash)
{
    for (size_t i = 0; i < C.used; i++) {
        if (C.e[i].dhash == dhash) {
            return &C.e[i];
        }
    }
    return NULL;
}

void pc__vision_remember(uint64_t dhash, const pc_vision_logo_ref *logos,
                         size_t n, const pc_vision_result *r)
{
    entry *e = find(dhash);

    if (!e) {
        e = &C.e[C.next];
        C.next = (C.next + 1) % CACHE_SLOTS;
        C.used += C.used < CACHE_SLOTS;
    }
    e->dhash = dhash;
    e->res = *r;
    e->res.logos = 0;
    e->res.logos_known = 0;
    e->n_logos = 0;
    /* Only logos that were looked for: one the helper could not read
     * is asked for again with the next thumbnail. */
    for (size_t i = 0; i < n && i < PC_VISION_MAX_LOGOS; i++) {
        if (r->logos_known & (1u << i)) {
            e->logo_key[e->n_logos] = logos[i].key;
            e->logo_found[e->n_logos++] = (r->logos >> i) & 1u;
        }
    }
}

int pc_vision_cached(uint64_t dhash, const pc_vision_logo_ref *logos,
                     size_t n_logos, pc_vision_result *out)
{
    const entry *e = find(dhash);

    if (!e) {
        return 0;
    }
    *out = e->res;
    for (size_t i = 0; i < n_logos && i < PC_VISION_MAX_LOGOS; i++) {
        for (size_t k = 0; k < e->n_logos; k++) {
            if (e->logo_key[k] == logos[i].key) {
                out->logos_known |= 1u << i;
                out->logos |= (uint32_t)e->logo_found[k] << i;
            }
        }
    }
    return 1;
}

void pc__vision_forget(void)
{
    C.used = 0;
    C.next = 0;
}
