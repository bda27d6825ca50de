// Calls from transactions to functions defined in the same file run their
// transactional clones (_ZGTt<len><name>, same signature): recursion,
// mutual recursion, a transaction inside a called function, __func__, a
// list shared by threads and updated through helper functions.
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Werror %s -o %t %stm_ldflags && %t 1 && %t 4
// RUN: %clang %stm_plugin -O0 %s -o %t0 %stm_ldflags && %t0 2
// RUN: %clang %stm_plugin -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
#include <pthread.h>
#include <string.h>
#include "Inputs/check.h"

struct node { long key; struct node *next; };
struct node *head;
long inserted, depth_seen;
const char *who;

// CHECK: static int (_ZGTt6insert)(long); static int insert(long key) {
static int insert(long key) {
  struct node **pp = &head, *n;
  while (*pp && (*pp)->key < key)
    pp = &(*pp)->next;
  if (*pp && (*pp)->key == key)
    return 0;
  n = malloc(sizeof *n);
  n->key = key;
  n->next = *pp;
  *pp = n;
  inserted++;
  who = __func__;
  return 1;
}
// The clone: same body, barriers, the caller's transaction.
// CHECK: static int _ZGTt6insert(long key) { stm_tx_t *const __stm_txc_{{[0-9]+}} = stm_tx_current();
// CHECK: n = stm_malloc(__stm_txc_
// CHECK: (&(who)), (void *)(const char *)("insert"),

long fib(long n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
static int is_odd(int n);
static int is_even(int n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(int n) { return n == 0 ? 0 : is_even(n - 1); }

// A function with its own transaction, called inside another one.
static void count_depth(void) {
  __transaction_atomic { depth_seen++; }
}

static void *worker(void *arg) {
  long base = (long)(size_t)arg, i;
  for (i = 0; i < 300; i++) {
    // CHECK: _ZGTt6insert(base + i * 8)
    __transaction_atomic { insert(base + i * 8); }
  }
  return NULL;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 4, i;
  long f, prev = -1, count = 0;
  int even;
  pthread_t t[8];
  struct node *p;
  for (i = 0; i < n; i++)
    pthread_create(&t[i], NULL, worker, (void *)(size_t)i);
  for (i = 0; i < n; i++)
    pthread_join(t[i], NULL);
  for (p = head; p; p = p->next) {
    CHECK_EQ(p->key > prev, 1);
    prev = p->key;
    count++;
  }
  CHECK_EQ(count, inserted);
  CHECK_EQ(count, 300L * n - (n > 1 ? 0 : 0));
  __transaction_atomic {
    f = fib(10);
    even = is_even(7);
    count_depth();
  }
  CHECK_EQ(f, 55);
  CHECK_EQ(even, 0);
  CHECK_EQ(depth_seen, 1);
  CHECK_EQ(strcmp(who, "insert"), 0);
  return 0;
}
