// fork while another thread is in the middle of a transaction (it has
// locked a word and waits, inside the transaction, for the forking thread):
// fork must not wait for that transaction to end.  The child's runtime is
// reset: it can write the word the parent thread had locked, never sees that
// thread's uncommitted write, runs transactions and threads; the parent's
// transaction then commits normally.
// RUN: %rtcc %s -o %t %stm_ldflags && %t
// RUN: env STM_INJECT_ABORTS=20 %t
#include "Inputs/tx.h"
#include <sched.h>
#include <sys/wait.h>

static uint64_t held, p, q;
static int held_locked, release_held, stop;

/* Writes `held` and then waits, mid-transaction, for the main thread. */
static void *holder(void *arg) {
  (void)arg;
  TX_BEGIN(tx, A_ATOMIC) {
    ST64(tx, &held, LD64(tx, &held) + 1);
    ASTORE(held_locked, 1);
    while (!ALOAD(release_held)) {
    }
  } TX_END(tx);
  return NULL;
}

/* Keeps p == q at every commit. */
static void *committer(void *arg) {
  (void)arg;
  while (!ALOAD(stop)) {
    TX_BEGIN(tx, A_ATOMIC) {
      uint64_t v = LD64(tx, &p) + 1;
      ST64(tx, &p, v);
      ST64(tx, &q, v);
    } TX_END(tx);
    sched_yield(); /* leave the cores to the forked children */
  }
  return NULL;
}

static int child(void) {
  alarm(10); /* a child that hangs fails */
  uint64_t vp = 0, vq = 0, vh = 0;
  for (int i = 0; i < 100; i++) {
    TX_BEGIN(tx, A_ATOMIC) {
      vh = LD64(tx, &held);
      ST64(tx, &held, vh + 1);
      vp = LD64(tx, &p);
      vq = LD64(tx, &q);
      ST64(tx, &p, vp + 1);
      ST64(tx, &q, vq + 1);
      void *m = stm_malloc(tx, 100, SC);
      stm_free(tx, m, SC);
    } TX_END(tx);
    if (vp != vq) {
      fprintf(stderr, "child saw p=%llu q=%llu\n", (unsigned long long)vp,
              (unsigned long long)vq);
      return 1;
    }
  }
  /* The holder's uncommitted write was never visible. */
  if (held != 100 || p != q) {
    fprintf(stderr, "child: held=%llu p=%llu q=%llu\n", (unsigned long long)held,
            (unsigned long long)p, (unsigned long long)q);
    return 1;
  }
  /* The child can run threads with transactions, too (TSan refuses
   * threads in the child of a multi-threaded fork). */
  pthread_t t;
  if (!TEST_TSAN && pthread_create(&t, NULL, committer, NULL) != 0)
    return 1;
  for (int i = 0; i < 50; i++)
    TX_BEGIN(tx, A_ATOMIC) { ST64(tx, &held, LD64(tx, &held) + 1); } TX_END(tx);
  ASTORE(stop, 1);
  if (!TEST_TSAN)
    pthread_join(t, NULL);
  return held == 150 && p == q ? 0 : 1;
}

static void fork_and_check(void) {
  fflush(NULL);
  pid_t pid = fork();
  CHECK(pid >= 0);
  if (pid == 0)
    _exit(child());
  int st;
  CHECK(waitpid(pid, &st, 0) == pid);
  if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
    fprintf(stderr, "child failed: %s %d\n", WIFEXITED(st) ? "exit" : "signal",
            WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
    abort();
  }
}

int main(void) {
  test_watchdog(30);
  pthread_t h;
  CHECK(pthread_create(&h, NULL, holder, NULL) == 0);
  while (!ALOAD(held_locked)) {
  }
  int forks = TEST_SANITIZED ? 3 : 8;
  for (int i = 0; i < forks; i++)
    fork_and_check();
  ASTORE(release_held, 1);
  CHECK(pthread_join(h, NULL) == 0);
  CHECK_EQ(held, 1);
  CHECK_EQ(p, q);
  /* The parent still works after all that. */
  TX_BEGIN(tx, A_ATOMIC) { ST64(tx, &held, LD64(tx, &held) + 1); } TX_END(tx);
  CHECK_EQ(held, 2);
  printf("ok\n");
  return 0;
}
