// stm_add_task inside a transaction on an ordinary thread: buffered until
// the outermost commit, dropped by an abort (each attempt adds again) and
// by a cancel; nested blocks publish only with the outermost commit.
// Tasks added by several threads at once, also while a run is going on,
// all run exactly once (by that run or the next).
// RUN: %rtcc %s -o %t %stm_ldflags
// RUN: env STM_THREADS=1 %t | FileCheck %s
// RUN: env STM_THREADS=2 %t | FileCheck %s
// RUN: env STM_THREADS=4 %t | FileCheck %s
// RUN: env STM_THREADS=4 STM_INJECT_ABORTS=30 %t | FileCheck %s
// CHECK: abort ok
// CHECK: cancel ok
// CHECK: nested ok
// CHECK: threads ok
// CHECK: during run ok
#include "Inputs/tasks.h"

static uint64_t count;

static void task(void *arg) {
  (void)arg;
  abort();
}
static void task_tx(void *arg) {
  stm_tx_t *tx = stm_tx_self();
  ST64(tx, &count, LD64(tx, &count) + (uintptr_t)arg);
}

static void aborts(void) {
  count = 0;
  for (int i = 0; i < 100; i++) {
    int attempts = 0;
    TX_BEGIN_R(tx, A_ATOMIC, (void)0) {
      stm_add_task(task, (void *)1);
      stm_add_task(task, (void *)10);
      if (++*(volatile int *)&attempts < 3)
        stm_abort_retry(tx, SC);
      stm_add_task(task, (void *)100);
    } TX_END(tx);
  }
  stm_run_all_tasks();
  CHECK_EQ(count, 100 * 111);
  printf("abort ok\n");
}

static void cancels(void) {
  count = 0;
  TX_BEGIN(tx, A_CANCEL) {
    stm_add_task(task, (void *)1);
    stm_cancel(tx, 0, SX);
  } TX_END(tx);
  TX_BEGIN(tx, A_ATOMIC) {
    stm_add_task(task, (void *)2);
    TX_BEGIN(tx2, A_CANCEL) {
      stm_add_task(task, (void *)4);
      stm_cancel(tx2, 0, SX);
    } TX_END(tx2);
    stm_add_task(task, (void *)8);
  } TX_END(tx);
  stm_run_all_tasks();
  CHECK_EQ(count, 10);
  printf("cancel ok\n");
}

static void nested(void) {
  count = 0;
  TX_BEGIN(tx, A_ATOMIC) {
    TX_BEGIN(tx2, A_ATOMIC) { stm_add_task(task, (void *)1); } TX_END(tx2);
    /* Not queued yet: the outer transaction has not committed. */
    TX_BEGIN(tx3, A_CANCEL) { stm_add_task(task, (void *)2); } TX_END(tx3);
  } TX_END(tx);
  stm_run_all_tasks();
  CHECK_EQ(count, 3);
  printf("nested ok\n");
}

enum { ADDERS = 4, PER_ADDER = 20000 };

static void *adder(void *arg) {
  (void)arg;
  for (int i = 0; i < PER_ADDER; i++) {
    if (i % 2) {
      stm_add_task(task, (void *)1);
    } else {
      TX_BEGIN(tx, A_ATOMIC) { stm_add_task(task, (void *)1); } TX_END(tx);
    }
  }
  return NULL;
}

static volatile int adders_done;
static void *adder_then_flag(void *arg) {
  adder(arg);
  ASTORE(adders_done, 1);
  return NULL;
}

int main(void) {
  test_watchdog(60);
  REGISTER_CLONE(task, task_tx);
  aborts();
  cancels();
  nested();

  count = 0;
  test_run_threads(ADDERS, adder);
  stm_run_all_tasks();
  CHECK_EQ(count, ADDERS * PER_ADDER);
  printf("threads ok\n");

  /* Another thread adds while this one runs the pool again and again. */
  count = 0;
  pthread_t t;
  CHECK(pthread_create(&t, NULL, adder_then_flag, NULL) == 0);
  while (!ALOAD(adders_done))
    stm_run_all_tasks();
  CHECK(pthread_join(t, NULL) == 0);
  stm_run_all_tasks();
  CHECK_EQ(count, PER_ADDER);
  printf("during run ok\n");
  return 0;
}
