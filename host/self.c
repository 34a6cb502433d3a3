/* self.c: where the running program is (self.h). Linux reads the
 * kernel's link /proc/self/exe, already absolute and resolved; macOS asks
 * dyld and resolves the links. And, on Linux, the pages of the program's
 * and its libraries' files it maps read-only, given back: all of them
 * (pc_self_drop_pages, and pc_self_drop_phase once turned on, unless a
 * request is waiting), or the
 * large symbol tables only the loader read (pc_self_drop_tables). */
#if defined(__linux__)
#define _GNU_SOURCE /* dl_iterate_phdr, madvise */
#else
#define _DEFAULT_SOURCE /* realpath */
#endif
#if defined(__APPLE__)
#define _DARWIN_C_SOURCE
#endif
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__APPLE__)
#include <mach-o/dyld.h>
#include <stdint.h>
#endif

#if defined(__linux__)
#include <fcntl.h>
#include <link.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#endif

#include "self.h"

int pc_self_path(char *out, size_t cap)
{
    char buf[PATH_MAX];
#if defined(__APPLE__)
    char raw[PATH_MAX];
    uint32_t size = sizeof raw;

    if (_NSGetExecutablePath(raw, &size) != 0 || !realpath(raw, buf)) {
        return -1;
    }
#else
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);

    if (n <= 0) {
        return -1;
    }
    buf[n] = '\0';
#endif
    if (strlen(buf) >= cap) {
        return -1;
    }
    memcpy(out, buf, strlen(buf) + 1);
    return 0;
}

int pc_self_beside(const char *name, int mode, char *out, size_t cap)
{
    char self[PATH_MAX];
    char *slash;
    int n;

    if (pc_self_path(self, sizeof self) != 0 ||
        !(slash = strrchr(self, '/'))) {
        return -1;
    }
    *slash = '\0';
    n = snprintf(out, cap, "%s/%s", self, name);
    if (n < 0 || (size_t)n >= cap) {
        return -1;
    }
    return access(out, mode) == 0 ? 0 : -1;
}

#if defined(__linux__)
/* /proc/PID/pagemap: one 64-bit entry a page; these bits need no
 * privilege (Documentation/admin-guide/mm/pagemap.rst). */
#define PM_PRESENT (1ull << 63)
#define PM_SWAPPED (1ull << 62)
#define PM_FILE (1ull << 61) /* a page of the file (or shared), not a copy */
#define PM_BATCH 2048

/* pc_self_drop_tables gives back an object's tables only when they span
 * at least this: libstdc++'s (612 KB on Debian 12) and libicuuc's (420
 * KB), the tables of thousands of exported symbols. A smaller object's
 * would mostly come back at its next read (the kernel maps 64 KB around
 * a page read, more on kernels that map a whole large folio). */
#define TABLES_MIN (256 * 1024)

/* The runs of pages a drop gives back, gathered and given back together
 * (give_back): one process_madvise for up to this many runs. */
#define RUNS_MAX 64

struct drop {
    int pagemap;     /* fd of /proc/self/pagemap */
    uintptr_t page;  /* the page size */
    size_t pages;    /* pages given back */
    int tables;      /* only the large tables before the code */
    struct iovec run[RUNS_MAX];
    size_t n_runs;
};

/* Gives back the runs gathered: with one process_madvise (Linux 6.13
 * and later take any advice for the calling process), else, refused
 * (older kernels say EINVAL or ENOSYS), one madvise a run. */
static void give_back(struct drop *d)
{
    size_t total = 0;
    int self = -1;

    if (d->n_runs == 0) {
        return;
    }
#if defined(SYS_process_madvise) && defined(SYS_pidfd_open)
    self = (int)syscall(SYS_pidfd_open, getpid(), 0);
#endif
    for (size_t i = 0; i < d->n_runs; i++) {
        total += d->run[i].iov_len;
    }
#if defined(SYS_process_madvise)
    if (self >= 0 && syscall(SYS_process_madvise, self, d->run, d->n_runs,
                             MADV_DONTNEED, 0) == (long)total) {
        d->n_runs = 0;
    }
#endif
    if (self >= 0) {
        close(self);
    }
    for (size_t i = 0; i < d->n_runs; i++) {
        (void)madvise(d->run[i].iov_base, d->run[i].iov_len, MADV_DONTNEED);
    }
    d->n_runs = 0;
}

