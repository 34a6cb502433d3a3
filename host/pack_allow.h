/* pack_allow.h: a pack's allow list, the organisation's own published
 * contact details (phone numbers, email addresses, postal addresses,
 * handles, web addresses), which are never flagged: parsed and checked
 * with the pack (FORMAT.md, `allow`), applied by the rule engine to the
 * words a pattern or detector finding points at. Internal to the host. */
#ifndef POSTCHECK_PACK_ALLOW_H
#define POSTCHECK_PACK_ALLOW_H

#include <jansson.h>
#include <stddef.h>

#include "pack_json.h"

/* At most this many entries in one class, each at most this many bytes:
 * a list of what an organisation publishes, not a data set. */
#define PC_ALLOW_MAX_ENTRIES 200
#define PC_ALLOW_MAX_BYTES 300

typedef enum pc__allow_class {
    PC_ALLOW_PHONE,
    PC_ALLOW_EMAIL,
    PC_ALLOW_ADDRESS,
    PC_ALLOW_HANDLE,
    PC_ALLOW_URL
} pc__allow_class;

/* One entry, kept in its compared form (pc__allow_key) and as written. */
typedef struct pc__allow_entry {
    pc__allow_class cls;
    char *key;
    char *text;
} pc__allow_entry;

/* Zero-initialised: an empty list. */
typedef struct pc__allow {
    pc__allow_entry *v;
    size_t n;
} pc__allow;

/* Parses root["allow"] (absent: an empty list) into a, refusing an
 * unknown class, a value that is not an array of strings, and an entry
 * that is not a well-formed phone number, email address, postal address,
 * handle or web address, with the field named (allow.phones[1]). Returns
 * PC_OK, PC_ERR_PACK (v's error set) or PC_ERR_NOMEM. On failure a may
 * hold entries: free it with pc__allow_free() either way. */
pc_status pc__allow_parse(pc__vctx *v, json_t *root, pc__allow *a);

/* Writes one line per entry, "  never flagged (phone): +44 20 7946 0000",
 * to the stream f (a FILE *), for `postcheck policy show`. */
void pc__allow_describe(const pc__allow *a, void *f);

/* Frees a's entries and zeroes it. */
void pc__allow_free(pc__allow *a);

/* The compared form of s[0..n) as an entry of class cls, owned (free with
 * free()), or NULL when s is not well formed for that class (or out of
 * memory: *nomem is then set when nomem is not NULL). Phone: "+" and the
 * digits when written internationally ("+44 (0)20 7946 0000" ->
 * "+442079460000", "0044..." alike), else the digits; email: lowercase,
 * "[at]"/"(at)" and "[dot]"/"(dot)" read as "@" and "."; address: its
 * words in lowercase between single spaces (" 1 high street london "),
 * common abbreviations written out ("st" -> "street"); handle: lowercase
 * with one leading "@"; URL: lowercase, without scheme, "www." and a
 * final "/". */
char *pc__allow_key(pc__allow_class cls, const char *s, size_t n,
                    int *nomem);

/* 1 when the words s[0..n) that a finding points at are on a's list.
 * kind is the detector's kind of the hit ("phone", "email", "address",
 * "postcode") or NULL for a pattern's match. A phone matches an entry
 * with the same digits, or the same number written nationally (trunk "0"
 * dropped) and internationally (a country code of 1 to 3 digits before
 * it); an email, handle or URL matches the same compared form; an address
 * or postcode hit matches when its words stand, in order, inside an
 * address entry. A pattern's match is compared as a phone, email, handle
 * or URL (never as a piece of an address). */
int pc__allow_has(const pc__allow *a, const char *kind, const char *s,
                  size_t n);

#endif
