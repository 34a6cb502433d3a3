/* test_install.c: `postcheck install|uninstall|doctor` against a scratch
 * folder standing in for HOME, XDG_CONFIG_HOME, PATH and the system root.
 * Covers where each browser's manifest goes, what it holds (equal to the
 * templates in manifests/), dry runs, and doctor on a good, a stale, a
 * missing, a bad-JSON and a wrong-id registration. */
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

#include "install_int.h"
#include "postcheck/config.h"

#define HOST_FILE PC_HOST_NAME ".json"

/* Stands in for the binary: doctor runs `postcheck --version`. */
#define FAKE_POSTCHECK "#!/bin/sh\necho 'postcheck 0.0.0 (protocol 1)'\n"

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

static void make_file(const char *path, const char *text, int mode)
{
    FILE *f = fopen(path, "w");

    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    assert_int_equal(chmod(path, (mode_t)mode), 0);
}

static int file_exists(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0;
}

static int setup(void **state)
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
    make_file(s->self, FAKE_POSTCHECK, 0755);
    s->env.home = s->home;
    s->env.config_home = NULL;
    s->env.root = s->root;
    s->env.path = s->bin;
    s->env.self = s->self;
    *state = s;
    return 0;
}

static int teardown(void **state)
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
static int run(scratch *s, ...)
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
static void manifest_path(scratch *s, const char *name, int system,
                          char *out, size_t cap)
{
    const pc__browser *b = pc__install_find(name);

    assert_non_null(b);
    assert_int_equal(pc__install_manifest_path(&s->env, b, system, out, cap,
                                               NULL), PC_OK);
}

#if !defined(__APPLE__)
static void test_user_paths_follow_home_and_xdg(void **state)
{
    scratch *s = *state;
    char got[PC__INSTALL_PATH_MAX], want[PC__INSTALL_PATH_MAX];
    char xdg[320];

    manifest_path(s, "chromium", 0, got, sizeof got);
    snprintf(want, sizeof want, "%s/.config/chromium/NativeMessagingHosts/"
             HOST_FILE, s->home);
    assert_string_equal(got, want);

    manifest_path(s, "brave", 0, got, sizeof got);
    snprintf(want, sizeof want, "%s/.config/BraveSoftware/Brave-Browser/"
             "NativeMessagingHosts/" HOST_FILE, s->home);
    assert_string_equal(got, want);

    /* Chromium browsers follow XDG_CONFIG_HOME; Firefox keeps ~/.mozilla. */
    snprintf(xdg, sizeof xdg, "%s/xdg", s->dir);
    s->env.config_home = xdg;
    manifest_path(s, "chrome", 0, got, sizeof got);
    snprintf(want, sizeof want, "%s/google-chrome/NativeMessagingHosts/"
             HOST_FILE, xdg);
    assert_string_equal(got, want);
    manifest_path(s, "firefox", 0, got, sizeof got);
    snprintf(want, sizeof want, "%s/.mozilla/native-messaging-hosts/"
             HOST_FILE, s->home);
    assert_string_equal(got, want);

    /* A relative XDG_CONFIG_HOME is invalid by the spec and ignored. */
    s->env.config_home = "relative/xdg";
    manifest_path(s, "edge", 0, got, sizeof got);
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
        manifest_path(s, want[i][0], 1, got, sizeof got);
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
    assert_int_equal(run(s, "install", "--browser", "firefox", NULL), 1);
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

    assert_int_equal(run(s, "install", "--browser", "chromium", "--dry-run",
                         NULL), 0);
    manifest_path(s, "chromium", 0, path, sizeof path);
    assert_non_null(strstr(s->out, path));
    assert_non_null(strstr(s->out, "\"chrome-extension://"
                           PC_CHROME_EXTENSION_ID "/\""));
    assert_non_null(strstr(s->out, s->self));
    assert_false(file_exists(path));
    /* Not even the folders are made. */
    snprintf(path, sizeof path, "%s/.config", s->home);
    assert_false(file_exists(path));
}

