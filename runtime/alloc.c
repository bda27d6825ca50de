/*
 * alloc.c - transactional malloc/free and safe memory reclamation.
 *
 * Blocks are ordinary libc blocks, so memory crosses the transaction
 * boundary freely (malloc in a transaction, free outside, realloc of strdup
 * memory inside...).  An aborted attempt's allocations are freed at once
 * (nobody else can have seen them).  A committed free is deferred: the
 * block goes to this thread's limbo list tagged with the commit time, and is
 * reused only once every running transaction began after that time (no
 * one can still be reading it).  Reclaimed small blocks go to this thread's
 * nursery, from which its next transactional allocations are served.
 */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define STM_LIMBO_BATCH 64

static inline bool stm_in_tx(stm_tx_t *tx) { return tx && tx->nesting; }

uint64_t stm_min_active(stm_thread_t *self) {
  uint64_t min = STM_INACTIVE;
  uint32_t n = atomic_load_explicit(&stm_nslots, memory_order_acquire);
  for (uint32_t i = 0; i < n; i++) {
    stm_thread_t *o = atomic_load_explicit(&stm_slots[i], memory_order_acquire);
    if (!o || o == self)
      continue;
    uint64_t a = atomic_load_explicit(STM_ACTIVE(o), memory_order_acquire);
    if (a < min)
      min = a;
  }
  return min;
}

static void stm_nursery_put(stm_thread_t *th, void *p) {
  size_t bin = malloc_usable_size(p) / 16;
  if (bin < STM_NURSERY_BINS && th->nursery[bin].len < STM_NURSERY_DEPTH) {
    STM_VEC_PUSH(&th->nursery[bin], void *, p, "nursery");
    return;
  }
  free(p);
}

static void *stm_nursery_take(stm_thread_t *th, size_t n) {
  size_t bin = (n + 15) / 16;
  if (bin < STM_NURSERY_BINS && th->nursery[bin].len)
    return STM_VEC_AT(&th->nursery[bin], void *, --th->nursery[bin].len);
  return NULL;
}

/* Reuse every limbo block whose free committed no later than the oldest
 * snapshot still running. */
static void stm_reclaim(stm_thread_t *th) {
  uint64_t min = stm_min_active(th);
  size_t keep = 0;
  for (size_t i = 0; i < th->limbo.len; i++) {
    stm_limbo_t l = STM_VEC_AT(&th->limbo, stm_limbo_t, i);
    if (l.epoch <= min)
      stm_nursery_put(th, l.ptr);
    else
      STM_VEC_AT(&th->limbo, stm_limbo_t, keep++) = l;
  }
  th->limbo.len = keep;
}

void stm_alloc_commit_frees(stm_thread_t *th, uint64_t epoch) {
  for (size_t i = 0; i < th->frees.len; i++) {
    stm_limbo_t l = {STM_VEC_AT(&th->frees, void *, i), epoch};
    STM_VEC_PUSH(&th->limbo, stm_limbo_t, l, "limbo list");
  }
  th->frees.len = 0;
  /* A transaction elsewhere that stays older than these frees (no wait at
   * commit inside tasks, or a long reader) keeps blocks in limbo: scan
   * again only after the list has grown by half, so that the scans cost
   * O(1) per free, not O(limbo). */
  if (th->limbo.len >= th->reclaim_at) {
    stm_reclaim(th);
    th->reclaim_at = th->limbo.len + th->limbo.len / 2 + STM_LIMBO_BATCH;
  }
}

void stm_alloc_rollback(stm_thread_t *th, size_t nalloc, size_t nfree) {
  while (th->allocs.len > nalloc)
    free(STM_VEC_AT(&th->allocs, void *, --th->allocs.len));
  th->frees.len = nfree;
}

void stm_alloc_thread_exit(stm_thread_t *th) {
  unsigned spins = 0;
  while (th->limbo.len) {
    stm_reclaim(th);
    if (th->limbo.len)
      stm_spin_pause(&spins);
  }
  th->reclaim_at = 0;
  for (size_t b = 0; b < STM_NURSERY_BINS; b++) {
    while (th->nursery[b].len)
      free(STM_VEC_AT(&th->nursery[b], void *, --th->nursery[b].len));
  }
}

void *stm_malloc(stm_tx_t *tx, size_t n, const stm_site_t *site) {
  (void)site;
  if (!stm_in_tx(tx))
    return malloc(n);
  stm_thread_t *th = stm_th(tx);
  void *p = stm_nursery_take(th, n);
  if (!p)
    p = malloc(n);
  if (p) {
    STM_VEC_PUSH(&th->allocs, void *, p, "allocation log");
    tx->slow = 1; /* the commit must settle the allocation log */
  }
  return p;
}

void *stm_calloc(stm_tx_t *tx, size_t nmemb, size_t n, const stm_site_t *site) {
  size_t total;
  if (__builtin_mul_overflow(nmemb, n, &total))
    return NULL;
  void *p = stm_malloc(tx, total, site);
  if (p)
    memset(p, 0, total); /* private until commit: no barrier needed */
  return p;
}

void stm_free(stm_tx_t *tx, void *p, const stm_site_t *site) {
  (void)site;
  if (!p)
    return;
  if (!stm_in_tx(tx)) {
    free(p);
    return;
  }
  stm_thread_t *th = stm_th(tx);
  STM_VEC_PUSH(&th->frees, void *, p, "free log");
  tx->slow = 1;
}

void *stm_realloc(stm_tx_t *tx, void *p, size_t n, const stm_site_t *site) {
  if (!stm_in_tx(tx))
    return realloc(p, n);
  if (!p)
    return stm_malloc(tx, n, site);
  if (n == 0) {
    stm_free(tx, p, site);
    return NULL;
  }
  void *q = stm_malloc(tx, n, site);
  if (!q)
    return NULL;
  size_t old = malloc_usable_size(p);
  stm_read_bytes(tx, q, p, old < n ? old : n, site);
  stm_free(tx, p, site);
  return q;
}
