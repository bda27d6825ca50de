/*
 * intset.c - the set benchmarks (rbtree, list, hashset): threads apply
 * random lookups, insertions and removals to one shared set, each in a
 * transaction.  Linked with one of the set implementations in lib/.
 *
 * Default: key range 512, 256 keys at the start, 20% updates (half
 * inserts, half removes, so the size stays near 256).
 * Contended (-c): key range 32, 16 keys, 50% updates.
 * Self-check: the structure's invariants hold and its size equals the
 * initial size plus the successful inserts minus the successful removes.
 */
#include <stdio.h>

#include "harness.h"
#include "lib/intset.h"

const char *const bench_name = intset_name;

static intset_t *set;
static long key_range, initial, update_pct;

enum { T_ADDED, T_REMOVED, T_FOUND };

const char *bench_describe(const bench_opts_t *o) {
  static char d[160];
  snprintf(d, sizeof d, "%s, key range %ld, %ld keys at start, %ld%% updates", intset_kind, key_range,
           initial, update_pct);
  (void)o;
  return d;
}

/* Out of line: gcc -fgnu-tm warns that a caller's loop counter "might be
 * clobbered" by the transaction's restart. */
__attribute__((noinline)) static int add(long k) {
  int added;
  TM_ATOMIC { added = intset_insert(set, k); }
  return added;
}

void bench_setup(const bench_opts_t *o, bench_thread_t *rng) {
  key_range = o->contended ? 32 : 512;
  update_pct = o->contended ? 50 : 20;
  initial = key_range / 2;
  set = intset_new();
  for (long n = 0; n < initial;)
    n += add(bench_rand_below(rng, key_range));
}

void bench_op(bench_thread_t *t) {
  long k = bench_rand_below(t, key_range);
  long r = bench_rand_below(t, 100);
  int res;
  if (r < update_pct / 2) {
    TM_ATOMIC { res = intset_insert(set, k); }
    t->acc[T_ADDED] += res;
  } else if (r < update_pct) {
    TM_ATOMIC { res = intset_remove(set, k); }
    t->acc[T_REMOVED] += res;
  } else {
    TM_ATOMIC { res = intset_contains(set, k); }
    t->acc[T_FOUND] += res;
  }
}

int bench_check(const bench_thread_t *ts, unsigned n, char *msg, size_t len) {
  long expect = initial;
  for (unsigned i = 0; i < n; i++)
    expect += ts[i].acc[T_ADDED] - ts[i].acc[T_REMOVED];
  long size = intset_check(set, msg, len);
  if (size < 0)
    return 1;
  if (size != expect)
    return bench_fail(msg, len, "%s holds %ld keys; inserts and removes leave %ld", intset_kind, size,
                      expect);
  return 0;
}
