/* test_pack_allow.c: a pack's allow list (the organisation's own published
 * phone numbers, emails, addresses, handles and web addresses are never
 * flagged; other contact details still are), the lint errors for
 * malformed entries, and each rule's `ignorable` ("never for this
 * phrase") as the protocol reports it. Uses tests/cases/allow/acme.json
 * in process and through the built binary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "postcheck/pack.h"
#include "postcheck/rules.h"
#include "support.h"
#include "support_check.h"
#include "support_pack.h"

static const pc_pack *acme;

static int setup(void **state)
{
    return pc_test_pack_setup(state, &acme,
                              pc_test_case_path("allow/acme.json"), NULL, 0,
                              "acme");
}

/* Checks text from an official account; returns the number of findings
 * of rule (NULL: any rule) and, when first is not NULL, a copy of the
 * first such finding's ignorable. */
static size_t count(const char *text, const char *rule, int *first)
{
    pc_finding f;
    size_t n = pc_test_check(acme, text, PC_ACCOUNT_OFFICIAL, rule, &f,
                             NULL, 1);

    if (n > 0 && first) {
        *first = f.ignorable;
    }
    return n;
}

#define PD "acme.personal-data"

/* Texts from an official account and how many personal-data findings
 * each gets: the allowed contact details in any form are not flagged,
 * others are. */
static const pc_test_want pd_cases[] = {
    /* The entry is "+44 20 7946 0000": written nationally, with the
     * trunk zero in brackets, with 0044, or in full-width digits, it is
     * the same number. */
    {"Ring us on 020 7946 0000", 0},
    {"Ring us on +44 (0)20 7946 0000", 0},
    {"Ring us on 0044 20 7946 0000", 0},
    {"Ring us on 020-7946-0000", 0},
    {"Ring us on \xef\xbc\x90\xef\xbc\x92\xef\xbc\x90 7946 0000", 0},
    /* A national entry matches the international form too. */
    {"Ring us on +44 161 496 0999", 0},
    /* Other numbers are flagged. */
    {"Ring me on 020 7946 0001", 1},
    {"Ring me on 07700 900123", 1},
    /* Same last digits, another area code: not the organisation's. */
    {"Ring me on 0161 7946 0000", 1},
    /* The allowed number beside another: only the other is flagged. */
    {"Call 020 7946 0000 or me on 07700 900123", 1},
    {"Ring 020 7946 0000 or 020 7946 0001", 1},
    /* Email, address, postcode. */
    {"Mail jane.doe@acme-trust.example.org", 0},
    {"Mail Jane.Doe@ACME-Trust.example.org", 0},
    {"Mail john.smith@acme-trust.example.org", 1},
    {"I live at 1 High Street, London SW1A 1AA", 0},
    {"I live at 1 High St, London SW1A 1AA", 0},
    /* Another house number, street or postcode is still an address. */
    {"I live at 2 High Street, London SW1A 2AA", 2},
    {"I live at 11 High Street, London", 1},
};

/* The same for the organisation's handles and web addresses. */
static const struct {
    const char *text, *rule;
    size_t want;
} link_cases[] = {
    {"Follow @AcmeTrust and @acmetrust", "acme.tagging", 0},
    {"Well done @sam_smith", "acme.tagging", 1},
    {"See acme https://acme-trust.example.org/contact", "acme.links", 0},
    {"See http://www.ACME-trust.example.org/contact/", "acme.links", 0},
    {"See https://acme-trust.example.org/contact/x", "acme.links", 1},
};

/* Fails unless text gets want findings of rule, naming the text. */
static void finds(const char *text, const char *rule, size_t want)
{
    size_t got = count(text, rule, NULL);

    if (got != want) {
        fail_msg("\"%s\": %zu findings of %s, want %zu", text, got, rule,
                 want);
    }
}

static void test_allowed_and_flagged(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof pd_cases / sizeof pd_cases[0]; i++) {
        finds(pd_cases[i].text, PD, pd_cases[i].want);
    }
    for (size_t i = 0; i < sizeof link_cases / sizeof link_cases[0]; i++) {
        finds(link_cases[i].text, link_cases[i].rule, link_cases[i].want);
    }
}

