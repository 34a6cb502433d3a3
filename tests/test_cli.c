/* test_cli.c: the command line as a user runs it: `postcheck check` from
 * arguments, a file and stdin, its linter-style lines and --json, exit
 * statuses 0/1/2, `policy list|show|lint|detectors`, --help, --version.
 * Uses the test pack in tests/cases/protocol/packs via --policy-dir. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "postcheck/config.h"
#include "support.h"

#define MAX_ARGS 32

/* Runs `postcheck --policy-dir PACKS` followed by the NULL-terminated
 * arguments ap, with stdin_text (may be NULL). */
static void run_args(pc_run *r, const char *stdin_text, va_list ap)
{
    static char dir[4096];
    const char *args[MAX_ARGS];
    size_t n = 0;
    const char *a;

    snprintf(dir, sizeof dir, "%s", pc_test_case_path("protocol/packs"));
    args[n++] = "--policy-dir";
    args[n++] = dir;
    a = va_arg(ap, const char *);
    while (a != NULL && n < MAX_ARGS - 1) {
        args[n++] = a;
        a = va_arg(ap, const char *);
    }
    args[n] = NULL;
    assert_int_equal(pc_test_run(args, stdin_text,
                                 stdin_text ? strlen(stdin_text) : 0, r),
                     0);
}

/* run_args with the arguments that follow stdin_text. */
static void run(pc_run *r, const char *stdin_text, ...)
{
    va_list ap;

    va_start(ap, stdin_text);
    run_args(r, stdin_text, ap);
    va_end(ap);
}

/* Runs the NULL-terminated arguments (no stdin) and asserts the exit
 * status and the whole of stdout. */
static void run_says(int status, const char *out, ...)
{
    pc_run r;
    va_list ap;

    va_start(ap, out);
    run_args(&r, NULL, ap);
    va_end(ap);
    if (r.status != status || strcmp(r.out, out) != 0) {
        fail_msg("exit %d, want %d; stdout \"%s\", want \"%s\"", r.status,
                 status, r.out, out);
    }
    pc_run_free(&r);
}

/* Writes text to a temporary file; returns its path (static buffer). */
static const char *temp_file(const char *text, size_t len)
{
    static char path[64];
    int fd;

    snprintf(path, sizeof path, "/tmp/pc-test-cli-XXXXXX");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);
    return path;
}

static void test_check_argument(void **state)
{
    pc_run r;

    (void)state;
    run_says(1, "1:5 warning confidential This mentions something "
             "confidential (secret): leave it out. [PT 1]\n", "check",
             "--policy", "pctest", "the secret plan", NULL);
    /* Several words are joined with spaces. */
    run_says(1, "1:4 error credentials Never post a password. [PT 2]\n",
             "check", "--policy=pctest", "my", "password", NULL);
    /* Lines come in order of position, whatever the rules' order. */
    run(&r, NULL, "check", "--policy", "pctest", "password then secret",
        NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.out, "1:1 error credentials "));
    assert_non_null(strstr(r.out, "1:15 warning confidential "));
    assert_true(strstr(r.out, "1:1 ") < strstr(r.out, "1:15 "));
    pc_run_free(&r);
    /* After --, a word starting with '-' is text. */
    run(&r, NULL, "check", "--policy", "pctest", "--", "-secret", NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.out, "1:2 warning confidential "));
    pc_run_free(&r);
}

static void test_check_stdin_and_file_positions(void **state)
{
    static const char text[] = "first line\n\xf0\x9f\x98\x80 a secret\n"
                               "\xef\xbc\xa1 password";
    const char *path;
    pc_run r;

    (void)state;
    run(&r, text, "check", "--policy", "pctest", NULL);
    assert_int_equal(r.status, 1);
    /* Columns count characters: the emoji is one. */
    assert_non_null(strstr(r.out, "2:5 warning confidential "));
    assert_non_null(strstr(r.out, "3:3 error credentials "));
    pc_run_free(&r);
    run(&r, text, "check", "--policy", "pctest", "-", NULL);
    assert_non_null(strstr(r.out, "2:5 warning confidential "));
    pc_run_free(&r);
    path = temp_file(text, sizeof text - 1);
    run(&r, NULL, "check", "--policy", "pctest", "-f", path, NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.out, "3:3 error credentials "));
    pc_run_free(&r);
    unlink(path);
}

static void test_check_exit_statuses(void **state)
{
    (void)state;
    /* Nothing found: exit 0, no output. */
    run_says(0, "", "check", "--policy", "pctest", "a quiet day", NULL);
    /* Only an info finding: printed, but exit 0. */
    run_says(0, "1:5 info guidance Conference posts use #PctestConf. "
             "[PT 3]\n", "check", "--policy", "pctest", "the conference",
             NULL);
}

