/* support_protocol.c: see support_protocol.h. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"
#include "support_protocol.h"

pc_packset *pc_test_protocol_packs;

int pc_test_protocol_setup(void **state)
{
    pc_error err;

    (void)state;
    pc_error_clear(&err);
    pc_test_protocol_packs = pc_packset_new(&err);
    if (!pc_test_protocol_packs || pc_packset_add_file(pc_test_protocol_packs,
            pc_test_case_path("protocol/packs/pctest.json"), PC_SOURCE_FILE,
            &err) != PC_OK) {
        fprintf(stderr, "cannot load the test pack: %s (line %d)\n",
                err.text, err.line);
        return -1;
    }
    return 0;
}

int pc_test_protocol_teardown(void **state)
{
    (void)state;
    pc_packset_free(pc_test_protocol_packs);
    pc_test_protocol_packs = NULL;
    return 0;
}

json_t *pc_test_handle_n(const char *req, size_t len, pc_status *st)
{
    char *reply = NULL;
    size_t reply_len = 0;
    json_t *j;

    *st = pc_protocol_handle(pc_test_protocol_packs, req, len, &reply,
                             &reply_len);
    assert_non_null(reply);
    assert_true(reply_len <= PC_PROTOCOL_MAX_REPLY);
    assert_int_equal(strlen(reply), reply_len);
    j = json_loadb(reply, reply_len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL,
                   NULL);
    assert_non_null(j);
    free(reply);
    return j;
}

json_t *pc_test_handle(const char *req, pc_status *st)
{
    return pc_test_handle_n(req, strlen(req), st);
}

const char *pc_test_str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);

    assert_true(json_is_string(v));
    return json_string_value(v);
}

json_t *pc_test_expect_error(const char *req, size_t len, pc_status want,
                             const char *code)
{
    pc_status st;
    json_t *j = pc_test_handle_n(req, len ? len : strlen(req), &st);

    assert_int_equal(st, want);
    assert_string_equal(pc_test_str(j, "type"), "error");
    assert_string_equal(pc_test_str(j, "code"), code);
    assert_true(strlen(pc_test_str(j, "message")) > 0);
    assert_non_null(json_object_get(j, "id"));
    assert_int_equal(json_object_size(j), 4);
    return j;
}

void pc_test_error_is(const char *req, const char *code, pc_status want)
{
    json_decref(pc_test_expect_error(req, strlen(req), want, code));
}

void pc_test_errors_are(const char *const *reqs, size_t n, const char *code,
                        pc_status want)
{
    for (size_t i = 0; i < n; i++) {
        print_message("request %zu: %s\n", i, reqs[i]);
        pc_test_error_is(reqs[i], code, want);
    }
}
