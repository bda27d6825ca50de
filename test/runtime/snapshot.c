// stm_read_snapshot / stm_snapshot_release, one thread: the bytes of any
// range (odd sizes and alignments), in an unlogged read-only attempt (fast
// path: nothing logged) and in logged ones (one entry per word; a newer
// orec extends the snapshot; read-own-write); the
// orec check covers the partial first and last words and wraps around the
// end of the orec table (an orec made newer than the snapshot anywhere in
// the range sends the read to the logged path, which restarts the block);
// nested live snapshots (stack and separate blocks), 64-byte alignment,
// buffer reuse, and snapshots still live at an abort and at a cancel.
// RUN: %rtcc %s -o %t %stm_ldflags && %t | FileCheck %s
// RUN: env STM_INJECT_ABORTS=20 %t | FileCheck %s --check-prefix=INJ
// CHECK: bytes ok
// CHECK: fast path ok
// CHECK: wrap ok
// CHECK: nested ok
// CHECK: abort ok
// INJ: bytes ok
// INJ: nested ok
// INJ: abort ok
#include "Inputs/tx.h"

#define RO (A_ATOMIC | STM_ATTR_READONLY)

static unsigned char bytes[512] __attribute__((aligned(64)));
static uint64_t words[64];
static int inject;

static void check_bytes(void) {
  for (unsigned i = 0; i < sizeof bytes; i++)
    bytes[i] = (unsigned char)(i * 7 + 3);
  for (unsigned off = 0; off < 17; off++)
    for (unsigned n = 1; n < 140; n += (n < 20 ? 1 : 13)) {
      TX_BEGIN(tx, RO) {
        const unsigned char *s = stm_read_snapshot(tx, bytes + off, n, SR);
        CHECK(((uintptr_t)s & 63u) == 0);
        CHECK(memcmp(s, bytes + off, n) == 0);
        if (!inject)
          CHECK(tx->rpos == tx->rbase); /* unlogged */
        stm_snapshot_release(tx, s);
      } TX_END(tx);
      TX_BEGIN(tx, A_ATOMIC) { /* logged: one entry per word */
        const unsigned char *s = stm_read_snapshot(tx, bytes + off, n, SR);
        CHECK(memcmp(s, bytes + off, n) == 0);
        CHECK_EQ(tx->rpos - tx->rbase, ((off + n - 1) >> 3) - (off >> 3) + 1);
        stm_snapshot_release(tx, s);
      } TX_END(tx);
    }
  /* Read-own-write: the snapshot shows this transaction's writes. */
  TX_BEGIN(tx, A_ATOMIC) {
    ST8(tx, &bytes[9], 0xee);
    ST64(tx, &bytes[16], 0x1122334455667788ull);
    const unsigned char *s = stm_read_snapshot(tx, bytes + 5, 40, SR);
    CHECK_EQ(s[4], 0xee);
    uint64_t w;
    memcpy(&w, s + 11, 8);
    CHECK_EQ(w, 0x1122334455667788ull);
    CHECK_EQ(s[3], bytes[8]);
    stm_snapshot_release(tx, s);
  } TX_END(tx);
  CHECK_EQ(bytes[9], 0xee);
  printf("bytes ok\n");
}

/* Run a read-only block that snapshots [p, p+n) and, in its first attempt,
 * makes the orec of word `bump` newer than its snapshot (as a writer
 * committing then would).  Returns the number of attempts. */
static int attempts_with_bump(const unsigned char *p, size_t n, const void *bump) {
  volatile int attempts = 0;
  TX_BEGIN(tx, RO) {
    if (attempts++ == 0 && bump) {
      uint64_t v = __atomic_add_fetch(&stm__clock, 1, __ATOMIC_ACQ_REL);
      __atomic_store_n(stm__orec(bump), v, __ATOMIC_RELEASE);
    }
    const unsigned char *s = stm_read_snapshot(tx, p, n, SR);
    CHECK(memcmp(s, p, n) == 0);
    if (attempts == 1 && !bump)
      CHECK(tx->rpos == tx->rbase);
    stm_snapshot_release(tx, s);
  } TX_END(tx);
  return attempts;
}

