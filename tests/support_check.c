/* support_check.c: see support_check.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support_check.h"

size_t pc_test_check(const pc_pack *pack, const char *text, pc_account acct,
                     const char *rule, pc_finding *out, char **msg,
                     size_t max)
{
    pc_post post;
    pc_findings f = {0};
    pc_error err;
    size_t n = 0;

    memset(&post, 0, sizeof post);
    post.text = text;
    post.text_len = strlen(text);
    post.account = acct;
    pc_error_clear(&err);
    assert_int_equal(pc_check(pack, &post, &f, NULL, &err), PC_OK);
    for (size_t i = 0; i < f.n; i++) {
        if (rule && strcmp(f.v[i].rule, rule) != 0) {
            continue;
        }
        if (n < max) {
            out[n] = f.v[i];
            if (msg) {
                msg[n] = f.v[i].message ? strdup(f.v[i].message) : NULL;
            }
            out[n].message = NULL;
        }
        n++;
    }
    pc_findings_free(&f);
    return n;
}

/* Enough time that no rule is cut short either way. */
#define BOTH_BUDGET_NS (60LL * 1000 * 1000 * 1000)

static void check_all(const pc_pack *pack, const char *text, pc_account acct,
                      pc_findings *out)
{
    pc_post post;
    pc_error err;

    memset(&post, 0, sizeof post);
    post.text = text;
    post.text_len = strlen(text);
    post.account = acct;
    post.budget_ns = BOTH_BUDGET_NS;
    pc_error_clear(&err);
    assert_int_equal(pc_check(pack, &post, out, NULL, &err), PC_OK);
}

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

size_t pc_test_check_both(const pc_pack *pack, const char *text,
                          pc_account acct, void (*enable)(int),
                          const char *what)
{
    pc_findings on = {0}, off = {0};
    size_t n;

    enable(1);
    check_all(pack, text, acct, &on);
    enable(0);
    check_all(pack, text, acct, &off);
    enable(1);
    if (on.n != off.n || on.n_limited != off.n_limited) {
        fail_msg("pack %s: %zu findings with the %s, %zu without "
                 "(limited %zu, %zu), on a post of %zu bytes",
                 pc_pack_id(pack), on.n, what, off.n, on.n_limited,
                 off.n_limited, strlen(text));
    }
    for (size_t i = 0; i < on.n; i++) {
        const pc_finding *a = &on.v[i], *b = &off.v[i];
        if (strcmp(a->rule, b->rule) != 0 || a->start != b->start ||
            a->end != b->end || a->attachment != b->attachment ||
            !same_str(a->kind, b->kind) || !same_str(a->message, b->message)) {
            fail_msg("pack %s: finding %zu differs: %s [%ld,%ld) with the "
                     "%s, %s [%ld,%ld) without",
                     pc_pack_id(pack), i, a->rule, a->start, a->end, what,
                     b->rule, b->start, b->end);
        }
    }
    n = on.n;
    pc_findings_free(&on);
    pc_findings_free(&off);
    return n;
}
