/*
 * string.c - transactional versions of the <string.h> readers and writers
 * and of the <stdlib.h> number parsers, for generated code (docs/ABI.md).
 *
 * Reads go through the load barrier one aligned 8-byte word at a time (one
 * orec, one read-log entry per word), so they validate against the snapshot
 * and see the transaction's own writes; the bytes of each word are then
 * scanned here.  A scan never loads a word past the one holding the byte
 * where it stops (the terminating NUL, the match, or the last byte of a
 * bounded range): an aligned word never crosses a page, so this reads no
 * page the plain function would not.  Writes go through stm_write_bytes
 * (the redo log).  Under ASan or TSan the runtime loads single bytes
 * instead, since the tail of the last word may lie outside the object.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define STM_STR_BYTEWISE 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define STM_STR_BYTEWISE 1
#endif
#endif
#ifndef STM_STR_BYTEWISE
#define STM_STR_BYTEWISE 0
#endif

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* A forward reader: the bytes from p on, in memory order, `avail` of them
 * in the low end of `img`. */
typedef struct {
  stm_tx_t *tx;
  const stm_site_t *site;
  uintptr_t p; /* address of the next byte not yet in img */
  uint64_t img;
  unsigned avail;
} cursor_t;

static inline void cur_init(cursor_t *c, stm_tx_t *tx, const void *p, const stm_site_t *site) {
  c->tx = tx;
  c->site = site;
  c->p = (uintptr_t)p;
  c->img = 0;
  c->avail = 0;
}

static inline void cur_fill(cursor_t *c) {
#if STM_STR_BYTEWISE
  c->img = stm_load_u8(c->tx, (const uint8_t *)c->p, c->site);
  c->avail = 1;
  c->p += 1;
#else
  uintptr_t w = c->p & ~(uintptr_t)7;
  unsigned off = (unsigned)(c->p - w);
  c->img = stm_load_u64(c->tx, (const uint64_t *)w, c->site) >> (off * 8);
  c->avail = 8 - off;
  c->p = w + 8;
#endif
}

static inline unsigned char cur_next(cursor_t *c) {
  if (!c->avail)
    cur_fill(c);
  unsigned char b = (unsigned char)c->img;
  c->img >>= 8;
  c->avail--;
  return b;
}

/* The aligned word holding the byte at a (bytewise: that byte alone):
 * *base gets the address of its byte 0, *nbytes its size. */
static inline uint64_t load_word(stm_tx_t *tx, uintptr_t a, uintptr_t *base,
                                  unsigned *nbytes, const stm_site_t *site) {
#if STM_STR_BYTEWISE
  *base = a;
  *nbytes = 1;
  return stm_load_u8(tx, (const uint8_t *)a, site);
#else
  uintptr_t w = a & ~(uintptr_t)7;
  *base = w;
  *nbytes = 8;
  return stm_load_u64(tx, (const uint64_t *)w, site);
#endif
}

/* Index of the first byte of v equal to c (broadcast in cc), or 8.  Bytes
 * below `from` are ignored; bytes at `nbytes` and above do not exist. */
static inline unsigned find_byte(uint64_t v, uint64_t cc, unsigned from, unsigned nbytes) {
  uint64_t x = v ^ cc;
  uint64_t z = (x - ONES) & ~x & HIGHS; /* flags each byte of x that is 0 */
  z &= ~(uint64_t)0 << (from * 8);
  if (nbytes < 8)
    z &= ((uint64_t)1 << (nbytes * 8)) - 1;
  if (!z)
    return 8;
  /* Every matching byte is flagged; a byte just above a match (or above
   * an ignored byte below `from`) may be flagged falsely: recheck. */
  for (unsigned i = from; i < nbytes; i++)
    if ((unsigned char)(v >> (i * 8)) == (unsigned char)cc)
      return i;
  return 8;
}

/* Scan from s for the byte c or, if stop0, a NUL; at most n bytes.
 * Returns the offset of the first such byte, or n. */
