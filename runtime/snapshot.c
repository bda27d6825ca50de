/*
 * snapshot.c - bulk reads of a range into a private buffer
 * (stm_read_snapshot / stm_snapshot_release, docs/ABI.md).
 *
 * The plugin turns a loop that scans consecutive array elements inside a
 * transaction, and writes nothing, into one call here before the loop and
 * plain reads of the returned buffer inside it.
 *
 * Fast path, in a revocable transaction: every orec covering the range is
 * unlocked, then the bytes are copied, then every orec is not newer than the
 * snapshot rv (below rv_ro in an unlogged read-only attempt, abi.h); a
 * logged attempt then logs every orec of the range, as single reads do.
 * Anything else (a check fails, irrevocable or serial mode) reads through
 * stm_read_bytes: one logged, validated read per word, with read-own-write,
 * conflicts, extension and aborts as usual.
 *
 * Buffers: a per-thread bump stack, reused from one transaction to the next.
 * A request that does not fit while other snapshots are live, or that is
 * larger than STM_SNAP_KEEP, gets its own block (freed on release).  The
 * stack grows only when it is empty, so live snapshots never move.  Releases
 * come in LIFO order and are required before the transaction ends (the
 * commit does not look); an abort or a cancel drops whatever is live.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define STM_SNAP_TSAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__) && !defined(STM_SNAP_TSAN)
#define STM_SNAP_TSAN 1
#endif

#define STM_SNAP_ALIGN 64u
#define STM_SNAP_MIN (64u * 1024u)          /* first stack size */
#define STM_SNAP_KEEP ((size_t)4 << 20)     /* larger requests are not kept */

static size_t stm_snap_round(size_t n) {
  return (n + STM_SNAP_ALIGN - 1) & ~(size_t)(STM_SNAP_ALIGN - 1);
}

static void *stm_snap_alloc(size_t n, const stm_site_t *site) {
  void *p = aligned_alloc(STM_SNAP_ALIGN, n ? n : STM_SNAP_ALIGN);
  if (!p) {
    stm_site_t s = site ? *site : (stm_site_t){0};
    if (s.file)
      stm_fatal("%s:%u:%u: out of memory allocating a snapshot of %zu bytes", s.file, s.line,
                s.col, n);
    stm_fatal("out of memory allocating a snapshot of %zu bytes", n);
  }
  return p;
}

/* A buffer of n bytes, aligned to 64, pushed on the thread's stack. */
static void *stm_snap_push(stm_thread_t *th, size_t n, const stm_site_t *site) {
  if (n > (size_t)-1 - STM_SNAP_ALIGN)
    stm_fatal_site(site, "snapshot too large");
  size_t r = stm_snap_round(n ? n : 1); /* never NULL, even for 0 bytes */
  if (r <= th->snap_cap - th->snap_top) {
    void *p = th->snap_stack + th->snap_top;
    th->snap_top += r;
    th->snap_live++;
    return p;
  }
  if (th->snap_live == 0 && r <= STM_SNAP_KEEP) {
    /* Empty: grow (nothing to keep). */
    size_t cap = th->snap_cap ? th->snap_cap : STM_SNAP_MIN;
    while (cap < r)
      cap *= 2;
    free(th->snap_stack);
    th->snap_stack = NULL;
    th->snap_cap = th->snap_top = 0;
    th->snap_stack = stm_snap_alloc(cap, site);
    th->snap_cap = cap;
    th->snap_top = r;
    th->snap_live = 1;
    return th->snap_stack;
  }
  void *p = stm_snap_alloc(r, site);
  STM_VEC_PUSH(&th->snap_big, void *, p, "snapshot list");
  th->snap_live++;
  return p;
}

void stm_snapshot_release(stm_tx_t *tx, const void *snap) {
  stm_thread_t *th = stm_th(tx);
  if (!snap || th->snap_live == 0)
    return;
  const unsigned char *p = snap;
  th->snap_live--;
  if (th->snap_stack && p >= th->snap_stack && p < th->snap_stack + th->snap_cap) {
    th->snap_top = (size_t)(p - th->snap_stack); /* LIFO: it is the top one */
    return;
  }
  for (size_t i = th->snap_big.len; i-- > 0;)
    if (STM_VEC_AT(&th->snap_big, void *, i) == snap) {
      free(STM_VEC_AT(&th->snap_big, void *, i));
      STM_VEC_AT(&th->snap_big, void *, i) =
          STM_VEC_AT(&th->snap_big, void *, th->snap_big.len - 1);
      th->snap_big.len--;
      return;
    }
  th->snap_live++; /* not ours */
}

