// Scan loops: `for (INIT; i < E; i++) BODY` in a transaction or a clone,
// whose body reads A[i] unconditionally and writes nothing shared, calls
// nothing and cannot leave early, read A[i, E) with one stm_read_snapshot
// before the loop and the snapshot inside it.  Everything else keeps its
// per-access barriers.  The program checks the values either way.
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Wshadow -Werror %s -o %t %stm_ldflags && %t
// RUN: env STM_INJECT_ABORTS=30 %t
// RUN: %clang %stm_plugin -O0 %s -o %t0 %stm_ldflags && %t0
// RUN: %clang %stm_plugin -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
#include "Inputs/check.h"

#define N 100
long accounts[N];
struct rec {
  int a;
  long b;
  unsigned bits : 3;
} recs[N];
long other, gN = N;
long *gp = accounts;
_Thread_local long tls[N];
long grid[4][N];

__attribute__((transaction_safe)) long twice(long x) { return 2 * x; }

// --- transformed ------------------------------------------------------------

// The audit: one snapshot, no barrier in the loop; the element's site.
// CHECK-LABEL: long audit(void)
// CHECK: { long i = 0; const long *__stm_snap[[S:[0-9]+]]; long __stm_lo[[L:[0-9]+]]; __stm_snap[[S]] = (i < 100) ? (const long *)stm_read_snapshot(__stm_tx_{{[0-9]+}}, (const void *)&(accounts)[i], ((unsigned long)(long)(100) - (unsigned long)i) * 8u, &__stm_sites[[[SITE:[0-9]+]]]) : 0; __stm_lo[[L]] = i; for (; i < 100; i++)
// CHECK-NEXT: s += (__stm_snap[[S]][(i) - __stm_lo[[L]]]);
// CHECK-SAME: if (__stm_snap[[S]]) stm_snapshot_release(__stm_tx_{{[0-9]+}}, __stm_snap[[S]]); }
long audit(void) {
  long sum;
  __transaction_atomic {
    long s = 0;
    for (long i = 0; i < N; i++)
      s += accounts[i];
    sum = s;
  }
  return sum;
}

// Struct fields, a bit-field, and a read under `if` besides the
// unconditional one; another global still has its barrier.
// CHECK-LABEL: long fields(int c)
// CHECK: const __typeof__((recs)[0]) *__stm_snap[[S:[0-9]+]];
// CHECK-SAME: stm_read_snapshot({{.*}}&(recs)[i], {{.*}} * 24u,
// CHECK: s += (__stm_snap[[S]][(i) - __stm_lo{{[0-9]+}}]).b * {{.*}}stm_loadm_u64({{.*}}&(other)
// CHECK-NEXT: if (c) s += (__stm_snap[[S]][(i) - __stm_lo{{[0-9]+}}]).a + (__stm_snap[[S]][(i) - __stm_lo{{[0-9]+}}]).bits;
long fields(int c) {
  long s = 0;
  __transaction_atomic {
    for (long i = 0; i < N; i += 1) {
      s += recs[i].b * other;
      if (c) s += recs[i].a + recs[i].bits;
    }
  }
  return s;
}

// A local pointer and a local bound; INIT an expression; ++i.
// CHECK-LABEL: long pointer(const long *p, long n, long from)
// CHECK: { const long *__stm_snap[[S:[0-9]+]]; long __stm_lo[[L:[0-9]+]]; i = from; __stm_snap[[S]] = (i < n) ? {{.*}}&(p)[i], ((unsigned long)(long)(n) - (unsigned long)i) * 8u
// CHECK: for (; i < n; ++i) {
long pointer(const long *p, long n, long from) {
  long s = 0, i;
  __transaction_atomic {
    for (i = from; i < n; ++i) {
      long v = p[i];
      s += v * v;
    }
  }
  return s;
}

