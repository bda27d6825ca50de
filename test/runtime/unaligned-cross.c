// Typed barriers on addresses that straddle two 8-byte words (packed
// structs, unaligned pointers), mixed with every other barrier; loads are
// checked against a plain model and memory after commit, byte for byte.
// RUN: %rtcc %s -o %t %stm_ldflags && %t
// RUN: env STM_INJECT_ABORTS=20 %t
#include "Inputs/ops.h"

#define SIZE 128
static unsigned char mem[SIZE] __attribute__((aligned(64)));
static unsigned char ref[SIZE], ref0[SIZE];

static void simple_cases(void) {
  /* The minimal cases first, so a failure names them. */
  memset(mem, 0, SIZE);
  TX_BEGIN(tx, A_ATOMIC) {
    ST16(tx, mem + 7, 0xbbaa);
    ST32(tx, mem + 14, 0x44332211);
    ST64(tx, mem + 27, 0x8877665544332211ULL);
  } TX_END(tx);
  CHECK_EQ(mem[7], 0xaa);
  CHECK_EQ(mem[8], 0xbb);
  CHECK_EQ(mem[14], 0x11);
  CHECK_EQ(mem[17], 0x44);
  CHECK_EQ(mem[27], 0x11);
  CHECK_EQ(mem[34], 0x88);
  CHECK_EQ(mem[6], 0);
  CHECK_EQ(mem[9], 0);
  CHECK_EQ(mem[35], 0);
  uint16_t a;
  uint32_t b;
  uint64_t c;
  TX_BEGIN(tx, A_ATOMIC) {
    a = LD16(tx, mem + 7);
    b = LD32(tx, mem + 14);
    c = LD64(tx, mem + 27);
  } TX_END(tx);
  CHECK_EQ(a, 0xbbaa);
  CHECK_EQ(b, 0x44332211);
  CHECK_EQ(c, 0x8877665544332211ULL);
  /* Read-own-write across the boundary, and partial overlap. */
  TX_BEGIN(tx, A_ATOMIC) {
    ST64(tx, mem + 40, 0);
    ST8(tx, mem + 47, 0x12);
    ST8(tx, mem + 48, 0x34);
    a = LD16(tx, mem + 47);
    ST32(tx, mem + 46, 0xddccbbaa);
    c = LD64(tx, mem + 44);
  } TX_END(tx);
  CHECK_EQ(a, 0x3412);
  CHECK_EQ(c, 0x0000ddccbbaa0000ULL);
}

int main(void) {
  test_watchdog(30);
  simple_cases();
  uint64_t seed = 12345;
  for (int i = 0; i < SIZE; i++)
    mem[i] = (unsigned char)(i * 13 + 5);
  long rounds = test_iters(300);
  for (long round = 0; round < rounds; round++) {
    memcpy(ref, mem, SIZE);
    memcpy(ref0, mem, SIZE);
    uint64_t seed0 = seed;
    TX_BEGIN_R(tx, A_ATOMIC, (seed = seed0, memcpy(ref, ref0, SIZE))) {
      ops_run(tx, mem, ref, SIZE, &seed, 1 + (int)(round % 40), 1);
    } TX_END(tx);
    if (memcmp(mem, ref, SIZE) != 0) {
      for (int i = 0; i < SIZE; i++)
        if (mem[i] != ref[i])
          fprintf(stderr, "round %ld: byte %d is %#x, expected %#x\n", round, i, mem[i], ref[i]);
      abort();
    }
  }
  printf("ok\n");
  return 0;
}
