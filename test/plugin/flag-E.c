// -E shows the user's code, keywords untouched, nothing generated.
// RUN: %clang %stm_plugin -E %s | FileCheck %s --implicit-check-not=stm_
int g;
void f(void) {
  // CHECK: __transaction_atomic { g++; }
  __transaction_atomic { g++; }
}
