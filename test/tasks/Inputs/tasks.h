/*
 * tasks.h - helpers for the task-pool tests, which call the runtime by
 * hand: a task function is registered with a hand-written "clone" (same
 * signature, barriers on shared data), as the plugin does for the
 * functions a file passes to stm_add_task.
 */
#ifndef STM_TEST_TASKS_H
#define STM_TEST_TASKS_H

#include "../../runtime/Inputs/tx.h"

#include <stm.h>
#include <sys/resource.h>

/* Register `fn`'s transactional clone. */
#define REGISTER_CLONE(fn, clone)                                              \
  do {                                                                         \
    static const stm_clone_entry_t e_[1] = {{(void *)(fn), (void *)(clone)}};  \
    stm_register_clones(e_, 1);                                                \
  } while (0)

/* The pool size the test runs with (STM_THREADS, set by the RUN lines). */
static inline int test_threads(void) {
  const char *s = getenv("STM_THREADS");
  return s && *s ? atoi(s) : 0;
}

/* Peak resident memory of the process so far, in KiB. */
static inline long test_maxrss_kb(void) {
  struct rusage ru;
  CHECK(getrusage(RUSAGE_SELF, &ru) == 0);
  return ru.ru_maxrss;
}

/* CPU time used by every thread of the process, in seconds. */
static inline double test_cpu_seconds(void) {
  struct rusage ru;
  CHECK(getrusage(RUSAGE_SELF, &ru) == 0);
  return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
         (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
}

#endif /* STM_TEST_TASKS_H */
