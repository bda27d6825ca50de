// malloc/calloc/realloc/free and memcpy/memmove/memset inside
// transactions become the runtime's versions; a list built and torn down
// transactionally by several threads.
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Werror %s -o %t %stm_ldflags && %t 1 && %t 4
// RUN: %clang %stm_plugin -O0 %s -o %t0 %stm_ldflags && %t0 2
// RUN: %clang %stm_plugin -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "Inputs/check.h"

struct node { long key; struct node *next; char tag[8]; };
struct node *head;
long sum;

static void *worker(void *arg) {
  long base = (long)(size_t)arg * 1000, i;
  for (i = 0; i < 500; i++) {
    __transaction_atomic {
      // CHECK: struct node *n = stm_malloc(__stm_tx_{{[0-9]+}}, sizeof *n, &__stm_sites[{{[0-9]+}}]);
      struct node *n = malloc(sizeof *n);
      // CHECK: stm_memset(__stm_tx_{{[0-9]+}}, n->tag, 0, sizeof n->tag, &__stm_sites[{{[0-9]+}}]);
      memset(n->tag, 0, sizeof n->tag);
      // CHECK: stm_memcpy(__stm_tx_{{[0-9]+}}, n->tag, "node", 4, &__stm_sites[{{[0-9]+}}]);
      memcpy(n->tag, "node", 4);
      n->key = base + i;
      n->next = head;
      head = n;
    }
  }
  for (;;) {
    long key = -1;
    __transaction_atomic {
      struct node *n = head;
      if (n) {
        head = n->next;
        key = n->key;
        if (n->tag[0] == 'n' && n->tag[3] == 'e' && n->tag[4] == 0)
          sum += key;
        // CHECK: stm_free(__stm_tx_{{[0-9]+}}, n, &__stm_sites[{{[0-9]+}}]);
        free(n);
      }
    }
    if (key < 0)
      break;
  }
  return NULL;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 4, i;
  long want = 0;
  pthread_t t[16];
  int *arr;
  for (i = 0; i < n; i++)
    pthread_create(&t[i], NULL, worker, (void *)(size_t)(i + 1));
  for (i = 0; i < n; i++)
    pthread_join(t[i], NULL);
  for (i = 0; i < n; i++)
    want += (long)(i + 1) * 1000 * 500 + 499 * 500 / 2;
  CHECK_EQ(sum, want);
  CHECK_EQ(head == NULL, 1);
  __transaction_atomic {
    // CHECK: arr = stm_calloc(__stm_tx_{{[0-9]+}}, 4, sizeof *arr, &__stm_sites[{{[0-9]+}}]);
    arr = calloc(4, sizeof *arr);
    arr[3] = 7;
    // CHECK: arr = stm_realloc(__stm_tx_{{[0-9]+}}, arr, 8 * sizeof *arr, &__stm_sites[{{[0-9]+}}]);
    arr = realloc(arr, 8 * sizeof *arr);
    arr[7] = arr[3] + arr[0];
    // CHECK: stm_memmove(__stm_tx_{{[0-9]+}}, arr, arr + 4, 4 * sizeof *arr, &__stm_sites[{{[0-9]+}}]);
    memmove(arr, arr + 4, 4 * sizeof *arr);
  }
  CHECK_EQ(arr[3], 7);
  free(arr);
  return 0;
}
