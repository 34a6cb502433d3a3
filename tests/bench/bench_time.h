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

/* Round trips through two hosts taken in n blocks of per trips each
 * (th[i] and te[i] taken together): into out, the median of the blocks'
 * medians of th, of te, and of the blocks' ratios (median th / median
 * te), then the lowest and the highest block ratio. Sorts th and te a
 * block at a time; n at most 64. Blocks, not one median over all trips:
 * on a shared machine the echo host's median swung 28.6-57.9 us from run
 * to run (the load, and whether a trip's two processes share a core,
 * change within a run), and one median mixes trips taken under several
 * conditions; a block is short enough to see one, its ratio compares the
 * two hosts under it, and the median over blocks leaves out those a
 * burst of load hit. */
static inline void bench_block_medians(double *th, double *te, size_t n,
                                       size_t per, double out[5])
{
    double bh[64], be[64], br[64];

    n = n < 64 ? n : 64;
    for (size_t b = 0; b < n; b++) {
        bh[b] = bench_quantile(th + b * per, per, 0.5);
        be[b] = bench_quantile(te + b * per, per, 0.5);
        br[b] = be[b] > 0 ? bh[b] / be[b] : 0.0;
    }
    out[0] = bench_quantile(bh, n, 0.5);
    out[1] = bench_quantile(be, n, 0.5);
    out[2] = bench_quantile(br, n, 0.5);
    out[3] = br[0];
    out[4] = br[n - 1];
}

/* Times n items in turns: rounds rounds, in each of which every item
 * runs per times in a row, item after item. fn(ctx, item) runs one and
 * returns its time (us); t holds n * rounds * per doubles. out[item]
 * gets the median of its rounds * per times, lo[item] and hi[item] the
 * lowest and highest of its rounds' medians. Why turns: on a shared VM a
 * check runs in a fast or a slow mode for stretches of a fraction of a
 * second, and with one block per item the items fell in different
 * modes (one run gave llmat's pc_check median 44.3 us beside 28.4 us for
 * its pc_protocol_handle, which includes the check). Taken in turns,
 * every item meets the same stretches, the slowest item is the slowest,
 * and lo-hi shows how far the modes lie apart. */
static inline void bench_in_turns(size_t n, size_t rounds, size_t per,
                                  double (*fn)(void *, size_t), void *ctx,
                                  double *t, double *out, double *lo,
                                  double *hi)
{
    for (size_t r = 0; r < rounds; r++) {
        for (size_t i = 0; i < n; i++) {
            for (size_t k = 0; k < per; k++) {
                t[(i * rounds + r) * per + k] = fn(ctx, i);
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        double *ti = t + i * rounds * per;

        lo[i] = hi[i] = -1;
        for (size_t r = 0; r < rounds; r++) {
            double m = bench_quantile(ti + r * per, per, 0.5);

            lo[i] = lo[i] < 0 || m < lo[i] ? m : lo[i];
            hi[i] = m > hi[i] ? m : hi[i];
        }
        out[i] = bench_quantile(ti, rounds * per, 0.5);
    }
}

#endif
