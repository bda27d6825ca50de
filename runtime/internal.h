/*
 * internal.h - libstm's private declarations: the thread record behind
 * stm_tx_t, global state, and the helpers the runtime's modules share.
 */
#ifndef STM_INTERNAL_H
#define STM_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stm/abi.h"

#define STM_HIDDEN __attribute__((visibility("hidden")))
#define STM_NORETURN __attribute__((noreturn))
#define STM_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define STM_CACHELINE 64

/* Orec helpers.  The owner part of a lock word is LOCKBIT | slot << 32. */
#define STM_OWNER_MASK (~(uint64_t)0xffffffffu)
#define STM_INDEX(v) ((uint32_t)((v) & 0xffffffffu))
#define STM_SLOT(v) ((uint32_t)(((v) & ~STM_LOCKBIT) >> 32))
#define STM_MAX_SLOTS (1u << 16)

/* Why an attempt ended without committing. */
enum stm_abort_cause {
  STM_ABORT_READ_LOCKED,  /* read an orec another transaction had locked */
  STM_ABORT_WRITE_LOCKED, /* wrote one another transaction had locked */
  STM_ABORT_VALIDATION,   /* something read changed (extension or commit) */
  STM_ABORT_KILLED,       /* an irrevocable transaction needed our locks */
  STM_ABORT_EXPLICIT,     /* stm_abort_retry */
  STM_ABORT_INJECTED,     /* STM_INJECT_ABORTS */
  STM_ABORT_IRREVOCABLE,  /* becoming irrevocable failed validation */
  STM_ABORT_NCAUSES
};

/* Irrevocability modes (th->irrevocable). */
enum { STM_REVOCABLE = 0, STM_IRREV_INSTR = 1, STM_IRREV_SERIAL = 2 };

typedef struct stm_stats {
  uint64_t commits_rw;
  uint64_t aborts[STM_ABORT_NCAUSES];
  uint64_t cancels;
  uint64_t irrevocable;       /* transactions that became irrevocable */
  uint64_t fallbacks;         /* ... of those, after too many aborts */
  uint64_t serial;            /* ... of those, serially */
  uint64_t ns_lost;           /* time in attempts that aborted (STM_STATS) */
  uint64_t ns_irrevocable;    /* time other threads waited on irrevocables */
  uint64_t max_retries;
  uint64_t tasks;             /* tasks run (task_run.c) */
  uint64_t tasks_serial;      /* ... of those, without a clone: serially */
} stm_stats_t;

/* Nested checkpoint (a nested atomic block that may cancel). */
typedef struct stm_checkpoint {
  stm_jmp_t jb;
  uintptr_t sp; /* stack pointer of the frame that took jb */
  uint32_t nesting;
  uint32_t wcount;
  size_t nalloc, nfree, local_bytes, nundo, ntasks;
} stm_checkpoint_t;

/* Undo entry for serial-irrevocable mode (writes go to memory directly). */
typedef struct stm_undo {
  uintptr_t addr; /* aligned word */
  uint64_t old;   /* its bytes before the write */
  uint64_t mask;  /* which bytes */
} stm_undo_t;

typedef struct stm_limbo {
  void *ptr;
  uint64_t epoch; /* commit time of the free */
} stm_limbo_t;

typedef struct stm_task {
  void (*fn)(void *);
  void *arg;
} stm_task_t;

/* Per-thread reuse of reclaimed blocks: bin k holds blocks whose usable
 * size is at least 16*k bytes. */
#define STM_NURSERY_BINS 65
#define STM_NURSERY_DEPTH 64

/* A growable array of fixed-size elements. */
typedef struct stm_vec {
  void *data;
  size_t len, cap;
} stm_vec_t;

