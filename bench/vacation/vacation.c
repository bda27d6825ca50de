/*
 * vacation.c - a travel-reservation system in the spirit of STAMP's
 * vacation (written anew): clients run sessions against the database in
 * manager.c, each session one transaction over several tables.
 *
 *   reserve (user%):  query the price of Q random items, then book the
 *                     dearest free car, flight and room among them for a
 *                     random customer (added if new; a new booking of a
 *                     type replaces the customer's old one);
 *   cancel (half the rest): delete a random customer, giving back all
 *                     that customer's units;
 *   restock (the rest): for Q random items, add or withdraw 100 units.
 * Ids are drawn from the first `range` of RELATIONS ids.
 * Default: Q=2, range 90%, user 98%.  Contended (-c): Q=4, range 10%,
 * user 90%.  Self-check: manager_check (units reserved = units held).
 */
#include <stdio.h>

#include "../harness.h"
#include "manager.h"

#define RELATIONS 4096
#define MAX_QUERIES 8

const char *const bench_name = "vacation";

static manager_t *db;
static long queries, range, user_pct;

enum { T_RESERVED, T_DELETED, T_RESTOCKED };

const char *bench_describe(const bench_opts_t *o) {
  static char d[160];
  snprintf(d, sizeof d, "%d items per table, %ld queries per session over ids 1-%ld, %ld%% reservations",
           RELATIONS, queries, range, user_pct);
  (void)o;
  return d;
}

void bench_setup(const bench_opts_t *o, bench_thread_t *rng) {
  queries = o->contended ? 4 : 2;
  range = o->contended ? RELATIONS / 10 : RELATIONS * 9 / 10;
  user_pct = o->contended ? 90 : 98;
  db = manager_new();
  for (long id = 1; id <= RELATIONS; id++) {
    for (long t = 0; t < RES_TYPES; t++)
      mgr_add_item(db, t, id, 100 * (1 + bench_rand_below(rng, 5)), 50 + 10 * bench_rand_below(rng, 20));
    mgr_add_customer(db, id);
  }
}

typedef struct {
  long type[MAX_QUERIES], id[MAX_QUERIES];
} picks_t;

/* The functions holding transactions stay out of line: gcc -fgnu-tm
 * otherwise warns that the caller's locals "might be clobbered". */
__attribute__((noinline)) static long reserve(long customer, const picks_t *p) {
  long made;
  TM_ATOMIC {
    long best_id[RES_TYPES] = {0, 0, 0}, best_price[RES_TYPES] = {-1, -1, -1};
    for (long i = 0; i < queries; i++) {
      long price = mgr_query_price(db, p->type[i], p->id[i]);
      if (price > best_price[p->type[i]]) {
        best_price[p->type[i]] = price;
        best_id[p->type[i]] = p->id[i];
      }
    }
    long n = 0;
    if (best_price[RES_CAR] >= 0 || best_price[RES_FLIGHT] >= 0 || best_price[RES_ROOM] >= 0) {
      mgr_add_customer(db, customer);
      for (long t = 0; t < RES_TYPES; t++)
        if (best_price[t] >= 0)
          n += mgr_reserve(db, t, customer, best_id[t]);
    }
    made = n;
  }
  return made;
}

__attribute__((noinline)) static long cancel(long customer) {
  long done;
  TM_ATOMIC { done = mgr_delete_customer(db, customer); }
  return done;
}

__attribute__((noinline)) static void restock(const picks_t *p, unsigned adds) {
  TM_ATOMIC {
    for (long i = 0; i < queries; i++) {
      if (adds >> i & 1)
        mgr_add_item(db, p->type[i], p->id[i], 100, 50 + 10 * (p->id[i] % 20));
      else
        mgr_remove_item(db, p->type[i], p->id[i], 100);
    }
  }
}

void bench_op(bench_thread_t *t) {
  long r = bench_rand_below(t, 100);
  picks_t p;
  for (long i = 0; i < queries; i++) {
    p.type[i] = bench_rand_below(t, RES_TYPES);
    p.id[i] = 1 + bench_rand_below(t, range);
  }
  long customer = 1 + bench_rand_below(t, range);
  if (r < user_pct) {
    t->acc[T_RESERVED] += reserve(customer, &p);
  } else if (r < user_pct + (100 - user_pct) / 2) {
    t->acc[T_DELETED] += cancel(customer);
  } else {
    restock(&p, (unsigned)bench_rand(t));
    t->acc[T_RESTOCKED]++;
  }
}

int bench_check(const bench_thread_t *ts, unsigned n, char *msg, size_t len) {
  long reserved = 0;
  for (unsigned i = 0; i < n; i++)
    reserved += ts[i].acc[T_RESERVED];
  if (user_pct >= 50 && reserved == 0 && ts[0].ops > 1000)
    return bench_fail(msg, len, "no reservation succeeded in %lu sessions", (unsigned long)ts[0].ops);
  return manager_check(db, RELATIONS, msg, len);
}
