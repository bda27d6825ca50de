/*
 * globals.c - the state every thread shares, and small utilities.
 *
 * Each hot global sits on its own cache line: the orec table is read by all
 * barriers, the clock is written once per writing commit, the serial flag is
 * read by every begin and written almost never.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

__attribute__((aligned(4096))) uint64_t stm__orecs[STM_OREC_COUNT];
__attribute__((aligned(STM_CACHELINE))) uint64_t stm__clock;
__attribute__((aligned(STM_CACHELINE))) uint32_t stm__serial;
__thread stm_tx_t *stm__self __attribute__((tls_model("initial-exec")));

__attribute__((aligned(STM_CACHELINE))) stm_thread_t *_Atomic stm_irrev_owner;
__attribute__((aligned(STM_CACHELINE))) _Atomic uint32_t stm_nslots;
stm_thread_t *_Atomic stm_slots[STM_MAX_SLOTS];
stm_config_t stm_config = {.max_retries = 16};

void stm_fatal(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("libstm: fatal: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  fflush(stderr);
  _exit(2);
}

void stm_warn(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("libstm: warning: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

void stm_fatal_site(const stm_site_t *site, const char *what) {
  if (site && site->file)
    stm_fatal("%s:%u:%u: %s", site->file, site->line, site->col, what);
  stm_fatal("%s", what);
}

void *stm_xmalloc(size_t n, const char *what) {
  void *p = malloc(n ? n : 1);
  if (!p)
    stm_fatal("out of memory allocating %zu bytes for %s", n, what);
  return p;
}

void stm_vec_reserve(stm_vec_t *v, size_t elem, size_t n, const char *what) {
  if (n <= v->cap)
    return;
  size_t cap = v->cap ? v->cap : 16;
  while (cap < n) {
    if (cap > SIZE_MAX / 2 / elem)
      stm_fatal("the %s cannot grow beyond %zu entries", what, cap);
    cap *= 2;
  }
  void *d = realloc(v->data, cap * elem);
  if (!d)
    stm_fatal("out of memory growing the %s to %zu entries", what, cap);
  v->data = d;
  v->cap = cap;
}

void stm_vec_free(stm_vec_t *v) {
  free(v->data);
  v->data = NULL;
  v->len = v->cap = 0;
}

uint64_t stm_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Spin politely; past a few hundred rounds give the core away, since this
 * machine may run more threads than cores and the holder may be preempted. */
void stm_spin_pause(unsigned *spins) {
  if (++*spins < 256)
    __builtin_ia32_pause();
  else
    sched_yield();
}

const char *stm_version(void) { return "stmpass 0.1"; }

/* Two copies of the runtime (say libstm.a linked into both an executable
 * and a shared library) would each have their own clock and orecs: neither
 * would see the other's transactions.  Refuse at start-up.  The marker
 * carries the pid so that an exec'd child is not confused by its parent's. */
static void stm_check_single_copy(void) {
  static const char var[] = "STM_RUNTIME_INSTANCE__";
  char mine[64];
  /* A hidden symbol: an exported one (stm__clock) would be interposed, and
   * both copies would print the same address. */
  snprintf(mine, sizeof mine, "%ld:%p", (long)getpid(), (void *)&stm_config);
  const char *other = getenv(var);
  if (other) {
    long pid = strtol(other, NULL, 10);
    if (pid == (long)getpid() && strcmp(other, mine) != 0)
      stm_fatal("two copies of the stmpass runtime are loaded in this process "
                "(libstm linked statically into more than one module?); link "
                "every module against the same libstm.so");
  }
  setenv(var, mine, 1);
}

__attribute__((constructor(101))) static void stm_runtime_init(void) {
  stm_check_single_copy();
  stm_env_init();
  atexit(stm_stats_at_exit);
}
