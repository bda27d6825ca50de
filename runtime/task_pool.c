/*
 * task_pool.c - the worker threads of the task pool: where tasks go, work
 * stealing, sleeping when there is nothing to do, and knowing when a run
 * is over.
 *
 * Worker 0 is whichever thread calls stm_run_all_tasks; workers 1..N-1 are
 * pool threads, created at the first run and kept for the life of the
 * process.  Each worker runs the tasks of its own deque, newest first, and
 * when it has none steals the older half (at most STM_STEAL_MAX) of another
 * worker's.  Nothing global is touched per task except two read-mostly
 * words (running, idle) read after each push.
 *
 * Sleeping and termination share one mutex, taken only when a worker runs
 * out of work or wakes one that did: a worker that finds nothing to run
 * counts itself idle (`idle`), scans every deque once more, and sleeps.  A
 * pusher that sees idle workers after its push wakes one (Dekker order:
 * seq_cst length update, read idle / seq_cst idle++, scan: one of the two
 * sees the other).
 * When the last worker goes idle and every deque is empty, no task is
 * running, so none can be added: the run is over.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "task_pool.h"

#define STM_STEAL_MAX 64
#define STM_SPARE_KEEP 8

typedef struct stm_pool {
  unsigned n;      /* workers, counting the caller */
  stm_worker_t *w; /* [n] */
  unsigned started; /* pool threads created */

  /* Read after every push. */
  __attribute__((aligned(STM_CACHELINE))) _Atomic uint32_t running;
  _Atomic uint32_t idle; /* workers counted idle (see stm_pool_idle) */

  /* Idle transitions, wake-ups, run start and end. */
  __attribute__((aligned(STM_CACHELINE))) pthread_mutex_t mu;
  pthread_cond_t cv;
  uint64_t wake_seq; /* bumped on every wake-up; sleepers wait for a change */
  int forked_in_run; /* set in a child forked inside a task */

  pthread_mutex_t run_lock; /* one stm_run_all_tasks at a time */
} stm_pool_t;

static stm_pool_t stm_pool = {
    .mu = PTHREAD_MUTEX_INITIALIZER,
    .cv = PTHREAD_COND_INITIALIZER,
    .run_lock = PTHREAD_MUTEX_INITIALIZER,
};
static pthread_once_t stm_pool_once = PTHREAD_ONCE_INIT;

__thread stm_worker_t *stm_worker_self __attribute__((tls_model("initial-exec")));
__thread unsigned stm_in_task __attribute__((tls_model("initial-exec")));

/* ---- set-up -------------------------------------------------------------- */

/* STM_THREADS, or the CPUs this process may run on. */
static unsigned stm_pool_size(void) {
  if (stm_config.threads)
    return stm_config.threads;
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
    return (unsigned)CPU_COUNT(&set);
  long online = sysconf(_SC_NPROCESSORS_ONLN);
  return online > 0 ? (unsigned)online : 1u;
}

static void stm_pool_fork_child(void) {
  stm_pool_t *p = &stm_pool;
  /* Only the forking thread exists in the child: no pool thread, no lock
   * holder.  Queued tasks stay queued for the child's next run.  A worker
   * forks only from inside a task, which the child cannot finish. */
  p->forked_in_run = stm_worker_self != NULL;
  stm_worker_self = NULL;
  p->started = 0;
  atomic_store(&p->running, 0);
  atomic_store(&p->idle, 0);
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->cv, NULL);
  pthread_mutex_init(&p->run_lock, NULL);
  for (unsigned i = 0; i < p->n; i++) {
    atomic_store(&p->w[i].dq.lock, 0);
    atomic_store(&p->w[i].th, NULL); /* records of threads gone */
  }
}

static void stm_pool_init(void) {
  stm_pool_t *p = &stm_pool;
  unsigned n = stm_pool_size();
  if (n > STM_TASK_MAX_THREADS)
    n = STM_TASK_MAX_THREADS;
  p->w = aligned_alloc(STM_CACHELINE, n * sizeof(stm_worker_t));
  if (!p->w)
    stm_fatal("out of memory allocating the task pool (%u workers)", n);
  memset(p->w, 0, n * sizeof(stm_worker_t));
  for (unsigned i = 0; i < n; i++) {
    p->w[i].id = i;
    p->w[i].rng = 0x9e3779b97f4a7c15ull * (i + 1);
  }
  p->n = n;
  pthread_atfork(NULL, NULL, stm_pool_fork_child);
}

