// Flattened nesting: inner blocks (in the same function, in callees, and
// recursively 200 deep) join their parent; their writes are visible to the
// parent at once, published only by the outermost commit, and discarded
// with it when any level aborts.  Nested blocks that may cancel, mixed in
// at every other level, keep working when an abort restarts everything.
// RUN: %rtcc %s -o %t %stm_ldflags && %t | FileCheck %s
// RUN: env STM_INJECT_ABORTS=20 %t | FileCheck %s
// CHECK: flat ok
// CHECK: deep ok
// CHECK: publish ok
#include "Inputs/tx.h"

#define DEPTH 200
static uint64_t level_val[DEPTH + 1];
static uint64_t x;
static int attempts;

static void flat(void) {
  attempts = 0;
  TX_BEGIN(tx, A_ATOMIC) {
    int at = attempts++;
    ST64(tx, &x, 1);
    TX_BEGIN(tx2, A_ATOMIC) {
      CHECK_EQ(LD64(tx2, &x), 1);
      ST64(tx2, &x, 2);
      TX_BEGIN(tx3, A_ATOMIC) { ST64(tx3, &x, LD64(tx3, &x) + 1); } TX_END(tx3);
    } TX_END(tx2);
    CHECK_EQ(LD64(tx, &x), 3);
    CHECK_EQ(tx->nesting, 1);
    if (at == 0)
      stm_abort_retry(tx, SC); /* rolls back the committed inner blocks too */
  } TX_END(tx);
  CHECK_EQ(x, 3);
  CHECK_EQ(stm_tx_self()->nesting, 0);
  printf("flat ok\n");
}

/* Each level writes its slot; an abort at the bottom (first attempt only)
 * must restart the whole chain from the outermost checkpoint. */
__attribute__((noinline)) static void descend(int depth, int abort_at_bottom) {
  unsigned attr = (depth % 2) ? A_CANCEL : A_ATOMIC;
  TX_BEGIN(txn, attr) {
    ST64(txn, &level_val[depth], LD64(txn, &level_val[depth]) + (uint64_t)depth + 1);
    if (depth < DEPTH)
      descend(depth + 1, abort_at_bottom);
    else if (abort_at_bottom)
      stm_abort_retry(txn, SC);
    CHECK_EQ(LD64(txn, &level_val[DEPTH]), DEPTH + 1);
  } TX_END(txn);
}

static void deep(void) {
  attempts = 0;
  TX_BEGIN(tx, A_ATOMIC) {
    int at = attempts++;
    descend(1, at < 2);
    CHECK_EQ(tx->nesting, 1);
  } TX_END(tx);
  CHECK(attempts >= 3);
  for (int i = 1; i <= DEPTH; i++)
    CHECK_EQ(level_val[i], (uint64_t)i + 1);
  CHECK_EQ(stm_tx_self()->nesting, 0);
  printf("deep ok\n");
}

/* A reader thread must never see the inner blocks' writes before the
 * outermost commit: the writer keeps the invariant p == q only at outermost
 * commit points, with the halves written in different nested blocks. */
static uint64_t p, q;
static int stop;

static void *reader(void *arg) {
  (void)arg;
  long n = 0;
  while (!ALOAD(stop) || n < 100) {
    TX_BEGIN(tx, A_ATOMIC) {
      uint64_t vp = LD64(tx, &p);
      uint64_t vq = LD64(tx, &q);
      if (vp != vq) {
        fprintf(stderr, "saw a nested block's write before the outer commit: %llu %llu\n",
                (unsigned long long)vp, (unsigned long long)vq);
        abort();
      }
    } TX_END(tx);
    n++;
  }
  return NULL;
}

static void publish(void) {
  pthread_t t;
  CHECK(pthread_create(&t, NULL, reader, NULL) == 0);
  long n = test_iters(20000);
  for (long i = 0; i < n; i++) {
    TX_BEGIN(tx, A_ATOMIC) {
      TX_BEGIN(tx2, A_ATOMIC) { ST64(tx2, &p, LD64(tx2, &p) + 1); } TX_END(tx2);
      for (volatile int k = 0; k < 20; k++) {
      }
      TX_BEGIN(tx3, A_CANCEL) { ST64(tx3, &q, LD64(tx3, &q) + 1); } TX_END(tx3);
    } TX_END(tx);
  }
  ASTORE(stop, 1);
  CHECK(pthread_join(t, NULL) == 0);
  CHECK_EQ(p, (uint64_t)n);
  CHECK_EQ(q, (uint64_t)n);
  printf("publish ok\n");
}

int main(void) {
  test_watchdog(30);
  flat();
  deep();
  publish();
  return 0;
}
