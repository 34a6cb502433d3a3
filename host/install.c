/* install.c: the `postcheck install|uninstall|doctor` commands, which
 * register the native messaging host with browsers.
 *
 *   postcheck install   [--browser NAME]... | --all  [--system] [--dry-run]
 *   postcheck uninstall [--browser NAME]... | --all  [--system] [--dry-run]
 *   postcheck doctor    [--browser NAME]... | --all  [--system]
 *
 * install without --browser or --all picks the browsers found on this
 * machine; uninstall and doctor default to every browser. Reports go to
 * stdout, errors (each with its fix) to stderr. Folders per browser are
 * in install_paths.c, manifest contents in install_manifest.c. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "install_int.h"
#include "postcheck/config.h"
#include "postcheck/install.h"
#include "self.h"

#define MAX_BROWSERS 16

typedef enum command { CMD_INSTALL, CMD_UNINSTALL, CMD_DOCTOR } command;

/* Parsed options. */
typedef struct options {
    command cmd;
    const pc__browser *chosen[MAX_BROWSERS];
    size_t n_chosen;
    int chosen_explicit; /* the user named browsers with --browser */
    int all;
    int system;
    int dry_run;
    int help;
} options;

/* Everything one command run needs. */
typedef struct run {
    const pc__install_env *env;
    options opt;
    FILE *out;
    FILE *errs;
} run;

static void usage(FILE *f)
{
    fputs("usage: postcheck install   [--browser NAME | --all] [--system] "
          "[--dry-run]\n"
          "       postcheck uninstall [--browser NAME | --all] [--system] "
          "[--dry-run]\n"
          "       postcheck doctor    [--browser NAME | --all] [--system]\n"
          "NAME is one of chrome, chromium, edge, brave, vivaldi, firefox; "
          "--browser may be repeated.\n"
          "install without --browser or --all registers every browser found "
          "here.\n"
          "--system writes the folders for every user (needs sudo); the "
          "default is your user only.\n", f);
}

/* Adds browser name to the chosen list. Returns 0, or 2 (usage). */
static int choose(options *o, const char *name, FILE *errs)
{
    const pc__browser *b = pc__install_find(name);
    size_t i;

    if (!b) {
        fprintf(errs, "postcheck: unknown browser \"%s\"; choose one of "
                "chrome, chromium, edge, brave, vivaldi, firefox\n", name);
        return 2;
    }
    for (i = 0; i < o->n_chosen; i++) {
        if (o->chosen[i] == b) {
            return 0;
        }
    }
    if (o->n_chosen < MAX_BROWSERS) {
        o->chosen[o->n_chosen++] = b;
    }
    return 0;
}

/* Parses argv[1..] into o. Returns 0, or 2 after printing a usage error. */
static int parse(options *o, int argc, char **argv, FILE *errs)
{
    int i;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        int rc = 0;

        if (strcmp(a, "--all") == 0) {
            o->all = 1;
        } else if (strcmp(a, "--system") == 0) {
            o->system = 1;
        } else if (strcmp(a, "--dry-run") == 0 && o->cmd != CMD_DOCTOR) {
            o->dry_run = 1;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            o->help = 1;
        } else if (strncmp(a, "--browser=", 10) == 0) {
            rc = choose(o, a + 10, errs);
        } else if (strcmp(a, "--browser") == 0 && i + 1 < argc) {
            rc = choose(o, argv[++i], errs);
        } else {
            fprintf(errs, "postcheck %s: unknown or incomplete option "
                    "\"%s\"\n", argv[0], a);
            rc = 2;
        }
        if (rc != 0) {
            return rc;
        }
    }
    if (o->all && o->n_chosen > 0) {
        fprintf(errs, "postcheck %s: use --browser or --all, not both\n",
                argv[0]);
        return 2;
    }
    return 0;
}

/* Fills the chosen list when the user named no browser: every browser
 * for --all, uninstall and doctor; the ones found here for install.
 * Returns 0, or 1 when install finds none. */
