// The runtime's string functions (stm_strlen ... stm_atoi) against libc's,
// at every alignment and length up to 40, on strings the transaction wrote
// itself (read-own-write, partly written words), and on strings that end
// at the last byte before an inaccessible page (no read past the word of
// the terminating byte).
// RUN: %rtcc %s -o %t %stm_ldflags && %t | FileCheck %s
// RUN: env STM_INJECT_ABORTS=20 %t | FileCheck %s
// CHECK: libc agreement ok
// CHECK: read-own-write ok
// CHECK: page end ok
// CHECK: writers ok
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "Inputs/tx.h"

static int sgn(int x) { return (x > 0) - (x < 0); }

static char a[128] __attribute__((aligned(64))), b[128] __attribute__((aligned(64)));

static void fill(char *p, size_t len, int seed) {
  for (size_t i = 0; i < len; i++)
    p[i] = (char)('a' + (i * 7 + (size_t)seed) % 26);
  p[len] = 0;
}

static void agreement(void) {
  for (int oa = 0; oa < 8; oa++)
    for (int ob = 0; ob < 8; ob += 3)
      for (size_t la = 0; la < 40; la++) {
        size_t lb = (la * 5 + (size_t)ob) % 40;
        memset(a, 'Z', sizeof a);
        memset(b, 'Z', sizeof b);
        char *s = a + oa, *t = b + ob;
        fill(s, la, 0);
        fill(t, lb, (int)la & 1 ? 0 : 3);
        if (la > 2)
          s[la / 2] = 'q'; /* a character to find */
        TX_BEGIN(tx, A_ATOMIC) {
          CHECK_EQ(stm_strlen(tx, s, SC), strlen(s));
          for (size_t n = 0; n < 45; n += 4) {
            CHECK_EQ(stm_strnlen(tx, s, n, SC), strnlen(s, n));
            CHECK_EQ(sgn(stm_strncmp(tx, s, t, n, SC)), sgn(strncmp(s, t, n)));
            size_t m = n < la ? n : la;
            CHECK_EQ(sgn(stm_memcmp(tx, s, t, m < lb ? m : lb, SC)),
                     sgn(memcmp(s, t, m < lb ? m : lb)));
            CHECK(stm_memchr(tx, s, 'q', m, SC) == memchr(s, 'q', m));
          }
          CHECK_EQ(sgn(stm_strcmp(tx, s, t, SC)), sgn(strcmp(s, t)));
          CHECK_EQ(stm_strcmp(tx, s, s, SC), 0);
          CHECK(stm_strchr(tx, s, 'q', SC) == strchr(s, 'q'));
          CHECK(stm_strchr(tx, s, 0, SC) == strchr(s, 0));
          CHECK(stm_strchr(tx, s, 'a', SC) == strchr(s, 'a'));
          CHECK(stm_strrchr(tx, s, 'a', SC) == strrchr(s, 'a'));
          CHECK(stm_strrchr(tx, s, 0, SC) == strrchr(s, 0));
          CHECK(stm_strstr(tx, s, "q", SC) == strstr(s, "q"));
          CHECK(stm_strstr(tx, s, t + lb / 2, SC) == strstr(s, t + lb / 2));
          CHECK(stm_strstr(tx, s, "", SC) == s);
          CHECK_EQ(stm_strspn(tx, s, "ahov", SC), strspn(s, "ahov"));
          CHECK_EQ(stm_strcspn(tx, s, "qz", SC), strcspn(s, "qz"));
          CHECK(stm_strpbrk(tx, s, "qh", SC) == strpbrk(s, "qh"));
        } TX_END(tx);
      }
  printf("libc agreement ok\n");
}

