/* pack_lists.c: reading the word lists a pack names: the pack's own
 * lists folder first, then the lists built into the binary. The matchers
 * (match_list.c) get the text from here through pc__lists.read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "pack_parse.h"

char *pc__pack_read_list(const char *dir, const char *name)
{
    if (dir) {
        char path[4096];
        FILE *f;
        snprintf(path, sizeof path, "%s/%s.txt", dir, name);
        f = fopen(path, "rb");
        if (f) {
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
    }
    {
        const struct pc__blob *b = pc__builtin_list(name);
        return b ? strdup(b->data) : NULL;
    }
}
