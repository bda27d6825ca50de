// The checkpoint: libstm's stm_setjmp, tagged 0x40 (STM_ATTR_OWN_JMP) in
// the begin's attribute, unless the user compiles with -fsanitize=thread,
// which must see every setjmp: glibc's _setjmp, attribute bit clear.  The
// TSan build also runs (libstm itself is not instrumented; only the
// program's own accesses are).
// RUN: %clang %stm_plugin -O1 -fplugin-arg-stmpass-emit=%t.own.c -c %s -o %t.o
// RUN: FileCheck %s --check-prefix=OWN --input-file %t.own.c
// RUN: %clang %stm_plugin -O1 -fsanitize=thread -fplugin-arg-stmpass-emit=%t.tsan.c %s -o %t.tsan %stm_ldflags
// RUN: FileCheck %s --check-prefix=TSAN --input-file %t.tsan.c
// RUN: env STM_INJECT_ABORTS=50 %t.tsan | FileCheck %s --check-prefix=OUT
long counter;

int main(void) {
  for (int i = 0; i < 1000; i++)
    __transaction_atomic { counter = counter + 1; }
  // OWN: if ((stm_setjmp)((stm_jmp_t)(void *)&__stm_jb_0))
  // OWN: stm_begin(__stm_tx_0, (stm_jmp_t)(void *)&__stm_jb_0, (0x1u)|(0x40u), &__stm_sites
  // TSAN: if ((_setjmp)((stm_jmp_t)(void *)&__stm_jb_0))
  // TSAN: stm_begin(__stm_tx_0, (stm_jmp_t)(void *)&__stm_jb_0, (0x1u)|(0x0u), &__stm_sites
  __builtin_printf("counter %ld\n", counter);
  // OUT: counter 1000
  return 0;
}
