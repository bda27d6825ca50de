// A block this transaction allocated (malloc, calloc into a local pointer
// whose address is never taken) is initialised without barriers until the
// pointer's value goes anywhere (stored, passed, compared); from then on
// every access to it has barriers again.
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Werror %s -o %t %stm_ldflags && %t
// RUN: env STM_INJECT_ABORTS=30 %t
// RUN: %clang %stm_plugin -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
#include <stdlib.h>
#include "Inputs/check.h"

typedef struct item {
  long a, b;
  struct item *next;
} item_t;

item_t *head;
void use(item_t *x) __attribute__((transaction_safe));
void use(item_t *x) { x->b += 100; }

// CHECK-LABEL: _ZGTt4push(long v)
// CHECK: item_t *x = stm_malloc(
// CHECK-NEXT: x->a = v;
// CHECK-NEXT: x->b = x->a + 1;
// CHECK-NEXT: x->next = {{.*}}stm_load{{m?}}_ptr({{.*}}&(head)
// The value is stored: barriers from here on.
// CHECK-NEXT: stm_store_ptr({{.*}}&(head){{.*}}(x)
// CHECK-NEXT: stm_store_u64({{.*}}&(x->a)
__attribute__((transaction_safe)) void push(long v) {
  item_t *x = malloc(sizeof *x);
  x->a = v;
  x->b = x->a + 1;
  x->next = head;
  head = x;
  x->a = v * 2;
}

long other(int c) {
  long r = 0;
  __transaction_atomic {
    item_t *y = calloc(1, sizeof *y);
    // CHECK-LABEL: long other(
    // CHECK: y->a = 3;
    y->a = 3;
    // Compared: reachable from the condition's value, so barriers again.
    // CHECK: if (y && c)
    // CHECK-NEXT: stm_store_u64({{.*}}&(y->b)
    if (y && c)
      y->b = 4;
    // Passed to a clone that writes it: its writes are logged, so this
    // read must see them through a barrier.
    // CHECK: _ZGTt3use(y);
    // CHECK-NEXT: r = {{.*}}stm_load{{m?}}_u64({{.*}}&(y->b)
    use(y);
    r = y->b;
    // A new block in a loop whose body lets it go: barriers in the loop.
    // CHECK: for (
    // CHECK: stm_store_u64({{.*}}&(z->a)
    item_t *z = malloc(sizeof *z);
    for (int i = 0; i < 2; i++) {
      z->a = i;
      z->next = head;
      head = z;
    }
    z->b = r;
  }
  return r;
}

int main(void) {
  for (int i = 0; i < 100; i++) {
    __transaction_atomic { push(i); }
    CHECK_EQ(head->a, 2 * i);
    CHECK_EQ(head->b, i + 1);
    long r = other(i & 1);
    CHECK_EQ(r, (i & 1) ? 104 : 100);
    CHECK_EQ(head->a, 1);
    CHECK_EQ(head->b, r);
    CHECK_EQ(head->next, head); // z->next = z on the second trip
    head = NULL;
  }
  return 0;
}
