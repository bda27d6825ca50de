// -save-temps: the .i keeps the user's code; compiling it goes through the
// plugin like any other input.
// RUN: rm -rf %t.dir && mkdir -p %t.dir && cd %t.dir
// RUN: %clang %stm_plugin -save-temps -O1 %s -o prog %stm_ldflags && ./prog | FileCheck %s
// RUN: grep -q __transaction_atomic flag-save-temps.i
// RUN: test -f flag-save-temps.bc && test -f flag-save-temps.s && test -f flag-save-temps.o
#include <stdio.h>
int g = 1;
int main(void) {
  __transaction_atomic { g *= 6; }
  // CHECK: g=6
  printf("g=%d\n", g);
  return 0;
}
