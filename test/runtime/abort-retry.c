// stm_abort_retry: every write of an aborted attempt is discarded (typed,
// sub-word and range), locals are restored both ways (saved by the block's
// own code, and logged with stm_log_local: same local twice, part of a
// struct, a large array), an abort from a flattened nested block restarts
// the outermost one, and the descriptor is clean afterwards.
// RUN: %rtcc %s -o %t %stm_ldflags && %t | FileCheck %s
// RUN: env STM_INJECT_ABORTS=20 %t | FileCheck %s
// CHECK: retry ok
// CHECK: locals ok
// CHECK: nested ok
#include "Inputs/tx.h"

static uint64_t x = 1, y = 2;
static uint8_t bytes[16];
static char text[32] = "original";
static int attempts;

static void retry_discards(void) {
  attempts = 0;
  uint64_t seen_x = 0;
  TX_BEGIN(tx, A_ATOMIC) {
    int a = attempts++;
    /* Each attempt must start from committed memory, not from the
     * previous attempt's writes. */
    seen_x = LD64(tx, &x);
    CHECK_EQ(seen_x, 1);
    CHECK_EQ(LD8(tx, &bytes[3]), 0);
    CHECK(LD8(tx, &text[0]) == 'o');
    ST64(tx, &x, 100 + a);
    ST8(tx, &bytes[3], 0xff);
    stm_write_bytes(tx, text, "scribbled", 10, SW);
    if (a < 5)
      stm_abort_retry(tx, TX_SITE(STM_SITE_CALL, "retry"));
    ST64(tx, &y, LD64(tx, &x));
  } TX_END(tx);
  CHECK(attempts >= 6);
  CHECK_EQ(x, 100 + attempts - 1);
  CHECK_EQ(y, x);
  CHECK_EQ(bytes[3], 0xff);
  CHECK(strcmp(text, "scribbled") == 0);
  for (int i = 0; i < 16; i++)
    CHECK(i == 3 || bytes[i] == 0);

  /* A read-only transaction that aborts. */
  attempts = 0;
  uint64_t s = 0;
  TX_BEGIN(tx, A_ATOMIC) {
    s = LD64(tx, &x) + LD64(tx, &y);
    if (attempts++ < 3)
      stm_abort_retry(tx, SC);
  } TX_END(tx);
  CHECK_EQ(s, 2 * x);
  CHECK(attempts >= 4);
  stm_tx_t *self = stm_tx_self();
  CHECK_EQ(self->nesting, 0);
  printf("retry ok\n");
}

struct pair {
  long a;
  long b;
};

static void locals_restored(void) {
  /* Saved and restored by the block's own code (TX_BEGIN_R). */
  long saved = 7;
  const long saved0 = saved;
  /* Logged with the runtime. */
  long logged = 70;
  struct pair pr = {1, 2};
  char big[3000];
  memset(big, 'a', sizeof big);
  attempts = 0;
  TX_BEGIN_R(tx, A_ATOMIC, saved = saved0) {
    int a = attempts++;
    CHECK_EQ(saved, 7);
    /* Volatile reads: the compiler may assume the values it knew at the
     * checkpoint, which would hide a failed restore. */
    CHECK_EQ(*(volatile long *)&logged, 70);
    CHECK_EQ(*(volatile long *)&pr.a, 1);
    CHECK_EQ(*(volatile long *)&pr.b, 2);
    CHECK(((volatile char *)big)[0] == 'a' && ((volatile char *)big)[1500] == 'a' &&
          ((volatile char *)big)[2999] == 'a');
    saved += 1;
    stm_log_local(tx, &logged, sizeof logged);
    logged += 1;
    /* Logging again after a change must not replace the first copy. */
    stm_log_local(tx, &logged, sizeof logged);
    logged += 1;
    stm_log_local(tx, &pr.b, sizeof pr.b); /* only part of the struct */
    pr.b = 20;
    stm_log_local(tx, big, sizeof big);
    memset(big, 'z', sizeof big);
    ST64(tx, &x, LD64(tx, &x) + 1);
    if (a < 3)
      stm_abort_retry(tx, SC);
  } TX_END(tx);
  CHECK(attempts >= 4);
  CHECK_EQ(saved, 8);
  CHECK_EQ(logged, 72);
  CHECK_EQ(pr.a, 1);
  CHECK_EQ(pr.b, 20);
  CHECK(big[0] == 'z' && big[2999] == 'z');
  printf("locals ok\n");
}

__attribute__((noinline)) static void inner_block(int abort_now) {
  TX_BEGIN(tx2, A_ATOMIC) {
    ST64(tx2, &y, LD64(tx2, &y) + 1000);
    if (abort_now)
      stm_abort_retry(tx2, SC);
  } TX_END(tx2);
}

static void nested_abort(void) {
  uint64_t x0 = x, y0 = y;
  attempts = 0;
  TX_BEGIN(tx, A_ATOMIC) {
    int a = attempts++;
    CHECK_EQ(LD64(tx, &y), y0);
    ST64(tx, &x, LD64(tx, &x) + 1);
    inner_block(a < 2);
    /* The flattened inner block's write is visible to its parent. */
    CHECK_EQ(LD64(tx, &y), y0 + 1000);
  } TX_END(tx);
  CHECK(attempts >= 3);
  CHECK_EQ(x, x0 + 1);
  CHECK_EQ(y, y0 + 1000);
  CHECK_EQ(stm_tx_self()->nesting, 0);
  printf("nested ok\n");
}

int main(void) {
  test_watchdog(30);
  retry_discards();
  locals_restored();
  nested_abort();
  return 0;
}
