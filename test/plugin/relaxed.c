// In __transaction_relaxed (and __transaction), what cannot be
// instrumented makes the transaction irrevocable just before it: output
// functions in instrumented mode, unknown code in serial mode.
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Werror %s %S/Inputs/external.c -o %t %stm_ldflags && %t | FileCheck %s --check-prefix=OUT
// RUN: %clang %stm_plugin -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
#include <stdio.h>
#include "Inputs/check.h"

int g;
volatile int vol;
void external_thing(void); // defined in Inputs/external.c
int (*fp)(const char *) = puts;

int main(void) {
  __transaction_relaxed {
    g++;
    // CHECK: (stm_become_irrevocable(__stm_tx_0, (1u), &__stm_sites[{{[0-9]+}}]), printf("relaxed g=%d\n",
    printf("relaxed g=%d\n", g);
  }
  __transaction {
    // CHECK: (stm_become_irrevocable(__stm_tx_1, (2u), &__stm_sites[{{[0-9]+}}]), external_thing())
    external_thing();
    // CHECK: (stm_become_irrevocable(__stm_tx_1, (2u), &__stm_sites[{{[0-9]+}}]), vol = 5)
    vol = 5;
    // CHECK: { stm_become_irrevocable(__stm_tx_1, (2u), &__stm_sites[{{[0-9]+}}]); __asm__ volatile({{.*}}); }
    __asm__ volatile("" ::: "memory");
    // Through a pointer: the target's clone if it has one (puts has not:
    // serial); the pointer itself is read through a barrier.
    // CHECK: __stm_clone_or_serial(__stm_tx_1, (void *)(&*(((int (*)(const char *))stm_loadm_ptr(__stm_ro_1, __stm_tx_1, {{.*}}(&(fp)){{.*}}("indirect")
    fp("indirect");
  }
  CHECK_EQ(g, 1);
  CHECK_EQ(vol, 5);
  return 0;
}
// OUT: relaxed g=1
// OUT-NEXT: indirect
