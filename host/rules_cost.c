/* rules_cost.c: what `postcheck policy lint` measures of each rule's
 * cost: every rule runs alone over hostile posts of 64 KiB (long words,
 * many short words, digits, '@' runs, a sentence end every few bytes, and
 * the pack's own flag examples repeated), under the time budget a rule
 * gets in a real check of that size (budget.h). A rule that cannot finish
 * within it is refused; one that hits a PCRE2 match limit is reported (the
 * host reports it as "limited" and goes on). Post text is never logged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "postcheck/budget.h"
#include "rules_int.h"

#define COST_LEN (64u * 1024u)

/* The hostile posts: each unit is repeated to COST_LEN bytes. */
static const struct {
    const char *name;
    const char *unit;
} hostile[] = {
    {"one long word", "a"},
    {"short words", "ab "},
    {"digits", "1"},
    {"digits and separators", "12 34-5"},
    {"'@' and letters", "@aaaaaaaaaaaaaaa"},
    {"sentence ends", "a. "},
    {"punctuation", "!?.,;:'\"()"},
    {NULL, NULL},
};

/* Fills buf[0..COST_LEN) with unit repeated (whole UTF-8 characters only;
 * the tail is spaces). */
static void fill(char *buf, const char *unit, size_t ulen)
{
    size_t n = 0;

    while (ulen && n + ulen <= COST_LEN) {
        memcpy(buf + n, unit, ulen);
        n += ulen;
    }
    memset(buf + n, ' ', COST_LEN - n);
}

/* The pack's flag examples joined by spaces (owned, NUL-terminated), or
 * NULL when there are none or out of memory. */
static char *flag_examples(const pc_pack *p, size_t *len)
{
    char *s = NULL;
    size_t n = 0;

    for (size_t i = 0; i < p->n_rules; i++) {
        json_t *arr = json_object_get(p->rules[i].examples, "flag"), *ex;
        size_t k;
        json_array_foreach(arr, k, ex) {
            json_t *t = json_is_string(ex) ? ex : json_object_get(ex, "text");
            size_t tl = json_string_length(t);
            char *v;
            if (!json_is_string(t) || n + tl + 2 > COST_LEN) {
                continue;
            }
            v = realloc(s, n + tl + 2);
            if (!v) {
                free(s);
                return NULL;
            }
            s = v;
            memcpy(s + n, json_string_value(t), tl);
            n += tl;
            s[n++] = ' ';
            s[n] = '\0';
        }
    }
    *len = n;
    return s;
}

/* Runs rule i of p alone over buf[0..COST_LEN) as account kind acct.
 * Returns "time", "match-limit" or NULL when it finished; *us gets the
 * CPU time it took. */
static const char *run_alone(const pc_pack *p, size_t i, const char *buf,
                             pc_account acct, long long *us)
{
    pc_findings out = {0};
    pc_post post;
    const char *why = NULL;
    long long t0;

    memset(&post, 0, sizeof post);
    post.text = buf;
    post.text_len = COST_LEN;
    post.account = acct;
    t0 = pc_clock_ns();
    if (pc__check_rule(p, i, &post, &out, NULL) == PC_OK &&
        out.n_limited > 0) {
        why = out.limited[0].why;
    }
    *us = (pc_clock_ns() - t0) / 1000;
    pc_findings_free(&out);
    return why;
}

/* Measures rule i on every hostile post; prints what it finds. Returns 1
 * if the rule is refused (over its time budget), else 0. */
static int measure_rule(const pc_pack *p, size_t i, char *const *posts,
                        const char *const *names, FILE *f, long long *worst)
{
    const pc__rule *r = &p->rules[i];
    int refused = 0;

    for (size_t k = 0; posts[k]; k++) {
        long long us;
        const char *why = run_alone(p, i, posts[k], r->first_account, &us);
        if (why && strcmp(why, "time") == 0) {
            fprintf(f, "%s: needs more than its time budget (%d ms) on "
                    "64 KiB of %s; simplify its patterns\n", r->id,
                    PC_BUDGET_FIRST_MS / PC_BUDGET_RULE_SHARE, names[k]);
            refused = 1;
        } else if (why) {
            fprintf(f, "%s: note: hits a pattern match limit on 64 KiB of "
                    "%s (the host reports it as not fully checked)\n",
                    r->id, names[k]);
        }
        *worst = us > *worst ? us : *worst;
    }
    return refused;
}

int pc_pack_measure(const pc_pack *p, void *stream, long long *worst_us)
{
    FILE *f = stream;
    char *posts[sizeof hostile / sizeof *hostile + 1] = {0};
    const char *names[sizeof hostile / sizeof *hostile + 1] = {0};
    size_t n = 0, elen = 0;
    char *ex;
    int refused = 0;

    *worst_us = 0;
    if (!p->prepared) {
        return 0;
    }
    for (size_t k = 0; hostile[k].name; k++) {
        posts[n] = malloc(COST_LEN + 1);
        if (!posts[n]) {
            break;
        }
        fill(posts[n], hostile[k].unit, strlen(hostile[k].unit));
        names[n++] = hostile[k].name;
    }
    ex = flag_examples(p, &elen);
    posts[n] = ex ? malloc(COST_LEN + 1) : NULL;
    if (posts[n]) {
        fill(posts[n], ex, elen);
        names[n++] = "its own flag examples, repeated";
    }
    free(ex);
    for (size_t i = 0; i < p->n_rules; i++) {
        refused += measure_rule(p, i, posts, names, f, worst_us);
    }
    for (size_t k = 0; k < n; k++) {
        free(posts[k]);
    }
    return refused;
}
