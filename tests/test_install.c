/* test_install.c: `postcheck install|uninstall` against a scratch
 * machine (support_install.h: a folder standing in for HOME,
 * XDG_CONFIG_HOME, PATH and the system root). Covers where each browser's
 * manifest goes, what it holds (equal to the templates in manifests/),
 * dry runs, and doctor on a good registration; doctor's findings on bad
 * ones are test_install_doctor.c's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "support_install.h"

#if !defined(__APPLE__)
static void test_user_paths_follow_home_and_xdg(void **state)
{
    scratch *s = *state;
    char got[PC__INSTALL_PATH_MAX], want[PC__INSTALL_PATH_MAX];
    char xdg[320];

    pc_test_manifest_path(s, "chromium", 0, got, sizeof got);
    snprintf(want, sizeof want, "%s/.config/chromium/NativeMessagingHosts/"
             HOST_FILE, s->home);
    assert_string_equal(got, want);

    pc_test_manifest_path(s, "brave", 0, got, sizeof got);
    snprintf(want, sizeof want, "%s/.config/BraveSoftware/Brave-Browser/"
             "NativeMessagingHosts/" HOST_FILE, s->home);
    assert_string_equal(got, want);

    /* Chromium browsers follow XDG_CONFIG_HOME; Firefox keeps ~/.mozilla. */
    snprintf(xdg, sizeof xdg, "%s/xdg", s->dir);
    s->env.config_home = xdg;
    pc_test_manifest_path(s, "chrome", 0, got, sizeof got);
    snprintf(want, sizeof want, "%s/google-chrome/NativeMessagingHosts/"
             HOST_FILE, xdg);
    assert_string_equal(got, want);
    pc_test_manifest_path(s, "firefox", 0, got, sizeof got);
    snprintf(want, sizeof want, "%s/.mozilla/native-messaging-hosts/"
             HOST_FILE, s->home);
    assert_string_equal(got, want);

    /* A relative XDG_CONFIG_HOME is invalid by the spec and ignored. */
    s->env.config_home = "relative/xdg";
    pc_test_manifest_path(s, "edge", 0, got, sizeof got);
    snprintf(want, sizeof want, "%s/.config/microsoft-edge/"
             "NativeMessagingHosts/" HOST_FILE, s->home);
    assert_string_equal(got, want);
}

static void test_system_paths(void **state)
{
    static const char *const want[][2] = {
        {"chrome", "/etc/opt/chrome/native-messaging-hosts/"},
        {"chromium", "/etc/chromium/native-messaging-hosts/"},
        {"edge", "/etc/opt/edge/native-messaging-hosts/"},
        {"brave", "/etc/opt/brave/native-messaging-hosts/"},
        {"vivaldi", "/etc/opt/vivaldi/native-messaging-hosts/"},
        {"firefox", "/usr/lib/mozilla/native-messaging-hosts/"},
    };
    scratch *s = *state;
    char got[PC__INSTALL_PATH_MAX], expect[PC__INSTALL_PATH_MAX];
    size_t i, n;

    pc__install_browsers(&n);
    assert_int_equal(n, sizeof want / sizeof want[0]);
    for (i = 0; i < n; i++) {
        pc_test_manifest_path(s, want[i][0], 1, got, sizeof got);
        snprintf(expect, sizeof expect, "%s%s" HOST_FILE, s->root,
                 want[i][1]);
        assert_string_equal(got, expect);
    }
}
#endif

static void test_no_home_is_an_error(void **state)
{
    scratch *s = *state;
    char got[PC__INSTALL_PATH_MAX];
    pc_error err;

    s->env.home = NULL;
    pc_error_clear(&err);
    assert_int_equal(pc__install_manifest_path(&s->env,
                     pc__install_find("firefox"), 0, got, sizeof got, &err),
                     PC_ERR_USAGE);
    assert_non_null(strstr(err.text, "HOME"));
    assert_int_equal(pc_test_install_run(s, "install", "--browser", "firefox", NULL), 1);
    assert_non_null(strstr(s->errs, "HOME"));
}

