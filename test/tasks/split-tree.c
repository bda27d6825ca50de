// Self-spawning tasks: each node of a binary tree is a task that adds its
// two children (inside its transaction: published at commit, dropped by an
// abort), so the pool must keep going while tasks add tasks and stop only
// when the whole tree has run.  Node count and per-node marks are exact;
// a shared counter makes the tasks conflict.  Repeated, to exercise the
// start and end of runs.
// RUN: %rtcc %s -o %t %stm_ldflags
// RUN: env STM_THREADS=1 %t | FileCheck %s
// RUN: env STM_THREADS=2 %t | FileCheck %s
// RUN: env STM_THREADS=4 %t | FileCheck %s
// RUN: env STM_THREADS=4 STM_INJECT_ABORTS=20 %t | FileCheck %s
// CHECK: tree ok
// CHECK: small trees ok
// CHECK: chains ok
#include "Inputs/tasks.h"

enum { DEPTH = 16, NODES = (1 << (DEPTH + 1)) - 1 };

static uint64_t nodes, depth_sum;
static uint8_t mark[NODES];

static unsigned depth_of(uintptr_t id) { return 63 - (unsigned)__builtin_clzll(id + 1); }

static void node(void *arg) {
  (void)arg;
  abort(); /* the clone runs */
}

static void node_tx(void *arg) {
  stm_tx_t *tx = stm_tx_self();
  uintptr_t id = (uintptr_t)arg;
  ST64(tx, &nodes, LD64(tx, &nodes) + 1);
  ST64(tx, &depth_sum, LD64(tx, &depth_sum) + depth_of(id));
  ST8(tx, &mark[id], LD8(tx, &mark[id]) + 1);
  if (depth_of(id) < DEPTH) {
    stm_add_task(node, (void *)(2 * id + 1));
    stm_add_task(node, (void *)(2 * id + 2));
  }
}

/* A chain: each task adds the next one only (no parallelism at all: the
 * pool must neither stop early nor hang while one task at a time runs). */
static uint64_t chain_len;
static void link_(void *arg) {
  (void)arg;
  abort();
}
static void link_tx(void *arg) {
  stm_tx_t *tx = stm_tx_self();
  uintptr_t left = (uintptr_t)arg;
  ST64(tx, &chain_len, LD64(tx, &chain_len) + 1);
  if (left > 1)
    stm_add_task(link_, (void *)(left - 1));
}

static void run_tree(void) {
  nodes = depth_sum = 0;
  memset(mark, 0, sizeof mark);
  stm_add_task(node, (void *)0);
  stm_run_all_tasks();
  uint64_t want_depths = 0;
  for (unsigned d = 0; d <= DEPTH; d++)
    want_depths += (uint64_t)d << d;
  CHECK_EQ(nodes, NODES);
  CHECK_EQ(depth_sum, want_depths);
  for (long i = 0; i < NODES; i++)
    CHECK_EQ(mark[i], 1);
}

int main(void) {
  test_watchdog(120);
  REGISTER_CLONE(node, node_tx);
  REGISTER_CLONE(link_, link_tx);
  run_tree();
  run_tree();
  printf("tree ok\n");

  /* Many short runs: start/stop races. */
  for (int r = 0; r < 300; r++) {
    nodes = 0;
    stm_add_task(node, (void *)(uintptr_t)((1u << (DEPTH - 3)) - 1)); /* depth 13: 15 nodes */
    stm_run_all_tasks();
    CHECK_EQ(nodes, 15);
  }
  printf("small trees ok\n");

  for (int r = 0; r < 20; r++) {
    chain_len = 0;
    stm_add_task(link_, (void *)(uintptr_t)1000);
    stm_run_all_tasks();
    CHECK_EQ(chain_len, 1000);
  }
  printf("chains ok\n");
  return 0;
}
