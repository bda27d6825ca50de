// STM_STATS=json:PATH round trip: stmreport prints from the JSON file the
// very text the runtime printed at exit (diff), with more conflict lines
// than the report shows, every kind of record, a conflict with a winner,
// and names that JSON must escape.  stmreport --all shows every line,
// --svg draws the chart, and json:PATH expands %p to the process id.
//
// RUN: %rtcc %s -o %t %stm_ldflags
// RUN: rm -f %t.json && env STM_STATS=1,json:%t.json %t 2> %t.txt
// RUN: %python -c "import json, sys; json.load(open(sys.argv[1], encoding='utf-8'))" %t.json
// RUN: %stm_build/bin/stmreport %t.json > %t.rep
// RUN: diff %t.txt %t.rep
// RUN: FileCheck %s --check-prefix=TEXT < %t.rep
// RUN: FileCheck %s --check-prefix=JSON < %t.json
// RUN: %stm_build/bin/stmreport --all %t.json > %t.all
// RUN: FileCheck %s --check-prefix=ALL < %t.all
// RUN: FileCheck %s --check-prefix=ONE < %t.all
// RUN: %stm_build/bin/stmreport --svg %t.svg --top 3 %t.json > /dev/null
// RUN: FileCheck %s --check-prefix=SVG < %t.svg
// RUN: rm -rf %t.d && mkdir %t.d && env STM_STATS=json:%t.d/stats.%%p.json %t
// RUN: ls %t.d | FileCheck %s --check-prefix=PID
//
// TEXT: stm: conflicts, by time lost:
// TEXT-NEXT: mix.c:5:16: conflict: read of 'balance' (auditor) aborted 1 time, {{.*}} (validation failure); winner wrote at mix.c:14:7; transaction at mix.c:4:5
// TEXT: stm:   ... and 8 more conflict lines (all of them: STM_STATS=json:PATH, then stmreport --all PATH)
// TEXT-NEXT: stm: irrevocable transactions, by time others lost:
// TEXT-NEXT: mix.c:50:7: inevitable: call to 'puts' (logger) made 1 transaction irrevocable, others waited 0.000000 s
//
// JSON: "format": "stmpass-stats",
// JSON: "kind": "validation failure", "site": {"file": "mix.c", "line": 5, "col": 16, "kind": "read", "text": "balance", "func": "auditor"}, "transaction": {"file": "mix.c", "line": 4, "col": 5, "kind": "begin", "text": null, "func": "auditor"}, "winner": {"file": "mix.c", "line": 14, "col": 7, "kind": "write", "text": "balance", "func": "depositor"}, "aborts": 1, "ns_lost":
// JSON-DAG: "site": {"file": "dir \"q\"/m\\ix.c", "line": 7, "col": 9, "kind": "call", "text": "na{{.*}}ve\u0009end", "func": "tab\u0009func"}
// JSON-DAG: "site": {"file": null, "line": 0, "col": 0, "kind": "read", "text": "x", "func": null}
//
// ALL: stm: conflicts, by time lost:
// ALL-COUNT-28: conflict:
// ALL-NEXT: stm: irrevocable transactions, by time others lost:
// ONE-DAG: dir "q"/m\ix.c:7:9: conflict: call to 'na{{.*}}ve	end' (tab	func) aborted 1 time,
// ONE-DAG: stm: conflict: read of 'x' aborted 1 time, {{[0-9.]+}} s lost (explicit retry); transaction at mix.c:60:3
// ONE-DAG: mix.c:124:5: conflict: call to 'retry' (many) aborted 1 time,
//
// SVG: <svg xmlns="http://www.w3.org/2000/svg"
// SVG: Time lost in aborted attempts, by conflict site (top 3 of 28)
// SVG: <text x="16" y="68">mix.c:5:16  read of 'balance' (auditor)</text>
// SVG-COUNT-3: <rect x="16"
// SVG: </svg>
//
// PID: stats.{{[0-9]+}}.json
#include "Inputs/stats-tx.h"

