/*
 * barrier.c - the slow paths of loads and stores, and range barriers.
 *
 * Everything here works on one aligned 8-byte word at a time (one orec), on
 * a "part" of it given as a byte mask: typed accesses are a part of one
 * word, ranges are a sequence of parts.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static inline uint64_t stm_bytes_mask(unsigned off, unsigned len) {
  uint64_t m = len >= 8 ? ~(uint64_t)0 : (((uint64_t)1 << (len * 8)) - 1);
  return m << (off * 8);
}

/* Read the bytes of `mask` from memory with atomic loads that never touch
 * other bytes (the neighbours may be another thread's non-transactional
 * data). */
static uint64_t stm_raw_read(uintptr_t word, uint64_t mask) {
  if (mask == ~(uint64_t)0)
    return __atomic_load_n((const uint64_t *)word, __ATOMIC_RELAXED);
  uint64_t img = 0;
  for (unsigned i = 0; i < 8; i++)
    if ((mask >> (i * 8)) & 0xff)
      img |= (uint64_t)__atomic_load_n((const uint8_t *)(word + i), __ATOMIC_RELAXED) << (i * 8);
  return img;
}

static void stm_raw_write(uintptr_t word, uint64_t img, uint64_t mask) {
  for (unsigned i = 0; i < 8; i++)
    if ((mask >> (i * 8)) & 0xff)
      __atomic_store_n((uint8_t *)(word + i), (uint8_t)(img >> (i * 8)), __ATOMIC_RELAXED);
}

void stm_reserve_rlog(stm_thread_t *th, size_t more) {
  stm_tx_t *tx = &th->tx;
  size_t used = (size_t)(tx->rpos - tx->rbase);
  if (more <= (size_t)(tx->rend - tx->rpos))
    return;
  size_t cap = th->rcap * 2;
  while (cap < used + more)
    cap *= 2;
  stm_rentry_t *r = realloc(tx->rbase, cap * sizeof *r);
  if (!r)
    stm_fatal("out of memory growing the read log to %zu entries", cap);
  th->rcap = cap;
  tx->rbase = r;
  tx->rpos = r + used;
  tx->rend = r + cap;
}

static void stm_log_read(stm_thread_t *th, uint64_t *o, const stm_site_t *site) {
  stm_tx_t *tx = &th->tx;
  if (tx->rpos == tx->rend) {
    if (th->irrevocable)
      tx->rpos = tx->rbase; /* nothing can invalidate us: reads need no log */
    else
      stm_reserve_rlog(th, 1);
  }
  tx->rpos->orec = o;
  tx->rpos->site = site;
  tx->rpos++;
}

/* Read-own-write: our entries for this orec form a chain, newest first;
 * bytes we never wrote come from memory (stable: we hold the lock). */
static uint64_t stm_read_own(stm_thread_t *th, uintptr_t word, uint64_t mask, uint64_t lock) {
  stm_tx_t *tx = &th->tx;
  uint64_t got = 0, img = 0;
  for (;;) {
    stm_wentry_t *w = &tx->wlog[STM_INDEX(lock)];
    if (w->addr == word) {
      uint64_t take = w->mask & mask & ~got;
      img |= w->value & take;
      got |= take;
    }
    if (got == mask || (w->old & STM_OWNER_MASK) != tx->lockword)
      break;
    lock = w->old;
  }
  if (got != mask)
    img |= stm_raw_read(word, mask & ~got) & ~got;
  return img;
}

/* Load the bytes `mask` of `word` consistently with the snapshot. */
static uint64_t stm_load_part(stm_thread_t *th, uintptr_t word, uint64_t mask,
                              const stm_site_t *site) {
  stm_tx_t *tx = &th->tx;
  uint64_t *o = stm__orec((const void *)word);
  for (;;) {
    uint64_t v1 = atomic_load_explicit(STM_AOREC(o), memory_order_acquire);
    if (v1 & STM_LOCKBIT) {
      if ((v1 & STM_OWNER_MASK) == tx->lockword)
        return stm_read_own(th, word, mask, v1);
      stm_wait_conflict(th, o, v1, STM_ABORT_READ_LOCKED, site);
      continue;
    }
    if (v1 > tx->rv) {
      if (!stm_extend(th))
        stm_abort(th, STM_ABORT_VALIDATION, th->conflict_site ? th->conflict_site : site);
      continue;
    }
    uint64_t img = stm_raw_read(word, mask);
    atomic_thread_fence(memory_order_acquire);
    if (atomic_load_explicit(STM_AOREC(o), memory_order_relaxed) != v1)
      continue;
    stm_log_read(th, o, site);
    return img;
  }
}

