/* protocol.h: native-messaging protocol version 1 (docs/PROTOCOL.md).
 *
 * Requests and replies are JSON objects with a "type" (DESIGN.md). The
 * handler is a function from request bytes to reply bytes (it reads no
 * file descriptor and writes no log), so the serve loop, the tests and
 * the fuzzers all drive the same code; the serve loop (serve.h) adds the
 * framing (frame.h), the logging and the warm-up. */
#ifndef POSTCHECK_PROTOCOL_H
#define POSTCHECK_PROTOCOL_H

#include <stddef.h>
#include "postcheck/pack.h"
#include "postcheck/rules.h"
#include "postcheck/status.h"

/* Objects and arrays in a request may nest at most this deep (a valid
 * request nests 3 deep: request, attachments, attachment). */
#define PC_PROTOCOL_MAX_DEPTH 32

/* A check request may carry at most this many attachments. */
#define PC_PROTOCOL_MAX_ATTACHMENTS 64

/* A request's string "id" may be at most this many bytes; a longer one
 * is refused as bad-request (with "id": null), so that echoing ids can
 * never push a reply past PC_PROTOCOL_MAX_REPLY. */
#define PC_PROTOCOL_MAX_ID 256

/* No reply is longer than this many bytes (the browsers' 1 MB limit for
 * messages from a native host); a result's findings are cut from the end
 * to fit and "truncated" is set. */
#define PC_PROTOCOL_MAX_REPLY (1024u * 1024u)

/* Handles one request req[0..len) (UTF-8 JSON, need not be
 * NUL-terminated) against the packs in ps. A check prepares the pack it
 * names if it is not yet (pc_packset_ready), as does a hello that says
 * images may come (to hand the pack's logos to the vision helper);
 * nothing else in ps changes.
 * On return *reply is an owned reply of *reply_len bytes plus a NUL, free
 * with free(); it is a hello, policies or result reply, or an error reply.
 * Returns what happened:
 *   PC_OK            the request was served
 *   PC_ERR_UTF8      error reply "bad-utf8"
 *   PC_ERR_JSON      error reply "bad-json" (also: nested too deep)
 *   PC_ERR_REQUEST   error reply "bad-request"
 *   PC_ERR_POLICY    error reply "unknown-policy"
 *   PC_ERR_INTERNAL  error reply "internal"
 *   PC_ERR_NOMEM     no memory for any reply: *reply is NULL
 * The reply never exceeds PC_PROTOCOL_MAX_REPLY bytes. */
pc_status pc_protocol_handle(pc_packset *ps, const char *req,
                             size_t len, char **reply, size_t *reply_len);

/* The protocol's error code for a status: "bad-json", "bad-request",
 * "unknown-policy", "too-large", "bad-utf8" or "internal" (static). */
const char *pc_protocol_code(pc_status st);

/* Renders an error reply {"type":"error","id":null,"code","message"} for
 * a request whose id could not be read (the serve loop uses it for
 * too-large frames). Returns an owned string of *len bytes, free with
 * free(), or NULL when out of memory. */
char *pc_protocol_error_reply(pc_status st, const char *message,
                              size_t *len);

/* Renders the findings of a check of pack `policy` as the protocol's
 * result object without an id (what `postcheck check --json` prints):
 * {"type":"result","policy","findings":[...],"elapsed_us","truncated"}.
 * Findings are cut from the end until the whole fits max bytes (max is
 * normally PC_PROTOCOL_MAX_REPLY). Returns an owned string of *len bytes,
 * free with free(), or NULL when out of memory. */
char *pc_protocol_result_json(const char *policy, const pc_findings *f,
                              long elapsed_us, size_t max, size_t *len);

/* Frees a reply of pc_protocol_handle(_hint) or pc_protocol_result_json
 * (NULL is fine), as free() does, or keeps its memory for the next result
 * reply to be written in (at most one kept, of at most 16 KB), so the
 * reply the serve loop sends on every keystroke takes no allocation of
 * its own. The last one kept stays until the process ends. */
void pc_protocol_reply_free(char *reply);

/* pc_protocol_handle, also copying the "policy" a hello names (the pack
 * the extension will use) into hint[0..hint_size) when hint is not NULL;
 * hint is left alone otherwise (and for every other request). The serve
 * loop (serve.h) prepares that pack while it waits for input. */
pc_status pc_protocol_handle_hint(pc_packset *ps, const char *req,
                                  size_t len, char **reply,
                                  size_t *reply_len, char *hint,
                                  size_t hint_size);

#endif
