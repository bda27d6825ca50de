/*
 * stats_json.c - STM_STATS=json:PATH: the report's data as JSON, for
 * tools/stmreport and other tools.  Times are integer nanoseconds so that
 * a reader reproduces the text report exactly.  "%p" in PATH becomes the
 * process id (one file per process of a program that forks or execs).
 * The path is tried at start-up, so that a bad one is reported at once
 * (and statistics go on without JSON) rather than after a long run; the
 * try leaves no file behind, so that a process that dies without exiting
 * (a fatal error, a signal) leaves no empty one.
 * docs/USER_GUIDE.md describes the format.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stats.h"

#define STM_JSON_VERSION 1

static char *stm_json_path(void) {
  const char *in = stm_config.stats_json;
  size_t cap = strlen(in) + 32, n = 0;
  char *out = stm_xmalloc(cap, "the statistics file name");
  for (const char *p = in; *p; p++) {
    if (n + 24 > cap) {
      cap *= 2;
      char *grown = realloc(out, cap);
      if (!grown)
        stm_fatal("out of memory building the statistics file name");
      out = grown;
    }
    if (p[0] == '%' && p[1] == 'p') {
      n += (size_t)snprintf(out + n, cap - n, "%ld", (long)getpid());
      p++;
    } else if (p[0] == '%' && p[1] == '%') {
      out[n++] = '%';
      p++;
    } else {
      out[n++] = *p;
    }
  }
  out[n] = 0;
  return out;
}

void stm_json_check_path(void) {
  char *path = stm_json_path();
  bool existed = access(path, F_OK) == 0;
  FILE *f = fopen(path, "a"); /* creates, but keeps what is there */
  if (!f) {
    stm_warn("STM_STATS=json:%s: cannot open '%s' for writing (%s); no JSON statistics",
             stm_config.stats_json, path, strerror(errno));
    stm_config.stats &= ~STM_STATS_JSON;
  } else {
    fclose(f);
    if (!existed)
      unlink(path);
  }
  free(path);
}

static void stm_json_str(FILE *f, const char *s) {
  if (!s) {
    fputs("null", f);
    return;
  }
  fputc('"', f);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\')
      fprintf(f, "\\%c", *p);
    else if (*p < 0x20 || *p == 0x7f)
      fprintf(f, "\\u%04x", *p);
    else
      fputc(*p, f);
  }
  fputc('"', f);
}

static void stm_json_site(FILE *f, const char *name, const stm_site_t *s) {
  fprintf(f, "\"%s\": ", name);
  if (!s) {
    fputs("null", f);
    return;
  }
  fputs("{\"file\": ", f);
  stm_json_str(f, s->file);
  fprintf(f, ", \"line\": %u, \"col\": %u, \"kind\": \"%s\", \"text\": ", s->line, s->col,
          stm_site_kind_name(s));
  stm_json_str(f, s->text);
  fputs(", \"func\": ", f);
  stm_json_str(f, s->func);
  fputc('}', f);
}

static void stm_json_u64(FILE *f, const char *name, uint64_t v) {
  fprintf(f, ", \"%s\": %llu", name, (unsigned long long)v);
}

