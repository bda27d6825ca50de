// Tasks written in plain C and compiled with the plugin: the task functions
// run as their transactional clones (registered by the plugin for every
// function the file passes to stm_add_task), stm_add_task may be called in
// a task and in an atomic block, an atomic block in a task may cancel, and
// a task may print (irrevocable).  Exact results at 1, 2 and 4 threads.
// RUN: %stmcc -O2 -Wall -Wextra -Werror %s -o %t
// RUN: env STM_THREADS=1 STM_STATS=1 %t 2>&1 | FileCheck %s
// RUN: env STM_THREADS=2 STM_STATS=1 %t 2>&1 | FileCheck %s
// RUN: env STM_THREADS=4 STM_STATS=1 %t 2>&1 | FileCheck %s
// RUN: env STM_THREADS=4 STM_INJECT_ABORTS=20 %t | FileCheck %s --check-prefix=OK
// CHECK-DAG: split tree: 131071 nodes, depth sum 1966082: OK
// CHECK-DAG: cancel: kept 1000, cancelled 0, children 1000: OK
// CHECK-DAG: printed 100 lines: OK
// CHECK: stm:   tasks: 133171 (0 without a transactional clone, run serially)
// OK: split tree: 131071 nodes, depth sum 1966082: OK
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <stm.h>

enum { DEPTH = 16, NODES = (1 << (DEPTH + 1)) - 1, N = 1000 };

static long nodes, depth_sum;
static unsigned char mark[NODES];

static unsigned depth_of(uintptr_t id) { return 63 - (unsigned)__builtin_clzll(id + 1); }

/* Each node adds its children: a binary split tree. */
static void node(void *arg) {
  uintptr_t id = (uintptr_t)arg;
  nodes++;
  depth_sum += depth_of(id);
  mark[id]++;
  if (depth_of(id) < DEPTH) {
    stm_add_task(node, (void *)(2 * id + 1));
    stm_add_task(node, (void *)(2 * id + 2));
  }
}

static long kept[N], cancelled, children;

static void child(void *arg) {
  (void)arg;
  children++;
}

static void with_cancel(void *arg) {
  uintptr_t i = (uintptr_t)arg;
  kept[i] = 1;
  __transaction_atomic {
    cancelled++;
    kept[i] = 2;
    stm_add_task(child, NULL); /* dropped with the block */
    __transaction_cancel;
  }
  stm_add_task(child, NULL);
}

static long printed;
static void say(void *arg) {
  printed++;
  printf("line %lu\n", (unsigned long)(uintptr_t)arg);
}

int main(void) {
  stm_add_task(node, (void *)0);
  stm_run_all_tasks();
  int ok = nodes == NODES && depth_sum == 1966082;
  for (long i = 0; i < NODES; i++)
    ok &= mark[i] == 1;
  printf("split tree: %ld nodes, depth sum %ld: %s\n", nodes, depth_sum, ok ? "OK" : "FAILED");

  for (uintptr_t i = 0; i < N; i++)
    stm_add_task(with_cancel, (void *)i);
  stm_run_all_tasks();
  long sum = 0;
  for (int i = 0; i < N; i++)
    sum += kept[i];
  printf("cancel: kept %ld, cancelled %ld, children %ld: %s\n", sum, cancelled, children,
         sum == N && cancelled == 0 && children == N ? "OK" : "FAILED");

  for (uintptr_t i = 0; i < 100; i++)
    stm_add_task(say, (void *)i);
  stm_run_all_tasks();
  printf("printed %ld lines: %s\n", printed, printed == 100 ? "OK" : "FAILED");
  fflush(stdout); /* before the statistics, printed at exit on stderr */
  return 0;
}
