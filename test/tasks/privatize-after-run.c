// Privatization safety across stm_run_all_tasks.  Commits inside tasks skip
// the per-commit wait for older transactions (docs/TASKS.md); the wait
// happens once when stm_run_all_tasks returns.  A task swaps in a fresh
// object; after the run the caller owns the old one and writes it with
// plain stores, a then b.  A reader thread outside the pool, in
// transactions that began before the swap, must never see a != b: the
// caller may only write once those transactions are over.
// RUN: %stmcc -O2 %s -o %t
// RUN: env STM_THREADS=2 %t | FileCheck %s
// RUN: env STM_THREADS=1 %t | FileCheck %s
// CHECK: privatize after run: {{[0-9]+}} reads, 0 torn: OK
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <stm.h>

typedef struct obj { long a, b; } obj_t;

static obj_t *shared;
static int stop;
static long reads, torn;

/* Widens the window between reading the pointer and reading the object. */
__attribute__((transaction_pure)) static void pause_a_little(void) {
  for (int i = 0; i < 200; i++)
    __asm__ volatile("" ::: "memory");
}

static void *reader(void *arg) {
  (void)arg;
  while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE)) {
    long a, b;
    __transaction_atomic {
      obj_t *p = shared;
      pause_a_little();
      a = p->a;
      pause_a_little();
      b = p->b;
    }
    reads++;
    torn += a != b;
  }
  return NULL;
}

static void swap_in(void *fresh) { shared = fresh; }

int main(void) {
  enum { ROUNDS = 3000 };
  obj_t *objs = calloc(ROUNDS + 1, sizeof *objs);
  if (!objs)
    return 2;
  shared = &objs[0];
  pthread_t t;
  pthread_create(&t, NULL, reader, NULL);
  for (long r = 1; r <= ROUNDS; r++) {
    obj_t *old = shared; /* only tasks write it, and none runs now */
    stm_add_task(swap_in, &objs[r]);
    stm_run_all_tasks();
    /* Private now: plain writes, with a gap a reader could fall into. */
    old->a = -r;
    for (int i = 0; i < 200; i++)
      __asm__ volatile("" ::: "memory");
    old->b = -r;
  }
  __atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
  pthread_join(t, NULL);
  printf("privatize after run: %ld reads, %ld torn: %s\n", reads, torn, torn ? "FAILED" : "OK");
  return torn != 0;
}
