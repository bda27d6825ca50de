// Write-back is byte-exact: while transactions update some bytes of each
// word, another thread updates the neighbouring bytes of the same words
// with plain (non-transactional) stores.  No update on either side may be
// lost, so commit must never write a byte the transaction did not write.
// RUN: %rtcc %s -o %t %stm_ldflags && %t
// RUN: env STM_INJECT_ABORTS=20 %t
#include "Inputs/tx.h"

#define WORDS 16
/* Byte layout of each word: [0] plain u8, [1] tx u8 (thread A),
 * [2..3] plain u16, [4..5] tx u16 (thread A), [6] tx u8 (thread B),
 * [7] plain u8. */
static union {
  uint64_t w;
  uint8_t b[8];
  uint16_t h[4];
} words[WORDS] __attribute__((aligned(64)));
static long iters;

static void *plain_writer(void *arg) {
  (void)arg;
  for (long i = 0; i < iters; i++)
    for (int k = 0; k < WORDS; k++) {
      volatile uint8_t *b = words[k].b;
      volatile uint16_t *h = words[k].h;
      b[0] = (uint8_t)(b[0] + 1);
      h[1] = (uint16_t)(h[1] + 1);
      b[7] = (uint8_t)(b[7] + 1);
    }
  return NULL;
}

static void *tx_a(void *arg) {
  (void)arg;
  for (long i = 0; i < iters; i++)
    for (int k = 0; k < WORDS; k += 4) {
      TX_BEGIN(tx, A_ATOMIC) {
        for (int j = k; j < k + 4; j++) {
          ST8(tx, &words[j].b[1], LD8(tx, &words[j].b[1]) + 1);
          ST16(tx, &words[j].h[2], LD16(tx, &words[j].h[2]) + 1);
        }
      } TX_END(tx);
    }
  return NULL;
}

static void *tx_b(void *arg) {
  (void)arg;
  for (long i = 0; i < iters; i++)
    TX_BEGIN(tx, A_ATOMIC) {
      for (int j = 0; j < WORDS; j++)
        ST8(tx, &words[j].b[6], LD8(tx, &words[j].b[6]) + 1);
    } TX_END(tx);
  return NULL;
}

int main(void) {
  test_watchdog(30);
  iters = test_iters(6000);
  pthread_t t[3];
  CHECK(pthread_create(&t[0], NULL, plain_writer, NULL) == 0);
  CHECK(pthread_create(&t[1], NULL, tx_a, NULL) == 0);
  CHECK(pthread_create(&t[2], NULL, tx_b, NULL) == 0);
  for (int i = 0; i < 3; i++)
    CHECK(pthread_join(t[i], NULL) == 0);
  for (int k = 0; k < WORDS; k++) {
    CHECK_EQ(words[k].b[0], (uint8_t)iters);
    CHECK_EQ(words[k].b[1], (uint8_t)iters);
    CHECK_EQ(words[k].h[1], (uint16_t)iters);
    CHECK_EQ(words[k].h[2], (uint16_t)iters);
    CHECK_EQ(words[k].b[6], (uint8_t)iters);
    CHECK_EQ(words[k].b[7], (uint8_t)iters);
  }
  printf("ok\n");
  return 0;
}