static int default_browsers(run *r)
{
    size_t n, i;
    const pc__browser *all = pc__install_browsers(&n);
    char found[PC__INSTALL_PATH_MAX];

    if (r->opt.n_chosen > 0) {
        return 0;
    }
    for (i = 0; i < n && i < MAX_BROWSERS; i++) {
        if (r->opt.all || r->opt.cmd != CMD_INSTALL ||
            pc__install_browser_found(r->env, &all[i], found, sizeof found)) {
            r->opt.chosen[r->opt.n_chosen++] = &all[i];
        }
    }
    if (r->opt.n_chosen == 0) {
        fprintf(r->errs, "postcheck install: no supported browser found here "
                "(looked for Chrome, Chromium, Edge, Brave, Vivaldi and "
                "Firefox on PATH).\n  Fix: name one with --browser NAME, or "
                "register them all with --all.\n");
        return 1;
    }
    return 0;
}

/* Prints notes about a browser that is sandboxed, or (when missing is
 * set) not installed. */
static void browser_notes(run *r, const pc__browser *b, int missing, FILE *f)
{
    char where[PC__INSTALL_PATH_MAX];

    if (pc__install_sandboxed(r->env, b, where, sizeof where)) {
        fprintf(f, "  warning: %s is installed as a %s. Snap and Flatpak "
                "browsers cannot start native messaging hosts, so postcheck "
                "cannot work there. Fix: install %s from your distribution's "
                "packages or the vendor's .deb/.rpm.\n", b->label, where,
                b->label);
    }
    if (missing && !pc__install_browser_found(r->env, b, where,
                                              sizeof where)) {
        fprintf(f, "  note: %s is not installed here (%s not found); "
                "its manifest still works once it is.\n", b->label,
                b->exes[0]);
    }
}

/* Prints what b's managed policies mean for a registration; only_user
 * is set when the one good registration is the user-level one. Returns
 * -1 if a policy stops the host from running, else 0. */
static int policy_notes(run *r, const pc__browser *b, int only_user, FILE *f)
{
    pc__policy pol;
    int rc = 0;

    pc__install_policy(r->env, b, &pol);
    if (pol.blocked) {
        fprintf(f, "  policy: %s puts native messaging hosts on "
                "NativeMessagingBlocklist without " PC_HOST_NAME " on "
                "NativeMessagingAllowlist, so %s will not start postcheck.\n"
                "  Fix: ask whoever manages this computer to add \""
                PC_HOST_NAME "\" to NativeMessagingAllowlist.\n",
                pol.block_file, b->label);
        rc = -1;
    }
    if (pol.user_hosts_off && only_user) {
        fprintf(f, "  policy: %s sets NativeMessagingUserLevelHosts to "
                "false, so %s ignores registrations in your user folder.\n"
                "  Fix: register for every user: `sudo postcheck install "
                "--system --browser %s`.\n", pol.user_file, b->label,
                b->name);
        rc = -1;
    }
    return rc;
}

/* Prints the fix for a failed write or removal of path (a file, or the
 * folder that could not be made) for browser b. */
static void write_fix(run *r, const pc__browser *b, int err_no,
                      const char *path)
{
    const char *verb = r->opt.cmd == CMD_INSTALL ? "install" : "uninstall";
    const char *slash = strrchr(path, '/');
    int parent = slash && slash != path ? (int)(slash - path)
                                        : (int)strlen(path);

    if (err_no != EACCES && err_no != EPERM && err_no != EROFS) {
        return;
    }
    if (r->opt.system) {
        fprintf(r->errs, "  Fix: system folders need root: run `sudo %s %s "
                "--system --browser %s`, or leave out --system to use your "
                "own user folder.\n", r->env->self ? r->env->self
                : "postcheck", verb, b->name);
    } else {
        fprintf(r->errs, "  Fix: you may not write in %.*s; check who owns "
                "it (`ls -ld` it; `sudo chown -R \"$USER\"` it if root "
                "created it), or %s for every user with `sudo postcheck %s "
                "--system --browser %s`.\n", parent, path, verb, verb,
                b->name);
    }
}

