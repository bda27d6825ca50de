// A conflict whose every detail is known: in each of 50 rounds the auditor
// reads the balance, the depositor then commits a new balance, and the
// auditor's commit fails validation.  The report names the auditor's read
// (the line to change), the kind, exactly 50 aborts, the depositor's write
// as the winner, both transactions' lines and their exact counts.  The code
// is what the plugin emits for this source (race.c):
//
//    1  static long balance, audit;
//    2  static void *auditor(void *arg) {
//    3    for (int r = 0; r < 50; r++)
//    4      __transaction_atomic {
//    5        long b = balance;
//    6        slow_check(b);
//    7        audit = b;
//    8      }
//    9    return 0;
//   10  }
//   11  static void *depositor(void *arg) {
//   12    for (int r = 0; r < 50; r++)
//   13      __transaction_atomic {
//   14        balance = balance + 1;
//   15      }
//
// RUN: %rtcc %s -o %t %stm_ldflags
// RUN: env STM_STATS=1 %t 2>&1 | FileCheck %s --match-full-lines
//
// CHECK:      ok
// CHECK-NEXT: stm: statistics
// CHECK-NEXT: stm:   commits: 100 (0 read-only, 100 writing)
// CHECK-NEXT: stm:   aborts: 50, validation failure 50
// CHECK-NEXT: stm:   cancels: 0
// CHECK-NEXT: stm:   irrevocable: 0 (0 after too many aborts, 0 serial)
// CHECK-NEXT: stm:   most consecutive aborts: 1
// CHECK-NEXT: stm:   time lost in aborted attempts: [[LOST:0\.[0-9]*[1-9][0-9]*|[1-9][0-9]*\.[0-9]+]] s
// CHECK-NEXT: stm:   time waiting on irrevocable transactions: 0.000000 s
// CHECK-NEXT: stm: conflicts, by time lost:
// CHECK-NEXT: race.c:5:16: conflict: read of 'balance' (auditor) aborted 50 times, [[LOST]] s lost (validation failure); winner wrote at race.c:14:7; transaction at race.c:4:5
// CHECK-NEXT: stm: transactions, by time lost:
// CHECK-NEXT: race.c:4:5: transaction: in auditor: 50 commits, 50 aborts, [[LOST]] s lost, average attempt {{[0-9]+\.[0-9]+}} us, 50 retried (at most 1 time)
// CHECK-NEXT: race.c:13:5: transaction: in depositor: 50 commits, 0 aborts, 0.000000 s lost, average attempt {{[0-9]+\.[0-9]+}} us
#include "Inputs/stats-tx.h"

SITE(s_audit_begin, "race.c", 4, 5, STM_SITE_BEGIN, NULL, "auditor");
SITE(s_balance_rd, "race.c", 5, 16, STM_SITE_READ, "balance", "auditor");
SITE(s_audit_wr, "race.c", 7, 7, STM_SITE_WRITE, "audit", "auditor");
SITE(s_deposit_begin, "race.c", 13, 5, STM_SITE_BEGIN, NULL, "depositor");
SITE(s_deposit_rd, "race.c", 14, 17, STM_SITE_READ, "balance", "depositor");
SITE(s_deposit_wr, "race.c", 14, 7, STM_SITE_WRITE, "balance", "depositor");

#define ROUNDS 50

static uint64_t balance, audit;
static _Atomic long round_read; /* rounds whose first attempt has read balance */

/* Static, not a local: a local written inside the block is not reliable
 * after an abort unless the block saves it (the plugin's code does). */
static long waited = -1;

static void *auditor(void *arg) {
  for (long r = 0; r < ROUNDS; r++) {
    TX_BEGIN(tx, STM_ATTR_ATOMIC, &s_audit_begin) {
      uint64_t b = stm_load_u64(tx, &balance, &s_balance_rd);
      if (waited != r) {
        /* First attempt: let the depositor commit; its write-back comes
         * before it waits for us (privatization), so this ends. */
        waited = r;
        round_read = r + 1;
        while (__atomic_load_n(&balance, __ATOMIC_ACQUIRE) == b)
          sched_yield();
      }
      stm_store_u64(tx, &audit, b, &s_audit_wr);
    } TX_END(tx);
  }
  return arg;
}

static void *depositor(void *arg) {
  for (long r = 0; r < ROUNDS; r++) {
    while (round_read < r + 1)
      sched_yield();
    TX_BEGIN(tx, STM_ATTR_ATOMIC, &s_deposit_begin) {
      stm_store_u64(tx, &balance, stm_load_u64(tx, &balance, &s_deposit_rd) + 1, &s_deposit_wr);
    } TX_END(tx);
  }
  return arg;
}

int main(void) {
  pthread_t a, d;
  CHECK(pthread_create(&a, NULL, auditor, NULL) == 0);
  CHECK(pthread_create(&d, NULL, depositor, NULL) == 0);
  CHECK(pthread_join(a, NULL) == 0);
  CHECK(pthread_join(d, NULL) == 0);
  CHECK(balance == ROUNDS && audit == ROUNDS);
  printf("ok\n");
  fflush(stdout);
  return 0;
}
