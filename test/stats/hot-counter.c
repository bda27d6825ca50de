// A known hot spot: two threads increment one counter.  With STM_STATS=1
// the report at exit names the counter's line and column as the top
// conflict, with its kind, a non-zero count and time, the winner's write
// and the transaction's begin; the transaction line counts every commit.
// The code is what the plugin emits for this source (counter.c):
//
//   1  static long counter, scratch[2][16];
//   2  static void *worker(void *arg) {
//   3    long id = (long)arg;
//   4    for (...)
//   5      __transaction_atomic {
//   6        long c = counter;
//   7        for (int k = 0; k < 16; k++) scratch[id][k] += k;
//   8        counter = c + 1;
//   9      }
//
// RUN: %rtcc %s -o %t %stm_ldflags
// RUN: env STM_STATS=1 %t 2>&1 | FileCheck %s
// RUN: env STM_STATS=verbose %t 2>&1 | FileCheck --check-prefix=LIVE %s
//
// CHECK: commits [[N:[0-9]+]]
// CHECK-NEXT: stm: statistics
// CHECK-NEXT: stm:   commits: [[N]] (0 read-only, [[N]] writing)
// CHECK-NEXT: stm:   aborts: {{[1-9][0-9]*}},
// CHECK: stm:   time lost in aborted attempts: {{0\.[0-9]*[1-9][0-9]*|[1-9][0-9]*\.[0-9]+}} s
// CHECK: stm: conflicts, by time lost:
// CHECK-NEXT: counter.c:{{6:16|8:7}}: conflict: {{read|write}} of 'counter' (worker) aborted {{[1-9][0-9]*}} time{{s?}}, {{0\.[0-9]*[1-9][0-9]*|[1-9][0-9]*\.[0-9]+}} s lost ({{read-write|write-write|validation failure}}); winner wrote at counter.c:8:7; transaction at counter.c:5:5
// CHECK: stm: transactions, by time lost:
// CHECK-NEXT: counter.c:5:5: transaction: in worker: [[N]] commits, {{[1-9][0-9]*}} abort{{s?}}, {{0\.[0-9]*[1-9][0-9]*|[1-9][0-9]*\.[0-9]+}} s lost, average attempt {{[0-9]+\.[0-9][0-9][0-9]}} us, {{[1-9][0-9]*}} retried (at most {{[1-9][0-9]*}} time{{s?}})
//
// Verbose: each abort as it happens, in the same format.
// LIVE: counter.c:{{6:16|8:7}}: conflict: {{read|write}} of 'counter' (worker) aborted, {{[0-9]+\.[0-9][0-9][0-9][0-9][0-9][0-9]}} s lost ({{read-write|write-write|validation failure}}); winner {{wrote at counter.c:8:7|unknown}}; transaction at counter.c:5:5
#include "Inputs/stats-tx.h"

SITE(s_begin, "counter.c", 5, 5, STM_SITE_BEGIN, NULL, "worker");
SITE(s_counter_rd, "counter.c", 6, 16, STM_SITE_READ, "counter", "worker");
SITE(s_scratch_rd, "counter.c", 7, 36, STM_SITE_READ, "scratch[id][k]", "worker");
SITE(s_scratch_wr, "counter.c", 7, 36, STM_SITE_WRITE, "scratch[id][k]", "worker");
SITE(s_counter_wr, "counter.c", 8, 7, STM_SITE_WRITE, "counter", "worker");

#define MIN_COMMITS 20000
#define MIN_ABORTS 200 /* so that the top line is not a one-off */

static uint64_t counter, scratch[2][16];
static long commits[2];
static _Atomic long aborts_seen[2], ready;
static __thread long attempts; /* plain: not rolled back by an abort */

static void *worker(void *arg) {
  long id = (long)arg, done = 0;
  ready++;
  while (ready < 2) {
  }
  double t0 = test_now();
  while (done < MIN_COMMITS ||
         (aborts_seen[0] + aborts_seen[1] < MIN_ABORTS && test_now() - t0 < 20)) {
    TX_BEGIN(tx, STM_ATTR_ATOMIC, &s_begin) {
      attempts++;
      uint64_t c = stm_load_u64(tx, &counter, &s_counter_rd);
      for (int k = 0; k < 16; k++)
        stm_store_u64(tx, &scratch[id][k], stm_load_u64(tx, &scratch[id][k], &s_scratch_rd) + k,
                      &s_scratch_wr);
      stm_store_u64(tx, &counter, c + 1, &s_counter_wr);
    } TX_END(tx);
    done++;
    if (done % 256 == 0)
      aborts_seen[id] = attempts - done;
  }
  commits[id] = done;
  return NULL;
}

int main(void) {
  pthread_t t[2];
  for (long i = 0; i < 2; i++)
    CHECK(pthread_create(&t[i], NULL, worker, (void *)i) == 0);
  for (int i = 0; i < 2; i++)
    CHECK(pthread_join(t[i], NULL) == 0);
  CHECK(counter == (uint64_t)(commits[0] + commits[1]));
  /* Before the report, which is written at exit. */
  printf("commits %ld\n", commits[0] + commits[1]);
  fflush(stdout);
  return 0;
}
