// A container library in another file (Inputs/containers.c: sorted list,
// hash table with the hash function in a struct field, AVL tree, all
// dictionary with string keys (strcmp/strdup/strlen in the library's clones),
// all transaction_safe) used from transactions here by several threads, with
// mutual recursion between the two files; the library linked as an
// object, as a static library (ar) and as a shared library (its clone
// table registers at load).  Each thread toggles its own keys in all three
// containers in one transaction; the final contents are computed exactly.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %stmcc -O2 -Wall -Wextra -Werror %s %S/Inputs/containers.c -o %t/direct
// RUN: %t/direct 1 && %t/direct 2 && %t/direct 4
// RUN: env STM_INJECT_ABORTS=20 %t/direct 4
// RUN: %stmcc -O0 %s %S/Inputs/containers.c -o %t/o0 && %t/o0 1 && %t/o0 4 && env STM_INJECT_ABORTS=20 %t/o0 2
// RUN: %stmcc -O2 -c %S/Inputs/containers.c -o %t/containers.o && ar rcs %t/libcont.a %t/containers.o
// RUN: %stmcc -O2 %s %t/libcont.a -o %t/static && %t/static 1 && %t/static 4 && env STM_INJECT_ABORTS=20 %t/static 2
// RUN: %stmcc -O2 -D_FORTIFY_SOURCE=2 -fPIC -shared %S/Inputs/containers.c -o %t/libcont.so
// RUN: %stmcc -O2 %s -L%t -lcont -Wl,-rpath,%t -o %t/shared && %t/shared 1 && %t/shared 2 && %t/shared 4
// RUN: env STM_INJECT_ABORTS=20 %t/shared 4
// RUN: %stmcc -O0 -fPIC -shared %S/Inputs/containers.c -o %t/libcont0.so
// RUN: %stmcc -O0 %s %t/libcont0.so -Wl,-rpath,%t -o %t/shared0 && %t/shared0 2
// Every call through t->hash found a registered clone (app_hash here,
// lib_hash in the library): nothing went serial.
// RUN: env STM_STATS=1 %t/shared 4 2>&1 | FileCheck %s
// RUN: env STM_STATS=1 %t/static 4 2>&1 | FileCheck %s
// CHECK: irrevocable: {{[0-9]+}} ({{[0-9]+}} after too many aborts, 0 serial)
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "Inputs/check.h"
#include "Inputs/containers.h"

#define KEYS 96
#define ITERS 4000

struct slist list;
struct htab tab_app, tab_lib;
struct avltree tree;
struct dict dict;
long pingpong, ops[8];

static size_t app_hash(long key) { return (size_t)key * 31u + 7u; }

long app_pong(long *cell, int n) {
  if (n <= 0)
    return *cell;
  *cell += 2;
  return lib_ping(cell, n - 1);
}

// Thread id owns the keys k with k % nthreads == id; iteration i toggles
// key (i * 37) % KEYS if it is ours, else the next one of ours.
static long key_for(int id, int nthreads, long i) {
  long k = (i * 37) % KEYS;
  return k - k % nthreads + id < KEYS ? k - k % nthreads + id : id;
}

static int nthreads;
static pthread_barrier_t start;

static void *worker(void *arg) {
  int id = (int)(size_t)arg;
  long i;
  pthread_barrier_wait(&start);
  for (i = 0; i < ITERS; i++) {
    long k = key_for(id, nthreads, i);
    __transaction_atomic {
      int in = slist_contains(&list, k);
      if (in != htab_contains(&tab_app, k) || in != htab_contains(&tab_lib, k) ||
          in != avl_contains(&tree, k))
        ops[id] = -1000000; // the containers disagree: never inside a transaction
      if (in) {
        slist_remove(&list, k);
        htab_remove(&tab_app, k);
        htab_remove(&tab_lib, k);
        avl_remove(&tree, k);
      } else {
        slist_insert(&list, k);
        htab_insert(&tab_app, k);
        htab_insert(&tab_lib, k);
        avl_insert(&tree, k);
      }
      lib_ping(&pingpong, 4); // +1 +2 +1 +2
      // String keys: "w<id>" counts our iterations, "k<k>" exists iff k is in.
      char name[16] = "w?";
      name[1] = (char)('0' + id);
      dict_add(&dict, name, 1);
      strcpy(name, "k");
      name[1] = (char)('0' + k / 10);
      name[2] = (char)('0' + k % 10);
      name[3] = 0;
      if (in)
        dict_del(&dict, name);
      else if (dict_add(&dict, name, 1) != 1)
        ops[id] = -1000000;
      ops[id]++;
    }
  }
  return NULL;
}

int main(int argc, char **argv) {
  int i;
  long k, n, want[KEYS] = {0}, keys[KEYS];
  pthread_t t[8];
  nthreads = argc > 1 ? atoi(argv[1]) : 4;
  htab_init(&tab_app, 7, app_hash);
  htab_init(&tab_lib, 13, NULL);
  pthread_barrier_init(&start, NULL, (unsigned)nthreads);
  for (i = 0; i < nthreads; i++)
    pthread_create(&t[i], NULL, worker, (void *)(size_t)i);
  for (i = 0; i < nthreads; i++)
    pthread_join(t[i], NULL);

  // Expected: a key is present iff it was toggled an odd number of times.
  for (i = 0; i < nthreads; i++) {
    CHECK_EQ(ops[i], ITERS);
    for (k = 0; k < ITERS; k++)
      want[key_for(i, nthreads, k)] ^= 1;
  }
  n = 0;
  for (k = 0; k < KEYS; k++)
    n += want[k];
  CHECK_EQ(list.len, n);
  CHECK_EQ(tab_app.len, n);
  CHECK_EQ(tab_lib.len, n);
  CHECK_EQ(tree.len, n);
  CHECK_EQ(avl_keys(&tree, keys, KEYS), n);
  {
    struct snode *s = list.head;
    long j = 0;
    for (k = 0; k < KEYS; k++) {
      if (!want[k])
        continue;
      CHECK_EQ(s != NULL, 1);
      CHECK_EQ(s->key, k);
      CHECK_EQ(keys[j++], k);
      s = s->next;
    }
    CHECK_EQ(s == NULL, 1);
  }
  for (k = 0; k < KEYS; k++) {
    int a, b;
    __transaction_atomic { a = htab_contains(&tab_app, k); b = htab_contains(&tab_lib, k); }
    CHECK_EQ(a, want[k]);
    CHECK_EQ(b, want[k]);
  }
  CHECK_EQ(pingpong, 6L * nthreads * ITERS);
  CHECK_EQ(dict.len, n + nthreads);
  for (i = 0; i < nthreads; i++) {
    char w[3] = {'w', (char)('0' + i), 0};
    CHECK_EQ(dict_get(&dict, w), ITERS);
  }
  {
    struct dnode *d = dict.head;
    for (k = 0; k < KEYS; k++) {
      char name[4] = {'k', (char)('0' + k / 10), (char)('0' + k % 10), 0};
      CHECK_EQ(dict_get(&dict, name), want[k]);
    }
    for (; d && d->next; d = d->next)
      CHECK_EQ(strcmp(d->name, d->next->name) < 0, 1);
  }
  return 0;
}
