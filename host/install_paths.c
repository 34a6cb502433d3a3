/* install_paths.c: where each browser looks for native messaging host
 * manifests, and whether a browser is installed here (natively, or as a
 * Snap or Flatpak, which cannot start native hosts).
 *
 * Folders (Chrome, Edge and Firefox documentation; Brave and Vivaldi use
 * Chromium's scheme under their own names):
 *   Linux user:   $XDG_CONFIG_HOME (default ~/.config)/<browser>/
 *                 NativeMessagingHosts;
 *                 Firefox: ~/.mozilla/native-messaging-hosts
 *   Linux system: /etc/opt/<chrome|edge|brave|vivaldi>/native-messaging-hosts,
 *                 /etc/chromium/native-messaging-hosts,
 *                 /usr/lib/mozilla/native-messaging-hosts
 *   macOS user:   ~/Library/Application Support/<browser>/NativeMessagingHosts
 *   macOS system: /Library/Google/Chrome/NativeMessagingHosts,
 *                 /Library/Microsoft/Edge/NativeMessagingHosts,
 *                 /Library/Application Support/<browser>/NativeMessagingHosts
 * Paths longer than PC__INSTALL_PATH_MAX are refused, never cut. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "install_int.h"
#include "postcheck/config.h"

#if defined(__APPLE__)
#define MAC_USER "Library/Application Support/"
static const pc__browser browsers[] = {
    {"chrome", "Google Chrome", 0, PC__BASE_HOME,
     MAC_USER "Google/Chrome/NativeMessagingHosts",
     "/Library/Google/Chrome/NativeMessagingHosts",
     {"/Applications/Google Chrome.app", NULL}, NULL, NULL, NULL},
    {"chromium", "Chromium", 0, PC__BASE_HOME,
     MAC_USER "Chromium/NativeMessagingHosts",
     "/Library/Application Support/Chromium/NativeMessagingHosts",
     {"/Applications/Chromium.app", NULL}, NULL, NULL, NULL},
    {"edge", "Microsoft Edge", 0, PC__BASE_HOME,
     MAC_USER "Microsoft Edge/NativeMessagingHosts",
     "/Library/Microsoft/Edge/NativeMessagingHosts",
     {"/Applications/Microsoft Edge.app", NULL}, NULL, NULL, NULL},
    {"brave", "Brave", 0, PC__BASE_HOME,
     MAC_USER "BraveSoftware/Brave-Browser/NativeMessagingHosts",
     "/Library/Application Support/BraveSoftware/Brave-Browser/"
     "NativeMessagingHosts",
     {"/Applications/Brave Browser.app", NULL}, NULL, NULL, NULL},
    {"vivaldi", "Vivaldi", 0, PC__BASE_HOME,
     MAC_USER "Vivaldi/NativeMessagingHosts",
     "/Library/Application Support/Vivaldi/NativeMessagingHosts",
     {"/Applications/Vivaldi.app", NULL}, NULL, NULL, NULL},
    {"firefox", "Firefox", 1, PC__BASE_HOME,
     MAC_USER "Mozilla/NativeMessagingHosts",
     "/Library/Application Support/Mozilla/NativeMessagingHosts",
     {"/Applications/Firefox.app", NULL}, NULL, NULL, NULL},
};
#else
static const pc__browser browsers[] = {
    {"chrome", "Google Chrome", 0, PC__BASE_CONFIG,
     "google-chrome/NativeMessagingHosts",
     "/etc/opt/chrome/native-messaging-hosts",
     {"google-chrome", "google-chrome-stable", NULL},
     NULL, "com.google.Chrome", "/etc/opt/chrome/policies/managed"},
    {"chromium", "Chromium", 0, PC__BASE_CONFIG,
     "chromium/NativeMessagingHosts",
     "/etc/chromium/native-messaging-hosts",
     {"chromium", "chromium-browser", NULL},
     "chromium", "org.chromium.Chromium", "/etc/chromium/policies/managed"},
    {"edge", "Microsoft Edge", 0, PC__BASE_CONFIG,
     "microsoft-edge/NativeMessagingHosts",
     "/etc/opt/edge/native-messaging-hosts",
     {"microsoft-edge", "microsoft-edge-stable", NULL},
     NULL, "com.microsoft.Edge", "/etc/opt/edge/policies/managed"},
    {"brave", "Brave", 0, PC__BASE_CONFIG,
     "BraveSoftware/Brave-Browser/NativeMessagingHosts",
     "/etc/opt/brave/native-messaging-hosts",
     {"brave-browser", "brave", NULL},
     "brave", "com.brave.Browser", "/etc/brave/policies/managed"},
    {"vivaldi", "Vivaldi", 0, PC__BASE_CONFIG,
     "vivaldi/NativeMessagingHosts",
     "/etc/opt/vivaldi/native-messaging-hosts",
     {"vivaldi", "vivaldi-stable", NULL},
     NULL, "com.vivaldi.Vivaldi", NULL},
    {"firefox", "Firefox", 1, PC__BASE_HOME,
     ".mozilla/native-messaging-hosts",
     "/usr/lib/mozilla/native-messaging-hosts",
     {"firefox", "firefox-esr", NULL},
     "firefox", "org.mozilla.firefox", NULL},
};
#endif

const pc__browser *pc__install_browsers(size_t *count)
{
    *count = sizeof browsers / sizeof browsers[0];
    return browsers;
}

const pc__browser *pc__install_find(const char *name)
{
    size_t i;

    for (i = 0; i < sizeof browsers / sizeof browsers[0]; i++) {
        if (strcmp(browsers[i].name, name) == 0) {
            return &browsers[i];
        }
    }
    return NULL;
}

/* Joins up to three parts into out; returns 0, or -1 if it would not
 * fit (out is then empty). */
