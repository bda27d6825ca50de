// libc functions that cannot run inside __transaction_atomic are errors at
// the call, with the reason: callbacks with uninstrumented array accesses
// (bsearch; qsort is stm_qsort, test/plugin/qsort.c), input, formatting into a buffer, hidden static state.
// The same calls in a relaxed transaction make it serial first (string.c).
// RUN: not %clang %stm_plugin -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: not %clang %stm_plugin -O2 -D_FORTIFY_SOURCE=2 -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: not test -e %t.o
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }
int arr[4] = {3, 1, 2, 0}, key = 2;
char buf[32];
void *found;
long r;

void f(void) {
  __transaction_atomic {
    // CHECK: err-libc.c:[[@LINE+1]]:13: error: unsafe function call 'bsearch' within atomic transaction: it calls its comparison function
    found = bsearch(&key, arr, 4, sizeof arr[0], cmp);
    // CHECK: err-libc.c:[[@LINE+1]]:13: error: unsafe function call 'tsearch' within atomic transaction: it calls its comparison function and accesses the tree
    found = tsearch(&key, &found, cmp);
    // CHECK: err-libc.c:[[@LINE+1]]:13: error: unsafe function call 'fgets' within atomic transaction: input writes its buffer outside the transaction
    found = fgets(buf, sizeof buf, stdin);
    // CHECK: err-libc.c:[[@LINE+1]]:5: error: unsafe function call 'snprintf' within atomic transaction: it writes its buffer outside the transaction
    snprintf(buf, sizeof buf, "%d", key);
    // CHECK: err-libc.c:[[@LINE+1]]:5: error: unsafe function call 'sscanf' within atomic transaction: it writes through its pointers
    sscanf(buf, "%d", &key);
    // CHECK: err-libc.c:[[@LINE+1]]:13: error: unsafe function call 'strtok' within atomic transaction: it uses hidden static state
    found = strtok(buf, ",");
    // CHECK: err-libc.c:[[@LINE+1]]:9: error: unsafe function call 'rand' within atomic transaction: it uses hidden static state
    r = rand();
    // CHECK: err-libc.c:[[@LINE+1]]:9: error: unsafe function call 'getchar' within atomic transaction: input cannot be undone
    r = getchar();
    // Instrumented: no error.
    r = strlen(buf) + atoi(buf);
    strcpy(buf, "x");
  }
}
