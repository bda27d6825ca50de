// Compiled by the plugin: two threads increment one counter while a third
// prints inside a relaxed block.  The report names the lines and columns
// clang would (the file as given on the command line), the counter read as
// a conflict with the counter write as the winner, the printf as the
// reason for irrevocability, and each transaction with its exact commit
// count; stmreport prints the same report from the JSON file.
//
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Werror %s -o %t %stm_ldflags
// RUN: rm -f %t.json && env STM_STATS=1,json:%t.json %t 2> %t.txt > /dev/null
// RUN: FileCheck %s < %t.txt
// RUN: %stm_build/bin/stmreport %t.json | diff %t.txt -
#include <pthread.h>
#include <stdio.h>

static long counter, scratch[2][16];

static void *worker(void *arg) {
  long id = (long)arg;
  for (long i = 0; i < 200000; i++)
    __transaction_atomic {
// CHECK-DAG: {{.*}}plugin-counter.c:[[#@LINE-1]]:5: transaction: in worker: 400000 commits, {{[1-9][0-9]*}} abort
      long c = counter;
// CHECK-DAG: {{.*}}plugin-counter.c:[[#@LINE-1]]:16: conflict: read of 'counter' (worker) aborted {{[1-9][0-9]*}} time{{s?}}, {{[0-9]+\.[0-9]+}} s lost ({{read-write|validation failure}}); winner wrote at {{.*}}plugin-counter.c:[[#@LINE+3]]:7; transaction at {{.*}}plugin-counter.c:[[#@LINE-3]]:5
      for (int k = 0; k < 16; k++)
        scratch[id][k] += k;
      counter = c + 1;
    }
  return 0;
}

static void *logger(void *arg) {
  for (int i = 0; i < 20; i++)
    __transaction_relaxed {
// CHECK-DAG: {{.*}}plugin-counter.c:[[#@LINE-1]]:5: transaction: in logger: 20 commits, {{[0-9]+}} abort{{s?}}, {{.*}}, 20 irrevocable
      counter = counter + 1;
      printf("event %ld\n", counter);
// CHECK-DAG: {{.*}}plugin-counter.c:[[#@LINE-1]]:7: inevitable: call to 'printf' (logger) made 20 transactions irrevocable
    }
  return arg;
}

int main(void) {
  pthread_t t[3];
  for (long i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, worker, (void *)i);
  pthread_create(&t[2], NULL, logger, NULL);
  for (int i = 0; i < 3; i++)
    pthread_join(t[i], NULL);
  printf("counter %ld\n", counter);
  return counter != 400020;
}
