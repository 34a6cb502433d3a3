/* self.c: where the running program is (self.h). Linux reads the
 * kernel's link /proc/self/exe, already absolute and resolved; macOS asks
 * dyld and resolves the links. */
#define _DEFAULT_SOURCE /* realpath */
#if defined(__APPLE__)
#define _DARWIN_C_SOURCE
#endif
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__APPLE__)
#include <mach-o/dyld.h>
#include <stdint.h>
#endif

#include "self.h"

int pc_self_path(char *out, size_t cap)
{
    char buf[PATH_MAX];
#if defined(__APPLE__)
    char raw[PATH_MAX];
    uint32_t size = sizeof raw;

    if (_NSGetExecutablePath(raw, &size) != 0 || !realpath(raw, buf)) {
        return -1;
    }
#else
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);

    if (n <= 0) {
        return -1;
    }
    buf[n] = '\0';
#endif
    if (strlen(buf) >= cap) {
        return -1;
    }
    memcpy(out, buf, strlen(buf) + 1);
    return 0;
}

int pc_self_beside(const char *name, int mode, char *out, size_t cap)
{
    char self[PATH_MAX];
    char *slash;
    int n;

    if (pc_self_path(self, sizeof self) != 0 ||
        !(slash = strrchr(self, '/'))) {
        return -1;
    }
    *slash = '\0';
    n = snprintf(out, cap, "%s/%s", self, name);
    if (n < 0 || (size_t)n >= cap) {
        return -1;
    }
    return access(out, mode) == 0 ? 0 : -1;
}
