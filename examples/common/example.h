/*
 * example.h - what the task-pool examples share: a clock, and the speed-up
 * measurement.
 *
 * Each example times its parallel part, checks its result, then calls
 * ex_finish, which runs the same program again with STM_THREADS=1 (same
 * binary, same tasks, one thread), reads back that run's time and prints
 * the speed-up.  In the child run (EX_BASELINE_ENV set) ex_finish only
 * reports the time.
 */
#ifndef EXAMPLE_H
#define EXAMPLE_H

#define EX_BASELINE_ENV "STM_EXAMPLE_BASELINE"

/* Monotonic seconds. */
double ex_now(void);

/* The number of threads the pool uses here: STM_THREADS, or the CPUs this
 * process may run on (as libstm decides). */
int ex_pool_threads(void);

/* Non-zero in the STM_THREADS=1 re-run. */
int ex_is_baseline(void);

/* Parse argv[i] as an integer in [lo, hi] (exit 2 with a message if not). */
long ex_arg(int argc, char **argv, int i, long dflt, long lo, long hi, const char *what);

/* Report `ok` and `seconds`; unless this is the baseline run, run the
 * baseline and print the speed-up.  Returns the exit status for main. */
int ex_finish(const char *name, int ok, double seconds, char **argv);

#endif /* EXAMPLE_H */
