/* detect.h: built-in detectors, checks that need code and not just a
 * pattern: personal data with validation (checksums, format rules,
 * context words), credentials, and the like.
 *
 * A detector runs over the PC_VIEW_CASED view of a pc_text and reports
 * hits as byte spans of that view; the rule engine maps them back to the
 * UTF-16 offsets of the original. Detectors never log or keep post text. */
#ifndef POSTCHECK_DETECT_H
#define POSTCHECK_DETECT_H

#include <stddef.h>
#include <stdint.h>
#include "postcheck/status.h"
#include "postcheck/text.h"

/* One hit. kind and label are static strings owned by the detector:
 * kind is a short id ("email", "uk-phone"), label plain words that fit
 * "This post contains {label}" ("an email address"). */
typedef struct pc_hit {
    size_t start;        /* byte offset in the PC_VIEW_CASED view */
    size_t end;          /* exclusive */
    const char *kind;
    const char *label;
} pc_hit;

/* A growable list of hits; zero-initialise before first use. */
typedef struct pc_hits {
    pc_hit *v;
    size_t n;
    size_t cap;
} pc_hits;

/* Appends a hit. Returns PC_OK or PC_ERR_NOMEM. */
pc_status pc_hits_push(pc_hits *h, size_t start, size_t end,
                       const char *kind, const char *label);

/* Appends the n hits at v to h, in order, as n pc_hits_push calls would
 * (v must not point into h's own storage, which may move). Returns PC_OK
 * or PC_ERR_NOMEM (the hits appended before the failure are kept). */
pc_status pc_hits_append(pc_hits *h, const pc_hit *v, size_t n);

/* Empties h without freeing its storage. */
void pc_hits_clear(pc_hits *h);

/* Frees h's storage and zeroes it. */
void pc_hits_free(pc_hits *h);

/* The compiled state of every detector (patterns compiled once). */
typedef struct pc_detectors pc_detectors;

/* Compiles every detector. Returns an owned handle, free with
 * pc_detect_free(), or NULL with err set. */
pc_detectors *pc_detect_new(pc_error *err);

/* pc_detect_new without the JIT: every pattern compiled and usable at
 * once, run by PCRE2's interpreter (same results, slower) until
 * pc_detect_jit(d). For a host that must answer its first request fast
 * and can JIT-compile while it waits. */
pc_detectors *pc_detect_new_lazy(pc_error *err);

/* JIT-compiles every detector pattern of d (once; later calls do
 * nothing). Call it between checks, never during one. */
void pc_detect_jit(pc_detectors *d);

/* The JIT on demand, for a host between checks: gives the patterns their
 * queries (once) and JIT-compiles those a check has run since (after
 * that first call); most are skipped on most posts by what they need to
 * find in them. Returns how many it compiled (0 after pc_detect_jit). */
size_t pc_detect_warm(pc_detectors *d);

/* Frees d. pc_detect_free(NULL) does nothing. */
void pc_detect_free(pc_detectors *d);

/* NULL-terminated list of detector names (static). A name may also be a
 * group ("personal-data" runs every personal-data detector). */
const char *const *pc_detect_names(void);

/* Returns 1 if name is a known detector or group, else 0. */
int pc_detect_known(const char *name);

/* The single detectors name runs, in the order it runs them: name itself
 * for a detector, its members for a group. Stores up to cap of them
 * (static strings, the names pc_detect_run takes) in out and returns how
 * many there are: 0 for an unknown name. A group's run stops at its
 * first member to fail, as running its members one by one would. */
size_t pc_detect_members(const char *name, const char **out, size_t cap);

/* The number of single detectors, and pc_detect_members with each
 * member's place among them, 0 to pc_detect_count() - 1, in slot[k]
 * (when slot is not NULL; out may be NULL too): one name, one place.
 * For a caller that keeps something per detector in an array. */
size_t pc_detect_count(void);
size_t pc_detect_members_at(const char *name, const char **out,
                            size_t *slot, size_t cap);

/* The name of the single detector at slot (pc_detect_members_at's), the
 * static string pc_detect_members gives, or NULL past the last. */
const char *pc_detect_slot_name(size_t slot);

/* 1 when the single detector at slot reads where its buffer's digits and
 * capitals stand (a pattern's need, detect_int.h): a scan finds them in
 * the pass that finds its keys, when one of its runs will read them
 * (pc_detect_scan_slots). */
int pc_detect_slot_bits(size_t slot);

/* Runs detector (or group) name over t, appending hits to out. Returns
 * PC_OK; PC_ERR_REQUEST for an unknown name; PC_ERR_NOMEM; PC_ERR_LIMIT
 * if a pattern hit its match limit (hits found so far are kept). */
pc_status pc_detect_run(const pc_detectors *d, const char *name,
                        const pc_text *t, pc_hits *out);

/* pc_detect_run until deadline (a pc_clock_ns() time, budget.h; 0 =
 * none): PC_ERR_LIMIT also when the deadline passed. */
pc_status pc_detect_run_until(const pc_detectors *d, const char *name,
                              const pc_text *t, long long deadline,
                              pc_hits *out);

/* The trigrams of a text (host/prefilter.h). */
struct pc__gramset;

/* pc_detect_run_until where grams (NULL: none) are the trigrams of t's
 * PC_VIEW_CASED view, gathered once by the caller: a pattern none of
 * whose required trigrams is there is not run. The same hits. */
pc_status pc_detect_run_seen(const pc_detectors *d, const char *name,
                             const pc_text *t, long long deadline,
                             const struct pc__gramset *grams, pc_hits *out);

/* One check's detector runs over t: what a run reads from t and keeps
 * (where each pattern can match in it, whether it can match at all, the
 * match data) is kept for the next. Make it with pc_detect_scan_new
 * (grams as for pc_detect_run_seen; NULL when out of memory), run with
 * pc_detect_scan_run (pc_detect_run_seen's hits and returns), free with
 * pc_detect_scan_free. d, t and grams must outlive it. */
struct pc__scan;
struct pc__scan *pc_detect_scan_new(const pc_detectors *d, const pc_text *t,
                                    const struct pc__gramset *grams);
pc_status pc_detect_scan_run(struct pc__scan *sc, const char *name,
                             long long deadline, pc_hits *out);
void pc_detect_scan_free(struct pc__scan *sc);

/* slots: bit k set for each single detector (slot k, as
 * pc_detect_slot_name) that sc's runs may be of. The scan then makes only
 * what those read: the bits of digits and capitals when one reads them
 * (pc_detect_slot_bits), in the pass that finds its keys, and the keys of
 * the kinds their patterns search by (all by default, as
 * pc_detect_scan_new makes it). A run of any detector finds the same hits
 * either way; one not among slots may cost more. */
void pc_detect_scan_slots(struct pc__scan *sc, uint32_t slots);

/* The detectors "hostile", "hostile-person" and "hostile-group" over t in
 * one pass (they read the same words of each sentence): out[0], out[1]
 * and out[2] get the hits pc_detect_run of each name would append (no
 * deadline or match limit applies: they run no pattern). Returns PC_OK,
 * PC_ERR_REQUEST (t NULL) or PC_ERR_NOMEM. */
pc_status pc_detect_hostile_kinds(const pc_detectors *d, const pc_text *t,
                                  pc_hits *out[3]);

#endif
