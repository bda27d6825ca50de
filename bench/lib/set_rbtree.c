/* set_rbtree.c - the integer set as a red-black tree (lib/rbtree.c). */
#include <stdlib.h>

#include "intset.h"
#include "rbtree.h"

struct intset {
  rbtree_t tree;
};

const char intset_name[] = "rbtree";
const char intset_kind[] = "red-black tree";

intset_t *intset_new(void) {
  intset_t *s = calloc(1, sizeof *s);
  if (!s)
    abort();
  return s;
}

long intset_check(const intset_t *s, char *msg, size_t len) { return rbtree_check(&s->tree, msg, len); }

/* Any non-NULL value marks presence. */
TM_SAFE int intset_contains(const intset_t *s, long key) { return rbtree_get(&s->tree, key) != NULL; }
TM_SAFE int intset_insert(intset_t *s, long key) { return rbtree_insert(&s->tree, key, s); }
TM_SAFE int intset_remove(intset_t *s, long key) { return rbtree_remove(&s->tree, key); }
