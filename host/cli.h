/* cli.h: the command-line subcommands behind host/main.c. Internal to the
 * host. Each pc_cli_* command takes its own argv (argv[0] is the command
 * name) and returns the process exit status. */
#ifndef POSTCHECK_CLI_H
#define POSTCHECK_CLI_H

#include <stddef.h>

#include "postcheck/pack.h"
#include "postcheck/rules.h"

/* Exit statuses shared by the commands. */
#define PC_EXIT_OK 0
#define PC_EXIT_FOUND 1   /* findings at warning or above; lint failures */
#define PC_EXIT_USAGE 2   /* usage or input error */

/* Options given before the command. */
typedef struct pc_cli_globals {
    const char **policy_dirs; /* --policy-dir DIR, in order given */
    size_t n_policy_dirs;
} pc_cli_globals;

/* Loads the standard packs, then every --policy-dir folder. Returns an
 * owned set (free with pc_packset_free()) or NULL after printing why on
 * stderr. Skipped broken user packs are reported on stderr. */
pc_packset *pc_cli_load(const pc_cli_globals *g);

/* Matches "--name VALUE" or "--name=VALUE" at argv[*i]. Returns 1 and sets
 * *value (advancing *i past a separate value), 0 if argv[*i] is another
 * option, or -1 (message printed) if the value is missing. */
int pc_cli_opt_value(int argc, char **argv, int *i, const char *name,
                     const char **value);

/* `postcheck serve`: native messaging on stdin/stdout. */
int pc_cli_serve(int argc, char **argv, const pc_cli_globals *g);

/* Started by a browser (argv as the browser passed it): checks the
 * caller's origin, then serves. */
int pc_cli_browser(int argc, char **argv, const pc_cli_globals *g);

/* Returns 1 if argv looks like a browser's launch arguments. */
int pc_cli_is_browser(int argc, char **argv);

/* `postcheck check ...`. */
int pc_cli_check(int argc, char **argv, const pc_cli_globals *g);

/* `postcheck model features|score NAME|list` (cli_model.c). */
int pc_cli_model(int argc, char **argv, const pc_cli_globals *g);

/* `postcheck audit ...`: an archive of past posts checked into a report. */
int pc_cli_audit(int argc, char **argv, const pc_cli_globals *g);

/* `check --image PATH`: reads and looks at the image file (vision.h), for
 * faces and pack's logo images, into *a, its name (the file's base name)
 * in *name (owned, free with free()). Returns 0, or -1 after printing why
 * to stderr. (cli_image.c) */
int pc_cli_image(const char *path, const pc_pack *pack, pc_attachment *a,
                 char **name);

/* `postcheck policy list|show|lint|detectors ...`. */
int pc_cli_policy(int argc, char **argv, const pc_cli_globals *g);

#endif
