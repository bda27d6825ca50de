/*
 * thread.c - thread records: registration on first use, recycling at thread
 * exit, and fork.
 *
 * Records are never freed, only recycled: other threads read a record's
 * published line (and find it through a lock word's slot) without holding
 * any lock, so its memory must stay valid for the life of the process.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define STM_RLOG_INIT 4096u
#define STM_WLOG_INIT 256u

static pthread_mutex_t stm_reg_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_key_t stm_exit_key;
static pthread_once_t stm_key_once = PTHREAD_ONCE_INIT;

static void stm_thread_exit(void *arg);

static void stm_make_key(void) {
  if (pthread_key_create(&stm_exit_key, stm_thread_exit) != 0)
    stm_fatal("pthread_key_create failed");
}

static void stm_stack_bounds(stm_thread_t *th) {
  pthread_attr_t attr;
  void *lo = NULL;
  size_t size = 0;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    pthread_attr_getstack(&attr, &lo, &size);
    pthread_attr_destroy(&attr);
  }
  th->stack_lo = (uintptr_t)lo;
  th->stack_hi = (uintptr_t)lo + size;
}

static stm_thread_t *stm_new_record(void) {
  uint32_t slot = atomic_load(&stm_nslots);
  if (slot >= STM_MAX_SLOTS)
    stm_fatal("more than %u threads use transactions at once", STM_MAX_SLOTS);
  stm_thread_t *th = aligned_alloc(STM_CACHELINE, (sizeof *th + STM_CACHELINE - 1) &
                                                      ~(size_t)(STM_CACHELINE - 1));
  if (!th)
    stm_fatal("out of memory allocating a thread record");
  memset(th, 0, sizeof *th);
  th->slot = slot;
  th->tx.active = STM_INACTIVE;
  th->rcap = STM_RLOG_INIT;
  th->tx.rbase = stm_xmalloc(th->rcap * sizeof(stm_rentry_t), "read log");
  th->wcap = STM_WLOG_INIT;
  th->tx.wlog = stm_xmalloc(th->wcap * sizeof(stm_wentry_t), "write log");
  atomic_store(&stm_slots[slot], th);
  atomic_store(&stm_nslots, slot + 1);
  return th;
}

stm_tx_t *stm__thread_init(void) {
  pthread_once(&stm_key_once, stm_make_key);
  pthread_mutex_lock(&stm_reg_lock);
  stm_jmp_guard_init(); /* before this thread's first checkpoint */
  stm_thread_t *th = NULL;
  uint32_t n = atomic_load(&stm_nslots);
  for (uint32_t i = 0; i < n && !th; i++) {
    stm_thread_t *c = atomic_load(&stm_slots[i]);
    if (c && !atomic_load(&c->pub.in_use))
      th = c;
  }
  if (!th)
    th = stm_new_record();
  atomic_store(&th->pub.in_use, 1);
  pthread_mutex_unlock(&stm_reg_lock);

  stm_tx_t *tx = &th->tx;
  tx->rv = 0;
  tx->rpos = tx->rbase;
  tx->rend = tx->rbase + th->rcap;
  tx->wcount = 0;
  tx->wcap = th->wcap;
  tx->lockword = STM_LOCKBIT | ((uint64_t)th->slot << 32);
  tx->nesting = 0;
  tx->slow = stm_config.inject_aborts || stm_config.stats;
  tx->ro_commits = 0;
  th->rng = 0x9e3779b97f4a7c15ull ^ ((uint64_t)th->slot << 17) ^ (uintptr_t)&th;
  th->retries = 0;
  memset(&th->stats, 0, sizeof th->stats);
  stm_stack_bounds(th);
  stm__self = tx;
  pthread_setspecific(stm_exit_key, th);
  return tx;
}

stm_thread_t *stm_self_thread(void) { return stm_th(stm_tx_self()); }

/* Thread exit: a transaction still open here cannot be finished, unless it
 * is irrevocable (then its effects are already decided: commit them). */
