/* support_check.c: see support_check.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support_check.h"

pc_post pc_test_post(const char *text, pc_account acct)
{
    pc_post post;

    memset(&post, 0, sizeof post);
    post.text = text;
    post.text_len = strlen(text);
    post.account = acct;
    return post;
}

size_t pc_test_check(const pc_pack *pack, const char *text, pc_account acct,
                     const char *rule, pc_finding *out, char **msg,
                     size_t max)
{
    pc_post post = pc_test_post(text, acct);
    pc_findings f = {0};
    pc_error err;
    size_t n = 0;

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

void pc_test_each_finds(const pc_pack *pack, const char *const *texts,
                        size_t n, pc_account acct, const char *rule,
                        size_t want)
{
    for (size_t i = 0; i < n; i++) {
        size_t got = pc_test_check(pack, texts[i], acct, rule, NULL, NULL, 0);
        if (got != want) {
            fail_msg("text %zu of %zu (\"%s\"): %zu findings of %s, want %zu",
                     i, n, texts[i], got, rule ? rule : "any rule", want);
        }
    }
}

/* Enough time that no rule is cut short either way. */
#define BOTH_BUDGET_NS (60LL * 1000 * 1000 * 1000)

static void check_all(const pc_pack *pack, const char *text, pc_account acct,
                      pc_findings *out)
{
    pc_post post = pc_test_post(text, acct);
    pc_error err;

    post.budget_ns = BOTH_BUDGET_NS;
    pc_error_clear(&err);
    assert_int_equal(pc_check(pack, &post, out, NULL, &err), PC_OK);
}

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

void pc_test_same_findings(const pc_findings *a, const pc_findings *b,
                           const char *what)
{
    if (a->n != b->n || a->n_limited != b->n_limited) {
        fail_msg("%s: %zu findings against %zu (limited %zu, %zu)", what,
                 a->n, b->n, a->n_limited, b->n_limited);
    }
    for (size_t i = 0; i < a->n; i++) {
        const pc_finding *x = &a->v[i], *y = &b->v[i];
        if (strcmp(x->rule, y->rule) != 0 || x->start != y->start ||
            x->end != y->end || x->attachment != y->attachment ||
            !same_str(x->kind, y->kind) || !same_str(x->message, y->message)) {
            fail_msg("%s: finding %zu differs: %s [%ld,%ld) against "
                     "%s [%ld,%ld)",
                     what, i, x->rule, x->start, x->end, y->rule, y->start,
                     y->end);
        }
    }
}

size_t pc_test_check_both(const pc_pack *pack, const char *text,
                          pc_account acct, void (*enable)(int),
                          const char *what)
{
    pc_findings on = {0}, off = {0};
    char label[160];
    size_t n;

    enable(1);
    check_all(pack, text, acct, &on);
    enable(0);
    check_all(pack, text, acct, &off);
    enable(1);
    snprintf(label, sizeof label, "pack %s, a post of %zu bytes, with the "
             "%s against without", pc_pack_id(pack), strlen(text), what);
    pc_test_same_findings(&on, &off, label);
    n = on.n;
    pc_findings_free(&on);
    pc_findings_free(&off);
    return n;
}

void pc_test_count_both(pc_test_both *sum, const pc_pack *pack,
                        const char *text, pc_account acct,
                        void (*enable)(int), const char *what)
{
    sum->findings += (long)pc_test_check_both(pack, text, acct, enable, what);
    sum->checks++;
}
