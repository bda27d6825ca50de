// Scan loops over inputs found in review: each must compile, and give the
// values of the per-access barriers.
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Wshadow -Werror %s -o %t %stm_ldflags && %t
// RUN: env STM_INJECT_ABORTS=30 %t
// RUN: %clang %stm_plugin -O0 %s -o %t0 %stm_ldflags && %t0
// RUN: %clang %stm_plugin -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
#include "Inputs/check.h"

#define N 8

// Elements that are pointers to functions or to arrays: the snapshot's
// declaration is spelled around its name ("T *name" is no declaration).
static int one(void) { return 1; }
static int two(void) { return 2; }
int (*fns[N])(void) = {one, two, one, two, one, two, one, two};
int row[3] = {5, 6, 7};
int (*rows[N])[3];

// CHECK-LABEL: long fnptrs(void)
// CHECK: int (*const *__stm_snap{{[0-9]+}})(void);
// CHECK: stm_read_snapshot
long fnptrs(void) {
  long s = 0;
  __transaction_atomic {
    for (int i = 0; i < N; i++) {
      int (*f)(void) = fns[i];
      s += f == one;
    }
  }
  return s;
}

// CHECK-LABEL: long arrptrs(void)
// CHECK: int (*const *__stm_snap{{[0-9]+}})[3];
// CHECK: stm_read_snapshot
long arrptrs(void) {
  long s = 0;
  __transaction_atomic {
    for (int i = 0; i < N; i++) {
      int (*r)[3] = rows[i];
      s += (*r)[1];
    }
  }
  return s;
}

int main(void) {
  for (int i = 0; i < N; i++)
    rows[i] = &row;
  CHECK_EQ(fnptrs(), 4);
  CHECK_EQ(arrptrs(), 6 * N);
  return 0;
}
