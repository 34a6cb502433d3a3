/* budget.h: the time one check may take. A check's rules get
 * PC_BUDGET_FIRST_MS for the first 64 KiB of text and PC_BUDGET_PER_64K_MS
 * for each further 64 KiB (1.25 s for the largest post, 1 MiB; the
 * built-in packs need about a tenth of that for 64 KiB of prose); one
 * rule may use at most 1/PC_BUDGET_RULE_SHARE of it, so one slow rule
 * cannot starve the rest.
 * Matching and detectors get a deadline handed in and stop at it; the
 * rule is then reported as "limited" (why "time"), never passed in
 * silence. `policy lint` refuses a rule that alone needs more than a
 * rule's share on a hostile 64 KiB post. */
#ifndef POSTCHECK_BUDGET_H
#define POSTCHECK_BUDGET_H

#include <stddef.h>

#define PC_BUDGET_FIRST_MS 500
#define PC_BUDGET_PER_64K_MS 50
#define PC_BUDGET_RULE_SHARE 2

/* The CPU time this thread has used, in nanoseconds: the clock budgets
 * are counted on, so that other programs keeping the machine busy do not
 * cut a check short (on an idle machine it runs at wall-clock speed). */
long long pc_clock_ns(void);

/* pc_clock_ns(), read afresh once the coarse monotonic clock has ticked
 * since the last reading (4 ms at 250 Hz) and otherwise bounded from
 * the last reading and the wall time since (no system call): never below
 * the true value, at most two ticks (8 ms at 250 Hz) and a millisecond
 * (what pc_clock_wait may carry) above it. For a deadline's start, where
 * a few milliseconds do not matter. */
long long pc_clock_ns_near(void);

/* For a thread about to wait for its next piece of work (the serve loop,
 * before it reads a request): fixes the CPU time now, while nothing
 * waits on the thread, so that the first pc_clock_ns_near or
 * pc_budget_over after the wait need not read the CPU clock (a system
 * call, 5-13 us on the virtual machines measured). It reads the clock
 * only once a millisecond of work has passed since the last reading;
 * until then it carries the last reading forward by the exact wall time
 * since the last wake, an upper bound. pc_clock_woke(), called when the
 * wait ends, counts the wait as no CPU time; the little the thread
 * spends around the wait itself is within the tick of slack the bounds
 * already keep. */
void pc_clock_wait(void);
void pc_clock_woke(void);

/* The budget, in nanoseconds, of a check of a text of len bytes. */
long long pc_budget_ns(size_t len);

/* 1 if deadline (pc_clock_ns() time; 0 = none) has passed, else 0.
 * Exact, but reads the CPU clock only when the wall time since its last
 * reading could have carried it to the deadline (see budget.c). */
int pc_budget_over(long long deadline);

#endif
