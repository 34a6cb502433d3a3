/* support_pack.h: packs loaded in-process for the cmocka tests, so each
 * test's set-up is one call (what was five copies of the same
 * new/add/ready/report block), the text of the small packs the rule
 * tests write (one organisation, model or term rules), and a user's pack
 * file beside its own word list, in a folder made for one test. */
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

/* The text of test pack id (organisation "M", known as "Emco") with the
 * given rules: their objects' text, comma-separated. No '%' in it, so
 * it can be a printf format (test_model_category.c). */
#define PC_TEST_PACK_JSON(id, rules)                                      \
    "{\"format\":1,\"id\":\"" id "\",\"name\":\"n\",\"version\":\"1\"," \
    "\"organisation\":{\"name\":\"M\",\"names\":[\"Emco\"]},"           \
    "\"source\":{\"title\":\"t\"},\"rules\":[" rules "]}"

/* The text of model rule id: category cat, model mod at threshold thr (a
 * number's text), a warning on official posts, no examples. */
#define PC_TEST_MODEL_RULE(id, cat, mod, thr)                            \
    "{\"id\":\"" id "\",\"kind\":\"model\",\"category\":\"" cat "\","   \
    "\"severity\":\"warning\",\"applies_to\":[\"official\"],"           \
    "\"clause\":\"c\",\"quote\":\"q\",\"message\":\"d {match}\","       \
    "\"model\":\"" mod "\",\"threshold\":" thr ","                      \
    "\"examples\":{\"flag\":[],\"pass\":[]}}"

/* The text of pattern rule id: category cat, flagging terms (the JSON
 * array's items, as text), a warning on official posts, no examples. */
#define PC_TEST_TERMS_RULE(id, cat, terms)                               \
    "{\"id\":\"" id "\",\"kind\":\"pattern\",\"category\":\"" cat "\"," \
    "\"severity\":\"warning\",\"applies_to\":[\"official\"],"           \
    "\"clause\":\"c\",\"quote\":\"q\",\"message\":\"d {match}\","       \
    "\"terms\":[" terms "],\"examples\":{\"flag\":[],\"pass\":[]}}"

/* A user's pack folder made for one test: a new temporary folder with a
 * lists/ folder in it, where a pack file reads its own word lists. */
typedef struct pc_test_user_dir {
    char dir[64];
    char lists[80];
    char list[160]; /* the list written, or "" */
    char pack[96];  /* the pack file written, or "" */
} pc_test_user_dir;

/* Makes d's folders (the test fails if it cannot). */
void pc_test_user_dir_make(pc_test_user_dir *d);

/* Writes text as d's word list name (lists/<name>.txt) and beside it
 * x.json, pack "x" of one pattern rule "x.r" (a warning on personal
 * posts) flagging the list's terms, and loads and prepares that pack file
 * as pc_test_pack_file does (the test fails if a file cannot be written).
 * Once per folder. */
const pc_pack *pc_test_user_list_pack(pc_test_user_dir *d, pc_packset **set,
                                      const char *name, const char *text);

/* The findings of pc_test_user_list_pack's rule "x.r" when pack p checks
 * text as a personal post. */
size_t pc_test_user_list_finds(const pc_pack *p, const char *text);

/* Removes what pc_test_user_list_pack wrote and d's folders. */
void pc_test_user_dir_remove(pc_test_user_dir *d);

#endif
