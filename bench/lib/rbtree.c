/*
 * rbtree.c - red-black tree (Cormen et al.'s algorithms, with NULL leaves:
 * deletion tracks the parent of the removed position instead of writing a
 * sentinel's parent field).  Colour writes that would not change anything
 * are skipped: in a transaction every write is a lock and a conflict.
 */
#include <stdlib.h>

#include "fail.h"
#include "rbtree.h"

rbtree_t *rbtree_new(void) {
  rbtree_t *t = calloc(1, sizeof *t);
  if (!t)
    abort();
  return t;
}

TM_SAFE static rb_node_t *find(const rbtree_t *t, long key) {
  rb_node_t *n = t->root;
  while (n && n->key != key)
    n = key < n->key ? n->left : n->right;
  return n;
}

TM_SAFE void *rbtree_get(const rbtree_t *t, long key) {
  rb_node_t *n = find(t, key);
  return n ? n->value : NULL;
}

/* Make v take u's place under u's parent. */
TM_SAFE static void replace_child(rbtree_t *t, rb_node_t *u, rb_node_t *v) {
  rb_node_t *p = u->parent;
  if (!p)
    t->root = v;
  else if (u == p->left)
    p->left = v;
  else
    p->right = v;
  if (v)
    v->parent = p;
}

TM_SAFE static void rotate_left(rbtree_t *t, rb_node_t *x) {
  rb_node_t *y = x->right;
  rb_node_t *b = y->left;
  x->right = b;
  if (b)
    b->parent = x;
  replace_child(t, x, y);
  y->left = x;
  x->parent = y;
}

TM_SAFE static void rotate_right(rbtree_t *t, rb_node_t *x) {
  rb_node_t *y = x->left;
  rb_node_t *b = y->right;
  x->left = b;
  if (b)
    b->parent = x;
  replace_child(t, x, y);
  y->right = x;
  x->parent = y;
}

TM_SAFE static int is_red(const rb_node_t *n) { return n && n->red; }

TM_SAFE static void insert_fixup(rbtree_t *t, rb_node_t *z) {
  rb_node_t *p;
  while ((p = z->parent) && p->red) {
    rb_node_t *g = p->parent; /* exists: a red node is never the root */
    if (p == g->left) {
      rb_node_t *u = g->right;
      if (is_red(u)) {
        p->red = 0;
        u->red = 0;
        g->red = 1;
        z = g;
        continue;
      }
      if (z == p->right) {
        rotate_left(t, p);
        z = p;
        p = z->parent;
      }
      p->red = 0;
      g->red = 1;
      rotate_right(t, g);
    } else {
      rb_node_t *u = g->left;
      if (is_red(u)) {
        p->red = 0;
        u->red = 0;
        g->red = 1;
        z = g;
        continue;
      }
      if (z == p->left) {
        rotate_right(t, p);
        z = p;
        p = z->parent;
      }
      p->red = 0;
      g->red = 1;
      rotate_left(t, g);
    }
  }
  if (t->root->red)
    t->root->red = 0;
}

TM_SAFE int rbtree_insert(rbtree_t *t, long key, void *value) {
  rb_node_t *p = NULL, *n = t->root;
  while (n) {
    if (key == n->key)
      return 0;
    p = n;
    n = key < n->key ? n->left : n->right;
  }
  rb_node_t *z = malloc(sizeof *z);
  z->key = key;
  z->value = value;
  z->left = z->right = NULL;
  z->parent = p;
  z->red = 1;
  if (!p)
    t->root = z;
  else if (key < p->key)
    p->left = z;
  else
    p->right = z;
  insert_fixup(t, z);
  return 1;
}

