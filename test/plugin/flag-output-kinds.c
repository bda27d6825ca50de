// -S, -emit-llvm, -fsyntax-only, -O0/-O2 and -include all go through the
// plugin in one clang invocation.
// RUN: %clang %stm_plugin -O2 -S %s -o %t.s
// RUN: FileCheck %s --check-prefix=ASM --input-file %t.s
// RUN: %clang %stm_plugin -O0 -S -emit-llvm %s -o %t.ll
// RUN: FileCheck %s --check-prefix=IR --input-file %t.ll
// RUN: %clang %stm_plugin -fsyntax-only %s
// RUN: %clang %stm_plugin -include %S/Inputs/prefix.h -DVIA_INCLUDE %s -o %t %stm_ldflags && %t | FileCheck %s --check-prefix=OUT
int g;
int printf(const char *, ...);
int main(void) {
#ifdef VIA_INCLUDE
  __transaction_atomic { g = PREFIX_VALUE; }
  printf("g=%d\n", g);
#else
  __transaction_atomic { g++; }
#endif
  return 0;
}
// ASM: stm__begin_slow
// IR: call void @stm__commit_slow
// OUT: g=100
