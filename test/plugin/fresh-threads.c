// Fresh blocks under contention: producers initialise nodes without
// barriers, mix in barrier writes (an array element), let a node escape
// into another fresh block (a box) which is then published, and push;
// consumers check every node's fields and free it.  Every node is seen
// exactly once, whole.
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Werror %s -o %t %stm_ldflags
// RUN: %clang %stm_plugin -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
// RUN: %t
// RUN: env STM_INJECT_ABORTS=20 %t
// CHECK: n->a = i;
// CHECK-NEXT: n->b = -i;
// CHECK-NEXT: stm_store_u64({{.*}}&(n->arr[2])
// CHECK: bx->tag = id;
// CHECK-NEXT: bx->n = n;
// CHECK-NEXT: stm_store_ptr({{.*}}&(n->next)
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
typedef struct node { long a, b; struct node *next; long arr[4]; } node_t;
typedef struct box { node_t *n; long tag; } box_t;
node_t *head;
box_t *slot;
long popped, bad;
__attribute__((transaction_pure)) static void fail(long x) { fprintf(stderr, "bad %ld\n", x); abort(); }
static void *prod(void *arg) {
  long id = (long)arg;
  for (long i = 0; i < 50000; i++) {
    __transaction_atomic {
      node_t *n = calloc(1, sizeof *n);
      n->a = i;
      n->b = -i;
      n->arr[2] = i;     /* barrier (array element) */
      n->b = n->a * -1;  /* after barrier: barriers */
      if (i & 1) {
        box_t *bx = malloc(sizeof *bx);
        bx->tag = id;
        bx->n = n;       /* n escapes into a fresh box */
        n->next = 0;
        box_t *old = slot;
        slot = bx;       /* box published */
        if (old) { old->n->next = head; head = old->n; free(old); }
      } else {
        n->next = head;
        head = n;
      }
    }
  }
  return 0;
}
static void *cons(void *arg) {
  (void)arg;
  long got = 0;
  for (int k = 0; k < 400000 && got < 40000; k++) {
    __transaction_atomic {
      node_t *n = head;
      if (n) {
        if (n->a != -n->b || n->arr[2] != n->a) fail(n->a);
        head = n->next;
        free(n);
        got++;
      }
    }
  }
  __atomic_fetch_add(&popped, got, __ATOMIC_RELAXED);
  return 0;
}
int main(void) {
  pthread_t t[4];
  for (long i = 0; i < 2; i++) pthread_create(&t[i], 0, prod, (void *)i);
  for (long i = 2; i < 4; i++) pthread_create(&t[i], 0, cons, 0);
  for (int i = 0; i < 4; i++) pthread_join(t[i], 0);
  long rest = 0;
  for (node_t *n = head; n; n = n->next) { if (n->a != -n->b || n->arr[2] != n->a) return 1; rest++; }
  if (slot) { rest++; }
  printf("%ld\n", popped + rest);
  return popped + rest == 100000 ? 0 : 1;
}
