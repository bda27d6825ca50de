// Operands of sizeof, _Alignof, typeof, _Generic (except the chosen
// association) and offsetof are not evaluated, so never instrumented.
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Werror %s -o %t %stm_ldflags && %t
// RUN: %clang %stm_plugin -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
#include <stddef.h>
#include "Inputs/check.h"

struct s { int a; double d[4]; } gs;
int gi = 5;
double gd = 1.0;

int main(void) {
  size_t n;
  int r;
  __typeof__(gi) t;
  __transaction_atomic {
    // CHECK: n = sizeof gs + sizeof(gi) + _Alignof(double) + __builtin_offsetof(struct s, d);
    n = sizeof gs + sizeof(gi) + _Alignof(double) + offsetof(struct s, d);
    // CHECK: t = (__typeof__(gi))0;
    t = (__typeof__(gi))0;
    // Only the chosen association is evaluated (and read).
    // CHECK: r = _Generic(gi, double: gd, int: ((int)stm_load{{m?}}_u32({{.*}}(&(gi))
    r = _Generic(gi, double: gd, int: gi);
  }
  CHECK_EQ(n, sizeof gs + sizeof(int) + _Alignof(double) + offsetof(struct s, d));
  CHECK_EQ(t, 0);
  CHECK_EQ(r, 5);
  return 0;
}
