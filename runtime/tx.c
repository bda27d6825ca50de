/*
 * tx.c - the transaction protocol: begin, validation and snapshot
 * extension, commit (write-back), abort and retry, nested checkpoints and
 * cancel.  docs/DESIGN.md gives the argument for each ordering used here.
 */
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void stm_require_tx(stm_tx_t *tx, const char *what) {
  if (STM_UNLIKELY(tx == NULL || tx->nesting == 0))
    stm_fatal("%s called outside a transaction", what);
}

/* ---- validation ---------------------------------------------------------- */

/* Every orec read is still at a version <= rv, or is locked by us (we only
 * ever lock an orec whose version is <= rv, see stm__store_slow). */
bool stm_validate(stm_thread_t *th) {
  stm_tx_t *tx = &th->tx;
  uint64_t rv = tx->rv, me = tx->lockword;
  for (stm_rentry_t *r = tx->rbase; r < tx->rpos; r++) {
    uint64_t v = atomic_load_explicit(STM_AOREC(r->orec), memory_order_acquire);
    if (v <= rv)
      continue;
    if ((v & STM_OWNER_MASK) == me)
      continue;
    th->conflict_site = r->site;
    th->conflict_orec = r->orec;
    return false;
  }
  return true;
}

/* Lazy snapshot extension: move rv to now if nothing read has changed. The
 * clock is read before validating, so everything validated is at or before
 * the new snapshot. */
bool stm_extend(stm_thread_t *th) {
  uint64_t now = atomic_load_explicit(STM_CLOCK, memory_order_acquire);
  if (th->irrevocable) {
    /* Writers wait at commit while we are irrevocable: nothing we read
     * can have changed. */
    th->tx.rv = now;
    return true;
  }
  if (th->tx.rv_ro) {
    /* Unlogged reads (a read-only block's first attempt) cannot be
     * validated: abort; the retry begins in the slow path and logs. */
    th->conflict_site = NULL;
    return false;
  }
  if (!stm_validate(th))
    return false;
  th->tx.rv = now;
  /* Privatizing writers and reclamation only need a lower bound. */
  atomic_store_explicit(STM_ACTIVE(th), now, memory_order_release);
  return true;
}

/* ---- write log --------------------------------------------------------- */

void stm_grow_wlog(stm_thread_t *th) {
  size_t cap = (size_t)th->wcap * 2;
  if (cap > 0xffffffffu)
    stm_fatal("a transaction wrote more than 2^32 words");
  stm_wentry_t *w = realloc(th->tx.wlog, cap * sizeof *w);
  if (!w)
    stm_fatal("out of memory growing the write log to %zu entries", cap);
  th->tx.wlog = w;
  th->wcap = (uint32_t)cap;
  if (th->tx.wcap)
    th->tx.wcap = th->wcap;
}

/* A callee's dead locals, written through a pointer during the transaction,
 * must not be written to once that callee has returned: the stack below the
 * live frames is the runtime's own frames by then.  live_sp is the stack
 * pointer of the frame execution continues in (the checkpoint's frame). */
bool stm_on_dead_stack(stm_thread_t *th, uintptr_t addr, size_t n, uintptr_t live_sp) {
  return addr + n > th->stack_lo && addr < live_sp;
}

static void stm_store_bytes(uintptr_t addr, uint64_t value, uint64_t mask) {
  if (mask == ~(uint64_t)0) {
    __atomic_store_n((uint64_t *)addr, value, __ATOMIC_RELAXED);
    return;
  }
  /* Only the bytes written: neighbours may belong to other threads. */
  for (unsigned i = 0; i < 8;) {
    if (!((mask >> (i * 8)) & 0xff)) {
      i++;
      continue;
    }
    uint64_t part = value >> (i * 8);
    if (i % 4 == 0 && ((mask >> (i * 8)) & 0xffffffffu) == 0xffffffffu) {
      __atomic_store_n((uint32_t *)(addr + i), (uint32_t)part, __ATOMIC_RELAXED);
      i += 4;
    } else if (i % 2 == 0 && ((mask >> (i * 8)) & 0xffffu) == 0xffffu) {
      __atomic_store_n((uint16_t *)(addr + i), (uint16_t)part, __ATOMIC_RELAXED);
      i += 2;
    } else {
      __atomic_store_n((uint8_t *)(addr + i), (uint8_t)part, __ATOMIC_RELAXED);
      i += 1;
    }
  }
}

