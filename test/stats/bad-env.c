// Bad STM_STATS values get a clear message and the program still runs (and
// exits normally): statistics are off after a bad item, and a json:PATH
// that cannot be written is reported at start-up, the text report going on.
//
// RUN: %rtcc %s -o %t %stm_ldflags
// RUN: env STM_STATS=bogus %t 2>&1 | FileCheck %s --check-prefixes=RAN,BOGUS --implicit-check-not=stm:
// RUN: env STM_STATS=1,verbose,2 %t 2>&1 | FileCheck %s --check-prefixes=RAN,TWO --implicit-check-not=stm:
// RUN: env STM_STATS=json: %t 2>&1 | FileCheck %s --check-prefixes=RAN,EMPTY --implicit-check-not=stm:
// RUN: env STM_STATS=0 %t 2>&1 | FileCheck %s --check-prefix=RAN --implicit-check-not=stm:
// RUN: env STM_STATS= %t 2>&1 | FileCheck %s --check-prefix=RAN --implicit-check-not=stm:
// RUN: env STM_STATS=1,json:%t.missing/dir/stats.json %t 2>&1 | FileCheck %s --check-prefixes=NOFILE,RAN,REPORT
// RUN: not test -e %t.missing
// The start-up check leaves no file; a fatal error at run time then leaves none.
// RUN: rm -f %t.json && env STM_STATS=json:%t.json not %t fatal 2>&1 | FileCheck %s --check-prefix=FATAL
// RUN: not test -e %t.json
//
// BOGUS: libstm: warning: ignoring bad STM_STATS item 'bogus' (expected a comma list of 1, verbose, json:PATH); statistics are off
// TWO: libstm: warning: ignoring bad STM_STATS item '2' (expected a comma list of 1, verbose, json:PATH); statistics are off
// EMPTY: libstm: warning: ignoring bad STM_STATS item 'json:' (expected a comma list of 1, verbose, json:PATH); statistics are off
// NOFILE: libstm: warning: STM_STATS=json:{{.*}}.missing/dir/stats.json: cannot open '{{.*}}.missing/dir/stats.json' for writing (No such file or directory); no JSON statistics
// FATAL: libstm: fatal: one.c:3:5: stm_become_irrevocable: bad mode
// RAN: ran 10 transactions
// REPORT: stm: statistics
// REPORT: stm: transactions, by time lost:
// REPORT-NEXT: one.c:3:5: transaction: in main: 10 commits, 0 aborts,
#include "Inputs/stats-tx.h"

SITE(s_begin, "one.c", 3, 5, STM_SITE_BEGIN, NULL, "main");
SITE(s_rd, "one.c", 3, 32, STM_SITE_READ, "n", "main");
SITE(s_wr, "one.c", 3, 28, STM_SITE_WRITE, "n", "main");

static uint64_t n;

int main(int argc, char **argv) {
  if (argc > 1) { /* fatal */
    TX_BEGIN(tx, STM_ATTR_ATOMIC, &s_begin) {
      stm_become_irrevocable(tx, 99, &s_begin);
    } TX_END(tx);
  }
  for (int i = 0; i < 10; i++) {
    TX_BEGIN(tx, STM_ATTR_ATOMIC, &s_begin) {
      stm_store_u64(tx, &n, stm_load_u64(tx, &n, &s_rd) + 1, &s_wr);
    } TX_END(tx);
  }
  printf("ran %d transactions\n", (int)n);
  fflush(stdout); /* before the report at exit */
  return n == 10 ? 0 : 1;
}
