/*
 * stats_live.c - STM_STATS=verbose: each abort and each switch to
 * irrevocable mode printed as it happens, in the report's line format.
 * At most STM_LIVE_PER_SEC lines a second per thread (a per-thread budget:
 * no shared counter), the rest counted and summarized.
 */
#include <stdlib.h>

#include "stats.h"

#define STM_LIVE_PER_SEC 20u

static void stm_live_dropped(stm_thread_t *th, struct stm_stats_ext *e) {
  if (e->live_dropped)
    fprintf(stderr,
            "stm: verbose: %llu more events of thread %u not shown (at most %u a second "
            "per thread)\n",
            (unsigned long long)e->live_dropped, th->slot, STM_LIVE_PER_SEC);
  e->live_dropped = 0;
}

void stm_live_flush(stm_thread_t *th) {
  struct stm_stats_ext *e = atomic_load_explicit(&th->stats_ext, memory_order_relaxed);
  if (e)
    stm_live_dropped(th, e);
}

static bool stm_live_allow(stm_thread_t *th) {
  struct stm_stats_ext *e = atomic_load_explicit(&th->stats_ext, memory_order_relaxed);
  if (!e)
    return false;
  uint64_t now = stm_now_ns();
  if (now - e->live_window >= 1000000000u) {
    stm_live_dropped(th, e);
    e->live_window = now;
    e->live_lines = 0;
  }
  if (e->live_lines >= STM_LIVE_PER_SEC) {
    e->live_dropped++;
    return false;
  }
  e->live_lines++;
  return true;
}

void stm_live_abort(stm_thread_t *th, unsigned cause, const stm_site_t *site,
                    const stm_site_t *other, uint64_t ns) {
  if (!stm_live_allow(th))
    return;
  stm_rec_key_t k = {.site = site, .begin = th->begin_site, .other = other,
                     .type = STM_REC_CONFLICT, .cause = cause};
  char *line = stm_live_conflict_line(&k, ns);
  fprintf(stderr, "%s\n", line);
  free(line);
}

void stm_live_irrevocable(stm_thread_t *th, const stm_site_t *site, int fallback) {
  if (!stm_live_allow(th))
    return;
  char *line = stm_live_irrevocable_line(site, fallback);
  fprintf(stderr, "%s\n", line);
  free(line);
}
