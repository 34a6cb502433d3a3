/* rules_lint.c: what `postcheck policy show` and `policy lint` print about
 * a pack: its rules with their clauses, and the result of running every
 * rule's examples. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules_int.h"

#define PC_EXAMPLE_ATTACH_MAX 16

void pc_pack_describe(const pc_pack *p, void *stream)
{
    FILE *f = stream;

    if (!p->prepared) {
        fprintf(f, "%s: this pack is not prepared\n", p->id);
        return;
    }
    fprintf(f, "%s: %s (version %s, %s)\n", p->id, p->name, p->version,
            p->source);
    fprintf(f, "organisation: %s\n", p->organisation);
    if (p->extends) {
        fprintf(f, "extends: %s\n", p->extends);
    }
    for (size_t i = 0; i < p->n_images; i++) {
        fprintf(f, "logo image: %s (%zu bytes)\n", p->images[i].name,
                p->images[i].len);
    }
    if (p->has_hours) {
        fprintf(f, "working hours: %02d:%02d-%02d:%02d\n", p->hours_start / 60,
                p->hours_start % 60, p->hours_end / 60, p->hours_end % 60);
    }
    pc__allow_describe(&p->allow, f);
    fprintf(f, "%zu rules:\n", p->n_rules);
    for (size_t i = 0; i < p->n_rules; i++) {
        const pc__rule *r = &p->rules[i];
        fprintf(f, "\n%s  [%s, %s, %s%s%s%s]\n  %s: \"%s\"\n  %s\n", r->id,
                r->category, pc_severity_name(r->severity),
                (r->applies & PC_ACCOUNT_OFFICIAL) ? "official" : "",
                (r->applies == (PC_ACCOUNT_OFFICIAL | PC_ACCOUNT_PERSONAL))
                    ? " and " : "",
                (r->applies & PC_ACCOUNT_PERSONAL) ? "personal" : "",
                r->ignorable < 0 ? ""
                : r->ignorable ? ", ignorable" : ", not ignorable",
                r->clause, r->quote, r->message);
    }
}

/* Fills post from an example (a string, or an object with text and
 * optional account, handle, display_name, site, attachments, now). */
static void example_post(const pc__rule *r, json_t *ex, pc_post *post,
                         pc_attachment *att)
{
    json_t *arr, *a;
    size_t i;
    const char *acct;

    memset(post, 0, sizeof *post);
    post->account = r->first_account;
    if (json_is_string(ex)) {
        post->text = json_string_value(ex);
        post->text_len = json_string_length(ex);
        return;
    }
    post->text = json_string_value(json_object_get(ex, "text"));
    post->text_len = json_string_length(json_object_get(ex, "text"));
    acct = json_string_value(json_object_get(ex, "account"));
    if (acct) {
        post->account = strcmp(acct, "personal") == 0 ? PC_ACCOUNT_PERSONAL
                                                      : PC_ACCOUNT_OFFICIAL;
    }
    post->handle = json_string_value(json_object_get(ex, "handle"));
    post->display_name = json_string_value(json_object_get(ex,
                                                           "display_name"));
    post->site = json_string_value(json_object_get(ex, "site"));
    if (json_object_get(ex, "now")) {
        pc_post_set_now(post, json_string_value(json_object_get(ex, "now")));
    }
    arr = json_object_get(ex, "attachments");
    json_array_foreach(arr, i, a) {
        if (i >= PC_EXAMPLE_ATTACH_MAX) {
            break;
        }
        memset(&att[i], 0, sizeof att[i]);
        att[i].kind = json_string_value(json_object_get(a, "kind"));
        att[i].name = json_string_value(json_object_get(a, "name"));
        att[i].alt = json_string_value(json_object_get(a, "alt"));
        /* What vision would have found: examples carry no pixels. */
        att[i].faces = (int)json_integer_value(json_object_get(a, "faces"));
        att[i].has_dhash =
            pc_parse_dhash(json_string_value(json_object_get(a, "dhash")),
                           &att[i].dhash) == PC_OK;
        post->n_attachments = i + 1;
    }
    post->attachments = att;
}

static void print_findings(FILE *f, const pc_findings *got)
{
    if (got->n == 0) {
        fprintf(f, "    (no findings)\n");
    }
    for (size_t i = 0; i < got->n; i++) {
        fprintf(f, "    got %s [%ld,%ld]: %s\n", got->v[i].rule,
                got->v[i].start, got->v[i].end, got->v[i].message);
    }
}

/* Whether rule id made one of the findings f. */
static int has_rule(const pc_findings *f, const char *id)
{
    for (size_t i = 0; i < f->n; i++) {
        if (strcmp(f->v[i].rule, id) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Runs one example, judged on the merged findings users see: a "pass"
 * example fails when r's warning is shown; a "flag" example passes when
 * r's warning is shown or r fired and its finding was merged into an
 * earlier rule's warning of the same category on the same words (which
 * is shown in its place). Returns 1 if it fails. */
static int run_example(const pc_pack *p, const pc__rule *r, json_t *ex,
                       int want, size_t idx, FILE *f)
{
    pc_attachment att[PC_EXAMPLE_ATTACH_MAX];
    pc_post post;
    pc_findings got = {0};
    pc_error err;
    int has = 0, failed;

    example_post(r, ex, &post, att);
    pc_error_clear(&err);
    if (pc_check(p, &post, &got, NULL, &err) != PC_OK) {
        fprintf(f, "%s: %s example %zu: check failed: %s\n", r->id,
                want ? "flag" : "pass", idx + 1, err.text);
        pc_findings_free(&got);
        return 1;
    }
    has = has_rule(&got, r->id);
    if (want && !has) {
        pc_findings raw = {0};
        has = pc__check_raw(p, &post, &raw, NULL, NULL) == PC_OK &&
              has_rule(&raw, r->id);
        pc_findings_free(&raw);
    }
    failed = has != want;
    if (failed) {
        fprintf(f, "%s: %s example %zu %s: %s\n", r->id,
                want ? "flag" : "pass", idx + 1,
                want ? "was not flagged" : "was flagged",
                post.text ? post.text : "");
        print_findings(f, &got);
    }
    pc_findings_free(&got);
    return failed;
}

int pc_pack_run_examples(const pc_pack *p, void *stream, int *total)
{
    FILE *f = stream;
    int failures = 0, count = 0;

    if (!p->prepared) {
        fprintf(f, "%s: this pack is not prepared\n", p->id);
        return 1;
    }
    for (size_t i = 0; i < p->n_rules; i++) {
        const pc__rule *r = &p->rules[i];
        static const char *const sides[] = {"pass", "flag"};
        for (int want = 0; want < 2; want++) {
            json_t *arr = json_object_get(r->examples, sides[want]), *ex;
            size_t k;
            if (json_array_size(arr) < 3) {
                fprintf(f, "%s: needs at least 3 '%s' examples, has %zu\n",
                        r->id, sides[want], json_array_size(arr));
                failures++;
            }
            json_array_foreach(arr, k, ex) {
                failures += run_example(p, r, ex, want, k, f);
                count++;
            }
        }
    }
    if (total) {
        *total = count;
    }
    return failures;
}
