/* fuzz_protocol.c: libFuzzer target for the whole request handler
 * (protocol.h) against the built-in packs plus the protocol test pack.
 *
 * The first input byte picks a mode; the rest is the payload:
 *   0..127    the payload is a request, any bytes (JSON or not)
 *   128..191  the payload is the text of a check request, wrapped in a
 *             valid request for a pack chosen by the byte, so the rules,
 *             detectors and text views see arbitrary posts
 *   192..255  the payload is a byte stream for the serve loop (frames)
 * Checked: a reply always comes back (no NOMEM here), within 1 MB, as a
 * JSON object with a string "type"; PC_OK goes with a non-error reply
 * and any other status with an error reply; every frame the serve loop
 * writes holds such a reply. */
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "fuzz_common.h"
#include "postcheck/frame.h"
#include "postcheck/pack.h"
#include "postcheck/protocol.h"
#include "postcheck/serve.h"
#include "postcheck/text.h"

#ifndef PC_FUZZ_EXTRA_PACK
#define PC_FUZZ_EXTRA_PACK ""
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static pc_packset *packs;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    pc_error err;

    (void)argc;
    (void)argv;
    pc_error_clear(&err);
    packs = pc_packset_new(&err);
    FUZZ_CHECK(packs != NULL);
    FUZZ_CHECK(pc_packset_add_builtin(packs, &err) == PC_OK);
    if (PC_FUZZ_EXTRA_PACK[0]) {
        FUZZ_CHECK(pc_packset_add_file(packs, PC_FUZZ_EXTRA_PACK,
                                       PC_SOURCE_FILE, &err) == PC_OK);
    }
    FUZZ_CHECK(pc_packset_count(packs) > 0);
    return 0;
}

/* Asserts that reply[0..len) is a valid reply and returns its type's
 * being "error" (1) or not (0). */
static int check_reply(const char *reply, size_t len)
{
    json_error_t jerr;
    json_t *root, *type;
    int is_error;

    FUZZ_CHECK(reply != NULL);
    FUZZ_CHECK(len <= PC_PROTOCOL_MAX_REPLY);
    FUZZ_CHECK(reply[len] == '\0');
    root = json_loadb(reply, len, JSON_REJECT_DUPLICATES, &jerr);
    FUZZ_CHECK(root != NULL);
    FUZZ_CHECK(json_is_object(root));
    type = json_object_get(root, "type");
    FUZZ_CHECK(json_is_string(type));
    is_error = strcmp(json_string_value(type), "error") == 0;
    if (is_error) {
        FUZZ_CHECK(json_is_string(json_object_get(root, "code")));
        FUZZ_CHECK(json_is_string(json_object_get(root, "message")));
    }
    json_decref(root);
    return is_error;
}

static void handle(const char *req, size_t len)
{
    char *reply = NULL;
    size_t reply_len = 0;
    pc_status st = pc_protocol_handle(packs, req, len, &reply, &reply_len);

    FUZZ_CHECK(st != PC_ERR_NOMEM);
    FUZZ_CHECK(check_reply(reply, reply_len) == (st != PC_OK));
    free(reply);
}

/* Wraps text as the post of a check request for one of the packs. */
static void handle_text(uint8_t pick, const char *text, size_t len)
{
    const pc_pack *p = pc_packset_at(packs, pick % pc_packset_count(packs));
    json_t *req;
    char *s;

    if (!pc_utf8_valid(text, len, NULL)) {
        handle(text, len); /* not representable in JSON: send as is */
        return;
    }
    req = json_pack("{s:s, s:i, s:s, s:{s:s, s:s}, s:s, s:s%, s:s}",
                    "type", "check", "id", 1, "policy", pc_pack_id(p),
                    "account", "kind", pick & 1 ? "personal" : "official",
                    "handle", "@someone", "site", "x.com", "text", text, len,
                    "now", "2026-11-23T10:15:00+00:00");
    FUZZ_CHECK(req != NULL);
    s = json_dumps(req, JSON_COMPACT);
    FUZZ_CHECK(s != NULL);
    handle(s, strlen(s));
    free(s);
    json_decref(req);
}

/* Runs the serve loop over the stream and checks every reply frame. */
static void serve(const uint8_t *data, size_t size)
{
    int in = fuzz_memfd(data, size);
    int out = memfd_create("fuzz-out", 0);
    int rc;
    char *body;
    size_t len;

    FUZZ_CHECK(out >= 0);
    rc = pc_serve_run(packs, in, out);
    FUZZ_CHECK(rc == 0 || rc == 1);
    FUZZ_CHECK(lseek(out, 0, SEEK_SET) == 0);
    while (pc_frame_read(out, PC_FRAME_MAX_OUT, &body, &len, NULL) ==
           PC_OK) {
        check_reply(body, len);
        free(body);
    }
    FUZZ_CHECK(lseek(out, 0, SEEK_CUR) == lseek(out, 0, SEEK_END));
    close(in);
    close(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *payload = (const char *)data + 1;

    if (size == 0) {
        return 0;
    }
    if (data[0] < 128) {
        handle(payload, size - 1);
    } else if (data[0] < 192) {
        handle_text(data[0], payload, size - 1);
    } else {
        serve(data + 1, size - 1);
    }
    return 0;
}