/* Abort, cancel (stm_rollback_all): drop every live snapshot. */
void stm_snapshot_reset(stm_thread_t *th) {
  while (th->snap_big.len)
    free(STM_VEC_AT(&th->snap_big, void *, --th->snap_big.len));
  th->snap_top = 0;
  th->snap_live = 0;
}

void stm_snapshot_thread_exit(stm_thread_t *th) {
  stm_snapshot_reset(th);
  stm_vec_free(&th->snap_big);
  free(th->snap_stack);
  th->snap_stack = NULL;
  th->snap_cap = 0;
}

/* ---- the fast path ---------------------------------------------------------- */

/* Orec loads of the checks.  Plain loads so that clang vectorizes the loops;
 * the compiler barriers around the loops and the copy keep them where they
 * are, and x86-64 keeps loads in program order (docs/DESIGN.md: TSO), so the
 * pre-check's loads come before the copy's and the copy's before the
 * post-check's.  Under TSan: relaxed atomic loads (not vectorized). */
#ifdef STM_SNAP_TSAN
#define STM_SNAP_LOAD(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define STM_SNAP_CLONES
#else
#define STM_SNAP_LOAD(p) (*(p))
/* An AVX2 version where the CPU has it (4 orecs per instruction), chosen
 * once at load time (ifunc). */
#define STM_SNAP_CLONES __attribute__((target_clones("avx2", "default")))
#endif
#define STM_COMPILER_BARRIER() __asm__ __volatile__("" ::: "memory")

/* Before the copy: is every one of the k orecs from o unlocked (bit 63
 * clear)?  One OR per orec, no early exit. */
STM_SNAP_CLONES static int stm_snap_unlocked(const uint64_t *o, size_t k) {
  uint64_t acc = 0;
  for (size_t i = 0; i < k; i++)
    acc |= STM_SNAP_LOAD(&o[i]);
  return !(acc >> 63);
}

/* After the copy: is every one of the k orecs below lim (1 <= lim <= 2^63)?
 * Unlocked orecs hold versions (bit 63 clear), locked ones have bit 63 set,
 * so "v < lim" is the unsigned compare; written without an early exit and
 * without a 64-bit compare (SSE2 has none): for v < 2^63, v - lim wraps to
 * a value with bit 63 set exactly when v < lim. */
STM_SNAP_CLONES static int stm_snap_below(const uint64_t *o, size_t k, uint64_t lim) {
  uint64_t below = ~(uint64_t)0, any = 0;
  for (size_t i = 0; i < k; i++) {
    uint64_t v = STM_SNAP_LOAD(&o[i]);
    below &= v - lim;
    any |= v;
  }
  return (below >> 63) && !(any >> 63);
}

/* The orecs of words [first, first + words), with wrap-around at the end
 * of the table (a range longer than the table covers all of it): all
 * unlocked (lim == 0) or all below lim. */
static int stm_snap_orecs(uintptr_t first, size_t words, uint64_t lim) {
  if (words > STM_OREC_COUNT)
    words = STM_OREC_COUNT;
  size_t i = first & (STM_OREC_COUNT - 1);
  size_t head = STM_OREC_COUNT - i < words ? STM_OREC_COUNT - i : words;
  if (!(lim ? stm_snap_below(&stm__orecs[i], head, lim) : stm_snap_unlocked(&stm__orecs[i], head)))
    return 0;
  if (words == head)
    return 1;
  return lim ? stm_snap_below(&stm__orecs[0], words - head, lim)
             : stm_snap_unlocked(&stm__orecs[0], words - head);
}

