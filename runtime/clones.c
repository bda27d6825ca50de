/*
 * clones.c - the table mapping functions to their transactional clones,
 * used for calls through function pointers inside transactions.
 *
 * Lookups are lock-free: the table is an immutable open-addressing array
 * published through an atomic pointer; registration (at object load time,
 * rare) builds a new array under a mutex.  Old arrays are kept, since a
 * lookup may still be reading one.
 */
#include <pthread.h>
#include <stdlib.h>

#include "internal.h"

typedef struct stm_clone_table {
  size_t mask; /* capacity - 1 */
  size_t used;
  struct stm_clone_table *prev;
  stm_clone_entry_t slot[];
} stm_clone_table_t;

static pthread_mutex_t stm_clone_lock = PTHREAD_MUTEX_INITIALIZER;
static stm_clone_table_t *_Atomic stm_clones;

static size_t stm_hash_ptr(const void *p) {
  uint64_t x = (uintptr_t)p;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return (size_t)x;
}

static void stm_table_put(stm_clone_table_t *t, void *orig, void *clone) {
  for (size_t i = stm_hash_ptr(orig) & t->mask;; i = (i + 1) & t->mask) {
    if (t->slot[i].orig == NULL || t->slot[i].orig == orig) {
      t->used += t->slot[i].orig == NULL;
      t->slot[i].orig = orig;
      t->slot[i].clone = clone;
      return;
    }
  }
}

/* Rebuild with `add` entries added (or removed when remove is set). */
static void stm_rebuild(const stm_clone_entry_t *add, size_t n, bool remove) {
  pthread_mutex_lock(&stm_clone_lock);
  stm_clone_table_t *old = atomic_load(&stm_clones);
  size_t want = (old ? old->used : 0) + n, cap = 16;
  while (cap < want * 2)
    cap *= 2;
  stm_clone_table_t *t = calloc(1, sizeof *t + cap * sizeof(stm_clone_entry_t));
  if (!t)
    stm_fatal("out of memory registering transactional clones");
  t->mask = cap - 1;
  t->prev = old;
  for (size_t i = 0; old && i <= old->mask; i++) {
    if (!old->slot[i].orig)
      continue;
    bool drop = false;
    for (size_t j = 0; remove && j < n; j++)
      drop |= add[j].orig == old->slot[i].orig;
    if (!drop)
      stm_table_put(t, old->slot[i].orig, old->slot[i].clone);
  }
  for (size_t j = 0; !remove && j < n; j++)
    if (add[j].orig && add[j].clone)
      stm_table_put(t, add[j].orig, add[j].clone);
  atomic_store_explicit(&stm_clones, t, memory_order_release);
  pthread_mutex_unlock(&stm_clone_lock);
}

void stm_register_clones(const stm_clone_entry_t *table, size_t n) { stm_rebuild(table, n, false); }

void stm_deregister_clones(const stm_clone_entry_t *table, size_t n) { stm_rebuild(table, n, true); }

void *stm_clone_lookup(stm_tx_t *tx, void *fn, const stm_site_t *site) {
  (void)tx;
  (void)site;
  stm_clone_table_t *t = atomic_load_explicit(&stm_clones, memory_order_acquire);
  if (!t || !fn)
    return NULL;
  for (size_t i = stm_hash_ptr(fn) & t->mask;; i = (i + 1) & t->mask) {
    if (t->slot[i].orig == fn)
      return t->slot[i].clone;
    if (t->slot[i].orig == NULL)
      return NULL;
  }
}
