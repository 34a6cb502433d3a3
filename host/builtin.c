/* builtin.c: looking up the built-in word lists that host/tools/embed.c
 * compiles into the binary (builtin.h). A leaf: the pack loader, the
 * matchers and the detectors all read lists through it. */
#include <string.h>

#include "builtin.h"

const struct pc__blob *pc__builtin_list(const char *name)
{
    size_t n = strlen(name);

    for (const struct pc__blob *b = pc__builtin_lists; b->name; b++) {
        if (strncmp(b->name, name, n) == 0 && strcmp(b->name + n, ".txt") == 0) {
            return b;
        }
    }
    return NULL;
}
