/*
 * tasks.c - stm_add_task / stm_run_all_tasks (see stm.h).
 * Buffered tasks of a committed transaction are published here.
 */
#include "internal.h"

void stm_tasks_publish(stm_thread_t *th) {
  if (th->tasks.len)
    stm_fatal("internal error: tasks buffered without a task pool");
}
