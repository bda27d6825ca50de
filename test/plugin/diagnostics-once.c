// Warnings in a file with transactions are reported once, at the user's
// locations, and do not stop the compile; with -Werror they do.
// RUN: %clang %stm_plugin -Wall -c %s -o %t.o 2>&1 | FileCheck %s
// RUN: not %clang %stm_plugin -Wall -Werror -c %s -o %t2.o 2>&1 | FileCheck %s --check-prefix=WERROR
// RUN: not test -e %t2.o
int g;
int f(void) {
  // CHECK: diagnostics-once.c:[[@LINE+2]]:7: warning: unused variable 'unused'
  // WERROR: diagnostics-once.c:[[@LINE+1]]:7: error: unused variable 'unused' [-Werror,-Wunused-variable]
  int unused;
  __transaction_atomic { g++; }
  return g;
}
// CHECK-NOT: warning:
// CHECK: 1 warning generated.
// WERROR: 1 error generated.