/* In log order, so later writes to the same bytes win.  The log's bounds
 * and the dead-stack window live in locals: the stores could alias the
 * descriptor as far as the compiler knows, so it would reload them. */
void stm_write_back(stm_thread_t *th, uintptr_t live_sp) {
  const stm_wentry_t *w = th->tx.wlog, *end = w + th->tx.wcount;
  /* stm_on_dead_stack(addr, 8) <=> stack_lo - 8 < addr < live_sp, as one
   * unsigned compare against the window (lo - 7 <= live_sp always). */
  uintptr_t lo = th->stack_lo - 7, span = live_sp - lo;
  for (; w != end; w++) {
    if (STM_UNLIKELY(w->addr - lo < span))
      continue;
    stm_store_bytes(w->addr, w->value, w->mask);
  }
}

/* Each entry pushed a lock word onto its orec; the first push for an orec
 * saved the unlocked version.  Release each orec once, there. */
void stm_release_locks(stm_thread_t *th, uint64_t version) {
  const stm_wentry_t *w = th->tx.wlog, *end = w + th->tx.wcount;
  for (; w != end; w++)
    if (!(w->old & STM_LOCKBIT))
      atomic_store_explicit(STM_AOREC(w->orec), version, memory_order_release);
}

/* Undo pushes newest first: each orec gets back what it held before. */
void stm_rollback_writes(stm_thread_t *th, uint32_t to) {
  stm_tx_t *tx = &th->tx;
  for (uint32_t i = tx->wcount; i-- > to;) {
    stm_wentry_t *w = &tx->wlog[i];
    atomic_store_explicit(STM_AOREC(w->orec), w->old, memory_order_release);
  }
  tx->wcount = to;
}

/* ---- saved locals ---------------------------------------------------------- */

typedef struct {
  void *addr;
  size_t n;
} stm_local_hdr_t;

void stm_log_local(stm_tx_t *tx, void *addr, size_t n) {
  stm_require_tx(tx, "stm_log_local");
  stm_thread_t *th = stm_th(tx);
  size_t rec = sizeof(stm_local_hdr_t) + ((n + 15) & ~(size_t)15);
  stm_vec_reserve(&th->locals, 1, th->locals.len + rec, "local log");
  char *p = (char *)th->locals.data + th->locals.len;
  stm_local_hdr_t h = {addr, n};
  memcpy(p, &h, sizeof h);
  memcpy(p + sizeof h, addr, n);
  th->locals.len += rec;
  tx->slow = 1; /* the commit must drop the log */
}

/* Restore newest first, down to byte offset `to`, so that a local saved
 * twice gets its oldest value.  Records of frames that have returned (below
 * the frame that began the transaction) are dropped. */
static void stm_restore_locals(stm_thread_t *th, size_t to, uintptr_t live_sp) {
  char *base = th->locals.data;
  size_t offs_cap = 0, n = 0;
  size_t *offs = NULL;
  for (size_t off = to; off < th->locals.len; n++) {
    stm_local_hdr_t h;
    memcpy(&h, base + off, sizeof h);
    if (n == offs_cap) {
      offs_cap = offs_cap ? offs_cap * 2 : 16;
      size_t *o = realloc(offs, offs_cap * sizeof *o);
      if (!o)
        stm_fatal("out of memory restoring saved locals");
      offs = o;
    }
    offs[n] = off;
    off += sizeof h + ((h.n + 15) & ~(size_t)15);
  }
  while (n--) {
    stm_local_hdr_t h;
    memcpy(&h, base + offs[n], sizeof h);
    if (!stm_on_dead_stack(th, (uintptr_t)h.addr, h.n, live_sp))
      memcpy(h.addr, base + offs[n] + sizeof h, h.n);
  }
  free(offs);
  th->locals.len = to;
}

/* ---- begin --------------------------------------------------------------- */

