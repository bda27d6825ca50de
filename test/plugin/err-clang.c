// An ordinary error inside a transaction is reported once, at the user's
// token, with the user's source line (not the rewritten one), and so is a
// warning; nothing is compiled.
// RUN: not %clang %stm_plugin -Wall -c %s -o %t.o 2>&1 | FileCheck %s
// RUN: not test -e %t.o
int g;

void f(void) {
  __transaction_atomic {
    // CHECK: err-clang.c:[[@LINE+3]]:11: warning: using the result of an assignment as a condition without parentheses
    // CHECK-NEXT: {{^}}   [[@LINE+2]] |     if (g = 2)
    // CHECK-NEXT: {{^}}      |         ~~^~~
    if (g = 2)
      g++;
    // CHECK: err-clang.c:[[@LINE+3]]:5: error: use of undeclared identifier 'undeclared'
    // CHECK-NEXT: {{^}}   [[@LINE+2]] |     undeclared = 1;
    // CHECK-NEXT: {{^}}      |     ^
    undeclared = 1;
  }
}
// CHECK-NOT: error:
// CHECK-NOT: warning:
// CHECK: 1 warning and 1 error generated.
