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