/* Serial mode writes memory directly; the old bytes make cancel possible. */
void stm_serial_undo(stm_thread_t *th, size_t to, uintptr_t live_sp) {
  while (th->undo.len > to) {
    stm_undo_t *u = &STM_VEC_AT(&th->undo, stm_undo_t, --th->undo.len);
    if (!stm_on_dead_stack(th, u->addr, 8, live_sp))
      stm_raw_write(u->addr, u->old, u->mask);
  }
}

/* Store the bytes `mask` of `img` into `word`: lock the orec (encounter
 * time) and log the bytes; write-back happens at commit. */
static void stm_store_part(stm_thread_t *th, uintptr_t word, uint64_t img, uint64_t mask,
                           const stm_site_t *site) {
  stm_tx_t *tx = &th->tx;
  if (th->irrevocable == STM_IRREV_SERIAL) {
    stm_undo_t u = {word, stm_raw_read(word, mask), mask};
    STM_VEC_PUSH(&th->undo, stm_undo_t, u, "undo log");
    stm_raw_write(word, img, mask);
    return;
  }
  uint64_t *o = stm__orec((const void *)word);
  for (;;) {
    uint64_t cur = atomic_load_explicit(STM_AOREC(o), memory_order_acquire);
    if (cur & STM_LOCKBIT) {
      if ((cur & STM_OWNER_MASK) != tx->lockword) {
        stm_wait_conflict(th, o, cur, STM_ABORT_WRITE_LOCKED, site);
        continue;
      }
      /* Ours: merge into the newest entry for this word unless a nested
       * checkpoint must be able to restore that entry. */
      uint64_t lock = cur;
      for (;;) {
        uint32_t idx = STM_INDEX(lock);
        stm_wentry_t *w = &tx->wlog[idx];
        if (w->addr == word) {
          if (idx >= th->cp_wcount) {
            w->value = (w->value & ~mask) | (img & mask);
            w->mask |= mask;
            return;
          }
          break;
        }
        if ((w->old & STM_OWNER_MASK) != tx->lockword)
          break;
        lock = w->old;
      }
      if (tx->wcount == th->wcap)
        stm_grow_wlog(th);
      uint32_t i = tx->wcount++;
      tx->wlog[i] = (stm_wentry_t){word, img & mask, mask, cur, o, site};
      atomic_store_explicit(STM_AOREC(o), tx->lockword | i, memory_order_release);
      return;
    }
    if (cur > tx->rv) {
      /* Locking a newer version than our snapshot would hide a change to
       * something we may have read: extend first. */
      if (!stm_extend(th))
        stm_abort(th, STM_ABORT_VALIDATION, th->conflict_site ? th->conflict_site : site);
      continue;
    }
    if (tx->wcount == th->wcap)
      stm_grow_wlog(th);
    uint32_t i = tx->wcount;
    if (atomic_compare_exchange_strong_explicit(STM_AOREC(o), &cur, tx->lockword | i,
                                                memory_order_acquire, memory_order_relaxed)) {
      tx->wlog[i] = (stm_wentry_t){word, img & mask, mask, cur, o, site};
      tx->wcount = i + 1;
      if (stm_config.stats)
        stm_stats_on_lock(o, site);
      return;
    }
  }
}

uint64_t stm__load_slow(stm_tx_t *tx, const void *addr, unsigned size, const stm_site_t *site) {
  stm_require_tx(tx, "a transactional load");
  uintptr_t a = (uintptr_t)addr, word = a & ~(uintptr_t)7;
  unsigned off = (unsigned)(a & 7);
  if (STM_UNLIKELY(off + size > 8)) { /* straddles two words */
    uint64_t v = 0;
    stm_read_bytes(tx, &v, addr, size, site);
    return v;
  }
  uint64_t img = stm_load_part(stm_th(tx), word, stm_bytes_mask(off, size), site);
  return size == 8 ? img : (img >> (off * 8)) & (((uint64_t)1 << (size * 8)) - 1);
}

void stm__store_slow(stm_tx_t *tx, void *addr, uint64_t value, unsigned size,
                     const stm_site_t *site) {
  stm_require_tx(tx, "a transactional store");
  uintptr_t a = (uintptr_t)addr, word = a & ~(uintptr_t)7;
  unsigned off = (unsigned)(a & 7);
  if (STM_UNLIKELY(off + size > 8)) { /* straddles two words */
    stm_write_bytes(tx, addr, &value, size, site);
    return;
  }
  stm_store_part(stm_th(tx), word, value << (off * 8), stm_bytes_mask(off, size), site);
}

/* ---- ranges -------------------------------------------------------------- */

