/* support_regex.h: a regex run over a subject the way the engine runs one
 * (match.c's run_one), for tests that compare the engine's fast paths with
 * the plain run. */
#ifndef POSTCHECK_TEST_SUPPORT_REGEX_H
#define POSTCHECK_TEST_SUPPORT_REGEX_H

#include <stddef.h>

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

/* Appends the matches of re in s from `at`, the subject ending at end, to
 * v[n..cap) as (start, end) pairs: empty matches are skipped, the search
 * goes on after each match (one character on after an empty one, never
 * inside a UTF-8 sequence). Returns the new count of numbers in v; fails
 * the test on a match error or when v is full. */
size_t pc_test_regex_run(const pcre2_code *re, pcre2_match_context *mctx,
                         const char *s, size_t at, size_t end, size_t *v,
                         size_t n, size_t cap);

#endif
