/*
 * stats_text.c - the text report.  A line that names a place starts like
 * a compiler diagnostic, FILE:LINE:COL: KIND: (conflict, inevitable,
 * transaction), so that editors jump to it.  tools/stmreport/stmreport.py
 * prints the same text from the JSON file: change both together.
 */
#include <stdlib.h>

#include "stats.h"

/* Lines shown per section; the JSON file has all of them. */
#define STM_REPORT_TOP 20

const char *stm_cause_name(unsigned cause) {
  static const char *const names[STM_NCAUSES] = {
      [STM_ABORT_READ_LOCKED] = "read-write",
      [STM_ABORT_WRITE_LOCKED] = "write-write",
      [STM_ABORT_VALIDATION] = "validation failure",
      [STM_ABORT_KILLED] = "killed by irrevocable",
      [STM_ABORT_EXPLICIT] = "explicit retry",
      [STM_ABORT_INJECTED] = "injected",
      [STM_ABORT_IRREVOCABLE] = "irrevocable switch",
      [STM_CAUSE_CANCEL] = "explicit cancel",
  };
  return cause < STM_NCAUSES ? names[cause] : "unknown";
}

const char *stm_site_kind_name(const stm_site_t *s) {
  switch (s->kind) {
  case STM_SITE_BEGIN: return "begin";
  case STM_SITE_READ: return "read";
  case STM_SITE_WRITE: return "write";
  case STM_SITE_IRREV: return "irrevocable";
  case STM_SITE_CANCEL: return "cancel";
  case STM_SITE_CALL: return "call";
  default: return "unknown";
  }
}

static const char *stm_s(uint64_t n) { return n == 1 ? "" : "s"; }

static double stm_secs(uint64_t ns) { return (double)ns / 1e9; }

static void stm_put_loc(FILE *f, const stm_site_t *s) {
  if (s && s->file)
    fprintf(f, "%s:%u:%u", s->file, s->line, s->col);
  else if (s && s->text) /* the runtime's own sites: "<task in stm_run_all_tasks>" */
    fprintf(f, "<%s in %s>", s->text, s->func ? s->func : "libstm");
  else
    fputs("<unknown>", f);
}

static void stm_put_prefix(FILE *f, const stm_site_t *s, const char *kind) {
  if (s && s->file)
    fprintf(f, "%s:%u:%u: %s: ", s->file, s->line, s->col, kind);
  else
    fprintf(f, "stm: %s: ", kind);
}

/* "read of 'node->left' (walk)" */
static void stm_put_what(FILE *f, const stm_site_t *s) {
  if (!s) {
    fputs("unknown site", f);
    return;
  }
  const char *t = s->text;
  switch (s->kind) {
  case STM_SITE_READ: fputs("read", f); break;
  case STM_SITE_WRITE: fputs("write", f); break;
  case STM_SITE_BEGIN: fputs("transaction", f); t = NULL; break;
  case STM_SITE_IRREV: fputs(t ? "call" : "irrevocable statement", f); break;
  case STM_SITE_CANCEL: fputs("cancel", f); t = NULL; break;
  case STM_SITE_CALL: fputs("call", f); break;
  default: fputs("access", f); break;
  }
  if (t)
    fprintf(f, " %s '%s'", s->kind == STM_SITE_IRREV || s->kind == STM_SITE_CALL ? "to" : "of", t);
  if (s->func)
    fprintf(f, " (%s)", s->func);
}

static void stm_put_conflict(FILE *f, const stm_rec_key_t *k, uint64_t aborts, uint64_t ns,
                             int live) {
  stm_put_prefix(f, k->site, "conflict");
  stm_put_what(f, k->site);
  if (live)
    fprintf(f, " aborted, %.6f s lost (%s)", stm_secs(ns), stm_cause_name(k->cause));
  else
    fprintf(f, " aborted %llu time%s, %.6f s lost (%s)", (unsigned long long)aborts,
            stm_s(aborts), stm_secs(ns), stm_cause_name(k->cause));
  switch (k->cause) {
  case STM_ABORT_READ_LOCKED:
  case STM_ABORT_WRITE_LOCKED:
  case STM_ABORT_VALIDATION:
  case STM_ABORT_IRREVOCABLE:
    if (k->other) {
      fputs("; winner wrote at ", f);
      stm_put_loc(f, k->other);
    } else {
      fputs("; winner unknown", f);
    }
    break;
  case STM_ABORT_KILLED:
    if (k->other) {
      fputs("; winner was irrevocable at ", f);
      stm_put_loc(f, k->other);
    } else {
      fputs("; winner unknown", f);
    }
    break;
  default:
    break;
  }
  if (k->begin && stm_site_cmp(k->begin, k->site) != 0) {
    fputs("; transaction at ", f);
    stm_put_loc(f, k->begin);
  }
}

