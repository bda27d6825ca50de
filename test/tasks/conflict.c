// Conflicting tasks: every task bumps one shared counter and a shared sum
// and writes its own slot, so tasks conflict all the time; abort/retry must
// still give exact results, over several runs of the same pool.  Tasks with
// a registered clone run as transactions in parallel; tasks without one run
// serially (and are counted as such).
// RUN: %rtcc %s -o %t %stm_ldflags
// RUN: env STM_THREADS=1 %t | FileCheck %s
// RUN: env STM_THREADS=2 %t | FileCheck %s
// RUN: env STM_THREADS=4 %t | FileCheck %s
// RUN: env STM_THREADS=4 STM_INJECT_ABORTS=20 %t | FileCheck %s
// RUN: env STM_THREADS=2 STM_STATS=1 %t 2>&1 >/dev/null | FileCheck %s --check-prefix=STATS
// CHECK: run 0 ok
// CHECK: run 1 ok
// CHECK: run 2 ok
// CHECK: serial ok
// CHECK: mixed ok
// STATS: stm:   tasks: 120000 (40000 without a transactional clone, run serially)
#include "Inputs/tasks.h"

enum { N = 20000 };

static uint64_t counter, sum;
static uint64_t slot[N];

static void bump(void *arg) { /* never run: the clone is registered */
  (void)arg;
  abort();
}

static void bump_tx(void *arg) {
  stm_tx_t *tx = stm_tx_self();
  uintptr_t i = (uintptr_t)arg;
  ST64(tx, &counter, LD64(tx, &counter) + 1);
  ST64(tx, &sum, LD64(tx, &sum) + i);
  ST64(tx, &slot[i], LD64(tx, &slot[i]) + i + 1);
}

/* No clone: runs serially, plain code. */
static void bump_plain(void *arg) {
  uintptr_t i = (uintptr_t)arg;
  counter++;
  sum += i;
  slot[i] += i + 1;
}

static void check(uint64_t runs) {
  CHECK_EQ(counter, runs * N);
  CHECK_EQ(sum, runs * (uint64_t)N * (N - 1) / 2);
  for (uint64_t i = 0; i < N; i++)
    CHECK_EQ(slot[i], runs * (i + 1));
}

int main(void) {
  test_watchdog(60);
  REGISTER_CLONE(bump, bump_tx);
  for (int run = 0; run < 3; run++) {
    for (uintptr_t i = 0; i < N; i++)
      stm_add_task(bump, (void *)i);
    stm_run_all_tasks();
    check((uint64_t)run + 1);
    printf("run %d ok\n", run);
  }
  for (uintptr_t i = 0; i < N; i++)
    stm_add_task(bump_plain, (void *)i);
  stm_run_all_tasks();
  check(4);
  printf("serial ok\n");
  /* Serial and parallel tasks interleaved in one run. */
  for (uintptr_t i = 0; i < N; i++)
    stm_add_task(i % 2 ? bump : bump_plain, (void *)i);
  for (uintptr_t i = 0; i < N; i++)
    stm_add_task(i % 2 ? bump_plain : bump, (void *)i);
  stm_run_all_tasks();
  check(6);
  printf("mixed ok\n");
  return 0;
}
