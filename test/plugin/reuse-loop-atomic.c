// After a loop the instrumentation continues from the state at the loop's
// head, so the loop must forget every read its body could invalidate.  An
// __atomic builtin is no call and no assignment, but writes (in a relaxed
// transaction, after going irrevocable): the read of *r after the loop is
// a barrier again although r is not mentioned in the loop.
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Werror %s -o %t %stm_ldflags && %t
// RUN: env STM_INJECT_ABORTS=30 %t
// RUN: %clang %stm_plugin -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
#include "Inputs/check.h"

int g;

// CHECK-LABEL: int after_atomic_loop(
// CHECK: int a = {{.*}}stm_load{{m?}}_u32({{.*}}&(*r)
// CHECK: __atomic_store_n(p,
// CHECK: int b = {{.*}}stm_load{{m?}}_u32({{.*}}&(*r)
// CHECK: __atomic_fetch_add(p,
// CHECK: b = {{.*}}stm_load{{m?}}_u32({{.*}}&(*r)
int after_atomic_loop(int *r, int *p, int n) {
  int res;
  __transaction_relaxed {
    int a = *r;
    for (int i = 0; i < n; i++)
      __atomic_store_n(p, i + 10, __ATOMIC_SEQ_CST);
    int b = *r;
    res = a * 100 + b;
    a = *r;
    while (n-- > 0)
      __atomic_fetch_add(p, 5, __ATOMIC_SEQ_CST);
    b = *r;
    res = res * 10000 + a * 100 + b;
  }
  return res;
}

int main(void) {
  g = 0;
  CHECK_EQ(after_atomic_loop(&g, &g, 1), 101015);
  return 0;
}