static void stm_put_inevitable(FILE *f, const stm_rec_t *r) {
  const uint64_t *n = r->n;
  stm_put_prefix(f, r->key.site, "inevitable");
  stm_put_what(f, r->key.site);
  fprintf(f, " made %llu transaction%s irrevocable", (unsigned long long)n[STM_IN_COUNT],
          stm_s(n[STM_IN_COUNT]));
  if (n[STM_IN_SERIAL] && n[STM_IN_FALLBACK])
    fprintf(f, " (%llu serial, %llu after repeated aborts)", (unsigned long long)n[STM_IN_SERIAL],
            (unsigned long long)n[STM_IN_FALLBACK]);
  else if (n[STM_IN_SERIAL])
    fprintf(f, " (%llu serial)", (unsigned long long)n[STM_IN_SERIAL]);
  else if (n[STM_IN_FALLBACK])
    fprintf(f, " (%llu after repeated aborts)", (unsigned long long)n[STM_IN_FALLBACK]);
  fprintf(f, ", others waited %.6f s", stm_secs(n[STM_IN_NS_WAITED]));
  if (n[STM_IN_KILLED])
    fprintf(f, ", %llu attempt%s killed, %.6f s lost", (unsigned long long)n[STM_IN_KILLED],
            stm_s(n[STM_IN_KILLED]), stm_secs(n[STM_IN_NS_KILLED]));
}

static void stm_put_transaction(FILE *f, const stm_rec_t *r) {
  const uint64_t *n = r->n;
  const stm_site_t *s = r->key.site;
  stm_put_prefix(f, s, "transaction");
  if (s && s->func)
    fprintf(f, "in %s: ", s->func);
  fprintf(f, "%llu commit%s, %llu abort%s, %.6f s lost", (unsigned long long)n[STM_TX_COMMITS],
          stm_s(n[STM_TX_COMMITS]), (unsigned long long)n[STM_TX_ABORTS], stm_s(n[STM_TX_ABORTS]),
          stm_secs(n[STM_TX_NS_LOST]));
  uint64_t attempts = n[STM_TX_COMMITS] + n[STM_TX_ABORTS];
  if (attempts)
    fprintf(f, ", average attempt %.3f us",
            (double)(n[STM_TX_NS_COMMITTED] + n[STM_TX_NS_LOST]) / (double)attempts / 1e3);
  if (n[STM_TX_RETRIED])
    fprintf(f, ", %llu retried (at most %llu time%s)", (unsigned long long)n[STM_TX_RETRIED],
            (unsigned long long)n[STM_TX_MAX_RETRIES], stm_s(n[STM_TX_MAX_RETRIES]));
  if (n[STM_TX_CANCELS])
    fprintf(f, ", %llu cancel%s", (unsigned long long)n[STM_TX_CANCELS], stm_s(n[STM_TX_CANCELS]));
  if (n[STM_TX_IRREVOCABLE])
    fprintf(f, ", %llu irrevocable", (unsigned long long)n[STM_TX_IRREVOCABLE]);
}

static FILE *stm_line_open(char **buf, size_t *len) {
  FILE *f = open_memstream(buf, len);
  if (!f)
    stm_fatal("out of memory formatting the statistics report");
  return f;
}

static char *stm_line_close(FILE *f, char **buf) {
  if (fclose(f) != 0 || !*buf)
    stm_fatal("out of memory formatting the statistics report");
  return *buf;
}

