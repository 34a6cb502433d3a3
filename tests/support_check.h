/* support_check.h: one check of a post in-process, for the cmocka tests
 * of the engine (test_rules.c, test_rules_model.c, test_text_walk.c,
 * test_pack_allow.c). */
#ifndef POSTCHECK_TEST_SUPPORT_CHECK_H
#define POSTCHECK_TEST_SUPPORT_CHECK_H

#include <stddef.h>

#include "postcheck/rules.h"

/* Checks text as a post from an account of kind acct against pack (the
 * test fails if the check does); copies up to max findings of rule (all
 * when rule is NULL) into out with their message set to NULL and, when
 * msg is not NULL, a copy of each message into msg[i] (owned by the
 * caller). Returns how many findings of rule there were. */
size_t pc_test_check(const pc_pack *pack, const char *text, pc_account acct,
                     const char *rule, pc_finding *out, char **msg,
                     size_t max);

#endif
