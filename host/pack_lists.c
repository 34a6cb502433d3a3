/* pack_lists.c: reading the word lists a pack names: the pack's own
 * lists folder first, then the lists built into the binary. The matchers
 * (match_list.c) get the text from here through pc__lists.read, or a
 * built-in list as the build made it ready through pc__lists.ready. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "grow.h"
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

/* The text of list name as written (its own file, else the built-in
 * list), or NULL. */
static char *read_raw(const char *dir, const char *name)
{
    FILE *f = open_own(dir, name);
    const struct pc__blob *b;

    if (f) {
        return read_all(f);
    }
    b = pc__builtin_list(name);
    return b ? strdup(b->data) : NULL;
}

static int starts(const char *line, const char *word)
{
    return strncmp(line, word, strlen(word)) == 0;
}

/* Line [s, s + *n) without the blanks before it and the CR after it. */
static const char *trim(const char *s, size_t *n)
{
    while (*n && (*s == ' ' || *s == '\t')) {
        s++;
        (*n)--;
    }
    while (*n && s[*n - 1] == '\r') {
        (*n)--;
    }
    return s;
}

/* Appends the lines of src (a list's text) to out: a "re:" line with
 * outer (the including lists' prefixes) and this list's prefix (the
 * regex of the last "prefix:" line before it) put in front of its regex;
 * an "include:NAME" line replaced by list NAME's lines, read the same way
 * with those prefixes in front; every other line as it is. Returns 0, or
 * -1 when an included list is missing or lists include each other more
 * than 8 deep. */
static int expand_into(pc__sbuf *out, const char *dir, const char *src,
                       const char *outer, int depth)
{
    const char *prefix = "";
    size_t prefix_n = 0;

    while (*src) {
        const char *end = strchr(src, '\n');
        const char *next = end ? end + 1 : src + strlen(src);
        size_t n = (size_t)((end ? end : next) - src);
        const char *line = trim(src, &n);
        src = next;
        if (starts(line, "prefix:")) {
            prefix = line + 7;
            prefix_n = n - 7;
        } else if (starts(line, "include:")) {
            char name[256], *raw;
            pc__sbuf both = {0};
            int rc;
            if (n - 8 >= sizeof name || depth >= 8) {
                return -1;
            }
            memcpy(name, line + 8, n - 8);
            name[n - 8] = '\0';
            raw = read_raw(dir, name);
            pc__sbuf_adds(&both, outer);
            pc__sbuf_add(&both, prefix, prefix_n);
            if (!raw || both.bad) {
                free(raw);
                pc__sbuf_free(&both);
                return -1;
            }
            rc = expand_into(out, dir, raw, both.s, depth + 1);
            free(raw);
            pc__sbuf_free(&both);
            if (rc != 0) {
                return rc;
            }
        } else if (starts(line, "re:")) {
            pc__sbuf_add(out, "re:", 3);
            pc__sbuf_adds(out, outer);
            pc__sbuf_add(out, prefix, prefix_n);
            pc__sbuf_add(out, line + 3, n - 3);
            pc__sbuf_add(out, "\n", 1);
        } else {
            pc__sbuf_add(out, line, n);
            pc__sbuf_add(out, "\n", 1);
        }
    }
    return 0;
}

char *pc__pack_read_list(const char *dir, const char *name)
{
    char *raw = read_raw(dir, name);
    pc__sbuf out = {0};

    if (!raw || (!strstr(raw, "prefix:") && !strstr(raw, "include:"))) {
        return raw;
    }
    pc__sbuf_add(&out, "", 0); /* an empty list's text is "", not NULL */
    if (expand_into(&out, dir, raw, "", 0) != 0 || out.bad) {
        pc__sbuf_free(&out);
    }
    free(raw);
    return out.s;
}