static void stm_snap_copy(void *dst, const void *src, size_t n) {
#ifdef STM_SNAP_TSAN
  /* Atomic loads (words where aligned), as the writers' write-back stores
   * are atomic: TSan sees no race. */
  unsigned char *d = dst;
  const unsigned char *s = src;
  while (n && ((uintptr_t)s & 7u)) {
    *d++ = __atomic_load_n(s++, __ATOMIC_RELAXED);
    n--;
  }
  for (; n >= 8; n -= 8, s += 8, d += 8) {
    uint64_t w = __atomic_load_n((const uint64_t *)(const void *)s, __ATOMIC_RELAXED);
    memcpy(d, &w, 8);
  }
  while (n--)
    *d++ = __atomic_load_n(s++, __ATOMIC_RELAXED);
#else
  memcpy(dst, src, n);
#endif
}

/* A logged attempt: one read-log entry per orec of the range, as the
 * per-word barrier makes, so that validation covers the snapshot. */
static void stm_snap_log(stm_thread_t *th, uintptr_t first, size_t words,
                         const stm_site_t *site) {
  stm_tx_t *tx = &th->tx;
  if (words > STM_OREC_COUNT)
    words = STM_OREC_COUNT;
  stm_reserve_rlog(th, words);
  stm_rentry_t *e = tx->rpos;
  for (size_t k = 0; k < words; k++) {
    e[k].orec = &stm__orecs[(first + k) & (STM_OREC_COUNT - 1)];
    e[k].site = site;
  }
  tx->rpos = e + words;
}

const void *stm_read_snapshot(stm_tx_t *tx, const void *src, size_t n, const stm_site_t *site) {
  stm_require_tx(tx, "stm_read_snapshot");
  stm_thread_t *th = stm_th(tx);
  void *buf = stm_snap_push(th, n, site);
  /* Unlogged read-only attempt: below rv_ro; logged revocable attempt:
   * below rv + 1, then logged.  Irrevocable and serial transactions read
   * through stm_read_bytes. */
  uint64_t lim = tx->rv_ro;
  int logged = 0;
  if (!lim && !th->irrevocable) {
    lim = tx->rv + 1;
    logged = 1;
  }
  if (lim && n) {
    /* Why "every orec unlocked before the copy, every orec below lim
     * after it" is as strong as the per-word barrier's "v1 == v2 and v1 <=
     * rv" (lim is rv + 1): below lim means unlocked with a version <= rv.
     * Versions only grow (a commit releases with a version above every one
     * it locked over; an abort restores the exact old value), so a version
     * seen after the copy is at least the one before it: both are <= rv.
     * A writer locks every orec it writes before it takes its commit
     * version from the clock, and rv was read from the clock before the
     * pre-check (at begin, or at the last extension, which also validated
     * the log); a writer that held one of these orecs at any moment
     * between the pre-check (which found it unlocked) and the post-check
     * locked it after the pre-check, so it commits with a version > rv, or
     * still holds the lock, or aborted without writing (redo log).  The
     * post-check then sees the lock bit or a version > rv and fails.  A
     * writer that released before the pre-check wrote back before its
     * release store, which the pre-check's load ordered before the copy
     * (x86-64 loads are acquire loads).  So if both checks pass, no writer
     * touched the range during the copy, and every byte copied was written
     * at a version <= rv: the bytes belong to the snapshot rv, exactly as
     * single reads do (abi.h, STM__DEF_LOAD and STM__DEF_LOAD_RO).  A lock
     * seen by the pre-check (a writer that may be writing back now, or
     * this transaction's own: read-own-write) fails it.  Serial writers
     * run only when no other transaction is active; privatizers wait for
     * us (quiescence). */
    uintptr_t a = (uintptr_t)src;
    uintptr_t first = a >> STM_OREC_SHIFT;
    size_t words = (size_t)(((a + n - 1) >> STM_OREC_SHIFT) - first) + 1;
    STM_COMPILER_BARRIER();
    if (stm_snap_orecs(first, words, 0)) {
      atomic_thread_fence(memory_order_acquire); /* orecs before data */
      STM_COMPILER_BARRIER();
      stm_snap_copy(buf, src, n);
      atomic_thread_fence(memory_order_acquire); /* data before orecs */
      STM_COMPILER_BARRIER();
      if (stm_snap_orecs(first, words, lim)) {
        if (logged)
          stm_snap_log(th, first, words, site);
        return buf;
      }
    }
  }
  stm_read_bytes(tx, buf, src, n, site);
  return buf;
}