static size_t scan(stm_tx_t *tx, const void *s, int c, int stop0, size_t n,
                   const stm_site_t *site) {
  uintptr_t a = (uintptr_t)s, base;
  uint64_t cc = ONES * (unsigned char)c;
  size_t done = 0;
  if (!n)
    return 0;
  for (;;) {
    unsigned nb;
    uint64_t v = load_word(tx, a, &base, &nb, site);
    unsigned from = (unsigned)(a - base);
    unsigned lim = nb;
    if ((size_t)(lim - from) > n - done)
      lim = from + (unsigned)(n - done);
    unsigned i = find_byte(v, cc, from, lim);
    if (stop0) {
      unsigned j = find_byte(v, 0, from, lim);
      if (j < i)
        i = j;
    }
    if (i < lim)
      return done + (i - from);
    done += lim - from;
    if (done >= n)
      return n;
    a = base + nb;
  }
}

static void require(stm_tx_t *tx, const char *what) { stm_require_tx(tx, what); }

size_t stm_strlen(stm_tx_t *tx, const char *s, const stm_site_t *site) {
  require(tx, "stm_strlen");
  return scan(tx, s, 0, 0, SIZE_MAX, site);
}

size_t stm_strnlen(stm_tx_t *tx, const char *s, size_t n, const stm_site_t *site) {
  require(tx, "stm_strnlen");
  return scan(tx, s, 0, 0, n, site);
}

void *stm_memchr(stm_tx_t *tx, const void *s, int c, size_t n, const stm_site_t *site) {
  require(tx, "stm_memchr");
  size_t i = scan(tx, s, c, 0, n, site);
  return i < n ? (char *)s + i : NULL;
}

char *stm_strchr(stm_tx_t *tx, const char *s, int c, const stm_site_t *site) {
  require(tx, "stm_strchr");
  size_t i = scan(tx, s, c, 1, SIZE_MAX, site);
  cursor_t k;
  /* Stopped at c or at the NUL: one more (logged, cheap) byte read tells. */
  cur_init(&k, tx, s + i, site);
  return cur_next(&k) == (unsigned char)c ? (char *)s + i : NULL;
}

char *stm_strrchr(stm_tx_t *tx, const char *s, int c, const stm_site_t *site) {
  require(tx, "stm_strrchr");
  cursor_t k;
  const char *last = NULL;
  cur_init(&k, tx, s, site);
  for (size_t i = 0;; i++) {
    unsigned char b = cur_next(&k);
    if (b == (unsigned char)c)
      last = s + i;
    if (!b)
      return (char *)last;
  }
}

/* a and b at the same offset in their words: compare a word of each at a
 * time.  The offset of the first byte, within n, where they differ or (if
 * stop0) a has a NUL; or n. */
static size_t cmp_words(stm_tx_t *tx, const void *a, const void *b, size_t n, int stop0,
                        const stm_site_t *site) {
  unsigned off = (unsigned)((uintptr_t)a & 7);
  uintptr_t wa = (uintptr_t)a - off, wb = (uintptr_t)b - off;
  size_t done = 0;
  if (!n)
    return 0;
  for (;;) {
    uint64_t va = stm_load_u64(tx, (const uint64_t *)wa, site);
    uint64_t vb = stm_load_u64(tx, (const uint64_t *)wb, site);
    unsigned lim = 8;
    if ((size_t)(lim - off) > n - done)
      lim = off + (unsigned)(n - done);
    uint64_t m = ~(uint64_t)0 << (off * 8);
    if (lim < 8)
      m &= ((uint64_t)1 << (lim * 8)) - 1;
    uint64_t z = stop0 ? (va - ONES) & ~va & HIGHS : 0; /* flags every NUL */
    if (((va ^ vb) | z) & m)
      for (unsigned i = off; i < lim; i++) {
        unsigned char p = (unsigned char)(va >> (i * 8)), q = (unsigned char)(vb >> (i * 8));
        if (p != q || (stop0 && !p))
          return done + (i - off);
      }
    done += lim - off;
    if (done >= n)
      return n;
    off = 0;
    wa += 8;
    wb += 8;
  }
}

static int byte_diff(stm_tx_t *tx, const void *a, const void *b, const stm_site_t *site) {
  cursor_t x, y;
  cur_init(&x, tx, a, site);
  cur_init(&y, tx, b, site);
  unsigned char p = cur_next(&x), q = cur_next(&y);
  return p == q ? 0 : p < q ? -1 : 1;
}

/* strcmp (n = SIZE_MAX), strncmp (stop0) and memcmp: word-wise when both
 * sides share their offset in a word, else byte by byte. */