static void stm_json_rec(FILE *f, const stm_rec_t *r) {
  const uint64_t *n = r->n;
  fputs("    {", f);
  switch (r->key.type) {
  case STM_REC_CONFLICT:
    fprintf(f, "\"kind\": \"%s\", ", stm_cause_name(r->key.cause));
    stm_json_site(f, "site", r->key.site);
    fputs(", ", f);
    stm_json_site(f, "transaction", r->key.begin);
    fputs(", ", f);
    stm_json_site(f, "winner", r->key.other);
    stm_json_u64(f, "aborts", n[STM_CF_ABORTS]);
    stm_json_u64(f, "ns_lost", n[STM_CF_NS_LOST]);
    break;
  case STM_REC_INEVITABLE:
    stm_json_site(f, "site", r->key.site);
    stm_json_u64(f, "transactions", n[STM_IN_COUNT]);
    stm_json_u64(f, "serial", n[STM_IN_SERIAL]);
    stm_json_u64(f, "fallback", n[STM_IN_FALLBACK]);
    stm_json_u64(f, "waits", n[STM_IN_WAITS]);
    stm_json_u64(f, "ns_waited", n[STM_IN_NS_WAITED]);
    stm_json_u64(f, "killed", n[STM_IN_KILLED]);
    stm_json_u64(f, "ns_killed", n[STM_IN_NS_KILLED]);
    break;
  default:
    stm_json_site(f, "site", r->key.site);
    stm_json_u64(f, "commits", n[STM_TX_COMMITS]);
    stm_json_u64(f, "aborts", n[STM_TX_ABORTS]);
    stm_json_u64(f, "ns_committed", n[STM_TX_NS_COMMITTED]);
    stm_json_u64(f, "ns_lost", n[STM_TX_NS_LOST]);
    stm_json_u64(f, "retried", n[STM_TX_RETRIED]);
    stm_json_u64(f, "max_retries", n[STM_TX_MAX_RETRIES]);
    stm_json_u64(f, "cancels", n[STM_TX_CANCELS]);
    stm_json_u64(f, "irrevocable", n[STM_TX_IRREVOCABLE]);
    break;
  }
  fputc('}', f);
}

static void stm_json_list(FILE *f, const stm_report_t *r, unsigned type, const char *name,
                          int last) {
  fprintf(f, "  \"%s\": [", name);
  for (size_t i = r->first[type]; i < r->first[type + 1]; i++) {
    fputs(i == r->first[type] ? "\n" : ",\n", f);
    stm_json_rec(f, &r->recs[i]);
  }
  fprintf(f, "%s]%s\n", r->first[type] == r->first[type + 1] ? "" : "\n  ", last ? "" : ",");
}

static void stm_json_totals(FILE *f, const stm_report_t *r) {
  const stm_stats_t *t = &r->totals;
  fprintf(f, "  \"totals\": {\"commits_read_only\": %llu", (unsigned long long)r->ro_commits);
  stm_json_u64(f, "commits_writing", t->commits_rw);
  fputs(", \"aborts\": {", f);
  for (unsigned i = 0; i < STM_ABORT_NCAUSES; i++)
    fprintf(f, "%s\"%s\": %llu", i ? ", " : "", stm_cause_name(i),
            (unsigned long long)t->aborts[i]);
  fputc('}', f);
  stm_json_u64(f, "cancels", t->cancels);
  stm_json_u64(f, "irrevocable", t->irrevocable);
  stm_json_u64(f, "fallbacks", t->fallbacks);
  stm_json_u64(f, "serial", t->serial);
  stm_json_u64(f, "tasks", t->tasks);
  stm_json_u64(f, "tasks_serial", t->tasks_serial);
  stm_json_u64(f, "max_retries", t->max_retries);
  stm_json_u64(f, "ns_lost", t->ns_lost);
  stm_json_u64(f, "ns_irrevocable", t->ns_irrevocable);
  fputs("},\n", f);
}

void stm_json_write_report(const stm_report_t *r) {
  char *path = stm_json_path();
  FILE *f = fopen(path, "w");
  if (!f) {
    stm_warn("cannot write the statistics to '%s': %s", path, strerror(errno));
    free(path);
    return;
  }
  fprintf(f, "{\n  \"format\": \"stmpass-stats\",\n  \"version\": %d,\n", STM_JSON_VERSION);
  fprintf(f, "  \"threads_running_at_exit\": %u,\n", r->running);
  stm_json_totals(f, r);
  stm_json_list(f, r, STM_REC_CONFLICT, "conflicts", 0);
  stm_json_list(f, r, STM_REC_INEVITABLE, "inevitable", 0);
  stm_json_list(f, r, STM_REC_TRANSACTION, "transactions", 1);
  fputs("}\n", f);
  int bad = ferror(f);
  if (fclose(f) != 0 || bad)
    stm_warn("cannot write the statistics to '%s': %s", path, strerror(errno));
  free(path);
}
