// Leaving a transaction by break, continue, return and goto commits it
// first (nested: each level); `return expr` evaluates expr inside.
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Werror %s -o %t %stm_ldflags && %t
// RUN: %clang %stm_plugin -O0 %s -o %t0 %stm_ldflags && STM_STATS=1 %t0 2>&1 | FileCheck %s --check-prefix=STATS
// RUN: %clang %stm_plugin -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
#include "Inputs/check.h"

int g, h;

// CHECK-LABEL: int ret_value(int x) {
// CHECK: { int __stm_ret{{[0-9]+}} = (((int)stm_load{{m?}}_u32({{.*}}(&(g)){{.*}} + x); stm_commit(__stm_tx_0); return __stm_ret{{[0-9]+}}; }
int ret_value(int x) {
  __transaction_atomic {
    if (x > 3)
      return g + x;
    g++;
  }
  return -1;
}


void ret_void(int x) {
  // CHECK: { stm_commit(__stm_tx_1); return; }
  __transaction_atomic {
    if (x)
      return;
    g += 100;
  }
}

int loops(void) {
  int i, n = 0;
  for (i = 0; i < 10; i++) {
    __transaction_atomic {
      // CHECK: { stm_commit(__stm_tx_2); continue; }
      if (i == 2)
        continue;
      // CHECK: { stm_commit(__stm_tx_2); break; }
      if (i == 6)
        break;
      n++;
      h += i;
    }
  }
  return n;
}

int nested_goto(int x) {
  __transaction_atomic {
    __transaction_atomic {
      // CHECK: { stm_commit(__stm_tx_4); stm_commit(__stm_tx_3); goto out; }
      if (x)
        goto out;
      g = 77;
    }
  }
  return 0;
out:
  return 1;
}

int inner_loop(void) {
  int i, n = 0;
  __transaction_atomic {
    // A break that stays inside the transaction is left alone.
    // CHECK: if (i == 3) break;
    for (i = 0; i < 10; i++) {
      if (i == 3) break;
      n++;
    }
    g = n;
  }
  return g;
}

int main(void) {
  CHECK_EQ(ret_value(5), 5);
  CHECK_EQ(ret_value(1), -1);
  CHECK_EQ(g, 1);
  ret_void(1);
  ret_void(0);
  CHECK_EQ(g, 101);
  CHECK_EQ(loops(), 5);
  CHECK_EQ(h, 13);
  CHECK_EQ(nested_goto(1), 1);
  CHECK_EQ(nested_goto(0), 0);
  CHECK_EQ(g, 77);
  CHECK_EQ(inner_loop(), 3);
  return 0;
}
// Every transaction that began committed (nested ones count once).
// STATS: commits: 14 (
