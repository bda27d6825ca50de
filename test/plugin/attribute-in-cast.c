// A TM attribute in a cast's type name, as GCC-TM programs write it to call
// through a pointer they know is safe: clang cannot attach it there and
// would warn "attribute ignored when parsing type"; gcc accepts it
// silently, and so must we (with -Werror).  Other attributes still warn.
// RUN: %clang %stm_plugin -Wall -Wextra -Werror -O2 %s -o %t %stm_ldflags && %t
// RUN: %clang %stm_plugin -Wall -fsyntax-only -DOTHER %s 2>&1 | FileCheck %s --check-prefix=OTHER
// OTHER: attribute-in-cast.c:[[#@LINE+7]]:{{[0-9]+}}: warning: 'noinline' attribute ignored when parsing type
#include "Inputs/check.h"

typedef long (*cb_t)(long);
static long twice(long v) { return 2 * v; }
static long total;
#ifdef OTHER
static void *other = (void *)(long (__attribute__((noinline)) *)(long))twice;
#endif

int main(void) {
  void *opaque = (void *)twice;
  long (*f)(long) = (long (__attribute__((transaction_safe)) *)(long))opaque;
  __transaction_atomic { total += f(21); }
  CHECK_EQ(total, 42);
  return 0;
}
