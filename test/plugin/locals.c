// Locals: plain when their address is never taken, saved before the
// transaction and restored on cancel (and abort); through the barriers
// when their address escapes; `static` locals are shared; thread-locals
// and errno are plain but restored.
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Werror %s -o %t %stm_ldflags && %t
// RUN: %clang %stm_plugin -O0 %s -o %t0 %stm_ldflags && %t0
// RUN: %clang %stm_plugin -O2 -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
#include <errno.h>
#include "Inputs/check.h"

int shared;
__thread int tls = 1;

static void touch(int *p) { (void)p; }

int main(void) {
  int plain = 1, unwritten = 7, escaped = 2, arr[3] = {1, 2, 3};
  struct { int a, b; } rec = {1, 2};
  touch(&escaped);
  errno = 0;
  // CHECK-LABEL: int main(void) {
  // Saved: the locals written, not the others.
  // CHECK: __stm_jmp_buf_t __stm_jb_0; int __stm_sv0_0; int __stm_sv0_1[3]; __typeof__(rec) __stm_sv0_2; int __stm_sv0_3; int __stm_sv0_errno = (*__errno_location ());
  // CHECK-SAME: __builtin_memcpy(&__stm_sv0_0, &plain, sizeof __stm_sv0_0); __builtin_memcpy(&__stm_sv0_1, &arr, sizeof __stm_sv0_1); __builtin_memcpy(&__stm_sv0_2, &rec, sizeof __stm_sv0_2); __builtin_memcpy(&__stm_sv0_3, &tls, sizeof __stm_sv0_3);
  // CHECK-SAME: if ((stm_setjmp)((stm_jmp_t)(void *)&__stm_jb_0)) { __builtin_memcpy(&plain, &__stm_sv0_0, sizeof __stm_sv0_0); __builtin_memcpy(&arr, &__stm_sv0_1, sizeof __stm_sv0_1); __builtin_memcpy(&rec, &__stm_sv0_2, sizeof __stm_sv0_2); __builtin_memcpy(&tls, &__stm_sv0_3, sizeof __stm_sv0_3); (*__errno_location ()) = __stm_sv0_errno; if (stm_cancelled(__stm_tx_0)) goto __stm_after_0; }
  __transaction_atomic {
    static int calls;
    (void)calls;
    int inner = unwritten;   // declared inside: neither saved nor a barrier
    // CHECK: plain = plain + inner;
    plain = plain + inner;
    // CHECK: arr[1] = 20;
    arr[1] = 20;
    rec.b = 30;
    // CHECK: stm_store_u32({{.*}}(&(escaped))
    escaped = 40;
    // CHECK: (&(calls))
    calls++;
    // CHECK: tls = 50;
    tls = 50;
    errno = 60;
    shared = plain;
    __transaction_cancel;
  }
  CHECK_EQ(plain, 1);
  CHECK_EQ(arr[1], 2);
  CHECK_EQ(rec.b, 2);
  CHECK_EQ(escaped, 2);
  CHECK_EQ(tls, 1);
  CHECK_EQ(errno, 0);
  CHECK_EQ(shared, 0);
  __transaction_atomic {
    plain = 5;
    escaped = 6;
    tls = 7;
  }
  CHECK_EQ(plain, 5);
  CHECK_EQ(escaped, 6);
  CHECK_EQ(tls, 7);
  return 0;
}