// An unsigned index; a clone.
// CHECK-LABEL: _ZGTt4csum(const long *q, unsigned n)
// CHECK: { unsigned k = 0; const long *__stm_snap[[S:[0-9]+]]; unsigned int __stm_lo{{[0-9]+}}; {{.*}}stm_read_snapshot(__stm_txc_{{[0-9]+}}, (const void *)&(q)[k], ((unsigned long)(unsigned int)(n) - (unsigned long)k) * 8u,
__attribute__((transaction_safe)) long csum(const long *q, unsigned n) {
  long s = 0;
  for (unsigned k = 0; k < n; k++)
    s += q[k];
  return s;
}
long callcsum(unsigned n) {
  long r;
  __transaction_atomic { r = csum(accounts, n); }
  return r;
}

// Loads reused (plugin/Available.cpp) next to a scan loop: the loop
// mentions n, so n->key is read again inside and after it (the loop rule,
// as without snapshots), and the values are right.
struct node {
  long key;
} *head;
// CHECK-LABEL: long reuse(void)
// CHECK: a = (__stm_c{{[0-9]+}} = {{.*}}stm_loadm_u64({{.*}}&(n->key)
// CHECK: stm_read_snapshot(
// CHECK-NEXT: s += (__stm_snap{{[0-9]+}}[(i) - __stm_lo{{[0-9]+}}]) * (__stm_c{{[0-9]+}} = {{.*}}stm_loadm_u64({{.*}}&(n->key)
// CHECK: b = (__stm_c{{[0-9]+}} = {{.*}}&(n->key)
long reuse(void) {
  long a, b, s = 0;
  struct node *n;
  __transaction_atomic {
    n = head;
    a = n->key;
    for (long i = 0; i < N; i++)
      s += accounts[i] * n->key;
    b = n->key;
  }
  return a + b + s;
}

// A loop that does not mention n: n->key read before it is reused after it
// (the snapshot writes nothing).
// CHECK-LABEL: long reuse2(void)
// CHECK: a = (__stm_c[[C:[0-9]+]] = {{.*}}stm_loadm_u64({{.*}}&(n->key)
// CHECK: stm_read_snapshot(
// CHECK: b = (__stm_c[[C]]);
long reuse2(void) {
  long a, b, s = 0;
  struct node *n;
  __transaction_atomic {
    n = head;
    a = n->key;
    for (long i = 0; i < N; i++)
      s += accounts[i];
    b = n->key;
  }
  return a + b + s;
}

// --- not transformed: the barriers stay -------------------------------------

// CHECK-LABEL: long writes(void)
// CHECK-NOT: stm_read_snapshot
// CHECK: stm_store_u64
long writes(void) {
  long s = 0;
  __transaction_atomic {
    for (long i = 0; i < N; i++)
      other += accounts[i];
    s = other;
  }
  return s;
}

// CHECK-LABEL: long calls(void)
// CHECK-NOT: stm_read_snapshot
// CHECK: _ZGTt5twice(
long calls(void) {
  long s = 0;
  __transaction_atomic {
    for (long i = 0; i < N; i++)
      s += twice(accounts[i]);
  }
  return s;
}

// CHECK-LABEL: long breaks(void)
// CHECK-NOT: stm_read_snapshot
// CHECK: &(accounts[i])
long breaks(void) {
  long s = 0;
  __transaction_atomic {
    for (long i = 0; i < N; i++) {
      if (accounts[i] < 0)
        break;
      s += accounts[i];
    }
  }
  return s;
}

// CHECK-LABEL: long continues(void)
// CHECK-NOT: stm_read_snapshot
// CHECK: &(accounts[i])
long continues(void) {
  long s = 0;
  __transaction_atomic {
    for (long i = 0; i < N; i++) {
      if (i & 1)
        continue;
      s += accounts[i];
    }
  }
  return s;
}

