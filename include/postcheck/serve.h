/* serve.h: the native-messaging loop: frames in on one file descriptor,
 * the protocol's replies out on another. The protocol (protocol.h) is
 * bytes in, bytes out; this is the part that reads, writes, waits and
 * logs. */
#ifndef POSTCHECK_SERVE_H
#define POSTCHECK_SERVE_H

#include "postcheck/pack.h"

/* Serves native messaging: reads frames from in_fd, answers each on
 * out_fd, until end of input. After the first reply, whenever no
 * request is waiting, it prepares the pack a hello named in "policy" (or
 * every pack) a small step at a time (pc_packset_warm_step): parsing,
 * then the JIT of what checks ran, so a check waits for one step at most
 * and later checks run JIT-compiled; a hello naming another pack, or a
 * check that ran regexes the JIT has not had, sets it going again.
 * Before a read that may wait, it reads the CPU clock (budget.h's
 * pc_clock_wait), so the check after a pause does not on its way to the
 * reply. Logs (stderr, through log.h) lengths and codes, never text.
 * Returns the process exit status: 0 after end of input between frames;
 * 1 after end of input inside a frame, a frame over PC_FRAME_MAX_SKIP
 * (answered with a "too-large" error reply first), or a failed read or
 * write. A frame over PC_FRAME_MAX_IN but within PC_FRAME_MAX_SKIP is
 * read past, answered "too-large", and the loop goes on. */
int pc_serve_run(pc_packset *ps, int in_fd, int out_fd);

/* How much of the heap pc_serve_prefault maps at once: under what
 * preparing the largest built-in pack and its first check write in the
 * heap (llmat: about 1.6 MB), so it maps few pages a first check would
 * not touch. */
#define PC_SERVE_PREFAULT (1536u * 1024u)

/* Called once, before the packs are loaded, by a process that will
 * serve: first gives back the pages of the libraries' large symbol
 * tables, read by the loader at start (libstdc++'s and libicuuc's,
 * about 1 MB; self.h's pc_self_drop_tables), so they do not count in
 * the first check's peak RSS; then sets malloc up as every command does
 * (grow.h's pc__heap_init: buffers up to 32 MB from the heap, the heap's top kept up to 64 MB,
 * what a check frees kept for the next one and given back when the host
 * is idle), then maps about PC_SERVE_PREFAULT bytes of the heap in a few
 * system calls (madvise MADV_POPULATE_WRITE over 120 KB blocks, one call
 * for blocks side by side) rather than a page fault for each page as the
 * pack's preparation and the first check first write them. The blocks
 * are freed below one more block kept allocated for the life of the
 * process, so they stay in the heap for the allocations that follow.
 * Maps nothing where the kernel cannot populate (before Linux 5.14).
 * (The pages of each phase of a pack's preparation are given back by the
 * warm-up's steps, pc_serve_run, not from here.) */
void pc_serve_prefault(void);

#endif
