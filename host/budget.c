/* budget.c: the clock and the time budget of a check (budget.h). */
#include <time.h>

#include "postcheck/budget.h"

long long pc_clock_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

long long pc_budget_ns(size_t len)
{
    long long extra = (long long)(len / (64u * 1024u));

    return (PC_BUDGET_FIRST_MS + extra * PC_BUDGET_PER_64K_MS) * 1000000LL;
}

int pc_budget_over(long long deadline)
{
    return deadline > 0 && pc_clock_ns() >= deadline;
}
