/*
 * task_run.c - one task is one __transaction_relaxed transaction, begun
 * here in the runtime's own frame exactly as generated code begins one
 * (docs/ABI.md): checkpoint, begin, call the function's transactional
 * clone, commit.  A conflict aborts and runs the task again from the
 * checkpoint; a cancel of the whole transaction drops the task.
 *
 * A function without a registered clone (compiled without the plugin, or
 * from a file that did not register it) still runs correctly: its
 * transaction begins serial-irrevocable (STM_ATTR_IRREVOCABLE: every other
 * transaction waits) and calls the plain function.  Such tasks are counted
 * in the statistics (STM_STATS=1).
 */
#include "task_pool.h"

static const stm_site_t stm_task_begin_site = {
    NULL, 0, 0, STM_SITE_BEGIN, "task", "stm_run_all_tasks"};
static const stm_site_t stm_task_serial_site = {
    NULL, 0, 0, STM_SITE_IRREV, "task function without a transactional clone",
    "stm_run_all_tasks"};

void stm_task_execute(stm_task_t t) {
  stm_tx_t *tx = stm_tx_self();
  void (*clone)(void *) =
      (void (*)(void *))stm_clone_lookup(tx, (void *)t.fn, &stm_task_begin_site);
  /* Read again after every abort: kept in memory, not in spill slots. */
  void (*volatile fn)(void *) = clone ? clone : t.fn;
  void *volatile arg = t.arg;
  volatile unsigned serial = clone == NULL;
  stm_tx_t *volatile vtx = tx;
  jmp_buf jb;

  stm_in_task = 1;
  if (STM_CHECKPOINT(jb)) {
    if (stm_cancelled(vtx))
      goto done;
  }
  if (serial) /* alone from the start: nothing to validate, nothing to abort */
    stm_begin(vtx, jb, STM_ATTR_RELAXED | STM_ATTR_IRREVOCABLE | STM_CHECKPOINT_ATTR,
              &stm_task_serial_site);
  else
    stm_begin(vtx, jb, STM_ATTR_RELAXED | STM_CHECKPOINT_ATTR, &stm_task_begin_site);
  fn(arg);
  stm_commit(vtx);
done:
  stm_in_task = 0;
  stm_th(vtx)->stats.tasks++;
  stm_th(vtx)->stats.tasks_serial += serial;
}
