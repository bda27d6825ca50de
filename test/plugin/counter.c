// A shared counter incremented by several threads: no lost update.
// RUN: %clang %stm_plugin -O2 %s -o %t %stm_ldflags && %t 1 && %t 2 && %t 4
// RUN: %clang %stm_plugin -O0 %s -o %t0 %stm_ldflags && %t0 4
// RUN: %clang %stm_plugin -O2 -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
#include <pthread.h>
#include <stdlib.h>
#include "Inputs/check.h"

#define ITERS 20000
long counter;

static void *worker(void *arg) {
  int i;
  (void)arg;
  for (i = 0; i < ITERS; i++) {
    __transaction_atomic { counter++; }
  }
  return NULL;
}

// CHECK-LABEL: static void *worker(void *arg) {
// CHECK: { stm_tx_t *const __stm_tx_[[N:[0-9]+]] = stm_tx_self(); __stm_jmp_buf_t __stm_jb_[[N]];
// CHECK-SAME: if ((stm_setjmp)((stm_jmp_t)(void *)&__stm_jb_[[N]])) { if (stm_cancelled(__stm_tx_[[N]])) goto __stm_after_[[N]]; }
// CHECK-SAME: stm_begin(__stm_tx_[[N]], (stm_jmp_t)(void *)&__stm_jb_[[N]], (0x1u)|(0x40u), &__stm_sites[[[B:[0-9]+]]]);
// CHECK-SAME: { stm_store_u64(__stm_tx_[[N]], (unsigned long *)(void *)(&(counter)), (unsigned long)(long)(((long)stm_load_u64(__stm_tx_[[N]], (const unsigned long *)(const void *)(&(counter)), &__stm_sites[0])) + 1), &__stm_sites[1]);
// CHECK-SAME: stm_commit(__stm_tx_[[N]]); } __stm_after_[[N]]: ; }
// CHECK: static const stm_site_t __stm_sites[3] = {
// CHECK-NEXT: {"{{.*}}counter.c", 17, 28, STM_SITE_READ, "counter", "worker"},
// CHECK-NEXT: {"{{.*}}counter.c", 17, 28, STM_SITE_WRITE, "counter", "worker"},
// CHECK-NEXT: {"{{.*}}counter.c", 17, 5, STM_SITE_BEGIN, "__transaction_atomic", "worker"},

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 4, i;
  pthread_t t[16];
  for (i = 0; i < n; i++)
    pthread_create(&t[i], NULL, worker, NULL);
  for (i = 0; i < n; i++)
    pthread_join(t[i], NULL);
  CHECK_EQ(counter, (long)n * ITERS);
  return 0;
}
