/*
 * hashset_abi.c - the hashset benchmark (intset.c over lib/hashset.c) with
 * its transactions and the set's transactional clones written by hand
 * against <stm/abi.h>: what the plugin's output should cost.  Clones find
 * their transaction with stm_tx_self(), as the ABI specifies; a new node is
 * initialised without barriers (memory allocated by this transaction is
 * private until it commits), the link that publishes it has one.
 * Same parameters, options and self-check as intset.c; build with
 * -DBENCH_ABI and link with -lstm (no plugin).
 */
#include <stdio.h>

#include <stm/abi.h>

#include "../harness.h"
#include "../lib/hashset.c" /* the layout, intset_new and intset_check */

const char *const bench_name = "hashset-abi";

static intset_t *set;
static long key_range, initial, update_pct;

enum { T_ADDED, T_REMOVED, T_FOUND };

static const stm_site_t tx_site = {__FILE__, __LINE__, 1, STM_SITE_BEGIN, "intset op", "bench_op"};
static const stm_site_t link_site = {__FILE__, __LINE__, 1, STM_SITE_READ, "*l", "find_link"};
static const stm_site_t key_site = {__FILE__, __LINE__, 1, STM_SITE_READ, "n->key", "find_link"};
static const stm_site_t next_site = {__FILE__, __LINE__, 1, STM_SITE_READ, "n->next", "intset_remove"};
static const stm_site_t store_site = {__FILE__, __LINE__, 1, STM_SITE_WRITE, "*l", "intset_insert"};
static const stm_site_t alloc_site = {__FILE__, __LINE__, 1, STM_SITE_CALL, "malloc", "intset_insert"};

#define LOAD_PTR(tx, p, s) stm_load_ptr((tx), (void *const *)(p), (s))
#define LOAD_LONG(tx, p, s) ((long)stm_load_u64((tx), (const uint64_t *)(p), (s)))

/* Clone of find_link: the link to the first node with key >= `key`, and
 * that node (read once). */
static hnode_t **tm_find_link(intset_t *s, long key, hnode_t **node) {
  stm_tx_t *tx = stm_tx_self();
  hnode_t **l = &s->bucket[slot(key)], *n;
  while ((n = LOAD_PTR(tx, l, &link_site)) && LOAD_LONG(tx, &n->key, &key_site) < key)
    l = &n->next;
  *node = n;
  return l;
}

static int tm_contains(intset_t *s, long key) {
  stm_tx_t *tx = stm_tx_self();
  hnode_t *n;
  tm_find_link(s, key, &n);
  return n && LOAD_LONG(tx, &n->key, &key_site) == key;
}

static int tm_insert(intset_t *s, long key) {
  stm_tx_t *tx = stm_tx_self();
  hnode_t *n, **l = tm_find_link(s, key, &n);
  if (n && LOAD_LONG(tx, &n->key, &key_site) == key)
    return 0;
  hnode_t *x = stm_malloc(tx, sizeof *x, &alloc_site);
  x->key = key;
  x->next = n;
  stm_store_ptr(tx, (void **)l, x, &store_site);
  return 1;
}

static int tm_remove(intset_t *s, long key) {
  stm_tx_t *tx = stm_tx_self();
  hnode_t *n, **l = tm_find_link(s, key, &n);
  if (!n || LOAD_LONG(tx, &n->key, &key_site) != key)
    return 0;
  stm_store_ptr(tx, (void **)l, LOAD_PTR(tx, &n->next, &next_site), &store_site);
  stm_free(tx, n, &alloc_site);
  return 1;
}

/* One transaction around one set operation, as the plugin emits it. */
__attribute__((noinline)) static int atomically(int (*op)(intset_t *, long), long key) {
  stm_tx_t *const tx = stm_tx_self();
  jmp_buf jb;
  int res;
  _setjmp(jb);
  stm_begin(tx, jb, STM_ATTR_ATOMIC, &tx_site);
  res = op(set, key);
  stm_commit(tx);
  return res;
}

const char *bench_describe(const bench_opts_t *o) {
  static char d[160];
  snprintf(d, sizeof d, "hand-instrumented %s, key range %ld, %ld keys at start, %ld%% updates", intset_kind,
           key_range, initial, update_pct);
  (void)o;
  return d;
}

void bench_setup(const bench_opts_t *o, bench_thread_t *rng) {
  key_range = o->contended ? 32 : 512;
  update_pct = o->contended ? 50 : 20;
  initial = key_range / 2;
  set = intset_new();
  for (long n = 0; n < initial;)
    n += atomically(tm_insert, bench_rand_below(rng, key_range));
}

void bench_op(bench_thread_t *t) {
  long k = bench_rand_below(t, key_range);
  long r = bench_rand_below(t, 100);
  if (r < update_pct / 2)
    t->acc[T_ADDED] += atomically(tm_insert, k);
  else if (r < update_pct)
    t->acc[T_REMOVED] += atomically(tm_remove, k);
  else
    t->acc[T_FOUND] += atomically(tm_contains, k);
}

int bench_check(const bench_thread_t *ts, unsigned n, char *msg, size_t len) {
  long expect = initial;
  for (unsigned i = 0; i < n; i++)
    expect += ts[i].acc[T_ADDED] - ts[i].acc[T_REMOVED];
  long size = intset_check(set, msg, len);
  if (size < 0)
    return 1;
  if (size != expect)
    return bench_fail(msg, len, "%s holds %ld keys; inserts and removes leave %ld", intset_kind, size, expect);
  return 0;
}
