// Every kind of line, with exact counts: explicit retries, a cancel (of a
// whole transaction, then of a nested block), the irrevocable fallback
// after too many aborts (blamed on the line of the last abort), injected
// aborts, a site without a file; and the
// rate limit of STM_STATS=verbose.  The code is what the plugin emits for
// this source (kinds.c; retry() stands for stm_abort_retry):
//
//    1  static long x;
//    2  static int attempts;
//    3  void retries(void) {
//    4    __transaction_atomic {
//    5      x = x + 1; if (++attempts < 6) retry();
//    6    }
//    7  }
//    8  void cancels(void) {
//    9    __transaction_atomic {
//   10      x = 0; __transaction_cancel;
//   11    }
//   12    __transaction_atomic {
//   13      x = x + 1;
//   14      __transaction_atomic { x = 0; __transaction_cancel; }
//   15    }
//   16  }
//   17  void fallback(void) {
//   18    __transaction_atomic { if (++attempts <= 3) retry(); }
//   19  }
//   20  void injected(void) {
//   21    for (int i = 0; i < 100; i++)
//   22      __transaction_atomic { x = x + 1; }
//   23  }
//
// RUN: %rtcc %s -o %t %stm_ldflags
// RUN: env STM_STATS=1 %t kinds 2>&1 | FileCheck %s --match-full-lines
// RUN: env STM_STATS=1 STM_MAX_RETRIES=3 %t fallback 2>&1 | FileCheck %s --check-prefix=FALLBACK --match-full-lines
// RUN: env STM_STATS=1 STM_INJECT_ABORTS=50 %t injected 2>&1 | FileCheck %s --check-prefix=INJECT
// RUN: env STM_STATS=verbose STM_MAX_RETRIES=1000 %t flood 2>&1 | FileCheck %s --check-prefix=LIVE
//
// CHECK:      stm: statistics
// CHECK-NEXT: stm:   commits: 3 (0 read-only, 3 writing)
// CHECK-NEXT: stm:   aborts: 5, explicit retry 5
// CHECK-NEXT: stm:   cancels: 2
// CHECK-NEXT: stm:   irrevocable: 0 (0 after too many aborts, 0 serial)
// CHECK-NEXT: stm:   most consecutive aborts: 5
// CHECK-NEXT: stm:   time lost in aborted attempts: {{[0-9]+\.[0-9]+}} s
// CHECK-NEXT: stm:   time waiting on irrevocable transactions: 0.000000 s
// CHECK-NEXT: stm: conflicts, by time lost:
// CHECK-DAG:  kinds.c:5:36: conflict: call to 'retry' (retries) aborted 5 times, {{[0-9]+\.[0-9]+}} s lost (explicit retry); transaction at kinds.c:4:3
// CHECK-DAG:  kinds.c:10:12: conflict: cancel (cancels) aborted 1 time, {{[0-9]+\.[0-9]+}} s lost (explicit cancel); transaction at kinds.c:9:3
// CHECK-DAG:  kinds.c:14:35: conflict: cancel (cancels) aborted 1 time, 0.000000 s lost (explicit cancel); transaction at kinds.c:12:3
// CHECK:      stm: transactions, by time lost:
// CHECK-NEXT: kinds.c:4:3: transaction: in retries: 1 commit, 5 aborts, {{[0-9]+\.[0-9]+}} s lost, average attempt {{[0-9]+\.[0-9]+}} us, 1 retried (at most 5 times)
// CHECK-NEXT: kinds.c:12:3: transaction: in cancels: 1 commit, 0 aborts, 0.000000 s lost, average attempt {{[0-9]+\.[0-9]+}} us, 1 cancel
// CHECK-NEXT: stm: transaction: 1 commit, 0 aborts, 0.000000 s lost, average attempt {{[0-9]+\.[0-9]+}} us
// CHECK-NEXT: kinds.c:9:3: transaction: in cancels: 0 commits, 0 aborts, 0.000000 s lost, 1 cancel
// CHECK-NOT:  {{.}}
//
// FALLBACK:      stm:   irrevocable: 1 (1 after too many aborts, 0 serial)
// FALLBACK:      stm: conflicts, by time lost:
// FALLBACK-NEXT: kinds.c:18:47: conflict: call to 'retry' (fallback) aborted 3 times, {{[0-9]+\.[0-9]+}} s lost (explicit retry); transaction at kinds.c:18:3
// FALLBACK-NEXT: stm: irrevocable transactions, by time others lost:
// FALLBACK-NEXT: kinds.c:18:47: inevitable: call to 'retry' (fallback) made 1 transaction irrevocable (1 after repeated aborts), others waited 0.000000 s
// FALLBACK-NEXT: stm: transactions, by time lost:
// FALLBACK-NEXT: kinds.c:18:3: transaction: in fallback: 1 commit, 3 aborts, {{[0-9]+\.[0-9]+}} s lost, average attempt {{[0-9]+\.[0-9]+}} us, 1 retried (at most 3 times), 1 irrevocable
//
// INJECT: stm: conflicts, by time lost:
// INJECT-NEXT: kinds.c:22:5: conflict: transaction (injected) aborted {{[1-9][0-9]*}} time{{s?}}, {{[0-9]+\.[0-9]+}} s lost (injected){{$}}
// INJECT: kinds.c:22:5: transaction: in injected: 100 commits, {{[1-9][0-9]*}} abort
//
// Verbose: 20 lines a second per thread, then a count of the rest.
// LIVE-COUNT-20: kinds.c:5:36: conflict: call to 'retry' (retries) aborted, {{[0-9]+\.[0-9]+}} s lost (explicit retry); transaction at kinds.c:4:3
// LIVE-NEXT:     stm: verbose: {{[1-9][0-9]*}} more events of thread 0 not shown (at most 20 a second per thread)
// LIVE:          kinds.c:4:3: transaction: in retries: 1 commit, 499 aborts,
#include "Inputs/stats-tx.h"

