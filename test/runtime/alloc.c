// Transactional allocation.  Blocks allocated by an attempt that aborts or
// is cancelled are released (the ASan run's LeakSanitizer checks); a free
// inside a transaction takes effect only at commit (an aborted free leaves
// the block usable); blocks cross the transaction boundary both ways: malloc
// in a transaction and free/realloc outside, libc memory (malloc, strdup,
// getline) realloc'ed or freed inside, and blocks handed between threads.
// RUN: %rtcc %s -o %t %stm_ldflags && %t | FileCheck %s
// RUN: env STM_INJECT_ABORTS=20 %t | FileCheck %s
// CHECK: abort ok
// CHECK: boundary ok
// CHECK: realloc ok
// CHECK: threads ok
#define _GNU_SOURCE
#include "Inputs/tx.h"

static void *shared_ptr;
static int attempts;

static void under_abort(void) {
  /* Many allocations per attempt, every attempt but the last aborted. */
  attempts = 0;
  TX_BEGIN(tx, A_ATOMIC) {
    int a = attempts++;
    for (int i = 0; i < 200; i++) {
      char *p = stm_malloc(tx, (size_t)(16 + i), SC);
      CHECK(p != NULL);
      stm_memset(tx, p, 'm', (size_t)(16 + i), SW);
      if (i % 3 == 0)
        stm_free(tx, p, SC); /* allocated and freed in one transaction */
      else if (i == 199)
        STP(tx, &shared_ptr, p);
      else {
        char *q = stm_realloc(tx, p, (size_t)(100 + i), SC);
        CHECK(q != NULL);
        stm_free(tx, q, SC);
      }
    }
    int *z = stm_calloc(tx, 50, sizeof(int), SC);
    for (int i = 0; i < 50; i++)
      CHECK_EQ(stm_load_u32(tx, (const uint32_t *)&z[i], SR), 0);
    stm_free(tx, z, SC);
    if (a < 3)
      stm_abort_retry(tx, SC);
  } TX_END(tx);
  char *kept = shared_ptr;
  CHECK(kept != NULL);
  for (int i = 0; i < 16 + 199; i++)
    CHECK(kept[i] == 'm');
  free(kept); /* allocated in a transaction, freed by libc */
  shared_ptr = NULL;

  /* A free in an attempt that aborts does not happen. */
  char *blk = malloc(64);
  CHECK(blk);
  memset(blk, 'b', 64);
  attempts = 0;
  TX_BEGIN(tx, A_ATOMIC) {
    CHECK_EQ(LD8(tx, &blk[63]), 'b');
    stm_free(tx, blk, SC);
    if (attempts++ == 0)
      stm_abort_retry(tx, SC);
  } TX_END(tx);
  /* Freed at commit: gone now (ASan would flag a double free below if it
   * had been freed twice, or a leak if never). */

  /* Cancel releases what the cancelled block allocated, not the parent's. */
  void *parent_blk = NULL;
  TX_BEGIN(tx, A_ATOMIC) {
    void *pb = stm_malloc(tx, 40, SC);
    STP(tx, &parent_blk, pb);
    TX_BEGIN(tx2, A_CANCEL) {
      void *cb = stm_malloc(tx2, 40, SC);
      STP(tx2, &shared_ptr, cb);
      stm_free(tx2, pb, SC); /* undone by the cancel */
      stm_cancel(tx2, 0, SX);
    } TX_END(tx2);
  } TX_END(tx);
  CHECK(shared_ptr == NULL && parent_blk != NULL);
  memset(parent_blk, 0, 40);
  free(parent_blk);
  printf("abort ok\n");
}

static void boundary(void) {
  /* libc block freed inside a transaction. */
  for (int i = 0; i < 100; i++) {
    void *p = malloc((size_t)(1 + i * 37));
    CHECK(p);
    shared_ptr = p;
    TX_BEGIN(tx, A_ATOMIC) {
      stm_free(tx, LDP(tx, &shared_ptr), SC);
      STP(tx, &shared_ptr, NULL);
    } TX_END(tx);
  }
  /* Transactional block realloc'ed and freed by libc. */
  char *q = NULL;
  TX_BEGIN_R(tx, A_ATOMIC, q = NULL) {
    q = stm_malloc(tx, 10, SC);
    stm_write_bytes(tx, q, "123456789", 10, SW);
  } TX_END(tx);
  q = realloc(q, 100000);
  CHECK(q && strcmp(q, "123456789") == 0);
  free(q);
  /* calloc in a transaction, big enough to come from mmap in glibc. */
  unsigned char *big = NULL;
  TX_BEGIN_R(tx, A_ATOMIC, big = NULL) { big = stm_calloc(tx, 1, 1 << 20, SC); } TX_END(tx);
  CHECK(big);
  for (size_t i = 0; i < (1u << 20); i += 4096)
    CHECK(big[i] == 0);
  free(big);
  /* Edge cases: free(NULL), realloc(NULL, n). */
  void *r = NULL;
  TX_BEGIN_R(tx, A_ATOMIC, r = NULL) {
    stm_free(tx, NULL, SC);
    r = stm_realloc(tx, NULL, 24, SC);
    CHECK(r != NULL);
  } TX_END(tx);
  free(r);
  printf("boundary ok\n");
}

