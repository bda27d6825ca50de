/*
 * bank.c - 1024 accounts; 90% of operations transfer a random amount
 * between two random accounts, 10% audit: sum every account in one
 * read-only transaction and compare with the constant total.
 *
 * Contended (-c): transfers only among accounts 0-15; audits still read
 * all 1024, so they conflict with nearly every concurrent transfer.
 * Self-check: no audit ever saw a wrong total, and the final total is
 * right.
 */
#include <stdio.h>

#include "harness.h"

#define ACCOUNTS 1024
#define START_BALANCE 1000

const char *const bench_name = "bank";

static long accounts[ACCOUNTS] __attribute__((aligned(64)));
static long hot; /* transfers pick accounts in [0, hot) */

enum { T_TRANSFERS, T_AUDITS, T_BAD_AUDITS };

const char *bench_describe(const bench_opts_t *o) {
  static char d[128];
  snprintf(d, sizeof d, "%d accounts, 90%% transfers among %ld of them, 10%% audits of all", ACCOUNTS,
           hot);
  (void)o;
  return d;
}

void bench_setup(const bench_opts_t *o, bench_thread_t *rng) {
  hot = o->contended ? 16 : ACCOUNTS;
  for (long i = 0; i < ACCOUNTS; i++)
    accounts[i] = START_BALANCE;
  (void)rng;
}

static long audit(void) {
  long sum;
  TM_ATOMIC {
    long s = 0;
    for (long i = 0; i < ACCOUNTS; i++)
      s += accounts[i];
    sum = s;
  }
  return sum;
}

void bench_op(bench_thread_t *t) {
  if (bench_rand_below(t, 100) < 90) {
    long from = bench_rand_below(t, hot), to = bench_rand_below(t, hot);
    long amount = 1 + bench_rand_below(t, 50);
    TM_ATOMIC {
      accounts[from] -= amount;
      accounts[to] += amount;
    }
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
