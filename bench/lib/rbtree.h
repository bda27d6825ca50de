/*
 * rbtree.h - a red-black tree map from long keys to non-NULL pointers,
 * safe to call inside transactions.  Leaves are NULL (no shared sentinel:
 * a sentinel written by every deletion would make all deletions conflict).
 */
#ifndef BENCH_RBTREE_H
#define BENCH_RBTREE_H

#include <stddef.h>

#include "../tm.h"

typedef struct rb_node {
  long key;
  void *value;
  struct rb_node *left, *right, *parent;
  int red;
} rb_node_t;

typedef struct rbtree {
  rb_node_t *root;
} rbtree_t;

/* Outside transactions. */
rbtree_t *rbtree_new(void);

/* Inside or outside transactions. */
TM_SAFE void *rbtree_get(const rbtree_t *t, long key);          /* NULL if absent */
TM_SAFE int rbtree_insert(rbtree_t *t, long key, void *value);  /* 0 if present */
TM_SAFE int rbtree_remove(rbtree_t *t, long key);               /* 0 if absent */

/* Outside transactions: check every red-black and order invariant and
 * return the number of nodes, or -1 with the reason in msg. */
long rbtree_check(const rbtree_t *t, char *msg, size_t len);
/* In key order. */
void rbtree_foreach(const rbtree_t *t, void (*fn)(long key, void *value, void *ctx), void *ctx);

#endif /* BENCH_RBTREE_H */
