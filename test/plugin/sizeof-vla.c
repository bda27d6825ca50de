// sizeof of a variable length array type evaluates the array's size
// expressions: in a transaction their reads of shared memory have
// barriers (sizeof(int[*p]) read *p directly, unvalidated).
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Werror %s -o %t %stm_ldflags && %t
// RUN: env STM_INJECT_ABORTS=30 %t
// RUN: %clang %stm_plugin -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
#include "Inputs/check.h"

int g = 3, h = 2;

// CHECK-LABEL: unsigned long sizes(
// CHECK: n = sizeof(int[{{.*}}stm_load{{m?}}_u32({{.*}}&(*p){{.*}}][{{.*}}stm_load{{m?}}_u32({{.*}}&(*q)
// CHECK: k = sizeof(int (*)[*q]);
unsigned long sizes(int *p, int *q) {
  unsigned long n, m, k;
  __transaction_atomic {
    n = sizeof(int[*p][*q]);
    int a[*p];
    m = sizeof a + sizeof(int[*p]);
    k = sizeof(int (*)[*q]);
    h = 5;
    k += *q;
  }
  return n * 10000 + m * 100 + k;
}

int main(void) {
  CHECK_EQ(sizes(&g, &h), 242413);
  return 0;
}
