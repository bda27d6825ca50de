// 10^6 small tasks, without excess memory: a queued task costs 16 bytes in
// page-sized chunks that are freed as they drain, so
//  - 10^6 tasks spawned a few at a time (1000 chains) stay within a few MB;
//  - 10^6 tasks queued up front cost about 16 MB, and no more;
// and each task runs exactly once.  Also prints the time per empty task
// (informational: the pool's overhead per task, one transaction each).
// RUN: %rtcc %s -o %t %stm_ldflags
// RUN: env STM_THREADS=1 %t | FileCheck %s
// RUN: env STM_THREADS=2 %t | FileCheck %s
// RUN: env STM_THREADS=4 %t | FileCheck %s
// CHECK: chains ok
// CHECK: up front ok
// CHECK: empty tasks: {{[0-9]+}} ns per task, {{[0-9]+}} ns of CPU per task
#include "Inputs/tasks.h"

enum { N = 1000000, CHAINS = 1000 };

static uint8_t hit[N];

static void task(void *arg) {
  (void)arg;
  abort(); /* the clone runs */
}

static void task_tx(void *arg) {
  stm_tx_t *tx = stm_tx_self();
  uintptr_t i = (uintptr_t)arg;
  ST8(tx, &hit[i], LD8(tx, &hit[i]) + 1);
}

/* Chain c covers ids c, c + CHAINS, c + 2*CHAINS, ... */
static void chain(void *arg) {
  (void)arg;
  abort();
}
static void chain_tx(void *arg) {
  stm_tx_t *tx = stm_tx_self();
  uintptr_t i = (uintptr_t)arg;
  ST8(tx, &hit[i], LD8(tx, &hit[i]) + 1);
  if (i + CHAINS < N)
    stm_add_task(chain, (void *)(i + CHAINS));
}

static void empty(void *arg) { (void)arg; }

static void check_hits(void) {
  for (long i = 0; i < N; i++)
    CHECK_EQ(hit[i], 1);
  memset(hit, 0, sizeof hit);
}

int main(void) {
  test_watchdog(120);
  REGISTER_CLONE(task, task_tx);
  REGISTER_CLONE(chain, chain_tx);
  REGISTER_CLONE(empty, empty); /* nothing to instrument */
  memset(hit, 0, sizeof hit);   /* touched now: not counted below */

  /* Warm up the pool threads, then measure peaks from here. */
  stm_add_task(empty, NULL);
  stm_run_all_tasks();
  long base = test_maxrss_kb();

  for (uintptr_t c = 0; c < CHAINS; c++)
    stm_add_task(chain, (void *)c);
  stm_run_all_tasks();
  check_hits();
  long chains_kb = test_maxrss_kb() - base;
  /* Sanitizers keep freed memory in quarantine: no bound there. */
  if (chains_kb > 4096 && !TEST_SANITIZED) {
    fprintf(stderr, "chains: peak memory grew by %ld KiB\n", chains_kb);
    return 1;
  }
  printf("chains ok\n");

  for (uintptr_t i = 0; i < N; i++)
    stm_add_task(task, (void *)i);
  stm_run_all_tasks();
  check_hits();
  long upfront_kb = test_maxrss_kb() - base;
  /* 10^6 * 16 bytes = 15.3 MiB of queued tasks; allow slack for malloc. */
  if (upfront_kb > 24 * 1024 && !TEST_SANITIZED) {
    fprintf(stderr, "up front: peak memory grew by %ld KiB\n", upfront_kb);
    return 1;
  }
  printf("up front ok\n");
  fprintf(stderr, "peak memory growth: chains %ld KiB, up front %ld KiB\n", chains_kb, upfront_kb);

  /* Overhead: 10^6 empty tasks, added and run; wall time, and CPU time of
   * all threads (what the tasks cost, whatever else the machine runs). */
  double t0 = test_now(), c0 = test_cpu_seconds();
  for (uintptr_t i = 0; i < N; i++)
    stm_add_task(empty, NULL);
  stm_run_all_tasks();
  double t1 = test_now(), c1 = test_cpu_seconds();
  printf("empty tasks: %.0f ns per task, %.0f ns of CPU per task\n", (t1 - t0) * 1e9 / N,
         (c1 - c0) * 1e9 / N);
  return 0;
}
