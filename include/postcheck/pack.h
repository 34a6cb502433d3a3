/* pack.h: policy packs, loaded, validated and compiled.
 *
 * A pack is one JSON file per organisation (format: host/policies/FORMAT.md).
 * It is validated in full when loaded (unknown keys rejected; errors name
 * file, line, column and field, or a pattern and PCRE2's offset). A
 * pc_packset holds every loaded pack plus the compiled detectors they
 * share; a later pack with the same id replaces an earlier one, so
 * loading built-in, then user, then system folders gives the documented
 * precedence.
 *
 * Life of a pack: loaded (a built-in pack only as a stub: id, name,
 * organisation, version), then prepared by pc_packset_ready() (parsed in
 * full, compiled, given the set's detectors), then JIT-compiled between
 * checks by pc_packset_warm() (every regex) or, a step at a time,
 * pc_packset_warm_step() (the regexes checks have run), the only other
 * write (findings are the same before and after), then
 * only read: pc_check() takes a const pack and refuses one that is not
 * prepared; no getter parses or compiles. */
#ifndef POSTCHECK_PACK_H
#define POSTCHECK_PACK_H

#include <stddef.h>
#include <stdint.h>
#include "postcheck/status.h"

typedef struct pc_pack pc_pack;
typedef struct pc_packset pc_packset;

/* Where a pack came from, as reported in the "policies" reply. */
#define PC_SOURCE_BUILTIN "built-in"
#define PC_SOURCE_USER "user"
#define PC_SOURCE_SYSTEM "system"
#define PC_SOURCE_FILE "file"

/* Length limits (bytes) on the pack fields every hello and policies reply
 * carries, checked at load, and the most packs read from one folder: with
 * them the policies reply of any set stays far below the browsers' 1 MB
 * limit for a native host's message. */
#define PC_PACK_MAX_ID 64
#define PC_PACK_MAX_NAME 200
#define PC_PACK_MAX_ORGANISATION 200
#define PC_PACK_MAX_VERSION 64
#define PC_PACK_MAX_PER_DIR 100

/* An empty set. Returns an owned set, free with pc_packset_free(), or
 * NULL with err set (PC_ERR_NOMEM). The detectors the packs share are
 * compiled when the first pack is prepared. */
pc_packset *pc_packset_new(pc_error *err);

/* Frees s and every pack in it. pc_packset_free(NULL) does nothing. */
void pc_packset_free(pc_packset *s);

/* Built-in packs prepared from now on keep no examples: their rules'
 * examples are checked to be JSON but neither read nor run
 * (pc_pack_run_examples finds none). For a host that only checks posts
 * (serve): its start reads a quarter less JSON and holds less memory.
 * The build's tests lint the built-in packs with their examples. */
void pc_packset_no_examples(pc_packset *s);

/* For a process about to exit: frees s as pc_packset_free does when a
 * leak checker watches (a build with AddressSanitizer, or a run under
 * valgrind's memcheck), else leaves its memory to the system, which takes
 * the whole heap back at exit anyway (freeing a prepared pack block by
 * block was 1.1 M instructions at the end of every `postcheck serve`).
 * Either way s is kept reachable until exit, never reported as lost. */
void pc_packset_free_at_exit(pc_packset *s);

/* Parses, validates and compiles one pack from json[0..len), naming it
 * `file` in errors, and adds it to s (replacing a pack with the same id).
 * lists_dir is the folder holding the word lists the pack may name (may be
 * NULL: then only built-in lists). source is one of PC_SOURCE_*. Returns
 * PC_OK, or PC_ERR_PACK / PC_ERR_PATTERN / PC_ERR_NOMEM with err set; on
 * error s is unchanged. */
pc_status pc_packset_add_json(pc_packset *s, const char *json, size_t len,
                              const char *file, const char *lists_dir,
                              const char *source, pc_error *err);

/* Reads and adds one pack file (see pc_packset_add_json). Word lists are
 * looked up in the file's folder's lists/ subfolder, then the built-in
 * lists. */
pc_status pc_packset_add_file(pc_packset *s, const char *path,
                              const char *source, pc_error *err);

/* Adds every *.json file in dir, in name order (at most
 * PC_PACK_MAX_PER_DIR). A missing folder is not an error. A folder other
 * users can write (or owned by another user), a link out of the folder, a
 * file that is not regular or that others can write are refused
 * (PC_ERR_PACK). The first pack that fails stops the load and is
 * reported; packs added before it stay. */
pc_status pc_packset_add_dir(pc_packset *s, const char *dir,
                             const char *source, pc_error *err);

/* Adds the built-in packs (compiled into the binary). Only their ids,
 * names, organisations and versions are read here; each is parsed in
 * full when it is prepared, so start-up stays fast. */
pc_status pc_packset_add_builtin(pc_packset *s, pc_error *err);

/* The standard load: built-in, then $XDG_CONFIG_HOME/postcheck/policies
 * (default ~/.config/postcheck/policies), then /etc/postcheck/policies.
 * A broken user or system pack is reported through err and skipped; the
 * return is PC_OK unless the built-in packs themselves fail. *skipped, if
 * not NULL, gets the number of packs skipped. */
