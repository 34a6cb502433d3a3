/* bench_pin.h: keeps a benchmark and the processes it starts on one CPU,
 * for pc_bench's round trips (bench.c). The includer defines _GNU_SOURCE
 * before any system header (sched_getcpu, CPU_SET). */
#ifndef POSTCHECK_BENCH_PIN_H
#define POSTCHECK_BENCH_PIN_H

#include <sched.h>

/* Pins the calling process (and the children it starts from now on) to
 * the CPU it runs on, keeping the CPUs it had in *was. Returns 1, or 0
 * when it could not (then nothing changed). Why: a round trip's two
 * processes woke each other across CPUs in some runs and on one CPU in
 * others, and the echo host's median swung 28.6-57.9 us between runs
 * (18.4-63.6 us at its tenth percentile on a loaded 2-CPU machine); on
 * one CPU every trip is the same two switches, and three runs each of
 * the old and the new bench gave 2.33-2.49x and 2.33-2.35x. */
static inline int bench_pin_here(cpu_set_t *was)
{
    cpu_set_t one;
    int cpu = sched_getcpu();

    if (cpu < 0 || sched_getaffinity(0, sizeof *was, was) != 0) {
        return 0;
    }
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    return sched_setaffinity(0, sizeof one, &one) == 0;
}

/* Gives back the CPUs bench_pin_here kept, when it pinned. */
static inline void bench_unpin(int pinned, const cpu_set_t *was)
{
    if (pinned) {
        (void)sched_setaffinity(0, sizeof *was, was);
    }
}

#endif