static void test_check_attachments_and_account(void **state)
{
    pc_run r;

    (void)state;
    run(&r, NULL, "check", "--policy", "pctest", "--personal", "--now",
        "2026-11-23T10:15:00", "--attach", "cat.png", "--attach",
        "crest.png:00ff00ff00ff00ff", "--handle", "@me", "--display-name",
        "Me", "--site", "x.com", "hello", NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.out, "crest.png error logo This image looks "
                                  "like our logo. [PT 4]\n"));
    assert_null(strstr(r.out, "cat.png"));
    assert_non_null(strstr(r.out, "1:1 warning working-hours "));
    pc_run_free(&r);
    /* Official accounts are the default: no working-hours rule. */
    run(&r, NULL, "check", "--policy", "pctest", "--now",
        "2026-11-23T10:15:00", "hello", NULL);
    assert_int_equal(r.status, 0);
    pc_run_free(&r);
}

static void test_check_json(void **state)
{
    pc_run r;
    json_t *j, *f;

    (void)state;
    run(&r, NULL, "check", "--policy", "pctest", "--json",
        "\xf0\x9f\x98\x80 secret", NULL);
    assert_int_equal(r.status, 1);
    j = json_loads(r.out, 0, NULL);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "type")),
                        "result");
    assert_string_equal(json_string_value(json_object_get(j, "policy")),
                        "pctest");
    assert_null(json_object_get(j, "id"));
    assert_true(json_is_false(json_object_get(j, "truncated")));
    assert_true(json_is_integer(json_object_get(j, "elapsed_us")));
    f = json_array_get(json_object_get(j, "findings"), 0);
    assert_string_equal(json_string_value(json_object_get(f, "rule")),
                        "pctest.secret");
    assert_int_equal(json_integer_value(json_object_get(f, "start")), 3);
    assert_int_equal(json_integer_value(json_object_get(f, "end")), 9);
    json_decref(j);
    pc_run_free(&r);
}

static void test_check_default_policy_is_named(void **state)
{
    pc_run r;

    (void)state;
    run(&r, NULL, "check", "hello", NULL);
    assert_true(r.status == 0 || r.status == 1);
    assert_non_null(strstr(r.err, "the first policy"));
    assert_non_null(strstr(r.err, "--policy"));
    pc_run_free(&r);
}

static void test_check_usage_errors(void **state)
{
    static const char *const cases[][6] = {
        {"check", "--policy", "pctest", "--bogus", "x", NULL},
        {"check", "--policy", "no-such-pack", "x", NULL, NULL},
        {"check", "--policy", "pctest", "--attach", "a.png:xyz", NULL},
        {"check", "--policy", "pctest", "--now", "teatime", NULL},
        {"check", "--policy", "pctest", "-f", "/nonexistent/post.txt", NULL},
        {"check", "--policy", "pctest", "-f", "/dev/null", "extra"},
        {"check", "--policy", NULL, NULL, NULL, NULL},
        {"nonsense", NULL, NULL, NULL, NULL, NULL},
        {"policy", "frobnicate", NULL, NULL, NULL, NULL},
        {"policy", "show", "no-such-pack", NULL, NULL, NULL},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pc_run r;
        print_message("case %zu: %s %s %s\n", i, cases[i][0],
                      cases[i][1] ? cases[i][1] : "",
                      cases[i][2] ? cases[i][2] : "");
        run(&r, "", cases[i][0], cases[i][1], cases[i][2], cases[i][3],
            cases[i][4], cases[i][5], NULL);
        assert_int_equal(r.status, 2);
        assert_true(r.err_len > 0);
        assert_string_equal(r.out, "");
        pc_run_free(&r);
    }
}

static void test_check_invalid_utf8_input(void **state)
{
    pc_run r;

    (void)state;
    run(&r, "caf\xc3 secret", "check", "--policy", "pctest", NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "UTF-8"));
    pc_run_free(&r);
}

static void test_policy_list_and_show(void **state)
{
    pc_run r;

    (void)state;
    run(&r, NULL, "policy", "list", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "pctest"));
    assert_non_null(strstr(r.out, "Protocol test policy"));
    pc_run_free(&r);
    run(&r, NULL, "policy", "show", "pctest", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "pctest.secret"));
    assert_non_null(strstr(r.out, "PT 4"));
    pc_run_free(&r);
    run(&r, NULL, "policy", "detectors", NULL);
    assert_int_equal(r.status, 0);
    assert_true(r.out_len > 0);
    pc_run_free(&r);
}

