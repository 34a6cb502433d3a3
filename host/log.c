/* log.c: the host's only writer to stderr for diagnostics. One line per
 * call, written with a single fputs on an unbuffered stream so lines from
 * one process do not interleave. Callers pass ids, lengths and codes,
 * never post text. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "postcheck/log.h"

static pc_log_level log_level = PC_LOG_WARN;

static const char *const level_names[] = {"error", "warn", "info", "debug"};

void pc_log_set_level(pc_log_level lvl)
{
    log_level = lvl;
}

void pc_log_from_env(void)
{
    const char *v = getenv("POSTCHECK_LOG");
    size_t i;

    if (!v) {
        return;
    }
    for (i = 0; i < sizeof level_names / sizeof level_names[0]; i++) {
        if (strcmp(v, level_names[i]) == 0) {
            log_level = (pc_log_level)i;
        }
    }
}

int pc_log_enabled(pc_log_level lvl)
{
    return lvl <= log_level;
}

void pc_log_print(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

void pc_log(pc_log_level lvl, const char *fmt, ...)
{
    char line[512];
    int n;
    va_list ap;

    if (!pc_log_enabled(lvl)) {
        return;
    }
    n = snprintf(line, sizeof line, "postcheck: %s: ", level_names[lvl]);
    va_start(ap, fmt);
    vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
    va_end(ap);
    strcat(line, "\n");
    fputs(line, stderr);
}