static stm_pool_t *stm_pool_get(void) {
  pthread_once(&stm_pool_once, stm_pool_init);
  return &stm_pool;
}

/* ---- queues -------------------------------------------------------------- */

static bool stm_pool_any_queued(stm_pool_t *p) {
  for (unsigned i = 0; i < p->n; i++)
    if (atomic_load_explicit(&p->w[i].dq.len, memory_order_seq_cst))
      return true;
  return false;
}

/* After a push: wake a sleeping worker, if any, while a run is on.  The
 * push's seq_cst update of the queue length orders it before these loads,
 * as the sleeper's seq_cst idle++ precedes its scan of the lengths: either
 * the sleeper sees the task or we see the sleeper.  (A wake-up lost
 * otherwise would cost parallelism, never a task: the owner of a queue
 * runs what is in it, and the last worker to go idle scans every queue.) */
static void stm_pool_wake(stm_pool_t *p) {
  if (!atomic_load_explicit(&p->running, memory_order_seq_cst) ||
      !atomic_load_explicit(&p->idle, memory_order_seq_cst))
    return;
  pthread_mutex_lock(&p->mu);
  p->wake_seq++;
  pthread_cond_signal(&p->cv);
  pthread_mutex_unlock(&p->mu);
}

void stm_pool_push(const stm_task_t *t, size_t n) {
  stm_pool_t *p = stm_pool_get();
  stm_worker_t *w = stm_worker_self ? stm_worker_self : &p->w[0];
  stm_deque_lock(&w->dq);
  stm_deque_push_locked(&w->dq, t, n);
  stm_deque_unlock(&w->dq);
  stm_pool_wake(p);
}

static bool stm_pool_pop(stm_worker_t *w, stm_task_t *out) {
  if (!atomic_load_explicit(&w->dq.len, memory_order_relaxed))
    return false;
  stm_deque_lock(&w->dq);
  bool got = stm_deque_pop_locked(&w->dq, out);
  stm_deque_unlock(&w->dq);
  return got;
}

/* Take the older half of a victim's tasks (at most STM_STEAL_MAX): the
 * first to run now, the rest onto our own deque. */
static bool stm_pool_steal(stm_pool_t *p, stm_worker_t *w, stm_task_t *out) {
  w->rng ^= w->rng << 13;
  w->rng ^= w->rng >> 7;
  w->rng ^= w->rng << 17;
  unsigned start = (unsigned)(w->rng % p->n);
  for (unsigned i = 0; i < p->n; i++) {
    stm_worker_t *v = &p->w[(start + i) % p->n];
    if (v == w || !atomic_load_explicit(&v->dq.len, memory_order_relaxed))
      continue;
    stm_task_t buf[STM_STEAL_MAX];
    stm_deque_lock(&v->dq);
    size_t len = atomic_load_explicit(&v->dq.len, memory_order_relaxed);
    size_t want = (len + 1) / 2 < STM_STEAL_MAX ? (len + 1) / 2 : STM_STEAL_MAX;
    size_t got = stm_deque_take_head_locked(&v->dq, buf, want);
    stm_deque_unlock(&v->dq);
    if (!got)
      continue;
    *out = buf[0];
    if (got > 1) {
      stm_deque_lock(&w->dq);
      stm_deque_push_locked(&w->dq, buf + 1, got - 1);
      stm_deque_unlock(&w->dq);
    }
    if (got > 1 || len > got)
      stm_pool_wake(p); /* more work is out there: share it */
    return true;
  }
  return false;
}

/* Run tasks until neither our deque nor anyone else's has any. */
static void stm_pool_drain(stm_pool_t *p, stm_worker_t *w) {
  stm_task_t t;
  for (;;) {
    if (!stm_pool_pop(w, &t) && !stm_pool_steal(p, w, &t)) {
      /* A victim may be between tasks: one more look before sleeping. */
      if (p->n == 1)
        return;
      sched_yield();
      if (!stm_pool_steal(p, w, &t))
        return;
    }
    stm_task_execute(t);
    if (STM_UNLIKELY(p->forked_in_run))
      stm_fatal("fork() was called inside a task: the child process cannot "
                "run tasks; call exec or _exit in the child");
  }
}

