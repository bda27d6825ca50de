// stm_setjmp, the checkpoint generated code takes (STM_CHECKPOINT with
// STM_CHECKPOINT_ATTR; under TSan these are _setjmp and 0): an abort
// returns to it with the callee-saved registers and the stack pointer of
// the frame that took it, from deep recursion too, at the same depth every
// time; a nested block that may cancel keeps its own checkpoint, also
// inside a block that took _setjmp's, and the other way round.
// RUN: %rtcc %s -o %t %stm_ldflags && %t | FileCheck %s
// RUN: env STM_INJECT_ABORTS=30 STM_MAX_RETRIES=1000 %t | FileCheck %s
// CHECK: registers ok
// CHECK: deep ok
// CHECK: stack ok
// CHECK: nested ok
#include "Inputs/tx.h"

#define OWN_BEGIN(tx, attr)                                                    \
  {                                                                            \
    __label__ tx##_after;                                                      \
    stm_tx_t *const tx = stm_tx_self();                                        \
    jmp_buf tx##_jb;                                                           \
    if (STM_CHECKPOINT(tx##_jb)) {                                             \
      if (stm_cancelled(tx))                                                   \
        goto tx##_after;                                                       \
    }                                                                          \
    stm_begin(tx, tx##_jb, (attr) | STM_CHECKPOINT_ATTR, TX_SITE(STM_SITE_BEGIN, #tx)); \
    {

static uint64_t shared_word = 7;
static int attempts;

/* Values live across the block in callee-saved registers (they are used
 * after it, and the calls in between clobber the others). */
static __attribute__((noinline)) uint64_t mix(uint64_t a, uint64_t b) { return a * 31 + b; }

static void registers(uint64_t seed) {
  uint64_t r1 = mix(seed, 1), r2 = mix(seed, 2), r3 = mix(seed, 3), r4 = mix(seed, 4),
           r5 = mix(seed, 5), r6 = mix(seed, 6);
  attempts = 0;
  uint64_t got = 0;
  OWN_BEGIN(tx, A_ATOMIC) {
    got = LD64(tx, &shared_word);
    /* Clobber what the compiler may keep in registers during the block. */
    uint64_t t = mix(got, got) ^ mix(got, 3);
    ST64(tx, &shared_word, got + (t & 0));
    if (attempts++ < 5)
      stm_abort_retry(tx, SC);
  } TX_END(tx);
  CHECK_EQ(got, 7);
  CHECK_EQ(r1, mix(seed, 1));
  CHECK_EQ(r2, mix(seed, 2));
  CHECK_EQ(r3, mix(seed, 3));
  CHECK_EQ(r4, mix(seed, 4));
  CHECK_EQ(r5, mix(seed, 5));
  CHECK_EQ(r6, mix(seed, 6));
  CHECK(attempts >= 6);
  printf("registers ok\n");
}

/* An abort 200 frames below the block's frame. */
static __attribute__((noinline)) uint64_t descend(stm_tx_t *tx, int depth) {
  if (depth == 0) {
    if (attempts++ < 3)
      stm_abort_retry(tx, SC);
    return LD64(tx, &shared_word);
  }
  return descend(tx, depth - 1) + 1;
}

static void deep(void) {
  attempts = 0;
  uint64_t v = 0;
  OWN_BEGIN(tx, A_ATOMIC) { v = descend(tx, 200); } TX_END(tx);
  CHECK_EQ(v, 7 + 200);
  CHECK(attempts >= 4);
  printf("deep ok\n");
}

/* 3000 transactions that abort 3 times each: every attempt runs at the
 * same stack depth. */
static uintptr_t first; /* changed inside blocks: not locals (C11 7.13.2.1) */
static int moved, inner_runs, outer_runs;

static void stack(void) {
  for (int i = 0; i < 3000; i++) {
    attempts = 0;
    OWN_BEGIN(tx, A_ATOMIC) {
      char here;
      uintptr_t at = (uintptr_t)&here;
      if (!first)
        first = at;
      moved += at != first;
      if (attempts++ < 3)
        stm_abort_retry(tx, SC);
    } TX_END(tx);
  }
  CHECK_EQ(moved, 0);
  printf("stack ok\n");
}

/* Cancels land on the innermost checkpoint that may cancel, whichever
 * setjmp took it; a retry of the whole restarts the outermost. */
static void nested(void) {
  OWN_BEGIN(outer, A_CANCEL) {
    outer_runs++;
    ST64(outer, &shared_word, 100);
    TX_BEGIN(mid, A_CANCEL) { /* glibc's _setjmp */
      ST64(mid, &shared_word, 200);
      OWN_BEGIN(inner, A_CANCEL) {
        inner_runs++;
        ST64(inner, &shared_word, 300);
        stm_cancel(inner, 0, SX);
      } TX_END(inner);
      CHECK_EQ(LD64(mid, &shared_word), 200);
      stm_cancel(mid, 0, SX);
    } TX_END(mid);
    CHECK_EQ(LD64(outer, &shared_word), 100);
    if (outer_runs < 3)
      stm_abort_retry(outer, SC);
  } TX_END(outer);
  CHECK_EQ(shared_word, 100);
  CHECK(outer_runs >= 3);
  CHECK(inner_runs >= 3);
  shared_word = 7;
  printf("nested ok\n");
}

int main(int argc, char **argv) {
  (void)argv;
  registers((uint64_t)argc + 40);
  deep();
  stack();
  nested();
  return 0;
}
