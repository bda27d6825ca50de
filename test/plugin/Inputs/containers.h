/* Containers whose every operation is transaction_safe: a sorted linked
   list, a hash table whose hash function is a struct field, an AVL tree.
   Defined in containers.c, used from transactions in other files (as the
   object, a static library or a shared library): multi-file.c. */
#ifndef STMPASS_TEST_CONTAINERS_H
#define STMPASS_TEST_CONTAINERS_H
#include <stddef.h>

#define TS __attribute__((transaction_safe))

struct snode { long key; struct snode *next; };
struct slist { struct snode *head; long len; };
TS int slist_insert(struct slist *l, long key); /* 1 if inserted, 0 if present */
TS int slist_remove(struct slist *l, long key); /* 1 if removed */
TS int slist_contains(const struct slist *l, long key);

struct hnode { long key; struct hnode *next; };
struct htab { size_t (*hash)(long key); size_t nb; struct hnode **b; long len; };
/* Outside transactions: hash NULL means the library's own. */
void htab_init(struct htab *t, size_t nb, size_t (*hash)(long key));
TS int htab_insert(struct htab *t, long key);
TS int htab_remove(struct htab *t, long key);
TS int htab_contains(const struct htab *t, long key);

struct avl { long key; int h; struct avl *l, *r; };
struct avltree { struct avl *root; long len; };
TS int avl_insert(struct avltree *t, long key);
TS int avl_remove(struct avltree *t, long key);
TS int avl_contains(const struct avltree *t, long key);
/* Outside transactions: in-order keys into out (at most max); -1 if the
   tree is not an AVL tree (order, heights, balance). */
long avl_keys(const struct avltree *t, long *out, long max);

/* A dictionary with string keys (sorted by strcmp, keys strdup'ed). */
struct dnode { char *name; long value; struct dnode *next; };
struct dict { struct dnode *head; long len; };
TS long dict_add(struct dict *d, const char *name, long delta); /* the new value */
TS int dict_del(struct dict *d, const char *name);
TS long dict_get(const struct dict *d, const char *name); /* 0 if absent */

/* Mutual recursion across files: lib_ping (containers.c) and app_pong
   (the program) call each other; each level adds 1 (ping) or 2 (pong). */
TS long lib_ping(long *cell, int n);
TS long app_pong(long *cell, int n);
#endif