static void test_install_then_doctor_good(void **state)
{
    scratch *s = *state;
    char path[PC__INSTALL_PATH_MAX];
    json_t *m;

    assert_int_equal(run(s, "install", "--browser", "chromium", "--browser",
                         "firefox", NULL), 0);
    manifest_path(s, "chromium", 0, path, sizeof path);
    m = json_load_file(path, 0, NULL);
    assert_non_null(m);
    assert_string_equal(json_string_value(json_object_get(m, "path")),
                        s->self);
    assert_string_equal(json_string_value(json_array_get(
        json_object_get(m, "allowed_origins"), 0)),
        "chrome-extension://" PC_CHROME_EXTENSION_ID "/");
    json_decref(m);
    manifest_path(s, "firefox", 0, path, sizeof path);
    m = json_load_file(path, 0, NULL);
    assert_non_null(m);
    assert_string_equal(json_string_value(json_array_get(
        json_object_get(m, "allowed_extensions"), 0)), PC_GECKO_ID);
    json_decref(m);

    assert_int_equal(run(s, "doctor", "--browser", "chromium", "--browser",
                         "firefox", NULL), 0);
    assert_non_null(strstr(s->out, "path is an executable postcheck: yes"));
    assert_non_null(strstr(s->out, "postcheck 0.0.0 (protocol 1)"));
    assert_non_null(strstr(s->out, "extension id matches: yes"));
    assert_null(strstr(s->out, "problem:"));
    assert_non_null(strstr(s->out, "doctor: 2 ok, 0 with problems"));
}

static void test_doctor_stale_path(void **state)
{
    scratch *s = *state;
    char moved[400];

    assert_int_equal(run(s, "install", "--browser", "chromium", NULL), 0);
    snprintf(moved, sizeof moved, "%s/elsewhere", s->dir);
    assert_int_equal(rename(s->self, moved), 0);
    assert_int_equal(run(s, "doctor", "--browser", "chromium", NULL), 1);
    assert_non_null(strstr(s->out, "no longer exists"));
    assert_non_null(strstr(s->out, "path is an executable postcheck: no"));
    assert_non_null(strstr(s->out, "install"));
}

static void test_doctor_binary_that_does_not_run(void **state)
{
    scratch *s = *state;

    assert_int_equal(run(s, "install", "--browser", "edge", NULL), 0);
    /* Same name and mode, but it fails to start (like a missing library). */
    make_file(s->self, "#!/bin/sh\necho 'error while loading shared "
              "libraries' >&2\nexit 127\n", 0755);
    assert_int_equal(run(s, "doctor", "--browser", "edge", NULL), 1);
    assert_non_null(strstr(s->out, "does not run as postcheck"));
    assert_non_null(strstr(s->out, "path is an executable postcheck: no"));
}

/* Writes a managed policy file for Chromium under the scratch root. */
static void chromium_policy(scratch *s, const char *json)
{
    char path[400];
    const char *parts[] = {"/etc", "/etc/chromium", "/etc/chromium/policies",
                           "/etc/chromium/policies/managed"};
    size_t i;

    for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        snprintf(path, sizeof path, "%s%s", s->root, parts[i]);
        mkdir(path, 0755);
    }
    snprintf(path, sizeof path, "%s/etc/chromium/policies/managed/it.json",
             s->root);
    make_file(path, json, 0644);
}

static void test_doctor_policy_blocklist(void **state)
{
    scratch *s = *state;

    assert_int_equal(run(s, "install", "--browser", "chromium", NULL), 0);
    chromium_policy(s, "{\"NativeMessagingBlocklist\": [\"*\"]}");
    assert_int_equal(run(s, "doctor", "--browser", "chromium", NULL), 1);
    assert_non_null(strstr(s->out, "NativeMessagingAllowlist"));
    assert_non_null(strstr(s->out, "it.json"));
    /* The administrator allows our host: fine again. */
    chromium_policy(s, "{\"NativeMessagingBlocklist\": [\"*\"], "
                    "\"NativeMessagingAllowlist\": [\"" PC_HOST_NAME "\"]}");
    assert_int_equal(run(s, "doctor", "--browser", "chromium", NULL), 0);
}

