/*
 * stats.c - the statistics hooks the protocol calls, and the report at
 * exit (STM_STATS=1, verbose, json:PATH; see stats.h for the modules).
 *
 * Cost: with STM_STATS unset, the protocol calls only stm_stats_on_abort
 * (which bumps one per-thread counter and returns); every other hook is
 * behind a test of stm_config.stats on a slow path.  With STM_STATS set,
 * every transaction takes the slow begin/commit (tx->slow), each attempt
 * is timed, stores take the slow path (which publishes the writer's site,
 * see stm_stats_on_lock), and records go to a per-thread table: nothing
 * shared is written except the side table of writer sites.
 */
#include <stdlib.h>
#include <string.h>

#include "stats.h"

/* The site of the newest write that locked each orec, a side table of
 * stm__orecs allocated only with STM_STATS.  A transaction that aborts
 * because of an orec finds there the line of the transaction that won:
 * the current owner (lock conflicts) or the last committer (validation).
 * It is a hint, not a record: a later writer may have replaced it. */
static _Atomic(const stm_site_t *) *stm_orec_writer;

const char *stm_abort_cause_name(enum stm_abort_cause c) { return stm_cause_name((unsigned)c); }

static struct stm_stats_ext *stm_ext(stm_thread_t *th) {
  struct stm_stats_ext *e = atomic_load_explicit(&th->stats_ext, memory_order_relaxed);
  if (STM_LIKELY(e != NULL))
    return e;
  size_t size = (sizeof *e + STM_CACHELINE - 1) & ~(size_t)(STM_CACHELINE - 1);
  e = aligned_alloc(STM_CACHELINE, size);
  if (!e)
    stm_fatal("out of memory allocating per-thread statistics");
  memset(e, 0, size);
  atomic_store_explicit(&e->table, stm_rec_table_new(64), memory_order_relaxed);
  atomic_store_explicit(&th->stats_ext, e, memory_order_release);
  return e;
}

/* Only the owner writes a record; the report at exit may read it while
 * the owner runs (a thread still running then), hence atomic stores. */
static inline void stm_bump(uint64_t *c, uint64_t d) {
  __atomic_store_n(c, *c + d, __ATOMIC_RELAXED);
}

static stm_rec_t *stm_rec(struct stm_stats_ext *e, unsigned type, const stm_site_t *site,
                          const stm_site_t *begin, const stm_site_t *other, unsigned cause) {
  stm_rec_key_t k = {.site = site, .begin = begin, .other = other, .type = type, .cause = cause};
  return stm_rec_get(&e->table, &k);
}

/* What made `owner`'s transaction irrevocable, as it published it. */
static const stm_site_t *stm_irrev_site_of(stm_thread_t *owner) {
  if (!owner)
    return NULL;
  struct stm_stats_ext *e = atomic_load_explicit(&owner->stats_ext, memory_order_acquire);
  return e ? atomic_load_explicit(&e->irrev_pub, memory_order_relaxed) : NULL;
}

void stm_stats_on_begin(stm_thread_t *th) {
  struct stm_stats_ext *e = stm_ext(th);
  th->t_start = stm_now_ns();
  th->tx.wcap = 0; /* stores take the slow path, which calls stm_stats_on_lock */
  if (!e->irrev_pending) {
    e->irrev_site = NULL;
    e->irrev_fallback = 0;
  }
}

/* A transaction that was irrevocable ends (commit or cancel). */
static void stm_count_irrevocable(stm_thread_t *th, struct stm_stats_ext *e) {
  stm_rec_t *r = stm_rec(e, STM_REC_INEVITABLE, e->irrev_site ? e->irrev_site : th->begin_site,
                         NULL, NULL, 0);
  stm_bump(&r->n[STM_IN_COUNT], 1);
  stm_bump(&r->n[STM_IN_SERIAL], th->irrevocable == STM_IRREV_SERIAL);
  stm_bump(&r->n[STM_IN_FALLBACK], e->irrev_fallback != 0);
}

