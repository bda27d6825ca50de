// Misuse gets a clear message naming the problem and a non-zero exit, never
// a crash or a silent wrong result: ABI calls outside a transaction, a bad
// irrevocability mode, and bad values of the runtime's environment
// variables.  STM_STATS=1 reports the exact number of commits, also with
// injected aborts.
// RUN: %rtcc %s -o %t %stm_ldflags
// RUN: %t run | FileCheck --check-prefix=OK %s
// RUN: env STM_INJECT_ABORTS=20 %t run | FileCheck --check-prefix=OK %s
// RUN: not %t commit 2>&1 | FileCheck --check-prefix=COMMIT %s
// RUN: env STM_INJECT_ABORTS=20 not %t commit 2>&1 | FileCheck --check-prefix=COMMIT %s
// RUN: not %t nested-commit 2>&1 | FileCheck --check-prefix=COMMIT %s
// RUN: not %t cancel 2>&1 | FileCheck --check-prefix=CANCEL %s
// RUN: not %t retry 2>&1 | FileCheck --check-prefix=OUTSIDE %s
// RUN: not %t log 2>&1 | FileCheck --check-prefix=OUTSIDE %s
// RUN: not %t irrevocable 2>&1 | FileCheck --check-prefix=OUTSIDE %s
// RUN: not %t badmode 2>&1 | FileCheck --check-prefix=BADMODE %s
// RUN: env STM_INJECT_ABORTS=abc not %t run 2>&1 | FileCheck --check-prefix=INJ %s
// RUN: env STM_INJECT_ABORTS=101 not %t run 2>&1 | FileCheck --check-prefix=INJ %s
// RUN: env STM_INJECT_ABORTS=-1 not %t run 2>&1 | FileCheck --check-prefix=INJ %s
// RUN: env STM_INJECT_ABORTS=5x not %t run 2>&1 | FileCheck --check-prefix=INJ %s
// RUN: env STM_INJECT_ABORTS=99999999999999999999 not %t run 2>&1 | FileCheck --check-prefix=INJ %s
// RUN: env STM_STATS=1 %t stats 2>&1 | FileCheck --check-prefix=STATS %s
// RUN: env STM_STATS=1 STM_INJECT_ABORTS=50 %t stats 2>&1 | FileCheck --check-prefix=STATS-INJ %s
// RUN: env STM_STATS=0 %t stats 2>&1 | FileCheck --check-prefix=STATS-OFF --allow-empty %s
// RUN: env STM_STATS=bogus %t run 2>&1 | FileCheck --check-prefix=STATS-BAD %s
#include "Inputs/tx.h"

// OK-NOT: libstm
// OK: run ok
// COMMIT: {{commit.*outside|outside.*commit|no transaction}}
// CANCEL: {{cancel.*outside|outside.*cancel|no transaction}}
// OUTSIDE: {{outside|no transaction}}
// BADMODE: {{irrevocab.*mode|mode.*irrevocab}}
// INJ: STM_INJECT_ABORTS
// STATS-BAD: STM_STATS
// STATS: stats ok
// STATS: {{commits?[^0-9]*1234[^0-9]}}
// STATS-INJ: stats ok
// STATS-INJ: {{commits?[^0-9]*1234[^0-9]}}
// STATS-INJ: injected
// STATS-OFF: stats ok
// STATS-OFF-NOT: commit

static uint64_t x;

int main(int argc, char **argv) {
  CHECK(argc == 2);
  const char *m = argv[1];
  stm_tx_t *tx = stm_tx_self();
  if (!strcmp(m, "run")) {
    TX_BEGIN(t, A_ATOMIC) { ST64(t, &x, LD64(t, &x) + 1); } TX_END(t);
    CHECK_EQ(x, 1);
    printf("run ok\n");
    return 0;
  }
  if (!strcmp(m, "stats")) {
    for (int i = 0; i < 1234; i++)
      TX_BEGIN(t, A_ATOMIC) { ST64(t, &x, LD64(t, &x) + 1); } TX_END(t);
    CHECK_EQ(x, 1234);
    printf("stats ok\n");
    fflush(stdout);
    return 0;
  }
  if (!strcmp(m, "commit"))
    stm_commit(tx);
  else if (!strcmp(m, "nested-commit")) {
    TX_BEGIN(t, A_ATOMIC) { ST64(t, &x, 1); } TX_END(t);
    stm_commit(tx); /* one commit too many */
  } else if (!strcmp(m, "cancel"))
    stm_cancel(tx, 0, SX);
  else if (!strcmp(m, "retry"))
    stm_abort_retry(tx, SC);
  else if (!strcmp(m, "log")) {
    long l = 0;
    stm_log_local(tx, &l, sizeof l);
  } else if (!strcmp(m, "irrevocable"))
    stm_become_irrevocable(tx, STM_IRR_SERIAL, SI);
  else if (!strcmp(m, "badmode")) {
    TX_BEGIN(t, A_ATOMIC) { stm_become_irrevocable(t, 7, SI); } TX_END(t);
  } else {
    fprintf(stderr, "unknown mode %s\n", m);
    return 2;
  }
  /* Reaching here means the misuse went unnoticed: print a marker that no
   * check accepts, and fail without the runtime's help. */
  printf("misuse not detected\n");
  return 0;
}
