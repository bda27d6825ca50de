/*
 * eventloop.c - the seed's event loop: one thread polls, handlers run in
 * transactions on several threads.
 *
 *     while True:                      And in several threads:
 *         events = epoll.poll()            while True:
 *         for event in events:                 event = queue.get()
 *             queue.put(event)                 with atomic:
 *                                                  handle(event)
 *
 * Here the queue is the task pool: the main thread polls pipes with epoll,
 * turns every message it reads into a task (queue.put is stm_add_task) and
 * lets the pool's threads handle the batch (stm_run_all_tasks); each
 * handler updates shared statistics in a __transaction_atomic block.
 * Producer threads write fixed-size messages into the pipes.  Every message
 * must be handled exactly once: the counts, sums and digests are checked
 * against values computed from the producers' deterministic messages.
 *
 *     stmcc -O2 eventloop.c common/example.c -o eventloop
 *     ./eventloop [messages per pipe] [handler work]
 */
#define _GNU_SOURCE /* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>
#include <stm.h>

#include "common/example.h"

enum { PIPES = 8, PRODUCERS = 2, KINDS = 16, PAYLOAD = 48 };

/* One message: 64 bytes, written with one write(), so never split
 * (pipes write up to PIPE_BUF bytes atomically). */
typedef struct message {
  uint32_t source, seq, kind, value;
  uint8_t payload[PAYLOAD];
} message_t;

/* Shared statistics, updated by the handlers. */
typedef struct kind_stats {
  uint64_t count, value_sum, digest_sum;
} kind_stats_t;
static kind_stats_t by_kind[KINDS];
static uint64_t by_source[PIPES];
static uint64_t handled;

static long per_pipe = 5000; /* messages each pipe carries */
static long work = 300;      /* rounds of hashing per message */

static uint64_t mix(uint64_t x) {
  x ^= x >> 31;
  x *= 0x7fb5d329728ea185ull;
  x ^= x >> 27;
  x *= 0x81dadef4bc2dd44dull;
  return x ^ (x >> 33);
}

/* The message a producer sends as message `seq` of pipe `source`. */
static void make_message(message_t *m, uint32_t source, uint32_t seq) {
  uint64_t h = mix(((uint64_t)source << 32) | seq);
  m->source = source;
  m->seq = seq;
  m->kind = (uint32_t)(h % KINDS);
  m->value = (uint32_t)(h >> 32) % 1000;
  for (int i = 0; i < PAYLOAD; i++)
    m->payload[i] = (uint8_t)mix(h + (uint64_t)i);
}

/* The handler's own work (parsing, checking, ...): a digest. */
static uint64_t digest(const message_t *m) {
  uint64_t h = m->seq;
  for (long r = 0; r < work; r++)
    for (int i = 0; i < PAYLOAD; i += 8) {
      uint64_t w;
      memcpy(&w, m->payload + i, sizeof w);
      h = mix(h ^ w ^ (uint64_t)r);
    }
  return h;
}

/* The task: handle one message. */
static void handle(void *arg) {
  message_t *m = arg;
  uint64_t d = digest(m);
  __transaction_atomic {
    kind_stats_t *k = &by_kind[m->kind];
    k->count++;
    k->value_sum += m->value;
    k->digest_sum += d;
    by_source[m->source]++;
    handled++;
  }
  free(m);
}

/* ---- producers ----------------------------------------------------------- */

static int write_end[PIPES];

static void *producer(void *arg) {
  long first = (long)(intptr_t)arg;
  /* Round-robin over this producer's pipes. */
  for (long seq = 0; seq < per_pipe; seq++)
    for (long p = first; p < PIPES; p += PRODUCERS) {
      message_t m;
      make_message(&m, (uint32_t)p, (uint32_t)seq);
      ssize_t w;
      while ((w = write(write_end[p], &m, sizeof m)) < 0 && errno == EINTR) {
      }
      if (w != (ssize_t)sizeof m) {
        perror("eventloop: write");
        exit(2);
      }
    }
  for (long p = first; p < PIPES; p += PRODUCERS)
    close(write_end[p]);
  return NULL;
}

/* ---- the loop ------------------------------------------------------------ */

static void fail(const char *what) {
  perror(what);
  exit(2);
}

