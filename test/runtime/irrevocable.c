// Irrevocability.  Code after stm_become_irrevocable runs exactly once per
// transaction (also with injected aborts); an irrevocable transaction that
// may cancel can still cancel.  STM_IRR_INSTRUMENTED: concurrent read-only
// transactions keep committing while it runs, and readers of what it
// writes never see half of it.  STM_IRR_SERIAL (and a relaxed block begun
// irrevocable): uninstrumented plain writes are never seen half done by
// any transaction, and no update is lost on either side.
// RUN: %rtcc %s -o %t %stm_ldflags && %t | FileCheck %s
// RUN: env STM_INJECT_ABORTS=20 %t | FileCheck %s
// CHECK: once ok
// CHECK: cancel ok
// CHECK: instrumented ok
// CHECK: serial ok
// CHECK: begin irrevocable ok
#include "Inputs/tx.h"
#include <sched.h>

static uint64_t x, y, z;
static long side_effects, attempts;

static void once(void) {
  long n = 200;
  x = y = 0;
  side_effects = 0;
  for (long i = 0; i < n; i++) {
    unsigned how = (i % 2) ? STM_IRR_SERIAL : STM_IRR_INSTRUMENTED;
    TX_BEGIN(tx, A_ATOMIC) {
      ST64(tx, &x, LD64(tx, &x) + 1);
      stm_become_irrevocable(tx, how, SI);
      CHECK(stm_is_irrevocable(tx));
      side_effects++; /* like I/O: must not happen twice */
      /* Serial: uninstrumented code follows, which must see the
       * transaction's own earlier writes in memory. */
      if (how == STM_IRR_SERIAL)
        CHECK_EQ(*(volatile uint64_t *)&x, (uint64_t)i + 1);
      ST64(tx, &y, LD64(tx, &x));
    } TX_END(tx);
    CHECK(!stm_is_irrevocable(stm_tx_self()));
  }
  CHECK_EQ(side_effects, n);
  CHECK_EQ(x, n);
  CHECK_EQ(y, n);

  printf("once ok\n");
}

static void cancel(void) {
  for (unsigned how = STM_IRR_INSTRUMENTED; how <= STM_IRR_SERIAL; how++) {
    x = y = z = 0;
    long logged = 1;
    TX_BEGIN(tx, A_CANCEL) {
      stm_log_local(tx, &logged, sizeof logged);
      ST64(tx, &x, 1);
      stm_become_irrevocable(tx, how, SI);
      logged = 2;
      ST64(tx, &y, 1);
      stm_cancel(tx, 0, SX);
    } TX_END(tx);
    CHECK(x == 0 && y == 0);
    CHECK_EQ(*(volatile long *)&logged, 1);

    TX_BEGIN(tx, A_ATOMIC) {
      stm_become_irrevocable(tx, how, SI);
      ST64(tx, &x, 5);
      TX_BEGIN(tx2, A_CANCEL) {
        ST64(tx2, &x, 6);
        ST64(tx2, &y, 6);
        stm_cancel(tx2, 0, SX);
      } TX_END(tx2);
      CHECK_EQ(LD64(tx, &x), 5);
      ST64(tx, &z, 7);
    } TX_END(tx);
    CHECK(x == 5 && y == 0 && z == 7);
  }
  printf("cancel ok\n");
}

/* ---- instrumented irrevocability with concurrent transactions ---------- */

static uint64_t p, q, bystander_data;
static long bystander_commits;
static int stop;

static void *bystander(void *arg) {
  (void)arg;
  while (!ALOAD(stop)) {
    uint64_t v = 0;
    TX_BEGIN(tx, A_ATOMIC) { v = LD64(tx, &bystander_data); } TX_END(tx);
    CHECK_EQ(v, 42);
    AINC(bystander_commits);
  }
  return NULL;
}

static void *pq_reader(void *arg) {
  (void)arg;
  while (!ALOAD(stop)) {
    TX_BEGIN(tx, A_ATOMIC) {
      uint64_t vp = LD64(tx, &p), vq = LD64(tx, &q);
      if (vp != vq) {
        fprintf(stderr, "reader saw half of a transaction: p=%llu q=%llu\n",
                (unsigned long long)vp, (unsigned long long)vq);
        abort();
      }
    } TX_END(tx);
  }
  return NULL;
}

static long writer_commits;
static void *pq_writer(void *arg) {
  (void)arg;
  while (!ALOAD(stop)) {
    TX_BEGIN(tx, A_ATOMIC) {
      ST64(tx, &p, LD64(tx, &p) + 1);
      ST64(tx, &q, LD64(tx, &q) + 1);
    } TX_END(tx);
    writer_commits++; /* read by main after join only */
    sched_yield();
  }
  return NULL;
}

/* The irrevocable transaction waits (uninstrumented, like I/O) until the
 * read-only bystanders have committed a few more times. */
static void wait_for_bystanders(void) {
  long start = ALOAD(bystander_commits);
  double t0 = test_now();
  while (ALOAD(bystander_commits) < start + 3) {
    if (test_now() - t0 > 2.0) {
      fprintf(stderr, "read-only transactions made no progress while a transaction "
                      "was irrevocable (instrumented)\n");
      abort();
    }
    sched_yield();
  }
}

