/*
 * trains.c - the seed's second example: a timetable where a train waits
 * for the connecting trains that feed it, computed by iterating
 *
 *     def next_iteration(all_trains):
 *         for train in all_trains:
 *             add_task(compute_time, train)
 *         run_all_tasks()
 *
 * until no start time changes.  Each task reads the arrival times of other
 * trains while other tasks may be updating them: a task that read a time
 * that changed before it committed aborts and runs again, so every
 * iteration is equivalent to some sequential order of the tasks.  Start
 * times only grow towards the one consistent timetable (the connections
 * form no cycle), so the result is that timetable whatever the order; it
 * is checked against a sequential computation in dependency order.  The
 * number of iterations may differ from run to run.
 *
 *     stmcc -O2 trains.c common/example.c -o trains
 *     ./trains [trains]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stm.h>

#include "common/example.h"

enum {
  MAX_DEPS = 16,  /* connecting trains a train waits for */
  STOPS = 32,     /* stops along a train's route */
  TRANSFER = 4,   /* minutes to change trains */
  DWELL = 1,      /* minutes at each stop */
  /* Connections come from trains scheduled 150 to 250 minutes earlier
   * (4 trains a minute): a long trip's late arrival may hold this one. */
  PER_MINUTE = 4,
  GAP_MIN = 150 * PER_MINUTE,
  GAP_MAX = 250 * PER_MINUTE,
};

typedef struct train {
  int earliest;           /* scheduled departure, minutes */
  int ndeps;
  int deps[MAX_DEPS];     /* trains whose passengers connect into this one */
  short segment[STOPS];   /* minutes between consecutive stops */
  /* Computed. */
  int start;
  int arrival[STOPS];     /* at each stop; arrival[STOPS - 1] is the end */
  int changed;            /* set by the task that moved the start time */
} train_t;

static train_t *trains;
static long ntrains;

/* The task: wait for every connection, then recompute the arrivals if the
 * departure moved. */
static void compute_time(void *arg) {
  train_t *t = arg;
  int start = t->earliest;
  for (int i = 0; i < t->ndeps; i++) {
    int ready = trains[t->deps[i]].arrival[STOPS - 1] + TRANSFER;
    if (ready > start)
      start = ready;
  }
  if (start == t->start)
    return;
  t->start = start;
  int time = start;
  for (int s = 0; s < STOPS; s++) {
    time += t->segment[s] + DWELL;
    t->arrival[s] = time;
  }
  t->changed = 1;
}

static uint64_t rnd(uint64_t *s) {
  *s = *s * 6364136223846793005ull + 1442695040888963407ull;
  return *s >> 33;
}

/* Train k in dependency order is stored at index perm[k], so the array
 * order tells nothing about the dependencies. */
static long *perm;

static void build(long n) {
  trains = calloc((size_t)n, sizeof *trains);
  perm = malloc((size_t)n * sizeof *perm);
  if (!trains || !perm) {
    fprintf(stderr, "trains: out of memory for %ld trains\n", n);
    exit(2);
  }
  ntrains = n;
  uint64_t seed = 7;
  for (long k = 0; k < n; k++)
    perm[k] = k;
  for (long k = n - 1; k > 0; k--) {
    long j = (long)(rnd(&seed) % (uint64_t)(k + 1)), tmp = perm[k];
    perm[k] = perm[j];
    perm[j] = tmp;
  }
  for (long k = 0; k < n; k++) {
    train_t *t = &trains[perm[k]];
    t->earliest = (int)(k / PER_MINUTE) + (int)(rnd(&seed) % 30);
    t->ndeps = k >= GAP_MIN ? (int)(rnd(&seed) % (MAX_DEPS + 1)) : 0;
    for (int i = 0; i < t->ndeps; i++) {
      long lo = k > GAP_MAX ? k - GAP_MAX : 0, hi = k - GAP_MIN;
      t->deps[i] = (int)perm[lo + (long)(rnd(&seed) % (uint64_t)(hi - lo + 1))];
    }
    for (int s = 0; s < STOPS; s++)
      t->segment[s] = (short)(2 + rnd(&seed) % 6);
  }
  /* Before the first iteration: as scheduled, ignoring connections. */
  for (long i = 0; i < n; i++) {
    train_t *t = &trains[i];
    t->start = -1;
    int start = t->earliest, time = start;
    for (int s = 0; s < STOPS; s++) {
      time += t->segment[s] + DWELL;
      t->arrival[s] = time;
    }
  }
}

/* Sequentially, in dependency order: every connection is final when used. */
static int check(long iterations) {
  int *start = malloc((size_t)ntrains * sizeof *start), *end = malloc((size_t)ntrains * sizeof *end);
  if (!start || !end) {
    fprintf(stderr, "trains: out of memory\n");
    exit(2);
  }
  int ok = 1, last = 0;
  for (long k = 0; k < ntrains; k++) {
    long i = perm[k];
    const train_t *t = &trains[i];
    int s0 = t->earliest;
    for (int d = 0; d < t->ndeps; d++)
      if (end[t->deps[d]] + TRANSFER > s0)
        s0 = end[t->deps[d]] + TRANSFER;
    int time = s0;
    for (int s = 0; s < STOPS; s++) {
      time += t->segment[s] + DWELL;
      ok &= t->arrival[s] == time;
    }
    start[i] = s0;
    end[i] = time;
    ok &= t->start == s0 || (t->start == -1 && s0 == t->earliest);
    if (time > last)
      last = time;
  }
  printf("trains: %ld trains, %ld iterations: last arrival at minute %d, timetable %s: %s\n",
         ntrains, iterations, last, ok ? "consistent" : "WRONG", ok ? "OK" : "FAILED");
  free(start);
  free(end);
  return ok;
}

int main(int argc, char **argv) {
  long n = ex_arg(argc, argv, 1, 20000, 1, 10000000, "trains");
  build(n);

  double t0 = ex_now();
  long iterations = 0, changed;
  do {
    for (long i = 0; i < n; i++)
      stm_add_task(compute_time, &trains[i]);
    stm_run_all_tasks();
    iterations++;
    changed = 0;
    for (long i = 0; i < n; i++) {
      changed += trains[i].changed;
      trains[i].changed = 0;
    }
  } while (changed);
  double seconds = ex_now() - t0;

  int ok = check(iterations);
  free(trains);
  free(perm);
  return ex_finish("trains", ok, seconds, argv);
}
