/* cli_policy.c: `postcheck policy list|show ID|lint FILE...|detectors`.
 *
 * lint loads each file on its own (not with the other packs), prints a
 * load error as "FILE:LINE:COL: message" (or the pattern and its offset),
 * then runs every example of every rule. Exit 1 on any failure. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "postcheck/log.h"
#include "postcheck/detect.h"
#include "postcheck/rules.h"
#include "postcheck/vision.h"

/* Prints one pack as a line of `policy list`. */
static void list_line(const pc_pack *p)
{
    printf("%-18s %-10s %-9s %s (%s)\n", pc_pack_id(p), pc_pack_version(p),
           pc_pack_source(p), pc_pack_name(p), pc_pack_organisation(p));
}

static int cmd_list(const pc_packset *ps)
{
    size_t i;

    printf("%-18s %-10s %-9s %s\n", "ID", "VERSION", "SOURCE", "NAME");
    for (i = 0; i < pc_packset_count(ps); i++) {
        list_line(pc_packset_at(ps, i));
    }
    return PC_EXIT_OK;
}

static int cmd_show(pc_packset *ps, const char *id)
{
    pc_error err;
    const pc_pack *p;

    pc_error_clear(&err);
    p = pc_packset_ready(ps, id, &err);
    if (!p && err.code == PC_ERR_POLICY) {
        pc_log_print("postcheck: unknown policy '%s' (see postcheck "
                "policy list)\n", id);
        return PC_EXIT_USAGE;
    }
    if (!p) {
        printf("%s: this pack cannot be read: %s\n", id, err.text);
        return PC_EXIT_OK;
    }
    pc_pack_describe(p, stdout);
    return PC_EXIT_OK;
}

/* Prints a load error for path the way compilers do. */
static void print_load_error(const char *path, const pc_error *err)
{
    if (err->line > 0) {
        pc_log_print("%s:%d:%d: %s\n", path, err->line, err->column,
                err->text);
    } else if (err->code == PC_ERR_PATTERN && err->offset >= 0) {
        pc_log_print("%s: pattern \"%s\" at offset %ld: %s\n", path,
                err->source, err->offset, err->text);
    } else {
        pc_log_print("%s: %s\n", path,
                err->text[0] ? err->text : pc_strerror(err->code));
    }
}

/* Loads path for lint: alone, or, when it extends another pack, with
 * the packs it may extend (built-in, user, system) and then itself, so
 * it stands over one with its id. Returns the set (free with
 * pc_packset_free) and the prepared pack in *out, or NULL with err set. */
static pc_packset *lint_load(const char *path, const pc_pack **out,
                             pc_error *err)
{
    pc_packset *ps = pc_packset_new(err);
    char id[PC_PACK_MAX_ID + 1];

    if (!ps || pc_packset_add_file(ps, path, PC_SOURCE_FILE, err) != PC_OK) {
        pc_packset_free(ps);
        return NULL;
    }
    snprintf(id, sizeof id, "%s", pc_pack_id(pc_packset_at(ps, 0)));
    if (pc_pack_extends(pc_packset_at(ps, 0))) {
        pc_error ignored;
        pc_error_clear(&ignored);
        pc_packset_free(ps);
        ps = pc_packset_new(err);
        if (!ps || pc_packset_load_default(ps, NULL, &ignored) != PC_OK ||
            pc_packset_add_file(ps, path, PC_SOURCE_FILE, err) != PC_OK) {
            pc_packset_free(ps);
            return NULL;
        }
    }
    if (pc_packset_warm(ps, id, err) != PC_OK) {
        pc_packset_free(ps);
        return NULL;
    }
    *out = pc_packset_find(ps, id);
    return ps;
}

/* Has the vision helper read each of p's logo images. Returns how many
 * it cannot read; says so, or that they were not checked. */
