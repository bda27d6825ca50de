// The count of consecutive aborts restarts at every commit, also when the
// retry of a read-only transaction commits: 3000 transactions that each
// abort 3 times never reach the irrevocable fallback (STM_MAX_RETRIES=16),
// where an explicit retry is a fatal error.  (Before the fix, the inline
// read-only commit kept the count, and the sixth transaction went
// irrevocable.)  Writing transactions likewise.
// RUN: %rtcc %s -o %t %stm_ldflags && %t | FileCheck %s
// CHECK: read-only ok
// CHECK: writing ok
#include "Inputs/tx.h"

static int attempts;
static uint64_t word;

int main(void) {
  uint64_t seen = 0;
  for (int i = 0; i < 3000; i++) {
    attempts = 0;
    TX_BEGIN(tx, A_ATOMIC) {
      seen += LD64(tx, &word) == 0;
      if (attempts++ < 3)
        stm_abort_retry(tx, SC);
    } TX_END(tx);
  }
  CHECK(seen >= 3000);
  printf("read-only ok\n");
  for (int i = 0; i < 3000; i++) {
    attempts = 0;
    TX_BEGIN(tx, A_ATOMIC) {
      ST64(tx, &word, LD64(tx, &word) + 1);
      if (attempts++ < 3)
        stm_abort_retry(tx, SC);
    } TX_END(tx);
  }
  CHECK_EQ(word, 3000);
  printf("writing ok\n");
  return 0;
}
