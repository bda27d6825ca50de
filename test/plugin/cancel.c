// __transaction_cancel: rolls back the innermost atomic transaction, or
// with [[outer]] the outermost; writes and written locals are undone and
// execution continues after the cancelled block.
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Werror %s -o %t %stm_ldflags && %t
// RUN: %clang %stm_plugin -O0 %s -o %t0 %stm_ldflags && %t0
// RUN: %clang %stm_plugin -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
#include "Inputs/check.h"

int g, h;

int simple(void) {
  int local = 10, other = 1;
  // CHECK-LABEL: int simple(void) {
  // CHECK: stm_begin(__stm_tx_0, (stm_jmp_t)(void *)&__stm_jb_0, (0x1u)|(0x4u)|(0x40u),
  __transaction_atomic {
    local = 20;
    g = 555;
    other++;
    // CHECK: if (local == 20) stm_cancel(__stm_tx_0, 0, &__stm_sites[{{[0-9]+}}]);
    if (local == 20) __transaction_cancel;
    g = 666;
  }
  return local * 100 + other;
}

int nested(void) {
  int a = 1, b = 1;
  __transaction_atomic {
    a = 2;
    h = 1;
    __transaction_atomic {
      b = 2;
      h = 2;
      __transaction_cancel;
    }
    a += 10;
  }
  return a * 100 + b * 10 + h;
}

int outer(void) {
  int a = 1;
  // CHECK-LABEL: int outer(void) {
  // CHECK: stm_begin(__stm_tx_3, (stm_jmp_t)(void *)&__stm_jb_3, (0x1u)|(0x4u)|(0x10u)|(0x40u),
  __transaction_atomic [[outer]] {
    a = 2;
    h = 50;
    __transaction_atomic {
      // CHECK: stm_cancel(__stm_tx_4, 1, &__stm_sites[{{[0-9]+}}]);
      __transaction_cancel [[outer]];
    }
  }
  return a * 100 + h;
}

// A dangling else after a cancel belongs to the user's if.
int dangling(int c) {
  int r = 0;
  __transaction_atomic {
    r = 1;
    if (c)
      __transaction_cancel;
    else
      r = 2;
  }
  return r;
}

int main(void) {
  CHECK_EQ(simple(), 1001);
  CHECK_EQ(g, 0);
  CHECK_EQ(nested(), 1211);
  h = 0;
  CHECK_EQ(outer(), 100);
  CHECK_EQ(h, 0);
  CHECK_EQ(dangling(1), 0);
  CHECK_EQ(dangling(0), 2);
  return 0;
}
