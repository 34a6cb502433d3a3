/* fuzz_common.h: helpers shared by the libFuzzer targets: an in-memory
 * file descriptor holding the input, and a check that aborts (so
 * libFuzzer records a crash with the input) when an invariant fails. */
#ifndef PC_FUZZ_COMMON_H
#define PC_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/* Aborts with the failed condition's text when cond is false. */
#define FUZZ_CHECK(cond)                                                   \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__,    \
                    __LINE__, #cond);                                      \
            abort();                                                       \
        }                                                                  \
    } while (0)

/* Returns a memfd holding data[0..size), positioned at its start, or
 * aborts. The caller closes it. */
static inline int fuzz_memfd(const void *data, size_t size)
{
    int fd = memfd_create("fuzz", 0);
    const char *p = data;
    size_t done = 0;
    ssize_t w;

    FUZZ_CHECK(fd >= 0);
    while (done < size) {
        w = write(fd, p + done, size - done);
        FUZZ_CHECK(w > 0);
        done += (size_t)w;
    }
    FUZZ_CHECK(lseek(fd, 0, SEEK_SET) == 0);
    return fd;
}

/* Reads the whole of fd from its start into an owned buffer (NUL added);
 * *len gets its length. */
static inline char *fuzz_slurp(int fd, size_t *len)
{
    off_t end = lseek(fd, 0, SEEK_END);
    char *buf;
    ssize_t r;
    size_t done = 0;

    FUZZ_CHECK(end >= 0);
    buf = malloc((size_t)end + 1);
    FUZZ_CHECK(buf != NULL);
    FUZZ_CHECK(lseek(fd, 0, SEEK_SET) == 0);
    while (done < (size_t)end) {
        r = read(fd, buf + done, (size_t)end - done);
        FUZZ_CHECK(r > 0);
        done += (size_t)r;
    }
    buf[done] = '\0';
    *len = done;
    return buf;
}

#endif