typedef struct stm_thread {
  stm_tx_t tx; /* must be first: stm_tx_t * and stm_thread_t * convert */

  /* Published to other threads; written rarely. */
  struct {
    _Atomic uint32_t committing; /* between the irrevocability check and release */
    _Atomic uint32_t kill;       /* an irrevocable tx wants our locks: abort */
    _Atomic uint32_t in_use;
  } __attribute__((aligned(STM_CACHELINE))) pub;

  /* Private. */
  uint32_t slot;
  uint32_t wcap;           /* real write-log capacity (tx.wcap may be 0) */
  uint32_t cp_wcount;      /* merge limit: entries below belong to a checkpoint */
  unsigned attr;           /* of the outermost block */
  const stm_site_t *begin_site;
  int irrevocable;
  int want_irrevocable;    /* restart irrevocably (fallback or failed switch) */
  int cancelled;
  int holds_token;         /* owns the irrevocability token */
  uint32_t retries;        /* consecutive aborts of the current block */
  uint64_t rng;
  uintptr_t stack_lo, stack_hi;
  uint64_t t_start;        /* attempt start (ns), when timing */

  stm_vec_t cps;    /* stm_checkpoint_t */
  stm_vec_t allocs; /* void * allocated in this transaction */
  stm_vec_t frees;  /* void * freed in this transaction */
  stm_vec_t locals; /* saved local bytes: {addr, n, bytes...} records */
  stm_vec_t undo;   /* stm_undo_t, serial mode */
  stm_vec_t tasks;  /* stm_task_t buffered until commit */
  stm_vec_t limbo;  /* stm_limbo_t, committed frees awaiting reclamation */
  size_t reclaim_at; /* limbo length that triggers the next reclamation */
  stm_vec_t nursery[STM_NURSERY_BINS]; /* void *, reusable blocks by size */
  size_t rcap;
  /* Snapshots (snapshot.c): a bump stack of 64-aligned buffers, and the
   * blocks of requests that did not fit in it. */
  unsigned char *snap_stack;
  size_t snap_cap, snap_top, snap_live;
  stm_vec_t snap_big; /* void * */

  /* Where the last conflict happened (for reports). */
  const stm_site_t *conflict_site;
  uint64_t *conflict_orec; /* its orec: the side table there names the winner */
  uint32_t conflict_cause;
  /* Per-site statistics (stats.c), allocated at the first transaction
   * when STM_STATS is set; read by other threads: never freed. */
  struct stm_stats_ext *_Atomic stats_ext;

  stm_stats_t stats;
} stm_thread_t;

static inline stm_thread_t *stm_th(stm_tx_t *tx) { return (stm_thread_t *)tx; }

/* Global state (globals.c). */
typedef struct stm_config {
  unsigned inject_aborts;    /* percent */
  unsigned max_retries;      /* before the irrevocable fallback */
  unsigned stats;            /* STM_STATS flags */
  const char *stats_json;    /* json:PATH */
  unsigned threads;          /* STM_THREADS (task pool) */
} stm_config_t;

#define STM_STATS_REPORT 1u
#define STM_STATS_VERBOSE 2u
#define STM_STATS_JSON 4u

STM_HIDDEN extern stm_config_t stm_config;
STM_HIDDEN extern stm_thread_t *_Atomic stm_slots[STM_MAX_SLOTS];
STM_HIDDEN extern _Atomic uint32_t stm_nslots;
STM_HIDDEN extern stm_thread_t *_Atomic stm_irrev_owner;

/* Atomic access to the ABI's plain globals. */
#define STM_CLOCK ((_Atomic uint64_t *)&stm__clock)
#define STM_SERIAL ((_Atomic uint32_t *)&stm__serial)
#define STM_AOREC(o) ((_Atomic uint64_t *)(o))
#define STM_ACTIVE(th) ((_Atomic uint64_t *)&(th)->tx.active)

/* util */
STM_HIDDEN STM_NORETURN void stm_fatal(const char *fmt, ...) STM_PRINTF(1, 2);
STM_HIDDEN void stm_warn(const char *fmt, ...) STM_PRINTF(1, 2);
STM_HIDDEN void *stm_xmalloc(size_t n, const char *what);
STM_HIDDEN void stm_vec_reserve(stm_vec_t *v, size_t elem, size_t n, const char *what);
STM_HIDDEN void stm_vec_free(stm_vec_t *v);
STM_HIDDEN uint64_t stm_now_ns(void);
STM_HIDDEN void stm_spin_pause(unsigned *spins);
#define STM_VEC_PUSH(v, T, x, what)                     \
  do {                                                  \
    stm_vec_reserve((v), sizeof(T), (v)->len + 1, what); \
    ((T *)(v)->data)[(v)->len++] = (x);                 \
  } while (0)
#define STM_VEC_AT(v, T, i) (((T *)(v)->data)[i])

/* env.c */
STM_HIDDEN void stm_env_init(void);

/* thread.c */
STM_HIDDEN stm_thread_t *stm_self_thread(void);

/* tx.c */
STM_HIDDEN bool stm_validate(stm_thread_t *th);
STM_HIDDEN bool stm_extend(stm_thread_t *th);
STM_HIDDEN STM_NORETURN void stm_abort(stm_thread_t *th, enum stm_abort_cause cause,
                                       const stm_site_t *site);
