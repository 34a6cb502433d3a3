/* pack_parse.h: parsing the parts of a pack (pack_rule.c) for pack.c.
 * Internal to the host. */
#ifndef POSTCHECK_PACK_PARSE_H
#define POSTCHECK_PACK_PARSE_H

#include "pack_int.h"
#include "pack_json.h"

/* Adds the terms of array arr (strings or term objects) to alt, each on
 * view dflt unless the term says otherwise. spaced: default for the
 * `spaced` option. */
pc_status pc__parse_terms(pc__vctx *v, json_t *arr, pc__alt *alt,
                          pc_view dflt, int spaced);

/* Parses the matcher keys (terms, patterns, lists, case) of obj into m.
 * Other keys are the caller's to check. */
pc_status pc__parse_matcher(pc__vctx *v, json_t *obj, pc__matcher *m,
                            const pc__lists *lists);

/* Parses and compiles rule obj into r. */
pc_status pc__parse_rule(pc__vctx *v, json_t *obj, pc__rule *r,
                         const pc_pack *p, const pc__lists *lists);

void pc__rule_free(pc__rule *r);

/* Parses and compiles one pack. Returns an owned pack (free with
 * pc__pack_free) or NULL with err set. */
pc_pack *pc__pack_parse(const char *json, size_t len, const char *file,
                        const pc__lists *lists, const char *source,
                        pc_error *err);

/* A pack whose id, name, organisation and version are read from the raw
 * JSON, the rest left to pc__pack_prepare(), which compiles its word
 * lists into the cache lists. Owned; NULL when out of memory or when a
 * field is missing. */
pc_pack *pc__pack_stub(const char *json, size_t len, const char *file,
                       const char *source, pc__listcache *lists);

void pc__pack_free(pc_pack *p);

/* Reads word list name: dir/name.txt when dir is not NULL and the file
 * exists, else the built-in list. Returns owned NUL-terminated text (free
 * with free()) or NULL when there is no such list (pc__lists.read). */
char *pc__pack_read_list(const char *dir, const char *name);

#endif