/* Gathers the run [a, b) to give back. */
static void add_run(struct drop *d, uintptr_t a, uintptr_t b)
{
    if (d->n_runs == RUNS_MAX) {
        give_back(d);
    }
    d->run[d->n_runs].iov_base = (void *)a;
    d->run[d->n_runs].iov_len = b - a;
    d->n_runs++;
}

/* Gives back the pages of [a, b) that are the file's own: a page the
 * process has its own copy of (written by the loader, a debugger's
 * breakpoint) or that is swapped out ends a run and is kept. */
static void drop_range(struct drop *d, uintptr_t a, uintptr_t b)
{
    uint64_t pm[PM_BATCH];
    uintptr_t run = a; /* start of the run of pages to give back */

    while (a < b) {
        size_t n = (b - a) / d->page;
        ssize_t got;
        n = n < PM_BATCH ? n : PM_BATCH;
        got = pread(d->pagemap, pm, n * sizeof pm[0],
                    (off_t)(a / d->page * sizeof pm[0]));
        if (got != (ssize_t)(n * sizeof pm[0])) {
            return; /* nothing past what was read */
        }
        for (size_t i = 0; i < n; i++, a += d->page) {
            int own = (pm[i] & PM_PRESENT) ? !(pm[i] & PM_FILE)
                                           : (pm[i] & PM_SWAPPED) != 0;
            d->pages += (pm[i] & PM_PRESENT) && !own;
            if (own) {
                if (a > run) {
                    add_run(d, run, a);
                }
                run = a + d->page;
            }
        }
    }
    if (b > run) {
        add_run(d, run, b);
    }
}

/* The segments of one loaded object that are never written: its code,
 * constants, symbol tables and relocations (not the vDSO, which no file
 * is behind). With d->tables, only the read-only segments before its
 * code (ELF header, symbol tables, relocations: what the loader reads to
 * bind symbols) that span at least TABLES_MIN. */
static int drop_object(struct dl_phdr_info *info, size_t size, void *data)
{
    struct drop *d = data;

    (void)size;
    if (info->dlpi_addr == (uintptr_t)getauxval(AT_SYSINFO_EHDR)) {
        return 0;
    }
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        uintptr_t a = info->dlpi_addr + ph->p_vaddr, b = a + ph->p_memsz;
        if (d->tables && ph->p_type == PT_LOAD &&
            (ph->p_flags & (PF_X | PF_W))) {
            break; /* the code starts: the tables are before it */
        }
        if (ph->p_type != PT_LOAD || (ph->p_flags & PF_W)) {
            continue;
        }
        /* Whole pages only: a page shared with a writable segment (or
         * its RELRO, written by the loader) has the process's copy. */
        a = (a + d->page - 1) & ~(d->page - 1);
        b &= ~(d->page - 1);
        if (b > a && (!d->tables || b - a >= TABLES_MIN)) {
            drop_range(d, a, b);
        }
    }
    return 0;
}
#endif

/* Gives back the pages drop_object picks, all or the tables only. */
static size_t drop(int tables)
{
#if defined(__linux__)
    long page = sysconf(_SC_PAGESIZE);
    struct drop d;

    if (page <= 0) {
        return 0;
    }
    memset(&d, 0, sizeof d);
    d.page = (uintptr_t)page;
    d.tables = tables;
    /* Without the page map, nothing is given back: a page the process
     * has its own copy of must never be. */
    d.pagemap = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    if (d.pagemap < 0) {
        return 0;
    }
    dl_iterate_phdr(drop_object, &d);
    give_back(&d);
    close(d.pagemap);
    return d.pages;
#else
    (void)tables;
    return 0;
#endif
}

size_t pc_self_drop_pages(void)
{
    return drop(0);
}

size_t pc_self_drop_tables(void)
{
    return drop(1);
}

/* pc_self_drop_phases: off until a long-running command turns it on;
 * g_wait_fd is the descriptor whose waiting input defers a drop, or -1. */
static int g_phases;
static int g_wait_fd = -1;

void pc_self_drop_phases(int on, int wait_fd)
{
    g_phases = on;
    g_wait_fd = on ? wait_fd : -1;
}

/* 1 when input (or its end) is waiting on fd, without waiting for it. */
static int input_waiting(int fd)
{
    struct pollfd p = {fd, POLLIN, 0};

    return poll(&p, 1, 0) > 0;
}

size_t pc_self_drop_phase(void)
{
    if (!g_phases || (g_wait_fd >= 0 && input_waiting(g_wait_fd))) {
        return 0;
    }
    return drop(0);
}
