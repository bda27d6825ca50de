// -MD/-MMD/-MF/-MT/-MP: complete dependency files (the source, its
// headers, the runtime header), in the compiler's own format.
// RUN: rm -rf %t.dir && mkdir -p %t.dir && cd %t.dir
// RUN: %clang %stm_plugin -I%S/Inputs -MD -MF deps.d -c %s -o x.o
// RUN: FileCheck %s --check-prefix=MD --input-file deps.d
// RUN: %clang %stm_plugin -I%S/Inputs -MMD -MF mmd.d -MT custom.o -MP -c %s -o x.o
// RUN: FileCheck %s --check-prefix=MMD --input-file mmd.d
// RUN: %clang %stm_plugin -I%S/Inputs -MD -c %s -o y.o
// RUN: FileCheck %s --check-prefix=MD --input-file y.d
#include <stdio.h>
#include "header.h"
int g;
int main(void) {
  __transaction_atomic { g = HEADER_VALUE; }
  printf("%d\n", g);
  return 0;
}
// MD: {{^[xy]}}.o: {{.*}}flag-deps.c
// MD-DAG: {{.*}}include{{/|\\}}stm{{/|\\}}abi.h
// MD-DAG: /usr/include/stdio.h
// MD-DAG: {{.*}}Inputs{{/|\\}}header.h

// MMD: {{^}}custom.o: {{.*}}flag-deps.c
// MMD-NOT: stdio.h
// MMD: header.h
// MMD: {{.*}}header.h:
