/* pack_lists.c: reading the word lists a pack names: the pack's own
 * lists folder first, then the lists built into the binary. The matchers
 * (match_list.c) get the text from here through pc__lists.read, or a
 * built-in list as the build made it ready through pc__lists.ready. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "pack_parse.h"
#include "precompiled.h"

/* dir/name.txt opened, or NULL (no dir, or no such file). */
static FILE *open_own(const char *dir, const char *name)
{
    char path[4096];

    if (!dir) {
        return NULL;
    }
    snprintf(path, sizeof path, "%s/%s.txt", dir, name);
    return fopen(path, "rb");
}

const struct pc__pc_list *pc__pack_ready_list(const char *dir,
                                              const char *name)
{
    FILE *f = open_own(dir, name);

    if (f) {
        fclose(f);
        return NULL;
    }
    return pc__precompiled_list(name);
}

/* Reads f to its end and closes it: owned NUL-terminated text, or NULL
 * when out of memory. */
static char *read_all(FILE *f)
{
    char *buf = NULL;
    size_t n = 0, cap = 0, got;
    char chunk[4096];

    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (n + got + 1 > cap) {
            char *b;
            cap = (n + got + 1) * 2;
            b = realloc(buf, cap);
            if (!b) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = b;
        }
        memcpy(buf + n, chunk, got);
        n += got;
    }
    fclose(f);
    if (!buf) {
        buf = calloc(1, 1);
    } else {
        buf[n] = '\0';
    }
    return buf;
}

char *pc__pack_read_list(const char *dir, const char *name)
{
    FILE *f = open_own(dir, name);
    const struct pc__blob *b;

    if (f) {
        return read_all(f);
    }
    b = pc__builtin_list(name);
    return b ? strdup(b->data) : NULL;
}