STM_HIDDEN void stm_rollback_writes(stm_thread_t *th, uint32_t to);
STM_HIDDEN void stm_write_back(stm_thread_t *th, uintptr_t live_sp);
STM_HIDDEN void stm_release_locks(stm_thread_t *th, uint64_t version);
STM_HIDDEN void stm_require_tx(stm_tx_t *tx, const char *what);
STM_HIDDEN void stm_grow_wlog(stm_thread_t *th);
/* Is [addr, addr+n) on this thread's stack below live_sp (dead frames)? */
STM_HIDDEN bool stm_on_dead_stack(stm_thread_t *th, uintptr_t addr, size_t n, uintptr_t live_sp);

STM_HIDDEN void stm_wait_conflict(stm_thread_t *th, uint64_t *orec, uint64_t seen,
                                  enum stm_abort_cause cause, const stm_site_t *site);

/* irrevocable.c */
STM_HIDDEN void stm_irrev_acquire_token(stm_thread_t *th);
STM_HIDDEN void stm_irrev_release(stm_thread_t *th);
STM_HIDDEN void stm_irrev_wait_writers(stm_thread_t *th);
STM_HIDDEN void stm_check_killed(stm_thread_t *th);
STM_HIDDEN void stm_serial_undo(stm_thread_t *th, size_t to, uintptr_t live_sp);
STM_HIDDEN void stm_serial_enter_stop_world(stm_thread_t *th);

/* barrier.c: room for `more` entries in the read log (it grows; out of
 * memory is fatal). */
STM_HIDDEN void stm_reserve_rlog(stm_thread_t *th, size_t more);

/* checkpoint.c: back to a checkpoint stm_setjmp took (which returns 1). */
STM_HIDDEN STM_NORETURN void stm__longjmp(stm_jmp_t jb);
STM_HIDDEN void stm_jmp_guard_init(void);

/* alloc.c */
STM_HIDDEN void stm_alloc_commit_frees(stm_thread_t *th, uint64_t epoch);
/* A committed transaction's allocations become permanent and its frees go
 * to limbo.  Inline: most commits freed nothing and need no reclaim scan. */
static inline void stm_alloc_commit(stm_thread_t *th, uint64_t epoch) {
  th->allocs.len = 0;
  if (th->frees.len || th->limbo.len >= th->reclaim_at)
    stm_alloc_commit_frees(th, epoch);
}
STM_HIDDEN void stm_alloc_rollback(stm_thread_t *th, size_t nalloc, size_t nfree);
STM_HIDDEN void stm_alloc_thread_exit(stm_thread_t *th);
STM_HIDDEN uint64_t stm_min_active(stm_thread_t *self);

/* snapshot.c */
STM_HIDDEN void stm_snapshot_reset(stm_thread_t *th);
STM_HIDDEN void stm_snapshot_thread_exit(stm_thread_t *th);

/* stats.c */
STM_HIDDEN void stm_stats_on_abort(stm_thread_t *th, enum stm_abort_cause cause,
                                   const stm_site_t *site);
/* Called only when stm_config.stats is set (the callers test it), except
 * stm_stats_on_abort, which also keeps the counters. */
STM_HIDDEN void stm_stats_on_begin(stm_thread_t *th);
STM_HIDDEN void stm_stats_on_commit(stm_thread_t *th);
STM_HIDDEN void stm_stats_on_cancel(stm_thread_t *th, int outer, const stm_site_t *site);
/* site NULL: the restart of a transaction that must run irrevocably. */
STM_HIDDEN void stm_stats_on_irrevocable(stm_thread_t *th, const stm_site_t *site, unsigned how);
/* th waited ns for the irrevocable transaction of `owner` (NULL: unknown). */
STM_HIDDEN void stm_stats_on_irrev_wait(stm_thread_t *th, stm_thread_t *owner, uint64_t ns);
/* th locked orec o for a write at site (names the winner of conflicts). */
STM_HIDDEN void stm_stats_on_lock(uint64_t *o, const stm_site_t *site);
STM_HIDDEN void stm_stats_merge(stm_thread_t *th);
STM_HIDDEN void stm_stats_at_exit(void);
STM_HIDDEN const char *stm_abort_cause_name(enum stm_abort_cause c);

/* tasks (stm_tasks.c): commit hands buffered tasks to the pool. */
STM_HIDDEN void stm_tasks_publish(stm_thread_t *th);
/* Wait until no other thread runs a transaction with a snapshot older than
 * wv (privatization safety after a writing commit). */
STM_HIDDEN void stm_quiesce(stm_thread_t *th, uint64_t wv);
/* Non-zero while this thread executes a task (task_pool.c). */
STM_HIDDEN extern __thread unsigned stm_in_task __attribute__((tls_model("initial-exec")));
/* th is a task-pool thread asleep between runs (not in a transaction):
 * its statistics are complete although the thread still exists. */
STM_HIDDEN bool stm_tasks_idle_thread(const stm_thread_t *th);

#endif /* STM_INTERNAL_H */
