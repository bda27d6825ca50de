// __transaction_cancel: stm_cancel(tx, 0) rolls back the innermost atomic
// block that may cancel and continues after it; stm_cancel(tx, 1) rolls
// back the outermost.  Writes (including ones to words the parent already
// wrote, sub-word neighbours, ranges), allocations and locals (logged with
// stm_log_local or saved by the block) of the cancelled part are undone;
// the rest commits; nothing stays locked.
// RUN: %rtcc %s -o %t %stm_ldflags && %t | FileCheck %s
// RUN: env STM_INJECT_ABORTS=20 %t | FileCheck %s
// CHECK: outermost ok
// CHECK: inner ok
// CHECK: outer ok
// CHECK: three levels ok
// CHECK: same word ok
// CHECK: no locks left ok
#include "Inputs/tx.h"

static uint64_t a, b, c, d;
static union {
  uint64_t w;
  uint8_t b[8];
} sw;
static char str[16];
static void *kept;

#define VOL(x) (*(volatile __typeof__(x) *)&(x))

static void reset(void) {
  a = b = c = d = 0;
  sw.w = 0;
  memset(str, 0, sizeof str);
}

/* The outermost block itself may cancel. */
static void outermost(void) {
  reset();
  long logged = 5;
  int saved = 9;
  const int saved0 = saved;
  TX_BEGIN_R(tx, A_CANCEL, saved = saved0) {
    stm_log_local(tx, &logged, sizeof logged);
    logged = 6;
    saved = 10;
    ST64(tx, &a, 1);
    stm_write_bytes(tx, str, "cancelled", 10, SW);
    void *p = stm_malloc(tx, 100, SC); /* released by the cancel */
    STP(tx, &kept, p);
    stm_cancel(tx, 0, TX_SITE(STM_SITE_CANCEL, "cancel"));
  } TX_END(tx);
  CHECK_EQ(a, 0);
  CHECK_EQ(str[0], 0);
  CHECK(kept == NULL);
  CHECK_EQ(VOL(logged), 5);
  CHECK_EQ(saved, 9);
  CHECK_EQ(stm_tx_self()->nesting, 0);
  /* The descriptor is usable again, and a later abort is not a cancel. */
  static int attempts;
  attempts = 0;
  TX_BEGIN(tx, A_CANCEL) {
    ST64(tx, &a, 2);
    if (attempts++ == 0)
      stm_abort_retry(tx, SC);
  } TX_END(tx);
  CHECK_EQ(a, 2);
  printf("outermost ok\n");
}

static void inner(void) {
  reset();
  long outer_logged = 1, inner_logged = 100;
  int inner_saved = 50;
  const int inner_saved0 = inner_saved;
  TX_BEGIN(tx, A_ATOMIC) {
    stm_log_local(tx, &outer_logged, sizeof outer_logged);
    outer_logged = 2;
    ST64(tx, &a, 1);
    ST8(tx, &sw.b[0], 0x11);
    TX_BEGIN_R(tx2, A_CANCEL, inner_saved = inner_saved0) {
      stm_log_local(tx2, &inner_logged, sizeof inner_logged);
      inner_logged = 101;
      inner_saved = 51;
      ST64(tx2, &b, 1);
      ST8(tx2, &sw.b[1], 0x22); /* same word as the parent's byte */
      stm_memset(tx2, str, 'x', 8, SW);
      void *p = stm_malloc(tx2, 64, SC);
      STP(tx2, &kept, p);
      CHECK_EQ(LD64(tx2, &sw.w), 0x2211);
      stm_cancel(tx2, 0, SX);
    } TX_END(tx2);
    /* Back in the parent, which still sees its own writes only. */
    CHECK_EQ(VOL(inner_logged), 100);
    CHECK_EQ(inner_saved, 50);
    CHECK_EQ(VOL(outer_logged), 2);
    CHECK_EQ(LD64(tx, &a), 1);
    CHECK_EQ(LD64(tx, &b), 0);
    CHECK_EQ(LD64(tx, &sw.w), 0x11);
    CHECK(LDP(tx, &kept) == NULL);
    CHECK_EQ(LD8(tx, &str[0]), 0);
    ST64(tx, &c, 1);
  } TX_END(tx);
  CHECK_EQ(a, 1);
  CHECK_EQ(b, 0);
  CHECK_EQ(c, 1);
  CHECK_EQ(sw.w, 0x11);
  CHECK_EQ(str[0], 0);
  CHECK(kept == NULL);
  CHECK_EQ(outer_logged, 2);
  CHECK_EQ(inner_logged, 100);

  /* An inner block that may cancel but does not: its writes commit. */
  reset();
  TX_BEGIN(tx, A_ATOMIC) {
    ST64(tx, &a, 3);
    TX_BEGIN(tx2, A_CANCEL) { ST64(tx2, &b, 4); } TX_END(tx2);
    CHECK_EQ(LD64(tx, &b), 4);
  } TX_END(tx);
  CHECK(a == 3 && b == 4);
  printf("inner ok\n");
}