static void stm_push_checkpoint(stm_thread_t *th, stm_jmp_t jb, uintptr_t sp) {
  stm_checkpoint_t cp = {
      .jb = jb,
      .sp = sp,
      .nesting = th->tx.nesting,
      .wcount = th->tx.wcount,
      .nalloc = th->allocs.len,
      .nfree = th->frees.len,
      .local_bytes = th->locals.len,
      .nundo = th->undo.len,
      .ntasks = th->tasks.len,
  };
  STM_VEC_PUSH(&th->cps, stm_checkpoint_t, cp, "checkpoint stack");
  th->cp_wcount = th->tx.wcount;
}

static void stm_pop_checkpoint(stm_thread_t *th) {
  th->cps.len--;
  th->cp_wcount =
      th->cps.len ? STM_VEC_AT(&th->cps, stm_checkpoint_t, th->cps.len - 1).wcount : 0;
}

/* Publish the snapshot, then check the serial flag (Dekker order with
 * stm_serial_enter_stop_world, which sets the flag then scans). */
static void stm_start_snapshot(stm_thread_t *th) {
  unsigned spins = 0;
  for (;;) {
    uint64_t now = atomic_load_explicit(STM_CLOCK, memory_order_acquire);
    atomic_store_explicit(STM_ACTIVE(th), now, memory_order_seq_cst);
    if (atomic_load_explicit(STM_SERIAL, memory_order_seq_cst) == 0 || th->holds_token) {
      th->tx.rv = now;
      return;
    }
    atomic_store_explicit(STM_ACTIVE(th), STM_INACTIVE, memory_order_release);
    uint64_t t0 = stm_config.stats ? stm_now_ns() : 0;
    stm_thread_t *owner = atomic_load_explicit(&stm_irrev_owner, memory_order_relaxed);
    while (atomic_load_explicit(STM_SERIAL, memory_order_acquire))
      stm_spin_pause(&spins);
    if (stm_config.stats)
      stm_stats_on_irrev_wait(th, owner, stm_now_ns() - t0);
  }
}

void stm__begin_slow(stm_tx_t *tx, stm_jmp_t jb, unsigned attr, const stm_site_t *site,
                     uintptr_t sp) {
  stm_thread_t *th = stm_th(tx);
  jb = stm__tag_jb(jb, attr);
  if (tx->nesting) {
    /* Flattened into the enclosing transaction, except that a block that
     * may cancel needs its own checkpoint. */
    if (tx->nesting == UINT32_MAX)
      stm_fatal("transactions nested too deeply");
    tx->nesting++;
    if (attr & STM_ATTR_MAY_CANCEL)
      stm_push_checkpoint(th, jb, sp);
    return;
  }
  th->attr = attr;
  th->begin_site = site;
  tx->rv_ro = 0; /* every read is logged (the snapshot may be extended) */
  tx->jb = jb;
  tx->sp = sp;
  th->cancelled = 0;
  atomic_store_explicit(&th->pub.kill, 0, memory_order_relaxed);
  if (stm_config.stats)
    stm_stats_on_begin(th);

  if (attr & STM_ATTR_IRREVOCABLE) {
    /* The block is known to need serial irrevocability: run it alone. */
    th->want_irrevocable = 0;
    stm_irrev_acquire_token(th);
    stm_serial_enter_stop_world(th);
    atomic_store_explicit(STM_ACTIVE(th), atomic_load(STM_CLOCK), memory_order_seq_cst);
    tx->nesting = 1;
    th->irrevocable = STM_IRREV_SERIAL;
    th->stats.irrevocable++;
    th->stats.serial++;
    tx->wcap = 0;             /* stores write memory directly */
    tx->rv = STM_LOCKBIT - 1; /* every load is valid */
    tx->slow = 1;
    if (stm_config.stats)
      stm_stats_on_irrevocable(th, site, STM_IRR_SERIAL);
    return;
  }
  if (th->want_irrevocable) {
    /* Fallback after repeated aborts, or restart after a failed switch:
     * run so that nothing can abort us. */
    th->want_irrevocable = 0;
    if (stm_config.stats)
      stm_stats_on_irrevocable(th, NULL, STM_IRR_INSTRUMENTED);
    stm_irrev_acquire_token(th);
    stm_start_snapshot(th);
    tx->nesting = 1;
    stm_irrev_wait_writers(th);
    tx->rv = atomic_load_explicit(STM_CLOCK, memory_order_acquire);
    th->irrevocable = STM_IRREV_INSTR;
    th->stats.irrevocable++;
    tx->slow = 1;
    return;
  }
  stm_start_snapshot(th);
  tx->nesting = 1;
  /* A retry commits through the slow path too, which resets the count of
   * consecutive aborts: the inline read-only commit would keep it, and
   * later transactions would go irrevocable after a single abort. */
  tx->slow = stm_config.inject_aborts || stm_config.stats || th->retries;
}

