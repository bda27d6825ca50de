/*
 * lookup.c - the cost of stmpass's read barrier, measured without the
 * plugin: read-only lookups written once as plain C and once by hand
 * against <stm/abi.h>, exactly as the plugin expands a read-only
 * __transaction_atomic block (stm_tx_self, _setjmp checkpoint,
 * stm_begin with STM_ATTR_READONLY, one stm_load per shared read,
 * stm_commit).
 *
 *   lookup plain|stm tree|list|one OPS [SEED]
 *
 * tree: a red-black tree of 256 keys from [0, 512) (bench/lib/rbtree.c);
 * list: a sorted list of the same keys; one: a single read per
 * transaction (what begin and commit cost).  It prints the barriers that
 * the OPS lookups execute (counted by a replay that both variants run, so
 * that it cancels out of an instruction-count difference) and the
 * lookups' time.  bench/run derives instructions per barrier from
 * callgrind: (Ir_stm - Ir_plain) at 2*OPS minus the same at OPS, divided
 * by the barriers of OPS lookups.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <stm/abi.h>

#include "../lib/rbtree.h"

#define KEYS 256
#define RANGE 512

typedef struct lnode {
  long key;
  struct lnode *next;
} lnode_t;

static rbtree_t *tree;
static lnode_t *list;
static long cell = 42;

static const stm_site_t begin_site = {__FILE__, __LINE__, 1, STM_SITE_BEGIN, "lookup", "lookup"};
static const stm_site_t key_site = {__FILE__, __LINE__, 1, STM_SITE_READ, "n->key", "lookup"};
static const stm_site_t link_site = {__FILE__, __LINE__, 1, STM_SITE_READ, "n->left/right/next", "lookup"};

/* ---- plain ---- */

__attribute__((noinline)) static int tree_plain(long key) {
  rb_node_t *n = tree->root;
  while (n && n->key != key)
    n = key < n->key ? n->left : n->right;
  return n != NULL;
}

__attribute__((noinline)) static int list_plain(long key) {
  lnode_t *n = list;
  while (n && n->key < key)
    n = n->next;
  return n && n->key == key;
}

__attribute__((noinline)) static int one_plain(long key) { return cell == key; }

/* ---- hand-instrumented, as the plugin emits a read-only block ---- */

#define LOAD_LONG(tx, p, site) ((long)stm_load_u64((tx), (const uint64_t *)(p), (site)))
#define LOAD_PTR(tx, p, site) stm_load_ptr((tx), (void *const *)(p), (site))

__attribute__((noinline)) static int tree_stm(long key) {
  stm_tx_t *const tx = stm_tx_self();
  jmp_buf jb;
  int found;
  _setjmp(jb);
  stm_begin(tx, jb, STM_ATTR_ATOMIC | STM_ATTR_READONLY, &begin_site);
  rb_node_t *n = LOAD_PTR(tx, &tree->root, &link_site);
  while (n) {
    long k = LOAD_LONG(tx, &n->key, &key_site);
    if (k == key)
      break;
    n = LOAD_PTR(tx, key < k ? &n->left : &n->right, &link_site);
  }
  found = n != NULL;
  stm_commit(tx);
  return found;
}

__attribute__((noinline)) static int list_stm(long key) {
  stm_tx_t *const tx = stm_tx_self();
  jmp_buf jb;
  int found;
  _setjmp(jb);
  stm_begin(tx, jb, STM_ATTR_ATOMIC | STM_ATTR_READONLY, &begin_site);
  lnode_t *n = LOAD_PTR(tx, &list, &link_site);
  long k = 0;
  while (n && (k = LOAD_LONG(tx, &n->key, &key_site)) < key)
    n = LOAD_PTR(tx, &n->next, &link_site);
  found = n && k == key;
  stm_commit(tx);
  return found;
}

__attribute__((noinline)) static int one_stm(long key) {
  stm_tx_t *const tx = stm_tx_self();
  jmp_buf jb;
  int found;
  _setjmp(jb);
  stm_begin(tx, jb, STM_ATTR_ATOMIC | STM_ATTR_READONLY, &begin_site);
  found = LOAD_LONG(tx, &cell, &key_site) == key;
  stm_commit(tx);
  return found;
}

/* ---- barrier count: the loads the instrumented walks execute ---- */

static long tree_loads(long key) {
  long loads = 1; /* the root */
  for (rb_node_t *n = tree->root; n; loads += 2) {
    if (n->key == key)
      return loads + 1;
    n = key < n->key ? n->left : n->right;
  }
  return loads;
}

static long list_loads(long key) {
  long loads = 1; /* the head pointer */
  for (lnode_t *n = list; n; n = n->next) {
    loads++; /* key */
    if (n->key >= key)
      return loads;
    loads++; /* next */
  }
  return loads;
}

static uint64_t rng_state;
static long next_key(void) {
  uint64_t x = rng_state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  rng_state = x;
  return (long)((x * 0x2545F4914F6CDD1DULL) >> 11) % RANGE;
}

static void build(void) {
  tree = rbtree_new();
  int present[RANGE] = {0};
  for (int n = 0; n < KEYS;) {
    long k = next_key();
    if (!present[k]) {
      present[k] = 1;
      rbtree_insert(tree, k, tree);
      n++;
    }
  }
  for (long k = RANGE - 1; k >= 0; k--)
    if (present[k]) {
      lnode_t *x = malloc(sizeof *x);
      if (!x)
        abort();
      x->key = k;
      x->next = list;
      list = x;
    }
}

static void usage(void) {
  fprintf(stderr, "usage: lookup plain|stm tree|list|one OPS [SEED]\n");
  exit(2);
}

int main(int argc, char **argv) {
  if (argc < 4 || argc > 5)
    usage();
  int stm = !strcmp(argv[1], "stm");
  if (!stm && strcmp(argv[1], "plain"))
    usage();
  int (*fn)(long);
  long (*loads)(long) = NULL;
  if (!strcmp(argv[2], "tree")) {
    fn = stm ? tree_stm : tree_plain;
    loads = tree_loads;
  } else if (!strcmp(argv[2], "list")) {
    fn = stm ? list_stm : list_plain;
    loads = list_loads;
  } else if (!strcmp(argv[2], "one")) {
    fn = stm ? one_stm : one_plain;
  } else {
    usage();
  }
  char *end;
  long ops = strtol(argv[3], &end, 10);
  if (*end || ops <= 0)
    usage();
  uint64_t seed = argc == 5 ? strtoull(argv[4], &end, 10) : 1;
  if (argc == 5 && *end)
    usage();
  rng_state = seed * 0x9E3779B97F4A7C15ULL | 1;
  build();

  uint64_t start_rng = rng_state;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  long found = 0;
  for (long i = 0; i < ops; i++)
    found += fn(next_key());
  clock_gettime(CLOCK_MONOTONIC, &t1);

  rng_state = start_rng; /* replay: count the barriers, check the answers */
  long barriers = 0, found2 = 0;
  for (long i = 0; i < ops; i++) {
    long k = next_key();
    barriers += loads ? loads(k) : 1;
    found2 += tree_plain(k);
  }
  if (strcmp(argv[2], "one") && found != found2) {
    fprintf(stderr, "lookup: %ld lookups found, the plain replay found %ld\n", found, found2);
    return 1;
  }
  double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
  printf("lookup=%s-%s ops=%ld barriers=%ld found=%ld seconds=%.6f ns_per_op=%.2f\n", argv[1], argv[2], ops,
         barriers, found, secs, secs * 1e9 / (double)ops);
  return 0;
}
