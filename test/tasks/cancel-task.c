// A task containing an atomic block that cancels: the block's writes and
// the tasks it added are undone, the rest of the task commits (including
// tasks added outside the block).  A cancel of the outermost transaction
// ([[outer]]) drops the whole task: no write, no added task, and the pool
// goes on with the other tasks.
// RUN: %rtcc %s -o %t %stm_ldflags
// RUN: env STM_THREADS=1 %t | FileCheck %s
// RUN: env STM_THREADS=2 %t | FileCheck %s
// RUN: env STM_THREADS=4 %t | FileCheck %s
// RUN: env STM_THREADS=4 STM_INJECT_ABORTS=20 %t | FileCheck %s
// CHECK: inner cancel ok
// CHECK: outer cancel ok
#include "Inputs/tasks.h"

enum { N = 2000 };

static uint64_t kept[N], cancelled_writes, children, total;

static void child(void *arg) {
  (void)arg;
  abort();
}
static void child_tx(void *arg) {
  stm_tx_t *tx = stm_tx_self();
  (void)arg;
  ST64(tx, &children, LD64(tx, &children) + 1);
}

static void parent(void *arg) {
  (void)arg;
  abort();
}
static void parent_tx(void *arg) {
  stm_tx_t *tx = stm_tx_self();
  uintptr_t i = (uintptr_t)arg;
  ST64(tx, &kept[i], 1);
  ST64(tx, &total, LD64(tx, &total) + 1);
  TX_BEGIN(tx2, A_CANCEL) {
    ST64(tx2, &cancelled_writes, LD64(tx2, &cancelled_writes) + 1);
    ST64(tx2, &kept[i], 99);
    stm_add_task(child, NULL); /* dropped with the block */
    stm_cancel(tx2, 0, SX);
  } TX_END(tx2);
  CHECK_EQ(LD64(tx, &kept[i]), 1);
  stm_add_task(child, NULL); /* kept */
}

static void doomed(void *arg) {
  (void)arg;
  abort();
}
static void doomed_tx(void *arg) {
  stm_tx_t *tx = stm_tx_self();
  uintptr_t i = (uintptr_t)arg;
  ST64(tx, &kept[i], 7);
  stm_add_task(child, NULL);
  TX_BEGIN(tx2, A_CANCEL) {
    ST64(tx2, &total, LD64(tx2, &total) + 1);
    stm_add_task(child, NULL);
    stm_cancel(tx2, 1, SX); /* [[outer]]: the task's whole transaction */
  } TX_END(tx2);
  abort(); /* not reached */
}

int main(void) {
  test_watchdog(60);
  REGISTER_CLONE(child, child_tx);
  REGISTER_CLONE(parent, parent_tx);
  REGISTER_CLONE(doomed, doomed_tx);
  for (uintptr_t i = 0; i < N; i++)
    stm_add_task(parent, (void *)i);
  stm_run_all_tasks();
  CHECK_EQ(cancelled_writes, 0);
  CHECK_EQ(children, N);
  CHECK_EQ(total, N);
  for (int i = 0; i < N; i++)
    CHECK_EQ(kept[i], 1);
  printf("inner cancel ok\n");

  memset(kept, 0, sizeof kept);
  children = total = 0;
  for (uintptr_t i = 0; i < N; i++) {
    stm_add_task(doomed, (void *)i);
    if (i % 2)
      stm_add_task(child, NULL);
  }
  stm_run_all_tasks();
  CHECK_EQ(children, N / 2);
  CHECK_EQ(total, 0);
  for (int i = 0; i < N; i++)
    CHECK_EQ(kept[i], 0);
  printf("outer cancel ok\n");
  return 0;
}
