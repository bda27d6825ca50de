// Scan loops read through snapshots against concurrent writers: writers
// move amounts between accounts (atomic blocks, and relaxed blocks that go
// irrevocable), readers sum all accounts with scan loops (a global array,
// a field of an array of structs, through a local pointer, in a clone, and
// in a block that writes first, so read-own-write), and check the total
// inside the transaction: a torn snapshot fails even in an attempt that
// would abort later (opacity).
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Werror %s -o %t %stm_ldflags && %t
// RUN: env STM_INJECT_ABORTS=20 %t
// RUN: %clang %stm_plugin -O0 %s -o %t0 %stm_ldflags && %t0
// RUN: %clang %stm_plugin -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
// CHECK-LABEL: long sum_global(void)
// CHECK: stm_read_snapshot(
// CHECK-LABEL: long sum_fields(void)
// CHECK: stm_read_snapshot(
// CHECK-LABEL: long sum_pointer(const long *p, long n)
// CHECK: stm_read_snapshot(
// CHECK-LABEL: _ZGTt8sum_safe(
// CHECK: stm_read_snapshot(
// CHECK-LABEL: long sum_after_write(void)
// CHECK: stm_read_snapshot(
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "Inputs/check.h"

#define N 512
#define START 100
long accounts[N];
struct acct {
  char tag;
  long balance;
} recs[N];
static volatile int stop;
static FILE *devnull;

__attribute__((transaction_pure)) static void torn(const char *what, long got) {
  fprintf(stderr, "%s: torn total %ld\n", what, got);
  abort();
}

long sum_global(void) {
  long r;
  __transaction_atomic {
    long s = 0;
    for (long i = 0; i < N; i++)
      s += accounts[i];
    if (s != (long)N * START)
      torn("global", s);
    r = s;
  }
  return r;
}

long sum_fields(void) {
  long r;
  __transaction_atomic {
    long s = 0;
    for (int i = 0; i < N; i++)
      s += recs[i].balance;
    if (s != (long)N * START)
      torn("fields", s);
    r = s;
  }
  return r;
}

long sum_pointer(const long *p, long n) {
  long r;
  __transaction_atomic {
    long s = 0;
    for (long i = 0; i < n; i++)
      s += p[i];
    if (s != (long)N * START)
      torn("pointer", s);
    r = s;
  }
  return r;
}

__attribute__((transaction_safe)) long sum_safe(const long *p, long n) {
  long s = 0;
  for (long i = 0; i < n; i++)
    s += p[i];
  if (s != (long)N * START)
    torn("clone", s);
  return s;
}

long sum_after_write(void) {
  long r;
  __transaction_atomic {
    long s = 0;
    if (accounts[0] > 0) { /* move one unit 0 -> 1: seen by the snapshot */
      accounts[0]--;
      accounts[1]++;
    }
    for (long i = 0; i < N; i++)
      s += accounts[i];
    if (s != (long)N * START)
      torn("after write", s);
    r = s;
  }
  return r;
}

static void *writer(void *arg) {
  unsigned seed = (unsigned)(long)arg;
  for (long k = 0; k < 30000 && !stop; k++) {
    int from = rand_r(&seed) % N, to = rand_r(&seed) % N;
    long amount = rand_r(&seed) % 20;
    if (k % 16 == 0) {
      __transaction_relaxed {
        accounts[from] -= amount;
        recs[from].balance -= amount;
        fputc('.', devnull); /* irrevocable from here */
        accounts[to] += amount;
        recs[to].balance += amount;
      }
    } else {
      __transaction_atomic {
        accounts[from] -= amount;
        accounts[to] += amount;
        recs[from].balance -= amount;
        recs[to].balance += amount;
      }
    }
  }
  stop = 1;
  return 0;
}

int main(void) {
  devnull = fopen("/dev/null", "w");
  for (int i = 0; i < N; i++) {
    accounts[i] = START;
    recs[i].balance = START;
  }
  pthread_t w[2];
  for (long i = 0; i < 2; i++)
    pthread_create(&w[i], 0, writer, (void *)(i + 1));
  long reads = 0;
  while (!stop) {
    long r;
    CHECK_EQ(sum_global(), (long)N * START);
    CHECK_EQ(sum_fields(), (long)N * START);
    CHECK_EQ(sum_pointer(accounts, N), (long)N * START);
    __transaction_atomic { r = sum_safe(accounts, N); }
    CHECK_EQ(r, (long)N * START);
    CHECK_EQ(sum_after_write(), (long)N * START);
    reads++;
  }
  for (int i = 0; i < 2; i++)
    pthread_join(w[i], 0);
  CHECK_EQ(sum_global(), (long)N * START);
  printf("ok %d\n", reads > 0);
  return 0;
}
