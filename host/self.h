/* self.h: where the running program is, and the files installed beside
 * it (the phone module, the vision helper; install's manifests name the
 * program itself); the pages of its files it holds. A leaf: no other
 * host module. Internal to the host. */
#ifndef POSTCHECK_SELF_H
#define POSTCHECK_SELF_H

#include <stddef.h>

/* PC_UNDER_ASAN is defined when the program is built with
 * AddressSanitizer (GCC's macro, clang's feature test). */
#if defined(__SANITIZE_ADDRESS__)
#define PC_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PC_UNDER_ASAN 1
#endif
#endif

/* Stores the running program's absolute path (links resolved) in
 * out[0..cap). Returns 0, or -1 when the system does not say or it does
 * not fit. */
int pc_self_path(char *out, size_t cap);

/* Stores the path of the file name in the running program's folder in
 * out[0..cap) and returns 0 when access(path, mode) allows it (mode as
 * access(): R_OK, X_OK), else -1 (out then holds nothing useful). */
int pc_self_beside(const char *name, int mode, char *out, size_t cap);

/* Unmaps from this process the pages of the program's and its
 * libraries' files that it maps read-only and never wrote (code,
 * constants, symbol tables, relocations), as madvise(MADV_DONTNEED):
 * those only loading or preparing read go, the others are read again
 * from the file (the page cache) when next used. A page the process has
 * its own copy of (what the loader relocated, a debugger's breakpoint)
 * is kept; without /proc/self/pagemap nothing is done. Returns how many
 * resident pages were given back. Linux only (elsewhere 0). */
size_t pc_self_drop_pages(void);

/* Gives back, as pc_self_drop_pages does, only the read-only segments
 * before each object's code (its ELF header, symbol tables and
 * relocations) that span at least 256 KB: libstdc++'s and libicuuc's
 * (about 1 MB between them on Debian 12, there for ICU alone), which
 * the loader read to bind symbols before main and little reads again.
 * A few system calls (one page-map read and one madvise a table), not
 * the page map of every segment: for a process to call at start.
 * Returns how many resident pages were given back. Linux only
 * (elsewhere 0). */
size_t pc_self_drop_tables(void);

/* Turns on (on != 0) or off the giving back of pages at the end of each
 * phase of a pack's preparation (pc_self_drop_phase): off at start. serve
 * turns it on for its warm-up's steps: each phase (the detectors made, a
 * pack parsed and its terms indexed) reads code and tables of its own
 * (ICU's loading, the pattern decoder, the pack's JSON) that neither the
 * next phase nor a check reads again, and without it they all stay
 * mapped until the warm-up is done: the host's peak RSS. While input is
 * waiting on wait_fd (-1: none is watched), nothing is given back: a
 * request has come, and giving back about 1,070 pages and reading most of
 * them back costs it 1-2 ms of CPU a phase before it is answered. A
 * command that prepares one pack and exits gains nothing from it. */
void pc_self_drop_phases(int on, int wait_fd);

/* pc_self_drop_pages when turned on (pc_self_drop_phases) and no input
 * is waiting on its descriptor, else nothing; for the preparation
 * (pack_set.c) to call at the end of each phase. Returns how many
 * resident pages were given back. */
size_t pc_self_drop_phase(void);

#endif
