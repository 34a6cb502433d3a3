/* support_protocol.h: a request handled in-process by pc_protocol_handle
 * with the test pack (tests/cases/protocol/packs/pctest.json) and its
 * reply parsed, for the cmocka tests of the protocol (test_protocol.c,
 * test_protocol_check.c, test_protocol_result.c). */
#ifndef POSTCHECK_TEST_SUPPORT_PROTOCOL_H
#define POSTCHECK_TEST_SUPPORT_PROTOCOL_H

#include <stddef.h>

#include <jansson.h>

#include "postcheck/protocol.h"

/* The test pack's set, loaded by pc_test_protocol_setup. */
extern pc_packset *pc_test_protocol_packs;

/* cmocka group set-up and tear-down: load and free the test pack. */
int pc_test_protocol_setup(void **state);
int pc_test_protocol_teardown(void **state);

/* Handles the len bytes of req and returns the parsed reply (the test
 * fails when there is none, it is over PC_PROTOCOL_MAX_REPLY or not
 * JSON); *st gets the status. pc_test_handle takes a C string. */
json_t *pc_test_handle_n(const char *req, size_t len, pc_status *st);
json_t *pc_test_handle(const char *req, pc_status *st);

/* The string member key of o (the test fails when it is not one). */
const char *pc_test_str(json_t *o, const char *key);

/* Asserts req (len bytes; strlen(req) when len is 0) gets an error reply
 * of exactly four keys with this code, a message and an id, and the
 * status want; returns the reply. pc_test_error_is frees it. */
json_t *pc_test_expect_error(const char *req, size_t len, pc_status want,
                             const char *code);
void pc_test_error_is(const char *req, const char *code, pc_status want);

/* pc_test_error_is for each of the n requests reqs, naming each (its
 * index and text) before it is handled, so a failure says which. */
void pc_test_errors_are(const char *const *reqs, size_t n, const char *code,
                        pc_status want);

#endif
