// Snapshots against concurrent writers: writers move amounts between
// random accounts (the total never changes); readers snapshot all accounts
// (unlogged read-only blocks, logged blocks, and blocks that wrote an
// account first) and check the total inside the transaction, so a torn
// snapshot fails even in an attempt that would later abort (opacity).  The
// accounts straddle the end of the orec table, and a second array of
// structs is read at an odd offset and size.
// A third writer commits by hand, the way stm__commit_slow does (lock the
// orecs, take a version from the clock, write back, release) but without
// waiting for readers afterwards (privatization safety) and with a slow
// write-back, so that its writes land in the middle of the readers' copies
// (without the check after the copy, or the one before it, the test fails
// in most runs).  Its lock words
// name no thread, so readers that meet them abort instead of waiting, and
// irrevocable readers (which writers would wait for) are kept out with
// STM_MAX_RETRIES.
// RUN: %rtcc %s -o %t %stm_ldflags
// RUN: env STM_MAX_RETRIES=1000000 %t | FileCheck %s
// RUN: env STM_MAX_RETRIES=1000000 STM_INJECT_ABORTS=10 %t | FileCheck %s
// CHECK: snapshot threads ok
#include "Inputs/tx.h"

#define N 16384
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
  long n = test_iters(5000000);
  double t0 = test_now();
  for (long k = 0; k < n && test_time_left(t0, 1.5); k++) {
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

/* Lock the orec of p (an unlocked version) with a lock word naming no
 * thread; 0 if it is locked already. */
#define ROGUE_LOCK (STM_LOCKBIT | ((uint64_t)0xffff << 32)) /* slot 65535: unused */
static int rogue_lock(uint64_t *p, uint64_t *old) {
  uint64_t *o = stm__orec(p);
  uint64_t v = __atomic_load_n(o, __ATOMIC_ACQUIRE);
  if (v & STM_LOCKBIT)
    return 0;
  *old = v;
  return __atomic_compare_exchange_n(o, &v, ROGUE_LOCK, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static void *rogue(void *arg) {
  uint64_t seed = 0xabcdefull;
  long n = test_iters(50000000);
  double t0 = test_now();
  (void)arg;
  for (long k = 0; k < n && !ALOAD(stop) && (k & 1023 || test_time_left(t0, 1.5)); k++) {
    /* One commit every 20 us or so: the readers' pre-copy check (every
     * orec older than their snapshot) passes often enough. */
    for (double t = test_now(); test_now() - t < 20e-6;) {
    }
    unsigned from = (unsigned)(test_rand(&seed) % N), to = (unsigned)(test_rand(&seed) % N);
    if (stm__orec(&accts[from]) == stm__orec(&accts[to]))
      continue;
    uint64_t of, ot;
    if (!rogue_lock(&accts[from], &of))
      continue;
    if (!rogue_lock(&accts[to], &ot)) {
      __atomic_store_n(stm__orec(&accts[from]), of, __ATOMIC_RELEASE);
      continue;
    }
    uint64_t wv = __atomic_add_fetch(&stm__clock, 1, __ATOMIC_ACQ_REL);
    uint64_t f = __atomic_load_n(&accts[from], __ATOMIC_RELAXED);
    uint64_t amount = f ? 1 : 0;
    __atomic_store_n(&accts[from], f - amount, __ATOMIC_RELAXED);
    /* The write-back takes a while (up to about a reader's copy): readers
     * that began after wv was taken see the lock before their copy, or
     * would copy half of the transfer. */
    double wait = (double)(test_rand(&seed) % 16) * 1e-6;
    for (double t = test_now(); test_now() - t < wait;) {
    }
    __atomic_store_n(&accts[to], __atomic_load_n(&accts[to], __ATOMIC_RELAXED) + amount,
                     __ATOMIC_RELAXED);
    __atomic_store_n(stm__orec(&accts[from]), wv, __ATOMIC_RELEASE);
    __atomic_store_n(stm__orec(&accts[to]), wv, __ATOMIC_RELEASE);
  }
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
  if (i == 0)
    return writer(arg);
  if (i == 1)
    return rogue(arg);
  return reader((void *)(intptr_t)(i - 2));
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
