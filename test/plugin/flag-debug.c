// -g: line information points into the user's file, at the user's lines.
// RUN: %clang %stm_plugin -g -O0 -c %s -o %t.o
// RUN: llvm-dwarfdump --debug-line %t.o | FileCheck %s
// CHECK: name: "{{.*}}flag-debug.c"
int g;
int main(void) {
  __transaction_atomic { g++; } // CHECK: {{^0x[0-9a-f]+}} [[@LINE]] {{[0-9]+}} 1 
  return g; // CHECK: {{^0x[0-9a-f]+}} [[@LINE]] {{[0-9]+}} 1 
}