static void realloc_libc(void) {
  /* strdup'ed memory grown inside a transaction; an aborted attempt must
   * leave the original intact (the retry reads it again). */
  char *s = strdup("hello, transactional world");
  CHECK(s);
  shared_ptr = s;
  attempts = 0;
  TX_BEGIN(tx, A_ATOMIC) {
    char *old = LDP(tx, &shared_ptr);
    CHECK_EQ(LD8(tx, &old[0]), 'h');
    char *n = stm_realloc(tx, old, 4096, SC);
    CHECK(n != NULL);
    char got[27];
    stm_read_bytes(tx, got, n, 27, SR);
    CHECK(memcmp(got, "hello, transactional world", 27) == 0);
    stm_memset(tx, n + 26, '!', 100, SW);
    ST8(tx, &n[126], 0);
    STP(tx, &shared_ptr, n);
    if (attempts++ < 2)
      stm_abort_retry(tx, SC);
  } TX_END(tx);
  char *grown = shared_ptr;
  CHECK(strlen(grown) == 126 && grown[25] == 'd' && grown[125] == '!');
  free(grown);

  /* getline's buffer. */
  char text[] = "first line\nsecond line that is quite a bit longer than the first\n";
  FILE *f = fmemopen(text, strlen(text), "r");
  CHECK(f);
  char *line = NULL;
  size_t cap = 0;
  CHECK(getline(&line, &cap, f) == 11);
  shared_ptr = line;
  TX_BEGIN(tx, A_ATOMIC) {
    char *l = LDP(tx, &shared_ptr);
    char *n = stm_realloc(tx, l, 10000, SC);
    stm_write_bytes(tx, n + 10, " (grown)", 9, SW);
    STP(tx, &shared_ptr, n);
  } TX_END(tx);
  line = shared_ptr;
  CHECK(strcmp(line, "first line (grown)") == 0);
  cap = 10000;
  /* libc may realloc it again. */
  CHECK(getline(&line, &cap, f) > 40);
  CHECK(strncmp(line, "second line", 11) == 0);
  fclose(f);
  /* And shrink it in a transaction, then free in another one. */
  shared_ptr = line;
  TX_BEGIN(tx, A_ATOMIC) {
    char *n = stm_realloc(tx, LDP(tx, &shared_ptr), 12, SC);
    ST8(tx, &n[11], 0);
    STP(tx, &shared_ptr, n);
  } TX_END(tx);
  CHECK(strcmp(shared_ptr, "second line") == 0);
  TX_BEGIN(tx, A_ATOMIC) {
    stm_free(tx, LDP(tx, &shared_ptr), SC);
    STP(tx, &shared_ptr, NULL);
  } TX_END(tx);
  printf("realloc ok\n");
}

/* Blocks allocated by one thread (in or out of transactions) are freed by
 * another (in or out of transactions), through a one-slot mailbox.  The
 * last block carries STOP. */
#define ROUNDS 1000
#define STOP UINT64_MAX
static void *mailbox;

static void *producer(void *arg) {
  (void)arg;
  long n = test_iters(ROUNDS);
  double t0 = test_now();
  for (long i = 0;; i++) {
    int last = i >= n || (i > 20 && !test_time_left(t0, 0.5));
    void *p = (i % 2) ? malloc(48) : NULL;
    int done = 0;
    while (!done) {
      TX_BEGIN_R(tx, A_ATOMIC, done = 0) {
        if (LDP(tx, &mailbox) == NULL) {
          void *b = p ? p : stm_malloc(tx, 48, SC);
          ST64(tx, b, last ? STOP : (uint64_t)i);
          STP(tx, &mailbox, b);
          done = 1;
        }
      } TX_END(tx);
    }
    if (last)
      return NULL;
  }
}

static void *consumer(void *arg) {
  (void)arg;
  for (long i = 0;; i++) {
    void *got = NULL;
    uint64_t v = 0;
    while (!got) {
      TX_BEGIN_R(tx, A_ATOMIC, got = NULL) {
        got = LDP(tx, &mailbox);
        if (got) {
          v = LD64(tx, got);
          CHECK(v == STOP || v == (uint64_t)i);
          STP(tx, &mailbox, NULL);
          if (i % 4 < 2)
            stm_free(tx, got, SC);
        }
      } TX_END(tx);
    }
    if (i % 4 >= 2)
      free(got);
    if (v == STOP)
      return NULL;
  }
}

static void threads(void) {
  pthread_t a, b;
  CHECK(pthread_create(&a, NULL, producer, NULL) == 0);
  CHECK(pthread_create(&b, NULL, consumer, NULL) == 0);
  CHECK(pthread_join(a, NULL) == 0);
  CHECK(pthread_join(b, NULL) == 0);
  CHECK(mailbox == NULL);
  printf("threads ok\n");
}

int main(void) {
  test_watchdog(30);
  under_abort();
  boundary();
  realloc_libc();
  threads();
  return 0;
}
