// The report is complete when threads exit before the main thread: each
// merges its statistics when it exits, including threads that reuse the
// record of one that exited earlier.  A thread still running at exit is
// counted too, with a note that its counts may be incomplete.  The code is
// what the plugin emits for this source (pool.c); the two threads that run at
// once bump counters of their own, so that no conflict can blur the counts:
//
//    1  static long jobs;
//    2  static __thread int retried;
//    3  static void *worker(void *arg) {
//    4    for (int i = 0; i < 1000; i++)
//    5      __transaction_atomic { if (!retried++) retry(); jobs = jobs + 1; }
//    6    return 0;
//    7  }
//    8  int main(void) {
//    9    for (int i = 0; i < 10; i++)
//   10      __transaction_atomic { jobs = jobs + 1; }
//
// RUN: %rtcc %s -o %t %stm_ldflags
// RUN: env STM_STATS=1 %t joined 2>&1 | FileCheck %s --match-full-lines
// RUN: env STM_STATS=1 %t running 2>&1 | FileCheck %s --check-prefix=RUNNING
//
// CHECK:      stm: statistics
// CHECK-NEXT: stm:   commits: 5010 (0 read-only, 5010 writing)
// CHECK-NEXT: stm:   aborts: 5, explicit retry 5
// CHECK:      stm: conflicts, by time lost:
// CHECK-NEXT: pool.c:5:42: conflict: call to 'retry' (worker) aborted 5 times, {{[0-9]+\.[0-9]+}} s lost (explicit retry); transaction at pool.c:5:5
// CHECK-NEXT: stm: transactions, by time lost:
// CHECK-NEXT: pool.c:5:5: transaction: in worker: 5000 commits, 5 aborts, {{[0-9]+\.[0-9]+}} s lost, average attempt {{[0-9]+\.[0-9]+}} us, 5 retried (at most 1 time)
// CHECK-NEXT: pool.c:10:5: transaction: in main: 10 commits, 0 aborts, 0.000000 s lost, average attempt {{[0-9]+\.[0-9]+}} us
// CHECK-NOT:  {{.}}
//
// RUNNING: stm:   note: 1 other thread was still running at exit: counts are incomplete
// RUNNING: pool.c:5:5: transaction: in worker: {{[0-9]*[0-9][0-9][0-9][0-9]}} commits, 1 abort,
#include "Inputs/stats-tx.h"

#include <string.h>

SITE(s_worker, "pool.c", 5, 5, STM_SITE_BEGIN, NULL, "worker");
SITE(s_retry, "pool.c", 5, 42, STM_SITE_CALL, "retry", "worker");
SITE(s_jobs_rd, "pool.c", 5, 59, STM_SITE_READ, "jobs", "worker");
SITE(s_jobs_wr, "pool.c", 5, 52, STM_SITE_WRITE, "jobs", "worker");
SITE(s_main, "pool.c", 10, 5, STM_SITE_BEGIN, NULL, "main");
SITE(s_jobs_rd10, "pool.c", 10, 35, STM_SITE_READ, "jobs", "main");
SITE(s_jobs_wr10, "pool.c", 10, 28, STM_SITE_WRITE, "jobs", "main");

/* One counter per concurrent worker, a cache line apart: distinct orecs. */
static uint64_t jobs[2][8];
static __thread int retried;
static _Atomic long progress;

static void job(uint64_t *counter) {
  TX_BEGIN(tx, STM_ATTR_ATOMIC, &s_worker) {
    if (!retried++)
      stm_abort_retry(tx, &s_retry);
    stm_store_u64(tx, counter, stm_load_u64(tx, counter, &s_jobs_rd) + 1, &s_jobs_wr);
  } TX_END(tx);
}

static void *worker(void *arg) {
  for (int i = 0; i < 1000; i++)
    job(arg);
  return arg;
}

static void *forever(void *arg) {
  for (;;) {
    job(arg);
    progress++;
  }
  return arg;
}

static void run(int n) {
  pthread_t t[2];
  for (int i = 0; i < n; i++)
    CHECK(pthread_create(&t[i], NULL, worker, jobs[i]) == 0);
  for (int i = 0; i < n; i++)
    CHECK(pthread_join(t[i], NULL) == 0);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "running") == 0) {
    pthread_t t;
    CHECK(pthread_create(&t, NULL, forever, jobs[0]) == 0);
    while (progress < 1000)
      sched_yield();
    return 0; /* the report at exit reads the running thread's counts */
  }
  run(2); /* two at once */
  run(1); /* then one after another: each reuses the record of the last */
  run(1);
  run(1);
  for (int i = 0; i < 10; i++) {
    TX_BEGIN(tx, STM_ATTR_ATOMIC, &s_main) {
      stm_store_u64(tx, jobs[0], stm_load_u64(tx, jobs[0], &s_jobs_rd10) + 1, &s_jobs_wr10);
    } TX_END(tx);
  }
  CHECK(jobs[0][0] + jobs[1][0] == 5010);
  return 0;
}