/* ---- idle and termination ------------------------------------------------ */

/* Called by a worker that found nothing to run.  Returns true when there
 * may be work again; false (to the caller of stm_run_all_tasks only) when
 * the run is over.  `counted`: the worker is already counted idle (a new
 * pool thread, counted by the run that created it). */
static bool stm_pool_idle(stm_pool_t *p, bool caller, bool counted) {
  pthread_mutex_lock(&p->mu);
  if (!counted)
    atomic_fetch_add_explicit(&p->idle, 1, memory_order_seq_cst);
  for (;;) {
    if (atomic_load_explicit(&p->running, memory_order_relaxed)) {
      if (stm_pool_any_queued(p)) {
        atomic_fetch_sub_explicit(&p->idle, 1, memory_order_seq_cst);
        pthread_mutex_unlock(&p->mu);
        return true;
      }
      if (atomic_load_explicit(&p->idle, memory_order_relaxed) == p->n) {
        /* Everyone idle, nothing queued: nothing runs, nothing can be added. */
        atomic_store_explicit(&p->running, 0, memory_order_seq_cst);
        p->wake_seq++;
        pthread_cond_broadcast(&p->cv);
      }
    }
    if (caller && !atomic_load_explicit(&p->running, memory_order_relaxed)) {
      pthread_mutex_unlock(&p->mu);
      return false;
    }
    uint64_t seq = p->wake_seq;
    do
      pthread_cond_wait(&p->cv, &p->mu);
    while (p->wake_seq == seq);
  }
}

static void *stm_pool_thread(void *arg) {
  stm_pool_t *p = &stm_pool;
  stm_worker_self = arg;
  /* Register now, not in the first task. */
  atomic_store_explicit(&stm_worker_self->th, stm_th(stm_tx_self()), memory_order_release);
  bool counted = true;
  for (;;) {
    stm_pool_idle(p, false, counted);
    counted = false;
    stm_pool_drain(p, stm_worker_self);
  }
  return NULL;
}

bool stm_tasks_idle_thread(const stm_thread_t *th) {
  stm_pool_t *p = &stm_pool;
  if (atomic_load_explicit(&p->running, memory_order_acquire))
    return false;
  for (unsigned i = 1; i < p->n; i++)
    if (atomic_load_explicit(&p->w[i].th, memory_order_acquire) == th)
      return true;
  return false;
}

/* Pool threads take no asynchronous signals: those are the program's. */
static void stm_pool_start_threads(stm_pool_t *p) {
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  for (unsigned i = p->started + 1; i < p->n; i++) {
    pthread_t tid;
    int err = pthread_create(&tid, NULL, stm_pool_thread, &p->w[i]);
    if (err)
      stm_fatal("cannot create task pool thread %u of %u (STM_THREADS=%u): %s", i, p->n - 1,
                p->n, strerror(err));
    pthread_detach(tid);
    p->started = i;
  }
  pthread_sigmask(SIG_SETMASK, &old, NULL);
}

void stm_pool_run(void) {
  stm_pool_t *p = stm_pool_get();
  pthread_mutex_lock(&p->run_lock);
  if (p->forked_in_run)
    stm_fatal("stm_run_all_tasks in a child forked inside a task");
  pthread_mutex_lock(&p->mu);
  /* Every pool thread is asleep (or about to be) and counted idle; this
   * thread is busy. */
  atomic_store_explicit(&p->idle, p->n - 1, memory_order_seq_cst);
  atomic_store_explicit(&p->running, 1, memory_order_seq_cst);
  if (p->started + 1 < p->n)
    stm_pool_start_threads(p);
  p->wake_seq++;
  pthread_cond_broadcast(&p->cv);
  pthread_mutex_unlock(&p->mu);

  stm_worker_self = &p->w[0];
  do
    stm_pool_drain(p, stm_worker_self);
  while (stm_pool_idle(p, true, false));
  stm_worker_self = NULL;
  /* Give back the chunks the run drained, but a few per queue (32 KB):
   * the next run's pushes then rarely need malloc. */
  for (unsigned i = 0; i < p->n; i++) {
    stm_deque_lock(&p->w[i].dq);
    stm_deque_trim_locked(&p->w[i].dq, STM_SPARE_KEEP);
    stm_deque_unlock(&p->w[i].dq);
  }
  pthread_mutex_unlock(&p->run_lock);
}
