/* The library of containers.h: nothing here knows about transactions
   except the attributes; the plugin makes the clones (_ZGTt...), and the
   clone table that registers lib_hash for calls through t->hash. */
#include <stdlib.h>
#include <string.h>
#include "containers.h"

/* ---- sorted linked list ---- */
int slist_insert(struct slist *l, long key) {
  struct snode **p = &l->head, *n;
  while (*p && (*p)->key < key)
    p = &(*p)->next;
  if (*p && (*p)->key == key)
    return 0;
  n = malloc(sizeof *n);
  n->key = key;
  n->next = *p;
  *p = n;
  l->len++;
  return 1;
}

int slist_remove(struct slist *l, long key) {
  struct snode **p = &l->head, *n;
  while (*p && (*p)->key < key)
    p = &(*p)->next;
  if (!*p || (*p)->key != key)
    return 0;
  n = *p;
  *p = n->next;
  free(n);
  l->len--;
  return 1;
}

int slist_contains(const struct slist *l, long key) {
  const struct snode *n = l->head;
  while (n && n->key < key)
    n = n->next;
  return n && n->key == key;
}

/* ---- hash table, hash function in a field ---- */
static size_t lib_hash(long key) { return (size_t)key * 0x9e3779b97f4a7c15ull >> 7; }

void htab_init(struct htab *t, size_t nb, size_t (*hash)(long key)) {
  t->hash = hash ? hash : lib_hash;
  t->nb = nb;
  t->b = calloc(nb, sizeof *t->b);
  t->len = 0;
}

static struct hnode **bucket(const struct htab *t, long key) {
  return &t->b[t->hash(key) % t->nb];
}

int htab_insert(struct htab *t, long key) {
  struct hnode **b = bucket(t, key), *n;
  for (n = *b; n; n = n->next)
    if (n->key == key)
      return 0;
  n = malloc(sizeof *n);
  n->key = key;
  n->next = *b;
  *b = n;
  t->len++;
  return 1;
}

int htab_remove(struct htab *t, long key) {
  struct hnode **p = bucket(t, key), *n;
  for (; (n = *p); p = &n->next)
    if (n->key == key) {
      *p = n->next;
      free(n);
      t->len--;
      return 1;
    }
  return 0;
}

int htab_contains(const struct htab *t, long key) {
  const struct hnode *n;
  for (n = *bucket(t, key); n; n = n->next)
    if (n->key == key)
      return 1;
  return 0;
}

/* ---- AVL tree (recursive insert and delete) ---- */
static int ht(const struct avl *n) { return n ? n->h : 0; }
static void fix(struct avl *n) {
  int a = ht(n->l), b = ht(n->r);
  n->h = (a > b ? a : b) + 1;
}
static struct avl *rotr(struct avl *y) {
  struct avl *x = y->l;
  y->l = x->r;
  x->r = y;
  fix(y);
  fix(x);
  return x;
}
static struct avl *rotl(struct avl *x) {
  struct avl *y = x->r;
  x->r = y->l;
  y->l = x;
  fix(x);
  fix(y);
  return y;
}
static struct avl *balance(struct avl *n) {
  int b;
  fix(n);
  b = ht(n->l) - ht(n->r);
  if (b > 1) {
    if (ht(n->l->l) < ht(n->l->r))
      n->l = rotl(n->l);
    return rotr(n);
  }
  if (b < -1) {
    if (ht(n->r->r) < ht(n->r->l))
      n->r = rotr(n->r);
    return rotl(n);
  }
  return n;
}
static struct avl *ins(struct avl *n, long key, int *done) {
  if (!n) {
    n = malloc(sizeof *n);
    n->key = key;
    n->h = 1;
    n->l = n->r = NULL;
    *done = 1;
    return n;
  }
  if (key < n->key)
    n->l = ins(n->l, key, done);
  else if (key > n->key)
    n->r = ins(n->r, key, done);
  else
    return n;
  return balance(n);
}
static struct avl *delmin(struct avl *n, struct avl **min) {
  if (!n->l) {
    *min = n;
    return n->r;
  }
  n->l = delmin(n->l, min);
  return balance(n);
}
static struct avl *del(struct avl *n, long key, int *done) {
  struct avl *m, *r;
  if (!n)
    return NULL;
  if (key < n->key)
    n->l = del(n->l, key, done);
  else if (key > n->key)
    n->r = del(n->r, key, done);
  else {
    *done = 1;
    if (!n->r) {
      m = n->l;
      free(n);
      return m;
    }
    r = delmin(n->r, &m);
    m->l = n->l;
    m->r = r;
    free(n);
    return balance(m);
  }
  return balance(n);
}

int avl_insert(struct avltree *t, long key) {
  int done = 0;
  t->root = ins(t->root, key, &done);
  t->len += done;
  return done;
}

int avl_remove(struct avltree *t, long key) {
  int done = 0;
  t->root = del(t->root, key, &done);
  t->len -= done;
  return done;
}

int avl_contains(const struct avltree *t, long key) {
  const struct avl *n = t->root;
  while (n && n->key != key)
    n = key < n->key ? n->l : n->r;
  return n != NULL;
}

static long walk(const struct avl *n, long *out, long i, long max, long *last) {
  int d;
  if (!n || i < 0)
    return i;
  d = ht(n->l) - ht(n->r);
  if (n->h != (ht(n->l) > ht(n->r) ? ht(n->l) : ht(n->r)) + 1 || d > 1 || d < -1)
    return -1;
  i = walk(n->l, out, i, max, last);
  if (i < 0 || i >= max || (i > 0 && *last >= n->key))
    return -1;
  out[i++] = *last = n->key;
  return walk(n->r, out, i, max, last);
}

long avl_keys(const struct avltree *t, long *out, long max) {
  long last = 0;
  return walk(t->root, out, 0, max, &last);
}

/* ---- dictionary with string keys ---- */
long dict_add(struct dict *d, const char *name, long delta) {
  struct dnode **p = &d->head, *n;
  int c = 1;
  while (*p && (c = strcmp((*p)->name, name)) < 0)
    p = &(*p)->next;
  if (*p && c == 0)
    return (*p)->value += delta;
  n = malloc(sizeof *n);
  n->name = strdup(name);
  n->value = delta;
  n->next = *p;
  *p = n;
  d->len++;
  return delta;
}

int dict_del(struct dict *d, const char *name) {
  struct dnode **p = &d->head, *n;
  size_t len = strlen(name);
  for (; (n = *p); p = &n->next)
    if (strncmp(n->name, name, len + 1) == 0) {
      *p = n->next;
      free(n->name);
      free(n);
      d->len--;
      return 1;
    }
  return 0;
}

long dict_get(const struct dict *d, const char *name) {
  const struct dnode *n;
  for (n = d->head; n; n = n->next)
    if (!strcmp(n->name, name))
      return n->value;
  return 0;
}

/* ---- mutual recursion across files ---- */
long lib_ping(long *cell, int n) {
  if (n <= 0)
    return *cell;
  *cell += 1;
  return app_pong(cell, n - 1);
}