static void test_policy_lint(void **state)
{
    static const char broken[] = "{\n  \"format\": 1,\n  \"id\": \"x\",,\n}\n";
    char good[4096];
    const char *path;
    pc_run r;
    char *pack, *bad;
    size_t len;

    (void)state;
    snprintf(good, sizeof good, "%s",
             pc_test_case_path("protocol/packs/pctest.json"));
    run(&r, NULL, "policy", "lint", good, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "ok"));
    pc_run_free(&r);
    /* A syntax error is placed by line and column. */
    path = temp_file(broken, sizeof broken - 1);
    run(&r, NULL, "policy", "lint", path, NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, path));
    assert_non_null(strstr(r.err, ":3:"));
    pc_run_free(&r);
    unlink(path);
    /* A rule whose example no longer holds fails the lint. */
    pack = pc_test_read_file(good, &len);
    assert_non_null(pack);
    bad = strstr(pack, "\"the secret plan\"");
    assert_non_null(bad);
    memcpy(bad, "\"the sacred plan\"", 17);
    path = temp_file(pack, len);
    run(&r, NULL, "policy", "lint", path, NULL);
    assert_int_equal(r.status, 1);
    pc_run_free(&r);
    unlink(path);
    free(pack);
    /* A regex that does not compile is named, with PCRE2's offset. */
    pack = pc_test_read_file(good, &len);
    bad = strstr(pack, "\"terms\": [\"secret\", \"confidential\"],");
    assert_non_null(bad);
    memset(bad, ' ', 36);
    memcpy(bad, "\"patterns\": [\"secr(et\"],", 24);
    path = temp_file(pack, len);
    run(&r, NULL, "policy", "lint", path, NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "secr(et"));
    assert_non_null(strstr(r.err, "offset 7"));
    pc_run_free(&r);
    unlink(path);
    free(pack);
}

static void test_help_and_version(void **state)
{
    static const char *const words[] = {"check", "policy list",
        "policy show", "policy lint", "policy detectors", "serve", "install",
        "--policy-dir", "--json", "--attach", "--personal", "--now",
        "POSTCHECK_ALLOW_ORIGINS", "chrome-extension://"};
    pc_run r;
    size_t i;

    (void)state;
    run(&r, NULL, "--help", NULL);
    assert_int_equal(r.status, 0);
    for (i = 0; i < sizeof words / sizeof words[0]; i++) {
        assert_non_null(strstr(r.out, words[i]));
    }
    pc_run_free(&r);
    run(&r, NULL, "--version", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, PC_VERSION));
    pc_run_free(&r);
    run(&r, NULL, NULL);
    assert_int_equal(r.status, 2);
    pc_run_free(&r);
}

/* POSTCHECK_LOG=debug prints each rule's CPU time ("rule ID: N us"):
 * a time, never below zero, for every rule of the pack (the start is
 * read from the CPU clock itself, not the deadline's bound above it). */
static void test_debug_rule_times(void **state)
{
    const char *args[] = {"check", "--policy", "llmat", "--personal",
                          "Proud of our pupils today, call 07700 900123 or "
                          "email jo@example.org, you absolute idiot", NULL};
    pc_run r;
    const char *p;
    int rules = 0;
    (void)state;

    setenv("POSTCHECK_LOG", "debug", 1);
    assert_int_equal(pc_test_run(args, NULL, 0, &r), 0);
    unsetenv("POSTCHECK_LOG");
    for (p = strstr(r.err, "rule llmat."); p; p = strstr(p + 1, "rule llmat.")) {
        const char *colon = strstr(p, ": ");
        long long us;
        char unit[8];
        if (!colon || sscanf(colon + 2, "%lld %7s", &us, unit) != 2 ||
            strcmp(unit, "us") != 0) {
            continue; /* another debug line naming a rule */
        }
        assert_true(us >= 0);
        rules++;
    }
    assert_true(rules > 5);
    pc_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_argument),
        cmocka_unit_test(test_check_stdin_and_file_positions),
        cmocka_unit_test(test_check_exit_statuses),
        cmocka_unit_test(test_check_attachments_and_account),
        cmocka_unit_test(test_check_json),
        cmocka_unit_test(test_check_default_policy_is_named),
        cmocka_unit_test(test_check_usage_errors),
        cmocka_unit_test(test_check_invalid_utf8_input),
        cmocka_unit_test(test_policy_list_and_show),
        cmocka_unit_test(test_policy_lint),
        cmocka_unit_test(test_help_and_version),
        cmocka_unit_test(test_debug_rule_times),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
