/* pack_json.h: validating a pack's JSON with errors that name the file,
 * line, column and field. jansson keeps no positions for values, so the
 * position of a field is found again in the raw text by its path. */
#ifndef POSTCHECK_PACK_JSON_H
#define POSTCHECK_PACK_JSON_H

#include <jansson.h>

#include "postcheck/status.h"

#define PC__VPATH_MAX 12

typedef struct pc__vctx {
    const char *json;         /* the raw text, for locating fields */
    size_t len;
    const char *file;
    pc_error *err;
    const char *key[PC__VPATH_MAX]; /* NULL where the segment is an index */
    size_t idx[PC__VPATH_MAX];
    int depth;
    int no_examples;          /* rules' "examples" may be null (the reader
                                 left them out: PC__PACK_NO_EXAMPLES) */
} pc__vctx;

void pc__v_key(pc__vctx *v, const char *key);
void pc__v_idx(pc__vctx *v, size_t i);
void pc__v_pop(pc__vctx *v);

/* Records "FIELD: message" at the current path's line and column.
 * Returns code. */
pc_status pc__v_fail(pc__vctx *v, pc_status code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Checks that obj is an object whose keys are all in allowed (NULL
 * terminated) and that every key in required is present. */
pc_status pc__v_keys(pc__vctx *v, json_t *obj, const char *const *allowed,
                     const char *const *required);

/* Reads obj[key] as a string into an owned copy (*out stays NULL when
 * absent and not required). */
pc_status pc__v_string(pc__vctx *v, json_t *obj, const char *key,
                       int required, char **out);

/* Reads obj[key] as a boolean (default when absent). */
pc_status pc__v_bool(pc__vctx *v, json_t *obj, const char *key, int dflt,
                     int *out);

/* Reads obj[key] as an integer in [lo, hi] (default when absent). */
pc_status pc__v_int(pc__vctx *v, json_t *obj, const char *key, long dflt,
                    long lo, long hi, long *out);

/* Reads obj[key] as an array (NULL when absent and not required). */
pc_status pc__v_array(pc__vctx *v, json_t *obj, const char *key,
                      int required, json_t **out);

/* Reads obj[key] as a string that must be one of choices (NULL
 * terminated); *out gets its index. */
pc_status pc__v_enum(pc__vctx *v, json_t *obj, const char *key,
                     const char *const *choices, int required, int dflt,
                     int *out);

/* Reads the string at json path key1[.key2] (key2 may be NULL) of the
 * raw text without parsing the rest of it. Returns an owned copy (free
 * with free()), or NULL when absent, not a string, or out of memory. */
char *pc__json_peek_string(const char *json, size_t len, const char *key1,
                           const char *key2);

#endif
