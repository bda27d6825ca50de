// Privatization: the main thread unlinks a node in a transaction, and then,
// outside any transaction, poisons it, checks that no transaction writes it
// any more (no delayed write-back from a writer that committed earlier),
// and frees it or re-initialises and re-publishes it.  Traversing threads
// read and update nodes transactionally and must never see a poisoned
// node (doomed readers included: the check is inside the transaction), and
// must never touch freed memory (ASan).
// RUN: %rtcc %s -o %t %stm_ldflags && %t
// RUN: env STM_INJECT_ABORTS=20 %t
#include "Inputs/tx.h"
#include <sched.h>

#define POISON 0xdeadbeefdeadbeefULL
#define BAD_NEXT ((struct node *)(uintptr_t)0x10)
#define LIVE 16

struct node {
  uint64_t key;  /* first 16 bytes: what free() and a poisoner overwrite */
  struct node *next;
  uint64_t val;  /* always key * 3 while linked */
  uint64_t hits; /* bumped by traversers */
};
static struct node *head;
static int stop;

static void *traverser(void *arg) {
  uint64_t seed = (uint64_t)(intptr_t)arg * 77 + 1;
  while (!ALOAD(stop)) {
    unsigned bump = (unsigned)(test_rand(&seed) % LIVE);
    TX_BEGIN(tx, A_ATOMIC) {
      unsigned k = 0;
      for (struct node *n = LDP(tx, &head); n; n = LDP(tx, &n->next), k++) {
        uint64_t key = LD64(tx, &n->key), val = LD64(tx, &n->val);
        if (key == POISON || val != key * 3) {
          fprintf(stderr, "transaction saw a privatized node: key %#llx val %#llx\n",
                  (unsigned long long)key, (unsigned long long)val);
          abort();
        }
        if (k == bump)
          ST64(tx, &n->hits, LD64(tx, &n->hits) + 1);
        if (k > 4 * LIVE) {
          fprintf(stderr, "transaction saw a cycle\n");
          abort();
        }
      }
    } TX_END(tx);
  }
  return NULL;
}

static struct node *new_node(uint64_t key) {
  struct node *n = malloc(sizeof *n);
  CHECK(n);
  n->key = key;
  n->val = key * 3;
  n->hits = 0;
  n->next = NULL;
  return n;
}

int main(void) {
  test_watchdog(30);
  uint64_t next_key = 1;
  for (int i = 0; i < LIVE; i++) {
    struct node *n = new_node(next_key++);
    n->next = head;
    head = n;
  }
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    CHECK(pthread_create(&t[i], NULL, traverser, (void *)(intptr_t)i) == 0);
  long rounds = test_iters(1000);
  uint64_t seed = 5;
  double t0 = test_now();
  long r;
  for (r = 0; r < rounds && (r < 10 || test_time_left(t0, 0.6)); r++) {
    unsigned pos = (unsigned)(test_rand(&seed) % LIVE);
    struct node *victim = NULL;
    /* Unlink the node at pos. */
    TX_BEGIN_R(tx, A_ATOMIC, victim = NULL) {
      struct node **link = &head;
      for (unsigned k = 0; k < pos; k++)
        link = (struct node **)&((struct node *)LDP(tx, link))->next;
      victim = LDP(tx, link);
      STP(tx, link, LDP(tx, &victim->next));
    } TX_END(tx);
    /* Private now: plain accesses, no transaction can see it. */
    victim->key = POISON;
    victim->val = POISON;
    victim->next = BAD_NEXT;
    victim->hits = 0;
    if (r % 8 == 0)
      sched_yield(); /* give a delayed write-back time to show up */
    if (victim->hits != 0 || victim->key != POISON || victim->next != BAD_NEXT) {
      fprintf(stderr, "a transaction wrote a privatized node after its unlink committed\n");
      abort();
    }
    struct node *n;
    if (r % 2) {
      free(victim);
      n = new_node(next_key++);
    } else {
      n = victim; /* re-initialised in place, then published again */
      n->key = next_key++;
      n->val = n->key * 3;
      n->next = NULL;
    }
    TX_BEGIN(tx, A_ATOMIC) {
      STP(tx, &n->next, LDP(tx, &head));
      STP(tx, &head, n);
    } TX_END(tx);
  }
  ASTORE(stop, 1);
  for (int i = 0; i < 2; i++)
    CHECK(pthread_join(t[i], NULL) == 0);
  int count = 0;
  while (head) {
    struct node *n = head;
    head = n->next;
    CHECK_EQ(n->val, n->key * 3);
    free(n);
    count++;
  }
  CHECK_EQ(count, LIVE);
  printf("ok\n");
  return 0;
}
