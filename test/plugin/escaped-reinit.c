// A local declared inside a transaction (or a clone) whose address is taken
// is accessed through the barriers, but its initialisation writes memory.
// The write log can still hold its address from an earlier lifetime: the
// previous iteration of a loop, or the frame of a clone that has returned
// (STAMP labyrinth: a point_t copied in each iteration of a clone's loop and
// updated through pointers by another clone).  Its initial value must be
// what the barriers read afterwards.  Same for a compound literal whose
// address is taken.
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Werror %s -o %t %stm_ldflags && %t
// RUN: %clang %stm_plugin -O0 %s -o %t0 %stm_ldflags && %t0
// RUN: %clang %stm_plugin -O2 -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
// RUN: not %clang %stm_plugin -DFOR_INIT -fsyntax-only %s 2>&1 | FileCheck %s --check-prefix=ERR
#include "Inputs/check.h"

typedef struct { long x, y, value; } point;
long step = 5;

static void bump(point *p) { p->x += step; }
static void bump_arr(long *a) { a[0] += step; a[1] += 1; }
static long bump_ret(point *p) { p->x += step; return p->x; }

// Like labyrinth's traceback: `cur` is a copy of `next` made in each
// iteration, and both are updated through pointers.
static long walk(long n) {
  point next = {0, 0, 0};
  long total = 0;
  // CHECK-LABEL: _ZGTt4walk(long n)
  // CHECK: point cur = __extension__ ({ __typeof__(cur) __stm_in{{[0-9]+}} = {{.*}}; stm_write_bytes(__stm_txc_{{[0-9]+}}, (void *)&cur, &__stm_in{{[0-9]+}}, sizeof cur, &__stm_sites[{{[0-9]+}}]); __stm_in{{[0-9]+}}; });
  for (long i = 0; i < n; i++) {
    point cur = next;
    bump(&cur);
    next.x = cur.x;
    total += cur.x;
  }
  return total;
}

// A parameter whose address is taken: the caller's value is logged.
// CHECK-LABEL: _ZGTt5param(point q, long k) { stm_tx_t *const __stm_txc_{{[0-9]+}} = stm_tx_current(); int __stm_lg{{[0-9]+}} = (stm_write_bytes(__stm_txc_{{[0-9]+}}, (void *)&q, (const void *)&q, sizeof q,
static long param(point q, long k) {
  long *pk = &k;
  bump(&q);
  *pk += 1;
  return q.x + k;
}

// Two clones one after the other: the second's frame reuses the first's.
static __attribute__((noinline)) long first(long v) { point a = {v, v, 0}; bump(&a); return a.x; }
static __attribute__((noinline)) long second(long v) { point b = {v, 1, 0}; bump(&b); return b.x + b.y; }

int main(void) {
  long sum = 0, arrsum = 0, w = 0, pr = 0, r1 = 0, r2 = 0, cl = 0;
  __transaction_atomic {
    for (int i = 0; i < 3; i++) {
      point p = {i, 0, 0};
      bump(&p);
      sum += p.x;
      // CHECK: long a[2] = { i, 0 }; int __stm_lg{{[0-9]+}} = (stm_write_bytes(__stm_tx_{{[0-9]+}}, (void *)&a, (const void *)&a, sizeof a,
      long a[2] = { i, 0 };
      bump_arr(a);
      arrsum += a[0] + a[1];
      pr += param((point){i, 0, 0}, i);
      // A compound literal whose address is taken: the same object, its
      // initial bytes logged.
      // CHECK: cl += _ZGTt8bump_ret(& (*(point *)__stm_logged(__stm_tx_{{[0-9]+}}, &(point){i, 0, 0}, sizeof (point){i, 0, 0}, &__stm_sites[{{[0-9]+}}])));
      cl += bump_ret(&(point){i, 0, 0});
      // CHECK: bump_arr((*(long (*)[2])__stm_logged(
      bump_arr((long[2]){i, 0});
    }
    w = walk(4);
    r1 = first(1);
    r2 = second(10);
  }
  CHECK_EQ(sum, 5 + 6 + 7);
  CHECK_EQ(cl, 5 + 6 + 7);
  CHECK_EQ(arrsum, 6 + 7 + 8);
  CHECK_EQ(pr, (0 + 5 + 1) + (1 + 5 + 2) + (2 + 5 + 3));
  CHECK_EQ(w, 5 + 10 + 15 + 20);
  CHECK_EQ(r1, 6);
  CHECK_EQ(r2, 16);
#ifdef FOR_INIT
  __transaction_atomic {
    // ERR: escaped-reinit.c:[[@LINE+1]]:10: error: stmpass: an initialised array whose address is taken cannot be declared here inside a transaction
    for (long b[2] = {1, 2}; b[0] < 3; b[0]++)
      bump_arr(b);
  }
#endif
  return 0;
}
