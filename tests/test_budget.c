/* test_budget.c: the clock a check's time budget is counted on
 * (include/postcheck/budget.h): the near reading is never below the
 * thread's CPU time and at most two of the coarse clock's ticks (and the
 * millisecond a wait may carry) above it,
 * after a wait the serve loop announces (pc_clock_wait, pc_clock_woke)
 * as well as without one and over many short requests, and a deadline
 * passes exactly when the CPU time reaches it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h>

#include "postcheck/budget.h"

/* Two ticks of the coarse clock, at least a millisecond each: how far
 * above the CPU time a near reading may be (budget.h). */
static long long two_ticks(void)
{
    struct timespec res;
    long long tick = 1000000;

    if (clock_getres(CLOCK_MONOTONIC_COARSE, &res) == 0 &&
        res.tv_sec * 1000000000LL + res.tv_nsec > tick) {
        tick = res.tv_sec * 1000000000LL + res.tv_nsec;
    }
    return 2 * tick;
}

/* Uses about ns of CPU time. */
static void burn(long long ns)
{
    long long end = pc_clock_ns() + ns;
    volatile unsigned x = 1;

    while (pc_clock_ns() < end) {
        for (int i = 0; i < 1000; i++) {
            x = x * 1664525u + 1013904223u;
        }
    }
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

    nanosleep(&ts, NULL);
}

/* The near reading's bounds: at least the CPU time at the call (read
 * just before it), at most two ticks and the millisecond a wait may
 * carry above it (read just after). */
static void assert_near_holds(void)
{
    long long before = pc_clock_ns();
    long long near = pc_clock_ns_near();
    long long after = pc_clock_ns();

    assert_true(near >= before);
    assert_true(near <= after + two_ticks() + 1000000LL);
}

static void test_near_after_announced_wait(void **state)
{
    (void)state;
    for (int i = 0; i < 5; i++) {
        pc_clock_wait();
        sleep_ms(20);
        pc_clock_woke();
        assert_near_holds();
        /* CPU used after the wait is counted. */
        burn(300000);
        assert_near_holds();
    }
}

/* A serve loop of short requests: pc_clock_wait carries its last
 * reading forward by the wall time of each request instead of reading
 * the CPU clock each time. The bounds hold after every wait, through the
 * readings it still takes (after a millisecond or 32 waits), and a
 * deadline is still exact. */
static void test_many_short_waits(void **state)
{
    long long now;

    (void)state;
    for (int i = 0; i < 200; i++) {
        pc_clock_wait();
        if (i % 50 == 0) {
            sleep_ms(2);
        }
        pc_clock_woke();
        assert_near_holds();
        burn(20000 + (i % 7) * 10000);
        assert_near_holds();
        now = pc_clock_ns();
        assert_int_equal(pc_budget_over(now - 1), 1);
    }
    pc_clock_wait();
    pc_clock_woke();
    now = pc_clock_ns();
    assert_int_equal(pc_budget_over(now + 50000000LL), 0);
    assert_int_equal(pc_budget_over(now - 1), 1);
}

static void test_near_without_wait(void **state)
{
    (void)state;
    (void)pc_clock_ns_near();
    /* Work, then a wake that no wait came before: the reading before
     * the work must not be taken for the time now (the work is longer
     * than the slack a reading keeps). */
    burn(3 * two_ticks());
    pc_clock_woke();
    assert_near_holds();
    sleep_ms(20);
    assert_near_holds();
}

static void test_deadline(void **state)
{
    long long now;

    (void)state;
    pc_clock_wait();
    sleep_ms(20);
    pc_clock_woke();
    now = pc_clock_ns();
    assert_int_equal(pc_budget_over(now - 1), 1);
    assert_int_equal(pc_budget_over(now + 50000000LL), 0);
    assert_int_equal(pc_budget_over(0), 0);
    burn(3000000);
    assert_int_equal(pc_budget_over(now + 1000000LL), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_near_after_announced_wait),
        cmocka_unit_test(test_many_short_waits),
        cmocka_unit_test(test_near_without_wait),
        cmocka_unit_test(test_deadline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
