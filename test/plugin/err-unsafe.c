// Unsafe statements in __transaction_atomic are errors at their location.
// RUN: not %clang %stm_plugin -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: not test -e %t.o
#include <stdio.h>

int g;
volatile int vol;
_Atomic int at;
void unknown(void);
void callable(void) __attribute__((transaction_callable));
void unsafe_fn(void) __attribute__((transaction_unsafe));
void safe_elsewhere(void) __attribute__((transaction_safe));
int pure_fn(int) __attribute__((transaction_pure));
static int visible(int x) { return x + 1; }
void (*fp)(void);
#define CALL_UNKNOWN(x) unknown()

void f(void) {
  __transaction_atomic {
    // CHECK: err-unsafe.c:[[@LINE+1]]:5: error: unsafe function call 'printf' within atomic transaction
    printf("x\n");
    // CHECK: err-unsafe.c:[[@LINE+1]]:5: error: unsafe function call 'unknown' within atomic transaction
    unknown();
    // CHECK: err-unsafe.c:[[@LINE+1]]:5: error: unsafe function call 'callable' within atomic transaction
    callable();
    // CHECK: err-unsafe.c:[[@LINE+1]]:5: error: unsafe function call 'unsafe_fn' within atomic transaction
    unsafe_fn();
    // Called from a macro's body (STAMP's MANAGER_ADD_CAR(...)): the
    // function is named, not the macro's use.
    // CHECK: err-unsafe.c:[[@LINE+1]]:5: error: unsafe function call 'unknown' within atomic transaction
    CALL_UNKNOWN(g);
    // Another file's clone (separate.c).
    safe_elsewhere();
    // A function defined here is cloned (clones.c).
    g = visible(g);
    // Through a pointer: the clone found at run time (indirect.c).
    fp();
    // CHECK: err-unsafe.c:[[@LINE+1]]:5: error: volatile access within atomic transaction
    vol = 1;
    // CHECK: err-unsafe.c:[[@LINE+1]]:9: error: volatile access within atomic transaction
    g = vol;
    // CHECK: err-unsafe.c:[[@LINE+1]]:5: error: _Atomic access within atomic transaction
    at++;
    // CHECK: err-unsafe.c:[[@LINE+1]]:5: error: unsafe atomic operation within atomic transaction
    __atomic_store_n(&g, 1, __ATOMIC_SEQ_CST);
    // CHECK: err-unsafe.c:[[@LINE+1]]:5: error: unsafe function call '__sync_fetch_and_add' within atomic transaction
    __sync_fetch_and_add(&g, 1);
    // CHECK: err-unsafe.c:[[@LINE+1]]:5: error: asm not allowed in atomic transaction
    __asm__("nop");
    // A transaction_pure function is fine.
    g = pure_fn(g);
  }
}
// CHECK: 11 errors generated.
