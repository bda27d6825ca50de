// transaction_safe functions defined here get their clone even when no
// transaction in this file calls them (another file may), and their body
// must be safe; transaction_callable ones are called through their clone
// from relaxed transactions; a user function named like a libc one is the
// user's (cloned, not trusted as pure).
// RUN: not %clang %stm_plugin -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=ERR --implicit-check-not=error:
// RUN: %clang %stm_plugin -DOK -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
// RUN: %clang %stm_plugin -DOK -DMAIN -O2 %s -o %t %stm_ldflags && %t | FileCheck %s --check-prefix=OUT
#include <stdio.h>
int g;

// CHECK: extern int (_ZGTt9safe_incr)(int); __attribute__(({{ *}})) int safe_incr(int by)
// CHECK: int _ZGTt9safe_incr(int by) { stm_tx_t *const
__attribute__((transaction_safe)) int safe_incr(int by) { g += by; return g; }

// CHECK: void _ZGTt4note(const char *what) { stm_tx_t *const
__attribute__((transaction_callable)) void note(const char *what) { printf("note %s\n", what); }

// A user function called `log`: cloned, its printf makes it unsafe.
static void log(int x) { printf("log %d\n", x); }

#ifndef OK
// ERR: safe-attribute.c:[[@LINE+1]]:52: error: unsafe 'printf' in transaction_safe function 'bad'
__attribute__((transaction_safe)) void bad(void) { printf("x\n"); }
void f(void) {
  __transaction_atomic {
    // ERR: safe-attribute.c:[[@LINE+1]]:5: error: unsafe function call 'note' within atomic transaction
    note("x");
    // ERR: safe-attribute.c:[[@LINE+2]]:5: error: unsafe function call 'log' within atomic transaction
    // ERR: note: 'log' is unsafe because of 'printf' here
    log(1);
  }
}
#endif

#ifdef MAIN
int main(void) {
  __transaction_relaxed {
    // CHECK-NOT: note("relaxed")
    note("relaxed");
    log(2);
  }
  __transaction_atomic { safe_incr(5); }
  printf("g=%d\n", g);
  return 0;
}
// OUT: note relaxed
// OUT-NEXT: log 2
// OUT-NEXT: g=5
#endif
