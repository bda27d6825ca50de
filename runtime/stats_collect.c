/*
 * stats_collect.c - where per-thread statistics meet: a thread adds its
 * counters and records to the process totals when it exits (so threads
 * that end before main are counted), and the report at exit adds those of
 * the threads still running, then merges records that name the same
 * places and puts them in report order.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

static pthread_mutex_t stm_stats_lock = PTHREAD_MUTEX_INITIALIZER;
static stm_stats_t stm_totals;
static uint64_t stm_totals_ro;
static stm_rec_table_t *_Atomic stm_merged;

static void stm_stats_add(stm_stats_t *to, const stm_stats_t *from) {
  to->commits_rw += from->commits_rw;
  for (int i = 0; i < STM_ABORT_NCAUSES; i++)
    to->aborts[i] += from->aborts[i];
  to->cancels += from->cancels;
  to->irrevocable += from->irrevocable;
  to->fallbacks += from->fallbacks;
  to->serial += from->serial;
  to->ns_lost += from->ns_lost;
  to->ns_irrevocable += from->ns_irrevocable;
  to->tasks += from->tasks;
  to->tasks_serial += from->tasks_serial;
  if (from->max_retries > to->max_retries)
    to->max_retries = from->max_retries;
}

void stm_stats_merge(stm_thread_t *th) {
  struct stm_stats_ext *e = atomic_load_explicit(&th->stats_ext, memory_order_relaxed);
  if (stm_config.stats & STM_STATS_VERBOSE)
    stm_live_flush(th);
  pthread_mutex_lock(&stm_stats_lock);
  stm_stats_add(&stm_totals, &th->stats);
  stm_totals_ro += th->tx.ro_commits;
  if (e) {
    stm_rec_table_t *t = atomic_load_explicit(&e->table, memory_order_relaxed);
    if (!atomic_load_explicit(&stm_merged, memory_order_relaxed))
      atomic_store_explicit(&stm_merged, stm_rec_table_new(64), memory_order_relaxed);
    stm_rec_table_merge(&stm_merged, t);
    stm_rec_table_clear(t); /* the record may serve another thread next */
    e->tx_table = NULL;
  }
  pthread_mutex_unlock(&stm_stats_lock);
  memset(&th->stats, 0, sizeof th->stats);
  th->tx.ro_commits = 0;
}

/* NULL first, then by content. */
static int stm_str_cmp(const char *a, const char *b) {
  if (!a || !b)
    return (a != NULL) - (b != NULL);
  return strcmp(a, b);
}

int stm_site_cmp(const stm_site_t *a, const stm_site_t *b) {
  if (a == b)
    return 0;
  if (!a || !b)
    return (a != NULL) - (b != NULL);
  int c = stm_str_cmp(a->file, b->file);
  if (c)
    return c;
  if (a->line != b->line)
    return a->line < b->line ? -1 : 1;
  if (a->col != b->col)
    return a->col < b->col ? -1 : 1;
  if (a->kind != b->kind)
    return a->kind < b->kind ? -1 : 1;
  if ((c = stm_str_cmp(a->text, b->text)))
    return c;
  return stm_str_cmp(a->func, b->func);
}

static int stm_rec_content_cmp(const void *pa, const void *pb) {
  const stm_rec_key_t *a = &((const stm_rec_t *)pa)->key, *b = &((const stm_rec_t *)pb)->key;
  if (a->type != b->type)
    return a->type < b->type ? -1 : 1;
  if (a->cause != b->cause)
    return a->cause < b->cause ? -1 : 1;
  int c = stm_site_cmp(a->site, b->site);
  if (!c)
    c = stm_site_cmp(a->begin, b->begin);
  if (!c)
    c = stm_site_cmp(a->other, b->other);
  return c;
}

/* Report order within a type: the first key (time) descending, the second
 * (a count) descending, then the line's text.  tools/stmreport sorts the
 * same way, so that both print the same report. */