/* The transaction record of `begin`, through the one-entry cache. */
static stm_rec_t *stm_tx_rec(struct stm_stats_ext *e, const stm_site_t *begin) {
  stm_rec_table_t *t = atomic_load_explicit(&e->table, memory_order_relaxed);
  if (e->tx_site == begin && e->tx_table == t)
    return &t->recs[e->tx_idx];
  stm_rec_t *r = stm_rec(e, STM_REC_TRANSACTION, begin, NULL, NULL, 0);
  t = atomic_load_explicit(&e->table, memory_order_relaxed); /* it may have grown */
  e->tx_site = begin;
  e->tx_table = t;
  e->tx_idx = (size_t)(r - t->recs);
  return r;
}

void stm_stats_on_commit(stm_thread_t *th) {
  struct stm_stats_ext *e = stm_ext(th);
  uint64_t ns = stm_now_ns() - th->t_start;
  stm_rec_t *r = stm_tx_rec(e, th->begin_site);
  stm_bump(&r->n[STM_TX_COMMITS], 1);
  stm_bump(&r->n[STM_TX_NS_COMMITTED], ns);
  if (th->retries) {
    stm_bump(&r->n[STM_TX_RETRIED], 1);
    if (th->retries > r->n[STM_TX_MAX_RETRIES])
      __atomic_store_n(&r->n[STM_TX_MAX_RETRIES], th->retries, __ATOMIC_RELAXED);
  }
  if (th->irrevocable) {
    stm_bump(&r->n[STM_TX_IRREVOCABLE], 1);
    stm_count_irrevocable(th, e); /* r is not used after: the table may grow */
  }
}

void stm_stats_on_abort(stm_thread_t *th, enum stm_abort_cause cause, const stm_site_t *site) {
  th->stats.aborts[cause]++;
  th->conflict_cause = cause;
  if (!stm_config.stats)
    return;
  uint64_t *orec = th->conflict_orec;
  th->conflict_orec = NULL;
  uint64_t lost = stm_now_ns() - th->t_start;
  th->stats.ns_lost += lost;
  struct stm_stats_ext *e = stm_ext(th);
  const stm_site_t *other = NULL;
  switch (cause) {
  case STM_ABORT_READ_LOCKED:
  case STM_ABORT_WRITE_LOCKED:
  case STM_ABORT_VALIDATION:
  case STM_ABORT_IRREVOCABLE:
    if (orec && stm_orec_writer)
      other = atomic_load_explicit(&stm_orec_writer[orec - stm__orecs], memory_order_relaxed);
    break;
  case STM_ABORT_KILLED:
    other = stm_irrev_site_of(atomic_load_explicit(&stm_irrev_owner, memory_order_acquire));
    break;
  default:
    break;
  }
  if (!site)
    site = th->begin_site;
  stm_rec_t *r = stm_rec(e, STM_REC_CONFLICT, site, th->begin_site, other, cause);
  stm_bump(&r->n[STM_CF_ABORTS], 1);
  stm_bump(&r->n[STM_CF_NS_LOST], lost);
  r = stm_tx_rec(e, th->begin_site);
  stm_bump(&r->n[STM_TX_ABORTS], 1);
  stm_bump(&r->n[STM_TX_NS_LOST], lost);
  if (cause == STM_ABORT_KILLED && other) {
    r = stm_rec(e, STM_REC_INEVITABLE, other, NULL, NULL, 0);
    stm_bump(&r->n[STM_IN_KILLED], 1);
    stm_bump(&r->n[STM_IN_NS_KILLED], lost);
  }
  /* A failed switch restarts irrevocably for the same site. */
  e->irrev_pending = cause == STM_ABORT_IRREVOCABLE;
  e->last_abort = site;
  if (stm_config.stats & STM_STATS_VERBOSE)
    stm_live_abort(th, cause, site, other, lost);
}