static void read_own_write(void) {
  memset(a, 'x', sizeof a);
  strcpy(b, "hello, world");
  char *end; /* written back at commit: must outlive the block (TX_END commits after it) */
  TX_BEGIN(tx, A_ATOMIC) {
    /* Memory holds 'x' everywhere: the string exists only in the log. */
    for (int i = 0; i < 5; i++)
      ST8(tx, &a[3 + i], "abcde"[i]);
    ST8(tx, &a[8], 0);
    CHECK_EQ(stm_strlen(tx, a + 3, SC), 5);
    CHECK_EQ(stm_strcmp(tx, a + 3, "abcde", SC), 0);
    CHECK(stm_strcmp(tx, a + 3, "abcdf", SC) < 0);
    CHECK(stm_strchr(tx, a + 3, 'd', SC) == a + 6);
    stm_strcpy(tx, a + 21, b, SC);
    CHECK_EQ(stm_strlen(tx, a + 21, SC), 12);
    stm_strcat(tx, a + 3, "+", SC);
    stm_strcat(tx, a + 3, a + 21, SC);
    CHECK_EQ(stm_strcmp(tx, a + 3, "abcde+hello, world", SC), 0);
    char *d = stm_strdup(tx, a + 3, SC);
    CHECK_EQ(strcmp(d, "abcde+hello, world"), 0);
    char *e = stm_strndup(tx, a + 3, 5, SC);
    CHECK_EQ(strcmp(e, "abcde"), 0);
    stm_free(tx, d, SC);
    stm_free(tx, e, SC);
    ST8(tx, &b[5], 0);
    stm_strcpy(tx, a + 40, "  -1234xyz", SC);
    CHECK_EQ(stm_strtol(tx, a + 40, &end, 10, SC), -1234);
    CHECK(LDP(tx, &end) == a + 47); /* written through the barrier */
    CHECK_EQ(stm_atoi(tx, a + 40, SC), -1234);
    CHECK_EQ(stm_strtoul(tx, "ff", NULL, 16, SC), 255);
    CHECK(stm_atof(tx, "2.5", SC) == 2.5);
    CHECK(stm_strtod(tx, "1e3", &end, SC) == 1000.0);
  } TX_END(tx);
  CHECK_EQ(strcmp(a + 3, "abcde+hello, world"), 0);
  CHECK_EQ(strcmp(b, "hello"), 0);
  CHECK_EQ(a[2], 'x');
  /* errno set by a parser is the transaction's: restored on abort/cancel. */
  errno = 0;
  TX_BEGIN(tx, A_ATOMIC) {
    CHECK_EQ(stm_strtol(tx, "99999999999999999999999", NULL, 10, SC), LONG_MAX);
    CHECK_EQ(errno, ERANGE);
  } TX_END(tx);
  CHECK_EQ(errno, ERANGE);
  printf("read-own-write ok\n");
}

/* Strings ending at the last byte of a page followed by an inaccessible
 * one: no function may touch the next page. */
static void page_end(void) {
  long pg = sysconf(_SC_PAGESIZE);
  char *m = mmap(NULL, (size_t)pg * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(m != MAP_FAILED);
  CHECK(mprotect(m + pg, (size_t)pg, PROT_NONE) == 0);
  char buf[32]; /* written back at commit: outside the block */
  for (size_t len = 0; len < 20; len++) {
    char *s = m + pg - len - 1;
    fill(s, len, 1);
    TX_BEGIN(tx, A_ATOMIC) {
      CHECK_EQ(stm_strlen(tx, s, SC), len);
      CHECK_EQ(stm_strnlen(tx, s, 1000, SC), len);
      CHECK_EQ(stm_strcmp(tx, s, s, SC), 0);
      CHECK_EQ(stm_strncmp(tx, s, s, 1000, SC), 0);
      CHECK(stm_strchr(tx, s, '#', SC) == NULL);
      CHECK(stm_strrchr(tx, s, '#', SC) == NULL);
      CHECK(stm_memchr(tx, s, '#', len + 1, SC) == NULL);
      CHECK_EQ(stm_memcmp(tx, s, s, len + 1, SC), 0);
      CHECK(stm_strstr(tx, s, "#", SC) == NULL);
      stm_strcpy(tx, buf, s, SC); /* buf's bytes are in the redo log */
      CHECK_EQ(stm_strcmp(tx, buf, s, SC), 0);
      char *d = stm_strdup(tx, s, SC);
      CHECK_EQ(strcmp(d, s), 0);
      stm_free(tx, d, SC);
    } TX_END(tx);
  }
  munmap(m, (size_t)pg * 2);
  printf("page end ok\n");
}

static void writers(void) {
  char ref[64];
  for (size_t n = 0; n < 20; n++) {
    memset(a, 'x', sizeof a);
    memset(ref, 'x', sizeof ref);
    TX_BEGIN(tx, A_ATOMIC) {
      CHECK(stm_strncpy(tx, a + 1, "hello", n, SC) == a + 1);
    } TX_END(tx);
    strncpy(ref + 1, "hello", n);
    CHECK_EQ(memcmp(a, ref, sizeof ref), 0);
    memset(a, 'x', sizeof a);
    memset(ref, 'x', sizeof ref);
    strcpy(a + 2, "ab");
    strcpy(ref + 2, "ab");
    TX_BEGIN(tx, A_ATOMIC) {
      stm_strncat(tx, a + 2, "0123456789", n, SC);
    } TX_END(tx);
    strncat(ref + 2, "0123456789", n);
    CHECK_EQ(memcmp(a, ref, sizeof ref), 0);
  }
  TX_BEGIN(tx, A_ATOMIC) {
    CHECK(stm_stpcpy(tx, a + 5, "xyz", SC) == a + 8);
  } TX_END(tx);
  CHECK_EQ(strcmp(a + 5, "xyz"), 0);
  printf("writers ok\n");
}

int main(void) {
  test_watchdog(60);
  agreement();
  read_own_write();
  page_end();
  writers();
  return 0;
}
