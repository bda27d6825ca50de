// A transaction_may_cancel_outer function cancels its caller's outermost
// ([[outer]]) transaction; calling one elsewhere is an error.
// RUN: %clang %stm_plugin -O2 -Wall -Werror %s -o %t %stm_ldflags && %t
// RUN: not %clang %stm_plugin -DBAD -c %s -o %t.o 2>&1 | FileCheck %s
#include "Inputs/check.h"

int a, b;

__attribute__((transaction_may_cancel_outer, noinline)) void give_up(void) {
  __transaction_cancel [[outer]];
}

int main(void) {
  __transaction_atomic [[outer]] {
    a = 2;
    __transaction_atomic {
      b = 2;
      give_up();
    }
  }
  CHECK_EQ(a, 0);
  CHECK_EQ(b, 0);
  __transaction_atomic [[outer]] {
    a = 3;
    if (a == 4)
      give_up();
  }
  CHECK_EQ(a, 3);
#ifdef BAD
  __transaction_atomic {
    // CHECK: cancel-outer-function.c:[[@LINE+1]]:5: error: function with transaction_may_cancel_outer attribute not within outer transaction
    give_up();
  }
#endif
  return 0;
}
