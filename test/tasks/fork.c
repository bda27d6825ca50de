// fork() and the pool.  Between runs: the child has no pool threads until
// its first run creates them, keeps the tasks queued before the fork, and
// runs tasks exactly like the parent.  Inside a task: a child that calls
// _exit is fine; a child that returns into the pool gets a fatal error
// (it cannot finish the parent's run).
// TSan cannot start threads in a child of a multithreaded process.
// UNSUPPORTED: tsan
// RUN: %rtcc %s -o %t %stm_ldflags
// RUN: env STM_THREADS=1 %t 2>&1 | FileCheck %s
// RUN: env STM_THREADS=2 %t 2>&1 | FileCheck %s
// RUN: env STM_THREADS=4 %t 2>&1 | FileCheck %s
// CHECK: between runs ok
// CHECK: fork in task, _exit ok
// CHECK: libstm: fatal: fork() was called inside a task: the child process cannot run tasks
// CHECK: fork in task, child status 2
#include "Inputs/tasks.h"
#include <sys/wait.h>

static uint64_t count;

static void task(void *arg) {
  (void)arg;
  abort();
}
static void task_tx(void *arg) {
  stm_tx_t *tx = stm_tx_self();
  ST64(tx, &count, LD64(tx, &count) + (uintptr_t)arg);
}

static void run_some(uint64_t n) {
  for (uint64_t i = 0; i < n; i++)
    stm_add_task(task, (void *)1);
  stm_run_all_tasks();
}

/* No clone: runs serially, so the fork happens with every other
 * transaction stopped. */
static int exit_in_child;
static void forking(void *arg) {
  (void)arg;
  fflush(stdout);
  pid_t pid = fork();
  CHECK(pid >= 0);
  if (pid == 0 && exit_in_child)
    _exit(0);
  if (pid == 0)
    return; /* back into the pool: fatal in the child */
  int status;
  CHECK(waitpid(pid, &status, 0) == pid);
  CHECK(WIFEXITED(status));
  if (exit_in_child)
    printf("fork in task, _exit ok\n");
  else
    printf("fork in task, child status %d\n", WEXITSTATUS(status));
}

int main(void) {
  test_watchdog(60);
  REGISTER_CLONE(task, task_tx);
  run_some(1000);
  for (int i = 0; i < 100; i++)
    stm_add_task(task, (void *)1000); /* queued before the fork */
  fflush(stdout);
  pid_t pid = fork();
  CHECK(pid >= 0);
  run_some(1000); /* both processes: their own pool */
  CHECK_EQ(count, 1000 + 100 * 1000 + 1000);
  if (pid == 0)
    _exit(0);
  int status;
  CHECK(waitpid(pid, &status, 0) == pid);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  printf("between runs ok\n");

  exit_in_child = 1;
  stm_add_task(forking, NULL);
  stm_run_all_tasks();
  exit_in_child = 0;
  stm_add_task(forking, NULL);
  stm_run_all_tasks();
  return 0;
}