static int join3(char *out, size_t cap, const char *a, const char *b,
                 const char *c)
{
    int n = snprintf(out, cap, "%s%s%s", a, b, c);

    if (n < 0 || (size_t)n >= cap) {
        out[0] = '\0';
        return -1;
    }
    return 0;
}

/* Stores the user-level base folder in out: XDG_CONFIG_HOME when set and
 * absolute (the XDG spec says to ignore a relative one), else HOME/.config,
 * or HOME itself for PC__BASE_HOME. */
static pc_status user_base(const pc__install_env *env, pc__install_base base,
                           char *out, size_t cap, pc_error *err)
{
    if (base == PC__BASE_CONFIG && env->config_home &&
        env->config_home[0] == '/') {
        if (join3(out, cap, env->config_home, "", "") != 0) {
            return pc_error_set(err, PC_ERR_TOO_LARGE, "XDG_CONFIG_HOME is "
                                "too long");
        }
        return PC_OK;
    }
    if (!env->home || env->home[0] != '/') {
        return pc_error_set(err, PC_ERR_USAGE, "HOME is not set to an "
                            "absolute folder, so the user folder is unknown; "
                            "set HOME or use --system");
    }
    if (join3(out, cap, env->home, base == PC__BASE_CONFIG ? "/.config" : "",
              "") != 0) {
        return pc_error_set(err, PC_ERR_TOO_LARGE, "HOME is too long");
    }
    return PC_OK;
}

pc_status pc__install_manifest_path(const pc__install_env *env,
                                    const pc__browser *b, int system,
                                    char *out, size_t cap, pc_error *err)
{
    char dir[PC__INSTALL_PATH_MAX];
    char base[PC__INSTALL_PATH_MAX];
    pc_status st;

    if (system) {
        if (join3(dir, sizeof dir, env->root ? env->root : "",
                  b->system_dir, "") != 0) {
            return pc_error_set(err, PC_ERR_TOO_LARGE, "path too long");
        }
    } else {
        st = user_base(env, b->base, base, sizeof base, err);
        if (st != PC_OK) {
            return st;
        }
        if (join3(dir, sizeof dir, base, "/", b->user_dir) != 0) {
            return pc_error_set(err, PC_ERR_TOO_LARGE, "path too long");
        }
    }
    if (join3(out, cap, dir, "/" PC_HOST_NAME, ".json") != 0) {
        return pc_error_set(err, PC_ERR_TOO_LARGE, "path too long");
    }
    return PC_OK;
}

/* Returns 1 if path names an executable regular file (or, on macOS, an
 * application bundle folder). */
static int is_program(const char *path)
{
    struct stat st;

    if (stat(path, &st) != 0) {
        return 0;
    }
#if defined(__APPLE__)
    if (S_ISDIR(st.st_mode)) {
        return 1;
    }
#endif
    return S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* Looks for one executable name along a colon-separated search path. */
static int search_path(const char *search, const char *exe, char *out,
                       size_t cap)
{
    const char *p = search;

    while (p && *p) {
        const char *colon = strchr(p, ':');
        size_t len = colon ? (size_t)(colon - p) : strlen(p);
        int n;

        if (len > 0) {
            n = snprintf(out, cap, "%.*s/%s", (int)len, p, exe);
            if (n > 0 && (size_t)n < cap && is_program(out)) {
                return 1;
            }
        }
        p = colon ? colon + 1 : NULL;
    }
    out[0] = '\0';
    return 0;
}

int pc__install_browser_found(const pc__install_env *env,
                              const pc__browser *b, char *out, size_t cap)
{
    size_t i;

    for (i = 0; b->exes[i]; i++) {
        if (b->exes[i][0] == '/') {
            if (join3(out, cap, env->root ? env->root : "", b->exes[i],
                      "") == 0 && is_program(out)) {
                return 1;
            }
        } else if (search_path(env->path, b->exes[i], out, cap)) {
            return 1;
        }
    }
    out[0] = '\0';
    return 0;
}

/* Returns 1 if path exists (file or folder). */
static int exists(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0;
}

int pc__install_sandboxed(const pc__install_env *env, const pc__browser *b,
                          char *out, size_t cap)
{
    const char *root = env->root ? env->root : "";
    char path[PC__INSTALL_PATH_MAX];
    int n;

    if (b->snap) {
        n = snprintf(path, sizeof path, "%s/snap/bin/%s", root, b->snap);
        if (n > 0 && (size_t)n < sizeof path && exists(path)) {
            snprintf(out, cap, "Snap %s", path);
            return 1;
        }
    }
    if (b->flatpak) {
        n = snprintf(path, sizeof path, "%s/var/lib/flatpak/app/%s", root,
                     b->flatpak);
        if (n > 0 && (size_t)n < sizeof path && exists(path)) {
            snprintf(out, cap, "Flatpak %s", path);
            return 1;
        }
        if (env->home) {
            n = snprintf(path, sizeof path, "%s/.local/share/flatpak/app/%s",
                         env->home, b->flatpak);
            if (n > 0 && (size_t)n < sizeof path && exists(path)) {
                snprintf(out, cap, "Flatpak %s", path);
                return 1;
            }
        }
    }
    out[0] = '\0';
    return 0;
}
