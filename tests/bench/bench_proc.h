/* bench_proc.h: what /proc and getrusage say about a process, for
 * pc_bench (bench.c): its minor page faults, and a figure of
 * /proc/PID/status or smaps_rollup. The includer includes <stdio.h>,
 * <stdlib.h>, <string.h>, <sys/resource.h> and <sys/types.h>. */
#ifndef POSTCHECK_BENCH_PROC_H
#define POSTCHECK_BENCH_PROC_H

/* This process's minor page faults so far. */
static inline long minor_faults(void)
{
    struct rusage ru;

    memset(&ru, 0, sizeof ru);
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_minflt;
}

/* The value in KiB of the line starting with key in /proc/PID/name. */
static inline long proc_kb(pid_t pid, const char *name, const char *key)
{
    char path[64], line[256];
    size_t k = strlen(key);
    long kb = -1;
    FILE *f;

    snprintf(path, sizeof path, "/proc/%ld/%s", (long)pid, name);
    f = fopen(path, "r");
    while (f && fgets(line, sizeof line, f)) {
        if (strncmp(line, key, k) == 0) {
            kb = strtol(line + k, NULL, 10);
        }
    }
    if (f) {
        fclose(f);
    }
    return kb;
}

#endif
