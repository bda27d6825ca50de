// Source on standard input.
// RUN: cat %s | %clang %stm_plugin -x c - -o %t %stm_ldflags && %t | FileCheck %s
#include <stdio.h>
int g = 2;
int main(void) {
  __transaction_atomic { g += 40; }
  // CHECK: g=42
  printf("g=%d\n", g);
  return 0;
}
