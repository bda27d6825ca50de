// Snapshots against concurrent writers: writers move amounts between
// random accounts (the total never changes); readers snapshot all accounts
// (unlogged read-only blocks, logged blocks, and blocks that wrote an
// account first) and check the total inside the transaction, so a torn
// snapshot fails even in an attempt that would later abort (opacity).  The
// accounts straddle the end of the orec table, and a second array of
// structs is read at an odd offset and size.
// RUN: %rtcc %s -o %t %stm_ldflags && %t | FileCheck %s
// RUN: env STM_INJECT_ABORTS=10 %t | FileCheck %s
// CHECK: snapshot threads ok
#include "Inputs/tx.h"

#define N 1000
#define START 1000
#define PAIRS 100

static uint64_t *accts; /* N words across the end of the orec table */
struct pair {
  uint32_t a, b; /* a + b == 1000 */
  uint16_t tag;
} __attribute__((packed));
static struct pair pairs[PAIRS + 1];
static int stop;
static long reads[3];

static void *writer(void *arg) {
  uint64_t seed = 0x1234567ull + (uintptr_t)arg * 7919;
  long n = test_iters(60000);
  double t0 = test_now();
  for (long k = 0; k < n && test_time_left(t0, 2.0); k++) {
    unsigned from = (unsigned)(test_rand(&seed) % N), to = (unsigned)(test_rand(&seed) % N);
    unsigned p = (unsigned)(test_rand(&seed) % PAIRS) + 1;
    uint64_t amount = test_rand(&seed) % 50;
    TX_BEGIN(tx, A_ATOMIC) {
      uint64_t f = LD64(tx, &accts[from]);
      if (f >= amount) {
        ST64(tx, &accts[from], f - amount);
        ST64(tx, &accts[to], LD64(tx, &accts[to]) + amount);
      }
      uint32_t a = (uint32_t)(amount * 13 % 1001);
      stm_write_bytes(tx, &pairs[p].a, &a, 4, SW);
      uint32_t b = 1000 - a;
      stm_write_bytes(tx, &pairs[p].b, &b, 4, SW);
    } TX_END(tx);
  }
  ASTORE(stop, 1);
  return NULL;
}

static void *reader(void *arg) {
  int kind = (int)(intptr_t)arg % 3;
  long r = 0;
  while (!ALOAD(stop)) {
    unsigned attr = kind == 0 ? (A_ATOMIC | STM_ATTR_READONLY) : A_ATOMIC;
    TX_BEGIN(tx, attr) {
      if (kind == 2) { /* read-own-write: move 1 from account 0 to 1 first */
        uint64_t a0 = LD64(tx, &accts[0]);
        if (a0) {
          ST64(tx, &accts[0], a0 - 1);
          ST64(tx, &accts[1], LD64(tx, &accts[1]) + 1);
        }
      }
      const uint64_t *s = stm_read_snapshot(tx, accts, N * sizeof *accts, SR);
      const struct pair *q = stm_read_snapshot(tx, (const char *)pairs + 3,
                                               sizeof pairs - 3 - 1, SR);
      uint64_t sum = 0;
      for (unsigned i = 0; i < N; i++)
        sum += s[i];
      CHECK_EQ(sum, (uint64_t)N * START);
      /* q is pairs shifted by 3 bytes: pair p's a and b start at
       * p*10 + 0 and p*10 + 4 in pairs, so at p*10 - 3 and p*10 + 1 in q. */
      const unsigned char *qb = (const unsigned char *)q;
      for (unsigned p = 1; p < PAIRS; p++) {
        uint32_t a, b;
        memcpy(&a, qb + p * sizeof(struct pair) - 3, 4);
        memcpy(&b, qb + p * sizeof(struct pair) + 1, 4);
        CHECK_EQ(a + b, 1000);
      }
      stm_snapshot_release(tx, q);
      stm_snapshot_release(tx, s);
    } TX_END(tx);
    r++;
  }
  AINC(reads[kind]);
  (void)r;
  return NULL;
}

static void *worker(void *arg) {
  int i = (int)(intptr_t)arg;
  return i < 2 ? writer(arg) : reader((void *)(intptr_t)(i - 2));
}

int main(void) {
  test_watchdog(60);
  /* Place the accounts so that their orecs wrap around the table end. */
  size_t span = STM_OREC_COUNT * 8;
  unsigned char *big = aligned_alloc(64, span + N * 8 + 64);
  CHECK(big);
  size_t idx = ((uintptr_t)big >> 3) & (STM_OREC_COUNT - 1);
  size_t skip = (STM_OREC_COUNT - N / 2 - idx) & (STM_OREC_COUNT - 1);
  accts = (uint64_t *)(void *)(big + skip * 8);
  CHECK(stm__orec(&accts[0]) > stm__orec(&accts[N - 1]));
  for (unsigned i = 0; i < N; i++)
    accts[i] = START;
  for (unsigned p = 0; p <= PAIRS; p++)
    pairs[p].a = 500, pairs[p].b = 500;
  test_run_threads(5, worker);
  uint64_t sum = 0;
  for (unsigned i = 0; i < N; i++)
    sum += accts[i];
  CHECK_EQ(sum, (uint64_t)N * START);
  free(big);
  printf("snapshot threads ok\n");
  return 0;
}
