/*
 * env.c - the runtime's environment variables, read once at start-up.
 * A bad value is a fatal error naming the variable, except STM_STATS, whose
 * only effect is reporting: a bad STM_STATS is reported and ignored.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* An unsigned integer in [lo, hi], or the default when unset/empty. */
static unsigned stm_env_uint(const char *name, unsigned lo, unsigned hi, unsigned dflt) {
  const char *s = getenv(name);
  if (!s || !*s)
    return dflt;
  char *end;
  errno = 0;
  unsigned long v = strtoul(s, &end, 10);
  if (errno || *end || s[0] == '-' || v < lo || v > hi)
    stm_fatal("bad value '%s' for %s: expected an integer from %u to %u", s, name, lo, hi);
  return (unsigned)v;
}

static void stm_env_stats(void) {
  const char *s = getenv("STM_STATS");
  if (!s || !*s || strcmp(s, "0") == 0)
    return;
  char *copy = strdup(s);
  if (!copy)
    stm_fatal("out of memory reading STM_STATS");
  unsigned flags = 0;
  for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
    if (strcmp(tok, "1") == 0) {
      flags |= STM_STATS_REPORT;
    } else if (strcmp(tok, "verbose") == 0) {
      flags |= STM_STATS_VERBOSE | STM_STATS_REPORT;
    } else if (strncmp(tok, "json:", 5) == 0 && tok[5]) {
      flags |= STM_STATS_JSON;
      stm_config.stats_json = strdup(tok + 5);
    } else {
      stm_warn("ignoring bad STM_STATS item '%s' (expected a comma list of 1, "
               "verbose, json:PATH); statistics are off",
               tok);
      free(copy);
      return;
    }
  }
  free(copy);
  stm_config.stats = flags;
}

void stm_env_init(void) {
  stm_config.inject_aborts = stm_env_uint("STM_INJECT_ABORTS", 0, 100, 0);
  stm_config.max_retries = stm_env_uint("STM_MAX_RETRIES", 1, 1000000, 16);
  /* 0: the task pool sizes itself (task_pool.c); bound as STM_TASK_MAX_THREADS. */
  stm_config.threads = stm_env_uint("STM_THREADS", 1, 4096, 0);
  stm_env_stats();
}