static void check_fast_path(void) {
  /* Partial first and last words: bytes 3..44 touch words 0..5. */
  const unsigned char *p = bytes + 64 + 3;
  CHECK_EQ(attempts_with_bump(p, 42, NULL), 1);
  for (unsigned w = 0; w < 6; w++)
    CHECK_EQ(attempts_with_bump(p, 42, bytes + 64 + 8 * w), 2);
  CHECK_EQ(attempts_with_bump(p, 42, bytes + 64 + 48), 1); /* outside */
  CHECK_EQ(attempts_with_bump(p, 42, bytes + 64 - 8), 1);  /* outside */
  /* Logged: a newer orec in the range goes to stm_read_bytes, which
   * extends the snapshot (nothing read changed): one attempt; either way
   * one read-log entry per word. */
  for (int w = -1; w < 6; w++) {
    volatile int attempts = 0;
    TX_BEGIN(tx, A_ATOMIC) {
      attempts++;
      uint64_t rv0 = tx->rv;
      if (w >= 0) {
        uint64_t v = __atomic_add_fetch(&stm__clock, 1, __ATOMIC_ACQ_REL);
        __atomic_store_n(stm__orec(bytes + 64 + 8 * w), v, __ATOMIC_RELEASE);
      }
      const unsigned char *s = stm_read_snapshot(tx, p, 42, SR);
      CHECK(memcmp(s, p, 42) == 0);
      CHECK_EQ(tx->rpos - tx->rbase, 6);
      CHECK(w >= 0 ? tx->rv > rv0 : tx->rv == rv0); /* extended or not */
      stm_snapshot_release(tx, s);
    } TX_END(tx);
    CHECK_EQ(attempts, 1);
  }
  printf("fast path ok\n");
}

/* A range whose orecs wrap around the end of the table. */
static void check_wrap(void) {
  size_t span = STM_OREC_COUNT * 8;
  unsigned char *big = aligned_alloc(64, span + 4096);
  CHECK(big);
  /* The word whose orec is the table's third-last. */
  uintptr_t base = (uintptr_t)big;
  size_t idx = (base >> 3) & (STM_OREC_COUNT - 1);
  size_t skip = (STM_OREC_COUNT - 3 - idx) & (STM_OREC_COUNT - 1);
  unsigned char *w0 = big + skip * 8;
  CHECK(stm__orec(w0) == &stm__orecs[STM_OREC_COUNT - 3]);
  for (unsigned i = 0; i < 64; i++)
    w0[i] = (unsigned char)(i ^ 0x5a);
  /* Bytes 1..46 of w0: words with orecs COUNT-3 .. COUNT-1, 0, 1, 2. */
  CHECK_EQ(attempts_with_bump(w0 + 1, 46, NULL), 1);
  for (unsigned w = 0; w < 6; w++)
    CHECK_EQ(attempts_with_bump(w0 + 1, 46, w0 + 8 * w), 2);
  CHECK_EQ(attempts_with_bump(w0 + 1, 46, w0 + 48), 1);
  /* A range longer than the table covers every orec. */
  unsigned char *far = big + 8 * 100; /* orec idx+100, inside the range */
  CHECK_EQ(attempts_with_bump(big, span + 64, NULL), 1);
  CHECK_EQ(attempts_with_bump(big + 8, span + 8, far), 2);
  free(big);
  printf("wrap ok\n");
}

