// Two copies of the runtime in one process are refused at start-up with a
// clear message: here a shared library carries its own static libstm while
// the program uses libstm.so.  Each copy would have its own clock, orecs
// and thread registry and could not see the other's transactions.
// RUN: %rtcc -fPIC -shared -DTHE_LIBRARY %s -o %t.so -Wl,--whole-archive %stm_build/lib/libstm.a -Wl,--no-whole-archive -pthread
// RUN: %rtcc %s -o %t %t.so %stm_ldflags
// RUN: not %t 2>&1 | FileCheck %s
// RUN: env STM_INJECT_ABORTS=20 not %t 2>&1 | FileCheck %s
// CHECK: two copies of the stmpass runtime
#include "Inputs/tx.h"

#ifdef THE_LIBRARY
uint64_t lib_counter;
void lib_increment(void) {
  TX_BEGIN(tx, A_ATOMIC) { ST64(tx, &lib_counter, LD64(tx, &lib_counter) + 1); } TX_END(tx);
}
#else
extern uint64_t lib_counter;
void lib_increment(void);
static uint64_t main_counter;

int main(void) {
  for (int i = 0; i < 10; i++) {
    lib_increment();
    TX_BEGIN(tx, A_ATOMIC) {
      ST64(tx, &main_counter, LD64(tx, &main_counter) + LD64(tx, &lib_counter));
    } TX_END(tx);
  }
  printf("both runtimes ran: %llu\n", (unsigned long long)main_counter);
  return 0;
}
#endif