static void outer(void) {
  reset();
  long outer_logged = 1, inner_logged = 100;
  int outer_saved = 7;
  const int outer_saved0 = outer_saved;
  int reached_after_inner = 0;
  TX_BEGIN_R(tx, A_CANCEL, outer_saved = outer_saved0) {
    stm_log_local(tx, &outer_logged, sizeof outer_logged);
    outer_logged = 2;
    outer_saved = 8;
    ST64(tx, &a, 1);
    void *p = stm_malloc(tx, 32, SC);
    STP(tx, &kept, p);
    TX_BEGIN(tx2, A_CANCEL) {
      stm_log_local(tx2, &inner_logged, sizeof inner_logged);
      inner_logged = 101;
      ST64(tx2, &b, 1);
      stm_cancel(tx2, 1, SX); /* [[outer]] */
    } TX_END(tx2);
    reached_after_inner = 1; /* never: the whole transaction is gone */
    ST64(tx, &c, 1);
  } TX_END(tx);
  CHECK_EQ(reached_after_inner, 0);
  CHECK(a == 0 && b == 0 && c == 0 && kept == NULL);
  CHECK_EQ(VOL(outer_logged), 1);
  CHECK_EQ(VOL(inner_logged), 100);
  CHECK_EQ(outer_saved, 7);
  CHECK_EQ(stm_tx_self()->nesting, 0);
  printf("outer ok\n");
}

static void three_levels(void) {
  reset();
  TX_BEGIN(tx, A_ATOMIC) {
    ST64(tx, &a, 1);
    TX_BEGIN(tx2, A_CANCEL) {
      ST64(tx2, &b, 1);
      TX_BEGIN(tx3, A_CANCEL) {
        ST64(tx3, &c, 1);
        /* A flattened block inside the cancelled one goes with it. */
        TX_BEGIN(tx4, A_ATOMIC) { ST64(tx4, &d, 1); } TX_END(tx4);
        stm_cancel(tx3, 0, SX);
      } TX_END(tx3);
      CHECK_EQ(LD64(tx2, &c), 0);
      CHECK_EQ(LD64(tx2, &d), 0);
      ST8(tx2, &sw.b[2], 0x33);
    } TX_END(tx2);
    TX_BEGIN(tx5, A_CANCEL) {
      ST64(tx5, &d, 5);
      TX_BEGIN(tx6, A_CANCEL) { ST64(tx6, &c, 6); } TX_END(tx6);
      /* Cancelling the middle block takes its committed child along. */
      stm_cancel(tx5, 0, SX);
    } TX_END(tx5);
  } TX_END(tx);
  CHECK(a == 1 && b == 1 && c == 0 && d == 0);
  CHECK_EQ(sw.w, 0x330000);
  printf("three levels ok\n");
}

/* The cancelled child overwrote words (and bytes of words) its parent had
 * written before it: the parent's values must come back, also when the
 * parent writes again afterwards. */
static void same_word(void) {
  reset();
  TX_BEGIN(tx, A_ATOMIC) {
    ST64(tx, &a, 10);
    ST16(tx, &sw.b[0], 0x1111);
    stm_write_bytes(tx, str, "parent", 7, SW);
    TX_BEGIN(tx2, A_CANCEL) {
      ST64(tx2, &a, 20);
      ST8(tx2, &sw.b[1], 0x22);
      ST8(tx2, &sw.b[2], 0x22);
      stm_write_bytes(tx2, str + 2, "CHILD", 5, SW);
      CHECK_EQ(LD64(tx2, &a), 20);
      stm_cancel(tx2, 0, SX);
    } TX_END(tx2);
    CHECK_EQ(LD64(tx, &a), 10);
    CHECK_EQ(LD64(tx, &sw.w), 0x1111);
    char got[8];
    stm_read_bytes(tx, got, str, 7, SR);
    CHECK(memcmp(got, "parent", 7) == 0);
    ST8(tx, &sw.b[3], 0x44);
  } TX_END(tx);
  CHECK_EQ(a, 10);
  CHECK_EQ(sw.w, 0x44001111);
  CHECK(strcmp(str, "parent") == 0);
  printf("same word ok\n");
}

/* Words only the cancelled child wrote must not stay locked: another
 * thread can write them afterwards (a leaked lock would hang it). */
static void *writer(void *arg) {
  (void)arg;
  TX_BEGIN(tx, A_ATOMIC) {
    ST64(tx, &b, LD64(tx, &b) + 1);
    ST8(tx, &sw.b[5], 0x55);
  } TX_END(tx);
  return NULL;
}

static void no_locks_left(void) {
  reset();
  TX_BEGIN(tx, A_ATOMIC) {
    ST64(tx, &a, 1);
    TX_BEGIN(tx2, A_CANCEL) {
      ST64(tx2, &b, 99);
      ST8(tx2, &sw.b[5], 0x99);
      stm_cancel(tx2, 0, SX);
    } TX_END(tx2);
  } TX_END(tx);
  TX_BEGIN(tx, A_CANCEL) {
    ST64(tx, &c, 99);
    stm_cancel(tx, 0, SX);
  } TX_END(tx);
  pthread_t t;
  CHECK(pthread_create(&t, NULL, writer, NULL) == 0);
  CHECK(pthread_join(t, NULL) == 0);
  TX_BEGIN(tx, A_ATOMIC) { ST64(tx, &c, LD64(tx, &c) + 1); } TX_END(tx);
  CHECK(a == 1 && b == 1 && c == 1);
  CHECK_EQ(sw.w, 0x550000000000ULL);
  printf("no locks left ok\n");
}

int main(void) {
  test_watchdog(20);
  outermost();
  inner();
  outer();
  three_levels();
  same_word();
  no_locks_left();
  return 0;
}
