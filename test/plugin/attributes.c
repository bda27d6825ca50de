// GCC's TM attributes are accepted silently on functions, typedefs,
// fields, parameters and variables of function-pointer type; a
// transaction_pure function is called as it is inside atomic blocks.
// RUN: %clang %stm_plugin -Wall -Wextra -Werror -O2 %s -o %t %stm_ldflags && %t
// RUN: %clang %stm_plugin -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
#include "Inputs/check.h"

int counter;
__attribute__((transaction_pure)) static int square(int x) { return x * x; }
void ext_safe(void) __attribute__((transaction_safe));
void ext_callable(void) __attribute__((transaction_callable));
void ext_unsafe(void) __attribute__((transaction_unsafe));
void ext_may_cancel(void) __attribute__((transaction_may_cancel_outer));
void wrapper(void) __attribute__((transaction_wrap(ext_safe)));
typedef void (*safe_fn_t)(void) __attribute__((transaction_safe));
struct ops {
  int (*pure_op)(int) __attribute__((transaction_pure));
  safe_fn_t safe_op;
};
void take(void (*cb)(void) __attribute__((transaction_safe)));
void (*safe_var)(void) __attribute__((transaction_safe));
void (*gnu_spelled)(void) __attribute__((__transaction_safe__));

int main(void) {
  struct ops o = {square, 0};
  (void)o;
  __transaction_atomic {
    // CHECK: stm_store_u32({{.*}}(&(counter)), (unsigned int)(int)(square(3)),
    counter = square(3);
  }
  CHECK_EQ(counter, 9);
  return 0;
}
