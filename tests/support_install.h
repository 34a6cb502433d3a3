/* support_install.h: a scratch machine for the tests of `postcheck
 * install|uninstall|doctor` (test_install.c, test_install_doctor.c): a
 * temporary folder standing in for HOME, the system root and PATH, with
 * a stand-in postcheck binary, and the install command run against it
 * in-process. */
#ifndef POSTCHECK_TEST_SUPPORT_INSTALL_H
#define POSTCHECK_TEST_SUPPORT_INSTALL_H

#include <stddef.h>

#include "install_int.h"
#include "postcheck/config.h"

#define HOST_FILE PC_HOST_NAME ".json"

/* One scratch machine: a temporary folder holding home/, root/, bin/. */
typedef struct scratch {
    char dir[256];
    char home[300];
    char root[300];
    char bin[300];
    char self[320];
    pc__install_env env;
    char out[16384];
    char errs[8192];
} scratch;

/* Writes text to path with mode (the test fails if it cannot). */
void pc_test_make_file(const char *path, const char *text, int mode);

/* Writes text to the file at rel (starting with '/') under s's system
 * root with mode, making the folders on the way that are not there (the
 * test fails if one cannot be made, or the file cannot be written). */
void pc_test_make_root_file(scratch *s, const char *rel, const char *text,
                            int mode);

/* 1 if path exists. */
int pc_test_file_exists(const char *path);

/* cmocka set-up and teardown: a new scratch machine in *state (its
 * binary answers --version like postcheck), and its removal. */
int pc_test_scratch_setup(void **state);
int pc_test_scratch_teardown(void **state);

/* Runs one command line (a NULL-ended list) against the scratch machine;
 * returns its exit status, with its output in s->out and s->errs. */
int pc_test_install_run(scratch *s, ...);

/* Stores browser name's manifest path (user or system) in out. */
void pc_test_manifest_path(scratch *s, const char *name, int system,
                           char *out, size_t cap);

#endif
