/* install_policy.c: reads the managed browser policies that decide
 * whether a registered host may run at all, so doctor can say so.
 *
 * Chromium-family browsers on Linux read every *.json file in their
 * managed policy folder (/etc/opt/chrome/policies/managed, ...). Two
 * policies matter here:
 *   NativeMessagingUserLevelHosts: false  only system-folder manifests
 *                                         count; user ones are ignored;
 *   NativeMessagingBlocklist ["*" | name] the host may not run unless
 *   NativeMessagingAllowlist [name]       the allowlist names it.
 * Files that do not parse are skipped (the browser reports them itself).
 * macOS keeps policies in configuration profiles and is not read here. */
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "install_int.h"
#include "postcheck/config.h"

/* Folds one policy file into out. */
static void read_policy_file(const char *path, pc__policy *out)
{
    json_t *p = json_load_file(path, 0, NULL);
    json_t *v;

    if (!json_is_object(p)) {
        json_decref(p);
        return;
    }
    v = json_object_get(p, "NativeMessagingUserLevelHosts");
    if (json_is_false(v) && !out->user_hosts_off) {
        out->user_hosts_off = 1;
        snprintf(out->user_file, sizeof out->user_file, "%s", path);
    }
    v = json_object_get(p, "NativeMessagingBlocklist");
    if ((pc__install_list_has(v, "*") || pc__install_list_has(v, PC_HOST_NAME)) &&
        !out->listed) {
        out->listed = 1;
        snprintf(out->block_file, sizeof out->block_file, "%s", path);
    }
    if (pc__install_list_has(json_object_get(p, "NativeMessagingAllowlist"),
                             PC_HOST_NAME)) {
        out->allowed = 1;
    }
    json_decref(p);
}

void pc__install_policy(const pc__install_env *env, const pc__browser *b,
                        pc__policy *out)
{
    char dir[PC__INSTALL_PATH_MAX], path[PC__INSTALL_PATH_MAX];
    struct dirent *e;
    DIR *d;
    int n;

    memset(out, 0, sizeof *out);
    if (!b->policy_dir) {
        return;
    }
    n = snprintf(dir, sizeof dir, "%s%s", env->root ? env->root : "",
                 b->policy_dir);
    if (n < 0 || (size_t)n >= sizeof dir) {
        return;
    }
    d = opendir(dir);
    if (!d) {
        return;
    }
    for (e = readdir(d); e; e = readdir(d)) {
        size_t len = strlen(e->d_name);

        if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0) {
            continue;
        }
        n = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (n > 0 && (size_t)n < sizeof path) {
            read_policy_file(path, out);
        }
    }
    closedir(d);
    out->blocked = out->listed && !out->allowed;
}
