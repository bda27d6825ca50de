// Thread churn: waves of short-lived threads (joinable and detached, some
// never running a transaction, some exiting right after their first one),
// and a crowd of threads alive at once, all updating shared counters; no
// update may be lost, exiting threads must not block others (quiescence,
// reclamation), and thread records are reused.
// RUN: %rtcc %s -o %t %stm_ldflags && %t
// RUN: env STM_INJECT_ABORTS=20 %t
#include "Inputs/tx.h"

static uint64_t counter, freed_blocks;
static void *chain; /* blocks handed from each thread to the next */
static long detached_done;

static void one_tx(void) {
  TX_BEGIN(tx, A_ATOMIC) {
    ST64(tx, &counter, LD64(tx, &counter) + 1);
    /* Free the previous thread's block, leave ours: reclamation of blocks
     * freed by threads that have exited since. */
    void *old = LDP(tx, &chain);
    if (old) {
      stm_free(tx, old, SC);
      ST64(tx, &freed_blocks, LD64(tx, &freed_blocks) + 1);
    }
    void *mine = stm_malloc(tx, 32, SC);
    STP(tx, &chain, mine);
  } TX_END(tx);
}

static void *short_lived(void *arg) {
  long n = (long)(intptr_t)arg;
  for (long i = 0; i < n; i++)
    one_tx();
  return NULL;
}

static void *detached(void *arg) {
  (void)arg;
  one_tx();
  AINC(detached_done);
  return NULL;
}

static pthread_barrier_t crowd_gate;
static void *crowd_member(void *arg) {
  (void)arg;
  one_tx();
  pthread_barrier_wait(&crowd_gate); /* all alive at once */
  one_tx();
  return NULL;
}

int main(void) {
  test_watchdog(30);
  uint64_t expect = 0;
  pthread_attr_t small;
  CHECK(pthread_attr_init(&small) == 0);
  CHECK(pthread_attr_setstacksize(&small, 256 * 1024) == 0);

  /* Waves of 4 short-lived joinable threads. */
  long waves = test_iters(300);
  for (long w = 0; w < waves; w++) {
    pthread_t t[4];
    for (int i = 0; i < 4; i++) {
      long n = i == 0 ? 0 : (i == 1 ? 1 : 5); /* none, one, a few */
      CHECK(pthread_create(&t[i], &small, short_lived, (void *)(intptr_t)n) == 0);
      expect += (uint64_t)n;
    }
    for (int i = 0; i < 4; i++)
      CHECK(pthread_join(t[i], NULL) == 0);
  }

  /* Detached threads. */
  long ndet = test_iters(200);
  pthread_attr_t det;
  CHECK(pthread_attr_init(&det) == 0);
  CHECK(pthread_attr_setstacksize(&det, 256 * 1024) == 0);
  CHECK(pthread_attr_setdetachstate(&det, PTHREAD_CREATE_DETACHED) == 0);
  for (long i = 0; i < ndet; i++) {
    pthread_t t;
    CHECK(pthread_create(&t, &det, detached, NULL) == 0);
  }
  expect += (uint64_t)ndet;
  while (ALOAD(detached_done) < ndet) {
    one_tx(); /* the main thread keeps committing meanwhile */
    expect++;
  }

  /* A crowd: many threads registered at the same time, twice over. */
  int crowd = TEST_SANITIZED ? 64 : 200;
  for (int round = 0; round < 2; round++) {
    pthread_t *t = calloc((size_t)crowd, sizeof *t);
    CHECK(t);
    CHECK(pthread_barrier_init(&crowd_gate, NULL, (unsigned)crowd) == 0);
    for (int i = 0; i < crowd; i++)
      CHECK(pthread_create(&t[i], &small, crowd_member, NULL) == 0);
    for (int i = 0; i < crowd; i++)
      CHECK(pthread_join(t[i], NULL) == 0);
    CHECK(pthread_barrier_destroy(&crowd_gate) == 0);
    free(t);
    expect += 2 * (uint64_t)crowd;
  }

  CHECK_EQ(counter, expect);
  CHECK_EQ(freed_blocks, expect - 1);
  free(chain);
  printf("ok\n");
  return 0;
}
