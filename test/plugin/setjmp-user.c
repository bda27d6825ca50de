// A program that includes <setjmp.h> itself (after the generated code's own
// declaration of _setjmp) and uses setjmp/longjmp outside transactions.
// RUN: %clang %stm_plugin -std=c99 -pedantic-errors -Wall -Wextra -Werror -O2 %s -o %t %stm_ldflags && %t
#include <setjmp.h>
#include "Inputs/check.h"

static jmp_buf env;
int g;

static void jump(void) { longjmp(env, 7); }

int main(void) {
  int r = setjmp(env);
  if (r == 0) {
    __transaction_atomic { g = 1; }
    jump();
  }
  CHECK_EQ(r, 7);
  CHECK_EQ(g, 1);
  return 0;
}