static void test_ignorable(void **state)
{
    int ig = -1;

    (void)state;
    /* An error by default: not ignorable. */
    assert_int_equal(count("Ring me on 020 7946 0001", PD, &ig), 1);
    assert_int_equal(ig, 0);
    /* A warning the pack says may not be ignored. */
    assert_int_equal(count("Well done @sam_smith", "acme.tagging", &ig), 1);
    assert_int_equal(ig, 0);
    /* A note by default: ignorable. */
    assert_int_equal(count("See https://x.example.net/", "acme.links", &ig),
                     1);
    assert_int_equal(ig, 1);
    /* An error the pack says may be ignored. */
    assert_int_equal(count("It is top secret", "acme.secret", &ig), 1);
    assert_int_equal(ig, 1);
}

/* A minimal pack with the given "allow" value (and rule keys). */
static pc_status load_with(const char *allow, const char *rule_extra,
                           pc_error *err)
{
    char json[2048];

    snprintf(json, sizeof json,
             "{\n"
             "  \"format\": 1, \"id\": \"t\", \"name\": \"T\",\n"
             "  \"version\": \"1\",\n"
             "  \"organisation\": {\"name\": \"T\", \"names\": [\"T\"]},\n"
             "  \"source\": {\"title\": \"t\"},\n"
             "  \"allow\": %s,\n"
             "  \"rules\": [{\"id\": \"t.r\", \"kind\": \"pattern\",\n"
             "    \"category\": \"guidance\", \"severity\": \"info\",\n"
             "    \"applies_to\": [\"official\"], \"clause\": \"1\",\n"
             "    \"quote\": \"q\", \"message\": \"m\", \"terms\": [\"x\"]"
             "%s,\n"
             "    \"examples\": {\"flag\": [], \"pass\": []}}]\n"
             "}\n",
             allow, rule_extra);
    return pc_test_pack_load(json, err);
}

/* The pack is refused with the field named and the reason given. */
static void refused(const char *allow, const char *field, const char *why)
{
    pc_error err;

    pc_error_clear(&err);
    assert_int_equal(load_with(allow, "", &err), PC_ERR_PACK);
    if (!strstr(err.text, field) || !strstr(err.text, why)) {
        fail_msg("error '%s' should name %s and say %s", err.text, field,
                 why);
    }
    assert_int_equal(err.line, 6);
}

static void test_lint_errors(void **state)
{
    static const struct {
        const char *allow, *field, *why;
    } refusals[] = {
        {"{\"phones\": [\"020 7946 0000\", \"call 020 7946 0000\"]}",
         "allow.phones[1]", "must be a phone number"},
        {"{\"phones\": [\"020 79\"]}", "allow.phones[0]", "7 to 15 digits"},
        {"{\"phones\": [\"+44 20 7946 0000 0000 0000\"]}",
         "allow.phones[0]", "must be a phone number"},
        {"{\"emails\": [\"office.t.org\"]}",
         "allow.emails[0]", "must be an email address"},
        {"{\"emails\": [\"a@b@t.org\"]}",
         "allow.emails[0]", "must be an email address"},
        {"{\"addresses\": [\"Chicago\"]}",
         "allow.addresses[0]", "at least two words"},
        {"{\"handles\": [\"@t org\"]}",
         "allow.handles[0]", "must be a handle"},
        {"{\"urls\": [\"http://localhost/x\"]}",
         "allow.urls[0]", "must be a web address"},
        {"{\"urls\": [\"t.org/a b\"]}",
         "allow.urls[0]", "must be a web address"},
        {"{\"fax\": [\"020 7946 0000\"]}", "allow.fax", "unknown"},
        {"{\"phones\": \"020 7946 0000\"}",
         "allow.phones", "array of strings"},
        {"{\"phones\": [42]}", "allow.phones[0]", "string"},
        {"[\"020 7946 0000\"]", "allow", "object"},
    };
    pc_error err;

    (void)state;
    pc_error_clear(&err);
    assert_int_equal(load_with("{\"phones\": [\"+1 (847) 267-1329\"], "
                               "\"emails\": [\"a.b@c.org\"], "
                               "\"addresses\": [\"1 Main St, Chicago\"], "
                               "\"handles\": [\"@t\", \"t@mastodon.social\"],"
                               " \"urls\": [\"t.org/contact\"]}",
                               "", &err),
                     PC_OK);
    for (size_t i = 0; i < sizeof refusals / sizeof refusals[0]; i++) {
        refused(refusals[i].allow, refusals[i].field, refusals[i].why);
    }
    pc_error_clear(&err);
    assert_int_equal(load_with("{}", ", \"ignorable\": \"no\"", &err),
                     PC_ERR_PACK);
    assert_non_null(strstr(err.text, "rules[0].ignorable"));
}

