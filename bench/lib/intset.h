/*
 * intset.h - a set of long keys, the interface the set benchmarks use.
 * Three implementations: set_rbtree.c (red-black tree), list.c (sorted
 * linked list), hashset.c (chained hash table).
 */
#ifndef BENCH_INTSET_H
#define BENCH_INTSET_H

#include <stddef.h>

#include "../tm.h"

typedef struct intset intset_t;

/* Its short name (the benchmark name, e.g. "rbtree") and a description. */
extern const char intset_name[];
extern const char intset_kind[];

/* Outside transactions. */
intset_t *intset_new(void);
/* Check the structure's invariants; the number of keys, or -1 and why. */
long intset_check(const intset_t *s, char *msg, size_t len);

/* Inside transactions: 1 if the key was there / got added / got removed. */
TM_SAFE int intset_contains(const intset_t *s, long key);
TM_SAFE int intset_insert(intset_t *s, long key);
TM_SAFE int intset_remove(intset_t *s, long key);

#endif /* BENCH_INTSET_H */
