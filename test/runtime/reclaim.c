// Reclamation: a writer unlinks nodes and frees them inside transactions
// (stm_free), then immediately mallocs and fills blocks of the same size
// with plain stores, and allocates its next node in a transaction, filling
// it with plain stores first; so a block reused too early (by libc or by
// the runtime) is poisoned at once.  Readers that loaded a pointer before the unlink
// keep reading through it; they must never see the poison (checked inside
// the transaction) nor touch freed memory (ASan).
// RUN: %rtcc %s -o %t %stm_ldflags && %t
// RUN: env STM_INJECT_ABORTS=20 %t
#include "Inputs/tx.h"

#define POISON 0x5a5a5a5a5a5a5a5aULL
#define LIVE 8

struct node {
  uint64_t key;
  struct node *next;
  uint64_t val; /* key * 3 */
  uint64_t pad[5];
};
static struct node *head;
static int stop;

static void *reader(void *arg) {
  (void)arg;
  while (!ALOAD(stop)) {
    TX_BEGIN(tx, A_ATOMIC) {
      int k = 0;
      for (struct node *n = LDP(tx, &head); n; n = LDP(tx, &n->next)) {
        /* Dawdle between the pointer and the contents. */
        for (volatile int d = 0; d < 50; d++) {
        }
        uint64_t key = LD64(tx, &n->key), val = LD64(tx, &n->val);
        if (key == POISON || val != key * 3) {
          fprintf(stderr, "read a node after it was reclaimed: key %#llx val %#llx\n",
                  (unsigned long long)key, (unsigned long long)val);
          abort();
        }
        if (++k > 4 * LIVE) {
          fprintf(stderr, "list has a cycle\n");
          abort();
        }
      }
    } TX_END(tx);
  }
  return NULL;
}

int main(void) {
  test_watchdog(30);
  uint64_t key = 1;
  for (int i = 0; i < LIVE; i++) {
    struct node *n = calloc(1, sizeof *n);
    n->key = key++;
    n->val = n->key * 3;
    n->next = head;
    head = n;
  }
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    CHECK(pthread_create(&t[i], NULL, reader, NULL) == 0);
  long rounds = test_iters(3000);
  struct node *junk[4];
  double t0 = test_now();
  long r;
  for (r = 0; r < rounds && (r < 10 || test_time_left(t0, 0.6)); r++) {
    /* Remove the last node and free it, in one transaction. */
    TX_BEGIN(tx, A_ATOMIC) {
      struct node **link = &head, *n;
      while ((n = LDP(tx, link)) && LDP(tx, &n->next))
        link = &n->next;
      STP(tx, link, NULL);
      stm_free(tx, n, SC);
    } TX_END(tx);
    /* Plain allocations of the same size, poisoned: what libc hands out
     * again first. */
    for (int j = 0; j < 4; j++) {
      junk[j] = malloc(sizeof(struct node));
      CHECK(junk[j]);
      for (size_t w = 0; w < sizeof(struct node) / 8; w++)
        ((volatile uint64_t *)junk[j])[w] = POISON;
    }
    for (int j = 0; j < 4; j++)
      free(junk[j]);
    /* A fresh node at the head, allocated in the transaction (likely the
     * runtime's own reuse of a freed node).  Fresh memory is private until
     * published, so code may fill it without barriers, as here. */
    TX_BEGIN(tx, A_ATOMIC) {
      struct node *n = stm_malloc(tx, sizeof *n, SC);
      for (size_t w = 0; w < sizeof(struct node) / 8; w++)
        ((volatile uint64_t *)n)[w] = POISON;
      for (volatile int d = 0; d < 200; d++) {
      }
      ST64(tx, &n->key, key);
      ST64(tx, &n->val, key * 3);
      STP(tx, &n->next, LDP(tx, &head));
      STP(tx, &head, n);
    } TX_END(tx);
    key++;
  }
  ASTORE(stop, 1);
  for (int i = 0; i < 2; i++)
    CHECK(pthread_join(t[i], NULL) == 0);
  int count = 0;
  while (head) {
    struct node *n = head;
    head = n->next;
    free(n);
    count++;
  }
  CHECK_EQ(count, LIVE);
  printf("ok\n");
  return 0;
}
