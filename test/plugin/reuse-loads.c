// A load of p->f or *p (p a local pointer whose address is never taken)
// that an earlier load in the same transaction already made, with no write,
// call or change of p in between on any path, reads the local the first
// load left its value in (__stm_cN) instead of a second barrier.
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Werror %s -o %t %stm_ldflags && %t
// RUN: env STM_INJECT_ABORTS=30 %t
// RUN: %clang %stm_plugin -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
#include <stdlib.h>
#include "Inputs/check.h"

typedef struct node {
  long key;
  struct node *left, *right;
} node_t;

node_t *root;
long other;
void touch(void) __attribute__((transaction_safe));
void touch(void) { other++; }

// The loop condition's n->key is reused by the body (&& made it run).
// CHECK-LABEL: _ZGTt4find(long key)
// CHECK: while (n && (__stm_c[[K:[0-9]+]] = ((long)stm_load{{m?}}_u64({{.*}}&(n->key))
// CHECK-NEXT: n = key < (__stm_c[[K]]) ? {{.*}}stm_load{{m?}}_ptr({{.*}}&(n->left){{.*}}stm_load{{m?}}_ptr({{.*}}&(n->right)
__attribute__((transaction_safe)) node_t *find(long key) {
  node_t *n = root;
  while (n && n->key != key)
    n = key < n->key ? n->left : n->right;
  return n;
}

long cases(node_t *m, int c) {
  long a = 0, b = 0;
  node_t *n = root;
  __transaction_atomic {
    n = root;
    // Unsequenced operands: two barriers.
    // CHECK-LABEL: long cases(
    // CHECK: a = {{.*}}stm_load{{m?}}_u64({{.*}}&(n->key){{.*}} + {{.*}}stm_load{{m?}}_u64({{.*}}&(n->key)
    a = n->key + n->key;
    // After a full expression: reused.
    // CHECK: b = (__stm_c{{[0-9]+}});
    b = n->key;
    // A store in between: read again (read-own-write).
    // CHECK: stm_store_u64({{.*}}&(m->key)
    // CHECK: b += {{.*}}stm_load{{m?}}_u64({{.*}}&(n->key)
    m->key = 7;
    b += n->key;
    // A call in between: read again.
    // CHECK: _ZGTt5touch();
    // CHECK: b += {{.*}}stm_load{{m?}}_u64({{.*}}&(n->key)
    touch();
    b += n->key;
    // Read on one path only: read again after the join.
    // CHECK: if (c)
    // CHECK: a += {{.*}}stm_load{{m?}}_ptr({{.*}}&(n->left)
    // CHECK: a += {{.*}}stm_load{{m?}}_ptr({{.*}}&(n->left)
    if (c)
      a += n->left != 0;
    a += n->left != 0;
    // n->left is still known; then n changes: read again.
    // CHECK: n = (__stm_c{{[0-9]+}});
    // CHECK: a += {{.*}}stm_load{{m?}}_ptr({{.*}}&(n->left)
    n = n->left;
    a += n->left != 0;
  }
  return a * 100 + b;
}

int main(void) {
  node_t *nodes = calloc(3, sizeof *nodes);
  nodes[0].key = 5;
  nodes[0].left = &nodes[1];
  nodes[0].right = &nodes[2];
  nodes[1].key = 2;
  nodes[2].key = 9;
  root = &nodes[0];
  for (int i = 0; i < 1000; i++) {
    node_t *f;
    __transaction_atomic { f = find(9); }
    CHECK_EQ(f, &nodes[2]);
    __transaction_atomic { f = find(4); }
    CHECK_EQ(f, NULL);
    // m == n: the store must be seen by the following reads.
    nodes[0].key = 5;
    long r = cases(&nodes[0], i & 1);
    // a = 10 + (i&1) + 1 + 0, b = 5 + 7 + 7
    CHECK_EQ(r, (10 + (i & 1) + 1) * 100 + 19);
  }
  CHECK_EQ(other, 1000);
  return 0;
}
