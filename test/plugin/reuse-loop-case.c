// The instrumentation continues after a loop from the state at its head,
// which holds only if the head is the only way into the loop.  A case
// label in the body (Duff's device) is another way: entered there, the
// read of *r before the loop never ran, and the read after the loop must
// not reuse its value.
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Werror -Wno-implicit-fallthrough %s -o %t %stm_ldflags && %t
// RUN: env STM_INJECT_ABORTS=30 %t
// RUN: %clang %stm_plugin -Wno-implicit-fallthrough -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
#include "Inputs/check.h"

int g = 7;

// CHECK-LABEL: int duff(
// CHECK: res = {{.*}}stm_load{{m?}}_u32({{.*}}&(*r)
// CHECK: res += {{.*}}stm_load{{m?}}_u32({{.*}}&(*r){{.*}} * 100;
__attribute__((noinline)) int duff(int *r, int n) {
  int res = 0;
  __transaction_atomic {
    switch (n) {
    case 0:
      res = *r;
      do {
        res += 1;
      case 1:
        res += 10;
      } while (0);
      res += *r * 100;
    }
  }
  return res;
}

int main(void) {
  CHECK_EQ(duff(&g, 0), 718);
  CHECK_EQ(duff(&g, 1), 710);
  return 0;
}