pc_status pc_packset_load_default(pc_packset *s, int *skipped,
                                  pc_error *err);

/* Prepares pack id (every pack when id is NULL; a trusted pack a user
 * pack replaced, too: pc_packset_find_trusted) for checking, in full:
 * parses a built-in pack, compiles its patterns, compiles the set's
 * detectors if not yet done and hands them to the pack, and JIT-compiles
 * all of it. Work already done is not done again. Every caller of
 * pc_check() must have called it (or pc_packset_ready()) for the pack.
 * Returns PC_OK, PC_ERR_POLICY for an unknown id, a built-in pack's parse
 * error, an extension's error (it extends a pack not in the set), or the
 * detectors' compile error; with id NULL, the first pack's error, every
 * other pack being made ready all the same. */
pc_status pc_packset_warm(pc_packset *s, const char *id, pc_error *err);

/* One small step of the warm-up of pack id (every pack when id is NULL)
 * for a host between checks: prepares one pack not yet prepared, or
 * JIT-compiles the detectors, or derives the queries of one rule's
 * regexes (the first time), or JIT-compiles the regexes of one rule that
 * checks have run since (pc_packset_warm compiles every one). A regex no
 * check runs (most of a pack's are skipped on most posts by what they
 * need to find in it) never gets JIT code, which is most of the host's
 * own memory. Returns 1 while steps remain, 0 when none does for now:
 * after more checks, pc_packset_warm_wanted() says whether steps are
 * there again. A pack that cannot be prepared (one that extends a pack
 * not in the set) sets err in its step, which still returns 1, and is
 * skipped by the later steps, so the other packs get ready; using it
 * (pc_packset_ready) gives its error again. A host calls it while no
 * request is waiting, so a request never waits for more than one step. */
int pc_packset_warm_step(pc_packset *s, const char *id, pc_error *err);

/* 1 when checks have run regexes the warm-up has not yet JIT-compiled
 * (pc_packset_warm_step has work again), else 0. */
int pc_packset_warm_wanted(const pc_packset *s);

/* The pack with this id, prepared if it was not yet, but not JIT-compiled
 * (pc_packset_warm and pc_packset_warm_step do that): what a caller about
 * to check a post against pack id wants, at once. Checks give the same
 * findings before and after the JIT, only slower before. Returns the
 * pack (borrowed, as pc_packset_find), or NULL with err set:
 * PC_ERR_POLICY for an unknown id, or the parse or detector failure. */
const pc_pack *pc_packset_ready(pc_packset *s, const char *id,
                                pc_error *err);

/* Number of packs, and the i-th (borrowed, valid until the set is freed
 * or a pack with the same id replaces it), in id order. */
size_t pc_packset_count(const pc_packset *s);
const pc_pack *pc_packset_at(const pc_packset *s, size_t i);

/* The pack with this id, or NULL. */
const pc_pack *pc_packset_find(const pc_packset *s, const char *id);

/* The built-in or system pack with this id, or NULL: what serves a policy
 * the administrator locked, even where a user pack replaced it. */
const pc_pack *pc_packset_find_trusted(const pc_packset *s, const char *id);

/* Borrowed fields of a pack. None parses: pc_pack_rule_count() is 0
 * for a built-in pack not yet prepared. */
const char *pc_pack_id(const pc_pack *p);
const char *pc_pack_name(const pc_pack *p);
const char *pc_pack_organisation(const pc_pack *p);
const char *pc_pack_version(const pc_pack *p);
const char *pc_pack_source(const pc_pack *p);  /* PC_SOURCE_* */
const char *pc_pack_path(const pc_pack *p);    /* file it came from */
size_t pc_pack_rule_count(const pc_pack *p);

/* 1 once the pack is prepared (pc_packset_warm), else 0. */
int pc_pack_prepared(const pc_pack *p);

/* The id of the pack p extends ("extends"), or NULL. */
const char *pc_pack_extends(const pc_pack *p);

/* How many of the pack's logos are image files (with those of the pack
 * it extends once prepared). */
size_t pc_pack_logo_images(const pc_pack *p);

/* Logo image i (< pc_pack_logo_images): returns its file's bytes
 * (borrowed, valid as long as the pack) and fills *len, *key (a key
 * naming the bytes, pc_vision_key) and *name (borrowed). */
const uint8_t *pc_pack_logo_image(const pc_pack *p, size_t i, size_t *len,
                                  uint64_t *key, const char **name);

/* 1 when the pack (parsed: prepared once) has a rule that looks at an
 * image's pixels: faces, or a logo rule with logo images; else 0. */
int pc_pack_wants_pixels(const pc_pack *p);

/* Fills refs (room for PC_VISION_MAX_LOGOS, vision.h) with the pack's
 * logo images, borrowed from it, for vision to look for. Returns how
 * many. */
struct pc_vision_logo_ref;
size_t pc_pack_logo_refs(const pc_pack *p, struct pc_vision_logo_ref *refs);

#endif