#include <string.h>

SITE(s_retries, "kinds.c", 4, 3, STM_SITE_BEGIN, NULL, "retries");
SITE(s_x_rd5, "kinds.c", 5, 9, STM_SITE_READ, "x", "retries");
SITE(s_x_wr5, "kinds.c", 5, 5, STM_SITE_WRITE, "x", "retries");
SITE(s_retry5, "kinds.c", 5, 36, STM_SITE_CALL, "retry", "retries");
SITE(s_cancels, "kinds.c", 9, 3, STM_SITE_BEGIN, NULL, "cancels");
SITE(s_x_wr10, "kinds.c", 10, 5, STM_SITE_WRITE, "x", "cancels");
SITE(s_cancel10, "kinds.c", 10, 12, STM_SITE_CANCEL, NULL, "cancels");
SITE(s_outer, "kinds.c", 12, 3, STM_SITE_BEGIN, NULL, "cancels");
SITE(s_x_rd13, "kinds.c", 13, 9, STM_SITE_READ, "x", "cancels");
SITE(s_x_wr13, "kinds.c", 13, 5, STM_SITE_WRITE, "x", "cancels");
SITE(s_inner, "kinds.c", 14, 5, STM_SITE_BEGIN, NULL, "cancels");
SITE(s_x_wr14, "kinds.c", 14, 28, STM_SITE_WRITE, "x", "cancels");
SITE(s_cancel14, "kinds.c", 14, 35, STM_SITE_CANCEL, NULL, "cancels");
SITE(s_fallback, "kinds.c", 18, 3, STM_SITE_BEGIN, NULL, "fallback");
SITE(s_retry18, "kinds.c", 18, 47, STM_SITE_CALL, "retry", "fallback");
SITE(s_injected, "kinds.c", 22, 5, STM_SITE_BEGIN, NULL, "injected");
SITE(s_x_rd22, "kinds.c", 22, 32, STM_SITE_READ, "x", "injected");
SITE(s_x_wr22, "kinds.c", 22, 28, STM_SITE_WRITE, "x", "injected");
/* Code without a source location (hand-written ABI calls). */
SITE(s_nowhere, NULL, 0, 0, STM_SITE_BEGIN, NULL, NULL);

static uint64_t x;
static int attempts, limit; /* static: written in blocks, not rolled back */

static void retries(void) {
  attempts = 0;
  TX_BEGIN(tx, STM_ATTR_ATOMIC, &s_retries) {
    stm_store_u64(tx, &x, stm_load_u64(tx, &x, &s_x_rd5) + 1, &s_x_wr5);
    if (++attempts < limit)
      stm_abort_retry(tx, &s_retry5);
  } TX_END(tx);
}

static void cancels(void) {
  TX_BEGIN(tx, STM_ATTR_ATOMIC | STM_ATTR_MAY_CANCEL, &s_cancels) {
    stm_store_u64(tx, &x, 0, &s_x_wr10);
    stm_cancel(tx, 0, &s_cancel10);
  } TX_END(tx);
  TX_BEGIN(tx, STM_ATTR_ATOMIC, &s_outer) {
    stm_store_u64(tx, &x, stm_load_u64(tx, &x, &s_x_rd13) + 1, &s_x_wr13);
    TX_BEGIN(tx2, STM_ATTR_ATOMIC | STM_ATTR_MAY_CANCEL, &s_inner) {
      stm_store_u64(tx2, &x, 0, &s_x_wr14);
      stm_cancel(tx2, 0, &s_cancel14);
    } TX_END(tx2);
  } TX_END(tx);
  TX_BEGIN(tx, STM_ATTR_ATOMIC, &s_nowhere) {
    stm_store_u64(tx, &x, x + 1, &s_x_wr13);
  } TX_END(tx);
}

static void fallback(void) {
  attempts = 0;
  TX_BEGIN(tx, STM_ATTR_ATOMIC, &s_fallback) {
    if (++attempts <= 3)
      stm_abort_retry(tx, &s_retry18);
  } TX_END(tx);
  CHECK(attempts == 4);
}

static void injected(void) {
  for (int i = 0; i < 100; i++) {
    TX_BEGIN(tx, STM_ATTR_ATOMIC, &s_injected) {
      stm_store_u64(tx, &x, stm_load_u64(tx, &x, &s_x_rd22) + 1, &s_x_wr22);
    } TX_END(tx);
  }
  CHECK(x == 100);
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  if (strcmp(mode, "kinds") == 0) {
    limit = 6;
    retries();
    CHECK(x == 1);
    cancels();
    CHECK(x == 3);
  } else if (strcmp(mode, "fallback") == 0) {
    fallback();
  } else if (strcmp(mode, "injected") == 0) {
    injected();
  } else if (strcmp(mode, "flood") == 0) {
    limit = 500;
    retries();
  } else {
    fprintf(stderr, "usage: %s kinds|fallback|injected|flood\n", argv[0]);
    return 2;
  }
  return 0;
}
