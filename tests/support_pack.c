/* support_pack.c: see support_pack.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "support_check.h"
#include "support_pack.h"

/* Adds the pack (a file when json is NULL) to a new set and prepares id. */
static const pc_pack *pack_of(pc_packset **set, const char *path,
                              const char *json, size_t len, const char *id)
{
    pc_error err;
    pc_status st = PC_ERR_NOMEM;
    const pc_pack *p = NULL;

    pc_error_clear(&err);
    *set = pc_packset_new(&err);
    if (*set && json) {
        st = pc_packset_add_json(*set, json, len, path, NULL,
                                 PC_SOURCE_FILE, &err);
    } else if (*set) {
        st = pc_packset_add_file(*set, path, PC_SOURCE_FILE, &err);
    }
    if (st == PC_OK) {
        p = pc_packset_ready(*set, id, &err);
    }
    if (!p) {
        fprintf(stderr, "%s:%d:%d: %s\n",
                err.source[0] ? err.source : path, err.line, err.column,
                err.text);
        pc_packset_free(*set);
        *set = NULL;
    }
    return p;
}

const pc_pack *pc_test_pack_file(pc_packset **set, const char *path,
                                 const char *id)
{
    return pack_of(set, path, NULL, 0, id);
}

const pc_pack *pc_test_pack_json(pc_packset **set, const char *json,
                                 size_t len, const char *source,
                                 const char *id)
{
    return pack_of(set, source, json, len, id);
}

int pc_test_pack_setup(void **state, const pc_pack **pack, const char *path,
                       const char *json, size_t len, const char *id)
{
    pc_packset *set = NULL;

    *pack = pack_of(&set, path, json, len, id);
    *state = set;
    return *pack ? 0 : -1;
}

int pc_test_pack_teardown(void **state)
{
    pc_packset_free(*state);
    *state = NULL;
    return 0;
}

pc_status pc_test_pack_load(const char *json, pc_error *err)
{
    pc_packset *s = pc_packset_new(err);
    pc_status st;

    assert_non_null(s);
    st = pc_packset_add_json(s, json, strlen(json), "t.json", NULL,
                             PC_SOURCE_FILE, err);
    pc_packset_free(s);
    return st;
}

pc_packset *pc_test_builtin_packs(const char *id)
{
    pc_error err;
    pc_packset *ps;

    /* No pack of the user running the tests. */
    setenv("XDG_CONFIG_HOME", "/nonexistent/postcheck-test", 1);
    pc_error_clear(&err);
    ps = pc_packset_new(&err);
    assert_non_null(ps);
    assert_int_equal(pc_packset_load_default(ps, NULL, &err), PC_OK);
    assert_int_equal(pc_packset_warm(ps, id, &err), PC_OK);
    return ps;
}

pc_packset *pc_test_builtin_ready(const char *id, const pc_pack **pack)
{
    pc_error err;
    pc_packset *ps;

    pc_error_clear(&err);
    ps = pc_packset_new(&err);
    assert_non_null(ps);
    assert_int_equal(pc_packset_add_builtin(ps, &err), PC_OK);
    *pack = pc_packset_ready(ps, id, &err);
    assert_non_null(*pack);
    assert_true(pc_pack_prepared(*pack));
    return ps;
}

void pc_test_user_dir_make(pc_test_user_dir *d)
{
    snprintf(d->dir, sizeof d->dir, "/tmp/pc_test_user_dirXXXXXX");
    assert_non_null(mkdtemp(d->dir));
    snprintf(d->lists, sizeof d->lists, "%s/lists", d->dir);
    assert_int_equal(mkdir(d->lists, 0700), 0);
    d->list[0] = '\0';
    d->pack[0] = '\0';
}

/* Writes text to path (the test fails if it cannot). */
static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    assert_non_null(f);
    assert_true(fputs(text, f) >= 0);
    assert_int_equal(fclose(f), 0);
}

const pc_pack *pc_test_user_list_pack(pc_test_user_dir *d, pc_packset **set,
                                      const char *name, const char *text)
{
    char json[640];

    assert_int_equal(d->pack[0], '\0');
    snprintf(d->list, sizeof d->list, "%s/%s.txt", d->lists, name);
    write_text(d->list, text);
    snprintf(json, sizeof json,
             "{\"format\": 1, \"id\": \"x\", \"name\": \"X\","
             " \"version\": \"1\","
             " \"organisation\": {\"name\": \"Xo\", \"names\": [\"Xo\"]},"
             " \"source\": {\"title\": \"t\"}, \"rules\": [{\"id\": \"x.r\","
             " \"kind\": \"pattern\", \"category\": \"guidance\","
             " \"severity\": \"warning\", \"applies_to\": [\"personal\"],"
             " \"clause\": \"1\", \"quote\": \"q\", \"message\": \"m\","
             " \"lists\": [\"%s\"],"
             " \"examples\": {\"flag\": [], \"pass\": []}}]}",
             name);
    snprintf(d->pack, sizeof d->pack, "%s/x.json", d->dir);
    write_text(d->pack, json);
    return pc_test_pack_file(set, d->pack, "x");
}

size_t pc_test_user_list_finds(const pc_pack *p, const char *text)
{
    return pc_test_check(p, text, PC_ACCOUNT_PERSONAL, "x.r", NULL, NULL, 0);
}

void pc_test_user_dir_remove(pc_test_user_dir *d)
{
    if (d->pack[0]) {
        remove(d->pack);
    }
    if (d->list[0]) {
        remove(d->list);
    }
    rmdir(d->lists);
    rmdir(d->dir);
}
