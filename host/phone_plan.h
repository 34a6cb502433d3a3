/* phone_plan.h: phone numbers checked against the world's numbering
 * plans, from libphonenumber's metadata (Debian's libphonenumber), behind
 * a small C++ shim (phone_plan.cc) so the rest of the host stays C11.
 * See docs/PERSONAL-DATA.md for why the metadata comes from there and how
 * the detector keeps the check cheap (only digit runs laid out as a
 * phone number reach it).
 *
 * The shim is a module of its own, postcheck-phone.so, that the host
 * loads with dlopen (phone_load.c) the first time a post has a digit run
 * laid out as a phone number, so a host whose posts have none never maps
 * libphonenumber, protobuf and abseil (docs/INSTALL.md). Never throws;
 * the module never logs (the loader logs once when it cannot load it). */
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

/* Loads the module and its metadata once (5 ms of CPU, 13-15 ms wall;
 * later calls return at once).
 * Returns 1, or 0 if either could not be loaded (then every check answers
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

/* What the module exports, as one table: the symbol PC__PHONE_SYMBOL, of
 * this type, with abi PC__PHONE_ABI (a module of another build's table is
 * refused). The three functions are the ones above, in the module. */
#define PC__PHONE_ABI 1
#define PC__PHONE_SYMBOL "pc__phone_entry"

typedef struct pc__phone_module {
    int abi;
    int (*load)(void);
    int (*intl)(const char *d, size_t n);
    int (*national)(const char *d, size_t n, const char *skip,
                    const char **region);
} pc__phone_module;

#ifdef __cplusplus
}
#endif

#endif
