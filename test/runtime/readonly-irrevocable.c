// A read-only block's first attempt reads unlogged (stm_load_ro_*); if it
// turns irrevocable (the plugin never emits that, hand-written code may),
// those reads cannot be validated, so the runtime restarts the block,
// logged, and it goes irrevocable on the retry.  Counts the attempts.
// RUN: %rtcc %s -o %t %stm_ldflags && %t | FileCheck %s
// CHECK: attempts 2, irrevocable 1, value 42
#include "Inputs/tx.h"

static uint64_t shared = 42;

int main(void) {
  volatile int attempts = 0;
  volatile int irrevocable = 0;
  uint64_t v = 0;
  TX_BEGIN(tx, A_ATOMIC | STM_ATTR_READONLY) {
    attempts++;
    v = stm_load_ro_u64(tx, &shared, SR);
    stm_become_irrevocable(tx, STM_IRR_INSTRUMENTED, SI);
    irrevocable = stm_is_irrevocable(tx);
  } TX_END(tx);
  printf("attempts %d, irrevocable %d, value %llu\n", attempts, irrevocable,
         (unsigned long long)v);
  return 0;
}