/* Fills a template from manifests/ the way packaging does, and parses it. */
static json_t *load_template(const char *kind, const char *binary)
{
    static const char *const keys[][2] = {
        {"@PC_HOST_NAME@", PC_HOST_NAME},
        {"@PC_HOST_DESCRIPTION@", PC_HOST_DESCRIPTION},
        {"@PC_CHROME_ID@", PC_CHROME_EXTENSION_ID},
        {"@PC_GECKO_ID@", PC_GECKO_ID},
    };
    char path[512], text[4096], filled[8192];
    char *o = filled, *p = text;
    size_t i, n;
    FILE *f;

    snprintf(path, sizeof path, "%s/manifests/%s.json.in", PC_SOURCE_DIR,
             kind);
    f = fopen(path, "r");
    assert_non_null(f);
    n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    while (*p) {
        const char *with = NULL;
        size_t klen = 0;

        for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
            if (strncmp(p, keys[i][0], strlen(keys[i][0])) == 0) {
                with = keys[i][1];
                klen = strlen(keys[i][0]);
            }
        }
        if (strncmp(p, "@PC_BINARY_PATH@", 16) == 0) {
            with = binary;
            klen = 16;
        }
        if (with) {
            o += sprintf(o, "%s", with);
            p += klen;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    return json_loads(filled, JSON_REJECT_DUPLICATES, NULL);
}

static void test_manifest_equals_template(void **state)
{
    static const char *const names[] = {"chrome", "chromium", "edge",
                                        "brave", "vivaldi", "firefox"};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        const pc__browser *b = pc__install_find(names[i]);
        json_t *made = pc__install_manifest_new(b, "/usr/bin/postcheck");
        json_t *tmpl = load_template(b->firefox ? "firefox" : "chrome",
                                     "/usr/bin/postcheck");

        assert_non_null(made);
        assert_non_null(tmpl);
        assert_true(json_equal(made, tmpl));
        json_decref(made);
        json_decref(tmpl);
    }
}

static void test_dry_run_writes_nothing(void **state)
{
    scratch *s = *state;
    char path[PC__INSTALL_PATH_MAX];

    assert_int_equal(pc_test_install_run(s, "install", "--browser", "chromium", "--dry-run",
                         NULL), 0);
    pc_test_manifest_path(s, "chromium", 0, path, sizeof path);
    assert_non_null(strstr(s->out, path));
    assert_non_null(strstr(s->out, "\"chrome-extension://"
                           PC_CHROME_EXTENSION_ID "/\""));
    assert_non_null(strstr(s->out, s->self));
    assert_false(pc_test_file_exists(path));
    /* Not even the folders are made. */
    snprintf(path, sizeof path, "%s/.config", s->home);
    assert_false(pc_test_file_exists(path));
}

static void test_install_then_doctor_good(void **state)
{
    scratch *s = *state;
    char path[PC__INSTALL_PATH_MAX];
    json_t *m;

    assert_int_equal(pc_test_install_run(s, "install", "--browser", "chromium", "--browser",
                         "firefox", NULL), 0);
    pc_test_manifest_path(s, "chromium", 0, path, sizeof path);
    m = json_load_file(path, 0, NULL);
    assert_non_null(m);
    assert_string_equal(json_string_value(json_object_get(m, "path")),
                        s->self);
    assert_string_equal(json_string_value(json_array_get(
        json_object_get(m, "allowed_origins"), 0)),
        "chrome-extension://" PC_CHROME_EXTENSION_ID "/");
    json_decref(m);
    pc_test_manifest_path(s, "firefox", 0, path, sizeof path);
    m = json_load_file(path, 0, NULL);
    assert_non_null(m);
    assert_string_equal(json_string_value(json_array_get(
        json_object_get(m, "allowed_extensions"), 0)), PC_GECKO_ID);
    json_decref(m);

    assert_int_equal(pc_test_install_run(s, "doctor", "--browser", "chromium", "--browser",
                         "firefox", NULL), 0);
    assert_non_null(strstr(s->out, "path is an executable postcheck: yes"));
    assert_non_null(strstr(s->out, "postcheck 0.0.0 (protocol 1)"));
    assert_non_null(strstr(s->out, "extension id matches: yes"));
    assert_null(strstr(s->out, "problem:"));
    assert_non_null(strstr(s->out, "doctor: 2 ok, 0 with problems"));
}

static void test_uninstall(void **state)
{
    scratch *s = *state;
    char chromium[PC__INSTALL_PATH_MAX], firefox[PC__INSTALL_PATH_MAX];

    assert_int_equal(pc_test_install_run(s, "install", "--all", NULL), 0);
    pc_test_manifest_path(s, "chromium", 0, chromium, sizeof chromium);
    pc_test_manifest_path(s, "firefox", 0, firefox, sizeof firefox);
    assert_true(pc_test_file_exists(chromium));
    assert_int_equal(pc_test_install_run(s, "uninstall", "--browser", "chromium",
                         "--dry-run", NULL), 0);
    assert_true(pc_test_file_exists(chromium));
    assert_int_equal(pc_test_install_run(s, "uninstall", "--browser", "chromium", NULL), 0);
    assert_false(pc_test_file_exists(chromium));
    assert_true(pc_test_file_exists(firefox));
    assert_int_equal(pc_test_install_run(s, "uninstall", NULL), 0);
    assert_false(pc_test_file_exists(firefox));
    assert_int_equal(pc_test_install_run(s, "doctor", "--browser", "firefox", NULL), 1);
}

