// stm_run_all_tasks with nothing to run returns at once, also as the very
// first call (the pool starts) and repeatedly; a run after empty runs
// still runs everything.  Between runs the pool threads sleep: the process
// uses no CPU while the program does nothing.
// RUN: %rtcc %s -o %t %stm_ldflags
// RUN: env STM_THREADS=1 %t | FileCheck %s
// RUN: env STM_THREADS=2 %t | FileCheck %s
// RUN: env STM_THREADS=4 %t | FileCheck %s
// CHECK: empty ok
// CHECK: after empty ok
// CHECK: idle ok
#include "Inputs/tasks.h"

static uint64_t count;

static void task(void *arg) {
  (void)arg;
  abort();
}
static void task_tx(void *arg) {
  stm_tx_t *tx = stm_tx_self();
  (void)arg;
  ST64(tx, &count, LD64(tx, &count) + 1);
}

int main(void) {
  test_watchdog(60);
  REGISTER_CLONE(task, task_tx);
  stm_run_all_tasks();
  for (int i = 0; i < 10000; i++)
    stm_run_all_tasks();
  printf("empty ok\n");

  for (int r = 1; r <= 100; r++) {
    for (int i = 0; i < 50; i++)
      stm_add_task(task, NULL);
    stm_run_all_tasks();
    stm_run_all_tasks();
    CHECK_EQ(count, (uint64_t)r * 50);
  }
  printf("after empty ok\n");

  /* Idle pool: no busy waiting.  0.5 s of sleep may cost a few ms of CPU
   * (wake-ups of the system), never a spinning core. */
  double cpu0 = test_cpu_seconds();
  usleep(500000);
  double used = test_cpu_seconds() - cpu0;
  if (used > 0.05) {
    fprintf(stderr, "idle pool used %.3f s of CPU in 0.5 s\n", used);
    return 1;
  }
  printf("idle ok\n");
  return 0;
}
