// One thread prints inside relaxed blocks (irrevocable, instrumented) and
// calls an unsafe function in others (irrevocable, serial) while another
// thread keeps committing: the report names each line that made a
// transaction irrevocable, how often, and that the other thread waited.
// The code is what the plugin emits for this source (log.c):
//
//    1  static long events, hits, done;
//    2  static void *logger(void *arg) {
//    3    for (int i = 0; i < 100; i++)
//    4      __transaction_relaxed {
//    5        events = events + 1;
//    6        printf("event %ld\n", events);
//    7        slow_device_wait();
//    8      }
//    9    for (int i = 0; i < 10; i++)
//   10      __transaction_relaxed {
//   11        events = events + 1;
//   12        flush_log();
//   13      }
//   14    return 0;
//   15  }
//   16  static void *counter(void *arg) {
//   17    while (!done)
//   18      __transaction_atomic { hits = hits + 1; }
//
// RUN: %rtcc %s -o %t %stm_ldflags
// RUN: env STM_STATS=1 %t 2>&1 >/dev/null | FileCheck %s
// RUN: env STM_STATS=verbose %t 2>&1 >/dev/null | FileCheck --check-prefix=LIVE %s
//
// CHECK: stm:   irrevocable: 110 (0 after too many aborts, 10 serial)
// CHECK: stm:   time waiting on irrevocable transactions: {{0\.[0-9]*[1-9][0-9]*|[1-9][0-9]*\.[0-9]+}} s
// CHECK: stm: irrevocable transactions, by time others lost:
// CHECK-DAG: log.c:6:7: inevitable: call to 'printf' (logger) made 100 transactions irrevocable, others waited {{0\.[0-9]*[1-9][0-9]*|[1-9][0-9]*\.[0-9]+}} s{{$}}
// CHECK-DAG: log.c:12:7: inevitable: call to 'flush_log' (logger) made 10 transactions irrevocable (10 serial), others waited {{[0-9]+\.[0-9]+}} s
// CHECK: stm: transactions, by time lost:
// CHECK-DAG: log.c:4:5: transaction: in logger: 100 commits, 0 aborts, 0.000000 s lost, average attempt {{[0-9]+\.[0-9]+}} us, 100 irrevocable{{$}}
// CHECK-DAG: log.c:10:5: transaction: in logger: 10 commits, 0 aborts, 0.000000 s lost, average attempt {{[0-9]+\.[0-9]+}} us, 10 irrevocable{{$}}
// CHECK-DAG: log.c:18:5: transaction: in counter: {{[1-9][0-9]*}} commits,
//
// LIVE: log.c:6:7: inevitable: call to 'printf' (logger) made a transaction irrevocable
#include "Inputs/stats-tx.h"

#include <unistd.h>

SITE(s_log_begin, "log.c", 4, 5, STM_SITE_BEGIN, NULL, "logger");
SITE(s_events_rd, "log.c", 5, 16, STM_SITE_READ, "events", "logger");
SITE(s_events_wr, "log.c", 5, 7, STM_SITE_WRITE, "events", "logger");
SITE(s_printf, "log.c", 6, 7, STM_SITE_IRREV, "printf", "logger");
SITE(s_flush_begin, "log.c", 10, 5, STM_SITE_BEGIN, NULL, "logger");
SITE(s_events_rd2, "log.c", 11, 16, STM_SITE_READ, "events", "logger");
SITE(s_events_wr2, "log.c", 11, 7, STM_SITE_WRITE, "events", "logger");
SITE(s_flush, "log.c", 12, 7, STM_SITE_IRREV, "flush_log", "logger");
SITE(s_count_begin, "log.c", 18, 5, STM_SITE_BEGIN, NULL, "counter");
SITE(s_hits_rd, "log.c", 18, 35, STM_SITE_READ, "hits", "counter");
SITE(s_hits_wr, "log.c", 18, 28, STM_SITE_WRITE, "hits", "counter");

static uint64_t events, hits;
static _Atomic long done, committing; /* plain flags, outside the STM */

/* The device is slow, and the counter thread is about to commit (so that
 * it surely waits for us at least sometimes, even on a loaded machine). */
static void slow_device_wait(void) {
  double t0 = test_now();
  while (!committing && test_now() - t0 < 0.05)
    sched_yield();
  committing = 0;
  usleep(200);
}

static void flush_log(void) { fflush(stdout); }

static void *logger(void *arg) {
  for (int i = 0; i < 100; i++) {
    TX_BEGIN(tx, STM_ATTR_RELAXED, &s_log_begin) {
      uint64_t e = stm_load_u64(tx, &events, &s_events_rd) + 1;
      stm_store_u64(tx, &events, e, &s_events_wr);
      stm_become_irrevocable(tx, STM_IRR_INSTRUMENTED, &s_printf);
      printf("event %llu\n", (unsigned long long)e);
      slow_device_wait();
    } TX_END(tx);
  }
  for (int i = 0; i < 10; i++) {
    TX_BEGIN(tx, STM_ATTR_RELAXED, &s_flush_begin) {
      stm_store_u64(tx, &events, stm_load_u64(tx, &events, &s_events_rd2) + 1, &s_events_wr2);
      stm_become_irrevocable(tx, STM_IRR_SERIAL, &s_flush);
      flush_log();
    } TX_END(tx);
  }
  done = 1;
  return arg;
}

static void *counter(void *arg) {
  while (!done) {
    TX_BEGIN(tx, STM_ATTR_ATOMIC, &s_count_begin) {
      stm_store_u64(tx, &hits, stm_load_u64(tx, &hits, &s_hits_rd) + 1, &s_hits_wr);
      committing = 1;
    } TX_END(tx);
  }
  return arg;
}

int main(void) {
  pthread_t l, c;
  CHECK(pthread_create(&c, NULL, counter, NULL) == 0);
  CHECK(pthread_create(&l, NULL, logger, NULL) == 0);
  CHECK(pthread_join(l, NULL) == 0);
  CHECK(pthread_join(c, NULL) == 0);
  CHECK(events == 110);
  return 0;
}
