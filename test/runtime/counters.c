// No lost update: threads increment shared counters of every type (u64,
// u32, a u16 lane per thread packed in one word, a shared u8 with wrap,
// float, double, long double, u128, and a counter updated through range
// barriers at an unaligned offset), many times each; every increment must
// be in the final values.
// RUN: %rtcc %s -o %t %stm_ldflags && %t
// RUN: env STM_INJECT_ABORTS=20 %t
#include "Inputs/tx.h"

#define THREADS 4
static struct {
  uint64_t c64;
  uint32_t c32;
  uint32_t pad;
  uint16_t lane[THREADS]; /* one word, one lane per thread */
  uint8_t c8;
  float cf;
  double cd;
  long double cld;
  stm_u128_t c128;
  unsigned char raw[16]; /* a u32 counter at raw + 5 */
} s __attribute__((aligned(64)));
static long iters;

static void *worker(void *arg) {
  int id = (int)(intptr_t)arg;
  for (long i = 0; i < iters; i++) {
    TX_BEGIN(tx, A_ATOMIC) {
      switch ((i + id) % 3) {
      case 0:
        ST64(tx, &s.c64, LD64(tx, &s.c64) + 1);
        ST32(tx, &s.c32, LD32(tx, &s.c32) + 1);
        ST16(tx, &s.lane[id], LD16(tx, &s.lane[id]) + 1);
        ST8(tx, &s.c8, LD8(tx, &s.c8) + 1);
        break;
      case 1:
        stm_store_float(tx, &s.cf, stm_load_float(tx, &s.cf, SR) + 1.0f, SW);
        stm_store_double(tx, &s.cd, stm_load_double(tx, &s.cd, SR) + 1.0, SW);
        stm_store_ldouble(tx, &s.cld, stm_load_ldouble(tx, &s.cld, SR) + 1.0L, SW);
        ST64(tx, &s.c64, LD64(tx, &s.c64) + 1);
        ST16(tx, &s.lane[id], LD16(tx, &s.lane[id]) + 1);
        break;
      default: {
        stm_store_u128(tx, &s.c128, stm_load_u128(tx, &s.c128, SR) + ((stm_u128_t)1 << 64) + 1, SW);
        uint32_t v;
        stm_read_bytes(tx, &v, s.raw + 5, 4, SR);
        v++;
        stm_write_bytes(tx, s.raw + 5, &v, 4, SW);
        ST64(tx, &s.c64, LD64(tx, &s.c64) + 1);
        ST16(tx, &s.lane[id], LD16(tx, &s.lane[id]) + 1);
        break;
      }
      }
    } TX_END(tx);
  }
  return NULL;
}

int main(void) {
  test_watchdog(30);
  iters = test_iters(60000);
  test_run_threads(THREADS, worker);
  /* Per kind: how many increments all threads did. */
  long per[3] = {0, 0, 0};
  for (int id = 0; id < THREADS; id++)
    for (long i = 0; i < iters; i++)
      per[(i + id) % 3]++;
  CHECK_EQ(s.c64, THREADS * iters);
  CHECK_EQ(s.c32, per[0]);
  for (int id = 0; id < THREADS; id++)
    CHECK_EQ(s.lane[id], (uint16_t)iters);
  CHECK_EQ(s.c8, (uint8_t)per[0]);
  CHECK(s.cf == (float)per[1]);
  CHECK(s.cd == (double)per[1]);
  CHECK(s.cld == (long double)per[1]);
  CHECK(s.c128 == (((stm_u128_t)per[2] << 64) | (stm_u128_t)per[2]));
  uint32_t v;
  memcpy(&v, s.raw + 5, 4);
  CHECK_EQ(v, per[2]);
  for (int i = 0; i < 16; i++)
    CHECK((i >= 5 && i < 9) || s.raw[i] == 0);
  printf("ok\n");
  return 0;
}
