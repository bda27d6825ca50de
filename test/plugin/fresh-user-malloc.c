// Only libc's malloc and calloc (the calls that become stm_malloc and
// stm_calloc) return a block no other thread can reach.  A file's own
// function called malloc is cloned like any other, and what it returns
// is shared: writes through the pointer have barriers, and a cancelled
// transaction leaves the memory as it was.
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Werror -Wno-incompatible-library-redeclaration %s -o %t %stm_ldflags && %t
// RUN: env STM_INJECT_ABORTS=30 %t
// RUN: %clang %stm_plugin -Wno-incompatible-library-redeclaration -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
#include <stdio.h>

#define CHECK_EQ(got, want)                                                    \
  do {                                                                         \
    if ((got) != (want)) {                                                     \
      fprintf(stderr, "%s:%d: %s wrong\n", __FILE__, __LINE__, #got);          \
      __builtin_abort();                                                       \
    }                                                                          \
  } while (0)

static int pool[4];
static int next_slot;

// Not libc's: this file's own malloc.  It replaces libc's for the whole
// program: only for the test's odd size does it return the shared pool.
extern void *__libc_malloc(unsigned long n) __attribute__((transaction_pure));
void *malloc(unsigned long n) __attribute__((transaction_safe));
void *malloc(unsigned long n) {
  if (n != 12345)
    return __libc_malloc(n);
  return &pool[next_slot++ & 3];
}

// CHECK-LABEL: int cancelled(
// CHECK: int *p = _ZGTt6malloc(
// CHECK-NEXT: stm_store_u32({{.*}}&(*p)
int cancelled(int c) {
  int r = 0;
  __transaction_atomic {
    int *p = malloc(12345);
    *p = 42;
    r = *p;
    if (c)
      __transaction_cancel;
  }
  return r;
}

int main(void) {
  CHECK_EQ(cancelled(1), 0);
  CHECK_EQ(pool[0], 0);
  CHECK_EQ(next_slot, 0);
  CHECK_EQ(cancelled(0), 42);
  CHECK_EQ(pool[0], 42);
  return 0;
}
