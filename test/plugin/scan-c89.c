/* Scan loops in C89 (-pedantic-errors -Wall -Wextra -Wshadow -Werror): the
   generated block declares before its statements, also when INIT is an
   expression; an unsigned and a wider compare against constants.
   RUN: %clang %stm_plugin -std=c89 -pedantic-errors -Wall -Wextra -Wshadow -Werror %s -o %t %stm_ldflags
   RUN: %t
   RUN: %clang %stm_plugin -std=gnu89 -pedantic-errors -Wall -Wextra -Wshadow -Werror -O2 %s -o %t2 %stm_ldflags
   RUN: %t2
   RUN: %clang %stm_plugin -std=c89 -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
   RUN: FileCheck %s --input-file %t.stm.c
   CHECK-LABEL: long sum(long from)
   CHECK: { const long *__stm_snap{{[0-9]+}}; long __stm_lo{{[0-9]+}}; i = from; __stm_snap
   CHECK-LABEL: long usum(int from)
   CHECK: { const short *__stm_snap{{[0-9]+}}; int __stm_lo{{[0-9]+}}; i = from; __stm_snap{{[0-9]+}} = (i < 40u) ? {{.*}}((unsigned long)(int)(40u) - (unsigned long)i) * 2u
   CHECK-LABEL: long nosum(void)
   CHECK-NOT: stm_read_snapshot
   CHECK-LABEL: long toolarge(void)
   CHECK-NOT: stm_read_snapshot
   CHECK-LABEL: int main(void)
*/
#include <stdio.h>
#include <stdlib.h>

long tab[50];
short sh[40];

long sum(long from) {
  long s = 0, i;
  __transaction_atomic {
    for (i = from; i < 50; i++)
      s += tab[i];
  }
  return s;
}

#pragma GCC diagnostic ignored "-Wsign-compare"
long usum(int from) {
  long s = 0;
  int i;
  __transaction_atomic {
    for (i = from; i < 40u; i++)
      s += sh[i];
  }
  return s;
}

/* A bound larger than i's type (and a body that writes i): refused. */
long nosum(void) {
  long s = 0;
  int i;
  __transaction_atomic {
    for (i = 0; i < 3000000000u; i++) {
      s += tab[i];
      if (i == 49)
        i = -2; /* then i++ makes it -1: (unsigned)-1 ends the loop */
    }
  }
  return s;
}

/* Only the bound is wrong (compiled, not run: it would read past tab). */
long toolarge(void) {
  long s = 0;
  int i;
  __transaction_atomic {
    for (i = 0; i < 3000000000u; i++)
      s += tab[i];
  }
  return s;
}

int main(void) {
  int i;
  for (i = 0; i < 50; i++)
    tab[i] = i;
  for (i = 0; i < 40; i++)
    sh[i] = (short)(i * 2);
  if (sum(0) != 1225 || sum(45) != 45 + 46 + 47 + 48 + 49 || sum(60) != 0)
    return 1;
  if (usum(0) != 1560 || usum(38) != 76 + 78 || usum(-5) != 0)
    return 2;
  if (nosum() != 1225)
    return 3;
  puts("ok");
  return 0;
}
