/*
 * ops.h - random barrier sequences checked against a plain model.
 *
 * ops_run performs n random loads, stores and range operations through the
 * barriers on `mem` inside the caller's transaction and the same stores
 * with plain code on `ref`; every load is compared with `ref`, so
 * read-own-write is checked after any mix of widths, offsets and partial
 * overlaps.  The caller compares mem with ref after commit.
 */
#ifndef STM_TEST_OPS_H
#define STM_TEST_OPS_H

#include "tx.h"

enum {
  OP_LD8, OP_LD16, OP_LD32, OP_LD64, OP_LDF, OP_LDD, OP_LDP, OP_LD128,
  OP_ST8, OP_ST16, OP_ST32, OP_ST64, OP_STF, OP_STD, OP_STP, OP_ST128,
  OP_LDOUBLE, OP_READ, OP_WRITE, OP_MEMCPY, OP_MEMMOVE, OP_MEMSET,
  OP_COUNT
};

static const unsigned ops_width[OP_COUNT] = {1, 2, 4, 8, 4, 8, 8, 16,
                                             1, 2, 4, 8, 4, 8, 8, 16};

/* An offset for a typed access of width w in [0, size): naturally aligned,
 * unaligned inside one 8-byte word, or (cross != 0) anywhere. */
static size_t ops_offset(uint64_t *seed, size_t size, unsigned w, int cross) {
  uint64_t r = test_rand(seed);
  if (cross && (r & 1))
    return (size_t)((r >> 8) % (size - w + 1));
  if (w >= 8 || (r & 2))
    return (size_t)(((r >> 8) % (size / w)) * w);
  size_t word = (size_t)((r >> 8) % (size / 8));
  return word * 8 + (size_t)((r >> 40) % (8 - w + 1));
}

static void ops_fail(int op, size_t off, size_t len) {
  fprintf(stderr, "ops: mismatch after op %d at offset %zu length %zu\n", op, off, len);
  abort();
}

static void ops_run(stm_tx_t *tx, unsigned char *mem, unsigned char *ref, size_t size,
                    uint64_t *seed, int n, int cross) {
  for (int i = 0; i < n; i++) {
    uint64_t r = test_rand(seed);
    int op = (int)(r % OP_COUNT);
    uint64_t v = test_rand(seed);
    size_t off = 0, len = 0;
    unsigned char buf[64], got[64];
    if (op < OP_LDOUBLE) {
      len = ops_width[op];
      off = ops_offset(seed, size, (unsigned)len, cross);
    }
    switch (op) {
    case OP_LD8: { uint8_t x = LD8(tx, mem + off); memcpy(got, &x, 1); break; }
    case OP_LD16: { uint16_t x = LD16(tx, mem + off); memcpy(got, &x, 2); break; }
    case OP_LD32: { uint32_t x = LD32(tx, mem + off); memcpy(got, &x, 4); break; }
    case OP_LD64: { uint64_t x = LD64(tx, mem + off); memcpy(got, &x, 8); break; }
    case OP_LDF: { float x = stm_load_float(tx, (const float *)(mem + off), SR); memcpy(got, &x, 4); break; }
    case OP_LDD: { double x = stm_load_double(tx, (const double *)(mem + off), SR); memcpy(got, &x, 8); break; }
    case OP_LDP: { void *x = LDP(tx, mem + off); memcpy(got, &x, 8); break; }
    case OP_LD128: { stm_u128_t x = stm_load_u128(tx, (const stm_u128_t *)(mem + off), SR); memcpy(got, &x, 16); break; }
    case OP_ST8: ST8(tx, mem + off, v); break;
    case OP_ST16: ST16(tx, mem + off, v); break;
    case OP_ST32: ST32(tx, mem + off, v); break;
    case OP_ST64: ST64(tx, mem + off, v); break;
    case OP_STF: {
      /* A finite value: its bits survive any register move. */
      float f = (float)(int32_t)v / 7.0f;
      stm_store_float(tx, (float *)(mem + off), f, SW);
      memcpy(&v, &f, 4);
      break;
    }
    case OP_STD: {
      double d = (double)(int64_t)v / 7.0;
      stm_store_double(tx, (double *)(mem + off), d, SW);
      memcpy(&v, &d, 8);
      break;
    }
    case OP_STP: STP(tx, mem + off, (void *)(uintptr_t)v); break;
    case OP_ST128: {
      stm_u128_t x = ((stm_u128_t)test_rand(seed) << 64) | v;
      stm_store_u128(tx, (stm_u128_t *)(mem + off), x, SW);
      memcpy(buf, &x, 16);
      break;
    }
    case OP_LDOUBLE: {
      /* Only 10 of the 16 bytes are significant: check by value, right
       * after the store, and keep the model byte-exact via read_bytes. */
      long double x = (long double)(int64_t)v / 3.0L;
      len = 16;
      off = (size_t)(test_rand(seed) % (size - len + 1));
      stm_store_ldouble(tx, (long double *)(mem + off), x, SW);
      long double y = stm_load_ldouble(tx, (const long double *)(mem + off), SR);
      if (y != x)
        ops_fail(op, off, len);
      stm_read_bytes(tx, ref + off, mem + off, len, SR);
      break;
    }
    case OP_READ:
      len = (size_t)(v % 41);
      off = (size_t)(test_rand(seed) % (size - len + 1));
      stm_read_bytes(tx, got, mem + off, len, SR);
      break;
    case OP_WRITE:
      len = (size_t)(v % 41);
      off = (size_t)(test_rand(seed) % (size - len + 1));
      for (size_t k = 0; k < len; k++)
        buf[k] = (unsigned char)test_rand(seed);
      stm_write_bytes(tx, mem + off, buf, len, SW);
      memcpy(ref + off, buf, len);
      break;
    case OP_MEMCPY: {
      /* Two disjoint ranges. */
      len = (size_t)(v % 33);
      size_t half = size / 2;
      size_t a = (size_t)(test_rand(seed) % (half - len + 1));
      size_t b = half + (size_t)(test_rand(seed) % (half - len + 1));
      if (v & 64) {
        size_t t = a;
        a = b;
        b = t;
      }
      if (stm_memcpy(tx, mem + a, mem + b, len, SW) != mem + a)
        ops_fail(op, a, len);
      memcpy(ref + a, ref + b, len);
      break;
    }
    case OP_MEMMOVE: {
      len = (size_t)(v % 41);
      size_t a = (size_t)(test_rand(seed) % (size - len + 1));
      size_t b = (size_t)(test_rand(seed) % (size - len + 1));
      if (stm_memmove(tx, mem + a, mem + b, len, SW) != mem + a)
        ops_fail(op, a, len);
      memmove(ref + a, ref + b, len);
      break;
    }
    case OP_MEMSET:
      len = (size_t)(v % 41);
      off = (size_t)(test_rand(seed) % (size - len + 1));
      if (stm_memset(tx, mem + off, (int)(v >> 8) | 0x100, len, SW) != mem + off)
        ops_fail(op, off, len);
      memset(ref + off, (int)(v >> 8) & 0xff, len);
      break;
    }
    if ((op >= OP_ST8 && op <= OP_STP))
      memcpy(ref + off, &v, len);
    if (op == OP_ST128)
      memcpy(ref + off, buf, len);
    if ((op <= OP_LD128 || op == OP_READ) && memcmp(got, ref + off, len) != 0)
      ops_fail(op, off, len);
  }
}

#endif /* STM_TEST_OPS_H */
