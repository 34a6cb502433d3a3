/* shell.h: a command line run to its end with its output kept, for the
 * tests in tests/vision that drive the postcheck binary (test_vision.c,
 * test_logos.c). */
#ifndef POSTCHECK_TEST_SHELL_H
#define POSTCHECK_TEST_SHELL_H

#include <stddef.h>

/* Runs cmd (a shell command line) with its stderr joined to its stdout;
 * puts what it wrote in out (NUL-ended, cut at cap - 1 bytes) and returns
 * its exit status, or -1 when it did not exit. The test fails when the
 * shell cannot start. */
int pc_test_shell(const char *cmd, char *out, size_t cap);

#endif