/* Runs the binary with the fixture folder as --policy-dir. */
static void run_acme(pc_run *r, const char *a1, const char *a2,
                     const char *a3)
{
    static char dir[4096];
    const char *args[] = {"--policy-dir", dir, "check", "--policy", "acme",
                          a1, a2, a3, NULL};

    snprintf(dir, sizeof dir, "%s", pc_test_case_path("allow"));
    assert_int_equal(pc_test_run(args, NULL, 0, r), 0);
}

static void test_cli_and_protocol(void **state)
{
    pc_run r;
    json_t *res, *f;
    size_t i;
    int seen = 0;

    (void)state;
    run_acme(&r, "Ring the office on 020 7946 0000", NULL, NULL);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "");
    pc_run_free(&r);
    run_acme(&r, "Ring me on 020 7946 0001", NULL, NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.out, "1:12 error personal-data"));
    pc_run_free(&r);
    /* --json prints the protocol's result: ignorable on span findings. */
    run_acme(&r, "--json", "--", "top secret, thanks @sam 020 7946 0001");
    res = json_loads(r.out, 0, NULL);
    assert_non_null(res);
    json_array_foreach(json_object_get(res, "findings"), i, f) {
        const char *rule = json_string_value(json_object_get(f, "rule"));
        json_t *ig = json_object_get(f, "ignorable");
        assert_true(json_is_boolean(ig));
        assert_int_equal(json_is_true(ig),
                         strcmp(rule, "acme.secret") == 0);
        seen++;
    }
    assert_int_equal(seen, 3);
    json_decref(res);
    pc_run_free(&r);
}

/* `policy show` lists what the pack never flags, as written, and the
 * rules' ignorable where the pack sets it. */
static void test_cli_show(void **state)
{
    static char dir[4096];
    const char *args[] = {"--policy-dir", dir, "policy", "show", "acme",
                          NULL};
    pc_run r;

    (void)state;
    snprintf(dir, sizeof dir, "%s", pc_test_case_path("allow"));
    assert_int_equal(pc_test_run(args, NULL, 0, &r), 0);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "never flagged (phone): +44 20 7946 0000\n"
                                  "never flagged (phone): 0161 496 0999\n"));
    assert_non_null(strstr(r.out, "never flagged (web address): "
                                  "https://www.acme-trust.example.org/"
                                  "contact/\n"));
    assert_non_null(strstr(r.out, "acme.tagging  [contact-children, "
                                  "warning, official and personal, not "
                                  "ignorable]"));
    assert_non_null(strstr(r.out, "acme.secret  [confidential, error, "
                                  "official and personal, ignorable]"));
    assert_non_null(strstr(r.out, "acme.links  [guidance, info, official "
                                  "and personal]"));
    pc_run_free(&r);
}

static void test_cli_lint(void **state)
{
    char path[] = "/tmp/pc-test-allow-XXXXXX";
    char *json = pc_test_read_file(pc_test_case_path("allow/acme.json"),
                                   NULL);
    char *at, *bad;
    int fd;
    pc_run r;
    const char *args[] = {"policy", "lint", path, NULL};

    (void)state;
    assert_non_null(json);
    at = strstr(json, "\"0161 496 0999\"");
    assert_non_null(at);
    bad = malloc(strlen(json) + 16);
    assert_non_null(bad);
    memcpy(bad, json, (size_t)(at - json));
    strcpy(bad + (at - json), "\"0161 496 O999\"");
    strcat(bad, at + strlen("\"0161 496 0999\""));
    fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, bad, strlen(bad)), (ssize_t)strlen(bad));
    close(fd);
    assert_int_equal(pc_test_run(args, NULL, 0, &r), 0);
    unlink(path);
    assert_int_not_equal(r.status, 0);
    assert_non_null(strstr(r.err, "allow.phones[1]"));
    assert_non_null(strstr(r.err, "'0161 496 O999' must be a phone number"));
    pc_run_free(&r);
    free(bad);
    free(json);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_allowed_and_flagged),
        cmocka_unit_test(test_ignorable),
        cmocka_unit_test(test_lint_errors),
        cmocka_unit_test(test_cli_and_protocol),
        cmocka_unit_test(test_cli_show),
        cmocka_unit_test(test_cli_lint),
    };
    return cmocka_run_group_tests(tests, setup, pc_test_pack_teardown);
}
