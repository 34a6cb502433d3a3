/* install_manifest.c: building, writing and checking native messaging
 * host manifests (jansson).
 *
 * A manifest is {name, description, path, type: "stdio", and either
 * allowed_origins: ["chrome-extension://ID/"] (Chromium browsers; the
 * trailing slash is required) or allowed_extensions: [gecko id]
 * (Firefox)}. The ids come from postcheck/config.h, generated from
 * manifests/ids.json; the templates manifests/<kind>.json.in are the same
 * shapes for packaging, and tests/test_install.c keeps the two equal.
 * Writes are atomic (temporary file, then rename). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "install_int.h"
#include "postcheck/config.h"

#define CHROME_ORIGIN "chrome-extension://" PC_CHROME_EXTENSION_ID "/"

json_t *pc__install_manifest_new(const pc__browser *b, const char *binary)
{
    json_t *m = json_object();
    json_t *ids = json_array();
    int bad = 0;

    if (!m || !ids) {
        json_decref(m);
        json_decref(ids);
        return NULL;
    }
    bad |= json_object_set_new(m, "name", json_string(PC_HOST_NAME));
    bad |= json_object_set_new(m, "description",
                               json_string(PC_HOST_DESCRIPTION));
    bad |= json_object_set_new(m, "path", json_string(binary));
    bad |= json_object_set_new(m, "type", json_string("stdio"));
    bad |= json_array_append_new(ids, json_string(b->firefox ? PC_GECKO_ID
                                                             : CHROME_ORIGIN));
    bad |= json_object_set_new(m, b->firefox ? "allowed_extensions"
                                             : "allowed_origins", ids);
    if (bad) {
        json_decref(m);
        return NULL;
    }
    return m;
}

/* Creates every missing folder above the file at path, mode 0755.
 * Returns 0, or -1 with errno set and failed holding the folder. */
static int make_parents(const char *path, char *failed, size_t cap)
{
    char dir[PC__INSTALL_PATH_MAX];
    char *p;

    snprintf(dir, sizeof dir, "%s", path);
    p = strrchr(dir, '/');
    if (!p || p == dir) {
        return 0;
    }
    *p = '\0';
    for (p = dir + 1; ; p++) {
        if (*p == '/' || *p == '\0') {
            char saved = *p;

            *p = '\0';
            if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
                snprintf(failed, cap, "%s", dir);
                return -1;
            }
            *p = saved;
            if (saved == '\0') {
                break;
            }
        }
    }
    return 0;
}

/* Writes text to a temporary file next to path and renames it over
 * path. Returns 0, or -1 with errno set. */
static int write_atomic(const char *path, const char *text)
{
    char tmp[PC__INSTALL_PATH_MAX + 32];
    FILE *f;
    int ok, saved;

    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    f = fopen(tmp, "w");
    if (!f) {
        return -1;
    }
    ok = fputs(text, f) >= 0;
    ok = (fclose(f) == 0) && ok;
    if (ok && chmod(tmp, 0644) == 0 && rename(tmp, path) == 0) {
        return 0;
    }
    saved = errno;
    remove(tmp);
    errno = saved;
    return -1;
}

pc_status pc__install_write(const char *path, const json_t *manifest,
                            int *errno_out, pc_error *err)
{
    char failed[PC__INSTALL_PATH_MAX] = "";
    char *text;
    int rc;

    if (errno_out) {
        *errno_out = 0;
    }
    text = json_dumps(manifest, JSON_INDENT(2));
    if (!text) {
        return pc_error_set(err, PC_ERR_NOMEM, "out of memory");
    }
    rc = make_parents(path, failed, sizeof failed);
    if (rc == 0) {
        size_t len = strlen(text);
        char *line = realloc(text, len + 2);

        if (line) {
            text = line;
            memcpy(text + len, "\n", 2);
        }
        rc = write_atomic(path, text);
        if (rc != 0) {
            snprintf(failed, sizeof failed, "%s", path);
        }
    }
    free(text);
    if (rc != 0) {
        if (errno_out) {
            *errno_out = errno;
        }
        return pc_error_at(err, PC_ERR_IO, failed, 0, 0, "cannot write %s: %s",
                           failed, strerror(errno));
    }
    return PC_OK;
}

/* Records the first problem found; later ones are only reflected in the
 * check's flags. */
static void problem(pc__check *c, const char *fmt, const char *a,
                    const char *b)
{
    if (c->problem[0] == '\0') {
        snprintf(c->problem, sizeof c->problem, fmt, a, b);
    }
}

