/* budget.c: the clock and the time budget of a check (budget.h).
 *
 * The CPU clock of a thread is a system call (about half a microsecond on
 * the machines measured first, 11-13 us on a virtual machine measured on
 * 2026-12-04), and a check asks whether its deadline has passed before every
 * match, a few dozen times for a short post. CPU time cannot run faster
 * than wall time: so each thread keeps its last CPU reading with the wall
 * time just before it, and the CPU clock is read again only when the wall
 * time since then could have carried the CPU time to the deadline.
 *
 * The wall time is the coarse monotonic clock, the time of the kernel's
 * last tick: on that virtual machine (kvm-clock) CLOCK_MONOTONIC costs
 * about 90 ns a reading, a check's few dozen readings several
 * microseconds, and the coarse clock about 15 ns. The coarse clock is
 * behind the true time by less than its resolution (a tick), so the wall
 * time since a reading is at most the coarse time since it plus one
 * resolution (twice, for a late tick): the answer of pc_budget_over is
 * the same as reading the CPU clock each time.
 *
 * A thread that waits (the serve loop, between requests) fixes its CPU
 * time before it waits (pc_clock_wait) and takes the wall time when it
 * wakes (pc_clock_woke) as that reading's: it used no CPU in between but
 * the few microseconds of the wait's own system calls, well within the
 * tick the bound keeps beyond the coarse clock's lag (twice its
 * resolution, or a millisecond, against one resolution needed). So the
 * first check after a pause starts without the CPU clock's system call;
 * its start (pc_clock_ns_near) is within the bound that function
 * promises, and pc_budget_over answers as before. Before a wait the CPU
 * clock itself is read only once a millisecond of work has been carried
 * since its last reading: until then the CPU time is bounded by that
 * reading plus the exact monotonic time (a vDSO read, no system call)
 * since the last wake, the wall time of the request just served (a
 * serve loop of short requests reads the CPU clock once every few dozen
 * requests, not each; on the virtual machine measured on 2026-12-06 a
 * CPU clock reading cost 5-6 us, CLOCK_MONOTONIC about 0.25 us). The
 * bound is above the true CPU time by the time the thread was not
 * running while not waiting, at most the millisecond carried, and below
 * it by at most the CPU of 32 waits' own system calls, far less than the
 * lag the bounds add; so a
 * deadline counted from it passes no later, and pc_budget_over, which
 * reads the clock before it says yes, stays exact. */
#include <time.h>

#include "postcheck/budget.h"

/* A fresh CPU reading is taken at least this often (wall time) by
 * pc_clock_ns_near: the next tick of the coarse clock after it. */
#define PC_CLOCK_SLACK_NS 1000000LL

/* At most this many waits between two readings of the CPU clock by
 * pc_clock_wait: the CPU a wait's own system calls use (a few
 * microseconds) is not in the wall time carried, and so many of them stay
 * far within the slack the bounds keep (lag_ns, a millisecond at least). */
#define PC_CLOCK_CARRY_WAITS 32

static _Thread_local long long last_cpu;  /* pc_clock_ns(), 0 = none */
static _Thread_local long long last_wall; /* the coarse clock just before */
static _Thread_local long long lag = -1;  /* how far the coarse clock may
                                             be behind, -1: not known */
static _Thread_local int waiting;         /* pc_clock_wait, not yet woke */
static _Thread_local long long mono_mark; /* exact wall time at the last
                                             wake, 0 = none since the
                                             last reading */
static _Thread_local long long carried;   /* wall time carried onto
                                             last_cpu since it was read */
static _Thread_local int carried_waits;   /* waits since it was read */

static long long ts_ns(const struct timespec *ts)
{
    return (long long)ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

static long long wall_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return ts_ns(&ts);
}

/* The exact monotonic clock (vDSO, no system call). */
static long long mono_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts_ns(&ts);
}

/* Twice the coarse clock's resolution (a tick may come late), at least a
 * millisecond. */
static long long lag_ns(void)
{
    if (lag < 0) {
        struct timespec res;
        long long two = clock_getres(CLOCK_MONOTONIC_COARSE, &res) == 0
                            ? 2 * ts_ns(&res) : 0;
        lag = two > PC_CLOCK_SLACK_NS ? two : PC_CLOCK_SLACK_NS;
    }
    return lag;
}

long long pc_clock_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts_ns(&ts);
}

/* Reads the CPU clock afresh, remembering the wall time before it. */
static long long cpu_now(long long wall)
{
    last_wall = wall;
    last_cpu = pc_clock_ns();
    mono_mark = 0; /* a wait's carry starts at the next wake */
    return last_cpu;
}

long long pc_clock_ns_near(void)
{
    long long wall = wall_ns();

    if (last_cpu == 0 || wall - last_wall >= PC_CLOCK_SLACK_NS) {
        return cpu_now(wall);
    }
    /* Less than a tick (late, two) since the reading. */
    return last_cpu + (wall - last_wall) + lag_ns();
}

void pc_clock_wait(void)
{
    long long mono = mono_ns();
    long long since = mono - mono_mark;

    /* The CPU time the thread used since the mark is at most the exact
     * wall time since it: carried onto the last reading, an upper bound,
     * until a millisecond is carried; then the clock is read. */
    if (last_cpu != 0 && mono_mark != 0 && since >= 0 &&
        carried + since < PC_CLOCK_SLACK_NS &&
        carried_waits < PC_CLOCK_CARRY_WAITS) {
        carried += since;
        carried_waits++;
        last_cpu += since;
    } else {
        (void)cpu_now(wall_ns());
        carried = 0;
        carried_waits = 0;
    }
    waiting = 1;
}

void pc_clock_woke(void)
{
    /* A thread waiting uses no CPU: the reading (or bound) before the
     * wait holds now, as one taken at this wall time. */
    if (waiting) {
        waiting = 0;
        last_wall = wall_ns();
        mono_mark = mono_ns();
    }
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
    if (last_cpu != 0 &&
        last_cpu + (wall - last_wall) + lag_ns() < deadline) {
        return 0;
    }
    return cpu_now(wall) >= deadline;
}
