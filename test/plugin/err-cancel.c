// Misplaced __transaction_cancel and misnested transactions.
// RUN: not %clang %stm_plugin -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=error:
int g;
#define CANCEL __transaction_cancel

void f(int x) {
  // CHECK: err-cancel.c:[[@LINE+1]]:3: error: __transaction_cancel not within __transaction_atomic
  __transaction_cancel;
  __transaction_relaxed {
    // CHECK: err-cancel.c:[[@LINE+1]]:5: error: __transaction_cancel within a __transaction_relaxed
    __transaction_cancel;
  }
  __transaction_atomic {
    // CHECK: err-cancel.c:[[@LINE+1]]:5: error: outer __transaction_cancel not within outer __transaction_atomic
    __transaction_cancel [[outer]];
  }
  __transaction_atomic {
    // CHECK: err-cancel.c:[[@LINE+1]]:5: error: relaxed transaction in atomic transaction
    __transaction_relaxed { g++; }
    // CHECK: err-cancel.c:[[@LINE+1]]:5: error: relaxed transaction in atomic transaction
    __transaction { g++; }
    // CHECK: err-cancel.c:[[@LINE+1]]:5: error: outer transaction in transaction
    __transaction_atomic [[outer]] { g++; }
  }
  // CHECK: err-cancel.c:[[@LINE+1]]:3: error: {{\[\[outer\]\]}} is only valid on __transaction_atomic
  __transaction_relaxed [[outer]] { g++; }
  // From a macro: the location is where the macro is used.
  // CHECK: err-cancel.c:[[@LINE+2]]:7: error: __transaction_cancel not within __transaction_atomic
  if (x)
      CANCEL;
  // CHECK: err-cancel.c:[[@LINE+1]]:39: error: stmpass: __transaction_cancel inside a transaction expression is not supported
  g = __transaction_atomic (({ if (x) __transaction_cancel; 1; }));
}
