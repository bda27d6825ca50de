/*
 * stats.h - what the statistics modules share (STM_STATS): records keyed
 * by source sites, the per-thread tables that hold them, and the report
 * gathered at exit.
 *
 *   stats.c          hooks called by the protocol; at-exit orchestration
 *   stats_table.c    per-thread hash tables of records
 *   stats_collect.c  merging at thread exit, gathering the report at exit
 *   stats_text.c     the text report (lines like compiler diagnostics)
 *   stats_json.c     the same data as JSON (json:PATH)
 *   stats_live.c     verbose: each abort as it happens, rate-limited
 *
 * Sites are compared by address on the hot paths and by content (file,
 * line, column, kind, text, function) only when reporting, so that copies
 * of one site (an inline function in several objects) make one line.
 */
#ifndef STM_STATS_H
#define STM_STATS_H

#include <stdio.h>

#include "internal.h"

/* Conflict kinds: the abort causes, and a cancel. */
#define STM_CAUSE_CANCEL ((unsigned)STM_ABORT_NCAUSES)
#define STM_NCAUSES (STM_CAUSE_CANCEL + 1)

/* Record types, in report order; 0 marks an empty table slot. */
enum stm_rec_type { STM_REC_CONFLICT = 1, STM_REC_INEVITABLE = 2, STM_REC_TRANSACTION = 3 };
#define STM_REC_NTYPES 4

/* Counters of each record type (indices into stm_rec_t.n). */
enum { STM_CF_ABORTS, STM_CF_NS_LOST };
enum {
  STM_IN_COUNT,     /* transactions that finished irrevocable because of it */
  STM_IN_SERIAL,    /* ... of those, serial */
  STM_IN_FALLBACK,  /* ... of those, after too many aborts (site = begin) */
  STM_IN_WAITS,     /* times another thread waited for it */
  STM_IN_NS_WAITED, /* how long */
  STM_IN_KILLED,    /* attempts of other transactions it aborted */
  STM_IN_NS_KILLED  /* time those attempts had run */
};
enum {
  STM_TX_COMMITS,
  STM_TX_ABORTS,
  STM_TX_NS_COMMITTED, /* time in attempts that committed */
  STM_TX_NS_LOST,      /* time in attempts that aborted */
  STM_TX_RETRIED,      /* commits after at least one abort */
  STM_TX_MAX_RETRIES,  /* most consecutive aborts before a commit (a max, not a sum) */
  STM_TX_CANCELS,
  STM_TX_IRREVOCABLE   /* commits in irrevocable mode */
};
#define STM_REC_NCOUNTERS 8

typedef struct stm_rec_key {
  const stm_site_t *site;  /* the access, the irrevocable call, or the transaction */
  const stm_site_t *begin; /* conflicts: the transaction that aborted */
  const stm_site_t *other; /* conflicts: the winner's write, or the irrevocable site */
  uint32_t type;           /* enum stm_rec_type; 0 = empty */
  uint32_t cause;          /* conflicts: enum stm_abort_cause or STM_CAUSE_CANCEL */
} stm_rec_key_t;

typedef struct stm_rec {
  stm_rec_key_t key;
  uint64_t n[STM_REC_NCOUNTERS];
} stm_rec_t;

/* Open addressing, owner-written.  A report at exit may read the table of
 * a thread that is still running: a grown table keeps the one it replaced
 * (`older`) until the owner merges at exit, so a reader never touches
 * freed memory. */
typedef struct stm_rec_table {
  size_t cap, used;
  struct stm_rec_table *older;
  stm_rec_t recs[];
} stm_rec_table_t;

/* Per-thread statistics state, allocated on first use, never freed. */
struct stm_stats_ext {
  /* Read by threads waiting for this thread's irrevocable transaction. */
  _Atomic(const stm_site_t *) irrev_pub __attribute__((aligned(STM_CACHELINE)));
  /* Written by the owner; read by the report at exit. */
  stm_rec_table_t *_Atomic table __attribute__((aligned(STM_CACHELINE)));
  const stm_site_t *irrev_site; /* what made the current transaction irrevocable */
  int irrev_fallback;           /* ... it was the fallback after too many aborts */
  int irrev_pending;            /* restarting irrevocably for irrev_site */
  const stm_site_t *last_abort; /* where the last abort happened: the cause of a fallback */
  /* The record of the last transaction site that committed, so that a
   * commit usually needs no hashing; valid while `table` is tx_table. */
  const stm_site_t *tx_site;
  stm_rec_table_t *tx_table;
  size_t tx_idx;
  /* verbose rate limit */
  uint64_t live_window;
  unsigned live_lines;
  uint64_t live_dropped;
};

/* stats_table.c */
STM_HIDDEN stm_rec_table_t *stm_rec_table_new(size_t cap);
STM_HIDDEN stm_rec_t *stm_rec_get(stm_rec_table_t *_Atomic *tp, const stm_rec_key_t *key);
STM_HIDDEN void stm_rec_add(stm_rec_t *to, const stm_rec_t *from);
STM_HIDDEN void stm_rec_table_merge(stm_rec_table_t *_Atomic *to, const stm_rec_table_t *from);
STM_HIDDEN void stm_rec_table_clear(stm_rec_table_t *t);
/* Append the used records of t (possibly another running thread's) to v. */
STM_HIDDEN void stm_rec_table_copy(const stm_rec_table_t *t, stm_vec_t *v);

/* stats_collect.c */
typedef struct stm_report {
  stm_stats_t totals;
  uint64_t ro_commits;
  unsigned running;                   /* other threads still running at exit */
  stm_rec_t *recs;                    /* coalesced by content, in report order */
  char **lines;                       /* recs[i] as a text line */
  size_t n;
  size_t first[STM_REC_NTYPES + 1];   /* recs of type t: [first[t], first[t+1]) */
} stm_report_t;
STM_HIDDEN void stm_report_gather(stm_report_t *r);
STM_HIDDEN void stm_report_free(stm_report_t *r);
STM_HIDDEN int stm_site_cmp(const stm_site_t *a, const stm_site_t *b);

/* stats_text.c */
STM_HIDDEN const char *stm_cause_name(unsigned cause);
STM_HIDDEN const char *stm_site_kind_name(const stm_site_t *s);
STM_HIDDEN char *stm_rec_line(const stm_rec_t *r);
STM_HIDDEN char *stm_live_conflict_line(const stm_rec_key_t *k, uint64_t ns);
STM_HIDDEN char *stm_live_irrevocable_line(const stm_site_t *site, int fallback);
STM_HIDDEN void stm_report_print_text(FILE *f, const stm_report_t *r);

/* stats_json.c */
STM_HIDDEN void stm_json_check_path(void);
STM_HIDDEN void stm_json_write_report(const stm_report_t *r);

/* stats_live.c */
STM_HIDDEN void stm_live_abort(stm_thread_t *th, unsigned cause, const stm_site_t *site,
                               const stm_site_t *other, uint64_t ns);
/* Say how many events the rate limit hid (thread exit, process exit). */
STM_HIDDEN void stm_live_flush(stm_thread_t *th);
STM_HIDDEN void stm_live_irrevocable(stm_thread_t *th, const stm_site_t *site, int fallback);

#endif /* STM_STATS_H */
