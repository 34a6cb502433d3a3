/* protocol_int.h: declarations shared by protocol.c (envelope, dispatch),
 * protocol_check.c (the check request) and protocol_result.c (its reply).
 * Internal to the host. */
#ifndef POSTCHECK_PROTOCOL_INT_H
#define POSTCHECK_PROTOCOL_INT_H

#include <jansson.h>
#include <stdint.h>
#include <string.h>

#include "json_read.h"
#include "postcheck/protocol.h"
#include "postcheck/vision.h"

/* One request being handled. */
typedef struct pc__req {
    pc_packset *ps;      /* a check prepares the pack it names */
    json_t *id;          /* borrowed from the request, or NULL */
    long long t0_ns;     /* monotonic time the request arrived */
    char *hint;          /* gets a hello's "policy", if not NULL */
    size_t hint_size;
    pc_error err;        /* why the request failed */
} pc__req;

/* Monotonic clock in nanoseconds. */
long long pc__now_ns(void);

/* Serialises obj compactly. Returns an owned string of *len bytes, free
 * with free(), or NULL when out of memory. Does not take obj. */
char *pc__dump(const json_t *obj, size_t *len);

/* Reads request s[0..n) (valid UTF-8) in one pass into *out (a new
 * reference): the value json_loadb would return with
 * JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL | JSON_DECODE_ANY. Returns
 * PC_OK, PC_ERR_NOMEM, or PC_ERR_JSON where this reader declines (invalid
 * JSON, a root that is not an object, numbers other than small
 * integers...): the caller then reads s with jansson. *out is NULL
 * unless PC_OK. pc__json_read (json_read.h) with the protocol's depth
 * limit and NUL allowed in strings. (protocol.c) */
pc_status pc__json_parse(const char *s, size_t n, json_t **out);

/* Handles a check request (root is the parsed request object). Returns an
 * owned result reply of *len bytes, or NULL with r->err set
 * (PC_ERR_REQUEST, PC_ERR_POLICY, PC_ERR_INTERNAL, PC_ERR_NOMEM). */
char *pc__protocol_check(pc__req *r, json_t *root, size_t *len);

/* The fields of a check request pc__check_read_fast took: strings
 * NUL-terminated (text may hold NUL: text_len), NULL when absent or
 * null. */
typedef struct pc__check_req {
    const char *policy;
    int locked;          /* "locked": true */
    const char *kind;    /* account.kind */
    const char *handle;
    const char *display_name;
    const char *site;
    const char *now;
    const char *text;
    size_t text_len;
} pc__check_req;

/* Reads request s[0..n) into *q when it is a check request of the usual
 * shape, valid UTF-8 (protocol_fast.c says which), without a jansson
 * tree. Returns 1 when taken: *id gets the id (a new reference, NULL for
 * none) and *arena the buffer q's strings are in (free with free());
 * 0 when declined (check the request's UTF-8, then read it with
 * pc__json_parse and jansson); -1 when out of memory. (protocol_fast.c) */
int pc__check_read_fast(const char *s, size_t n, pc__check_req *q,
                        json_t **id, char **arena);

/* Handles a check request pc__check_read_fast took, as
 * pc__protocol_check handles the same request read into a tree. */
char *pc__protocol_check_fields(pc__req *r, const pc__check_req *q,
                                size_t *len);

/* Whether pc_protocol_handle tries pc__check_read_fast first (1, the
 * default) or reads every request into a tree (0): for the test that
 * compares the two paths' replies. (protocol.c) */
void pc__protocol_fast_set(int on);

/* Reads attachment i's optional "pixels" (object v) and sets a->faces
 * and a->logos (pack's logo images found) from vision, or from the cache
 * by a's dHash when there are none. Returns 0, or -1 with r->err set
 * (PC_ERR_REQUEST, PC_ERR_NOMEM). (protocol_pixels.c) */
int pc__read_pixels(pc__req *r, json_t *v, size_t i, const pc_pack *pack,
                    pc_attachment *a);

/* A hello said images may come (its "images": true) for pack policy:
 * when that pack looks at pixels, the vision helper is started and
 * handed the pack's logos now, not at the first image. Nothing when the
 * pack is unknown or cannot be prepared. (protocol_pixels.c) */
void pc__expect_images(pc_packset *ps, const char *policy);

/* Renders a result reply; id may be NULL (then no "id" key). Findings are
 * cut from the end until the reply fits max bytes; "truncated" is set when
 * any were cut. Returns an owned string or NULL when out of memory. */
char *pc__result_render(json_t *id, const char *policy,
                        const pc_findings *f, long elapsed_us, size_t max,
                        size_t *len);

#endif
