// The shared-counter example of docs/USER_GUIDE.md, before and after the
// fix the report points to: before, the report's top conflict is the
// counter; after (a per-thread count added once at the end), no conflict
// names it and every order is still counted.  The code is what the plugin
// emits for these sources (orders.c):
//
//   before                                   after
//    6  static void *worker(void *arg) {      6  static void *worker(void *arg) {
//    7    unsigned seed = (long)arg;          7    unsigned seed = (long)arg;
//    8    for (int i = 0; i < N; i++) {        8    long mine = 0;
//    9      int item[16];                       9    for (int i = 0; i < N; i++) {
//   10      for (...) item[k] = rand_r(...);  10      int item[16];
//   11      __transaction_atomic {            11      for (...) item[k] = rand_r(...);
//   12        processed = processed + 1;      12      __transaction_atomic {
//   13        for (int k = 0; k < 16; k++)    13        for (int k = 0; k < 16; k++)
//   14          stock[item[k]] -= 1;          14          stock[item[k]] -= 1;
//   15      }                                 15      }
//   16    }                                   16      mine++;
//   17    return 0;                           17    }
//   18  }                                     18    __transaction_atomic { processed = processed + mine; }
//
// RUN: %rtcc %s -o %t %stm_ldflags
// RUN: env STM_STATS=1 %t before 2>&1 | FileCheck %s --check-prefix=BEFORE
// RUN: env STM_STATS=1 %t after 2>&1 | FileCheck %s --check-prefix=AFTER
//
// BEFORE: processed 200000 orders
// BEFORE: stm: conflicts, by time lost:
// A loaded machine may put first the attempts killed by a transaction that
// went irrevocable after repeated aborts; that line names the counter too.
// BEFORE: orders.c:12:{{19|7}}: conflict: {{read|write}} of 'processed' (worker) aborted
// BEFORE: orders.c:11:5: transaction: in worker: 200000 commits, {{[1-9][0-9]*}} abort
//
// AFTER: processed 200000 orders
// AFTER-NOT: 'processed'
// AFTER: orders.c:12:5: transaction: in worker: 200000 commits,
// AFTER-NOT: 'processed'
#include "Inputs/stats-tx.h"

#include <string.h>

#define ITEMS 65536
#define ORDERS 100000 /* per thread */

SITE(b_begin, "orders.c", 11, 5, STM_SITE_BEGIN, NULL, "worker");
SITE(b_proc_rd, "orders.c", 12, 19, STM_SITE_READ, "processed", "worker");
SITE(b_proc_wr, "orders.c", 12, 7, STM_SITE_WRITE, "processed", "worker");
SITE(b_stock_rd, "orders.c", 14, 9, STM_SITE_READ, "stock[item[k]]", "worker");
SITE(b_stock_wr, "orders.c", 14, 9, STM_SITE_WRITE, "stock[item[k]]", "worker");

SITE(a_begin, "orders.c", 12, 5, STM_SITE_BEGIN, NULL, "worker");
SITE(a_stock_rd, "orders.c", 14, 9, STM_SITE_READ, "stock[item[k]]", "worker");
SITE(a_stock_wr, "orders.c", 14, 9, STM_SITE_WRITE, "stock[item[k]]", "worker");
SITE(a_sum_begin, "orders.c", 18, 3, STM_SITE_BEGIN, NULL, "worker");
SITE(a_proc_rd, "orders.c", 18, 38, STM_SITE_READ, "processed", "worker");
SITE(a_proc_wr, "orders.c", 18, 26, STM_SITE_WRITE, "processed", "worker");

static uint64_t stock[ITEMS], processed;
static int after;

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
        for (int k = 0; k < 16; k++)
          stm_store_u64(tx, &stock[item[k]], stm_load_u64(tx, &stock[item[k]], &b_stock_rd) - 1,
                        &b_stock_wr);
      } TX_END(tx);
    } else {
      TX_BEGIN(tx, STM_ATTR_ATOMIC, &a_begin) {
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
