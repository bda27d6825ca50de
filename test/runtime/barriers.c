// Each barrier width and type, one at a time, with sentinels around the
// target: u8/u16/u32/u64, ptr, float, double, long double, u128,
// read_bytes/write_bytes, memcpy/memmove/memset, aligned, sub-word and
// unaligned inside a word; large ranges and transactions whose read and
// write logs must grow.
// RUN: %rtcc %s -o %t %stm_ldflags && %t | FileCheck %s
// RUN: env STM_INJECT_ABORTS=20 %t | FileCheck %s
// CHECK: typed ok
// CHECK: ranges ok
// CHECK: big ok
#include "Inputs/tx.h"
#include <math.h>

static union {
  uint64_t w[8];
  unsigned char b[64];
} m __attribute__((aligned(64)));

static void fill(unsigned char c) { memset(&m, c, sizeof m); }

/* Every byte of m except [off, off+n) still holds c. */
static void check_rest(unsigned char c, size_t off, size_t n) {
  for (size_t i = 0; i < sizeof m; i++)
    if ((i < off || i >= off + n) && m.b[i] != c) {
      fprintf(stderr, "byte %zu clobbered (%#x) by a write to [%zu,+%zu)\n", i, m.b[i], off, n);
      abort();
    }
}

static void typed(void) {
  /* Sub-word stores at every offset of a word, one transaction each. */
  for (size_t w = 1; w <= 8; w *= 2)
    for (size_t off = 8; off + w <= 16; off += 1) {
      if (w == 8 && off != 8)
        continue;
      fill(0xee);
      uint64_t v = 0x0102030405060708ULL * (off + 1);
      TX_BEGIN(tx, A_ATOMIC) {
        switch (w) {
        case 1: ST8(tx, m.b + off, v); break;
        case 2: ST16(tx, m.b + off, v); break;
        case 4: ST32(tx, m.b + off, v); break;
        default: ST64(tx, m.b + off, v); break;
        }
      } TX_END(tx);
      check_rest(0xee, off, w);
      CHECK(memcmp(m.b + off, &v, w) == 0);
      uint64_t got = 0;
      TX_BEGIN(tx, A_ATOMIC) {
        switch (w) {
        case 1: got = LD8(tx, m.b + off); break;
        case 2: got = LD16(tx, m.b + off); break;
        case 4: got = LD32(tx, m.b + off); break;
        default: got = LD64(tx, m.b + off); break;
        }
      } TX_END(tx);
      CHECK_EQ(got, w == 8 ? v : v & ((1ULL << (w * 8)) - 1));
    }

  /* Pointers. */
  static int target;
  fill(0xee);
  void *p = NULL;
  TX_BEGIN(tx, A_ATOMIC) {
    STP(tx, &m.w[2], &target);
    p = LDP(tx, &m.w[2]);
  } TX_END(tx);
  CHECK(p == &target);
  CHECK(*(void **)&m.w[2] == &target);
  check_rest(0xee, 16, 8);

  /* float and double, including -0.0, infinities and a NaN's payload. */
  float fs[4] = {1.5f, -0.0f, -INFINITY, 0};
  uint32_t nanbits = 0x7fc12345u;
  memcpy(&fs[3], &nanbits, 4);
  for (int i = 0; i < 4; i++) {
    fill(0xee);
    float f = 0;
    TX_BEGIN(tx, A_ATOMIC) {
      stm_store_float(tx, (float *)&m.b[20], fs[i], SW);
      f = stm_load_float(tx, (const float *)&m.b[20], SR);
    } TX_END(tx);
    CHECK(memcmp(&f, &fs[i], 4) == 0);
    CHECK(memcmp(&m.b[20], &fs[i], 4) == 0);
    check_rest(0xee, 20, 4);
    TX_BEGIN(tx, A_ATOMIC) { f = stm_load_float(tx, (const float *)&m.b[20], SR); } TX_END(tx);
    CHECK(memcmp(&f, &fs[i], 4) == 0);
  }
  double ds[4] = {1.0 / 3, -0.0, INFINITY, 0};
  uint64_t dnan = 0x7ff8000012345678ULL;
  memcpy(&ds[3], &dnan, 8);
  for (int i = 0; i < 4; i++) {
    fill(0xee);
    double d = 0;
    TX_BEGIN(tx, A_ATOMIC) {
      stm_store_double(tx, (double *)&m.w[3], ds[i], SW);
      d = stm_load_double(tx, (const double *)&m.w[3], SR);
    } TX_END(tx);
    CHECK(memcmp(&d, &ds[i], 8) == 0);
    CHECK(memcmp(&m.w[3], &ds[i], 8) == 0);
    check_rest(0xee, 24, 8);
    TX_BEGIN(tx, A_ATOMIC) { d = stm_load_double(tx, (const double *)&m.w[3], SR); } TX_END(tx);
    CHECK(memcmp(&d, &ds[i], 8) == 0);
  }

  /* long double: 16 bytes of storage, 10 significant. */
  long double ls[3] = {1.0L / 3, -INFINITY, 12345678901234567890.0L};
  for (int i = 0; i < 3; i++) {
    fill(0xee);
    long double x = 0, y = 0;
    TX_BEGIN(tx, A_ATOMIC) {
      stm_store_ldouble(tx, (long double *)&m.w[2], ls[i], SW);
      x = stm_load_ldouble(tx, (const long double *)&m.w[2], SR);
    } TX_END(tx);
    CHECK(x == ls[i]);
    CHECK(memcmp(&m.w[2], &ls[i], 10) == 0);
    check_rest(0xee, 16, 16);
    TX_BEGIN(tx, A_ATOMIC) { y = stm_load_ldouble(tx, (const long double *)&m.w[2], SR); } TX_END(tx);
    CHECK(y == ls[i]);
  }

  /* 128-bit, aligned and straddling words at offset 8. */
  for (size_t off = 16; off <= 24; off += 8) {
    fill(0xee);
    stm_u128_t v = ((stm_u128_t)0x0f1e2d3c4b5a6978ULL << 64) | 0x8796a5b4c3d2e1f0ULL, g = 0;
    TX_BEGIN(tx, A_ATOMIC) {
      stm_store_u128(tx, (stm_u128_t *)&m.b[off], v, SW);
      g = stm_load_u128(tx, (const stm_u128_t *)&m.b[off], SR);
    } TX_END(tx);
    CHECK(g == v);
    CHECK(memcmp(&m.b[off], &v, 16) == 0);
    check_rest(0xee, off, 16);
  }
  printf("typed ok\n");
}

