// Threads rewrite shared strings with strcpy/strcat/strncpy and check them
// with strlen/strcmp/strspn/strtol in the same and in other transactions:
// no transaction ever sees a half-written string, and the counters kept as
// decimal strings add up exactly.
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Werror %s -o %t %stm_ldflags
// RUN: %t 1 && %t 2 && %t 4
// RUN: env STM_INJECT_ABORTS=20 %t 4
// RUN: %clang %stm_plugin -O0 %s -o %t0 %stm_ldflags && %t0 2 && env STM_INJECT_ABORTS=20 %t0 4
// RUN: %clang %stm_plugin -O2 -D_FORTIFY_SOURCE=2 %s -o %tf %stm_ldflags && %tf 4
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "Inputs/check.h"

#define SLOTS 3
#define ITERS 20000

// A banner: one letter repeated, its length fixed by the letter.
char banner[64] = "AAAAA";
// Counters as text: "n=<decimal>".
char counter[SLOTS][32] = {"n=0", "n=0", "n=0"};
// Per thread: its own name, rewritten and compared every iteration.
char names[8][16];
long bad, dups_ok;
pthread_barrier_t start;

static size_t len_for(char c) { return 5 + (size_t)(c - 'A') * 3; }

// "n=<v+1>" into dst (a transaction-local buffer).
static void next_counter(char *dst, long v) {
  char digits[24];
  int k = 0;
  v++;
  do {
    digits[k++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  strcpy(dst, "n=");
  for (int i = 2; k; i++) {
    dst[i] = digits[--k];
    dst[i + 1] = 0;
  }
}

static void *worker(void *arg) {
  int id = (int)(size_t)arg;
  char letter = (char)('A' + id);
  char mine[16] = "thread-?";
  mine[7] = (char)('0' + id);
  pthread_barrier_wait(&start);
  for (int i = 0; i < ITERS; i++) {
    __transaction_atomic {
      // Check the banner someone else may have written.
      size_t n = strlen(banner);
      if (n != len_for(banner[0]) || strspn(banner, (char[]){banner[0], 0}) != n)
        bad++;
      // Write ours, and read it back (read-own-write).
      memset(banner, letter, len_for(letter));
      banner[len_for(letter)] = 0;
      if (strlen(banner) != len_for(letter) || banner[0] != letter)
        bad++;
      // Bump a counter kept as text.
      char *c = counter[(id + i) % SLOTS];
      char *end;
      long v = strtol(c + 2, &end, 10);
      if (strncmp(c, "n=", 2) != 0 || *end != 0 || v < 0)
        bad++;
      char next[32];
      next_counter(next, v);
      strcpy(c, next);
      if (strcmp(c, next) != 0 || atol(c + 2) != v + 1)
        bad++;
      // Our name: compare last iteration's, then rewrite it by pieces.
      if (i > 0 && strcmp(names[id], mine) != 0)
        bad++;
      strncpy(names[id], "thread", sizeof names[id]);
      strcat(names[id], "-");
      strncat(names[id], mine + 7, 1);
      char *d = strdup(names[id]);
      if (d && memcmp(d, mine, 9) == 0)
        dups_ok++;
      free(d);
    }
  }
  return NULL;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 4, i;
  pthread_t t[8];
  pthread_barrier_init(&start, NULL, (unsigned)n);
  for (i = 0; i < n; i++)
    pthread_create(&t[i], NULL, worker, (void *)(size_t)i);
  for (i = 0; i < n; i++)
    pthread_join(t[i], NULL);
  CHECK_EQ(bad, 0);
  CHECK_EQ(dups_ok, (long)n * ITERS);
  long total = 0;
  for (i = 0; i < SLOTS; i++) {
    CHECK_EQ(strncmp(counter[i], "n=", 2), 0);
    total += atol(counter[i] + 2);
  }
  CHECK_EQ(total, (long)n * ITERS);
  for (i = 0; i < n; i++) {
    char want[16] = "thread-?";
    want[7] = (char)('0' + i);
    CHECK_EQ(strcmp(names[i], want), 0);
  }
  CHECK_EQ(strlen(banner), len_for(banner[0]));
  return 0;
}