/* ---- commit -------------------------------------------------------------- */

/* Privatization safety: after a writing commit, wait until every
 * transaction that might still read the old state (snapshot < wv) has
 * finished or moved its snapshot past wv.  Then the caller may access
 * memory it just unlinked without barriers. */
static inline __attribute__((always_inline)) void stm_quiesce_inline(stm_thread_t *th,
                                                                    uint64_t wv) {
  uint32_t n = atomic_load_explicit(&stm_nslots, memory_order_acquire);
  for (uint32_t i = 0; i < n; i++) {
    stm_thread_t *o = atomic_load_explicit(&stm_slots[i], memory_order_acquire);
    if (!o || o == th)
      continue;
    unsigned spins = 0;
    while (atomic_load_explicit(STM_ACTIVE(o), memory_order_acquire) < wv)
      stm_spin_pause(&spins);
  }
}

/* Inlined into every writing commit, out of line for the task pool. */
void stm_quiesce(stm_thread_t *th, uint64_t wv) { stm_quiesce_inline(th, wv); }

static void stm_finish(stm_thread_t *th) {
  stm_tx_t *tx = &th->tx;
  tx->wcount = 0;
  tx->rpos = tx->rbase;
  tx->nesting = 0;
  th->cps.len = 0;
  th->cp_wcount = 0;
  th->allocs.len = 0;
  th->frees.len = 0;
  th->locals.len = 0;
  th->undo.len = 0;
  th->retries = 0;
  tx->wcap = th->wcap;
  atomic_store_explicit(&th->pub.kill, 0, memory_order_relaxed);
  tx->slow = stm_config.inject_aborts || stm_config.stats;
}

/* Per-thread xorshift: abort injection and backoff need cheap randomness. */
static uint64_t stm_rand(stm_thread_t *th) {
  th->rng ^= th->rng << 13;
  th->rng ^= th->rng >> 7;
  th->rng ^= th->rng << 17;
  return th->rng;
}

static bool stm_inject(stm_thread_t *th) {
  if (!stm_config.inject_aborts || th->irrevocable)
    return false;
  return stm_rand(th) % 100 < stm_config.inject_aborts;
}

/* Writers are held back while another thread is irrevocable: it cannot
 * abort, so nothing it read may change under it. */
static void stm_commit_gate(stm_thread_t *th) {
  unsigned spins = 0;
  for (;;) {
    atomic_store_explicit(&th->pub.committing, 1, memory_order_seq_cst);
    stm_thread_t *owner = atomic_load_explicit(&stm_irrev_owner, memory_order_seq_cst);
    if (!owner || owner == th)
      return;
    atomic_store_explicit(&th->pub.committing, 0, memory_order_release);
    uint64_t t0 = stm_config.stats ? stm_now_ns() : 0;
    while (atomic_load_explicit(&stm_irrev_owner, memory_order_acquire)) {
      stm_check_killed(th);
      stm_spin_pause(&spins);
    }
    if (stm_config.stats)
      stm_stats_on_irrev_wait(th, owner, stm_now_ns() - t0);
  }
}

