/* budget.c: the clock and the time budget of a check (budget.h).
 *
 * The CPU clock of a thread is a system call (about half a microsecond on
 * the machines measured first, 11-13 us on a virtual machine measured on
 * 2026-12-04), and a check asks whether its deadline has passed before every match, a
 * few hundred times for a short post. CPU time cannot run faster than
 * wall time, and the monotonic wall clock is read without entering the
 * kernel: so each thread keeps its last CPU reading with the wall time
 * just before it, and the CPU clock is read again only when the wall time
 * since then could have carried the CPU time to the deadline. The answer
 * is the same as reading the CPU clock each time. */
#include <time.h>

#include "postcheck/budget.h"

/* A fresh CPU reading is taken at least this often (wall time) by
 * pc_clock_ns_near. */
#define PC_CLOCK_SLACK_NS 1000000LL

static _Thread_local long long last_cpu;  /* pc_clock_ns(), 0 = none */
static _Thread_local long long last_wall; /* the wall clock just before */

static long long wall_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

long long pc_clock_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Reads the CPU clock afresh, remembering the wall time before it. */
static long long cpu_now(long long wall)
{
    last_wall = wall;
    last_cpu = pc_clock_ns();
    return last_cpu;
}

long long pc_clock_ns_near(void)
{
    long long wall = wall_ns();

    if (last_cpu == 0 || wall - last_wall >= PC_CLOCK_SLACK_NS) {
        return cpu_now(wall);
    }
    return last_cpu + (wall - last_wall);
}

long long pc_budget_ns(size_t len)
{
    long long extra = (long long)(len / (64u * 1024u));

    return (PC_BUDGET_FIRST_MS + extra * PC_BUDGET_PER_64K_MS) * 1000000LL;
}

int pc_budget_over(long long deadline)
{
    long long wall;

    if (deadline <= 0) {
        return 0;
    }
    wall = wall_ns();
    /* An upper bound of the CPU time now, short of the deadline: no need
     * to ask the kernel. */
    if (last_cpu != 0 && last_cpu + (wall - last_wall) < deadline) {
        return 0;
    }
    return cpu_now(wall) >= deadline;
}
