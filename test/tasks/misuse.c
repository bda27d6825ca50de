// Misuse of the task API is a fatal error with a clear message (exit 2):
// stm_run_all_tasks from inside a task (with or without a clone) or inside
// a transaction, a NULL task function, and a bad STM_THREADS.
// RUN: %rtcc %s -o %t %stm_ldflags
// RUN: env STM_THREADS=1 not %t in-task 2>&1 | FileCheck %s --check-prefix=IN-TASK
// RUN: env STM_THREADS=2 not %t in-task 2>&1 | FileCheck %s --check-prefix=IN-TASK
// RUN: env STM_THREADS=4 not %t in-serial-task 2>&1 | FileCheck %s --check-prefix=IN-TASK
// RUN: env STM_THREADS=2 not %t in-tx 2>&1 | FileCheck %s --check-prefix=IN-TX
// RUN: env STM_THREADS=2 not %t null 2>&1 | FileCheck %s --check-prefix=NULL
// RUN: env STM_THREADS=0 not %t ok 2>&1 | FileCheck %s --check-prefix=THREADS0
// RUN: env STM_THREADS=two not %t ok 2>&1 | FileCheck %s --check-prefix=THREADS-WORD
// RUN: env STM_THREADS=-3 not %t ok 2>&1 | FileCheck %s --check-prefix=THREADS-NEG
// RUN: env STM_THREADS=100000 not %t ok 2>&1 | FileCheck %s --check-prefix=THREADS-BIG
// RUN: env STM_THREADS= %t ok | FileCheck %s --check-prefix=OK
// RUN: env STM_THREADS=3 %t ok | FileCheck %s --check-prefix=OK
// IN-TASK: libstm: fatal: stm_run_all_tasks called from inside a task
// IN-TASK-NOT: not reached
// IN-TX: libstm: fatal: stm_run_all_tasks called inside a transaction
// IN-TX-NOT: not reached
// NULL: libstm: fatal: stm_add_task: the task function is NULL
// THREADS0: libstm: fatal: bad value '0' for STM_THREADS: expected an integer from 1 to 4096
// THREADS-WORD: libstm: fatal: bad value 'two' for STM_THREADS
// THREADS-NEG: libstm: fatal: bad value '-3' for STM_THREADS
// THREADS-BIG: libstm: fatal: bad value '100000' for STM_THREADS
// OK: ran 1 task
#include "Inputs/tasks.h"

static int ran;

static void nested_run(void *arg) {
  (void)arg;
  stm_run_all_tasks();
  printf("not reached\n");
}
static void nested_run_tx(void *arg) {
  (void)arg;
  stm_run_all_tasks();
  printf("not reached\n");
}
static void one(void *arg) {
  (void)arg;
  ran++;
}

int main(int argc, char **argv) {
  test_watchdog(20);
  CHECK(argc == 2);
  const char *what = argv[1];
  if (strcmp(what, "in-task") == 0) {
    REGISTER_CLONE(nested_run, nested_run_tx);
    stm_add_task(nested_run, NULL);
    stm_run_all_tasks();
  } else if (strcmp(what, "in-serial-task") == 0) {
    stm_add_task(nested_run, NULL); /* no clone */
    stm_run_all_tasks();
  } else if (strcmp(what, "in-tx") == 0) {
    TX_BEGIN(tx, A_ATOMIC) { stm_run_all_tasks(); } TX_END(tx);
  } else if (strcmp(what, "null") == 0) {
    stm_add_task(NULL, NULL);
  } else if (strcmp(what, "ok") == 0) {
    stm_add_task(one, NULL);
    stm_run_all_tasks();
    printf("ran %d task\n", ran);
    return 0;
  }
  printf("not reached\n");
  return 0;
}
