/* phone_plan.h: phone numbers checked against the world's numbering
 * plans, from libphonenumber's metadata (Debian's libphonenumber), behind
 * a small C++ shim (phone_plan.cc) so the rest of the host stays C11.
 * See docs/PERSONAL-DATA.md for why the metadata comes from there and how
 * the detector keeps the check cheap (only digit runs laid out as a
 * phone number reach it). Never throws; never logs. */
#ifndef POSTCHECK_PHONE_PLAN_H
#define POSTCHECK_PHONE_PLAN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* How well a number fits a plan. */
enum pc__plan_fit {
    PC__PLAN_NONE = 0,     /* fits no plan tried (or the metadata failed) */
    PC__PLAN_POSSIBLE = 1, /* a length that plan allows */
    PC__PLAN_VALID = 2     /* a range that plan issues */
};

/* Loads the metadata once (5 ms of CPU, 13-15 ms wall; later calls return
 * at once).
 * Returns 1, or 0 if it could not be loaded (then every check answers
 * PC__PLAN_NONE). Call before the first check; not thread-safe itself. */
int pc__plan_load(void);

/* An international number: d[0, n) are its digits after "+" or "00",
 * country code first. Returns how well it fits its country's plan. */
int pc__plan_intl(const char *d, size_t n);

/* A number written nationally: d[0, n) are its digits as written, with
 * any trunk prefix ("0", "06"). Checked against the plans of the regions
 * whose posts postcheck reads (docs/PERSONAL-DATA.md lists them); returns
 * the best fit and sets *region (if not NULL) to that region's two-letter
 * code (static), or "" for none. skip (if not NULL) is a region code not
 * to try. */
int pc__plan_national(const char *d, size_t n, const char *skip,
                      const char **region);

#ifdef __cplusplus
}
#endif

#endif
