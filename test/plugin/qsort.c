// qsort inside a transaction sorts what the transaction sees: elements it
// wrote earlier are only in its write log, so libc's qsort on the memory
// would sort stale values (STAMP bayes sorts a query vector it has just
// filled, with qsort declared transaction_pure as GCC users do).  The call
// becomes stm_qsort, which calls the comparator's clone, even with the
// user's transaction_pure redeclaration.
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Werror %s -o %t %stm_ldflags && %t
// RUN: %clang %stm_plugin -O2 -DPURE %s -o %t.pure %stm_ldflags && %t.pure
// RUN: %clang %stm_plugin -O2 -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
#include <stdlib.h>
#include "Inputs/check.h"

#ifdef PURE
extern __attribute__((transaction_pure)) void qsort(void *, size_t, size_t,
                                                    int (*)(const void *, const void *));
#endif

typedef struct { long key, rank; } item;
item items[4];
item *order[4];
long reads;

// Compares through pointers to shared items: its clone reads them through
// the barriers (the transaction rewrote the keys).
static int by_key(const void *a, const void *b) {
  const item *x = *(item *const *)a, *y = *(item *const *)b;
  reads++;
  return (x->key > y->key) - (x->key < y->key);
}

static int by_value(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return (x > y) - (x < y);
}

int main(void) {
  long vals[5] = {0};
  for (int i = 0; i < 4; i++) {
    items[i].key = i;
    order[i] = &items[i];
  }
  __transaction_atomic {
    for (int i = 0; i < 4; i++)
      items[i].key = 10 - i; // reversed: only in the log until commit
    order[0] = &items[3];    // a permutation written in the transaction
    order[3] = &items[0];
    order[1] = &items[2];
    order[2] = &items[1];
    order[0] = &items[0];
    order[3] = &items[3];
    // CHECK: stm_qsort(__stm_tx_{{[0-9]+}}, order, 4, sizeof order[0], by_key, &__stm_sites[{{[0-9]+}}])
    qsort(order, 4, sizeof order[0], by_key);
    for (int i = 0; i < 5; i++)
      vals[i] = (i * 7) % 5;
    qsort(vals, 5, sizeof vals[0], by_value);
  }
  for (int i = 0; i < 4; i++)
    CHECK_EQ(order[i]->key, 7 + i);
  for (int i = 0; i < 5; i++)
    CHECK_EQ(vals[i], i);
  if (reads == 0) { fprintf(stderr, "the comparator clone was not called\n"); return 1; }
  // Outside transactions qsort is libc's.
  qsort(order, 4, sizeof order[0], by_key);
  return 0;
}
