// A library of transaction_safe functions loaded with dlopen: its clone
// table registers when it is loaded, so calls through the pointers dlsym
// returns run the clones inside transactions (no serial fallback), from
// several threads; after dlclose the table is withdrawn.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %stmcc -O2 -fPIC -shared %S/Inputs/containers.c -o %t/libcont.so
// RUN: %stmcc -O2 -rdynamic %s -o %t/prog -ldl
// RUN: %t/prog %t/libcont.so 1 && %t/prog %t/libcont.so 4
// RUN: env STM_INJECT_ABORTS=20 %t/prog %t/libcont.so 4
// Statistics keep pointers to the library's sites until exit: no dlclose
// then (docs/USER_GUIDE.md, "Limits").
// RUN: env STM_STATS=1 %t/prog %t/libcont.so 4 keep 2>&1 | FileCheck %s
// CHECK: irrevocable: {{[0-9]+}} ({{[0-9]+}} after too many aborts, 0 serial)
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include "Inputs/check.h"
#include "Inputs/containers.h"

#define ITERS 5000

static void (*init_p)(struct htab *, size_t, size_t (*)(long));
static int (*insert_p)(struct htab *, long);
static int (*contains_p)(const struct htab *, long);
static long (*ping_p)(long *, int);

// The library calls back into the program (mutual recursion): -rdynamic.
long app_pong(long *cell, int n) {
  if (n <= 0)
    return *cell;
  *cell += 2;
  return ping_p(cell, n - 1); // through the pointer: the library's clone
}


struct htab tab;
long pingpong, found;

static void *worker(void *arg) {
  long id = (long)(size_t)arg, i;
  for (i = 0; i < ITERS; i++) {
    __transaction_atomic {
      insert_p(&tab, id * ITERS + i);
      found += contains_p(&tab, id * ITERS + i);
      ping_p(&pingpong, 2); // +1 +2
    }
  }
  return NULL;
}

int main(int argc, char **argv) {
  int n = argc > 2 ? atoi(argv[2]) : 4, i;
  pthread_t t[8];
  void *h = dlopen(argv[1], RTLD_NOW);
  if (!h) {
    fprintf(stderr, "%s\n", dlerror());
    return 1;
  }
  init_p = (void (*)(struct htab *, size_t, size_t (*)(long)))dlsym(h, "htab_init");
  insert_p = (int (*)(struct htab *, long))dlsym(h, "htab_insert");
  contains_p = (int (*)(const struct htab *, long))dlsym(h, "htab_contains");
  ping_p = (long (*)(long *, int))dlsym(h, "lib_ping");
  CHECK_EQ(init_p && insert_p && contains_p && ping_p, 1);
  init_p(&tab, 31, NULL);
  for (i = 0; i < n; i++)
    pthread_create(&t[i], NULL, worker, (void *)(size_t)i);
  for (i = 0; i < n; i++)
    pthread_join(t[i], NULL);
  CHECK_EQ(tab.len, (long)n * ITERS);
  CHECK_EQ(found, (long)n * ITERS);
  CHECK_EQ(pingpong, 3L * n * ITERS);
  if (argc <= 3)
    dlclose(h);
  return 0;
}
