// Opacity: doomed transactions must not act on an inconsistent view.
// Readers compute with values that are only consistent as a pair, in ways
// that crash (division by zero, out-of-bounds or freed memory) or loop
// forever on a mixed snapshot; writers keep changing the pairs.
// RUN: %rtcc %s -o %t %stm_ldflags && %t
// RUN: env STM_INJECT_ABORTS=20 %t
#include "Inputs/tx.h"

/* Invariant: x == y, alternating between 0 and 1. */
static uint64_t x, y;
/* Invariant: buf points to len words, each holding len << 32 | index. */
static uint64_t *buf;
static uint64_t len;
/* Invariant: ring is a cycle through all NODES nodes starting at head. */
#define NODES 8
struct node {
  struct node *next;
};
static struct node nodes[NODES];
static struct node *head;
static int stop;

static void *flipper(void *arg) {
  (void)arg;
  long n = test_iters(20000);
  for (long i = 0; i < n; i++) {
    TX_BEGIN(tx, A_ATOMIC) {
      uint64_t v = LD64(tx, &x) ^ 1;
      ST64(tx, &x, v);
      ST64(tx, &y, v);
    } TX_END(tx);
  }
  return NULL;
}

static void *resizer(void *arg) {
  (void)arg;
  long n = test_iters(8000);
  for (long i = 0; i < n; i++) {
    uint64_t nl = 1 + (uint64_t)(i % 13) * 5;
    TX_BEGIN(tx, A_ATOMIC) {
      uint64_t *nb = stm_malloc(tx, nl * 8, SC);
      for (uint64_t k = 0; k < nl; k++)
        ST64(tx, &nb[k], nl << 32 | k);
      stm_free(tx, LDP(tx, &buf), SC);
      STP(tx, &buf, nb);
      ST64(tx, &len, nl);
    } TX_END(tx);
  }
  return NULL;
}

/* Swap two neighbours in the ring: a mixed view may show a cycle that
 * never comes back to head. */
static void *ring_shuffler(void *arg) {
  uint64_t seed = (uint64_t)(intptr_t)arg + 99;
  long n = test_iters(10000);
  for (long i = 0; i < n; i++) {
    int k = (int)(test_rand(&seed) % (NODES - 2));
    TX_BEGIN(tx, A_ATOMIC) {
      struct node *a = LDP(tx, &head);
      for (int j = 0; j < k; j++)
        a = LDP(tx, &a->next);
      /* a -> b -> c -> d  becomes  a -> c -> b -> d */
      struct node *b = LDP(tx, &a->next);
      struct node *c = LDP(tx, &b->next);
      struct node *d = LDP(tx, &c->next);
      if (b != head && c != head) {
        STP(tx, &a->next, c);
        STP(tx, &c->next, b);
        STP(tx, &b->next, d);
      }
    } TX_END(tx);
  }
  return NULL;
}

static __thread volatile uint64_t sink; /* per reader: no race of our own */

static void *reader(void *arg) {
  (void)arg;
  long rounds = 0;
  while (!ALOAD(stop)) {
    TX_BEGIN(tx, A_ATOMIC) {
      /* 1: a mixed view divides by zero. */
      uint64_t a = LD64(tx, &x);
      for (volatile int k = 0; k < 10; k++) {
      }
      uint64_t b = LD64(tx, &y);
      sink = 100 / (1 + a - b);
      /* 2: a mixed view indexes out of bounds or reads freed memory. */
      uint64_t n = LD64(tx, &len);
      uint64_t *p = LDP(tx, &buf);
      uint64_t last = LD64(tx, &p[n - 1]);
      if (last != ((n << 32) | (n - 1))) {
        fprintf(stderr, "inconsistent view: len %llu, last element %#llx\n",
                (unsigned long long)n, (unsigned long long)last);
        abort();
      }
      /* 3: a mixed view loops (checked with a step limit). */
      struct node *h = LDP(tx, &head), *c = h;
      int steps = 0;
      do {
        c = LDP(tx, &c->next);
        if (++steps > NODES) {
          fprintf(stderr, "inconsistent view: ring does not close\n");
          abort();
        }
      } while (c != h);
      if (steps != NODES) {
        fprintf(stderr, "inconsistent view: ring of %d nodes\n", steps);
        abort();
      }
    } TX_END(tx);
    rounds++;
  }
  CHECK(rounds > 0);
  return NULL;
}

int main(void) {
  test_watchdog(30);
  len = 1;
  buf = malloc(8);
  buf[0] = 1ULL << 32;
  for (int i = 0; i < NODES; i++)
    nodes[i].next = &nodes[(i + 1) % NODES];
  head = &nodes[0];
  pthread_t w[3], r[2];
  for (int i = 0; i < 2; i++)
    CHECK(pthread_create(&r[i], NULL, reader, NULL) == 0);
  CHECK(pthread_create(&w[0], NULL, flipper, NULL) == 0);
  CHECK(pthread_create(&w[1], NULL, resizer, NULL) == 0);
  CHECK(pthread_create(&w[2], NULL, ring_shuffler, NULL) == 0);
  for (int i = 0; i < 3; i++)
    CHECK(pthread_join(w[i], NULL) == 0);
  ASTORE(stop, 1);
  for (int i = 0; i < 2; i++)
    CHECK(pthread_join(r[i], NULL) == 0);
  CHECK_EQ(x, y);
  free(buf);
  printf("ok\n");
  return 0;
}
