/* test_install_doctor.c: `postcheck doctor` on a scratch machine
 * (support_install.h): a binary that moved or does not run, a browser
 * policy that blocks native hosts or user-level hosts, a missing
 * registration, a manifest that is not JSON, and an origin without its
 * trailing slash, each named with its fix. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "support_install.h"

static void test_doctor_stale_path(void **state)
{
    scratch *s = *state;
    char moved[400];

    assert_int_equal(pc_test_install_run(s, "install", "--browser", "chromium", NULL), 0);
    snprintf(moved, sizeof moved, "%s/elsewhere", s->dir);
    assert_int_equal(rename(s->self, moved), 0);
    assert_int_equal(pc_test_install_run(s, "doctor", "--browser", "chromium", NULL), 1);
    assert_non_null(strstr(s->out, "no longer exists"));
    assert_non_null(strstr(s->out, "path is an executable postcheck: no"));
    assert_non_null(strstr(s->out, "install"));
}

static void test_doctor_binary_that_does_not_run(void **state)
{
    scratch *s = *state;

    assert_int_equal(pc_test_install_run(s, "install", "--browser", "edge", NULL), 0);
    /* Same name and mode, but it fails to start (like a missing library). */
    pc_test_make_file(s->self, "#!/bin/sh\necho 'error while loading shared "
              "libraries' >&2\nexit 127\n", 0755);
    assert_int_equal(pc_test_install_run(s, "doctor", "--browser", "edge", NULL), 1);
    assert_non_null(strstr(s->out, "does not run as postcheck"));
    assert_non_null(strstr(s->out, "path is an executable postcheck: no"));
}

/* Writes a managed policy file for Chromium under the scratch root. */
static void chromium_policy(scratch *s, const char *json)
{
    pc_test_make_root_file(s, "/etc/chromium/policies/managed/it.json", json,
                           0644);
}

static void test_doctor_policy_blocklist(void **state)
{
    scratch *s = *state;

    assert_int_equal(pc_test_install_run(s, "install", "--browser", "chromium", NULL), 0);
    chromium_policy(s, "{\"NativeMessagingBlocklist\": [\"*\"]}");
    assert_int_equal(pc_test_install_run(s, "doctor", "--browser", "chromium", NULL), 1);
    assert_non_null(strstr(s->out, "NativeMessagingAllowlist"));
    assert_non_null(strstr(s->out, "it.json"));
    /* The administrator allows our host: fine again. */
    chromium_policy(s, "{\"NativeMessagingBlocklist\": [\"*\"], "
                    "\"NativeMessagingAllowlist\": [\"" PC_HOST_NAME "\"]}");
    assert_int_equal(pc_test_install_run(s, "doctor", "--browser", "chromium", NULL), 0);
}

static void test_doctor_policy_user_hosts_off(void **state)
{
    scratch *s = *state;

    chromium_policy(s, "{\"NativeMessagingUserLevelHosts\": false}");
    assert_int_equal(pc_test_install_run(s, "install", "--browser", "chromium", NULL), 0);
    assert_non_null(strstr(s->out, "NativeMessagingUserLevelHosts"));
    assert_int_equal(pc_test_install_run(s, "doctor", "--browser", "chromium", NULL), 1);
    assert_non_null(strstr(s->out, "--system --browser chromium"));
    /* A system-wide registration is what such a policy wants. */
    assert_int_equal(pc_test_install_run(s, "install", "--system", "--browser", "chromium",
                         NULL), 0);
    assert_int_equal(pc_test_install_run(s, "doctor", "--browser", "chromium", NULL), 0);
}

static void test_doctor_missing_registration(void **state)
{
    scratch *s = *state;

    assert_int_equal(pc_test_install_run(s, "doctor", "--browser", "chromium", NULL), 1);
    assert_non_null(strstr(s->out, "registered: no"));
    assert_non_null(strstr(s->out, "postcheck install --browser chromium"));
    /* With nothing registered anywhere, plain doctor fails too. */
    assert_int_equal(pc_test_install_run(s, "doctor", NULL), 1);
}

static void test_doctor_bad_json(void **state)
{
    scratch *s = *state;
    char path[PC__INSTALL_PATH_MAX];

    assert_int_equal(pc_test_install_run(s, "install", "--browser", "firefox", NULL), 0);
    pc_test_manifest_path(s, "firefox", 0, path, sizeof path);
    pc_test_make_file(path, "{\"name\": \"" PC_HOST_NAME "\",\n  \"path\": }\n",
              0644);
    assert_int_equal(pc_test_install_run(s, "doctor", "--browser", "firefox", NULL), 1);
    assert_non_null(strstr(s->out, "manifest parses: no"));
    assert_non_null(strstr(s->out, "not valid JSON (line 2"));
}

static void test_doctor_origin_without_slash(void **state)
{
    scratch *s = *state;
    char path[PC__INSTALL_PATH_MAX], text[2048];

    pc_test_manifest_path(s, "chrome", 0, path, sizeof path);
    assert_int_equal(pc_test_install_run(s, "install", "--browser", "chrome", NULL), 0);
    snprintf(text, sizeof text, "{\"name\": \"%s\", \"path\": \"%s\", "
             "\"type\": \"stdio\", \"allowed_origins\": "
             "[\"chrome-extension://%s\"]}", PC_HOST_NAME, s->self,
             PC_CHROME_EXTENSION_ID);
    pc_test_make_file(path, text, 0644);
    assert_int_equal(pc_test_install_run(s, "doctor", "--browser", "chrome", NULL), 1);
    assert_non_null(strstr(s->out, "extension id matches: no"));
    assert_non_null(strstr(s->out, "trailing slash"));
}

#define T(f) cmocka_unit_test_setup_teardown(f, pc_test_scratch_setup, \
                                                 pc_test_scratch_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_doctor_stale_path),
        T(test_doctor_binary_that_does_not_run),
        T(test_doctor_policy_blocklist),
        T(test_doctor_policy_user_hosts_off),
        T(test_doctor_missing_registration),
        T(test_doctor_bad_json),
        T(test_doctor_origin_without_slash),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
