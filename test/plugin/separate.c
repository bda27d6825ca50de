// transaction_safe functions defined in another file are called through
// the clones that file's compilation made (_ZGTt<len><name>); without the
// plugin there, linking fails naming the clone.
// RUN: %clang %stm_plugin -O2 -Wall -Werror %s %S/Inputs/safe-lib.c -o %t %stm_ldflags && %t 4
// RUN: %clang %stm_plugin -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
// RUN: %clang -c %S/Inputs/safe-lib.c -o %t.lib.o
// RUN: not %clang %t.o %t.lib.o -o %t.nolib %stm_ldflags 2>&1 | FileCheck %s --check-prefix=LINK
#include <pthread.h>
#include <stdlib.h>
#include "Inputs/check.h"

struct item { long key; struct item *next; };
// CHECK: extern void (_ZGTt8lib_push)(struct item **, struct item *); __attribute__(({{ *}})) void lib_push(
__attribute__((transaction_safe)) void lib_push(struct item **head, struct item *it);
__attribute__((transaction_safe)) long lib_sum(struct item *head);

struct item *list;

static void *worker(void *arg) {
  long i;
  (void)arg;
  for (i = 1; i <= 1000; i++) {
    struct item *it = malloc(sizeof *it);
    it->key = i;
    // CHECK: _ZGTt8lib_push(&list, it);
    __transaction_atomic { lib_push(&list, it); }
  }
  return NULL;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 4, i;
  long s;
  pthread_t t[8];
  for (i = 0; i < n; i++)
    pthread_create(&t[i], NULL, worker, NULL);
  for (i = 0; i < n; i++)
    pthread_join(t[i], NULL);
  __transaction_atomic { s = lib_sum(list); }
  CHECK_EQ(s, 500500L * n);
  return 0;
}
// The linker demangles the clone's name: GCC's scheme.
// LINK: undefined reference to `transaction clone for lib_push'