static int compare(stm_tx_t *tx, const void *a, const void *b, size_t n, int stop0,
                   const stm_site_t *site) {
  if (!STM_STR_BYTEWISE && (((uintptr_t)a ^ (uintptr_t)b) & 7) == 0) {
    size_t i = cmp_words(tx, a, b, n, stop0, site);
    return i == n ? 0 : byte_diff(tx, (const char *)a + i, (const char *)b + i, site);
  }
  cursor_t x, y;
  cur_init(&x, tx, a, site);
  cur_init(&y, tx, b, site);
  for (; n; n--) {
    unsigned char p = cur_next(&x), q = cur_next(&y);
    if (p != q)
      return p < q ? -1 : 1;
    if (stop0 && !p)
      return 0;
  }
  return 0;
}

int stm_strcmp(stm_tx_t *tx, const char *a, const char *b, const stm_site_t *site) {
  require(tx, "stm_strcmp");
  return compare(tx, a, b, SIZE_MAX, 1, site);
}

int stm_strncmp(stm_tx_t *tx, const char *a, const char *b, size_t n, const stm_site_t *site) {
  require(tx, "stm_strncmp");
  return compare(tx, a, b, n, 1, site);
}

int stm_memcmp(stm_tx_t *tx, const void *a, const void *b, size_t n, const stm_site_t *site) {
  require(tx, "stm_memcmp");
  return compare(tx, a, b, n, 0, site);
}

/* Copy the string s (at most n bytes of it, not counting a NUL) to d
 * through the write barrier, a source word at a time; returns the number
 * of bytes copied, the NUL excluded.  The NUL is copied if it was reached. */
static size_t copy_str(stm_tx_t *tx, char *d, const char *s, size_t n, const stm_site_t *site) {
  cursor_t k;
  unsigned char buf[8];
  size_t done = 0;
  cur_init(&k, tx, s, site);
  for (;;) {
    unsigned len = 0;
    int end = 0;
    if (done >= n)
      return done;
    if (!k.avail)
      cur_fill(&k);
    while (k.avail && done + len < n) {
      unsigned char b = cur_next(&k);
      buf[len++] = b;
      if (!b) {
        end = 1;
        break;
      }
    }
    if (len)
      stm_write_bytes(tx, d + done, buf, len, site);
    done += len;
    if (end)
      return done - 1;
  }
}

char *stm_strcpy(stm_tx_t *tx, char *d, const char *s, const stm_site_t *site) {
  require(tx, "stm_strcpy");
  copy_str(tx, d, s, SIZE_MAX, site);
  return d;
}

char *stm_stpcpy(stm_tx_t *tx, char *d, const char *s, const stm_site_t *site) {
  require(tx, "stm_stpcpy");
  return d + copy_str(tx, d, s, SIZE_MAX, site);
}

char *stm_strncpy(stm_tx_t *tx, char *d, const char *s, size_t n, const stm_site_t *site) {
  require(tx, "stm_strncpy");
  size_t k = copy_str(tx, d, s, n, site); /* k < n: the NUL was copied too */
  if (k + 1 < n)
    stm_memset(tx, d + k + 1, 0, n - k - 1, site);
  return d;
}

char *stm_strcat(stm_tx_t *tx, char *d, const char *s, const stm_site_t *site) {
  require(tx, "stm_strcat");
  copy_str(tx, d + stm_strlen(tx, d, site), s, SIZE_MAX, site);
  return d;
}

char *stm_strncat(stm_tx_t *tx, char *d, const char *s, size_t n, const stm_site_t *site) {
  require(tx, "stm_strncat");
  char *e = d + stm_strlen(tx, d, site);
  size_t k = copy_str(tx, e, s, n, site);
  if (k == n) { /* stopped by n: terminate */
    char z = 0;
    stm_write_bytes(tx, e + k, &z, 1, site);
  }
  return d;
}

char *stm_strdup(stm_tx_t *tx, const char *s, const stm_site_t *site) {
  require(tx, "stm_strdup");
  size_t n = stm_strlen(tx, s, site);
  /* Fresh memory: only this transaction can see it (an abort frees it), so
   * it is filled directly. */
  char *p = stm_malloc(tx, n + 1, site);
  if (p)
    stm_read_bytes(tx, p, s, n + 1, site);
  return p;
}

char *stm_strndup(stm_tx_t *tx, const char *s, size_t n, const stm_site_t *site) {
  require(tx, "stm_strndup");
  size_t len = stm_strnlen(tx, s, n, site);
  char *p = stm_malloc(tx, len + 1, site);
  if (p) {
    stm_read_bytes(tx, p, s, len, site);
    p[len] = 0;
  }
  return p;
}

