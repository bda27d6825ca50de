// The shape of a transaction statement: a compound statement, optionally
// preceded by [[outer]].
// RUN: not %clang %stm_plugin -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=error:
int g;

void f(void) {
  // CHECK: err-syntax.c:[[@LINE+1]]:3: error: expected '{' after __transaction_atomic
  __transaction_atomic g++;
  // CHECK: err-syntax.c:[[@LINE+1]]:24: error: stmpass: only {{\[\[outer\]\]}} may follow a transaction keyword
  __transaction_atomic [[foo]] { g++; }
}
