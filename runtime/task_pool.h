/*
 * task_pool.h - the task pool's private interface, shared by tasks.c (the
 * public API), task_deque.c (per-worker queues), task_pool.c (threads,
 * stealing, sleeping, termination) and task_run.c (one task = one relaxed
 * transaction).  docs/TASKS.md describes the design.
 */
#ifndef STM_TASK_POOL_H
#define STM_TASK_POOL_H

#include <pthread.h>

#include "internal.h"

/* Largest STM_THREADS accepted (env.c). */
#define STM_TASK_MAX_THREADS 4096u

/* ---- deque (task_deque.c) ------------------------------------------------ */

/* A chunk is one page: memory grows and shrinks with the number of queued
 * tasks, never with the number run. */
#define STM_TASK_CHUNK ((4096 - 2 * sizeof(void *)) / sizeof(stm_task_t))

typedef struct stm_task_chunk {
  struct stm_task_chunk *prev, *next;
  stm_task_t t[STM_TASK_CHUNK];
} stm_task_chunk_t;

/* A double-ended queue of tasks: the owner pushes and pops at the tail
 * (newest first, so a task's children run while its data is hot), thieves
 * take from the head (oldest: in a split tree, the biggest subproblems).
 * One small lock per deque: owners contend only with thieves, never with
 * each other.  `len` may be read without the lock to skip empty deques. */
typedef struct stm_deque {
  _Atomic uint32_t lock;
  _Atomic size_t len;
  stm_task_chunk_t *head, *tail; /* NULL when empty */
  unsigned head_i, tail_i;       /* first used slot of head, first free of tail */
  /* Drained chunks, reused by later pushes and freed when a run ends:
   * freeing them one by one would shrink and regrow the heap all along a
   * run, and each shrink costs every thread of the process a TLB flush. */
  stm_task_chunk_t *spare;       /* linked through ->next */
  size_t nspare;
} stm_deque_t;

STM_HIDDEN void stm_deque_lock(stm_deque_t *d);
STM_HIDDEN void stm_deque_unlock(stm_deque_t *d);
/* With the lock held. */
/* Append n tasks; the length is updated with a seq_cst read-modify-write. */
STM_HIDDEN void stm_deque_push_locked(stm_deque_t *d, const stm_task_t *t, size_t n);
STM_HIDDEN bool stm_deque_pop_locked(stm_deque_t *d, stm_task_t *out);
STM_HIDDEN size_t stm_deque_take_head_locked(stm_deque_t *d, stm_task_t *out, size_t max);
/* Free the spare chunks beyond `keep`. */
STM_HIDDEN void stm_deque_trim_locked(stm_deque_t *d, size_t keep);

/* ---- pool (task_pool.c) ---------------------------------------------------- */

typedef struct stm_worker {
  stm_deque_t dq;
  unsigned id;
  uint64_t rng;         /* victim selection */
  stm_thread_t *_Atomic th; /* a pool thread's record (workers 1..N-1) */
} __attribute__((aligned(STM_CACHELINE))) stm_worker_t;

/* The worker this thread is, while it takes part in a run (pool threads
 * always; the caller of stm_run_all_tasks during the call), else NULL. */
STM_HIDDEN extern __thread stm_worker_t *stm_worker_self __attribute__((tls_model("initial-exec")));

/* Queue tasks: on the calling worker's own deque, or on the deque of the
 * worker that runs stm_run_all_tasks (worker 0) for any other thread. */
STM_HIDDEN void stm_pool_push(const stm_task_t *t, size_t n);
/* Run every queued task and every task they add; returns when none is left. */
STM_HIDDEN void stm_pool_run(void);

/* ---- running one task (task_run.c) ---------------------------------------------- */

STM_HIDDEN void stm_task_execute(stm_task_t t);

#endif /* STM_TASK_POOL_H */
