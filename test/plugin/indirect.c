// Calls through pointers inside transactions run the target's registered
// clone (stm_clone_lookup); a target without one (defined in a file not
// compiled with the plugin) makes the transaction serial first.  Pointers
// declared transaction_pure are called as they are; transaction_unsafe or
// callable ones are errors in atomic blocks.
// RUN: %clang %stm_plugin -O2 -Wall -Werror %s %S/Inputs/external.c -o %t %stm_ldflags && env STM_STATS=1 %t 2>&1 | FileCheck %s --check-prefix=STATS
// RUN: %clang %stm_plugin -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
// RUN: not %clang %stm_plugin -DBAD -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=BAD
#include "Inputs/check.h"

struct ops {
  int (*cmp)(long, long);
  long (*key)(long);
};
static int less(long a, long b) { return a < b; }
static long ident(long x) { return x; }
static struct ops ops = {less, ident};
long hits;
volatile int vol;
void external_thing(void); // in Inputs/external.c: no clone there
void (*ext)(void) = external_thing;
typedef long (*pure_fn)(long) __attribute__((transaction_pure));
pure_fn p = ident;

int main(void) {
  int r;
  long k;
  __transaction_atomic {
    // CHECK: r = ((__typeof__(&*(((int (*)(long, long))stm_load{{m?}}_ptr({{.*}}(&(ops.cmp)){{.*}})))__stm_clone_or_serial(__stm_tx_0,
    r = ops.cmp(1, 2);
    k = ops.key(5) + p(2);
    hits++;
  }
  CHECK_EQ(r, 1);
  CHECK_EQ(k, 7);
  __transaction_atomic { ext(); }
  CHECK_EQ(vol, 1);
#ifdef BAD
  {
    void (*u)(void) __attribute__((transaction_unsafe)) = ext;
    // BAD: indirect.c:[[@LINE+1]]:28: error: unsafe indirect function call within atomic transaction
    __transaction_atomic { u(); }
  }
#endif
  return 0;
}
// One commit went serial: the call without a clone.
// STATS: irrevocable: 1 (0 after too many aborts, 1 serial)