static void test_system_install_uses_system_folder(void **state)
{
    scratch *s = *state;
    char user[PC__INSTALL_PATH_MAX], sys[PC__INSTALL_PATH_MAX];

    assert_int_equal(pc_test_install_run(s, "install", "--browser", "vivaldi", "--system",
                         NULL), 0);
    pc_test_manifest_path(s, "vivaldi", 0, user, sizeof user);
    pc_test_manifest_path(s, "vivaldi", 1, sys, sizeof sys);
    assert_true(pc_test_file_exists(sys));
    assert_false(pc_test_file_exists(user));
    assert_int_equal(pc_test_install_run(s, "doctor", "--browser", "vivaldi", NULL), 0);
}

static void test_default_picks_installed_browsers(void **state)
{
    scratch *s = *state;
    char exe[400], path[PC__INSTALL_PATH_MAX];

    /* No browser on PATH: install says so and how to proceed. */
    assert_int_equal(pc_test_install_run(s, "install", NULL), 1);
    assert_non_null(strstr(s->errs, "--browser"));
    snprintf(exe, sizeof exe, "%s/chromium", s->bin);
    pc_test_make_file(exe, "#!/bin/sh\n", 0755);
    assert_int_equal(pc_test_install_run(s, "install", NULL), 0);
    pc_test_manifest_path(s, "chromium", 0, path, sizeof path);
    assert_true(pc_test_file_exists(path));
    pc_test_manifest_path(s, "chrome", 0, path, sizeof path);
    assert_false(pc_test_file_exists(path));
    /* A browser named but not installed is still registered, with a note. */
    assert_int_equal(pc_test_install_run(s, "install", "--browser", "edge", NULL), 0);
    assert_non_null(strstr(s->out, "not installed"));
}

static void test_snap_browser_is_reported(void **state)
{
    scratch *s = *state;

    pc_test_make_root_file(s, "/snap/bin/chromium", "", 0755);
    assert_int_equal(pc_test_install_run(s, "install", "--browser", "chromium", NULL), 0);
    assert_non_null(strstr(s->out, "Snap"));
    assert_non_null(strstr(s->out, "cannot start native messaging hosts"));
    assert_int_equal(pc_test_install_run(s, "doctor", "--browser", "chromium", NULL), 0);
    assert_non_null(strstr(s->out, "Snap"));
}

static void test_unwritable_folder_is_explained(void **state)
{
    scratch *s = *state;
    char cfg[400];

    /* ~/.config is a file, so no folder can be made under it. */
    snprintf(cfg, sizeof cfg, "%s/.config", s->home);
    pc_test_make_file(cfg, "", 0644);
    assert_int_equal(pc_test_install_run(s, "install", "--browser", "chromium", NULL), 1);
    assert_non_null(strstr(s->errs, "cannot write"));
    assert_non_null(strstr(s->errs, cfg));
}

/* Runs install --system as a user who may not write the system root and
 * returns 0 if it failed with a fix that says to use sudo. */
static int system_install_unprivileged(scratch *s)
{
    if (geteuid() == 0) {
        /* Root may write anywhere: become nobody, as an ordinary user. */
        if (setgid(65534) != 0 || setuid(65534) != 0) {
            return 2;
        }
    }
    if (pc_test_install_run(s, "install", "--system", "--browser", "chrome", NULL) != 1) {
        return 1;
    }
    return strstr(s->errs, "sudo") && strstr(s->errs, "--system --browser "
                                             "chrome") ? 0 : 1;
}

static void test_no_permission_suggests_sudo(void **state)
{
    scratch *s = *state;
    int status = 0;
    pid_t pid;

    /* Others may enter the scratch folder but not write its root. */
    assert_int_equal(chmod(s->dir, 0755), 0);
    assert_int_equal(chmod(s->root, 0555), 0);
    fflush(NULL);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        _exit(system_install_unprivileged(s));
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    chmod(s->root, 0755);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

static void test_usage_errors(void **state)
{
    scratch *s = *state;

    assert_int_equal(pc_test_install_run(s, "install", "--browser", "netscape", NULL), 2);
    assert_non_null(strstr(s->errs, "chromium"));
    assert_int_equal(pc_test_install_run(s, "install", "--all", "--browser", "chrome", NULL),
                     2);
    assert_int_equal(pc_test_install_run(s, "doctor", "--dry-run", NULL), 2);
    assert_int_equal(pc_test_install_run(s, "install", "--help", NULL), 0);
    assert_non_null(strstr(s->out, "usage"));
}

#define T(f) cmocka_unit_test_setup_teardown(f, pc_test_scratch_setup, \
                                                 pc_test_scratch_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
#if !defined(__APPLE__)
        T(test_user_paths_follow_home_and_xdg),
        T(test_system_paths),
#endif
        T(test_no_home_is_an_error),
        T(test_manifest_equals_template),
        T(test_dry_run_writes_nothing),
        T(test_install_then_doctor_good),
        T(test_uninstall),
        T(test_system_install_uses_system_folder),
        T(test_default_picks_installed_browsers),
        T(test_snap_browser_is_reported),
        T(test_unwritable_folder_is_explained),
        T(test_no_permission_suggests_sudo),
        T(test_usage_errors),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
