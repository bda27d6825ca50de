/*
 * harness.h - the driver shared by every benchmark: options, threads,
 * timing, per-thread random numbers, the self-check and the report line.
 *
 * A benchmark provides bench_setup, bench_op and bench_check (below) and
 * links with harness.c.  Usage of every benchmark binary:
 *   NAME [-t THREADS] [-d SECONDS | -n OPS] [-s SEED] [-c]
 * -d runs for a time and counts operations (throughput); -n runs a fixed
 * number of operations split over the threads (instruction counts).
 * -c selects the benchmark's contended variant.
 */
#ifndef BENCH_HARNESS_H
#define BENCH_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "lib/fail.h"
#include "tm.h"

typedef struct bench_opts {
  unsigned threads;
  uint64_t ops;   /* 0: run for `seconds` */
  double seconds;
  uint64_t seed;
  int contended;
} bench_opts_t;

/* Per-thread state, padded so that no two threads share a cache line (nor
 * the adjacent line the prefetcher pairs with it). */
#define BENCH_PAD 128
typedef struct bench_thread {
  unsigned id;
  uint64_t rng;
  uint64_t ops;   /* operations done */
  long acc[6];    /* the benchmark's own tallies, read by bench_check */
} __attribute__((aligned(BENCH_PAD))) bench_thread_t;

/* xorshift64*: outside transactions only (it writes t->rng). */
static inline uint64_t bench_rand(bench_thread_t *t) {
  uint64_t x = t->rng;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  t->rng = x;
  return x * 0x2545F4914F6CDD1DULL;
}

/* A number in [0, n). */
static inline long bench_rand_below(bench_thread_t *t, long n) {
  return (long)((bench_rand(t) >> 11) % (uint64_t)n);
}

/* ---- provided by each benchmark ---- */

/* Benchmark name, e.g. "rbtree"; the harness appends "-contended". */
extern const char *const bench_name;
/* One line saying the parameters, printed with the result. */
const char *bench_describe(const bench_opts_t *o);
/* Build the initial state (single-threaded, before timing).  `rng` is a
 * generator seeded from -s for set-up choices. */
void bench_setup(const bench_opts_t *o, bench_thread_t *rng);
/* One operation (usually one transaction). */
void bench_op(bench_thread_t *t);
/* After all threads have joined: check the final state against the
 * threads' tallies.  0 if consistent; otherwise write why into msg. */
int bench_check(const bench_thread_t *ts, unsigned nthreads, char *msg, size_t len);

/* Seed a generator (splitmix64 of seed and stream). */
void bench_seed(bench_thread_t *t, uint64_t seed, uint64_t stream);

#endif /* BENCH_HARNESS_H */
