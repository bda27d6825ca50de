// A bank: transfers between accounts and read-only audits that must always
// see the exact total, at 1, 2 and 4 threads, -O0 and -O2.
// RUN: %clang %stm_plugin -O2 %s -o %t %stm_ldflags && %t 1 && %t 2 && %t 4
// RUN: %clang %stm_plugin -O0 %s -o %t0 %stm_ldflags && %t0 4
// RUN: %clang %stm_plugin -O2 -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
#include <pthread.h>
#include <stdlib.h>
#include "Inputs/check.h"

#define NACC 32
#define INIT 1000
#define ITERS 20000

long acct[NACC];
long audits;

static long audit(void) {
  long total = 0;
  int j;
  // A read-only transaction: the plugin marks it so.
  // CHECK-LABEL: static long audit(void) {
  // CHECK: stm_begin({{.*}}, (0x1u)|(0x8u)|(0x40u), &__stm_sites
  __transaction_atomic {
    total = 0;
    for (j = 0; j < NACC; j++)
      total += acct[j];
  }
  return total;
}

static void *worker(void *arg) {
  unsigned seed = (unsigned)(size_t)arg;
  int i;
  for (i = 0; i < ITERS; i++) {
    int from = rand_r(&seed) % NACC, to = rand_r(&seed) % NACC;
    long amount = rand_r(&seed) % 50;
    if (i % 16 == 0) {
      long t = audit();
      if (t != (long)NACC * INIT) {
        fprintf(stderr, "audit saw %ld\n", t);
        abort();
      }
      __transaction_atomic { audits++; }
      continue;
    }
    // CHECK-LABEL: static void *worker(void *arg) {
    // CHECK: stm_begin({{.*}}, (0x1u)|(0x40u), &__stm_sites
    __transaction_atomic {
      if (acct[from] >= amount) {
        acct[from] -= amount;
        acct[to] += amount;
      }
    }
  }
  return NULL;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 4, i;
  pthread_t t[16];
  for (i = 0; i < NACC; i++)
    acct[i] = INIT;
  for (i = 0; i < n; i++)
    pthread_create(&t[i], NULL, worker, (void *)(size_t)(i + 1));
  for (i = 0; i < n; i++)
    pthread_join(t[i], NULL);
  CHECK_EQ(audit(), (long)NACC * INIT);
  CHECK_EQ(audits, (long)n * (ITERS / 16));
  return 0;
}