static int lint_logos(const char *path, const pc_pack *p)
{
    int bad = 0;

    for (size_t i = 0; i < pc_pack_logo_images(p); i++) {
        const char *name;
        size_t len;
        uint64_t key;
        const uint8_t *data = pc_pack_logo_image(p, i, &len, &key, &name);
        pc_error err;
        pc_error_clear(&err);
        if (pc_vision_logo_check(data, len, &err) == PC_OK) {
            continue;
        }
        if (err.code == PC_ERR_INTERNAL) {
            printf("%s: logo images not checked: %s\n", path, err.text);
            return bad;
        }
        printf("%s: logo \"%s\" cannot be read as an image: %s\n", path,
               name, err.text);
        bad++;
    }
    return bad;
}

/* Lints one file. Returns 0 if it loads and every example passes. */
static int lint_one(const char *path)
{
    pc_error err;
    pc_packset *ps;
    const pc_pack *p = NULL;
    long long worst = 0;
    int failed, slow, total = 0;

    pc_error_clear(&err);
    ps = lint_load(path, &p, &err);
    if (!ps) {
        print_load_error(path, &err);
        return 1;
    }
    failed = pc_pack_run_examples(p, stdout, &total);
    slow = pc_pack_measure(p, stdout, &worst);
    failed += lint_logos(path, p);
    if (failed == 0 && slow == 0) {
        printf("%s: ok: %s, %zu rules, %d examples pass, slowest rule "
               "%lld ms on a hostile 64 KiB post\n", path, pc_pack_id(p),
               pc_pack_rule_count(p), total, worst / 1000);
    } else {
        printf("%s: %d of %d examples fail or logos unreadable, %d rules "
               "over their time budget\n", path, failed, total, slow);
    }
    pc_packset_free(ps);
    pc_vision_shutdown();
    return failed + slow != 0;
}

static int cmd_lint(int argc, char **argv)
{
    int i, bad = 0;

    if (argc < 3) {
        pc_log_print("%s", "postcheck: policy lint needs at least one FILE\n");
        return PC_EXIT_USAGE;
    }
    for (i = 2; i < argc; i++) {
        bad += lint_one(argv[i]);
    }
    return bad ? PC_EXIT_FOUND : PC_EXIT_OK;
}

static int cmd_detectors(void)
{
    const char *const *names = pc_detect_names();
    size_t i;

    for (i = 0; names[i]; i++) {
        printf("%s\n", names[i]);
    }
    return PC_EXIT_OK;
}

/* Runs list or show, which need the loaded packs. */
static int with_packs(int argc, char **argv, const pc_cli_globals *g)
{
    pc_packset *ps;
    int rc;

    if (strcmp(argv[1], "show") == 0 && argc != 3) {
        pc_log_print("%s", "postcheck: usage: postcheck policy show ID\n");
        return PC_EXIT_USAGE;
    }
    if (strcmp(argv[1], "list") == 0 && argc != 2) {
        pc_log_print("%s", "postcheck: usage: postcheck policy list\n");
        return PC_EXIT_USAGE;
    }
    ps = pc_cli_load(g);
    if (!ps) {
        return PC_EXIT_USAGE;
    }
    rc = argv[1][0] == 's' ? cmd_show(ps, argv[2]) : cmd_list(ps);
    pc_packset_free(ps);
    return rc;
}

int pc_cli_policy(int argc, char **argv, const pc_cli_globals *g)
{
    const char *sub = argc > 1 ? argv[1] : "";

    if (strcmp(sub, "list") == 0 || strcmp(sub, "show") == 0) {
        return with_packs(argc, argv, g);
    }
    if (strcmp(sub, "lint") == 0) {
        return cmd_lint(argc, argv);
    }
    if (strcmp(sub, "detectors") == 0) {
        return cmd_detectors();
    }
    pc_log_print("%s", "postcheck: usage: postcheck policy list | show ID | lint FILE... "
          "| detectors\n");
    return PC_EXIT_USAGE;
}
