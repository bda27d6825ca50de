/*
 * irrevocable.c - transactions that cannot abort.
 *
 * One thread at a time holds the irrevocability token.  Instrumented mode
 * (I/O in a relaxed block, or the fallback after too many aborts): other
 * transactions keep running, but writers wait at commit until the token is
 * released, so nothing the irrevocable transaction read can change; when it
 * needs a lock another transaction holds, it asks that one to abort.
 * Serial mode (uninstrumented code follows that may write shared memory):
 * additionally every other transaction is stopped, the redo log is written
 * back, and the rest of the transaction writes memory directly, keeping an
 * undo log so that __transaction_cancel still works.
 */
#include <string.h>

#include "internal.h"

void stm_check_killed(stm_thread_t *th) {
  if (th->tx.nesting && !th->irrevocable &&
      atomic_load_explicit(&th->pub.kill, memory_order_acquire))
    stm_abort(th, STM_ABORT_KILLED, th->begin_site);
}

void stm_irrev_acquire_token(stm_thread_t *th) {
  if (th->holds_token)
    return;
  unsigned spins = 0;
  uint64_t t0 = stm_config.stats ? stm_now_ns() : 0;
  stm_thread_t *blocker = NULL; /* the holder we waited for, for reports */
  for (;;) {
    stm_thread_t *none = NULL;
    if (atomic_load_explicit(&stm_irrev_owner, memory_order_relaxed) == NULL &&
        atomic_compare_exchange_strong_explicit(&stm_irrev_owner, &none, th,
                                                memory_order_seq_cst, memory_order_relaxed))
      break;
    if (none)
      blocker = none;
    stm_check_killed(th);
    stm_spin_pause(&spins);
  }
  th->holds_token = 1;
  if (stm_config.stats && blocker)
    stm_stats_on_irrev_wait(th, blocker, stm_now_ns() - t0);
}

void stm_irrev_release(stm_thread_t *th) {
  th->holds_token = 0;
  atomic_store_explicit(&stm_irrev_owner, NULL, memory_order_release);
}

/* Writers that passed the commit gate before we took the token finish. */
void stm_irrev_wait_writers(stm_thread_t *th) {
  uint32_t n = atomic_load_explicit(&stm_nslots, memory_order_acquire);
  for (uint32_t i = 0; i < n; i++) {
    stm_thread_t *o = atomic_load_explicit(&stm_slots[i], memory_order_acquire);
    if (!o || o == th)
      continue;
    unsigned spins = 0;
    while (atomic_load_explicit(&o->pub.committing, memory_order_seq_cst))
      stm_spin_pause(&spins);
  }
}

/* Stop the world: set the flag new transactions check at begin, ask the
 * running ones to abort (those waiting at the commit gate or on a lock do so
 * at once; others finish), and wait until none is active. */
void stm_serial_enter_stop_world(stm_thread_t *th) {
  atomic_store_explicit(STM_SERIAL, 1, memory_order_seq_cst);
  uint32_t n = atomic_load_explicit(&stm_nslots, memory_order_acquire);
  for (uint32_t i = 0; i < n; i++) {
    stm_thread_t *o = atomic_load_explicit(&stm_slots[i], memory_order_acquire);
    if (!o || o == th)
      continue;
    unsigned spins = 0;
    while (atomic_load_explicit(STM_ACTIVE(o), memory_order_seq_cst) != STM_INACTIVE) {
      atomic_store_explicit(&o->pub.kill, 1, memory_order_release);
      stm_spin_pause(&spins);
    }
  }
}

/* Write the redo log back in place, remembering the old bytes. */
static void stm_flush_to_serial(stm_thread_t *th) {
  stm_tx_t *tx = &th->tx;
  /* Every frame above this one is live now. */
  uintptr_t live_sp = (uintptr_t)__builtin_frame_address(0);
  for (uint32_t i = 0; i < tx->wcount; i++) {
    stm_wentry_t *w = &tx->wlog[i];
    if (stm_on_dead_stack(th, w->addr, 8, live_sp))
      continue;
    uint64_t old = 0;
    for (unsigned b = 0; b < 8; b++)
      if ((w->mask >> (b * 8)) & 0xff)
        old |= (uint64_t)__atomic_load_n((uint8_t *)(w->addr + b), __ATOMIC_RELAXED) << (b * 8);
    stm_undo_t u = {w->addr, old, w->mask};
    STM_VEC_PUSH(&th->undo, stm_undo_t, u, "undo log");
  }
  stm_write_back(th, live_sp);
  uint64_t wv = atomic_fetch_add_explicit(STM_CLOCK, 1, memory_order_acq_rel) + 1;
  stm_release_locks(th, wv);
  /* Checkpoints now refer to undo entries instead of write entries (one
   * undo entry per write entry, dead-stack ones aside: count them). */
  for (size_t c = 0; c < th->cps.len; c++) {
    stm_checkpoint_t *cp = &STM_VEC_AT(&th->cps, stm_checkpoint_t, c);
    size_t nundo = 0;
    for (uint32_t i = 0; i < cp->wcount; i++)
      nundo += !stm_on_dead_stack(th, tx->wlog[i].addr, 8, live_sp);
    cp->nundo = nundo;
    cp->wcount = 0;
  }
  tx->wcount = 0;
  th->cp_wcount = 0;
}

void stm_become_irrevocable(stm_tx_t *tx, unsigned how, const stm_site_t *site) {
  stm_require_tx(tx, "stm_become_irrevocable");
  stm_thread_t *th = stm_th(tx);
  if (how != STM_IRR_INSTRUMENTED && how != STM_IRR_SERIAL)
    stm_fatal_site(site, "stm_become_irrevocable: bad mode");
  if (th->irrevocable == STM_IRREV_SERIAL ||
      (th->irrevocable && how == STM_IRR_INSTRUMENTED))
    return;
  if (stm_config.stats)
    stm_stats_on_irrevocable(th, site, how);
  if (!th->irrevocable) {
    stm_irrev_acquire_token(th);
    stm_irrev_wait_writers(th);
    uint64_t now = atomic_load_explicit(STM_CLOCK, memory_order_acquire);
    /* Unlogged reads (a read-only block's first attempt) cannot be
     * validated: start again, logged, holding the token. */
    if (tx->rv_ro || !stm_validate(th))
      stm_abort(th, STM_ABORT_IRREVOCABLE, tx->rv_ro ? site : th->conflict_site); /* keeps the token */
    tx->rv = now;
    atomic_store_explicit(STM_ACTIVE(th), now, memory_order_release);
    th->irrevocable = STM_IRREV_INSTR;
    th->stats.irrevocable++;
    tx->slow = 1;
  }
  if (how == STM_IRR_SERIAL) {
    stm_serial_enter_stop_world(th);
    stm_flush_to_serial(th);
    th->irrevocable = STM_IRREV_SERIAL;
    th->stats.serial++;
    tx->wcap = 0;                  /* every store takes the slow path: direct */
    tx->rv = STM_LOCKBIT - 1;      /* every load is valid */
  }
}

int stm_is_irrevocable(const stm_tx_t *tx) {
  return tx && tx->nesting && ((const stm_thread_t *)tx)->irrevocable != STM_REVOCABLE;
}
