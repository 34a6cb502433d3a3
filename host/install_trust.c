/* install_trust.c: whether a program the browsers will start could be
 * changed by someone other than the user: `install` refuses to name such
 * a binary in a manifest and `doctor` reports one as a problem, since
 * whoever can replace the file runs code as the user each time the
 * browser starts the host.
 *
 * Unsafe: the file, or any folder above it, is writable by all users
 * (a folder with the sticky bit, such as /tmp, is not: others cannot
 * replace what is yours in it), or belongs to a user other than you or
 * root. Group write permission is not judged. */
#define _XOPEN_SOURCE 700 /* S_ISVTX */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "install_int.h"

/* Returns 1 with why filled when path (a file or folder) is unsafe. */
static int unsafe_one(const char *path, int is_file, char *why, size_t size)
{
    struct stat st;

    if (stat(path, &st) != 0) {
        return 0;
    }
    if ((st.st_mode & S_IWOTH) &&
        (is_file || !S_ISDIR(st.st_mode) || !(st.st_mode & S_ISVTX))) {
        snprintf(why, size, "every user on this machine can write %s, so "
                 "anyone could replace the program your browser starts. "
                 "Fix: `chmod o-w %s`, or install postcheck where only you "
                 "or root can write (the .deb puts it in /usr/bin)", path,
                 path);
        return 1;
    }
    if (st.st_uid != 0 && st.st_uid != geteuid()) {
        snprintf(why, size, "%s belongs to another user, who could replace "
                 "the program your browser starts. Fix: install postcheck "
                 "where only you or root can write (the .deb puts it in "
                 "/usr/bin)", path);
        return 1;
    }
    return 0;
}

int pc__install_unsafe(const char *binary, char *why, size_t size)
{
    char dir[PC__INSTALL_PATH_MAX];
    char *slash;

    if (snprintf(dir, sizeof dir, "%s", binary) >= (int)sizeof dir) {
        snprintf(why, size, "the path %s is too long", binary);
        return 1;
    }
    if (unsafe_one(dir, 1, why, size)) {
        return 1;
    }
    slash = strrchr(dir, '/');
    while (slash) {
        slash[slash == dir] = '\0';
        if (unsafe_one(dir, 0, why, size)) {
            return 1;
        }
        slash = slash == dir ? NULL : strrchr(dir, '/');
    }
    return 0;
}
