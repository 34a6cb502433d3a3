/* pack_read.c: reading a file a pack depends on (a logo image beside it,
 * or the pack an extension extends, read again) with the trust the pack
 * folder asks for: a regular file no other user can write, bounded in
 * size, opened without blocking on a FIFO. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pack_parse.h"

/* Reads the open file fd (at most max bytes) into *out. */
static const char *read_fd(int fd, size_t max, uint8_t **out, size_t *len)
{
    struct stat st;
    size_t n = 0;

    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        return "is not a regular file";
    }
    if (st.st_mode & S_IWOTH) {
        return "can be written by other users; run chmod o-w on it";
    }
    if ((unsigned long long)st.st_size > max) {
        return "is too large";
    }
    *out = malloc((size_t)st.st_size + 1);
    while (*out && n < (size_t)st.st_size) {
        ssize_t r = read(fd, *out + n, (size_t)st.st_size - n);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            break;
        }
        n += (size_t)r;
    }
    *len = n;
    if (!*out) {
        return "cannot be read: out of memory";
    }
    (*out)[n] = '\0';
    return n == (size_t)st.st_size ? NULL : "cannot be read";
}

const char *pc__pack_read_trusted(const char *path, size_t max, int no_link,
                                  uint8_t **out, size_t *len)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC |
                            (no_link ? O_NOFOLLOW : 0));
    const char *why;

    *out = NULL;
    *len = 0;
    if (fd < 0) {
        return errno == ELOOP ? "is a link; copy the file in its place"
                              : "does not exist or cannot be opened";
    }
    why = read_fd(fd, max, out, len);
    close(fd);
    if (why) {
        free(*out);
        *out = NULL;
    }
    return why;
}
