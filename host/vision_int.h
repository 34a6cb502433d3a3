/* vision_int.h: the host side of vision shared between vision.c (the
 * helper) and vision_cache.c (results by dHash). Internal to the host. */
#ifndef POSTCHECK_VISION_INT_H
#define POSTCHECK_VISION_INT_H

#include "postcheck/vision.h"

/* Keeps r (faces, size, and which of logos[0..n) were found and looked
 * for) as what image dhash shows, replacing the oldest result when the
 * cache is full. */
void pc__vision_remember(uint64_t dhash, const pc_vision_logo_ref *logos,
                         size_t n, const pc_vision_result *r);

/* Empties the cache. */
void pc__vision_forget(void);

#endif
