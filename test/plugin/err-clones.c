// An atomic transaction may only call functions that are safe: a function
// defined here that does I/O (itself or through another function) is an
// error at the call, with a note at the reason.  Relaxed transactions call
// them and become irrevocable inside.
// RUN: not %clang %stm_plugin -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=error:
#include <stdio.h>
int g;
static void say(int x) { printf("%d\n", x); }
static void indirect_say(int x) { say(x + 1); }
static int counter(void) { static int n; return ++n; }
static int fine(int x) { return x * 2; }

void f(void) {
  __transaction_atomic {
    g = fine(g);
    // CHECK: err-clones.c:[[@LINE+2]]:5: error: unsafe function call 'say' within atomic transaction
    // CHECK: err-clones.c:8:26: note: 'say' is unsafe because of 'printf' here
    say(g);
    // CHECK: err-clones.c:[[@LINE+2]]:5: error: unsafe function call 'indirect_say' within atomic transaction
    // CHECK: err-clones.c:9:35: note: 'indirect_say' is unsafe because of 'say' here
    indirect_say(g);
    // CHECK: err-clones.c:[[@LINE+1]]:9: error: stmpass: 'counter' cannot be called inside an atomic transaction: it has static local variables
    g = counter();
  }
  __transaction_relaxed {
    say(1);
    g = counter();
  }
}
