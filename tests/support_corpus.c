/* support_corpus.c: see support_corpus.h. */
#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>
#include <jansson.h>

#include "support_corpus.h"

/* Calls fn for each line's text in the file at path. Returns the count. */
static size_t each_line(const char *path, pc_test_text_fn fn, void *ctx)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0, n = 0;

    assert_non_null(f);
    while (getline(&line, &cap, f) > 0) {
        json_t *j = json_loads(line, 0, NULL);
        const char *text = json_string_value(json_object_get(j, "text"));
        if (text) {
            fn(ctx, text, path);
            n++;
        }
        json_decref(j);
    }
    free(line);
    fclose(f);
    return n;
}

size_t pc_test_corpus_each(pc_test_text_fn fn, void *ctx)
{
    glob_t g;
    size_t n = 0;

    assert_int_equal(glob(PC_SOURCE_DIR "/tests/corpus/posts*.jsonl", 0,
                          NULL, &g),
                     0);
    for (size_t i = 0; i < g.gl_pathc; i++) {
        n += each_line(g.gl_pathv[i], fn, ctx);
    }
    globfree(&g);
    return n;
}

/* Calls fn for each example of the pack file at path. Returns the count. */
static size_t each_example(const char *path, pc_test_text_fn fn, void *ctx)
{
    static const char *const keys[] = {"flag", "pass"};
    json_t *j = json_load_file(path, 0, NULL);
    json_t *rule;
    size_t i, n = 0;

    assert_non_null(j);
    json_array_foreach(json_object_get(j, "rules"), i, rule) {
        json_t *ex = json_object_get(rule, "examples");
        for (int k = 0; k < 2; k++) {
            json_t *v;
            size_t e;
            json_array_foreach(json_object_get(ex, keys[k]), e, v) {
                const char *text = json_is_string(v)
                    ? json_string_value(v)
                    : json_string_value(json_object_get(v, "text"));
                if (text) {
                    fn(ctx, text, path);
                    n++;
                }
            }
        }
    }
    json_decref(j);
    return n;
}

size_t pc_test_pack_examples_each(pc_test_text_fn fn, void *ctx)
{
    glob_t g;
    size_t n = 0;

    assert_int_equal(glob(PC_SOURCE_DIR "/host/policies/*.json", 0, NULL,
                          &g),
                     0);
    for (size_t i = 0; i < g.gl_pathc; i++) {
        n += each_example(g.gl_pathv[i], fn, ctx);
    }
    globfree(&g);
    return n;
}
