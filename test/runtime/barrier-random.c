// Random mixes of every barrier (all widths and types, ranges, memcpy,
// memmove, memset; sub-word and unaligned inside a word) in one
// transaction, each load checked against a plain model, so read-own-write
// is exercised after partial overlaps, sub-word after word, range after
// typed and the reverse.  Every transaction aborts once on purpose after
// scribbling, and the committed memory must equal the model byte for byte.
// RUN: %rtcc %s -o %t %stm_ldflags && %t
// RUN: env STM_INJECT_ABORTS=20 %t
#include "Inputs/ops.h"

#define SIZE 192
static unsigned char mem[SIZE] __attribute__((aligned(64)));
static unsigned char ref[SIZE], ref0[SIZE];
static int attempts;

int main(void) {
  test_watchdog(30);
  uint64_t seed = 0x9e3779b97f4a7c15ULL;
  for (int i = 0; i < SIZE; i++)
    mem[i] = (unsigned char)(i * 7 + 1);
  long rounds = test_iters(400);
  for (long round = 0; round < rounds; round++) {
    memcpy(ref, mem, SIZE);
    memcpy(ref0, mem, SIZE);
    uint64_t seed0 = seed;
    int nops = 1 + (int)(round % 60);
    attempts = 0;
    TX_BEGIN_R(tx, A_ATOMIC, (seed = seed0, memcpy(ref, ref0, SIZE))) {
      int a = attempts++;
      if (a == 0) {
        /* Scribble through every kind of barrier, then abort: none of it
         * may reach memory. */
        uint64_t junk = seed ^ 0x5555;
        ops_run(tx, mem, ref, SIZE, &junk, nops, 0);
        stm_abort_retry(tx, TX_SITE(STM_SITE_CALL, "retry"));
      }
      ops_run(tx, mem, ref, SIZE, &seed, nops, 0);
    } TX_END(tx);
    CHECK(attempts >= 2);
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