void stm_stats_on_cancel(stm_thread_t *th, int outer, const stm_site_t *site) {
  struct stm_stats_ext *e = stm_ext(th);
  /* A nested cancel rolls back only its block, whose start is not timed. */
  int whole = outer || th->cps.len == 0;
  uint64_t ns = whole ? stm_now_ns() - th->t_start : 0;
  stm_rec_t *r = stm_rec(e, STM_REC_CONFLICT, site ? site : th->begin_site, th->begin_site, NULL,
                         STM_CAUSE_CANCEL);
  stm_bump(&r->n[STM_CF_ABORTS], 1);
  stm_bump(&r->n[STM_CF_NS_LOST], ns);
  stm_bump(&stm_tx_rec(e, th->begin_site)->n[STM_TX_CANCELS], 1);
  if (whole && th->irrevocable)
    stm_count_irrevocable(th, e);
}

/* Remember (and publish, for the threads that will wait) the site that
 * made this transaction irrevocable: the first one, or the one that made
 * it serial.  Counted when the transaction ends. */
void stm_stats_on_irrevocable(stm_thread_t *th, const stm_site_t *site, unsigned how) {
  struct stm_stats_ext *e = stm_ext(th);
  int fallback = 0;
  if (!site) {
    if (e->irrev_pending) {
      e->irrev_pending = 0;
      atomic_store_explicit(&e->irrev_pub, e->irrev_site, memory_order_release);
      return;
    }
    /* After too many aborts: blame the line that caused the last one
     * (a conflict), which is what the user can change. */
    site = e->last_abort ? e->last_abort : th->begin_site;
    fallback = 1;
  }
  if (e->irrev_site == site ||
      (e->irrev_site && !(how == STM_IRR_SERIAL && th->irrevocable != STM_IRREV_SERIAL)))
    return;
  e->irrev_site = site;
  e->irrev_fallback = fallback;
  atomic_store_explicit(&e->irrev_pub, site, memory_order_release);
  if (stm_config.stats & STM_STATS_VERBOSE)
    stm_live_irrevocable(th, site, fallback);
}

void stm_stats_on_irrev_wait(stm_thread_t *th, stm_thread_t *owner, uint64_t ns) {
  th->stats.ns_irrevocable += ns;
  if (!owner || owner == th)
    return;
  stm_rec_t *r = stm_rec(stm_ext(th), STM_REC_INEVITABLE, stm_irrev_site_of(owner), NULL, NULL, 0);
  stm_bump(&r->n[STM_IN_WAITS], 1);
  stm_bump(&r->n[STM_IN_NS_WAITED], ns);
}

void stm_stats_on_lock(uint64_t *o, const stm_site_t *site) {
  if (!stm_orec_writer)
    return;
  _Atomic(const stm_site_t *) *w = &stm_orec_writer[o - stm__orecs];
  /* Re-locking by the same line (a hot counter) leaves the line clean. */
  if (atomic_load_explicit(w, memory_order_relaxed) != site)
    atomic_store_explicit(w, site, memory_order_relaxed);
}

static void stm_stats_emit(unsigned what) {
  stm_report_t r;
  stm_report_gather(&r);
  if (what & STM_STATS_REPORT)
    stm_report_print_text(stderr, &r);
  if (what & STM_STATS_JSON)
    stm_json_write_report(&r);
  stm_report_free(&r);
}

/* <stm.h>: the report now, whatever STM_STATS says (without STM_STATS it
 * has the counters but no sites). */
void stm_stats_report(void) { stm_stats_emit(STM_STATS_REPORT); }

void stm_stats_at_exit(void) {
  if ((stm_config.stats & STM_STATS_VERBOSE) && stm__self)
    stm_live_flush(stm_th(stm__self));
  unsigned what = stm_config.stats & (STM_STATS_REPORT | STM_STATS_JSON);
  if (what)
    stm_stats_emit(what);
}

/* After env.c (priority 101) has read STM_STATS. */
__attribute__((constructor(103))) static void stm_stats_init(void) {
  if (!stm_config.stats)
    return;
  stm_orec_writer = calloc(STM_OREC_COUNT, sizeof *stm_orec_writer);
  if (!stm_orec_writer)
    stm_warn("out of memory for the statistics' table of writers: conflicts will not name "
             "the winner");
  if (stm_config.stats & STM_STATS_JSON)
    stm_json_check_path();
}
