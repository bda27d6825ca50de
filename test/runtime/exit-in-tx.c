// exit() and pthread_exit() inside a relaxed transaction: after the
// transaction became irrevocable (serially, as the plugin makes it before an
// unknown call such as exit, whose atexit handlers may read anything) its
// writes are visible to the atexit handlers and committed before the
// process goes; a thread that became irrevocable and calls pthread_exit
// commits; a thread that ended that way does not block later transactions
// (quiescence, reclamation).  A revocable one either commits too or stops
// with a clear fatal error: never a crash, a hang or lost writes with a
// zero exit status.
// RUN: %rtcc %s -o %t %stm_ldflags
// RUN: %t exit-serial | FileCheck %s
// RUN: %t thread-exit | FileCheck %s
// RUN: env STM_INJECT_ABORTS=20 %t exit-serial | FileCheck %s
// RUN: env STM_INJECT_ABORTS=20 %t thread-exit | FileCheck %s
// RUN: %t check thread-exit-revocable
// RUN: %t check exit-revocable | FileCheck --check-prefix=EITHER %s
// RUN: env STM_INJECT_ABORTS=20 %t check exit-revocable
// RUN: env STM_INJECT_ABORTS=20 %t check thread-exit-revocable
// CHECK: x=42
// EITHER: {{exit-revocable: (committed|fatal error: .*transaction)}}
#include "Inputs/tx.h"
#include <sys/wait.h>

static uint64_t x, y;

static void report(void) {
  printf("x=%llu\n", (unsigned long long)x);
  fflush(stdout);
}

static void tx_then_exit(unsigned irr) {
  TX_BEGIN(tx, STM_ATTR_RELAXED) {
    ST64(tx, &y, 1);
    if (irr)
      stm_become_irrevocable(tx, irr, SI);
    ST64(tx, &x, 42);
    exit(0);
  } TX_END(tx);
}

static void *thread_exits(void *arg) {
  unsigned irr = (unsigned)(intptr_t)arg;
  TX_BEGIN(tx, STM_ATTR_RELAXED) {
    ST64(tx, &y, 1);
    if (irr)
      stm_become_irrevocable(tx, irr, SI);
    ST64(tx, &x, 42);
    pthread_exit(NULL);
  } TX_END(tx);
  return NULL;
}

static int thread_then_main(unsigned irr) {
  pthread_t t;
  CHECK(pthread_create(&t, NULL, thread_exits, (void *)(intptr_t)irr) == 0);
  CHECK(pthread_join(t, NULL) == 0);
  /* Writers commit (and wait for older transactions) after it. */
  for (int i = 0; i < 100; i++) {
    TX_BEGIN(tx, A_ATOMIC) {
      ST64(tx, &y, LD64(tx, &y) + 1);
      void *p = stm_malloc(tx, 16, SC);
      stm_free(tx, p, SC);
    } TX_END(tx);
  }
  CHECK_EQ(y, 101);
  report();
  return 0;
}

/* Run this program in `mode` and accept either documented outcome. */
static int check_either(const char *self, const char *mode) {
  int out[2], err[2];
  CHECK(pipe(out) == 0 && pipe(err) == 0);
  fflush(NULL);
  pid_t pid = fork();
  CHECK(pid >= 0);
  if (pid == 0) {
    dup2(out[1], 1);
    dup2(err[1], 2);
    close(out[0]);
    close(err[0]);
    execl(self, self, mode, (char *)NULL);
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  char obuf[256] = {0}, ebuf[4096] = {0};
  size_t on = 0, en = 0;
  ssize_t k;
  while (on < sizeof obuf - 1 && (k = read(out[0], obuf + on, sizeof obuf - 1 - on)) > 0)
    on += (size_t)k;
  while (en < sizeof ebuf - 1 && (k = read(err[0], ebuf + en, sizeof ebuf - 1 - en)) > 0)
    en += (size_t)k;
  int st;
  CHECK(waitpid(pid, &st, 0) == pid);
  if (WIFEXITED(st) && WEXITSTATUS(st) == 0 && strstr(obuf, "x=42")) {
    printf("%s: committed\n", mode);
    return 0;
  }
  if (WIFEXITED(st) && WEXITSTATUS(st) != 0 && WEXITSTATUS(st) != 127 && en > 0 &&
      !strstr(ebuf, "Sanitizer")) {
    printf("%s: fatal error: %s", mode, ebuf);
    return 0;
  }
  fprintf(stderr, "%s: neither committed nor a clean fatal error (%s %d)\nstdout: %s\nstderr: %s\n",
          mode, WIFEXITED(st) ? "exit" : "signal", WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st),
          obuf, ebuf);
  return 1;
}

int main(int argc, char **argv) {
  test_watchdog(20);
  CHECK(argc >= 2);
  const char *m = argv[1];
  CHECK(atexit(report) == 0);
  if (!strcmp(m, "exit-serial"))
    tx_then_exit(STM_IRR_SERIAL);
  else if (!strcmp(m, "exit-revocable"))
    tx_then_exit(0);
  else if (!strcmp(m, "thread-exit"))
    return thread_then_main(STM_IRR_INSTRUMENTED);
  else if (!strcmp(m, "thread-exit-revocable"))
    return thread_then_main(0);
  else if (!strcmp(m, "check") && argc == 3) {
    int r = check_either(argv[0], argv[2]);
    fflush(stdout);
    _exit(r); /* not through report() */
  }
  fprintf(stderr, "bad mode\n");
  return 2;
}
