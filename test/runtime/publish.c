// Publication: data initialised with plain stores outside any transaction
// and then published by a transaction (a pointer pushed on a list, or a
// flag set) is seen complete by every transaction that sees the
// publication.  The same memory is later privatized (flag cleared, node
// unlinked), rewritten with plain stores and published again.
// RUN: %rtcc %s -o %t %stm_ldflags && %t
// RUN: env STM_INJECT_ABORTS=20 %t
#include "Inputs/tx.h"

#define FIELDS 8
#define DATA 64
struct node {
  struct node *next;
  uint64_t id;
  uint64_t f[FIELDS]; /* id * (k + 1) */
};
static struct node *head;
static uint64_t flag;       /* 0: data private to the publisher; else its generation */
static uint64_t data[DATA]; /* all equal to flag while flag != 0 */
static int stop;
static long seen_published;

static void *reader(void *arg) {
  (void)arg;
  while (!ALOAD(stop)) {
    int published = 0;
    TX_BEGIN_R(tx, A_ATOMIC, published = 0) {
      int k = 0;
      for (struct node *n = LDP(tx, &head); n && k < 16; n = LDP(tx, &n->next), k++) {
        uint64_t id = LD64(tx, &n->id);
        for (int j = 0; j < FIELDS; j++)
          if (LD64(tx, &n->f[j]) != id * (uint64_t)(j + 1)) {
            fprintf(stderr, "published node %llu incomplete at field %d\n",
                    (unsigned long long)id, j);
            abort();
          }
      }
      uint64_t g = LD64(tx, &flag);
      if (g) {
        published = 1;
        for (int i = 0; i < DATA; i++)
          if (LD64(tx, &data[i]) != g) {
            fprintf(stderr, "published data (generation %llu) incomplete at %d\n",
                    (unsigned long long)g, i);
            abort();
          }
      }
    } TX_END(tx);
    if (published)
      AINC(seen_published);
  }
  return NULL;
}

int main(void) {
  test_watchdog(30);
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    CHECK(pthread_create(&t[i], NULL, reader, NULL) == 0);
  long rounds = test_iters(4000), r;
  double t0 = test_now();
  int length = 0;
  /* Until readers have seen at least one publication, too. */
  for (r = 1; (r <= rounds && (r < 10 || test_time_left(t0, 0.6))) || !ALOAD(seen_published);
       r++) {
    /* List: build privately, publish with one transactional store. */
    struct node *n = malloc(sizeof *n);
    CHECK(n);
    n->id = (uint64_t)r;
    for (int j = 0; j < FIELDS; j++)
      n->f[j] = (uint64_t)r * (uint64_t)(j + 1);
    TX_BEGIN(tx, A_ATOMIC) {
      STP(tx, &n->next, LDP(tx, &head));
      STP(tx, &head, n);
    } TX_END(tx);
    if (++length > 24) {
      /* Privatize the tail and free it with libc. */
      struct node *tail = NULL;
      TX_BEGIN_R(tx, A_ATOMIC, tail = NULL) {
        struct node **link = &head;
        while (LDP(tx, &((struct node *)LDP(tx, link))->next))
          link = (struct node **)&((struct node *)LDP(tx, link))->next;
        tail = LDP(tx, link);
        STP(tx, link, NULL);
      } TX_END(tx);
      memset(tail, 0xee, sizeof *tail);
      free(tail);
      length--;
    }
    /* Flag: privatize, rewrite in place, publish. */
    TX_BEGIN(tx, A_ATOMIC) { ST64(tx, &flag, 0); } TX_END(tx);
    for (int i = 0; i < DATA; i++)
      data[i] = (uint64_t)r;
    TX_BEGIN(tx, A_ATOMIC) { ST64(tx, &flag, (uint64_t)r); } TX_END(tx);
  }
  ASTORE(stop, 1);
  for (int i = 0; i < 2; i++)
    CHECK(pthread_join(t[i], NULL) == 0);
  CHECK(ALOAD(seen_published) > 0);
  while (head) {
    struct node *n = head;
    head = n->next;
    free(n);
  }
  printf("ok\n");
  return 0;
}