/* Installs the manifest for one browser. Returns 0 or 1. */
static int install_one(run *r, const pc__browser *b)
{
    char path[PC__INSTALL_PATH_MAX], why[2 * PC__INSTALL_PATH_MAX + 256];
    pc_error err;
    json_t *m;
    int rc = 0, err_no = 0;

    pc_error_clear(&err);
    if (pc__install_manifest_path(r->env, b, r->opt.system, path,
                                  sizeof path, &err) != PC_OK) {
        fprintf(r->errs, "postcheck install: %s\n", err.text);
        return 1;
    }
    if (pc__install_unsafe(r->env->self, why, sizeof why)) {
        fprintf(r->errs, "postcheck install: %s: not registered: %s.\n",
                b->label, why);
        return 1;
    }
    m = pc__install_manifest_new(b, r->env->self);
    if (!m) {
        fprintf(r->errs, "postcheck install: out of memory\n");
        return 1;
    }
    if (r->opt.dry_run) {
        char *text = json_dumps(m, JSON_INDENT(2));

        fprintf(r->out, "%s: would write %s:\n%s\n", b->name, path,
                text ? text : "");
        free(text);
    } else if (pc__install_write(path, m, &err_no, &err) == PC_OK) {
        fprintf(r->out, "%s: wrote %s\n", b->name, path);
    } else {
        fprintf(r->errs, "postcheck install: %s: %s\n", b->label, err.text);
        write_fix(r, b, err_no, err.source);
        rc = 1;
    }
    json_decref(m);
    browser_notes(r, b, 1, r->out);
    policy_notes(r, b, !r->opt.system, r->out);
    return rc;
}

/* Removes the manifest for one browser. Returns 0 or 1. */
static int uninstall_one(run *r, const pc__browser *b)
{
    char path[PC__INSTALL_PATH_MAX];
    pc_error err;
    FILE *probe;

    pc_error_clear(&err);
    if (pc__install_manifest_path(r->env, b, r->opt.system, path,
                                  sizeof path, &err) != PC_OK) {
        fprintf(r->errs, "postcheck uninstall: %s\n", err.text);
        return 1;
    }
    probe = fopen(path, "r");
    if (!probe && errno == ENOENT) {
        fprintf(r->out, "%s: not registered (nothing at %s)\n", b->name, path);
        return 0;
    }
    if (probe) {
        fclose(probe);
    }
    if (r->opt.dry_run) {
        fprintf(r->out, "%s: would remove %s\n", b->name, path);
        return 0;
    }
    if (remove(path) != 0) {
        int e = errno;

        fprintf(r->errs, "postcheck uninstall: cannot remove %s: %s\n", path,
                strerror(e));
        write_fix(r, b, e, path);
        return 1;
    }
    fprintf(r->out, "%s: removed %s\n", b->name, path);
    return 0;
}

static const char *yes_no(int v)
{
    return v ? "yes" : "no";
}

/* Reports one manifest location. Returns 1 if it is registered and
 * good, 0 if absent, -1 if registered with a problem. */
static int doctor_manifest(run *r, const pc__browser *b, int system)
{
    char path[PC__INSTALL_PATH_MAX];
    pc_error err;
    pc__check c;

    pc_error_clear(&err);
    if (pc__install_manifest_path(r->env, b, system, path, sizeof path,
                                  &err) != PC_OK) {
        fprintf(r->out, "  %s folder: unknown (%s)\n", system ? "system"
                : "user", err.text);
        return 0;
    }
    pc__install_check(path, b, r->env->self, &c);
    if (!c.problem[0] && c.parses && c.binary[0]) {
        (void)pc__install_unsafe(c.binary, c.problem, sizeof c.problem);
    }
    fprintf(r->out, "  %s manifest %s\n    registered: %s\n", system
            ? "system" : "user", path, yes_no(c.registered));
    if (!c.registered) {
        return 0;
    }
    fprintf(r->out, "    manifest parses: %s\n", yes_no(c.parses));
    if (c.parses) {
        fprintf(r->out, "    path is an executable postcheck: %s (%s%s%s)\n"
                "    extension id matches: %s\n", yes_no(c.executable),
                c.binary, c.version[0] ? ": " : "", c.version,
                yes_no(c.id_matches));
    }
    if (c.problem[0]) {
        fprintf(r->out, "    problem: %s\n", c.problem);
        return -1;
    }
    if (r->env->self && strcmp(c.binary, r->env->self) != 0) {
        fprintf(r->out, "    note: it starts %s, not this program (%s)\n",
                c.binary, r->env->self);
    }
    return 1;
}