static void stm_thread_exit(void *arg) {
  stm_thread_t *th = arg;
  if (th->tx.nesting) {
    if (th->irrevocable) {
      th->tx.nesting = 1;
      stm__commit_slow(&th->tx);
    } else {
      stm_fatal("a thread exited (pthread_exit or return from its start "
                "routine) inside a transaction that is not irrevocable");
    }
  }
  stm_stats_merge(th);
  stm_alloc_thread_exit(th);
  stm_snapshot_thread_exit(th);
  stm__self = NULL;
  atomic_store(STM_ACTIVE(th), STM_INACTIVE);
  atomic_store(&th->pub.in_use, 0);
}

/* exit() inside a transaction: an irrevocable one commits first (its
 * effects were decided when it became irrevocable); otherwise it is a
 * programming error we report rather than silently dropping the writes. */
STM_HIDDEN void stm_thread_at_exit(void);
void stm_thread_at_exit(void) {
  stm_tx_t *tx = stm__self;
  if (!tx || !tx->nesting)
    return;
  stm_thread_t *th = stm_th(tx);
  if (!th->irrevocable)
    stm_fatal("exit() called inside a transaction that is not irrevocable");
  tx->nesting = 1;
  stm__commit_slow(tx);
}

/* fork: the child keeps only the forking thread.  Other threads may be in
 * the middle of transactions, possibly waiting for the forking thread, so
 * fork cannot wait for them to finish; it only holds back commits (the
 * irrevocability token) and waits for write-backs under way, so that memory
 * is never half written in the child.  The child then unlocks every orec
 * that a vanished thread held: their writes were only in their redo logs. */
static int stm_fork_owned;

static void stm_fork_prepare(void) {
  stm_thread_t *th = stm_th(stm_tx_self());
  stm_fork_owned = !th->holds_token;
  if (stm_fork_owned)
    stm_irrev_acquire_token(th);
  stm_irrev_wait_writers(th);
  pthread_mutex_lock(&stm_reg_lock);
}

static void stm_fork_parent(void) {
  pthread_mutex_unlock(&stm_reg_lock);
  if (stm_fork_owned)
    stm_irrev_release(stm_th(stm__self));
}

static void stm_fork_child(void) {
  stm_thread_t *self = stm_th(stm__self);
  uint32_t n = atomic_load(&stm_nslots);
  for (uint32_t i = 0; i < n; i++) {
    stm_thread_t *c = atomic_load(&stm_slots[i]);
    if (!c || c == self)
      continue;
    c->tx.nesting = 0;
    c->tx.wcount = 0;
    c->irrevocable = STM_REVOCABLE;
    c->holds_token = 0;
    c->limbo.len = 0; /* their deferred frees stay allocated: safe, small */
    c->reclaim_at = 0;
    atomic_store(STM_ACTIVE(c), STM_INACTIVE);
    atomic_store(&c->pub.committing, 0);
    atomic_store(&c->pub.kill, 0);
    atomic_store(&c->pub.in_use, 0);
  }
  /* A lock taken just before the fork may not be in its owner's log yet:
   * scan the table.  The new version is the clock, as after a commit. */
  uint64_t now = atomic_load(STM_CLOCK) + 1;
  atomic_store(STM_CLOCK, now);
  for (size_t i = 0; i < STM_OREC_COUNT; i++) {
    uint64_t v = atomic_load_explicit(STM_AOREC(&stm__orecs[i]), memory_order_relaxed);
    if ((v & STM_LOCKBIT) && STM_SLOT(v) != self->slot)
      atomic_store_explicit(STM_AOREC(&stm__orecs[i]), now, memory_order_relaxed);
  }
  atomic_store(STM_SERIAL, 0);
  atomic_store(&stm_irrev_owner, self->holds_token ? self : NULL);
  pthread_mutex_init(&stm_reg_lock, NULL);
  if (stm_fork_owned)
    stm_irrev_release(self);
}

__attribute__((constructor(102))) static void stm_thread_module_init(void) {
  pthread_atfork(stm_fork_prepare, stm_fork_parent, stm_fork_child);
  atexit(stm_thread_at_exit);
}
