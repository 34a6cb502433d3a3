/* support_check.h: one check of a post in-process, for the cmocka tests
 * of the engine (test_rules.c, test_rules_model.c, test_text_walk.c,
 * test_pack_allow.c; each of a list of texts: test_rules_thing.c,
 * test_rules_evade.c, test_rules_orgpost.c, test_rules_outside.c), and one
 * post checked with a switch on and off
 * (test_prefilter_check.c, test_rules_cache.c), and two sets of findings
 * held to be the same (also test_pack.c). */
#ifndef POSTCHECK_TEST_SUPPORT_CHECK_H
#define POSTCHECK_TEST_SUPPORT_CHECK_H

#include <stddef.h>

#include "postcheck/rules.h"

/* A row of a test's table: a text and how many findings it gets. */
typedef struct pc_test_want {
    const char *text;
    size_t want;
} pc_test_want;

/* A post of text (NUL-terminated) from an account of kind acct, with
 * nothing else set. */
pc_post pc_test_post(const char *text, pc_account acct);

/* Checks text as a post from an account of kind acct against pack (the
 * test fails if the check does); copies up to max findings of rule (all
 * when rule is NULL) into out with their message set to NULL and, when
 * msg is not NULL, a copy of each message into msg[i] (owned by the
 * caller). Returns how many findings of rule there were. */
size_t pc_test_check(const pc_pack *pack, const char *text, pc_account acct,
                     const char *rule, pc_finding *out, char **msg,
                     size_t max);

/* Fails the test unless each of the n texts, checked as a post from an
 * account of kind acct against pack, gets want findings of rule; the
 * failure names the text and its place in the list. For the tests of a
 * rule that silences a kind of post and must leave another alone. */
void pc_test_each_finds(const pc_pack *pack, const char *const *texts,
                        size_t n, pc_account acct, const char *rule,
                        size_t want);

/* The number of entries of an array. */
#define PC_TEST_COUNT(a) (sizeof(a) / sizeof *(a))

/* Fails the test on any difference between findings a and b: their
 * number, how many were limited, each one's rule, span, attachment, kind
 * and message; what names the two in the failure message. */
void pc_test_same_findings(const pc_findings *a, const pc_findings *b,
                           const char *what);

/* Checks text against pack (no time limit that could cut a rule short)
 * with enable(1) and then enable(0), leaves enable(1), and fails the test
 * on any difference in the findings: their number, how many were limited,
 * each one's rule, span, attachment, kind and message. what names the
 * switch in the failure message. Returns how many findings there were. */
size_t pc_test_check_both(const pc_pack *pack, const char *text,
                          pc_account acct, void (*enable)(int),
                          const char *what);

/* What a sweep of pc_test_check_both calls came to: the checks made and
 * the findings they gave. */
typedef struct pc_test_both {
    long checks;
    long findings;
} pc_test_both;

/* pc_test_check_both, counted into *sum. */
void pc_test_count_both(pc_test_both *sum, const pc_pack *pack,
                        const char *text, pc_account acct,
                        void (*enable)(int), const char *what);

#endif
