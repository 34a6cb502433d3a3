/* shell.c: a command line run to its end with its output kept (shell.h),
 * for the tests in tests/vision that drive the postcheck binary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "shell.h"

int pc_test_shell(const char *cmd, char *out, size_t cap)
{
    size_t len = strlen(cmd) + sizeof " 2>&1";
    char *line = malloc(len);
    FILE *p;
    size_t n;
    int status;

    assert_non_null(line);
    snprintf(line, len, "%s 2>&1", cmd);
    p = popen(line, "r");
    free(line);
    assert_non_null(p);
    n = fread(out, 1, cap - 1, p);
    out[n] = '\0';
    status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
