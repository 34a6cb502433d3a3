/* bench_aims.h: the summary pc_bench (bench.c) prints at its end: each
 * of issue 16's aims beside this run's figure, and whether the run met
 * it, for the closing note. */
#ifndef POSTCHECK_BENCH_AIMS_H
#define POSTCHECK_BENCH_AIMS_H

#include <stdio.h>

/* A run's figures (a negative figure: not measured). */
struct bench_aims {
    double trip_ratio;        /* 280-char round trip, postcheck / echo */
    double check_us;          /* in-process 280-char check, slowest pack */
    char check_pack[32];
    double mbs;               /* 64 KB post, slowest pack */
    char mbs_pack[32];
    double first_ms;          /* first check after start */
    double rss_mb;            /* peak RSS, one pack in use */
};

/* One line: what, the figure as text, the aim, and whether this run met
 * it (v <= limit, or v >= limit when at_least). */
static inline void bench_aim_line(const char *what, const char *figure,
                                  double v, const char *aim, double limit,
                                  int at_least)
{
    const char *verdict = v < 0 ? "not measured"
                          : (at_least ? v >= limit : v <= limit) ? "met"
                                                                : "not met";

    printf("  %-36s %-24s %-12s %s\n", what, v < 0 ? "-" : figure, aim,
           verdict);
}

/* Prints every aim beside a's figure. Wall-clock figures on a shared
 * machine swing from run to run: the summary says what this run saw. */
static inline void bench_print_aims(const struct bench_aims *a)
{
    char fig[64];

    printf("issue 16 aims, this run (wall clock; compare two builds by "
           "callgrind instructions)\n");
    snprintf(fig, sizeof fig, "%.2fx echo", a->trip_ratio);
    bench_aim_line("280-char framed round trip", fig, a->trip_ratio,
                   "<= 2x echo", 2.0, 0);
    snprintf(fig, sizeof fig, "%.1f us (%s)", a->check_us, a->check_pack);
    bench_aim_line("in-process 280-char check, slowest", fig, a->check_us,
                   "<= 15 us", 15.0, 0);
    snprintf(fig, sizeof fig, "%.1f MB/s (%s)", a->mbs, a->mbs_pack);
    bench_aim_line("64 KB post, in-process, slowest", fig, a->mbs,
                   ">= 50 MB/s", 50.0, 1);
    snprintf(fig, sizeof fig, "%.2f ms", a->first_ms);
    bench_aim_line("first check after start", fig, a->first_ms, "<= 15 ms",
                   15.0, 0);
    snprintf(fig, sizeof fig, "%.1f MB", a->rss_mb);
    bench_aim_line("peak RSS, one pack in use", fig, a->rss_mb, "<= 8 MB",
                   8.0, 0);
}

#endif