static void check_nested(void) {
  for (unsigned i = 0; i < 64; i++)
    words[i] = i * 1000 + 1;
  size_t bign = (size_t)6 << 20; /* larger than the stack keeps */
  unsigned char *src = malloc(bign);
  CHECK(src);
  for (size_t i = 0; i < bign; i++)
    src[i] = (unsigned char)(i * 13);
  const void *first = NULL;
  for (int round = 0; round < 3; round++) {
    TX_BEGIN(tx, round == 1 ? A_ATOMIC : RO) {
      const void *z = stm_read_snapshot(tx, words, 0, SR); /* 0 bytes: a buffer */
      CHECK(z != NULL);
      stm_snapshot_release(tx, z);
      const uint64_t *a = stm_read_snapshot(tx, words, sizeof words, SR);
      const unsigned char *b = stm_read_snapshot(tx, src, bign, SR);
      const uint64_t *c = stm_read_snapshot(tx, &words[3], 5 * sizeof(uint64_t), SR);
      /* More than the stack holds while others are live: own blocks. */
      const unsigned char *d = stm_read_snapshot(tx, src + 1, 200000, SR);
      const unsigned char *e = stm_read_snapshot(tx, src + 3, 100000, SR);
      CHECK((((uintptr_t)a | (uintptr_t)b | (uintptr_t)c | (uintptr_t)d | (uintptr_t)e) & 63u) == 0);
      CHECK(memcmp(a, words, sizeof words) == 0);
      CHECK(memcmp(b, src, bign) == 0);
      CHECK(memcmp(c, &words[3], 5 * sizeof(uint64_t)) == 0);
      CHECK(memcmp(d, src + 1, 200000) == 0);
      CHECK(memcmp(e, src + 3, 100000) == 0);
      CHECK(a != c && (const void *)d != (const void *)e);
      if (round == 0)
        first = a;
      else
        CHECK(first == a); /* the stack is reused */
      stm_snapshot_release(tx, e);
      stm_snapshot_release(tx, d);
      stm_snapshot_release(tx, c);
      /* After a release, the same room again. */
      const uint64_t *c2 = stm_read_snapshot(tx, &words[3], 5 * sizeof(uint64_t), SR);
      CHECK(c2 == c);
      stm_snapshot_release(tx, c2);
      stm_snapshot_release(tx, b);
      stm_snapshot_release(tx, a);
    } TX_END(tx);
  }
  free(src);
  printf("nested ok\n");
}

static void check_abort(void) {
  volatile int attempts = 0;
  const void *volatile seen = NULL;
  unsigned char *src = calloc(1, 300000);
  CHECK(src);
  TX_BEGIN(tx, RO) {
    const uint64_t *a = stm_read_snapshot(tx, words, sizeof words, SR);
    if (attempts++ == 0) {
      seen = a;
      (void)stm_read_snapshot(tx, src, 300000, SR);
      (void)stm_read_snapshot(tx, src, 300000, SR); /* own block */
      stm_abort_retry(tx, SR);
    }
    CHECK(a == seen); /* everything was dropped at the abort */
    stm_snapshot_release(tx, a);
  } TX_END(tx);
  CHECK(inject ? attempts >= 2 : attempts == 2);
  /* Cancel with live snapshots (the stack grew at the first attempt's
   * 300000 bytes: it was empty then). */
  TX_BEGIN(tx, A_CANCEL) {
    seen = stm_read_snapshot(tx, words, sizeof words, SR);
    (void)stm_read_snapshot(tx, src, 300000, SR);
    (void)stm_read_snapshot(tx, src, 300000, SR);
    stm_cancel(tx, 0, SX);
  } TX_END(tx);
  TX_BEGIN(tx, RO) {
    const uint64_t *a = stm_read_snapshot(tx, words, sizeof words, SR);
    CHECK(a == seen);
    stm_snapshot_release(tx, a);
  } TX_END(tx);
  free(src);
  printf("abort ok\n");
}

int main(void) {
  const char *e = getenv("STM_INJECT_ABORTS");
  inject = e && *e && strcmp(e, "0") != 0;
  check_bytes();
  if (!inject) { /* injected aborts: every block begins logged */
    check_fast_path();
    check_wrap();
  }
  check_nested();
  check_abort();
  return 0;
}