// Read only under a condition (the index may be out of range otherwise).
// CHECK-LABEL: long conditional(long lim)
// CHECK-NOT: stm_read_snapshot
// CHECK: &(accounts[i])
long conditional(long lim) {
  long s = 0;
  __transaction_atomic {
    for (long i = 0; i < 2 * N; i++)
      s += i < lim ? accounts[i] : 0;
  }
  return s;
}

// i or E modified in the body.
// CHECK-LABEL: long modifies(long n)
// CHECK-NOT: stm_read_snapshot
// CHECK: &(accounts[i])
// CHECK-NOT: stm_read_snapshot
// CHECK: &(accounts[i])
long modifies(long n) {
  long s = 0;
  __transaction_atomic {
    for (long i = 0; i < N; i++) {
      s += accounts[i];
      i += 1;
    }
    for (long i = 0; i < n; i++) {
      s += accounts[i];
      n--;
    }
  }
  return s;
}

// &A[i] taken.
// CHECK-LABEL: long address(void)
// CHECK-NOT: stm_read_snapshot
// CHECK: &(accounts[i])
long address(void) {
  long s = 0;
  __transaction_atomic {
    for (long i = 0; i < N; i++) {
      const long *q = &accounts[i];
      s += accounts[i] + *q;
    }
  }
  return s;
}

// A global bound (another thread may change it), a global pointer, a
// thread-local array, a wider bound than i, `<=`, a nested loop.
// CHECK-LABEL: long others(int m)
// CHECK-NOT: stm_read_snapshot
// CHECK-LABEL: int main(void)
long others(int m) {
  long s = 0, ln = m;
  __transaction_atomic {
    for (long i = 0; i < gN; i++)
      s += accounts[i];
    for (long i = 0; i < N; i++)
      s += gp[i];
    for (long i = 0; i < N; i++)
      s += tls[i];
    for (int i = 0; i < ln; i++)
      s += accounts[i];
    for (long i = 0; i <= N - 1; i++)
      s += accounts[i];
    for (long i = 0; i < 4; i++)
      for (long j = 0; j < N; j++)
        s += grid[i][j];
  }
  return s;
}

int main(void) {
  long total = 0, sq = 0;
  for (int i = 0; i < N; i++) {
    accounts[i] = i + 1;
    total += i + 1;
    sq += (long)(i + 1) * (i + 1);
    recs[i].a = i;
    recs[i].b = 2 * i;
    recs[i].bits = (unsigned)i & 7u;
    tls[i] = 1;
    grid[i % 4][i] = 1;
  }
  other = 3;
  CHECK_EQ(audit(), total);
  struct node nd = {3};
  head = &nd;
  CHECK_EQ(reuse(), 6 + 3 * total);
  CHECK_EQ(reuse2(), 6 + total);
  long f0 = 0, f1 = 0;
  for (int i = 0; i < N; i++) {
    f0 += 2L * i * 3;
    f1 += 2L * i * 3 + i + (i & 7);
  }
  CHECK_EQ(fields(0), f0);
  CHECK_EQ(fields(1), f1);
  CHECK_EQ(pointer(accounts, N, 0), sq);
  CHECK_EQ(pointer(accounts, N, N - 1), (long)N * N);
  CHECK_EQ(pointer(accounts, N, N + 5), 0); /* starts above the bound: nothing read */
  CHECK_EQ(pointer(accounts + 10, 0, -10), 385); /* negative start from a pointer */
  CHECK_EQ(callcsum(N), total);
  CHECK_EQ(callcsum(0), 0);
  CHECK_EQ(writes(), 3 + total);
  CHECK_EQ(calls(), 2 * total);
  CHECK_EQ(breaks(), total);
  CHECK_EQ(continues(), N * N / 4);
  CHECK_EQ(conditional(N), total);
  CHECK_EQ(modifies(N), 2500 + (N / 2) * (N / 2 + 1) / 2);
  CHECK_EQ(address(), 2 * total);
  CHECK_EQ(others(N), 4 * total + 2 * N);
  puts("ok");
  return 0;
}
