/* support_pack.h: packs loaded in-process for the cmocka tests, so each
 * test's set-up is one call (what was five copies of the same
 * new/add/ready/report block). */
#ifndef POSTCHECK_TEST_SUPPORT_PACK_H
#define POSTCHECK_TEST_SUPPORT_PACK_H

#include <stddef.h>

#include "postcheck/pack.h"

/* Makes a pack set holding the pack file at path (a user's file,
 * PC_SOURCE_FILE) and prepares pack id from it. Returns the prepared pack
 * (borrowed from *set, which is set and must be freed with
 * pc_packset_free()), or NULL after printing the error and its place on
 * stderr (*set then NULL): a cmocka set-up returns -1. */
const pc_pack *pc_test_pack_file(pc_packset **set, const char *path,
                                 const char *id);

/* pc_test_pack_file for the pack text json[0, len), named source. */
const pc_pack *pc_test_pack_json(pc_packset **set, const char *json,
                                 size_t len, const char *source,
                                 const char *id);

/* The body of a cmocka group set-up for one pack: pc_test_pack_file
 * (json NULL) or pc_test_pack_json (json[0, len) named path) into *pack,
 * its set left in *state for pc_test_pack_teardown. Returns 0, or -1
 * (the error printed) when the pack does not load. */
int pc_test_pack_setup(void **state, const pc_pack **pack, const char *path,
                       const char *json, size_t len, const char *id);

/* A cmocka group teardown for a group set-up that left its pack set (from
 * pc_test_pack_file or _json) in *state: frees it. Returns 0. */
int pc_test_pack_teardown(void **state);

/* Loads the pack text json (NUL-terminated) as "t.json" into a new set
 * and frees it again. Returns what pc_packset_add_json returned, with err
 * filled on failure. */
pc_status pc_test_pack_load(const char *json, pc_error *err);

/* The built-in packs alone (no user's or system packs), pack id prepared,
 * or every pack when id is NULL; the test fails if they do not load. Free
 * with pc_packset_free(). */
pc_packset *pc_test_builtin_packs(const char *id);

/* The built-in packs alone, pack id prepared (pc_packset_ready) into
 * *pack but not JIT-compiled: what a host has before its warm-up. The
 * test fails if they do not load. Free with pc_packset_free(). */
pc_packset *pc_test_builtin_ready(const char *id, const pc_pack **pack);

#endif
