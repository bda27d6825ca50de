/*
 * task_deque.c - a worker's queue of tasks: a linked list of page-sized
 * chunks with a small spin lock (task_pool.h has the design).
 *
 * Tasks live between head[head_i] and tail[tail_i - 1], in order; drained
 * chunks wait on the spare list for the next push and are freed at the end
 * of each run, so memory follows the number of queued tasks (16 bytes
 * each), never the number run.
 */
#include <stdlib.h>

#include "task_pool.h"

void stm_deque_lock(stm_deque_t *d) {
  unsigned spins = 0;
  for (;;) {
    uint32_t free_ = 0;
    if (atomic_compare_exchange_weak_explicit(&d->lock, &free_, 1, memory_order_acquire,
                                              memory_order_relaxed))
      return;
    /* Critical sections are a few stores; yield after a while in case the
     * holder was preempted (more threads than cores). */
    while (atomic_load_explicit(&d->lock, memory_order_relaxed))
      stm_spin_pause(&spins);
  }
}

void stm_deque_unlock(stm_deque_t *d) { atomic_store_explicit(&d->lock, 0, memory_order_release); }

static stm_task_chunk_t *stm_chunk_get(stm_deque_t *d) {
  stm_task_chunk_t *c = d->spare;
  if (c) {
    d->spare = c->next;
    d->nspare--;
  } else {
    c = stm_xmalloc(sizeof *c, "task queue chunk");
  }
  c->prev = c->next = NULL;
  return c;
}

static void stm_chunk_put(stm_deque_t *d, stm_task_chunk_t *c) {
  c->next = d->spare;
  d->spare = c;
  d->nspare++;
}

void stm_deque_trim_locked(stm_deque_t *d, size_t keep) {
  while (d->nspare > keep) {
    stm_task_chunk_t *c = d->spare;
    d->spare = c->next;
    d->nspare--;
    free(c);
  }
}

/* The last task left: drop the (single) chunk and start afresh. */
static void stm_deque_emptied(stm_deque_t *d) {
  stm_chunk_put(d, d->head);
  d->head = d->tail = NULL;
  d->head_i = d->tail_i = 0;
}

void stm_deque_push_locked(stm_deque_t *d, const stm_task_t *t, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (!d->tail) {
      d->head = d->tail = stm_chunk_get(d);
      d->head_i = d->tail_i = 0;
    } else if (d->tail_i == STM_TASK_CHUNK) {
      stm_task_chunk_t *c = stm_chunk_get(d);
      c->prev = d->tail;
      d->tail->next = c;
      d->tail = c;
      d->tail_i = 0;
    }
    d->tail->t[d->tail_i++] = t[i];
  }
  /* One full barrier per batch: the pusher reads `idle` next (Dekker
   * order with a worker going to sleep, task_pool.c). */
  atomic_fetch_add_explicit(&d->len, n, memory_order_seq_cst);
}

bool stm_deque_pop_locked(stm_deque_t *d, stm_task_t *out) {
  size_t len = atomic_load_explicit(&d->len, memory_order_relaxed);
  if (!len)
    return false;
  *out = d->tail->t[--d->tail_i];
  atomic_store_explicit(&d->len, len - 1, memory_order_relaxed);
  if (len == 1) {
    stm_deque_emptied(d);
  } else if (d->tail_i == 0) {
    /* Tasks remain, so they are in earlier chunks. */
    stm_task_chunk_t *old = d->tail;
    d->tail = old->prev;
    d->tail->next = NULL;
    d->tail_i = STM_TASK_CHUNK;
    stm_chunk_put(d, old);
  }
  return true;
}

size_t stm_deque_take_head_locked(stm_deque_t *d, stm_task_t *out, size_t max) {
  size_t len = atomic_load_explicit(&d->len, memory_order_relaxed);
  size_t n = len < max ? len : max;
  for (size_t i = 0; i < n; i++) {
    out[i] = d->head->t[d->head_i++];
    if (len - i == 1) {
      stm_deque_emptied(d);
    } else if (d->head_i == STM_TASK_CHUNK) {
      stm_task_chunk_t *old = d->head;
      d->head = old->next;
      d->head->prev = NULL;
      d->head_i = 0;
      stm_chunk_put(d, old);
    }
  }
  atomic_store_explicit(&d->len, len - n, memory_order_relaxed);
  return n;
}
