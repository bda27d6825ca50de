// Cancel-and-retry loops whose locals must be restored on cancel and on
// abort: each thread takes tokens until none is left, counting them in a
// local written inside the transaction.  A cancelled or aborted attempt
// that kept its local writes would over-count.
// RUN: %clang %stm_plugin -O2 %s -o %t %stm_ldflags && %t 1 && %t 2 && %t 4
// RUN: %clang %stm_plugin -O0 %s -o %t0 %stm_ldflags && %t0 4
#include <pthread.h>
#include <stdlib.h>
#include "Inputs/check.h"

#define TOKENS 30000

long tokens = TOKENS;
long taken_total;
long cancels;

static void *worker(void *arg) {
  long taken = 0, mine_cancels = 0;
  struct { int got; long last; } st = {0, -1};
  (void)arg;
  for (;;) {
    int got = 0;
    __transaction_atomic {
      taken++;        // speculative: undone if the transaction is cancelled
      got = 1;
      st.got++;
      st.last = tokens;
      if (tokens == 0)
        __transaction_cancel;
      tokens--;
    }
    if (!got) {
      mine_cancels++;
      break;
    }
  }
  CHECK_EQ(st.got, taken);
  __transaction_atomic {
    taken_total += taken;
    cancels += mine_cancels;
  }
  return NULL;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 4, i;
  pthread_t t[16];
  for (i = 0; i < n; i++)
    pthread_create(&t[i], NULL, worker, NULL);
  for (i = 0; i < n; i++)
    pthread_join(t[i], NULL);
  CHECK_EQ(tokens, 0);
  CHECK_EQ(taken_total, TOKENS);
  CHECK_EQ(cancels, n);
  return 0;
}
