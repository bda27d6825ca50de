// Bank: transfer threads move money between accounts (u64 and packed u32
// accounts sharing words, some transfers via range barriers), while audit
// threads sum every account in read-only transactions and check the exact
// total *inside* the transaction, before commit: a transaction must never
// see an inconsistent state, not even one that would later abort
// (opacity).  The final state is checked too.
// RUN: %rtcc %s -o %t %stm_ldflags && %t
// RUN: env STM_INJECT_ABORTS=20 %t
#include "Inputs/tx.h"

#define N64 64
#define N32 64
#define INIT64 1000000ULL
#define INIT32 1000u
static uint64_t acc64[N64];
static uint32_t acc32[N32]; /* two accounts per word: orecs are shared */
static int stop;
static long audits;

static void *transfers(void *arg) {
  uint64_t seed = 0x1234567ULL * (uint64_t)((intptr_t)arg + 1);
  long n = test_iters(10000);
  /* Go on until the auditors have finished a few audits during transfers:
   * on a loaded machine they may not have started when n are done. */
  for (long i = 0; i < n || ALOAD(audits) < 4; i++) {
    uint64_t r = test_rand(&seed);
    unsigned from = (unsigned)(r % N64), to = (unsigned)((r >> 8) % N64);
    uint64_t amount = (r >> 16) % 100;
    unsigned f32 = (unsigned)((r >> 24) % N32), t32 = (unsigned)((r >> 32) % N32);
    uint32_t a32 = (uint32_t)((r >> 40) % 10);
    int mode = (int)(r >> 60) & 3;
    TX_BEGIN(tx, A_ATOMIC) {
      if (mode == 0) {
        /* Typed barriers; refuse to overdraw. */
        uint64_t bf = LD64(tx, &acc64[from]);
        if (bf >= amount) {
          ST64(tx, &acc64[from], bf - amount);
          ST64(tx, &acc64[to], LD64(tx, &acc64[to]) + amount);
        }
      } else if (mode == 1) {
        /* Range barriers on the same accounts. */
        uint64_t bf, bt;
        stm_read_bytes(tx, &bf, &acc64[from], 8, SR);
        bf -= amount;
        stm_write_bytes(tx, &acc64[from], &bf, 8, SW);
        stm_read_bytes(tx, &bt, &acc64[to], 8, SR);
        bt += amount;
        stm_write_bytes(tx, &acc64[to], &bt, 8, SW);
      } else {
        /* Sub-word accounts, neighbours of other threads' accounts. */
        uint32_t bf = LD32(tx, &acc32[f32]);
        if (bf >= a32) {
          ST32(tx, &acc32[f32], bf - a32);
          ST32(tx, &acc32[t32], LD32(tx, &acc32[t32]) + a32);
        }
      }
    } TX_END(tx);
  }
  return NULL;
}

static void *auditor(void *arg) {
  int kind = (int)(intptr_t)arg;
  while (!ALOAD(stop)) {
    TX_BEGIN(tx, A_ATOMIC) {
      uint64_t s = 0, s32 = 0;
      if (kind == 0) {
        for (int i = 0; i < N64; i++)
          s += LD64(tx, &acc64[i]);
        for (int i = 0; i < N32; i++)
          s32 += LD32(tx, &acc32[i]);
      } else {
        /* The whole array with one range read. */
        uint64_t copy[N64];
        uint32_t copy32[N32];
        stm_read_bytes(tx, copy, acc64, sizeof copy, SR);
        stm_read_bytes(tx, copy32, acc32, sizeof copy32, SR);
        for (int i = 0; i < N64; i++)
          s += copy[i];
        for (int i = 0; i < N32; i++)
          s32 += copy32[i];
      }
      if (s != N64 * INIT64 || s32 != (uint64_t)N32 * INIT32) {
        fprintf(stderr, "audit %d saw totals %llu and %llu inside a transaction\n", kind,
                (unsigned long long)s, (unsigned long long)s32);
        abort();
      }
    } TX_END(tx);
    AINC(audits);
  }
  return NULL;
}

int main(void) {
  test_watchdog(30);
  for (int i = 0; i < N64; i++)
    acc64[i] = INIT64;
  for (int i = 0; i < N32; i++)
    acc32[i] = INIT32;
  pthread_t tr[2], au[2];
  for (int i = 0; i < 2; i++)
    CHECK(pthread_create(&au[i], NULL, auditor, (void *)(intptr_t)i) == 0);
  for (int i = 0; i < 2; i++)
    CHECK(pthread_create(&tr[i], NULL, transfers, (void *)(intptr_t)i) == 0);
  for (int i = 0; i < 2; i++)
    CHECK(pthread_join(tr[i], NULL) == 0);
  ASTORE(stop, 1);
  for (int i = 0; i < 2; i++)
    CHECK(pthread_join(au[i], NULL) == 0);
  uint64_t s = 0, s32 = 0;
  for (int i = 0; i < N64; i++)
    s += acc64[i];
  for (int i = 0; i < N32; i++)
    s32 += acc32[i];
  CHECK_EQ(s, N64 * INIT64);
  CHECK_EQ(s32, (uint64_t)N32 * INIT32);
  CHECK(audits > 0);
  printf("ok: %ld audits\n", audits);
  return 0;
}