/* ---- through a private copy ---------------------------------------------- */

/* The string s read into a private NUL-terminated copy: `small` if it
 * fits, else malloc'd (free with drop()).  *len gets strlen(s). */
typedef struct {
  char *p;
  size_t len;
  char small[256];
} copy_t;

static void fetch(stm_tx_t *tx, copy_t *c, const char *s, const stm_site_t *site) {
  cursor_t k;
  size_t cap = sizeof c->small;
  c->p = c->small;
  c->len = 0;
  cur_init(&k, tx, s, site);
  for (;;) {
    unsigned char b = cur_next(&k);
    if (c->len == cap) {
      char *q = stm_xmalloc(cap * 2, "string copy");
      memcpy(q, c->p, cap);
      if (c->p != c->small)
        free(c->p);
      c->p = q;
      cap *= 2;
    }
    c->p[c->len] = (char)b;
    if (!b)
      return;
    c->len++;
  }
}

static void drop(copy_t *c) {
  if (c->p != c->small)
    free(c->p);
}

char *stm_strstr(stm_tx_t *tx, const char *h, const char *n, const stm_site_t *site) {
  require(tx, "stm_strstr");
  copy_t hc, nc;
  fetch(tx, &nc, n, site);
  fetch(tx, &hc, h, site);
  const char *r = strstr(hc.p, nc.p);
  char *res = r ? (char *)h + (r - hc.p) : NULL;
  drop(&hc);
  drop(&nc);
  return res;
}

/* strspn and strcspn on private copies of both strings. */
static size_t span(stm_tx_t *tx, const char *s, const char *set, const stm_site_t *site,
                   size_t (*fn)(const char *, const char *)) {
  copy_t a, c;
  fetch(tx, &a, set, site);
  fetch(tx, &c, s, site);
  size_t r = fn(c.p, a.p);
  drop(&c);
  drop(&a);
  return r;
}

size_t stm_strspn(stm_tx_t *tx, const char *s, const char *accept, const stm_site_t *site) {
  require(tx, "stm_strspn");
  return span(tx, s, accept, site, strspn);
}

size_t stm_strcspn(stm_tx_t *tx, const char *s, const char *reject, const stm_site_t *site) {
  require(tx, "stm_strcspn");
  return span(tx, s, reject, site, strcspn);
}

char *stm_strpbrk(stm_tx_t *tx, const char *s, const char *accept, const stm_site_t *site) {
  size_t i = stm_strcspn(tx, s, accept, site);
  cursor_t k;
  cur_init(&k, tx, s + i, site);
  return cur_next(&k) ? (char *)s + i : NULL;
}

/* Number parsers: libc's, on a private copy of the string.  *end is written
 * through the write barrier; a change of errno is logged so that an abort or
 * cancel restores the old value. */
static void set_errno(stm_tx_t *tx, int old) {
  int now = errno;
  if (now == old)
    return;
  errno = old;
  stm_log_local(tx, &errno, sizeof errno);
  errno = now;
}

static void set_end(stm_tx_t *tx, char **end, const char *s, const copy_t *c, const char *e,
                    const stm_site_t *site) {
  if (!end)
    return;
  char *v = (char *)s + (e - c->p);
  stm_write_bytes(tx, end, &v, sizeof v, site);
}