/* Read what a pipe has (at most a pipe's worth) and queue one task per
 * message.  Returns 0 at end of file. */
static int drain_pipe(int fd) {
  static message_t buf[1024];
  for (;;) {
    ssize_t r = read(fd, buf, sizeof buf);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0 && errno == EAGAIN)
      return 1;
    if (r < 0)
      fail("eventloop: read");
    if (r == 0)
      return 0;
    if (r % (ssize_t)sizeof(message_t)) {
      fprintf(stderr, "eventloop: torn message (%zd bytes)\n", r);
      exit(2);
    }
    for (ssize_t i = 0; i < r / (ssize_t)sizeof(message_t); i++) {
      message_t *m = malloc(sizeof *m);
      if (!m)
        fail("eventloop: malloc");
      *m = buf[i];
      stm_add_task(handle, m); /* queue.put(event) */
    }
    if (r < (ssize_t)sizeof buf)
      return 1;
  }
}

static long run_loop(void) {
  int ep = epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0)
    fail("eventloop: epoll_create1");
  int read_end[PIPES];
  for (int p = 0; p < PIPES; p++) {
    int fd[2];
    if (pipe2(fd, O_CLOEXEC) != 0)
      fail("eventloop: pipe");
    read_end[p] = fd[0];
    write_end[p] = fd[1];
    if (fcntl(fd[0], F_SETFL, O_NONBLOCK) != 0)
      fail("eventloop: fcntl");
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)p};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd[0], &ev) != 0)
      fail("eventloop: epoll_ctl");
  }
  pthread_t tid[PRODUCERS];
  for (long i = 0; i < PRODUCERS; i++)
    if (pthread_create(&tid[i], NULL, producer, (void *)(intptr_t)i) != 0) {
      fprintf(stderr, "eventloop: cannot create a producer thread\n");
      exit(2);
    }

  long rounds = 0;
  for (int open = PIPES; open > 0;) {
    struct epoll_event evs[PIPES];
    int n = epoll_wait(ep, evs, PIPES, -1);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      fail("eventloop: epoll_wait");
    for (int i = 0; i < n; i++) {
      int p = (int)evs[i].data.u32;
      if (!drain_pipe(read_end[p])) {
        epoll_ctl(ep, EPOLL_CTL_DEL, read_end[p], NULL);
        close(read_end[p]);
        open--;
      }
    }
    stm_run_all_tasks(); /* the handlers, on the pool's threads */
    rounds++;
  }
  for (int i = 0; i < PRODUCERS; i++)
    pthread_join(tid[i], NULL);
  close(ep);
  return rounds;
}

/* Everything the handlers should have counted, from the messages sent. */
static int check(long rounds) {
  kind_stats_t want[KINDS];
  memset(want, 0, sizeof want);
  int ok = 1;
  for (uint32_t p = 0; p < PIPES; p++) {
    for (uint32_t seq = 0; seq < (uint32_t)per_pipe; seq++) {
      message_t m;
      make_message(&m, p, seq);
      want[m.kind].count++;
      want[m.kind].value_sum += m.value;
      want[m.kind].digest_sum += digest(&m);
    }
    ok &= by_source[p] == (uint64_t)per_pipe;
  }
  for (int k = 0; k < KINDS; k++)
    ok &= by_kind[k].count == want[k].count && by_kind[k].value_sum == want[k].value_sum &&
          by_kind[k].digest_sum == want[k].digest_sum;
  long expected = PIPES * per_pipe;
  ok &= handled == (uint64_t)expected;
  printf("eventloop: %d pipes, %ld rounds of epoll: %llu messages handled (expected %ld), "
         "statistics %s: %s\n",
         PIPES, rounds, (unsigned long long)handled, expected, ok ? "exact" : "WRONG",
         ok ? "OK" : "FAILED");
  return ok;
}

int main(int argc, char **argv) {
  per_pipe = ex_arg(argc, argv, 1, per_pipe, 1, 100000000, "messages per pipe");
  work = ex_arg(argc, argv, 2, work, 0, 1000000, "handler work");
  double t0 = ex_now();
  long rounds = run_loop();
  double seconds = ex_now() - t0;
  return ex_finish("eventloop", check(rounds), seconds, argv);
}
