/*
 * hashset.c - the integer set as a hash table of 256 buckets, each a
 * sorted chain.  No element count: a counter written by every update
 * would make every pair of updates conflict.
 */
#include <stdlib.h>

#include "fail.h"
#include "intset.h"

#define NBUCKETS 256

typedef struct hnode {
  long key;
  struct hnode *next;
} hnode_t;

struct intset {
  hnode_t *bucket[NBUCKETS];
};

const char intset_name[] = "hashset";
const char intset_kind[] = "hash table, 256 buckets";

TM_SAFE static unsigned long slot(long key) { return (unsigned long)key % NBUCKETS; }

intset_t *intset_new(void) {
  intset_t *s = calloc(1, sizeof *s);
  if (!s)
    abort();
  return s;
}

long intset_check(const intset_t *s, char *msg, size_t len) {
  long n = 0;
  for (unsigned long b = 0; b < NBUCKETS; b++)
    for (const hnode_t *p = s->bucket[b]; p; p = p->next, n++) {
      if (slot(p->key) != b)
        return bench_fail(msg, len, "hashset: key %ld in bucket %lu", p->key, b), -1;
      if (p->next && p->next->key <= p->key)
        return bench_fail(msg, len, "hashset: chain %lu out of order", b), -1;
    }
  return n;
}

/* The link that points at the first node with a key >= `key`. */
TM_SAFE static hnode_t **find_link(intset_t *s, long key) {
  hnode_t **l = &s->bucket[slot(key)], *n;
  while ((n = *l) && n->key < key)
    l = &n->next;
  return l;
}

TM_SAFE int intset_contains(const intset_t *s, long key) {
  hnode_t *n = *find_link((intset_t *)s, key);
  return n && n->key == key;
}

TM_SAFE int intset_insert(intset_t *s, long key) {
  hnode_t **l = find_link(s, key), *n = *l;
  if (n && n->key == key)
    return 0;
  hnode_t *x = malloc(sizeof *x);
  x->key = key;
  x->next = n;
  *l = x;
  return 1;
}

TM_SAFE int intset_remove(intset_t *s, long key) {
  hnode_t **l = find_link(s, key), *n = *l;
  if (!n || n->key != key)
    return 0;
  *l = n->next;
  free(n);
  return 1;
}