/* ---- a conflict with a known winner (as in conflict-winner.c) ---------- */
SITE(s_audit, "mix.c", 4, 5, STM_SITE_BEGIN, NULL, "auditor");
SITE(s_balance_rd, "mix.c", 5, 16, STM_SITE_READ, "balance", "auditor");
SITE(s_audit_wr, "mix.c", 7, 7, STM_SITE_WRITE, "audit", "auditor");
SITE(s_deposit, "mix.c", 13, 5, STM_SITE_BEGIN, NULL, "depositor");
SITE(s_deposit_rd, "mix.c", 14, 17, STM_SITE_READ, "balance", "depositor");
SITE(s_deposit_wr, "mix.c", 14, 7, STM_SITE_WRITE, "balance", "depositor");

static uint64_t balance, audit;
static _Atomic long read_done;
static long waited; /* static: written in a block, not rolled back */

static void *auditor(void *arg) {
  TX_BEGIN(tx, STM_ATTR_ATOMIC, &s_audit) {
    uint64_t b = stm_load_u64(tx, &balance, &s_balance_rd);
    if (!waited) {
      waited = 1;
      read_done = 1;
      while (__atomic_load_n(&balance, __ATOMIC_ACQUIRE) == b)
        sched_yield();
    }
    stm_store_u64(tx, &audit, b, &s_audit_wr);
  } TX_END(tx);
  return arg;
}

static void *depositor(void *arg) {
  while (!read_done)
    sched_yield();
  TX_BEGIN(tx, STM_ATTR_ATOMIC, &s_deposit) {
    stm_store_u64(tx, &balance, stm_load_u64(tx, &balance, &s_deposit_rd) + 1, &s_deposit_wr);
  } TX_END(tx);
  return arg;
}

/* ---- 25 more conflict sites than fit, one retry each -------------------- */
SITE(s_many, "mix.c", 99, 3, STM_SITE_BEGIN, NULL, "many");
#define MANY(i) {"mix.c", 100 + (i), 5, STM_SITE_CALL, "retry", "many"}
static const stm_site_t many_sites[25] = {
    MANY(0),  MANY(1),  MANY(2),  MANY(3),  MANY(4),  MANY(5),  MANY(6),  MANY(7),  MANY(8),
    MANY(9),  MANY(10), MANY(11), MANY(12), MANY(13), MANY(14), MANY(15), MANY(16), MANY(17),
    MANY(18), MANY(19), MANY(20), MANY(21), MANY(22), MANY(23), MANY(24)};

/* ---- names that JSON must escape; a site without a file ----------------- */
SITE(s_odd_begin, "dir \"q\"/m\\ix.c", 6, 3, STM_SITE_BEGIN, NULL, "tab\tfunc");
SITE(s_odd, "dir \"q\"/m\\ix.c", 7, 9, STM_SITE_CALL, "na\xc3\xafve\tend", "tab\tfunc");
SITE(s_anon_begin, "mix.c", 60, 3, STM_SITE_BEGIN, NULL, "anon");
SITE(s_nofile, NULL, 0, 0, STM_SITE_READ, "x", NULL);

/* ---- an irrevocable transaction ----------------------------------------- */
SITE(s_log, "mix.c", 49, 5, STM_SITE_BEGIN, NULL, "logger");
SITE(s_puts, "mix.c", 50, 7, STM_SITE_IRREV, "puts", "logger");

static int tries; /* static: written in blocks, not rolled back */

static void retry_once(const stm_site_t *begin, const stm_site_t *at) {
  tries = 0;
  TX_BEGIN(tx, STM_ATTR_ATOMIC, begin) {
    if (tries++ == 0)
      stm_abort_retry(tx, at);
  } TX_END(tx);
}

int main(void) {
  pthread_t a, d;
  CHECK(pthread_create(&a, NULL, auditor, NULL) == 0);
  CHECK(pthread_create(&d, NULL, depositor, NULL) == 0);
  CHECK(pthread_join(a, NULL) == 0);
  CHECK(pthread_join(d, NULL) == 0);
  for (int i = 0; i < 25; i++)
    retry_once(&s_many, &many_sites[i]);
  retry_once(&s_odd_begin, &s_odd);
  retry_once(&s_anon_begin, &s_nofile);
  TX_BEGIN(tx, STM_ATTR_RELAXED, &s_log) {
    stm_become_irrevocable(tx, STM_IRR_INSTRUMENTED, &s_puts);
  } TX_END(tx);
  return 0;
}
