// A file without transactions compiles exactly as without the plugin,
// warnings included (once).
// RUN: %clang %stm_plugin -Wall -O2 %s -o %t %stm_ldflags 2>&1 | FileCheck %s
// RUN: %t
// CHECK: no-transaction.c:[[@LINE+3]]:7: warning: unused variable 'unused'
// CHECK-NOT: warning:
int main(void) {
  int unused;
  return 0;
}
