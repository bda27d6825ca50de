/*
 * manager.h - the travel agency's database for the vacation benchmark:
 * three tables of bookable items (cars, flights, rooms) and a table of
 * customers with their reservations, each a red-black tree keyed by id.
 * Every mgr_ function runs inside the caller's transaction.
 */
#ifndef BENCH_VACATION_MANAGER_H
#define BENCH_VACATION_MANAGER_H

#include <stddef.h>

#include "../lib/rbtree.h"
#include "../tm.h"

enum { RES_CAR, RES_FLIGHT, RES_ROOM, RES_TYPES };

typedef struct item {
  long id;
  long total; /* units offered */
  long free;  /* units not reserved */
  long price;
} item_t;

/* A customer holds at most one car, one flight and one room: booking again
 * changes the booking, so the database's size stays bounded and the
 * benchmark reaches a steady state soon, whatever its speed. */
typedef struct customer {
  long id;
  long booked[RES_TYPES]; /* item id, 0 for none */
  long paid[RES_TYPES];
} customer_t;

typedef struct manager {
  rbtree_t items[RES_TYPES];
  rbtree_t customers;
} manager_t;

manager_t *manager_new(void);

/* Add `num` units of an item (creating it), at `price` (kept if < 0). */
TM_SAFE void mgr_add_item(manager_t *m, long type, long id, long num, long price);
/* Withdraw `num` unreserved units; the item goes when none is left.  0 if
 * fewer than `num` units are free. */
TM_SAFE int mgr_remove_item(manager_t *m, long type, long id, long num);
/* Price of a free unit, or -1 if there is none. */
TM_SAFE long mgr_query_price(const manager_t *m, long type, long id);
/* 0 if the customer exists already. */
TM_SAFE int mgr_add_customer(manager_t *m, long id);
/* Give back every unit the customer reserved and forget the customer; 0
 * if there is no such customer. */
TM_SAFE int mgr_delete_customer(manager_t *m, long id);
/* Book one unit for an existing customer, giving back the unit of the
 * same type the customer held; 0 if none is free or it is already the
 * customer's. */
TM_SAFE int mgr_reserve(manager_t *m, long type, long customer, long id);

/* Outside transactions: every table is a valid tree, and each item's
 * reserved units (total - free) match the customers' reservations.  Ids
 * are in [1, max_id].  0 if consistent. */
int manager_check(const manager_t *m, long max_id, char *msg, size_t len);

#endif /* BENCH_VACATION_MANAGER_H */
