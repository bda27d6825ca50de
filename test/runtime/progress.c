// Progress under heavy contention: more threads than cores, each running
// long transactions that write the same words in different orders (the
// pattern that livelocks without contention management), must all finish;
// a transaction that aborts itself until it runs irrevocably must get
// there (the fallback after too many aborts).  Also run with every
// revocable attempt aborted by injection.
// RUN: %rtcc %s -o %t %stm_ldflags && %t
// RUN: env STM_INJECT_ABORTS=20 %t
// RUN: env STM_INJECT_ABORTS=100 %t
#include "Inputs/tx.h"

#define THREADS 4
#define WORDS 32
static uint64_t words[WORDS];
static long iters;
static long became_irrevocable;

static void *hammer(void *arg) {
  int id = (int)(intptr_t)arg;
  uint64_t seed = (uint64_t)id * 1000 + 7;
  for (long i = 0; i < iters; i++) {
    unsigned start = (unsigned)(test_rand(&seed) % WORDS);
    int dir = (id % 2) ? 1 : WORDS - 1; /* half go up, half go down */
    TX_BEGIN(tx, A_ATOMIC) {
      for (unsigned k = 0, w = start; k < WORDS; k++, w = (w + (unsigned)dir) % WORDS) {
        ST64(tx, &words[w], LD64(tx, &words[w]) + 1);
        for (volatile int d = 0; d < 100; d++) {
        }
      }
    } TX_END(tx);
  }
  /* Abort on purpose until the runtime runs the block irrevocably. */
  long attempts = 0;
  TX_BEGIN(tx, A_ATOMIC) {
    attempts++;
    if (!stm_is_irrevocable(tx))
      stm_abort_retry(tx, SC);
    ST64(tx, &words[0], LD64(tx, &words[0]) + 1);
  } TX_END(tx);
  CHECK(attempts >= 1);
  AINC(became_irrevocable);
  return NULL;
}

int main(void) {
  test_watchdog(30);
  iters = test_iters(1000);
  double t0 = test_now();
  test_run_threads(THREADS, hammer);
  for (int w = 0; w < WORDS; w++)
    CHECK_EQ(words[w], THREADS * iters + (w == 0 ? THREADS : 0));
  CHECK_EQ(became_irrevocable, THREADS);
  printf("ok in %.2f s\n", test_now() - t0);
  return 0;
}
