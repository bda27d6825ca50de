// -fplugin-arg-stmpass-emit=PATH: the rewritten translation unit (line
// markers, runtime header included) compiles with plain clang into the same
// program.  PATH is a file, or a directory (existing or ending in '/') that
// receives <basename>.stm.c, as with several inputs.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %clang %stm_plugin -fplugin-arg-stmpass-emit=%t.dir/out/ %s %S/Inputs/other.c -o %t.plugin %stm_ldflags
// RUN: test -f %t.dir/out/flag-emit.stm.c && test -f %t.dir/out/other.stm.c
// RUN: %clang %stm_cflags %t.dir/out/flag-emit.stm.c %t.dir/out/other.stm.c -o %t.plain %stm_ldflags
// RUN: %t.plain > %t.out1 && %t.plugin > %t.out2 && cmp %t.out1 %t.out2
// RUN: FileCheck %s --input-file %t.dir/out/flag-emit.stm.c
// RUN: %clang %stm_plugin -fplugin-arg-stmpass-emit=%t.dir/single.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.dir/single.c
#include <stdio.h>
extern long other_total;
void other_add(long v);
long g;
int main(void) {
  __transaction_atomic { g += 5; }
  other_add(g);
  printf("%ld %ld\n", g, other_total);
  return 0;
}
// CHECK: {{.*}}abi.h" 3
// CHECK: # {{[0-9]+}} "{{.*}}flag-emit.c"
// CHECK: { stm_tx_t *const __stm_tx_0 = stm_tx_self();
// CHECK: static const stm_site_t __stm_sites[3] = {