void stm_read_bytes(stm_tx_t *tx, void *dst, const void *src, size_t n, const stm_site_t *site) {
  stm_require_tx(tx, "stm_read_bytes");
  stm_thread_t *th = stm_th(tx);
  uintptr_t a = (uintptr_t)src;
  unsigned char *out = dst;
  while (n) {
    uintptr_t word = a & ~(uintptr_t)7;
    unsigned off = (unsigned)(a - word), len = 8 - off < n ? 8 - off : (unsigned)n;
    uint64_t img = stm_load_part(th, word, stm_bytes_mask(off, len), site);
    for (unsigned i = 0; i < len; i++)
      out[i] = (unsigned char)(img >> ((off + i) * 8));
    out += len;
    a += len;
    n -= len;
  }
}

void stm_write_bytes(stm_tx_t *tx, void *dst, const void *src, size_t n, const stm_site_t *site) {
  stm_require_tx(tx, "stm_write_bytes");
  stm_thread_t *th = stm_th(tx);
  uintptr_t a = (uintptr_t)dst;
  const unsigned char *in = src;
  while (n) {
    uintptr_t word = a & ~(uintptr_t)7;
    unsigned off = (unsigned)(a - word), len = 8 - off < n ? 8 - off : (unsigned)n;
    uint64_t img = 0;
    for (unsigned i = 0; i < len; i++)
      img |= (uint64_t)in[i] << ((off + i) * 8);
    stm_store_part(th, word, img, stm_bytes_mask(off, len), site);
    in += len;
    a += len;
    n -= len;
  }
}

void *stm_memset(stm_tx_t *tx, void *dst, int c, size_t n, const stm_site_t *site) {
  stm_require_tx(tx, "stm_memset");
  stm_thread_t *th = stm_th(tx);
  uint64_t fill = 0x0101010101010101ull * (unsigned char)c;
  uintptr_t a = (uintptr_t)dst;
  while (n) {
    uintptr_t word = a & ~(uintptr_t)7;
    unsigned off = (unsigned)(a - word), len = 8 - off < n ? 8 - off : (unsigned)n;
    stm_store_part(th, word, fill, stm_bytes_mask(off, len), site);
    a += len;
    n -= len;
  }
  return dst;
}

/* Read the whole source, then write: right for any overlap, since reads
 * after our own writes would otherwise see them. */
void *stm_memmove(stm_tx_t *tx, void *dst, const void *src, size_t n, const stm_site_t *site) {
  unsigned char small[256];
  unsigned char *buf = n <= sizeof small ? small : stm_xmalloc(n, "stm_memmove buffer");
  stm_read_bytes(tx, buf, src, n, site);
  stm_write_bytes(tx, dst, buf, n, site);
  if (buf != small)
    free(buf);
  return dst;
}

void *stm_memcpy(stm_tx_t *tx, void *dst, const void *src, size_t n, const stm_site_t *site) {
  return stm_memmove(tx, dst, src, n, site);
}

/* Heapsort of n elements of `size` bytes at a (private memory), with `tmp`
 * room for one element: no allocation, so a comparator that aborts the
 * transaction (longjmp) leaks nothing. */
static void stm_heap_sift(unsigned char *a, size_t size, size_t root, size_t n,
                          int (*cmp)(const void *, const void *), unsigned char *tmp) {
  for (;;) {
    size_t child = 2 * root + 1;
    if (child >= n)
      return;
    if (child + 1 < n && cmp(a + child * size, a + (child + 1) * size) < 0)
      child++;
    if (cmp(a + root * size, a + child * size) >= 0)
      return;
    memcpy(tmp, a + root * size, size);
    memcpy(a + root * size, a + child * size, size);
    memcpy(a + child * size, tmp, size);
    root = child;
  }
}

void stm_qsort(stm_tx_t *tx, void *base, size_t n, size_t size,
               int (*cmp)(const void *, const void *), const stm_site_t *site) {
  if (n < 2 || size == 0)
    return;
  int (*c)(const void *, const void *) =
      (int (*)(const void *, const void *))stm_clone_lookup(tx, (void *)cmp, site);
  if (!c) {
    /* Uninstrumented comparator: run alone, on memory as it is. */
    stm_become_irrevocable(tx, STM_IRR_SERIAL, site);
    qsort(base, n, size, cmp);
    return;
  }
  if (n > ((size_t)-1 - size) / size)
    stm_fatal_site(site, "qsort: array too large");
  /* Sorted in a private copy (released if the transaction aborts), then
   * written back through the log. */
  unsigned char *a = stm_malloc(tx, n * size + size, site);
  unsigned char *tmp = a + n * size;
  stm_read_bytes(tx, a, base, n * size, site);
  for (size_t i = n / 2; i-- > 0;)
    stm_heap_sift(a, size, i, n, c, tmp);
  for (size_t end = n - 1; end > 0; end--) {
    memcpy(tmp, a, size);
    memcpy(a, a + end * size, size);
    memcpy(a + end * size, tmp, size);
    stm_heap_sift(a, size, 0, end, c, tmp);
  }
  stm_write_bytes(tx, base, a, n * size, site);
  stm_free(tx, a, site);
}
