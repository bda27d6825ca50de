// transaction_wrap(fn): inside transactions, calls to fn go to the
// wrapper (here a transaction-safe replacement defined in this file).
// RUN: %clang %stm_plugin -O2 -Wall -Werror %s -o %t %stm_ldflags && %t | FileCheck %s --check-prefix=OUT
// RUN: %clang %stm_plugin -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
#include <stdio.h>
long total;
void add_logged(long v) { printf("logged add %ld\n", v); total += v; }
void add_quiet(long v) __attribute__((transaction_wrap(add_logged)));
void add_quiet(long v) { total += v; }

int main(void) {
  // CHECK: _ZGTt9add_quiet(5)
  __transaction_atomic { add_logged(5); }
  add_logged(1);
  printf("total=%ld\n", total);
  return 0;
}
// OUT: logged add 1
// OUT-NEXT: total=6