int pc__install_list_has(const json_t *list, const char *want)
{
    size_t i;
    json_t *v;

    json_array_foreach(list, i, v) {
        if (json_is_string(v) && strcmp(json_string_value(v), want) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Runs `path --version` with stdin from /dev/null and at most 3 s, and
 * stores the first line of its output in out. Returns 0 when it exits 0
 * and prints a line starting "postcheck ", else -1. */
static int run_version(const char *path, char *out, size_t cap)
{
    int fds[2], status = 0, got = 0;
    struct pollfd pfd;
    pid_t pid;
    ssize_t n;

    out[0] = '\0';
    if (pipe(fds) != 0) {
        return -1;
    }
    pid = fork();
    if (pid == 0) {
        int devnull = open("/dev/null", O_RDWR);

        dup2(devnull, 0);
        dup2(fds[1], 1);
        dup2(devnull, 2);
        close(fds[0]);
        execl(path, path, "--version", (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    pfd.fd = fds[0];
    pfd.events = POLLIN;
    while (pid > 0 && (size_t)got + 1 < cap && poll(&pfd, 1, 3000) > 0) {
        n = read(fds[0], out + got, cap - 1 - (size_t)got);
        if (n <= 0) {
            break;
        }
        got += (int)n;
    }
    out[got] = '\0';
    out[strcspn(out, "\n")] = '\0';
    close(fds[0]);
    if (pid < 0) {
        return -1;
    }
    kill(pid, SIGKILL); /* no-op when it has exited; ends a hung one */
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
        strncmp(out, "postcheck ", 10) != 0) {
        return -1;
    }
    return 0;
}

/* Checks the "path" field: absolute, present, an executable file whose
 * name is postcheck, and which runs and says it is postcheck. */
static void check_binary(pc__check *c, const pc__browser *b,
                         const char *self)
{
    struct stat st;
    const char *base = strrchr(c->binary, '/');
    char fix[PC__INSTALL_PATH_MAX + 64];

    snprintf(fix, sizeof fix, "%s install --browser %s",
             self ? self : "postcheck", b->name);

    if (c->binary[0] != '/') {
        problem(c, "its path \"%s\" is not absolute, and browsers on Linux "
                "and macOS need an absolute one. Fix: run `%s` "
                "again.", c->binary, fix);
        return;
    }
    if (stat(c->binary, &st) != 0) {
        problem(c, "it points at %s, which no longer exists (the program "
                "was moved or deleted). Fix: run `%s` again from the "
                "postcheck you want browsers to use.", c->binary, fix);
        return;
    }
    if (!S_ISREG(st.st_mode) || access(c->binary, X_OK) != 0) {
        problem(c, "it points at %s, which is not an executable file. Fix: "
                "`chmod 755` it, or run `%s` again.", c->binary, fix);
        return;
    }
    if (!base || strcmp(base + 1, "postcheck") != 0) {
        problem(c, "it points at %s, which is not named postcheck. Fix: run "
                "`%s` again.", c->binary, fix);
        return;
    }
    if (run_version(c->binary, c->version, sizeof c->version) != 0) {
        problem(c, "it points at %s, which does not run as postcheck "
                "(`postcheck --version` failed: a missing library, another "
                "machine's build, or another program). Fix: reinstall it, "
                "or run `%s` from a working one.", c->binary, fix);
        return;
    }
    c->executable = 1;
}

/* Checks allowed_origins (Chromium) or allowed_extensions (Firefox). */
static void check_ids(pc__check *c, const pc__browser *b, const json_t *m)
{
    const char *key = b->firefox ? "allowed_extensions" : "allowed_origins";
    const char *want = b->firefox ? PC_GECKO_ID : CHROME_ORIGIN;
    const json_t *ids = json_object_get(m, key);

    if (!json_is_array(ids)) {
        problem(c, "it has no %s list, so no extension may use it. Fix: run "
                "`postcheck install --browser %s` again.", key, b->name);
        return;
    }
    if (pc__install_list_has(ids, want)) {
        c->id_matches = 1;
        return;
    }
    if (!b->firefox &&
        pc__install_list_has(ids, "chrome-extension://"
                                  PC_CHROME_EXTENSION_ID)) {
        problem(c, "allowed_origins lists our extension without the "
                "trailing slash, so Chromium refuses it (want \"%s\"). Fix: "
                "run `postcheck install --browser %s` again.", want, b->name);
        return;
    }
    problem(c, "%s does not list the postcheck extension (%s). Fix: run "
            "`postcheck install` again.", key, want);
}

/* Checks name, type and path fields of a parsed manifest. */
static void check_fields(pc__check *c, const pc__browser *b, const json_t *m,
                         const char *self)
{
    const char *name = json_string_value(json_object_get(m, "name"));
    const char *type = json_string_value(json_object_get(m, "type"));
    const char *path = json_string_value(json_object_get(m, "path"));

    if (!name || strcmp(name, PC_HOST_NAME) != 0) {
        problem(c, "its name is \"%s\", not \"%s\", so browsers ignore it. "
                "Fix: run `postcheck install` again.", name ? name : "",
                PC_HOST_NAME);
        return;
    }
    if (!type || strcmp(type, "stdio") != 0 || !path) {
        problem(c, "it lacks \"type\": \"stdio\" or a \"path\"%s%s. Fix: run "
                "`postcheck install` again.", "", "");
        return;
    }
    c->parses = 1;
    snprintf(c->binary, sizeof c->binary, "%s", path);
    check_binary(c, b, self);
    check_ids(c, b, m);
}

void pc__install_check(const char *path, const pc__browser *b,
                       const char *expected_self, pc__check *check)
{
    struct stat st;
    json_error_t jerr;
    json_t *m;
    char where[64];

    memset(check, 0, sizeof *check);
    if (stat(path, &st) != 0) {
        problem(check, "not registered. Fix: run `postcheck install "
                "--browser %s`%s.", b->name, "");
        return;
    }
    check->registered = 1;
    m = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (!m || !json_is_object(m)) {
        if (m) {
            snprintf(where, sizeof where, "%s", "it is not a JSON object");
        } else {
            snprintf(where, sizeof where, "line %d, column %d", jerr.line,
                     jerr.column);
        }
        problem(check, "it is not valid JSON (%s). Fix: run `postcheck "
                "install --browser %s` to write it again.", where, b->name);
        json_decref(m);
        return;
    }
    check_fields(check, b, m, expected_self);
    json_decref(m);
}