/* x (possibly NULL) is one black short; xp is its parent. */
TM_SAFE static void remove_fixup(rbtree_t *t, rb_node_t *x, rb_node_t *xp) {
  while (x != t->root && !is_red(x)) {
    if (x == xp->left) {
      rb_node_t *w = xp->right; /* non-NULL: x's side is short of a black */
      if (w->red) {
        w->red = 0;
        xp->red = 1;
        rotate_left(t, xp);
        w = xp->right;
      }
      if (!is_red(w->left) && !is_red(w->right)) {
        w->red = 1;
        x = xp;
        xp = x->parent;
        continue;
      }
      if (!is_red(w->right)) {
        w->left->red = 0;
        w->red = 1;
        rotate_right(t, w);
        w = xp->right;
      }
      w->red = xp->red;
      if (xp->red)
        xp->red = 0;
      w->right->red = 0;
      rotate_left(t, xp);
    } else {
      rb_node_t *w = xp->left;
      if (w->red) {
        w->red = 0;
        xp->red = 1;
        rotate_right(t, xp);
        w = xp->left;
      }
      if (!is_red(w->left) && !is_red(w->right)) {
        w->red = 1;
        x = xp;
        xp = x->parent;
        continue;
      }
      if (!is_red(w->left)) {
        w->right->red = 0;
        w->red = 1;
        rotate_left(t, w);
        w = xp->left;
      }
      w->red = xp->red;
      if (xp->red)
        xp->red = 0;
      w->left->red = 0;
      rotate_right(t, xp);
    }
    x = t->root;
    break;
  }
  if (x && x->red)
    x->red = 0;
}

TM_SAFE int rbtree_remove(rbtree_t *t, long key) {
  rb_node_t *z = find(t, key);
  if (!z)
    return 0;
  rb_node_t *x, *xp;
  int removed_red;
  if (!z->left || !z->right) {
    x = z->left ? z->left : z->right;
    xp = z->parent;
    removed_red = z->red;
    replace_child(t, z, x);
  } else {
    rb_node_t *y = z->right; /* z's successor takes its place and colour */
    while (y->left)
      y = y->left;
    removed_red = y->red;
    x = y->right;
    if (y->parent == z) {
      xp = y;
    } else {
      xp = y->parent;
      replace_child(t, y, x);
      y->right = z->right;
      y->right->parent = y;
    }
    replace_child(t, z, y);
    y->left = z->left;
    y->left->parent = y;
    if (y->red != z->red)
      y->red = z->red;
  }
  if (!removed_red)
    remove_fixup(t, x, xp);
  free(z);
  return 1;
}

/* ---- outside transactions ---- */

/* Black height of the subtree, or -1 after writing the fault into msg. */
static long check_node(const rb_node_t *n, const rb_node_t *parent, const long *lo, const long *hi,
                       long *count, char *msg, size_t len) {
  if (!n)
    return 1;
  if (n->parent != parent)
    return bench_fail(msg, len, "rbtree: key %ld has a wrong parent link", n->key), -1;
  if ((lo && n->key <= *lo) || (hi && n->key >= *hi))
    return bench_fail(msg, len, "rbtree: key %ld out of order", n->key), -1;
  if (n->red && (is_red(n->left) || is_red(n->right)))
    return bench_fail(msg, len, "rbtree: red key %ld has a red child", n->key), -1;
  long l = check_node(n->left, n, lo, &n->key, count, msg, len);
  if (l < 0)
    return -1;
  long r = check_node(n->right, n, &n->key, hi, count, msg, len);
  if (r < 0)
    return -1;
  if (l != r)
    return bench_fail(msg, len, "rbtree: black heights %ld and %ld under key %ld", l, r, n->key), -1;
  ++*count;
  return l + !n->red;
}

long rbtree_check(const rbtree_t *t, char *msg, size_t len) {
  if (is_red(t->root))
    return bench_fail(msg, len, "rbtree: the root is red"), -1;
  long count = 0;
  if (check_node(t->root, NULL, NULL, NULL, &count, msg, len) < 0)
    return -1;
  return count;
}

static void walk(const rb_node_t *n, void (*fn)(long, void *, void *), void *ctx) {
  for (; n; n = n->right) {
    walk(n->left, fn, ctx);
    fn(n->key, n->value, ctx);
  }
}

void rbtree_foreach(const rbtree_t *t, void (*fn)(long key, void *value, void *ctx), void *ctx) {
  walk(t->root, fn, ctx);
}
