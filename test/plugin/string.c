// <string.h> and <stdlib.h> string functions inside transactions become the
// runtime's transactional versions (also __builtin_ and fortified _chk
// forms); they see the transaction's own writes and their writes are undone
// by a cancel.  srand in a relaxed transaction makes it serial.
// RUN: %clang %stm_plugin -O0 -Wall -Wextra -Werror %s -o %t0 %stm_ldflags && %t0 | FileCheck %s --check-prefix=OUT
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Werror %s -o %t2 %stm_ldflags && %t2 | FileCheck %s --check-prefix=OUT
// RUN: env STM_INJECT_ABORTS=20 %t2 | FileCheck %s --check-prefix=OUT
// RUN: %clang %stm_plugin -O2 -D_FORTIFY_SOURCE=2 -Wall -Wextra -Werror %s -o %tf %stm_ldflags && %tf | FileCheck %s --check-prefix=OUT
// RUN: %clang %stm_plugin -O0 -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
// RUN: %clang %stm_plugin -O2 -D_FORTIFY_SOURCE=2 -fplugin-arg-stmpass-emit=%t.f.stm.c -c %s -o %t.f.o
// RUN: FileCheck %s --check-prefix=FORT --input-file %t.f.stm.c
// OUT: strings ok
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "Inputs/check.h"

char g1[64], g2[64], num[16] = "  -1234rest";
char *dup, *dupn, *end;
const char *p_chr, *p_idx, *p_rchr, *p_mem, *p_str, *p_brk;
long n1, n2, n3, n4, c1, c2, c3, c4, sp, cs, v1, v2, v3;
double d1;

// In a clone: the function's transaction descriptor.
// CHECK: static size_t _ZGTt6my_len(const char *s) { stm_tx_t *const [[TX:__stm_txc_[0-9]+]] = stm_tx_current();
// CHECK-SAME: return stm_strlen([[TX]], s, &__stm_sites[{{[0-9]+}}])
static size_t my_len(const char *s) { return strlen(s); }

static int cmp_long(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return (x > y) - (x < y);
}
long arr[5] = {5, 3, 4, 1, 2};

