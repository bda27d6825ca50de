// The shared-counter example of docs/USER_GUIDE.md, before and after the
// fix the report points to: before, the report names the counter (its
// conflicts, and the transactions that went irrevocable because of them);
// after (a per-thread count added once at the end), no line names it and
// every order is still counted.  The code is what the plugin emits for
// these sources (orders.c; check_order() is pure computation, ~10 us):
//
//   before                                   after
//    6  static void *worker(void *arg) {      6  static void *worker(void *arg) {
//    7    unsigned seed = (long)arg;          7    unsigned seed = (long)arg;
//    8    for (int i = 0; i < N; i++) {        8    long mine = 0;
//    9      int item[16];                      9    for (int i = 0; i < N; i++) {
//   10      for (...) item[k] = rand_r(...);  10      int item[16];
//   11      __transaction_atomic {            11      for (...) item[k] = rand_r(...);
//   12        processed = processed + 1;      12      __transaction_atomic {
//   13        check_order(item);              13        check_order(item);
//   14        for (int k = 0; k < 16; k++)    14        for (int k = 0; k < 16; k++)
//   15          stock[item[k]] -= 1;          15          stock[item[k]] -= 1;
//   16      }                                 16      }
//   17    }                                   17      mine++;
//   18    return 0;                           18    }
//   19  }                                     19    __transaction_atomic { processed = processed + mine; }
//
// RUN: %rtcc %s -o %t %stm_ldflags
// RUN: env STM_STATS=1 %t before 2>&1 | FileCheck %s --check-prefix=BEFORE
// RUN: env STM_STATS=1 %t after 2>&1 | FileCheck %s --check-prefix=AFTER
//
// BEFORE: processed 40000 orders
// BEFORE: stm: conflicts, by time lost:
// A transaction killed by one that went irrevocable after repeated aborts
// names the counter as the winner; the counter's own line follows.
// BEFORE: orders.c:12:{{19|7}}: conflict: {{read|write}} of 'processed' (worker) aborted
// BEFORE: orders.c:11:5: transaction: in worker: 40000 commits, {{[1-9][0-9]*}} abort
//
// AFTER: processed 40000 orders
// AFTER-NOT: 'processed'
// AFTER: orders.c:12:5: transaction: in worker: 40000 commits,
// AFTER-NOT: 'processed'
#include "Inputs/stats-tx.h"

#include <string.h>

#define ITEMS 65536
#define ORDERS 20000 /* per thread */

SITE(b_begin, "orders.c", 11, 5, STM_SITE_BEGIN, NULL, "worker");
SITE(b_proc_rd, "orders.c", 12, 19, STM_SITE_READ, "processed", "worker");
SITE(b_proc_wr, "orders.c", 12, 7, STM_SITE_WRITE, "processed", "worker");
SITE(b_stock_rd, "orders.c", 15, 9, STM_SITE_READ, "stock[item[k]]", "worker");
SITE(b_stock_wr, "orders.c", 15, 9, STM_SITE_WRITE, "stock[item[k]]", "worker");

SITE(a_begin, "orders.c", 12, 5, STM_SITE_BEGIN, NULL, "worker");
SITE(a_stock_rd, "orders.c", 15, 9, STM_SITE_READ, "stock[item[k]]", "worker");
SITE(a_stock_wr, "orders.c", 15, 9, STM_SITE_WRITE, "stock[item[k]]", "worker");
SITE(a_sum_begin, "orders.c", 19, 3, STM_SITE_BEGIN, NULL, "worker");
SITE(a_proc_rd, "orders.c", 19, 38, STM_SITE_READ, "processed", "worker");
SITE(a_proc_wr, "orders.c", 19, 26, STM_SITE_WRITE, "processed", "worker");

static uint64_t stock[ITEMS], processed;
static int after;

/* Validates an order: ~10 us of computation on the thread's own data. */
static void check_order(const int *item) {
  uint64_t h = (uint64_t)item[0];
  for (int w = 0; w < 10000; w++) {
    h = h * 31 + (uint64_t)w;
    __asm__ volatile("" : "+r"(h));
  }
}

static void *worker(void *arg) {
  unsigned seed = (unsigned)(long)arg + 1;
  uint64_t mine = 0;
  for (int i = 0; i < ORDERS; i++) {
    int item[16];
    for (int k = 0; k < 16; k++)
      item[k] = rand_r(&seed) % ITEMS;
    if (!after) {
      TX_BEGIN(tx, STM_ATTR_ATOMIC, &b_begin) {
        stm_store_u64(tx, &processed, stm_load_u64(tx, &processed, &b_proc_rd) + 1, &b_proc_wr);
        check_order(item);
        for (int k = 0; k < 16; k++)
          stm_store_u64(tx, &stock[item[k]], stm_load_u64(tx, &stock[item[k]], &b_stock_rd) - 1,
                        &b_stock_wr);
      } TX_END(tx);
    } else {
      TX_BEGIN(tx, STM_ATTR_ATOMIC, &a_begin) {
        check_order(item);
        for (int k = 0; k < 16; k++)
          stm_store_u64(tx, &stock[item[k]], stm_load_u64(tx, &stock[item[k]], &a_stock_rd) - 1,
                        &a_stock_wr);
      } TX_END(tx);
      mine++;
    }
  }
  if (after) {
    TX_BEGIN(tx, STM_ATTR_ATOMIC, &a_sum_begin) {
      stm_store_u64(tx, &processed, stm_load_u64(tx, &processed, &a_proc_rd) + mine, &a_proc_wr);
    } TX_END(tx);
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 2 || (strcmp(argv[1], "before") && strcmp(argv[1], "after"))) {
    fprintf(stderr, "usage: %s before|after\n", argv[0]);
    return 2;
  }
  after = strcmp(argv[1], "after") == 0;
  pthread_t t[2];
  double t0 = test_now();
  for (long i = 0; i < 2; i++)
    CHECK(pthread_create(&t[i], NULL, worker, (void *)i) == 0);
  for (int i = 0; i < 2; i++)
    CHECK(pthread_join(t[i], NULL) == 0);
  double secs = test_now() - t0;
  uint64_t sold = 0;
  for (int i = 0; i < ITEMS; i++)
    sold -= stock[i];
  CHECK(sold == 16 * processed);
  printf("processed %llu orders in %.3f s\n", (unsigned long long)processed, secs);
  fflush(stdout);
  return 0;
}
