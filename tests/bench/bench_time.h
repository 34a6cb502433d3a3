/* bench_time.h: the benchmarks' clock and quantiles, shared by pc_bench
 * (bench.c) and pc_bench_host (host_bench.c). */
#ifndef POSTCHECK_BENCH_TIME_H
#define POSTCHECK_BENCH_TIME_H

#include <stdlib.h>
#include <time.h>

/* The monotonic clock in microseconds. */
static inline double bench_now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/* Sorts v[0..n) and returns its q-quantile (0..1). */
static inline double bench_quantile(double *v, size_t n, double q)
{
    size_t i;

    qsort(v, n, sizeof *v, bench_cmp_double);
    i = (size_t)(q * (double)(n - 1) + 0.5);
    return v[i];
}

#endif