int main(void) {
  __transaction_atomic {
    // CHECK: stm_strcpy(__stm_tx_{{[0-9]+}}, g1, "hello", &__stm_sites[{{[0-9]+}}])
    // FORT: stm_strcpy_chk(__stm_tx_{{[0-9]+}}, g1, "hello", __builtin_object_size((g1), 1), &__stm_sites[{{[0-9]+}}])
    strcpy(g1, "hello");
    // Read-own-write: the string is only in the redo log so far.
    // CHECK: stm_strlen(__stm_tx_{{[0-9]+}}, g1, &__stm_sites[{{[0-9]+}}])
    n1 = strlen(g1);
    // CHECK: stm_strcmp(__stm_tx_{{[0-9]+}}, g1, "hello", &__stm_sites[{{[0-9]+}}])
    c1 = strcmp(g1, "hello");
    // CHECK: stm_strcat(__stm_tx_{{[0-9]+}}, g1, ", world", &__stm_sites[{{[0-9]+}}])
    // FORT: stm_strcat_chk(__stm_tx_{{[0-9]+}}, g1, ", world", __builtin_object_size((g1), 1), &__stm_sites[{{[0-9]+}}])
    strcat(g1, ", world");
    n2 = my_len(g1);
    // CHECK: stm_strchr(__stm_tx_{{[0-9]+}}, g1, 'o', &__stm_sites[{{[0-9]+}}])
    p_chr = strchr(g1, 'o');
    // CHECK: stm_strrchr(
    p_rchr = strrchr(g1, 'o');
    // CHECK: stm_strchr(__stm_tx_{{[0-9]+}}, g1, 'w', &__stm_sites[{{[0-9]+}}])
    p_idx = index(g1, 'w');
    // CHECK: stm_memchr(__stm_tx_{{[0-9]+}}, g1, 'w', 12, &__stm_sites[{{[0-9]+}}])
    p_mem = memchr(g1, 'w', 12);
    // CHECK: stm_strstr(
    p_str = strstr(g1, "wor");
    // CHECK: stm_strncmp(__stm_tx_{{[0-9]+}}, g1, "help", 3, &__stm_sites[{{[0-9]+}}])
    c2 = strncmp(g1, "help", 3);
    // CHECK: stm_memcmp(
    c3 = memcmp(g1, "hellp", 5) < 0;
    // CHECK: stm_strncpy(__stm_tx_{{[0-9]+}}, g2, g1, 5, &__stm_sites[{{[0-9]+}}])
    // FORT: stm_strncpy_chk(__stm_tx_{{[0-9]+}}, g2, g1, 5, __builtin_object_size((g2), 1), &__stm_sites[{{[0-9]+}}])
    strncpy(g2, g1, 5);
    g2[5] = 0;
    // CHECK: stm_strncat(__stm_tx_{{[0-9]+}}, g2, "!!!!", 2, &__stm_sites[{{[0-9]+}}])
    strncat(g2, "!!!!", 2);
    // CHECK: stm_strnlen(
    n3 = strnlen(g2, 3);
    // CHECK: stm_strdup(__stm_tx_{{[0-9]+}}, g1, &__stm_sites[{{[0-9]+}}])
    dup = strdup(g1);
    // CHECK: stm_strndup(
    dupn = strndup(g1, 4);
    // CHECK: stm_strspn(
    sp = strspn(g1, "hel");
    // CHECK: stm_strcspn(
    cs = strcspn(g1, ",");
    // CHECK: stm_strpbrk(
    p_brk = strpbrk(g1, ",!");
    // CHECK: stm_strtol(__stm_tx_{{[0-9]+}}, num, &end, 10, &__stm_sites[{{[0-9]+}}])
    v1 = strtol(num, &end, 10);
    // CHECK: stm_atoi(__stm_tx_{{[0-9]+}}, "77", &__stm_sites[{{[0-9]+}}])
    v2 = atoi("77");
    // Folded by clang: left alone.
    // CHECK: (long)(strlen("four") + (strcmp("a", "a") == 0))
    v3 = strlen("four") + (strcmp("a", "a") == 0);
    // CHECK: stm_strtod(
    d1 = strtod("2.5", 0);
    // Builtin and fortified spellings.
    // CHECK: stm_stpcpy_chk(__stm_tx_{{[0-9]+}}, g2 + 7, "?", __builtin_object_size(g2 + 7, 1), &__stm_sites[{{[0-9]+}}])
    __builtin___stpcpy_chk(g2 + 7, "?", __builtin_object_size(g2 + 7, 1));
    // CHECK: stm_strlen(__stm_tx_{{[0-9]+}}, g2, &__stm_sites[{{[0-9]+}}])
    n4 = __builtin_strlen(g2);
    // CHECK: stm_memcmp(
    c4 = __builtin_memcmp(g2, "hello!!?", 9);
  }
  CHECK_EQ(n1, 5);
  CHECK_EQ(c1, 0);
  CHECK_EQ(strcmp(g1, "hello, world"), 0);
  CHECK_EQ(n2, 12);
  CHECK_EQ(p_chr - g1, 4);
  CHECK_EQ(p_rchr - g1, 8);
  CHECK_EQ(p_idx - g1, 7);
  CHECK_EQ(p_mem - g1, 7);
  CHECK_EQ(p_str - g1, 7);
  CHECK_EQ(c2, 0);
  CHECK_EQ(c3, 1);
  CHECK_EQ(strcmp(g2, "hello!!?"), 0);
  CHECK_EQ(n3, 3);
  CHECK_EQ(n4, 8);
  CHECK_EQ(c4, 0);
  CHECK_EQ(strcmp(dup, "hello, world"), 0);
  CHECK_EQ(strcmp(dupn, "hell"), 0);
  CHECK_EQ(sp, 4);
  CHECK_EQ(cs, 5);
  CHECK_EQ(p_brk - g1, 5);
  CHECK_EQ(v1, -1234);
  CHECK_EQ(end - num, 7);
  CHECK_EQ(v2, 77);
  CHECK_EQ(v3, 5);
  CHECK_EQ(d1 == 2.5, 1);
  free(dup);
  free(dupn);

  // A cancel undoes string writes (and frees what strdup allocated).
  __transaction_atomic {
    strcpy(g1, "cancelled");
    dup = strdup(g1);
    if (strcmp(g1, "cancelled") == 0)
      __transaction_cancel;
  }
  CHECK_EQ(strcmp(g1, "hello, world"), 0);

  // qsort is stm_qsort; srand cannot be instrumented: a relaxed
  // transaction goes serial first.
  // CHECK: stm_qsort(__stm_tx_{{[0-9]+}}, arr, 5, sizeof arr[0], cmp_long
  // CHECK: (stm_become_irrevocable(__stm_tx_{{[0-9]+}}, (2u), &__stm_sites[{{[0-9]+}}]), srand(1))
  __transaction_relaxed {
    qsort(arr, 5, sizeof arr[0], cmp_long);
    srand(1);
    n1 = strlen(g1);
    // Serial from here on: the writes go to memory directly (undo log).
    strcpy(g2, "serial");
    dup = strdup(g2);
    c1 = strcmp(dup, "serial") + strcmp(g2, "serial");
  }
  CHECK_EQ(c1, 0);
  CHECK_EQ(strcmp(g2, "serial"), 0);
  free(dup);
  CHECK_EQ(arr[0] * 10000 + arr[1] * 1000 + arr[2] * 100 + arr[3] * 10 + arr[4], 12345);
  CHECK_EQ(n1, 12);
  puts("strings ok");
  return 0;
}