void stm__commit_slow(stm_tx_t *tx) {
  stm_thread_t *th = stm_th(tx);
  stm_require_tx(tx, "commit");
  if (tx->nesting > 1) {
    if (th->cps.len &&
        STM_VEC_AT(&th->cps, stm_checkpoint_t, th->cps.len - 1).nesting == tx->nesting)
      stm_pop_checkpoint(th);
    tx->nesting--;
    return;
  }
  if (stm_inject(th))
    stm_abort(th, STM_ABORT_INJECTED, th->begin_site);

  if (th->irrevocable == STM_IRREV_SERIAL) {
    /* Writes went to memory directly; nobody else ran. */
    uint64_t wv = atomic_fetch_add_explicit(STM_CLOCK, 1, memory_order_acq_rel) + 1;
    stm_alloc_commit(th, wv);
    th->stats.commits_rw++;
    atomic_store_explicit(STM_SERIAL, 0, memory_order_release);
  } else if (tx->wcount == 0) {
    stm_alloc_commit(th, atomic_load_explicit(STM_CLOCK, memory_order_acquire));
    tx->ro_commits++;
  } else {
    stm_commit_gate(th);
    uint64_t wv = atomic_fetch_add_explicit(STM_CLOCK, 1, memory_order_acq_rel) + 1;
    if (wv != tx->rv + 1 && !th->irrevocable && !stm_validate(th)) {
      atomic_store_explicit(&th->pub.committing, 0, memory_order_release);
      stm_abort(th, STM_ABORT_VALIDATION, th->conflict_site);
    }
    stm_write_back(th, tx->sp);
    stm_release_locks(th, wv);
    atomic_store_explicit(&th->pub.committing, 0, memory_order_release);
    th->stats.commits_rw++;
    if (stm_config.stats)
      stm_stats_on_commit(th);
    stm_alloc_commit(th, wv);
    atomic_store_explicit(STM_ACTIVE(th), STM_INACTIVE, memory_order_release);
    if (th->holds_token)
      stm_irrev_release(th);
    th->irrevocable = STM_REVOCABLE;
    /* A task's thread runs no user code outside transactions until the
     * pool is drained (every transaction has ended by then), and serial
     * mode waits for the others itself: nothing to privatize until then.
     * Tasks are tiny; waiting here would let writers run only in turns. */
    if (!stm_in_task)
      stm_quiesce_inline(th, wv);
    stm_finish(th);
    stm_tasks_publish(th);
    return;
  }
  if (stm_config.stats)
    stm_stats_on_commit(th);
  atomic_store_explicit(STM_ACTIVE(th), STM_INACTIVE, memory_order_release);
  if (th->holds_token)
    stm_irrev_release(th);
  th->irrevocable = STM_REVOCABLE;
  stm_finish(th);
  stm_tasks_publish(th);
}

/* ---- abort --------------------------------------------------------------- */

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define STM_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(STM_ASAN)
#define STM_ASAN 1
#endif
#ifdef STM_ASAN
void __asan_handle_no_return(void);
#endif

/* Back to a checkpoint in a live frame of this thread.  The frames jumped
 * over are dead: ASan must forget their poisoned redzones. */
static STM_NORETURN void stm_jump(stm_jmp_t jb) {
#ifdef STM_ASAN
  __asan_handle_no_return();
#endif
  uintptr_t tagged = (uintptr_t)(void *)jb;
  if (tagged & 1u) /* taken by stm_setjmp (STM_ATTR_OWN_JMP) */
    stm__longjmp((stm_jmp_t)(void *)(tagged - 1u));
  longjmp(jb, 1);
}

/* Randomized exponential backoff: conflicting transactions that restart in
 * lock step would collide again. */
static void stm_backoff(stm_thread_t *th) {
  unsigned limit = 1u << (th->retries < 10 ? th->retries : 10);
  unsigned n = (unsigned)(stm_rand(th) % (limit * 16u));
  for (unsigned i = 0; i < n; i++)
    __builtin_ia32_pause();
  if (th->retries > 4)
    sched_yield();
}

/* Undo everything the attempt did, leaving the thread outside any
 * transaction. */
static void stm_rollback_all(stm_thread_t *th) {
  stm_tx_t *tx = &th->tx;
  if (th->irrevocable == STM_IRREV_SERIAL)
    stm_serial_undo(th, 0, tx->sp);
  stm_rollback_writes(th, 0);
  stm_alloc_rollback(th, 0, 0);
  stm_snapshot_reset(th);
  stm_restore_locals(th, 0, tx->sp);
  th->tasks.len = 0;
  th->cps.len = 0;
  th->cp_wcount = 0;
  th->undo.len = 0;
  tx->rpos = tx->rbase;
  tx->wcap = th->wcap;
  tx->nesting = 0;
}

