/* manager.c - the vacation database's tables and operations. */
#include <stdlib.h>

#include "../lib/fail.h"
#include "manager.h"

manager_t *manager_new(void) {
  manager_t *m = calloc(1, sizeof *m);
  if (!m)
    abort();
  return m;
}

TM_SAFE void mgr_add_item(manager_t *m, long type, long id, long num, long price) {
  item_t *it = rbtree_get(&m->items[type], id);
  if (!it) {
    it = malloc(sizeof *it);
    it->id = id;
    it->total = num;
    it->free = num;
    it->price = price < 0 ? 0 : price;
    rbtree_insert(&m->items[type], id, it);
    return;
  }
  it->total += num;
  it->free += num;
  if (price >= 0)
    it->price = price;
}

TM_SAFE int mgr_remove_item(manager_t *m, long type, long id, long num) {
  item_t *it = rbtree_get(&m->items[type], id);
  if (!it || it->free < num)
    return 0;
  if (it->total == num) {
    rbtree_remove(&m->items[type], id);
    free(it);
    return 1;
  }
  it->total -= num;
  it->free -= num;
  return 1;
}

TM_SAFE long mgr_query_price(const manager_t *m, long type, long id) {
  const item_t *it = rbtree_get(&m->items[type], id);
  return it && it->free > 0 ? it->price : -1;
}

TM_SAFE int mgr_add_customer(manager_t *m, long id) {
  if (rbtree_get(&m->customers, id))
    return 0;
  customer_t *c = malloc(sizeof *c);
  c->id = id;
  for (int t = 0; t < RES_TYPES; t++)
    c->booked[t] = c->paid[t] = 0;
  rbtree_insert(&m->customers, id, c);
  return 1;
}

/* Give back the customer's unit of type t, if any. */
TM_SAFE static void release(manager_t *m, customer_t *c, long t) {
  long id = c->booked[t];
  if (!id)
    return;
  item_t *it = rbtree_get(&m->items[t], id); /* booked: cannot be gone */
  it->free++;
  c->booked[t] = 0;
}

TM_SAFE int mgr_delete_customer(manager_t *m, long id) {
  customer_t *c = rbtree_get(&m->customers, id);
  if (!c)
    return 0;
  for (long t = 0; t < RES_TYPES; t++)
    release(m, c, t);
  rbtree_remove(&m->customers, id);
  free(c);
  return 1;
}

TM_SAFE int mgr_reserve(manager_t *m, long type, long customer, long id) {
  customer_t *c = rbtree_get(&m->customers, customer);
  item_t *it = rbtree_get(&m->items[type], id);
  if (!c || !it || it->free <= 0 || c->booked[type] == id)
    return 0;
  release(m, c, type);
  it->free--;
  c->booked[type] = id;
  c->paid[type] = it->price;
  return 1;
}

/* ---- check ---- */

typedef struct {
  long max_id;
  long *reserved[RES_TYPES]; /* units held by customers, per item */
  int bad;
  char *msg;
  size_t len;
} census_t;

static void count_customer(long key, void *value, void *ctx) {
  census_t *c = ctx;
  customer_t *cu = value;
  if (c->bad)
    return;
  if (cu->id != key) {
    c->bad = bench_fail(c->msg, c->len, "customer %ld filed under %ld", cu->id, key);
    return;
  }
  for (int t = 0; t < RES_TYPES; t++) {
    long id = cu->booked[t];
    if (id < 0 || id > c->max_id) {
      c->bad = bench_fail(c->msg, c->len, "customer %ld booked item %d/%ld", key, t, id);
      return;
    }
    if (id)
      c->reserved[t][id]++;
  }
}

int manager_check(const manager_t *m, long max_id, char *msg, size_t len) {
  if (rbtree_check(&m->customers, msg, len) < 0)
    return 1;
  census_t c = {.max_id = max_id, .msg = msg, .len = len};
  for (int t = 0; t < RES_TYPES; t++) {
    if (rbtree_check(&m->items[t], msg, len) < 0)
      return 1;
    c.reserved[t] = calloc((size_t)max_id + 1, sizeof(long));
    if (!c.reserved[t])
      return bench_fail(msg, len, "out of memory");
  }
  rbtree_foreach(&m->customers, count_customer, &c);
  for (int t = 0; t < RES_TYPES && !c.bad; t++)
    for (long id = 1; id <= max_id && !c.bad; id++) {
      const item_t *it = rbtree_get(&m->items[t], id);
      long held = c.reserved[t][id];
      if (!it) {
        if (held)
          c.bad = bench_fail(msg, len, "%ld reservations of missing item %d/%ld", held, t, id);
      } else if (it->id != id || it->free < 0 || it->free > it->total || it->total - it->free != held) {
        c.bad = bench_fail(msg, len, "item %d/%ld: total %ld, free %ld, but %ld reserved", t, id, it->total,
                           it->free, held);
      }
    }
  for (int t = 0; t < RES_TYPES; t++)
    free(c.reserved[t]);
  return c.bad;
}