static void stm_rec_sort_keys(const stm_rec_t *r, uint64_t *k1, uint64_t *k2) {
  switch (r->key.type) {
  case STM_REC_CONFLICT:
    *k1 = r->n[STM_CF_NS_LOST];
    *k2 = r->n[STM_CF_ABORTS];
    break;
  case STM_REC_INEVITABLE:
    *k1 = r->n[STM_IN_NS_WAITED] + r->n[STM_IN_NS_KILLED];
    *k2 = r->n[STM_IN_COUNT];
    break;
  default:
    *k1 = r->n[STM_TX_NS_LOST];
    *k2 = r->n[STM_TX_COMMITS];
    break;
  }
}

typedef struct {
  stm_rec_t rec;
  char *line;
} stm_ordered_t;

static int stm_report_order_cmp(const void *pa, const void *pb) {
  const stm_ordered_t *a = pa, *b = pb;
  if (a->rec.key.type != b->rec.key.type)
    return a->rec.key.type < b->rec.key.type ? -1 : 1;
  uint64_t a1, a2, b1, b2;
  stm_rec_sort_keys(&a->rec, &a1, &a2);
  stm_rec_sort_keys(&b->rec, &b1, &b2);
  if (a1 != b1)
    return a1 > b1 ? -1 : 1;
  if (a2 != b2)
    return a2 > b2 ? -1 : 1;
  return strcmp(a->line, b->line);
}

/* Sum records that name the same places (by content), then sort. */
static void stm_report_order(stm_report_t *r, stm_vec_t *all) {
  stm_rec_t *v = all->data;
  size_t n = 0;
  if (all->len)
    qsort(v, all->len, sizeof *v, stm_rec_content_cmp);
  for (size_t i = 0; i < all->len; i++) {
    if (n && stm_rec_content_cmp(&v[n - 1], &v[i]) == 0)
      stm_rec_add(&v[n - 1], &v[i]);
    else
      v[n++] = v[i];
  }
  stm_ordered_t *o = stm_xmalloc(n * sizeof *o, "statistics report");
  for (size_t i = 0; i < n; i++) {
    o[i].rec = v[i];
    o[i].line = stm_rec_line(&v[i]);
  }
  if (n)
    qsort(o, n, sizeof *o, stm_report_order_cmp);
  r->recs = stm_xmalloc(n * sizeof *r->recs, "statistics report");
  r->lines = stm_xmalloc(n * sizeof *r->lines, "statistics report");
  r->n = n;
  for (size_t i = 0; i < n; i++) {
    r->recs[i] = o[i].rec;
    r->lines[i] = o[i].line;
  }
  free(o);
  size_t i = 0;
  for (unsigned t = 0; t <= STM_REC_NTYPES; t++) {
    while (i < n && r->recs[i].key.type < t)
      i++;
    r->first[t] = i;
  }
}

void stm_report_gather(stm_report_t *r) {
  memset(r, 0, sizeof *r);
  stm_vec_t all = {0};
  stm_tx_t *self = stm__self;
  pthread_mutex_lock(&stm_stats_lock);
  r->totals = stm_totals;
  r->ro_commits = stm_totals_ro;
  stm_rec_table_t *merged = atomic_load_explicit(&stm_merged, memory_order_relaxed);
  if (merged)
    stm_rec_table_copy(merged, &all);
  /* Threads still alive (the main thread at least) have not merged; the
   * counts of those other than this one are read while they run. */
  uint32_t n = atomic_load(&stm_nslots);
  for (uint32_t i = 0; i < n; i++) {
    stm_thread_t *o = atomic_load(&stm_slots[i]);
    if (!o || !atomic_load(&o->pub.in_use))
      continue;
    if (&o->tx != self && !stm_tasks_idle_thread(o))
      r->running++;
    stm_stats_add(&r->totals, &o->stats);
    r->ro_commits += o->tx.ro_commits;
    struct stm_stats_ext *e = atomic_load_explicit(&o->stats_ext, memory_order_acquire);
    if (e)
      stm_rec_table_copy(atomic_load_explicit(&e->table, memory_order_acquire), &all);
  }
  pthread_mutex_unlock(&stm_stats_lock);
  stm_report_order(r, &all);
  stm_vec_free(&all);
}

void stm_report_free(stm_report_t *r) {
  for (size_t i = 0; i < r->n; i++)
    free(r->lines[i]);
  free(r->lines);
  free(r->recs);
  memset(r, 0, sizeof *r);
}
