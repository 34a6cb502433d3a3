/* cli_serve.c: `postcheck serve`, browser mode and its origin check, and
 * the helpers the commands share (loading packs, option values).
 *
 * Origin policy: started by a browser, the host serves only the postcheck
 * extension (PC_CHROME_EXTENSION_ID, PC_GECKO_ID from manifests/ids.json)
 * plus whatever POSTCHECK_ALLOW_ORIGINS lists; anyone else is refused
 * with a message on stderr and exit status 1, before reading stdin. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "postcheck/config.h"
#include "postcheck/log.h"
#include "postcheck/serve.h"

#define CHROME_SCHEME "chrome-extension://"

int pc_cli_opt_value(int argc, char **argv, int *i, const char *name,
                     const char **value)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);

    if (strncmp(arg, name, n) != 0) {
        return 0;
    }
    if (arg[n] == '=') {
        *value = arg + n + 1;
        return 1;
    }
    if (arg[n] != '\0') {
        return 0;
    }
    if (*i + 1 >= argc) {
        pc_log_print("postcheck: %s needs a value\n", name);
        return -1;
    }
    *i += 1;
    *value = argv[*i];
    return 1;
}

pc_packset *pc_cli_load(const pc_cli_globals *g)
{
    pc_error err;
    int skipped = 0;
    size_t i;
    pc_packset *ps;

    pc_error_clear(&err);
    ps = pc_packset_new(&err);
    if (!ps || pc_packset_load_default(ps, &skipped, &err) != PC_OK) {
        pc_log(PC_LOG_ERROR, "cannot load the built-in policies: %s",
               err.text);
        pc_packset_free(ps);
        return NULL;
    }
    if (skipped > 0) {
        pc_log(PC_LOG_WARN, "skipped %d broken policy pack(s): %s",
               skipped, err.text);
    }
    for (i = 0; i < g->n_policy_dirs; i++) {
        pc_error_clear(&err);
        if (pc_packset_add_dir(ps, g->policy_dirs[i], PC_SOURCE_FILE,
                               &err) != PC_OK) {
            pc_log(PC_LOG_ERROR, "%s: %s", g->policy_dirs[i], err.text);
            pc_packset_free(ps);
            return NULL;
        }
    }
    return ps;
}

/* Loads the packs and serves stdin/stdout until end of input. */
static int serve_stdio(const pc_cli_globals *g)
{
    pc_packset *ps;
    int rc;

    pc_serve_prefault();
    ps = pc_cli_load(g);

    if (!ps) {
        return 1;
    }
    pc_packset_no_examples(ps); /* serve runs no pack's examples */
    /* A browser that goes away must give EPIPE, not kill us silently. */
    signal(SIGPIPE, SIG_IGN);
    rc = pc_serve_run(ps, 0, 1);
    pc_packset_free_at_exit(ps); /* the process ends next */
    return rc;
}

int pc_cli_serve(int argc, char **argv, const pc_cli_globals *g)
{
    if (argc > 1) {
        pc_log_print("postcheck: serve takes no arguments\n");
        return PC_EXIT_USAGE;
    }
    return serve_stdio(g);
}

/* Returns 1 if s ends with suffix. */
static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && strcmp(s + n - m, suffix) == 0;
}

int pc_cli_is_browser(int argc, char **argv)
{
    if (argc < 2) {
        return 0;
    }
    if (strncmp(argv[1], CHROME_SCHEME, strlen(CHROME_SCHEME)) == 0) {
        return 1;
    }
    /* Firefox: the path of our manifest, then the add-on id. */
    return argc == 3 && argv[1][0] != '-' && ends_with(argv[1], ".json");
}

/* Copies the extension id out of "chrome-extension://ID/" into id. */
static void chrome_id(const char *origin, char *id, size_t size)
{
    const char *s = origin + strlen(CHROME_SCHEME);
    size_t n = strcspn(s, "/");

    if (n >= size) {
        n = size - 1;
    }
    memcpy(id, s, n);
    id[n] = '\0';
}

/* Returns 1 if the comma-separated list names caller, either as the id
 * itself or (for Chrome) as the origin chrome-extension://ID/. */
static int listed(const char *list, const char *caller, int chrome)
{
    char origin[256];

    snprintf(origin, sizeof origin, "%s%s/", CHROME_SCHEME, caller);
    while (list && *list) {
        size_t n = strcspn(list, ",");
        if ((n == strlen(caller) && strncmp(list, caller, n) == 0) ||
            (chrome && n == strlen(origin) && strncmp(list, origin, n) == 0)) {
            return 1;
        }
        list += n + (list[n] == ',');
    }
    return 0;
}

int pc_cli_browser(int argc, char **argv, const pc_cli_globals *g)
{
    int chrome = strncmp(argv[1], CHROME_SCHEME, strlen(CHROME_SCHEME)) == 0;
    const char *extra = getenv("POSTCHECK_ALLOW_ORIGINS");
    char caller[128];

    if (chrome) {
        chrome_id(argv[1], caller, sizeof caller);
    } else {
        snprintf(caller, sizeof caller, "%s", argv[2]);
    }
    if (strcmp(caller, chrome ? PC_CHROME_EXTENSION_ID : PC_GECKO_ID) != 0 &&
        !listed(extra, caller, chrome)) {
        pc_log_print("postcheck: refusing to serve %s: it is not the "
                "postcheck extension (for development, add it to "
                "POSTCHECK_ALLOW_ORIGINS)\n", chrome ? argv[1] : argv[2]);
        return 1;
    }
    pc_log(PC_LOG_INFO, "serving %s extension %s",
           chrome ? "Chrome" : "Firefox", caller);
    return serve_stdio(g);
}
