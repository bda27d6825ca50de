/*
 * harness.c - main() of every benchmark: parse options, set up, run the
 * threads, time them with the program's own monotonic clock, self-check,
 * print one result line.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

#ifdef BENCH_MUTEX
pthread_mutex_t bench_global_lock = PTHREAD_MUTEX_INITIALIZER;
#endif

#define BENCH_MAX_THREADS 1024

static bench_opts_t opts = {.threads = 1, .ops = 0, .seconds = 1.0, .seed = 1, .contended = 0};
static pthread_barrier_t start_line;
/* Written once by main, read by every thread: alone in its lines. */
static struct {
  char pad0[BENCH_PAD];
  int stop;
  char pad1[BENCH_PAD - sizeof(int)];
} flag;

void bench_seed(bench_thread_t *t, uint64_t seed, uint64_t stream) {
  uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (stream + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  t->rng = z ? z : 1; /* xorshift must not start at 0 */
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void usage(const char *argv0, FILE *f) {
  fprintf(f,
          "usage: %s [-t THREADS] [-d SECONDS | -n OPS] [-s SEED] [-c]\n"
          "  -t THREADS  worker threads (default 1; this build: %s)\n"
          "  -d SECONDS  run for this long and report ops/s (default 1)\n"
          "  -n OPS      run exactly OPS operations in total, split over the threads\n"
          "  -s SEED     random seed (default 1)\n"
          "  -c          the contended variant\n",
          argv0,
#ifdef BENCH_SEQ
          "sequential, 1 only"
#else
          BENCH_MODE
#endif
  );
}

static void die_usage(const char *argv0, const char *fmt, const char *arg) {
  fprintf(stderr, "%s: ", argv0);
  fprintf(stderr, fmt, arg);
  fputc('\n', stderr);
  usage(argv0, stderr);
  exit(2);
}

static uint64_t parse_u64(const char *argv0, const char *s, const char *what) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || end == s || *end || s[0] == '-')
    die_usage(argv0, what, s);
  return v;
}

static void parse(int argc, char **argv) {
  const char *argv0 = argv[0];
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *val = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      usage(argv0, stdout);
      exit(0);
    } else if (!strcmp(a, "-c")) {
      opts.contended = 1;
    } else if (!strcmp(a, "-t") || !strcmp(a, "-n") || !strcmp(a, "-s") || !strcmp(a, "-d")) {
      if (!val)
        die_usage(argv0, "option %s needs a value", a);
      i++;
      if (a[1] == 't') {
        uint64_t t = parse_u64(argv0, val, "-t wants a thread count, not '%s'");
        if (t < 1 || t > BENCH_MAX_THREADS)
          die_usage(argv0, "-t %s: threads must be 1 to 1024", val);
        opts.threads = (unsigned)t;
      } else if (a[1] == 'n') {
        opts.ops = parse_u64(argv0, val, "-n wants an operation count, not '%s'");
        if (!opts.ops)
          die_usage(argv0, "-n %s: at least one operation", val);
      } else if (a[1] == 's') {
        opts.seed = parse_u64(argv0, val, "-s wants a number, not '%s'");
      } else {
        char *end;
        opts.seconds = strtod(val, &end);
        if (end == val || *end || !(opts.seconds > 0 && opts.seconds <= 3600))
          die_usage(argv0, "-d %s: seconds must be in (0, 3600]", val);
      }
    } else {
      die_usage(argv0, "unknown argument '%s'", a);
    }
  }
#ifdef BENCH_SEQ
  if (opts.threads != 1) {
    char t[16];
    snprintf(t, sizeof t, "%u", opts.threads);
    die_usage(argv0, "-t %s: the sequential build runs one thread only", t);
  }
#endif
}

static void *worker(void *arg) {
  bench_thread_t *t = arg;
  pthread_barrier_wait(&start_line);
  if (opts.ops) {
    uint64_t quota = opts.ops / opts.threads + (t->id < opts.ops % opts.threads);
    for (uint64_t i = 0; i < quota; i++)
      bench_op(t);
    t->ops = quota;
  } else {
    uint64_t n = 0;
    while (!__atomic_load_n(&flag.stop, __ATOMIC_RELAXED)) {
      bench_op(t);
      n++;
    }
    t->ops = n;
  }
  return NULL;
}

int main(int argc, char **argv) {
  parse(argc, argv);
  bench_thread_t setup_rng;
  memset(&setup_rng, 0, sizeof setup_rng);
  bench_seed(&setup_rng, opts.seed, 0xffff);
  bench_setup(&opts, &setup_rng);

  unsigned n = opts.threads;
  bench_thread_t *ts = aligned_alloc(BENCH_PAD, sizeof(bench_thread_t) * n);
  pthread_t *tids = malloc(sizeof(pthread_t) * n);
  if (!ts || !tids) {
    fprintf(stderr, "%s: out of memory for %u threads\n", argv[0], n);
    return 1;
  }
  memset(ts, 0, sizeof(bench_thread_t) * n);
  if (pthread_barrier_init(&start_line, NULL, n + 1)) {
    fprintf(stderr, "%s: pthread_barrier_init failed\n", argv[0]);
    return 1;
  }
  for (unsigned i = 0; i < n; i++) {
    ts[i].id = i;
    bench_seed(&ts[i], opts.seed, i);
    int e = pthread_create(&tids[i], NULL, worker, &ts[i]);
    if (e) {
      fprintf(stderr, "%s: pthread_create: %s\n", argv[0], strerror(e));
      return 1;
    }
  }
  pthread_barrier_wait(&start_line);
  double t0 = now_s();
  if (!opts.ops) {
    double end = t0 + opts.seconds;
    for (double t = t0; t < end; t = now_s()) {
      double left = end - t;
      struct timespec d = {(time_t)left, (long)((left - (double)(time_t)left) * 1e9)};
      nanosleep(&d, NULL);
    }
    __atomic_store_n(&flag.stop, 1, __ATOMIC_RELAXED);
  }
  for (unsigned i = 0; i < n; i++)
    pthread_join(tids[i], NULL);
  double secs = now_s() - t0;

  uint64_t total = 0;
  for (unsigned i = 0; i < n; i++)
    total += ts[i].ops;
  char msg[512] = "";
  if (bench_check(ts, n, msg, sizeof msg)) {
    fprintf(stderr, "%s%s (%s, %u threads): self-check FAILED: %s\n", bench_name,
            opts.contended ? "-contended" : "", BENCH_MODE, n, msg);
    return 1;
  }
  printf("bench=%s%s mode=%s threads=%u ops=%llu seconds=%.6f ops_per_s=%.1f check=ok params=\"%s\"\n",
         bench_name, opts.contended ? "-contended" : "", BENCH_MODE, n, (unsigned long long)total,
         secs, (double)total / secs, bench_describe(&opts));
  free(ts);
  free(tids);
  return 0;
}