#define STM_STRTO(NAME, T, CALL)                                                      \
  T stm_##NAME(stm_tx_t *tx, const char *s, char **end, int base,                     \
               const stm_site_t *site) {                                              \
    require(tx, "stm_" #NAME);                                                        \
    copy_t c;                                                                         \
    char *e;                                                                          \
    int old = errno;                                                                  \
    fetch(tx, &c, s, site);                                                           \
    T r = CALL;                                                                       \
    set_errno(tx, old);                                                               \
    set_end(tx, end, s, &c, e, site);                                                 \
    drop(&c);                                                                         \
    return r;                                                                         \
  }
STM_STRTO(strtol, long, strtol(c.p, &e, base))
STM_STRTO(strtoul, unsigned long, strtoul(c.p, &e, base))
STM_STRTO(strtoll, long long, strtoll(c.p, &e, base))
STM_STRTO(strtoull, unsigned long long, strtoull(c.p, &e, base))
#undef STM_STRTO

#define STM_STRTOF(NAME, T)                                                           \
  T stm_##NAME(stm_tx_t *tx, const char *s, char **end, const stm_site_t *site) {     \
    require(tx, "stm_" #NAME);                                                        \
    copy_t c;                                                                         \
    char *e;                                                                          \
    int old = errno;                                                                  \
    fetch(tx, &c, s, site);                                                           \
    T r = NAME(c.p, &e);                                                              \
    set_errno(tx, old);                                                               \
    set_end(tx, end, s, &c, e, site);                                                 \
    drop(&c);                                                                         \
    return r;                                                                         \
  }
STM_STRTOF(strtod, double)
STM_STRTOF(strtof, float)
#undef STM_STRTOF

int stm_atoi(stm_tx_t *tx, const char *s, const stm_site_t *site) {
  return (int)stm_strtol(tx, s, NULL, 10, site);
}
long stm_atol(stm_tx_t *tx, const char *s, const stm_site_t *site) {
  return stm_strtol(tx, s, NULL, 10, site);
}
long long stm_atoll(stm_tx_t *tx, const char *s, const stm_site_t *site) {
  return stm_strtoll(tx, s, NULL, 10, site);
}
double stm_atof(stm_tx_t *tx, const char *s, const stm_site_t *site) {
  return stm_strtod(tx, s, NULL, site);
}

/* ---- _FORTIFY_SOURCE forms ---------------------------------------------- */

/* glibc's __X_chk functions stop the program when the write would not fit
 * the object (size `have`, (size_t)-1 when unknown); so do these, naming
 * the site.  The sizes come from the transaction's consistent snapshot. */
static void chk(size_t need, size_t have, const char *fn, const stm_site_t *site) {
  if (STM_LIKELY(need <= have))
    return;
  char msg[200];
  snprintf(msg, sizeof msg,
           "buffer overflow detected (_FORTIFY_SOURCE): %s writes %zu bytes into an object of %zu",
           fn, need, have);
  stm_fatal_site(site, msg);
}

void *stm_memcpy_chk(stm_tx_t *tx, void *d, const void *s, size_t n, size_t os,
                     const stm_site_t *site) {
  chk(n, os, "memcpy", site);
  return stm_memcpy(tx, d, s, n, site);
}

void *stm_memmove_chk(stm_tx_t *tx, void *d, const void *s, size_t n, size_t os,
                      const stm_site_t *site) {
  chk(n, os, "memmove", site);
  return stm_memmove(tx, d, s, n, site);
}

void *stm_memset_chk(stm_tx_t *tx, void *d, int c, size_t n, size_t os, const stm_site_t *site) {
  chk(n, os, "memset", site);
  return stm_memset(tx, d, c, n, site);
}

char *stm_strcpy_chk(stm_tx_t *tx, char *d, const char *s, size_t os, const stm_site_t *site) {
  require(tx, "stm_strcpy_chk");
  if (os != (size_t)-1)
    chk(stm_strlen(tx, s, site) + 1, os, "strcpy", site);
  return stm_strcpy(tx, d, s, site);
}

char *stm_stpcpy_chk(stm_tx_t *tx, char *d, const char *s, size_t os, const stm_site_t *site) {
  require(tx, "stm_stpcpy_chk");
  if (os != (size_t)-1)
    chk(stm_strlen(tx, s, site) + 1, os, "stpcpy", site);
  return stm_stpcpy(tx, d, s, site);
}

char *stm_strncpy_chk(stm_tx_t *tx, char *d, const char *s, size_t n, size_t os,
                      const stm_site_t *site) {
  chk(n, os, "strncpy", site);
  return stm_strncpy(tx, d, s, n, site);
}

char *stm_strcat_chk(stm_tx_t *tx, char *d, const char *s, size_t os, const stm_site_t *site) {
  require(tx, "stm_strcat_chk");
  if (os != (size_t)-1)
    chk(stm_strlen(tx, d, site) + stm_strlen(tx, s, site) + 1, os, "strcat", site);
  return stm_strcat(tx, d, s, site);
}

char *stm_strncat_chk(stm_tx_t *tx, char *d, const char *s, size_t n, size_t os,
                      const stm_site_t *site) {
  require(tx, "stm_strncat_chk");
  if (os != (size_t)-1)
    chk(stm_strlen(tx, d, site) + stm_strnlen(tx, s, n, site) + 1, os, "strncat", site);
  return stm_strncat(tx, d, s, n, site);
}
