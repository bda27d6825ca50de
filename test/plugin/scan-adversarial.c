// Scan loops over inputs found in review: each must compile, and give the
// values of the per-access barriers.
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Werror %s -o %t %stm_ldflags && %t
// RUN: env STM_INJECT_ABORTS=30 %t
// RUN: %clang %stm_plugin -O0 %s -o %t0 %stm_ldflags && %t0
// RUN: %clang %stm_plugin -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
#include "Inputs/check.h"

#define N 8

// Elements that are pointers to functions or to arrays: "T *name" is no
// declaration of the snapshot.
static int one(void) { return 1; }
static int two(void) { return 2; }
int (*fns[N])(void) = {one, two, one, two, one, two, one, two};
int row[3] = {5, 6, 7};
int (*rows[N])[3];

// CHECK-LABEL: long fnptrs(void)
// CHECK: const __typeof__((fns)[0]) *__stm_snap{{[0-9]+}};
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
// CHECK: const __typeof__((rows)[0]) *__stm_snap{{[0-9]+}};
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

// A struct tag shadowed at the loop: the snapshot has the type of recs'
// elements, not of the local struct rec (which is 16 times larger).
struct rec {
  int a;
} recs[N];
typedef int T;
T ts[N];

// CHECK-LABEL: long shadowed(void)
// CHECK: const __typeof__((recs)[0]) *__stm_snap{{[0-9]+}};
// CHECK: stm_read_snapshot
long shadowed(void) {
  long s = 0;
  __transaction_atomic {
    struct rec {
      int a;
      int pad[15];
    };
    for (int i = 0; i < N; i++)
      s += recs[i].a;
  }
  return s;
}

// A typedef name of the element type declared as a variable by INIT.
// CHECK-LABEL: long typedef_shadowed(void)
// CHECK: { int T = 0; const int *__stm_snap{{[0-9]+}};
long typedef_shadowed(void) {
  long s = 0;
  __transaction_atomic {
    for (int T = 0; T < N; T++)
      s += ts[T];
  }
  return s;
}

int main(void) {
  for (int i = 0; i < N; i++) {
    recs[i].a = i + 1;
    ts[i] = 10 * i;
  }
  CHECK_EQ(shadowed(), N * (N + 1) / 2);
  CHECK_EQ(typedef_shadowed(), 10 * N * (N - 1) / 2);
  for (int i = 0; i < N; i++)
    rows[i] = &row;
  CHECK_EQ(fnptrs(), 4);
  CHECK_EQ(arrptrs(), 6 * N);
  return 0;
}
