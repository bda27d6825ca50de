/*
 * list.c - the integer set as a sorted singly linked list behind a head
 * node.  A lookup walks half the list on average: long read sets, the
 * case where per-read overhead dominates.
 */
#include <limits.h>
#include <stdlib.h>

#include "fail.h"
#include "intset.h"

typedef struct lnode {
  long key;
  struct lnode *next;
} lnode_t;

struct intset {
  lnode_t head; /* key LONG_MIN, never removed */
};

const char intset_name[] = "list";
const char intset_kind[] = "sorted linked list";

intset_t *intset_new(void) {
  intset_t *s = calloc(1, sizeof *s);
  if (!s)
    abort();
  s->head.key = LONG_MIN;
  return s;
}

long intset_check(const intset_t *s, char *msg, size_t len) {
  long n = 0;
  for (const lnode_t *p = &s->head; p->next; p = p->next, n++)
    if (p->next->key <= p->key)
      return bench_fail(msg, len, "list: key %ld follows key %ld", p->next->key, p->key), -1;
  return n;
}

/* The last node with a key below `key` (the head at least). */
TM_SAFE static lnode_t *find_prev(const intset_t *s, long key) {
  lnode_t *p = (lnode_t *)&s->head, *n;
  while ((n = p->next) && n->key < key)
    p = n;
  return p;
}

TM_SAFE int intset_contains(const intset_t *s, long key) {
  lnode_t *n = find_prev(s, key)->next;
  return n && n->key == key;
}

TM_SAFE int intset_insert(intset_t *s, long key) {
  lnode_t *p = find_prev(s, key), *n = p->next;
  if (n && n->key == key)
    return 0;
  lnode_t *x = malloc(sizeof *x);
  x->key = key;
  x->next = n;
  p->next = x;
  return 1;
}

TM_SAFE int intset_remove(intset_t *s, long key) {
  lnode_t *p = find_prev(s, key), *n = p->next;
  if (!n || n->key != key)
    return 0;
  p->next = n->next;
  free(n);
  return 1;
}