static void test_doctor_policy_user_hosts_off(void **state)
{
    scratch *s = *state;

    chromium_policy(s, "{\"NativeMessagingUserLevelHosts\": false}");
    assert_int_equal(run(s, "install", "--browser", "chromium", NULL), 0);
    assert_non_null(strstr(s->out, "NativeMessagingUserLevelHosts"));
    assert_int_equal(run(s, "doctor", "--browser", "chromium", NULL), 1);
    assert_non_null(strstr(s->out, "--system --browser chromium"));
    /* A system-wide registration is what such a policy wants. */
    assert_int_equal(run(s, "install", "--system", "--browser", "chromium",
                         NULL), 0);
    assert_int_equal(run(s, "doctor", "--browser", "chromium", NULL), 0);
}

static void test_doctor_missing_registration(void **state)
{
    scratch *s = *state;

    assert_int_equal(run(s, "doctor", "--browser", "chromium", NULL), 1);
    assert_non_null(strstr(s->out, "registered: no"));
    assert_non_null(strstr(s->out, "postcheck install --browser chromium"));
    /* With nothing registered anywhere, plain doctor fails too. */
    assert_int_equal(run(s, "doctor", NULL), 1);
}

static void test_doctor_bad_json(void **state)
{
    scratch *s = *state;
    char path[PC__INSTALL_PATH_MAX];

    assert_int_equal(run(s, "install", "--browser", "firefox", NULL), 0);
    manifest_path(s, "firefox", 0, path, sizeof path);
    make_file(path, "{\"name\": \"" PC_HOST_NAME "\",\n  \"path\": }\n",
              0644);
    assert_int_equal(run(s, "doctor", "--browser", "firefox", NULL), 1);
    assert_non_null(strstr(s->out, "manifest parses: no"));
    assert_non_null(strstr(s->out, "not valid JSON (line 2"));
}

static void test_doctor_origin_without_slash(void **state)
{
    scratch *s = *state;
    char path[PC__INSTALL_PATH_MAX], text[2048];

    manifest_path(s, "chrome", 0, path, sizeof path);
    assert_int_equal(run(s, "install", "--browser", "chrome", NULL), 0);
    snprintf(text, sizeof text, "{\"name\": \"%s\", \"path\": \"%s\", "
             "\"type\": \"stdio\", \"allowed_origins\": "
             "[\"chrome-extension://%s\"]}", PC_HOST_NAME, s->self,
             PC_CHROME_EXTENSION_ID);
    make_file(path, text, 0644);
    assert_int_equal(run(s, "doctor", "--browser", "chrome", NULL), 1);
    assert_non_null(strstr(s->out, "extension id matches: no"));
    assert_non_null(strstr(s->out, "trailing slash"));
}

static void test_uninstall(void **state)
{
    scratch *s = *state;
    char chromium[PC__INSTALL_PATH_MAX], firefox[PC__INSTALL_PATH_MAX];

    assert_int_equal(run(s, "install", "--all", NULL), 0);
    manifest_path(s, "chromium", 0, chromium, sizeof chromium);
    manifest_path(s, "firefox", 0, firefox, sizeof firefox);
    assert_true(file_exists(chromium));
    assert_int_equal(run(s, "uninstall", "--browser", "chromium",
                         "--dry-run", NULL), 0);
    assert_true(file_exists(chromium));
    assert_int_equal(run(s, "uninstall", "--browser", "chromium", NULL), 0);
    assert_false(file_exists(chromium));
    assert_true(file_exists(firefox));
    assert_int_equal(run(s, "uninstall", NULL), 0);
    assert_false(file_exists(firefox));
    assert_int_equal(run(s, "doctor", "--browser", "firefox", NULL), 1);
}

