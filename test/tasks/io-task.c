// Tasks that do I/O: the task's relaxed transaction becomes irrevocable
// before the output (as the plugin emits it for a call to fprintf), so
// each task writes its line exactly once, even when other tasks conflict
// with it and abort; tasks without a clone (serial) do I/O too.  The file
// is read back: every id once, nothing else.
// RUN: %rtcc %s -o %t %stm_ldflags
// RUN: env STM_THREADS=1 %t %t.out | FileCheck %s
// RUN: env STM_THREADS=2 %t %t.out | FileCheck %s
// RUN: env STM_THREADS=4 %t %t.out | FileCheck %s
// RUN: env STM_THREADS=4 STM_INJECT_ABORTS=30 %t %t.out | FileCheck %s
// CHECK: io ok: 3000 lines
#include "Inputs/tasks.h"

enum { N = 1000 };

static FILE *out;
static uint64_t total;     /* every task bumps it: conflicts */
static uint64_t after_io;  /* written after the irrevocable switch */

static void io_task(void *arg) {
  (void)arg;
  abort(); /* the clone runs */
}

static void io_task_tx(void *arg) {
  stm_tx_t *tx = stm_tx_self();
  uintptr_t i = (uintptr_t)arg;
  ST64(tx, &total, LD64(tx, &total) + 1); /* may abort: before the I/O */
  stm_become_irrevocable(tx, STM_IRR_INSTRUMENTED, TX_SITE(STM_SITE_IRREV, "fprintf"));
  fprintf(out, "clone %lu\n", (unsigned long)i);
  ST64(tx, &after_io, LD64(tx, &after_io) + 1);
}

/* No clone: serial. */
static void plain_io(void *arg) {
  fprintf(out, "plain %lu\n", (unsigned long)(uintptr_t)arg);
  total++;
  after_io++;
}

int main(int argc, char **argv) {
  test_watchdog(60);
  CHECK(argc == 2);
  out = fopen(argv[1], "w");
  CHECK(out != NULL);
  REGISTER_CLONE(io_task, io_task_tx);
  for (uintptr_t i = 0; i < N; i++)
    stm_add_task(io_task, (void *)i);
  stm_run_all_tasks();
  for (uintptr_t i = 0; i < N; i++) {
    stm_add_task(io_task, (void *)(i + N));
    stm_add_task(plain_io, (void *)i);
  }
  stm_run_all_tasks();
  CHECK(fclose(out) == 0);
  CHECK_EQ(total, 3 * N);
  CHECK_EQ(after_io, 3 * N);

  static int seen_clone[2 * N], seen_plain[N];
  FILE *in = fopen(argv[1], "r");
  CHECK(in != NULL);
  char kind[16];
  unsigned long id;
  int lines = 0, r;
  while ((r = fscanf(in, "%15s %lu\n", kind, &id)) == 2) {
    lines++;
    if (strcmp(kind, "clone") == 0 && id < 2 * N)
      seen_clone[id]++;
    else if (strcmp(kind, "plain") == 0 && id < N)
      seen_plain[id]++;
    else
      CHECK(!"unexpected line");
  }
  CHECK(r == EOF);
  fclose(in);
  for (int i = 0; i < 2 * N; i++)
    CHECK_EQ(seen_clone[i], 1);
  for (int i = 0; i < N; i++)
    CHECK_EQ(seen_plain[i], 1);
  printf("io ok: %d lines\n", lines);
  return 0;
}
