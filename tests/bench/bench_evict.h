/* bench_evict.h: drops the host's own files from the page cache before
 * pc_bench starts it (bench.c), as tests/bench/startup.py does, so its
 * memory figures are those of a host whose binary was read from disk.
 * Right after a build, the binary is in the page cache as the linker
 * wrote it: in large folios (up to 1 MB for writes of that size), and a
 * kernel that maps a whole large folio at a fault (6.18) then maps far
 * more of the binary than the host reads: peak RSS after the first check
 * 8.3-8.4 MB against 7.3-7.4 MB for the same file evicted and read back
 * by readahead (llmat, Release build). A user's host reads it from disk
 * after any restart or eviction. */
#ifndef POSTCHECK_BENCH_EVICT_H
#define POSTCHECK_BENCH_EVICT_H

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Evicts one file's pages (none a process maps are kept). Dirty pages
 * are written first: DONTNEED drops only clean ones, and a binary linked
 * seconds ago is still dirty, so without it the bench measured such a
 * binary in the linker's large folios (docs/PROTOCOL.md, the host's
 * memory: 9.1 MB peak RSS right after a link, 7.6 five seconds later). */
static inline void bench_evict_file(const char *path)
{
    int fd = open(path, O_RDONLY);

    if (fd >= 0) {
        (void)fdatasync(fd);
        (void)posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        close(fd);
    }
}

/* Evicts the host binary at path and the phone module beside it
 * (host/phone_load.c looks there first). */
static inline void bench_evict_host(const char *path)
{
    char phone[PATH_MAX];
    const char *slash = strrchr(path, '/');
    int dir = slash ? (int)(slash - path) + 1 : 0;

    bench_evict_file(path);
    snprintf(phone, sizeof phone, "%.*spostcheck-phone.so", dir, path);
    bench_evict_file(phone);
}

#endif
