/*
 * stats.c - per-thread statistics, merged when a thread exits and printed
 * at process exit with STM_STATS=1.  Counting is per thread (no shared
 * counter on any hot path); timing is done only when STM_STATS is set.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

static pthread_mutex_t stm_stats_lock = PTHREAD_MUTEX_INITIALIZER;
static stm_stats_t stm_totals;
static uint64_t stm_totals_ro;

const char *stm_abort_cause_name(enum stm_abort_cause c) {
  static const char *const names[STM_ABORT_NCAUSES] = {
      [STM_ABORT_READ_LOCKED] = "read-write",     [STM_ABORT_WRITE_LOCKED] = "write-write",
      [STM_ABORT_VALIDATION] = "validation",      [STM_ABORT_KILLED] = "killed by irrevocable",
      [STM_ABORT_EXPLICIT] = "explicit retry",    [STM_ABORT_INJECTED] = "injected",
      [STM_ABORT_IRREVOCABLE] = "irrevocable switch",
  };
  return (unsigned)c < STM_ABORT_NCAUSES ? names[c] : "unknown";
}

void stm_stats_on_abort(stm_thread_t *th, enum stm_abort_cause cause, const stm_site_t *site) {
  th->stats.aborts[cause]++;
  th->conflict_cause = cause;
  if (!stm_config.stats)
    return;
  uint64_t lost = stm_now_ns() - th->t_start;
  th->stats.ns_lost += lost;
  if (stm_config.stats & STM_STATS_VERBOSE) {
    const stm_site_t *b = th->begin_site;
    if (site && site->file)
      fprintf(stderr, "%s:%u:%u: conflict: %s%s%s, transaction aborted, %.6f seconds lost\n",
              site->file, site->line, site->col, stm_abort_cause_name(cause),
              site->text ? " at " : "", site->text ? site->text : "", (double)lost / 1e9);
    else if (b && b->file)
      fprintf(stderr, "%s:%u:%u: conflict: %s, transaction aborted, %.6f seconds lost\n", b->file,
              b->line, b->col, stm_abort_cause_name(cause), (double)lost / 1e9);
  }
}

void stm_stats_on_irrevocable(stm_thread_t *th, const stm_site_t *site) {
  (void)th;
  if ((stm_config.stats & STM_STATS_VERBOSE) && site && site->file)
    fprintf(stderr, "%s:%u:%u: inevitable: transaction became irrevocable%s%s\n", site->file,
            site->line, site->col, site->text ? " at " : "", site->text ? site->text : "");
}

static void stm_add(stm_stats_t *to, const stm_stats_t *from) {
  to->commits_rw += from->commits_rw;
  for (int i = 0; i < STM_ABORT_NCAUSES; i++)
    to->aborts[i] += from->aborts[i];
  to->cancels += from->cancels;
  to->irrevocable += from->irrevocable;
  to->fallbacks += from->fallbacks;
  to->serial += from->serial;
  to->ns_lost += from->ns_lost;
  to->ns_irrevocable += from->ns_irrevocable;
  if (from->max_retries > to->max_retries)
    to->max_retries = from->max_retries;
}

void stm_stats_merge(stm_thread_t *th) {
  pthread_mutex_lock(&stm_stats_lock);
  stm_add(&stm_totals, &th->stats);
  stm_totals_ro += th->tx.ro_commits;
  pthread_mutex_unlock(&stm_stats_lock);
  memset(&th->stats, 0, sizeof th->stats);
  th->tx.ro_commits = 0;
}

void stm_stats_report(void) {
  stm_stats_t t;
  uint64_t ro;
  pthread_mutex_lock(&stm_stats_lock);
  t = stm_totals;
  ro = stm_totals_ro;
  /* Threads still alive (the main thread at least) have not merged. */
  uint32_t n = atomic_load(&stm_nslots);
  for (uint32_t i = 0; i < n; i++) {
    stm_thread_t *o = atomic_load(&stm_slots[i]);
    if (o && atomic_load(&o->pub.in_use)) {
      stm_add(&t, &o->stats);
      ro += o->tx.ro_commits;
    }
  }
  pthread_mutex_unlock(&stm_stats_lock);
  uint64_t aborts = 0;
  for (int i = 0; i < STM_ABORT_NCAUSES; i++)
    aborts += t.aborts[i];
  fprintf(stderr, "stm: statistics\n");
  fprintf(stderr, "stm:   commits: %llu (%llu read-only, %llu writing)\n",
          (unsigned long long)(ro + t.commits_rw), (unsigned long long)ro,
          (unsigned long long)t.commits_rw);
  fprintf(stderr, "stm:   aborts: %llu", (unsigned long long)aborts);
  for (int i = 0; i < STM_ABORT_NCAUSES; i++)
    if (t.aborts[i])
      fprintf(stderr, ", %s %llu", stm_abort_cause_name((enum stm_abort_cause)i),
              (unsigned long long)t.aborts[i]);
  fprintf(stderr, "\n");
  fprintf(stderr, "stm:   cancels: %llu\n", (unsigned long long)t.cancels);
  fprintf(stderr, "stm:   irrevocable: %llu (%llu after too many aborts, %llu serial)\n",
          (unsigned long long)t.irrevocable, (unsigned long long)t.fallbacks,
          (unsigned long long)t.serial);
  fprintf(stderr, "stm:   most consecutive aborts: %llu\n", (unsigned long long)t.max_retries);
  fprintf(stderr, "stm:   time lost in aborted attempts: %.6f s\n", (double)t.ns_lost / 1e9);
  fprintf(stderr, "stm:   time waiting on irrevocable transactions: %.6f s\n",
          (double)t.ns_irrevocable / 1e9);
}

void stm_stats_at_exit(void) {
  if (stm_config.stats & STM_STATS_REPORT)
    stm_stats_report();
}
