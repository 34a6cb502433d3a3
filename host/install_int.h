/* install_int.h: declarations shared by install.c, install_paths.c and
 * install_manifest.c, and used by tests/test_install.c. Not a public
 * contract: the public one is include/postcheck/install.h.
 *
 * Everything that depends on the machine (home folder, XDG_CONFIG_HOME,
 * PATH, the binary's own path, a prefix for system folders) comes in
 * through pc__install_env, so tests can run every command against a
 * scratch folder. */
#ifndef POSTCHECK_INSTALL_INT_H
#define POSTCHECK_INSTALL_INT_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "postcheck/status.h"

/* Longest path we build. Longer ones are refused, never truncated. */
#define PC__INSTALL_PATH_MAX 4096

/* Where a browser's user-level folder is rooted. */
typedef enum pc__install_base {
    PC__BASE_CONFIG, /* $XDG_CONFIG_HOME, else $HOME/.config */
    PC__BASE_HOME    /* $HOME */
} pc__install_base;

/* One supported browser. All strings are static. */
typedef struct pc__browser {
    const char *name;        /* command-line name: "chrome", "firefox", ... */
    const char *label;       /* plain name: "Google Chrome" */
    int firefox;             /* 1: allowed_extensions, 0: allowed_origins */
    pc__install_base base;   /* what user_dir is relative to */
    const char *user_dir;    /* relative to base */
    const char *system_dir;  /* absolute */
    const char *exes[4];     /* programs that mean "installed", NULL-ended */
    const char *snap;        /* Snap package name, or NULL */
    const char *flatpak;     /* Flatpak application id, or NULL */
    const char *policy_dir;  /* managed policy folder, or NULL */
} pc__browser;

/* The machine as the commands see it. Strings are borrowed. */
typedef struct pc__install_env {
    const char *home;        /* $HOME; required for user folders */
    const char *config_home; /* $XDG_CONFIG_HOME or NULL */
    const char *root;        /* prefix for system folders, /snap, /var; "" */
    const char *path;        /* $PATH, to find installed browsers */
    const char *self;        /* absolute path of the postcheck binary */
} pc__install_env;

/* What doctor found in one manifest file. */
typedef struct pc__check {
    int registered; /* the file exists */
    int parses;     /* valid JSON with our name, type stdio, a path */
    int executable; /* path is absolute, an executable file named postcheck
                     * that runs and answers --version as postcheck */
    int id_matches; /* allowed_origins / allowed_extensions has our id */
    char binary[PC__INSTALL_PATH_MAX]; /* the manifest's path, if any */
    char version[128]; /* what `binary --version` printed, if it ran */
    char problem[2 * PC__INSTALL_PATH_MAX + 512]; /* first problem and its
                                                  * fix, plain words, or "" */
} pc__check;

/* What the browser's managed policies say about native hosts. */
typedef struct pc__policy {
    int user_hosts_off; /* NativeMessagingUserLevelHosts is false */
    int listed;         /* NativeMessagingBlocklist has "*" or our name */
    int allowed;        /* NativeMessagingAllowlist has our name */
    int blocked;        /* listed and not allowed: the host may not run */
    char user_file[PC__INSTALL_PATH_MAX];  /* file turning user hosts off */
    char block_file[PC__INSTALL_PATH_MAX]; /* file with the blocklist */
} pc__policy;

/* Returns the table of supported browsers and stores its length in
 * *count. The table is static. */
const pc__browser *pc__install_browsers(size_t *count);

/* Returns the browser called name ("chrome", "edge", ...), or NULL. */
const pc__browser *pc__install_find(const char *name);

/* Writes into out (cap bytes) the manifest's full path for browser b:
 * its user folder (system == 0) or system folder (system != 0), then
 * "/<host name>.json". Returns PC_OK, PC_ERR_USAGE when HOME is unset
 * for a user folder, or PC_ERR_TOO_LARGE; err says why. */
pc_status pc__install_manifest_path(const pc__install_env *env,
                                    const pc__browser *b, int system,
                                    char *out, size_t cap, pc_error *err);

/* Returns 1 if one of b's executables is found on env->path and stores
 * its full path in out (cap bytes); 0 otherwise. */
int pc__install_browser_found(const pc__install_env *env,
                              const pc__browser *b, char *out, size_t cap);

/* Returns 1 if b is present as a Snap or Flatpak, which cannot start
 * native messaging hosts, and stores in out (cap bytes) what was found
 * (e.g. "Snap /snap/bin/chromium"); 0 otherwise. */
int pc__install_sandboxed(const pc__install_env *env, const pc__browser *b,
                          char *out, size_t cap);

/* Reads b's managed policy folder (under env->root) into *out; all
 * zero when there is none, or none that concerns native hosts. */
void pc__install_policy(const pc__install_env *env, const pc__browser *b,
                        pc__policy *out);

/* Returns 1 if the JSON array list (NULL, or not an array: none) holds
 * the string want; used for manifests' ids and policies' lists. */
int pc__install_list_has(const json_t *list, const char *want);

/* Returns a new manifest for browser b pointing at binary (absolute),
 * with the ids from postcheck/config.h. Free with json_decref. NULL
 * when out of memory. */
json_t *pc__install_manifest_new(const pc__browser *b, const char *binary);

/* Writes manifest to path: creates the missing folders (0755), writes a
 * temporary file next to it and renames it into place, mode 0644.
 * Returns PC_OK or PC_ERR_IO with err->text naming the path, and
 * *errno_out (may be NULL) set to the failing errno. */
pc_status pc__install_write(const char *path, const json_t *manifest,
                            int *errno_out, pc_error *err);

/* Checks the manifest at path for browser b and fills *check. Never
 * fails: every problem is recorded in check->problem with its fix.
 * expected_self (may be NULL) is this binary, mentioned in fixes. */
void pc__install_check(const char *path, const pc__browser *b,
                       const char *expected_self, pc__check *check);

/* Whether the program at binary (an absolute path) could be replaced by
 * someone other than the user: it, or a folder above it (one without the
 * sticky bit), is writable by all users, or belongs to another user than
 * you or root. Returns 1 with why[0..size) saying what and the fix, or
 * 0. */
int pc__install_unsafe(const char *binary, char *why, size_t size);

/* Runs "install", "uninstall" or "doctor" (argv[0]) against env,
 * printing the report to out and errors to errs. Returns the exit
 * status of pc_install_main. */
int pc__install_run(const pc__install_env *env, int argc, char **argv,
                    FILE *out, FILE *errs);

#endif