static void test_system_install_uses_system_folder(void **state)
{
    scratch *s = *state;
    char user[PC__INSTALL_PATH_MAX], sys[PC__INSTALL_PATH_MAX];

    assert_int_equal(run(s, "install", "--browser", "vivaldi", "--system",
                         NULL), 0);
    manifest_path(s, "vivaldi", 0, user, sizeof user);
    manifest_path(s, "vivaldi", 1, sys, sizeof sys);
    assert_true(file_exists(sys));
    assert_false(file_exists(user));
    assert_int_equal(run(s, "doctor", "--browser", "vivaldi", NULL), 0);
}

static void test_default_picks_installed_browsers(void **state)
{
    scratch *s = *state;
    char exe[400], path[PC__INSTALL_PATH_MAX];

    /* No browser on PATH: install says so and how to proceed. */
    assert_int_equal(run(s, "install", NULL), 1);
    assert_non_null(strstr(s->errs, "--browser"));
    snprintf(exe, sizeof exe, "%s/chromium", s->bin);
    make_file(exe, "#!/bin/sh\n", 0755);
    assert_int_equal(run(s, "install", NULL), 0);
    manifest_path(s, "chromium", 0, path, sizeof path);
    assert_true(file_exists(path));
    manifest_path(s, "chrome", 0, path, sizeof path);
    assert_false(file_exists(path));
    /* A browser named but not installed is still registered, with a note. */
    assert_int_equal(run(s, "install", "--browser", "edge", NULL), 0);
    assert_non_null(strstr(s->out, "not installed"));
}

static void test_snap_browser_is_reported(void **state)
{
    scratch *s = *state;
    char dir[400];

    snprintf(dir, sizeof dir, "%s/snap", s->root);
    assert_int_equal(mkdir(dir, 0755), 0);
    snprintf(dir, sizeof dir, "%s/snap/bin", s->root);
    assert_int_equal(mkdir(dir, 0755), 0);
    snprintf(dir, sizeof dir, "%s/snap/bin/chromium", s->root);
    make_file(dir, "", 0755);
    assert_int_equal(run(s, "install", "--browser", "chromium", NULL), 0);
    assert_non_null(strstr(s->out, "Snap"));
    assert_non_null(strstr(s->out, "cannot start native messaging hosts"));
    assert_int_equal(run(s, "doctor", "--browser", "chromium", NULL), 0);
    assert_non_null(strstr(s->out, "Snap"));
}

static void test_unwritable_folder_is_explained(void **state)
{
    scratch *s = *state;
    char cfg[400];

    /* ~/.config is a file, so no folder can be made under it. */
    snprintf(cfg, sizeof cfg, "%s/.config", s->home);
    make_file(cfg, "", 0644);
    assert_int_equal(run(s, "install", "--browser", "chromium", NULL), 1);
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
    if (run(s, "install", "--system", "--browser", "chrome", NULL) != 1) {
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

    assert_int_equal(run(s, "install", "--browser", "netscape", NULL), 2);
    assert_non_null(strstr(s->errs, "chromium"));
    assert_int_equal(run(s, "install", "--all", "--browser", "chrome", NULL),
                     2);
    assert_int_equal(run(s, "doctor", "--dry-run", NULL), 2);
    assert_int_equal(run(s, "install", "--help", NULL), 0);
    assert_non_null(strstr(s->out, "usage"));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

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
        T(test_doctor_stale_path),
        T(test_doctor_binary_that_does_not_run),
        T(test_doctor_missing_registration),
        T(test_doctor_policy_blocklist),
        T(test_doctor_policy_user_hosts_off),
        T(test_doctor_bad_json),
        T(test_doctor_origin_without_slash),
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
