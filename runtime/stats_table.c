/*
 * stats_table.c - per-thread hash tables of statistics records, keyed by
 * site addresses (no string work on the paths that count).  Only the owner
 * writes a table; the report at exit may read it concurrently (see
 * stm_rec_table_t), which is why a slot's type is published last.
 */
#include <stdlib.h>
#include <string.h>

#include "stats.h"

stm_rec_table_t *stm_rec_table_new(size_t cap) {
  stm_rec_table_t *t = calloc(1, sizeof *t + cap * sizeof(stm_rec_t));
  if (!t)
    stm_fatal("out of memory allocating a statistics table of %zu entries", cap);
  t->cap = cap;
  return t;
}

static size_t stm_rec_hash(const stm_rec_key_t *k) {
  uint64_t h = (uint64_t)(uintptr_t)k->site * 0x9e3779b97f4a7c15ull;
  h ^= (h >> 31) ^ (uint64_t)(uintptr_t)k->begin * 0xc2b2ae3d27d4eb4full;
  h ^= (h >> 29) ^ (uint64_t)(uintptr_t)k->other * 0x165667b19e3779f9ull;
  h ^= (h >> 27) ^ ((uint64_t)k->type << 8 | k->cause) * 0x27d4eb2f165667c5ull;
  return (size_t)(h ^ (h >> 32));
}

static bool stm_rec_key_eq(const stm_rec_key_t *a, const stm_rec_key_t *b) {
  return a->type == b->type && a->cause == b->cause && a->site == b->site &&
         a->begin == b->begin && a->other == b->other;
}

/* The slot for key in t: its record, or the empty slot where it goes. */
static stm_rec_t *stm_rec_slot(stm_rec_table_t *t, const stm_rec_key_t *key) {
  size_t mask = t->cap - 1;
  for (size_t i = stm_rec_hash(key) & mask;; i = (i + 1) & mask) {
    stm_rec_t *r = &t->recs[i];
    if (r->key.type == 0 || stm_rec_key_eq(&r->key, key))
      return r;
  }
}

static void stm_rec_publish(stm_rec_table_t *t, stm_rec_t *slot, const stm_rec_t *from) {
  slot->key.site = from->key.site;
  slot->key.begin = from->key.begin;
  slot->key.other = from->key.other;
  slot->key.cause = from->key.cause;
  memcpy(slot->n, from->n, sizeof slot->n);
  __atomic_store_n(&slot->key.type, from->key.type, __ATOMIC_RELEASE);
  t->used++;
}

static stm_rec_table_t *stm_rec_grow(stm_rec_table_t *_Atomic *tp, stm_rec_table_t *t) {
  stm_rec_table_t *g = stm_rec_table_new(t->cap * 2);
  for (size_t i = 0; i < t->cap; i++)
    if (t->recs[i].key.type)
      stm_rec_publish(g, stm_rec_slot(g, &t->recs[i].key), &t->recs[i]);
  g->older = t;
  atomic_store_explicit(tp, g, memory_order_release);
  return g;
}

stm_rec_t *stm_rec_get(stm_rec_table_t *_Atomic *tp, const stm_rec_key_t *key) {
  stm_rec_table_t *t = atomic_load_explicit(tp, memory_order_relaxed);
  stm_rec_t *r = stm_rec_slot(t, key);
  if (r->key.type)
    return r;
  if ((t->used + 1) * 2 > t->cap) {
    t = stm_rec_grow(tp, t);
    r = stm_rec_slot(t, key);
  }
  stm_rec_t fresh = {.key = *key};
  stm_rec_publish(t, r, &fresh);
  return r;
}

void stm_rec_add(stm_rec_t *to, const stm_rec_t *from) {
  for (int i = 0; i < STM_REC_NCOUNTERS; i++) {
    if (to->key.type == STM_REC_TRANSACTION && i == STM_TX_MAX_RETRIES) {
      if (from->n[i] > to->n[i])
        to->n[i] = from->n[i];
    } else {
      to->n[i] += from->n[i];
    }
  }
}

void stm_rec_table_merge(stm_rec_table_t *_Atomic *to, const stm_rec_table_t *from) {
  for (size_t i = 0; i < from->cap; i++)
    if (from->recs[i].key.type)
      stm_rec_add(stm_rec_get(to, &from->recs[i].key), &from->recs[i]);
}

void stm_rec_table_clear(stm_rec_table_t *t) {
  memset(t->recs, 0, t->cap * sizeof t->recs[0]);
  t->used = 0;
  for (stm_rec_table_t *o = t->older, *next; o; o = next) {
    next = o->older;
    free(o);
  }
  t->older = NULL;
}

void stm_rec_table_copy(const stm_rec_table_t *t, stm_vec_t *v) {
  for (size_t i = 0; i < t->cap; i++) {
    uint32_t type = __atomic_load_n(&t->recs[i].key.type, __ATOMIC_ACQUIRE);
    if (!type)
      continue;
    stm_rec_t r = {.key = t->recs[i].key};
    r.key.type = type;
    for (int c = 0; c < STM_REC_NCOUNTERS; c++)
      r.n[c] = __atomic_load_n(&t->recs[i].n[c], __ATOMIC_RELAXED);
    STM_VEC_PUSH(v, stm_rec_t, r, "statistics report");
  }
}