static void instrumented(void) {
  bystander_data = 42;
  pthread_t t[3];
  CHECK(pthread_create(&t[0], NULL, bystander, NULL) == 0);
  CHECK(pthread_create(&t[1], NULL, pq_reader, NULL) == 0);
  CHECK(pthread_create(&t[2], NULL, pq_writer, NULL) == 0);
  long n = test_iters(40);
  side_effects = 0;
  for (long i = 0; i < n; i++) {
    TX_BEGIN(tx, A_ATOMIC) {
      uint64_t vp = LD64(tx, &p);
      stm_become_irrevocable(tx, STM_IRR_INSTRUMENTED, SI);
      CHECK(stm_is_irrevocable(tx));
      side_effects++;
      wait_for_bystanders();
      ST64(tx, &p, vp + 1);
      wait_for_bystanders();
      /* What it read before becoming irrevocable is still current. */
      CHECK_EQ(LD64(tx, &q), vp);
      ST64(tx, &q, LD64(tx, &q) + 1);
    } TX_END(tx);
  }
  ASTORE(stop, 1);
  for (int i = 0; i < 3; i++)
    CHECK(pthread_join(t[i], NULL) == 0);
  CHECK_EQ(side_effects, n);
  CHECK_EQ(p, (uint64_t)(n + writer_commits));
  CHECK_EQ(q, p);
  printf("instrumented ok\n");
}

/* ---- serial irrevocability --------------------------------------------- */

static uint64_t sa, sb, sc;

static void *serial_peer(void *arg) {
  long n = (long)(intptr_t)arg;
  for (long i = 0; i < n; i++) {
    TX_BEGIN(tx, A_ATOMIC) {
      uint64_t va = LD64(tx, &sa);
      uint64_t vb = LD64(tx, &sb);
      if (va != vb) {
        fprintf(stderr, "a transaction ran concurrently with a serial one: a=%llu b=%llu\n",
                (unsigned long long)va, (unsigned long long)vb);
        abort();
      }
      ST64(tx, &sc, LD64(tx, &sc) + 1);
    } TX_END(tx);
  }
  return NULL;
}

static void serial_body(void) {
  /* Uninstrumented code writing shared memory in place. */
  sa++;
  for (int k = 0; k < 5; k++)
    sched_yield();
  sb++;
  sc += 1000;
}

static void serial(void) {
  long peer_n = test_iters(4000), n = test_iters(100);
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    CHECK(pthread_create(&t[i], NULL, serial_peer, (void *)(intptr_t)peer_n) == 0);
  side_effects = 0;
  for (long i = 0; i < n; i++) {
    if (i % 2) {
      TX_BEGIN(tx, A_ATOMIC) {
        ST64(tx, &sc, LD64(tx, &sc) + 1);
        stm_become_irrevocable(tx, STM_IRR_SERIAL, SI);
        side_effects++;
        serial_body();
      } TX_END(tx);
    } else {
      TX_BEGIN(tx, STM_ATTR_RELAXED) {
        stm_become_irrevocable(tx, STM_IRR_SERIAL, SI);
        side_effects++;
        serial_body();
        ST64(tx, &sc, LD64(tx, &sc) + 1);
      } TX_END(tx);
    }
  }
  for (int i = 0; i < 2; i++)
    CHECK(pthread_join(t[i], NULL) == 0);
  CHECK_EQ(side_effects, n);
  CHECK_EQ(sa, (uint64_t)n);
  CHECK_EQ(sb, (uint64_t)n);
  CHECK_EQ(sc, (uint64_t)(1001 * n + 2 * peer_n));
  printf("serial ok\n");
}

/* A relaxed block that begins irrevocable (STM_ATTR_IRREVOCABLE) runs its
 * body once, serially: plain writes inside are never seen half done. */
static void *attr_peer(void *arg) {
  (void)arg;
  while (!ALOAD(stop)) {
    TX_BEGIN(tx, A_ATOMIC) {
      if (LD64(tx, &sa) != LD64(tx, &sb)) {
        fprintf(stderr, "a transaction ran concurrently with one begun irrevocable\n");
        abort();
      }
    } TX_END(tx);
  }
  return NULL;
}

static void begin_irrevocable(void) {
  ASTORE(stop, 0);
  sa = sb = z = 0;
  pthread_t t;
  CHECK(pthread_create(&t, NULL, attr_peer, NULL) == 0);
  long n = 200;
  attempts = 0;
  for (long i = 0; i < n; i++) {
    TX_BEGIN(tx, STM_ATTR_RELAXED | STM_ATTR_IRREVOCABLE) {
      attempts++;
      CHECK(stm_is_irrevocable(tx));
      ST64(tx, &z, LD64(tx, &z) + 1);
      serial_body();
    } TX_END(tx);
  }
  ASTORE(stop, 1);
  CHECK(pthread_join(t, NULL) == 0);
  CHECK_EQ(attempts, n);
  CHECK_EQ(z, n);
  CHECK(sa == (uint64_t)n && sb == (uint64_t)n);
  printf("begin irrevocable ok\n");
}

int main(void) {
  test_watchdog(30);
  once();
  cancel();
  instrumented();
  serial();
  begin_irrevocable();
  return 0;
}
