/* counter.c - the stmpass demo: threads increment shared counters inside
 * __transaction_atomic, and the program checks that no update was lost.
 *
 *   stmcc -O2 counter.c -o counter && STM_STATS=1 ./counter [threads] [iterations]
 *
 * Each transaction moves one unit from one counter to another and bumps a
 * total, so a lost or torn update shows up as a wrong sum. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

enum { SLOTS = 8, MAX_THREADS = 64 };

static long total;
static long slots[SLOTS];
static long iterations = 100000;

static void *worker(void *arg) {
  unsigned id = (unsigned)(size_t)arg;
  for (long i = 0; i < iterations; i++) {
    unsigned from = (id + (unsigned)i) % SLOTS, to = (id * 7 + (unsigned)i * 3 + 1) % SLOTS;
    __transaction_atomic {
      total++;
      slots[from]--;
      slots[to]++;
    }
  }
  return NULL;
}

static long parse(const char *s, long lo, long hi, const char *what) {
  char *end;
  long v = strtol(s, &end, 10);
  if (*s == '\0' || *end != '\0' || v < lo || v > hi) {
    fprintf(stderr, "counter: %s must be an integer in [%ld, %ld], not '%s'\n", what, lo, hi, s);
    exit(2);
  }
  return v;
}

int main(int argc, char **argv) {
  long threads = 4;
  if (argc > 1)
    threads = parse(argv[1], 1, MAX_THREADS, "threads");
  if (argc > 2)
    iterations = parse(argv[2], 1, 100000000, "iterations");

  pthread_t tid[MAX_THREADS];
  for (long t = 0; t < threads; t++)
    if (pthread_create(&tid[t], NULL, worker, (void *)(size_t)t) != 0) {
      fprintf(stderr, "counter: cannot create thread %ld\n", t);
      return 2;
    }
  for (long t = 0; t < threads; t++)
    pthread_join(tid[t], NULL);

  long sum = 0;
  for (int s = 0; s < SLOTS; s++)
    sum += slots[s];
  long expected = threads * iterations;
  printf("counter: %ld threads x %ld transactions: total=%ld (expected %ld), slot sum=%ld (expected 0)\n",
         threads, iterations, total, expected, sum);
  if (total != expected || sum != 0) {
    printf("counter: FAILED: updates were lost\n");
    return 1;
  }
  printf("counter: OK\n");
  return 0;
}
