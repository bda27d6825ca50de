/*
 * tasks.c - stm_add_task / stm_run_all_tasks (see stm.h, docs/TASKS.md).
 *
 * Inside a transaction a new task is only buffered in the thread record:
 * an abort or cancel drops it with the rest of the attempt (tx.c truncates
 * th->tasks), and the outermost commit hands it to the pool through
 * stm_tasks_publish.  Outside a transaction it is queued at once.
 */
#include "task_pool.h"

void stm_add_task(void (*fn)(void *), void *arg) {
  if (!fn)
    stm_fatal("stm_add_task: the task function is NULL");
  stm_task_t t = {fn, arg};
  stm_tx_t *tx = stm__self;
  if (tx && tx->nesting) {
    stm_thread_t *th = stm_th(tx);
    STM_VEC_PUSH(&th->tasks, stm_task_t, t, "list of tasks added in a transaction");
    tx->slow = 1; /* the commit must publish them */
    return;
  }
  stm_pool_push(&t, 1);
}

void stm_tasks_publish(stm_thread_t *th) {
  if (!th->tasks.len)
    return;
  stm_pool_push(th->tasks.data, th->tasks.len);
  th->tasks.len = 0;
}

void stm_run_all_tasks(void) {
  if (stm_in_task)
    stm_fatal("stm_run_all_tasks called from inside a task: a task cannot wait for "
              "other tasks; it may add tasks with stm_add_task, and the running "
              "stm_run_all_tasks runs them before it returns");
  stm_tx_t *tx = stm__self;
  if (tx && tx->nesting)
    stm_fatal("stm_run_all_tasks called inside a transaction: call it outside "
              "any __transaction_atomic or __transaction_relaxed block");
  stm_pool_run();
  /* Tasks skip the wait for privatization safety at commit (tx.c); the
   * caller now runs plain code, so wait once for transactions of threads
   * outside the pool that may still read what the tasks unlinked. */
  stm_quiesce(stm_th(stm_tx_self()), atomic_load_explicit(STM_CLOCK, memory_order_acquire));
}
