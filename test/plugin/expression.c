// The expression forms __transaction_atomic (expr) and
// __transaction_relaxed (expr), next to statement forms of the same
// keywords, also when the keyword comes from a macro.
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Werror %s -o %t %stm_ldflags && %t
// RUN: %clang %stm_plugin -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
#include "Inputs/check.h"

int g = 2, h;
struct pair { int a, b; } gp = {3, 4};
#define ATOMIC __transaction_atomic

int main(void) {
  int x, y;
  struct pair p;
  // CHECK: x = __extension__ ({ stm_tx_t *const __stm_tx_0 = stm_tx_self(); __stm_jmp_buf_t __stm_jb_0; int __stm_r0;
  // CHECK-SAME: stm_begin(__stm_tx_0, (stm_jmp_t)(void *)&__stm_jb_0, (0x1u)|(0x8u)|(0x40u), &__stm_sites[1]); __stm_r0 = (((int)stm_loadm_u32(__stm_ro_0, __stm_tx_0, {{.*}}(&(g)), &__stm_sites[0])) * 2); stm_commit(__stm_tx_0); __stm_r0; });
  x = __transaction_atomic (g * 2);
  __transaction_atomic { g++; }
  // A statement: no result.
  // CHECK: __extension__ ({ stm_tx_t *const __stm_tx_2 {{.*}}(void)(stm_store_u32(__stm_tx_2, {{.*}}(&(h)), (unsigned int)(int)(3),
  __transaction_relaxed (h = 3);
  y = ATOMIC (g + h) + ATOMIC (1);
  p = __transaction_atomic (gp);
  CHECK_EQ(x, 4);
  CHECK_EQ(g, 3);
  CHECK_EQ(h, 3);
  CHECK_EQ(y, 7);
  CHECK_EQ(p.a + p.b, 7);
  return 0;
}
