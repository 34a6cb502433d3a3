/* support_install.c: see support_install.h. */
#include <errno.h>
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

#include "support_install.h"

/* Stands in for the binary: doctor runs `postcheck --version`. */
#define FAKE_POSTCHECK "#!/bin/sh\necho 'postcheck 0.0.0 (protocol 1)'\n"

void pc_test_make_file(const char *path, const char *text, int mode)
{
    FILE *f = fopen(path, "w");

    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    assert_int_equal(chmod(path, (mode_t)mode), 0);
}

void pc_test_make_root_file(scratch *s, const char *rel, const char *text,
                            int mode)
{
    char path[PC__INSTALL_PATH_MAX];
    size_t root = strlen(s->root);

    assert_true((size_t)snprintf(path, sizeof path, "%s%s", s->root, rel) <
                sizeof path);
    for (char *slash = strchr(path + root + 1, '/'); slash;
         slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        if (mkdir(path, 0755) != 0 && errno != EEXIST) {
            fail_msg("cannot make %s: %s", path, strerror(errno));
        }
        *slash = '/';
    }
    pc_test_make_file(path, text, mode);
}

int pc_test_file_exists(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0;
}

int pc_test_scratch_setup(void **state)
{
    scratch *s = calloc(1, sizeof *s);

    assert_non_null(s);
    snprintf(s->dir, sizeof s->dir, "/tmp/pc-test-install-XXXXXX");
    assert_non_null(mkdtemp(s->dir));
    snprintf(s->home, sizeof s->home, "%s/home", s->dir);
    snprintf(s->root, sizeof s->root, "%s/root", s->dir);
    snprintf(s->bin, sizeof s->bin, "%s/bin", s->dir);
    snprintf(s->self, sizeof s->self, "%s/postcheck", s->bin);
    assert_int_equal(mkdir(s->home, 0755), 0);
    assert_int_equal(mkdir(s->root, 0755), 0);
    assert_int_equal(mkdir(s->bin, 0755), 0);
    pc_test_make_file(s->self, FAKE_POSTCHECK, 0755);
    s->env.home = s->home;
    s->env.config_home = NULL;
    s->env.root = s->root;
    s->env.path = s->bin;
    s->env.self = s->self;
    *state = s;
    return 0;
}

int pc_test_scratch_teardown(void **state)
{
    scratch *s = *state;
    char cmd[400];

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", s->dir);
    if (system(cmd) != 0) {
        fprintf(stderr, "could not remove %s\n", s->dir);
    }
    free(s);
    return 0;
}

/* Reads all of f (rewound) into buf. */
static void slurp(FILE *f, char *buf, size_t cap)
{
    size_t n;

    rewind(f);
    n = fread(buf, 1, cap - 1, f);
    buf[n] = '\0';
    fclose(f);
}

/* Runs one command line (a NULL-ended list) against the scratch machine;
 * returns its exit status, with its output in s->out and s->errs. */
int pc_test_install_run(scratch *s, ...)
{
    char *argv[16];
    int argc = 0, rc;
    va_list ap;
    FILE *out = tmpfile();
    FILE *errs = tmpfile();

    assert_non_null(out);
    assert_non_null(errs);
    va_start(ap, s);
    while (argc < 15) {
        argv[argc] = va_arg(ap, char *);
        if (!argv[argc]) {
            break;
        }
        argc++;
    }
    va_end(ap);
    rc = pc__install_run(&s->env, argc, argv, out, errs);
    slurp(out, s->out, sizeof s->out);
    slurp(errs, s->errs, sizeof s->errs);
    return rc;
}

/* Stores browser name's manifest path (user or system) in out. */
void pc_test_manifest_path(scratch *s, const char *name, int system,
                           char *out, size_t cap)
{
    const pc__browser *b = pc__install_find(name);

    assert_non_null(b);
    assert_int_equal(pc__install_manifest_path(&s->env, b, system, out, cap,
                                               NULL), PC_OK);
}
