// Writes made in place, without a barrier, end a reused load just as a
// barrier store does: a local pointer may point to a thread-local
// variable, to errno, into a block this transaction allocated (still
// written directly), or to memory a pure function writes (modf's
// out-parameter, a user's transaction_pure function).  The second read of
// *p must be a barrier again, not the first read's cached value.
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Werror %s -o %t %stm_ldflags && %t
// RUN: env STM_INJECT_ABORTS=30 %t
// RUN: %clang %stm_plugin -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
#include <errno.h>
#include <stdlib.h>
#include "Inputs/check.h"

__thread int tls;
int shared_int;

__attribute__((transaction_pure)) static void set7(int *q) { *q = 7; }

struct rec {
  int a, b;
};

// CHECK-LABEL: int thread_local_write(
// CHECK: int a = {{.*}}stm_load{{m?}}_u32({{.*}}&(*p)
// CHECK-NEXT: tls = 5;
// CHECK-NEXT: int b = {{.*}}stm_load{{m?}}_u32({{.*}}&(*p)
int thread_local_write(int *p) {
  int r;
  __transaction_atomic {
    int a = *p;
    tls = 5;
    int b = *p;
    r = a * 10 + b;
  }
  return r;
}

// CHECK-LABEL: int errno_write(
// CHECK: int a = {{.*}}stm_load{{m?}}_u32({{.*}}&(*e)
// CHECK-NEXT: {{.*}}errno{{.*}} = 3;
// CHECK-NEXT: int b = {{.*}}stm_load{{m?}}_u32({{.*}}&(*e)
int errno_write(void) {
  int r;
  __transaction_atomic {
    int *e = &errno;
    int a = *e;
    errno = 3;
    int b = *e;
    r = a * 10 + b;
  }
  return r;
}

// A pointer into a fresh block: the block's field is written directly.
// CHECK-LABEL: int fresh_field_write(
// CHECK: int a = {{.*}}stm_load{{m?}}_u32({{.*}}&(*q)
// CHECK-NEXT: x->b = 8;
// CHECK-NEXT: int b = {{.*}}stm_load{{m?}}_u32({{.*}}&(*q)
int fresh_field_write(void) {
  int r;
  __transaction_atomic {
    struct rec *x = malloc(sizeof *x);
    x->a = 0;
    x->b = 1;
    int *q = &x->b;
    int a = *q;
    x->b = 8;
    int b = *q;
    r = a * 10 + b;
    free(x);
  }
  return r;
}

// q = p = malloc(n): p must not be fresh (q points to the block too).
// CHECK-LABEL: int chained_malloc(
// CHECK: q = p = stm_malloc(
// CHECK-NEXT: stm_store_u32({{.*}}&(*p)
int chained_malloc(void) {
  int r;
  __transaction_atomic {
    int *p, *q;
    q = p = malloc(sizeof *p);
    *p = 1;
    int a = *q;
    *p = 2;
    int b = *q;
    r = a * 10 + b;
    free(p);
  }
  return r;
}

// CHECK-LABEL: int pure_writes(
// CHECK: set7(p);
// CHECK-NEXT: int b = {{.*}}stm_load{{m?}}_u32({{.*}}&(*p)
int pure_writes(int *p) {
  int r;
  __transaction_atomic {
    int a = *p;
    set7(p);
    int b = *p;
    r = (a != 7) * 100 + b;
  }
  return r;
}

int main(void) {
  tls = 4;
  CHECK_EQ(thread_local_write(&tls), 45);
  errno = 0;
  CHECK_EQ(errno_write(), 3);
  CHECK_EQ(fresh_field_write(), 18);
  CHECK_EQ(chained_malloc(), 12);
  shared_int = 0;
  // Retries see the pure function's in-place write: only b is exact.
  CHECK_EQ(pure_writes(&shared_int) % 100, 7);
  return 0;
}
