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

/* Option of pc__pack_parse_opts: the rules' examples are checked to be
 * JSON but not read nor kept (a rule's examples are NULL), for a pack
 * whose examples are not run (a built-in pack in the host that serves
 * the browser; the build's tests lint the built-in packs whole). */
#define PC__PACK_NO_EXAMPLES 1u
/* Option of pc__pack_parse_opts: json is known to be valid UTF-8 and is
 * not checked again (a built-in pack: the binary's own data, whose file
 * the build's tests lint, and test_json_read_protocol checks whole). */
#define PC__PACK_UTF8 2u

/* pc__pack_parse with options (PC__PACK_*). */
pc_pack *pc__pack_parse_opts(const char *json, size_t len, const char *file,
                             const pc__lists *lists, const char *source,
                             unsigned opts, pc_error *err);

/* A pack whose id, name, organisation and version are read from the raw
 * JSON, the rest left to pc__pack_prepare(), which compiles its word
 * lists into the cache lists. For a built-in pack only: json (kept, not
 * copied) is taken as valid UTF-8 (PC__PACK_UTF8). Owned; NULL when out of memory or when a
 * field is missing. */
pc_pack *pc__pack_stub(const char *json, size_t len, const char *file,
                       const char *source, pc__listcache *lists);

void pc__pack_free(pc_pack *p);

/* pack_logos.c: parses a logos array (dHashes and image files beside
 * the pack v->file) into p->logos and p->images. */
pc_status pc__parse_logos(pc__vctx *v, json_t *logos, pc_pack *p);
void pc__logo_images_free(pc__logo_image *img, size_t n);

/* Reads word list name: dir/name.txt when dir is not NULL and the file
 * exists, else the built-in list. Returns owned NUL-terminated text (free
 * with free()) or NULL when there is no such list (pc__lists.read). */
char *pc__pack_read_list(const char *dir, const char *name);

/* The list pc__pack_read_list would read, when that is the built-in one
 * and the build made it ready (precompiled.h), else NULL
 * (pc__lists.ready). */
const struct pc__pc_list *pc__pack_ready_list(const char *dir,
                                              const char *name);

/* pack_extend.c: parses an extension's own fields and logos into p,
 * which stays unparsed (p->extends set) until pc__pack_extend gives it
 * the rules of the packs it extends. Errors name the field. */
pc_status pc__parse_extension(pc__vctx *v, json_t *root, pc_pack *p);

/* pack_resolve.c: gives extension p (in set packs[0..n)) the rules,
 * settings and logos of the chain of packs it extends, parsing the root
 * pack's JSON again, and its own logos after theirs. Returns PC_OK, or
 * PC_ERR_PACK naming p's file (an unknown id, a cycle, too deep), the
 * root's read or parse error, PC_ERR_NOMEM. */
pc_status pc__pack_extend(pc_pack *const *packs, size_t n, pc_pack *p,
                          pc_error *err);

/* pack_read.c: reads path, which must be a regular file (and, with
 * no_link, not a link) that other users cannot write, of at most max
 * bytes, into *out (owned, NUL-terminated, free with free()) and *len.
 * Returns NULL, or why not ("is not a regular file", ...): a static
 * string to follow the file's name. */
const char *pc__pack_read_trusted(const char *path, size_t max, int no_link,
                                  uint8_t **out, size_t *len);

#endif
