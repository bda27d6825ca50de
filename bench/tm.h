/*
 * tm.h - one benchmark source, four builds.
 *
 * The benchmarks are written with GCC's transactional-memory syntax through
 * two macros, so that the same file compiles as
 *   BENCH_TM     __transaction_atomic (gcc -fgnu-tm + libitm, or stmpass),
 *   BENCH_MUTEX  one global pthread mutex around every block,
 *   BENCH_SEQ    the keywords removed (one thread only),
 *   BENCH_ABI    none of them: abi/ writes its transactions by hand against
 *                <stm/abi.h> (TM_ATOMIC is then undefined, TM_SAFE empty).
 * TM_ATOMIC { ... } is a statement; leave it only by falling off its end
 * (no return, goto or break out of the block: the mutex build would keep
 * the lock).  TM_SAFE marks functions called inside transactions.
 */
#ifndef BENCH_TM_H
#define BENCH_TM_H

#if defined(BENCH_TM) + defined(BENCH_MUTEX) + defined(BENCH_SEQ) + defined(BENCH_ABI) != 1
#error "define exactly one of BENCH_TM, BENCH_MUTEX, BENCH_SEQ, BENCH_ABI"
#endif

#if defined(BENCH_TM)
#define TM_ATOMIC __transaction_atomic
#define TM_SAFE __attribute__((transaction_safe))
#define BENCH_MODE "tm"

#elif defined(BENCH_MUTEX)
#include <pthread.h>
extern pthread_mutex_t bench_global_lock;
static inline int bench_lock_(void) {
  pthread_mutex_lock(&bench_global_lock);
  return 1;
}
static inline int bench_unlock_(void) {
  pthread_mutex_unlock(&bench_global_lock);
  return 0;
}
/* A one-trip loop: lock on entry, unlock when the body falls off its end. */
#define TM_ATOMIC for (int tm_in_ = bench_lock_(); tm_in_; tm_in_ = bench_unlock_())
#define TM_SAFE
#define BENCH_MODE "mutex"

#elif defined(BENCH_ABI)
#define TM_SAFE
#define BENCH_MODE "stm-abi"

#else
#define TM_ATOMIC
#define TM_SAFE
#define BENCH_MODE "seq"
#endif

#endif /* BENCH_TM_H */
