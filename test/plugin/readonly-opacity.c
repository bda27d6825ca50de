// Read-only blocks run their first attempt with unlogged loads.  Writers
// (atomic blocks, relaxed blocks that go irrevocable before or in the
// middle of their writes, instrumented or, with -DSERIAL, serial) keep
// two fields of each pair equal; readers, read-only blocks alone, nested
// in read-only blocks, and with the second read of a field reused, must
// never see a torn pair (opacity: checked inside the block, through a
// pure function that aborts the program).
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Werror %s -o %t %stm_ldflags
// RUN: %clang %stm_plugin -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
// RUN: %t
// RUN: env STM_INJECT_ABORTS=20 %t
// RUN: %clang %stm_plugin -DSERIAL -O2 -Wall -Wextra -Werror %s -o %t.serial %stm_ldflags
// RUN: %t.serial
// RUN: env STM_INJECT_ABORTS=20 %t.serial
// The readers' blocks are read-only, the writers' are not.
// CHECK: __stm_ro_0 __attribute__((__unused__)) = 0;
// CHECK: __stm_ro_1 __attribute__((__unused__)) = 0;
// CHECK: __stm_ro_2 __attribute__((__unused__)) = 0;
// CHECK: __stm_ro_3 __attribute__((__unused__)) = 1;
// CHECK: __stm_ro_4 __attribute__((__unused__)) = 1;
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#define N 4
#ifdef SERIAL
#define IRR(c) __asm__ __volatile__("") /* serial irrevocability */
#else
#define IRR(c) fputc(c, devnull)
#endif
struct pair { long a; long pad[9]; long b; };
struct pair pairs[N];
__attribute__((transaction_pure)) static void torn(long x, long y) {
  fprintf(stderr, "torn %ld %ld\n", x, y);
  abort();
}
static FILE *devnull;
static volatile int stop;
static void *writer(void *arg) {
  unsigned s = (unsigned)(long)arg;
  for (int i = 0; i < 100000; i++) {
    s = s * 1103515245 + 12345;
    int k = (s >> 8) % N;
    if (i % 3 == 0) {
      __transaction_relaxed {
        struct pair *p = &pairs[k];
        p->a++;
        if (i % 2) IRR('x');   /* goes irrevocable mid-block */
        p->b = p->a;
      }
    } else if (i % 3 == 1) {
      __transaction_relaxed {
        IRR('y');            /* irrevocable from the start */
        struct pair *p = &pairs[k];
        p->a++;
        p->b++;
      }
    } else {
      __transaction_atomic {
        struct pair *p = &pairs[k];
        long v = p->a + 1;
        p->a = v;
        p->b = v;
      }
    }
  }
  return 0;
}
static long reads;
static void *reader(void *arg) {
  unsigned s = (unsigned)(long)arg;
  long it = 0;
  while (!stop) {
    s = s * 1103515245 + 12345;
    int k = (s >> 8) % N;
    long x, y;
    for (int rep = 0; rep < 4; rep++) {
      __transaction_atomic {
        struct pair *p = &pairs[k], *q = &pairs[(k + rep) % N];
        x = p->a;
        long z = q->b;
        y = p->b;
        if (x != y) torn(x, y);
        if (q->a != z) torn(z, q->a);
      }
    }
    /* nested read-only inside read-only, and read-only inside a writing block */
    __transaction_atomic {
      struct pair *p = &pairs[k];
      x = p->a;
      __transaction_atomic { y = p->b; if (x != y) torn(x, y); }
    }
    it++;
  }
  __atomic_fetch_add(&reads, it, __ATOMIC_RELAXED);
  return 0;
}
int main(void) {
  devnull = fopen("/dev/null", "w");
  pthread_t w[2], r[2];
  for (long i = 0; i < 2; i++) pthread_create(&w[i], 0, writer, (void *)(i + 1));
  for (long i = 0; i < 2; i++) pthread_create(&r[i], 0, reader, (void *)(i + 7));
  for (int i = 0; i < 2; i++) pthread_join(w[i], 0);
  stop = 1;
  for (int i = 0; i < 2; i++) pthread_join(r[i], 0);
  long tot = 0;
  for (int i = 0; i < N; i++) { if (pairs[i].a != pairs[i].b) return 1; tot += pairs[i].a; }
  printf("tot=%ld reads=%ld\n", tot, reads);
  return tot == 200000 ? 0 : 1;
}
