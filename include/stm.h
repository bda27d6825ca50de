/*
 * stm.h - the public interface of stmpass's runtime, libstm.
 *
 * User programs normally need nothing from this header: the stmpass Clang
 * plugin turns __transaction_atomic / __transaction_relaxed blocks into
 * calls described in <stm/abi.h>.  What is here is what a programmer calls
 * by hand: the task pool, statistics, and the version.
 *
 * Supported platform: x86-64 Linux with glibc.
 */
#ifndef STM_H
#define STM_H

#ifndef STM_ABI_NO_LIBC /* see <stm/abi.h> */
#include <stddef.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif
#pragma GCC visibility push(default)

#define STM_VERSION_MAJOR 0
#define STM_VERSION_MINOR 1

/* Task pool (PyPy's add_task / run_all_tasks).  Each task runs as one
 * __transaction_relaxed transaction on a pool of STM_THREADS threads.
 * stm_add_task inside a transaction is buffered until that transaction
 * commits and dropped if it aborts.  stm_run_all_tasks returns when no task
 * is left; calling it from a task is a fatal error. */
void stm_add_task(void (*fn)(void *), void *arg);
void stm_run_all_tasks(void);

/* Print the statistics report now (as STM_STATS=1 does at exit). */
void stm_stats_report(void);

/* The runtime's version string, e.g. "stmpass 0.1". */
const char *stm_version(void);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* STM_H */