void stm_abort(stm_thread_t *th, enum stm_abort_cause cause, const stm_site_t *site) {
  stm_tx_t *tx = &th->tx;
  if (th->irrevocable)
    stm_fatal("internal error: an irrevocable transaction was asked to abort (%s)",
              stm_abort_cause_name(cause));
  stm_rollback_all(th);
  atomic_store_explicit(STM_ACTIVE(th), STM_INACTIVE, memory_order_release);
  stm_stats_on_abort(th, cause, site);
  th->retries++;
  if (th->retries > th->stats.max_retries)
    th->stats.max_retries = th->retries;
  if (cause == STM_ABORT_IRREVOCABLE || th->retries >= stm_config.max_retries) {
    if (cause != STM_ABORT_IRREVOCABLE)
      th->stats.fallbacks++;
    th->want_irrevocable = 1;
  } else if (cause != STM_ABORT_INJECTED && cause != STM_ABORT_EXPLICIT) {
    stm_backoff(th);
  }
  tx->slow = 1;
  stm_jump(tx->jb);
}

void stm_abort_retry(stm_tx_t *tx, const stm_site_t *site) {
  stm_require_tx(tx, "stm_abort_retry");
  stm_thread_t *th = stm_th(tx);
  if (th->irrevocable)
    stm_fatal_site(site, "stm_abort_retry in an irrevocable transaction");
  stm_abort(th, STM_ABORT_EXPLICIT, site);
}

/* Another transaction holds the orec.  An irrevocable transaction must not
 * abort: it asks the owner to abort and waits.  Others wait only for an
 * owner that is already writing back, and abort otherwise (the owner may be
 * waiting for something we hold). */
void stm_wait_conflict(stm_thread_t *th, uint64_t *orec, uint64_t seen,
                       enum stm_abort_cause cause, const stm_site_t *site) {
  stm_thread_t *owner = atomic_load(&stm_slots[STM_SLOT(seen)]);
  unsigned spins = 0;
  if (th->irrevocable) {
    /* Keep asking: the owner may abort and lock the same orec again with
     * the same lock word (it clears its kill flag when it restarts). */
    while (atomic_load_explicit(STM_AOREC(orec), memory_order_acquire) == seen) {
      if (owner)
        atomic_store_explicit(&owner->pub.kill, 1, memory_order_release);
      stm_spin_pause(&spins);
    }
    return;
  }
  stm_check_killed(th);
  if (owner && atomic_load_explicit(&owner->pub.committing, memory_order_acquire)) {
    while (spins < 4096 && atomic_load_explicit(STM_AOREC(orec), memory_order_acquire) == seen)
      stm_spin_pause(&spins);
    if (atomic_load_explicit(STM_AOREC(orec), memory_order_acquire) != seen)
      return;
  }
  th->conflict_site = site;
  th->conflict_orec = orec;
  stm_abort(th, cause, site);
}

/* ---- cancel -------------------------------------------------------------- */

int stm_cancelled(stm_tx_t *tx) {
  stm_thread_t *th = stm_th(tx);
  int c = th->cancelled;
  th->cancelled = 0;
  return c;
}

void stm_cancel(stm_tx_t *tx, int outer, const stm_site_t *site) {
  stm_require_tx(tx, "__transaction_cancel");
  stm_thread_t *th = stm_th(tx);
  th->stats.cancels++;
  if (stm_config.stats)
    stm_stats_on_cancel(th, outer, site);
  if (!outer && th->cps.len) {
    stm_checkpoint_t cp = STM_VEC_AT(&th->cps, stm_checkpoint_t, th->cps.len - 1);
    if (th->irrevocable == STM_IRREV_SERIAL)
      stm_serial_undo(th, cp.nundo, cp.sp);
    stm_rollback_writes(th, cp.wcount);
    stm_alloc_rollback(th, cp.nalloc, cp.nfree);
    stm_restore_locals(th, cp.local_bytes, cp.sp);
    th->tasks.len = cp.ntasks;
    tx->nesting = cp.nesting - 1; /* execution continues after that block */
    stm_pop_checkpoint(th);
    th->cancelled = 1;
    stm_jump(cp.jb);
  }
  (void)site;
  stm_rollback_all(th);
  atomic_store_explicit(STM_ACTIVE(th), STM_INACTIVE, memory_order_release);
  if (th->irrevocable == STM_IRREV_SERIAL)
    atomic_store_explicit(STM_SERIAL, 0, memory_order_release);
  if (th->holds_token)
    stm_irrev_release(th);
  th->irrevocable = STM_REVOCABLE;
  stm_finish(th);
  th->cancelled = 1;
  stm_jump(tx->jb);
}
