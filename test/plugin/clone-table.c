// The clones of functions whose address the file takes (task functions
// passed to stm_add_task, callbacks stored in variables) are registered
// with the runtime at load time, for calls through pointers.
// RUN: %clang %stm_plugin %stm_cflags -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
// RUN: %clang %stm_plugin %stm_cflags -O2 %s -o %t %stm_ldflags && env STM_THREADS=2 STM_STATS=1 %t 2>&1 | FileCheck %s --check-prefix=STATS
#include <stm.h>
#include "Inputs/check.h"

long total;
static void task(void *arg) { total += (long)(size_t)arg; }
static int twice(int x) { return 2 * x; }
int (*op)(int) = twice;

int main(void) {
  long i;
  for (i = 1; i <= 100; i++)
    stm_add_task(task, (void *)(size_t)i);
  stm_run_all_tasks();
  CHECK_EQ(total, 5050);
  CHECK_EQ(op(4), 8);
  return 0;
}
// CHECK: static void _ZGTt4task(void *arg) { stm_tx_t *const
// CHECK: static const stm_clone_entry_t __stm_clones[2] = {
// CHECK-DAG: {(void *)task, (void *)_ZGTt4task},
// CHECK-DAG: {(void *)twice, (void *)_ZGTt5twice},
// CHECK: __attribute__((__constructor__)) static void __stm_register_clones(void) {
// CHECK-NEXT: stm_register_clones(__stm_clones, 2);
// STATS: stm:   tasks: 100 (0 without a transactional clone, run serially)
