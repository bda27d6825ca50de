// Jumping into a transaction (goto, case label, label address) is an
// error; computed goto inside one is not supported.
// RUN: not %clang %stm_plugin -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=error:
int g;

void f(int x) {
  // CHECK: err-jumps.c:[[@LINE+1]]:3: error: stmpass: goto into a transaction
  goto inside;
  __transaction_atomic {
  inside:
    g++;
  }
  switch (x) {
  case 1:
    __transaction_atomic {
    // CHECK: err-jumps.c:[[@LINE+1]]:5: error: stmpass: case label jumps into a transaction
    case 2:
      g++;
    }
  }
  __transaction_atomic {
    // CHECK: err-jumps.c:[[@LINE+1]]:15: error: stmpass: the address of a label inside a transaction cannot be taken
    void *p = &&there;
    // CHECK: err-jumps.c:[[@LINE+1]]:5: error: stmpass: computed goto inside a transaction is not supported
    goto *p;
  there:
    g++;
  }
}