char *stm_rec_line(const stm_rec_t *r) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = stm_line_open(&buf, &len);
  switch (r->key.type) {
  case STM_REC_CONFLICT:
    stm_put_conflict(f, &r->key, r->n[STM_CF_ABORTS], r->n[STM_CF_NS_LOST], 0);
    break;
  case STM_REC_INEVITABLE:
    stm_put_inevitable(f, r);
    break;
  default:
    stm_put_transaction(f, r);
    break;
  }
  return stm_line_close(f, &buf);
}

char *stm_live_conflict_line(const stm_rec_key_t *k, uint64_t ns) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = stm_line_open(&buf, &len);
  stm_put_conflict(f, k, 1, ns, 1);
  return stm_line_close(f, &buf);
}

char *stm_live_irrevocable_line(const stm_site_t *site, int fallback) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = stm_line_open(&buf, &len);
  stm_put_prefix(f, site, "inevitable");
  stm_put_what(f, site);
  fputs(fallback ? " became irrevocable after repeated aborts" : " made a transaction irrevocable",
        f);
  return stm_line_close(f, &buf);
}

static void stm_print_section(FILE *f, const stm_report_t *r, unsigned type, const char *title,
                              const char *what) {
  size_t lo = r->first[type], hi = r->first[type + 1];
  if (lo == hi)
    return;
  fprintf(f, "stm: %s:\n", title);
  for (size_t i = lo; i < hi && i - lo < STM_REPORT_TOP; i++)
    fprintf(f, "%s\n", r->lines[i]);
  if (hi - lo > STM_REPORT_TOP)
    fprintf(f, "stm:   ... and %zu more %s lines (all of them: STM_STATS=json:PATH, "
               "then stmreport --all PATH)\n",
            hi - lo - STM_REPORT_TOP, what);
}

void stm_report_print_text(FILE *f, const stm_report_t *r) {
  const stm_stats_t *t = &r->totals;
  uint64_t aborts = 0;
  for (int i = 0; i < STM_ABORT_NCAUSES; i++)
    aborts += t->aborts[i];
  fprintf(f, "stm: statistics\n");
  fprintf(f, "stm:   commits: %llu (%llu read-only, %llu writing)\n",
          (unsigned long long)(r->ro_commits + t->commits_rw), (unsigned long long)r->ro_commits,
          (unsigned long long)t->commits_rw);
  fprintf(f, "stm:   aborts: %llu", (unsigned long long)aborts);
  for (int i = 0; i < STM_ABORT_NCAUSES; i++)
    if (t->aborts[i])
      fprintf(f, ", %s %llu", stm_cause_name((unsigned)i), (unsigned long long)t->aborts[i]);
  fprintf(f, "\n");
  fprintf(f, "stm:   cancels: %llu\n", (unsigned long long)t->cancels);
  fprintf(f, "stm:   irrevocable: %llu (%llu after too many aborts, %llu serial)\n",
          (unsigned long long)t->irrevocable, (unsigned long long)t->fallbacks,
          (unsigned long long)t->serial);
  if (t->tasks)
    fprintf(f, "stm:   tasks: %llu (%llu without a transactional clone, run serially)\n",
            (unsigned long long)t->tasks, (unsigned long long)t->tasks_serial);
  fprintf(f, "stm:   most consecutive aborts: %llu\n", (unsigned long long)t->max_retries);
  fprintf(f, "stm:   time lost in aborted attempts: %.6f s\n", stm_secs(t->ns_lost));
  fprintf(f, "stm:   time waiting on irrevocable transactions: %.6f s\n",
          stm_secs(t->ns_irrevocable));
  if (r->running)
    fprintf(f, "stm:   note: %u other thread%s still running at exit: counts are incomplete\n",
            r->running, r->running == 1 ? " was" : "s were");
  stm_print_section(f, r, STM_REC_CONFLICT, "conflicts, by time lost", "conflict");
  stm_print_section(f, r, STM_REC_INEVITABLE, "irrevocable transactions, by time others lost",
                    "inevitable");
  stm_print_section(f, r, STM_REC_TRANSACTION, "transactions, by time lost", "transaction");
  fflush(f);
}