static void ranges(void) {
  static const size_t lens[] = {0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 23, 31, 40};
  unsigned char src[64], dst[64];
  for (size_t i = 0; i < sizeof src; i++)
    src[i] = (unsigned char)(i + 1);
  for (size_t li = 0; li < sizeof lens / sizeof lens[0]; li++)
    for (size_t off = 0; off <= 16; off++) {
      size_t n = lens[li];
      fill(0xee);
      TX_BEGIN(tx, A_ATOMIC) { stm_write_bytes(tx, &m.b[off], src, n, SW); } TX_END(tx);
      check_rest(0xee, off, n);
      CHECK(memcmp(&m.b[off], src, n) == 0);
      memset(dst, 0, sizeof dst);
      TX_BEGIN(tx, A_ATOMIC) { stm_read_bytes(tx, dst, &m.b[off], n, SR); } TX_END(tx);
      CHECK(memcmp(dst, src, n) == 0);
      CHECK(n == sizeof dst || dst[n] == 0);

      /* memset, then memcpy to a disjoint place, then overlapping memmove
       * both ways, all in one transaction. */
      fill(0xee);
      void *r1 = NULL, *r2 = NULL, *r3 = NULL, *r4 = NULL;
      TX_BEGIN(tx, A_ATOMIC) {
        r1 = stm_memset(tx, &m.b[off], 0x1ab, n, SW);
        r2 = stm_memcpy(tx, &m.b[off + 24], &m.b[off], n < 24 ? n : 24, SW);
      } TX_END(tx);
      CHECK(r1 == &m.b[off] && r2 == &m.b[off + 24]);
      for (size_t i = 0; i < sizeof m; i++) {
        int in1 = i >= off && i < off + n;
        int in2 = i >= off + 24 && i < off + 24 + (n < 24 ? n : 24);
        CHECK_EQ(m.b[i], (in1 || in2) ? 0xab : 0xee);
      }
      unsigned char model[64];
      for (size_t i = 0; i < sizeof m; i++)
        m.b[i] = model[i] = (unsigned char)(i * 3);
      size_t k = n < 12 ? n : 12; /* both moves stay inside m */
      TX_BEGIN(tx, A_ATOMIC) {
        r3 = stm_memmove(tx, &m.b[off + 3], &m.b[off], k, SW);
        r4 = stm_memmove(tx, &m.b[off + 30], &m.b[off + 35], k, SW);
      } TX_END(tx);
      memmove(&model[off + 3], &model[off], k);
      memmove(&model[off + 30], &model[off + 35], k);
      CHECK(r3 == &m.b[off + 3] && r4 == &m.b[off + 30]);
      CHECK(memcmp(m.b, model, sizeof m) == 0);
    }
  printf("ranges ok\n");
}

/* Transactions bigger than any initial log: 64 Ki distinct written words,
 * 256 Ki reads, and a 1 MiB memset, all in one transaction. */
static void big(void) {
  size_t nw = 1u << 16, nbig = 1u << 20;
  uint64_t *a = calloc(nw, sizeof *a);
  unsigned char *blob = calloc(nbig, 1);
  CHECK(a && blob);
  uint64_t sum = 0;
  TX_BEGIN_R(tx, A_ATOMIC, sum = 0) {
    for (size_t i = 0; i < nw; i++)
      ST64(tx, &a[i], i * 3 + 1);
    for (int rep = 0; rep < 4; rep++)
      for (size_t i = 0; i < nw; i++)
        sum += LD64(tx, &a[i]);
    stm_memset(tx, blob + 1, 0x5a, nbig - 2, SW);
  } TX_END(tx);
  CHECK_EQ(sum, 4 * (3 * (nw * (nw - 1) / 2) + nw));
  for (size_t i = 0; i < nw; i++)
    CHECK_EQ(a[i], i * 3 + 1);
  CHECK(blob[0] == 0 && blob[nbig - 1] == 0);
  for (size_t i = 1; i < nbig - 1; i++)
    if (blob[i] != 0x5a) {
      fprintf(stderr, "blob[%zu] = %#x\n", i, blob[i]);
      abort();
    }
  free(a);
  free(blob);
  printf("big ok\n");
}

int main(void) {
  test_watchdog(30);
  typed();
  ranges();
  big();
  return 0;
}
