// A function's outermost read-only block reads without logging
// (stm_loadm_* with a constant 1: abi.h's stm_load_ro_*); a conflict makes
// it abort, and the retry logs its reads and may extend its snapshot.
// Either way it sees one consistent snapshot: the readers below check that
// two words always updated together are equal, against a writer.
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Werror %s -o %t %stm_ldflags && %t
// RUN: env STM_INJECT_ABORTS=20 %t
// RUN: %clang %stm_plugin -O0 %s -o %t0 %stm_ldflags && %t0
// RUN: %clang %stm_plugin -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
#include <pthread.h>
#include "Inputs/check.h"

long a[64], b[64];
volatile int stop, started;

static void *writer(void *arg) {
  (void)arg;
  for (long i = 0; !stop; i++) {
    // CHECK-LABEL: writer(
    // CHECK: const int __stm_ro_0 __attribute__((__unused__)) = 0;
    __transaction_atomic {
      a[i & 63] += 1;
      b[i & 63] += 1;
    }
    started = 1;
  }
  return 0;
}

// CHECK-LABEL: long reader(
// CHECK: const int __stm_ro_1 __attribute__((__unused__)) = 1;
// CHECK: stm_loadm_u64(__stm_ro_1, __stm_tx_1,
long reader(void) {
  long bad = 0;
  for (int r = 0; r < 100000; r++) {
    long sa = 0, sb = 0;
    __transaction_atomic {
      long x = 0, y = 0;
      // a[i & 63], not a[i]: per-element loads, not one snapshot of the
      // array (plugin/scan-snapshot.c, scan-threads.c test those).
      for (int i = 0; i < 64; i++)
        x += a[i & 63];
      for (int i = 0; i < 64; i++)
        y += b[i & 63];
      sa = x;
      sb = y;
    }
    bad += sa != sb;
  }
  return bad;
}

int main(void) {
  pthread_t w;
  pthread_create(&w, 0, writer, 0);
  while (!started)
    ;
  long bad = reader();
  stop = 1;
  pthread_join(w, 0);
  CHECK_EQ(bad, 0);
  long sa = 0, sb = 0;
  for (int i = 0; i < 64; i++)
    sa += a[i], sb += b[i];
  CHECK_EQ(sa, sb);
  return 0;
}
