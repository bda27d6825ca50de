/*
 * interest.c - the seed's first example: apply an interest rate to every
 * account, one task per account.
 *
 *     for account in all_accounts:
 *         add_task(account.apply_interest_rate)
 *     run_all_tasks()
 *
 * The loop looks sequential; libstm runs the tasks on a pool of threads
 * (STM_THREADS, default: one per CPU), each task in its own transaction.
 * Tasks conflict when two accounts of the same branch credit the branch's
 * total at once: one of them aborts and runs again, so the totals stay
 * exact.  Amounts are integer cents, so the result is checked exactly
 * against a plain sequential computation.
 *
 *     stmcc -O2 interest.c common/example.c -o interest
 *     ./interest [accounts] [years]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <stm.h>

#include "common/example.h"

enum { BRANCHES = 64, DAYS = 365 };

typedef struct account {
  int64_t balance; /* cents */
  int rate_bp;     /* yearly interest, basis points */
  int branch;
} account_t;

static account_t *accounts;
static int64_t branch_interest[BRANCHES]; /* interest paid, per branch */

/* Interest for one year, compounded daily, rounded down to the cent each
 * day.  Plain arithmetic on a local: the only shared accesses are the
 * balance and the branch total. */
static int64_t year_of_interest(int64_t balance, int rate_bp) {
  int64_t start = balance;
  for (int d = 0; d < DAYS; d++)
    balance += balance * rate_bp / (DAYS * 10000);
  return balance - start;
}

/* The task.  Runs in a transaction: no annotation needed. */
static void apply_interest_rate(void *arg) {
  account_t *a = arg;
  int64_t interest = year_of_interest(a->balance, a->rate_bp);
  a->balance += interest;
  branch_interest[a->branch] += interest;
}

static void open_accounts(long n) {
  accounts = malloc((size_t)n * sizeof *accounts);
  if (!accounts) {
    fprintf(stderr, "interest: out of memory for %ld accounts\n", n);
    exit(2);
  }
  uint64_t seed = 42;
  for (long i = 0; i < n; i++) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    accounts[i].balance = (int64_t)(seed >> 40) % 10000000; /* up to 100000.00 */
    accounts[i].rate_bp = 100 + (int)((seed >> 20) % 400); /* 1% to 5% */
    accounts[i].branch = (int)(i % BRANCHES);
  }
}

/* The same years, sequentially and without transactions. */
static int check(long n, long years) {
  account_t *a = accounts;
  int64_t want_branch[BRANCHES] = {0}, total = 0, want_total = 0;
  uint64_t seed = 42;
  int ok = 1;
  for (long i = 0; i < n; i++) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    int64_t b = (int64_t)(seed >> 40) % 10000000;
    for (long y = 0; y < years; y++) {
      int64_t interest = year_of_interest(b, a[i].rate_bp);
      b += interest;
      want_branch[i % BRANCHES] += interest;
    }
    ok &= a[i].balance == b;
    total += a[i].balance;
    want_total += b;
  }
  for (int br = 0; br < BRANCHES; br++)
    ok &= branch_interest[br] == want_branch[br];
  printf("interest: %ld accounts, %ld years: total %lld.%02lld (expected %lld.%02lld), "
         "branch totals %s: %s\n",
         n, years, (long long)(total / 100), (long long)(total % 100),
         (long long)(want_total / 100), (long long)(want_total % 100),
         ok ? "exact" : "WRONG", ok ? "OK" : "FAILED");
  return ok;
}

int main(int argc, char **argv) {
  long n = ex_arg(argc, argv, 1, 50000, 1, 100000000, "accounts");
  long years = ex_arg(argc, argv, 2, 4, 1, 1000, "years");
  open_accounts(n);

  double t0 = ex_now();
  for (long y = 0; y < years; y++) {
    for (long i = 0; i < n; i++)
      stm_add_task(apply_interest_rate, &accounts[i]);
    stm_run_all_tasks();
  }
  double seconds = ex_now() - t0;

  int ok = check(n, years);
  free(accounts);
  return ex_finish("interest", ok, seconds, argv);
}
