/*
 * bank_abi.c - bench/bank.c with its two transactions instrumented by hand
 * against <stm/abi.h>, as the plugin expands them: the reference for what
 * the plugin's output should cost, and stmpass figures for the write path
 * (encounter-time locks, redo log, commit) before the plugin exists.
 * Same parameters, options and self-check as bank.c; build with
 * -DBENCH_ABI and link with -lstm (no plugin).
 */
#include <stdio.h>

#include <stm/abi.h>

#include "../harness.h"

#define ACCOUNTS 1024
#define START_BALANCE 1000

const char *const bench_name = "bank-abi";

static long accounts[ACCOUNTS] __attribute__((aligned(64)));
static long hot;

enum { T_TRANSFERS, T_AUDITS, T_BAD_AUDITS };

static const stm_site_t audit_site = {__FILE__, __LINE__, 1, STM_SITE_BEGIN, "audit", "audit"};
static const stm_site_t sum_site = {__FILE__, __LINE__, 1, STM_SITE_READ, "accounts[i]", "audit"};
static const stm_site_t xfer_site = {__FILE__, __LINE__, 1, STM_SITE_BEGIN, "transfer", "bench_op"};
static const stm_site_t rd_site = {__FILE__, __LINE__, 1, STM_SITE_READ, "accounts[x]", "bench_op"};
static const stm_site_t wr_site = {__FILE__, __LINE__, 1, STM_SITE_WRITE, "accounts[x]", "bench_op"};

const char *bench_describe(const bench_opts_t *o) {
  static char d[128];
  snprintf(d, sizeof d, "hand-instrumented; %d accounts, 90%% transfers among %ld of them, 10%% audits of all",
           ACCOUNTS, hot);
  (void)o;
  return d;
}

void bench_setup(const bench_opts_t *o, bench_thread_t *rng) {
  hot = o->contended ? 16 : ACCOUNTS;
  for (long i = 0; i < ACCOUNTS; i++)
    accounts[i] = START_BALANCE;
  (void)rng;
}

#define ACC(i) ((uint64_t *)&accounts[i])

__attribute__((noinline)) static long audit(void) {
  stm_tx_t *const tx = stm_tx_self();
  jmp_buf jb;
  long sum;
  _setjmp(jb);
  stm_begin(tx, jb, STM_ATTR_ATOMIC | STM_ATTR_READONLY, &audit_site);
  {
    long s = 0;
    for (long i = 0; i < ACCOUNTS; i++)
      s += (long)stm_load_u64(tx, ACC(i), &sum_site);
    sum = s;
  }
  stm_commit(tx);
  return sum;
}

__attribute__((noinline)) static void transfer(long from, long to, long amount) {
  stm_tx_t *const tx = stm_tx_self();
  jmp_buf jb;
  _setjmp(jb);
  stm_begin(tx, jb, STM_ATTR_ATOMIC, &xfer_site);
  stm_store_u64(tx, ACC(from), stm_load_u64(tx, ACC(from), &rd_site) - (uint64_t)amount, &wr_site);
  stm_store_u64(tx, ACC(to), stm_load_u64(tx, ACC(to), &rd_site) + (uint64_t)amount, &wr_site);
  stm_commit(tx);
}

void bench_op(bench_thread_t *t) {
  if (bench_rand_below(t, 100) < 90) {
    long from = bench_rand_below(t, hot), to = bench_rand_below(t, hot);
    transfer(from, to, 1 + bench_rand_below(t, 50));
    t->acc[T_TRANSFERS]++;
  } else {
    t->acc[T_BAD_AUDITS] += audit() != (long)ACCOUNTS * START_BALANCE;
    t->acc[T_AUDITS]++;
  }
}

int bench_check(const bench_thread_t *ts, unsigned n, char *msg, size_t len) {
  long bad = 0, sum = 0;
  for (unsigned i = 0; i < n; i++)
    bad += ts[i].acc[T_BAD_AUDITS];
  for (long i = 0; i < ACCOUNTS; i++)
    sum += accounts[i];
  if (bad)
    return bench_fail(msg, len, "%ld audits saw a total other than %ld", bad, (long)ACCOUNTS * START_BALANCE);
  if (sum != (long)ACCOUNTS * START_BALANCE)
    return bench_fail(msg, len, "the accounts add up to %ld, not %ld", sum, (long)ACCOUNTS * START_BALANCE);
  return 0;
}