/* Returns 1 if a manifest file exists in b's user or system folder. */
static int any_manifest(run *r, const pc__browser *b)
{
    char path[PC__INSTALL_PATH_MAX];
    int sys;

    for (sys = r->opt.system; sys <= 1; sys++) {
        if (pc__install_manifest_path(r->env, b, sys, path, sizeof path,
                                      NULL) == PC_OK &&
            access(path, F_OK) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Reports one browser. Returns 1 ok, 0 nothing registered, -1 problem. */
static int doctor_one(run *r, const pc__browser *b)
{
    char exe[PC__INSTALL_PATH_MAX];
    int user = 0, sys, found;

    found = pc__install_browser_found(r->env, b, exe, sizeof exe);
    if (!found && !r->opt.chosen_explicit && !any_manifest(r, b)) {
        fprintf(r->out, "%s (%s): not installed here, not registered\n",
                b->name, b->label);
        return 0;
    }
    fprintf(r->out, "%s (%s): %s%s%s\n", b->name, b->label,
            found ? "installed (" : "not installed here", found ? exe : "",
            found ? ")" : "");
    if (!r->opt.system) {
        user = doctor_manifest(r, b, 0);
    }
    sys = doctor_manifest(r, b, 1);
    browser_notes(r, b, 0, r->out);
    if (policy_notes(r, b, user > 0 && sys <= 0, r->out) < 0) {
        user = -1;
    }
    if (user < 0 || sys < 0) {
        fprintf(r->out, "  result: PROBLEM (see above)\n");
        return -1;
    }
    if (user == 0 && sys == 0) {
        fprintf(r->out, "  result: not registered. Fix: run `postcheck "
                "install --browser %s`%s.\n", b->name,
                r->opt.system ? " --system with sudo" : "");
        return 0;
    }
    fprintf(r->out, "  result: ok\n");
    return 1;
}

/* doctor: fails when a registration is broken, when a browser named
 * with --browser is not registered, or when nothing is registered. */
static int doctor(run *r)
{
    size_t i;
    int good = 0, bad = 0;

    for (i = 0; i < r->opt.n_chosen; i++) {
        int v = doctor_one(r, r->opt.chosen[i]);

        good += v > 0;
        bad += v < 0 || (v == 0 && r->opt.chosen_explicit);
    }
    fprintf(r->out, "doctor: %d ok, %d with problems\n", good, bad);
    if (good == 0 && bad == 0) {
        fprintf(r->out, "doctor: postcheck is not registered with any "
                "browser. Fix: run `postcheck install`.\n");
        return 1;
    }
    return bad > 0;
}

int pc__install_run(const pc__install_env *env, int argc, char **argv,
                    FILE *out, FILE *errs)
{
    run r;
    size_t i;
    int rc = 0;

    memset(&r, 0, sizeof r);
    r.env = env;
    r.out = out;
    r.errs = errs;
    if (argc < 1 || (strcmp(argv[0], "install") != 0 &&
                     strcmp(argv[0], "uninstall") != 0 &&
                     strcmp(argv[0], "doctor") != 0)) {
        usage(errs);
        return 2;
    }
    r.opt.cmd = argv[0][0] == 'i' ? CMD_INSTALL
              : argv[0][0] == 'u' ? CMD_UNINSTALL : CMD_DOCTOR;
    if (parse(&r.opt, argc, argv, errs) != 0) {
        usage(errs);
        return 2;
    }
    if (r.opt.help) {
        usage(out);
        return 0;
    }
    r.opt.chosen_explicit = r.opt.n_chosen > 0;
    if (r.opt.cmd == CMD_INSTALL && (!env->self || env->self[0] != '/')) {
        fprintf(errs, "postcheck install: cannot find this program's own "
                "absolute path, which the manifest must name.\n");
        return 1;
    }
    if (default_browsers(&r) != 0) {
        return 1;
    }
    if (r.opt.cmd == CMD_DOCTOR) {
        return doctor(&r);
    }
    for (i = 0; i < r.opt.n_chosen; i++) {
        rc |= r.opt.cmd == CMD_INSTALL ? install_one(&r, r.opt.chosen[i])
                                       : uninstall_one(&r, r.opt.chosen[i]);
    }
    return rc;
}

int pc_install_main(int argc, char **argv)
{
    static char self[PATH_MAX];
    pc__install_env env;

    memset(&env, 0, sizeof env);
    env.home = getenv("HOME");
    env.config_home = getenv("XDG_CONFIG_HOME");
    env.path = getenv("PATH");
    env.root = "";
    env.self = pc_self_path(self, sizeof self) == 0 ? self : NULL;
    return pc__install_run(&env, argc, argv, stdout, stderr);
}
