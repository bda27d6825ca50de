// The plugin's lists of libc functions (pure math, string functions, ...)
// apply to libc's declarations only: a user's own `log`, `index` or `trap`
// declared here and defined in another file is the user's function (its
// clone if transaction_safe, else an error in an atomic block), never
// called uninstrumented as if it were libc's pure `log` nor mapped to
// stm_strchr.
// RUN: %clang %stm_plugin -O2 -Wall -Wno-incompatible-library-redeclaration %s %S/Inputs/user-names.c -o %t %stm_ldflags && %t 1 && %t 4
// RUN: %clang %stm_plugin -Wno-incompatible-library-redeclaration -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
// RUN: not %clang %stm_plugin -DBAD -Wno-incompatible-library-redeclaration -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=BAD --implicit-check-not=error:
#include <pthread.h>
#include <stdlib.h>
#include "Inputs/check.h"

extern long log_count, trap_count;
__attribute__((transaction_safe)) void log(const char *msg, long n);
__attribute__((transaction_safe)) int index(const long *arr, int n, long key);
#ifndef BAD
__attribute__((transaction_safe))
#endif
void trap(void);

long arr[4] = {10, 20, 30, 40}, found;

static void *worker(void *arg) {
  int i;
  (void)arg;
  for (i = 0; i < 1000; i++) {
    __transaction_atomic {
      // CHECK: _ZGTt3log("x", 2);
      log("x", 2);
      // CHECK: _ZGTt5index(arr, 4, 30)
      found += index(arr, 4, 30);
      // BAD: user-names.c:[[@LINE+2]]:7: error: unsafe function call 'trap' within atomic transaction
      // CHECK: _ZGTt4trap();
      trap();
    }
  }
  return NULL;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 4, i;
  pthread_t t[8];
  for (i = 0; i < n; i++)
    pthread_create(&t[i], NULL, worker, NULL);
  for (i = 0; i < n; i++)
    pthread_join(t[i], NULL);
  CHECK_EQ(log_count, 2000L * n);
  CHECK_EQ(trap_count, 1000L * n);
  CHECK_EQ(found, 2000L * n);
  return 0;
}
