// Clones made only because a function's address is taken (it might be
// called through a pointer in a transaction) are dropped, silently, when
// the function cannot be cloned; called from a transaction, the same
// function is an error.
// RUN: %clang %stm_plugin -O2 -Wall -Werror -c %s -o %t.o
// RUN: not %clang %stm_plugin -DCALL -c %s -o %t.o 2>&1 | FileCheck %s
#include <stdarg.h>
int g;
static int sum(int n, ...) {
  va_list ap;
  int s = 0;
  va_start(ap, n);
  while (n--)
    // CHECK: clone-tentative.c:[[@LINE+1]]:10: error: stmpass: va_arg inside a transaction is not supported
    s += va_arg(ap, int);
  va_end(ap);
  return s;
}
int (*summer)(int, ...) = sum;
void f(void) {
  __transaction_atomic { g++; }
#ifdef CALL
  __transaction_atomic { g = sum(2, 1, 2); }
#endif
}
