/*
 * example.c - timing and the STM_THREADS=1 baseline run of the examples
 * (example.h).
 */
#define _GNU_SOURCE
#include "example.h"

#include <errno.h>
#include <sched.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

double ex_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int ex_pool_threads(void) {
  const char *s = getenv("STM_THREADS");
  if (s && *s)
    return atoi(s); /* libstm has already rejected a bad value */
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
    return CPU_COUNT(&set);
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (int)n : 1;
}

int ex_is_baseline(void) { return getenv(EX_BASELINE_ENV) != NULL; }

long ex_arg(int argc, char **argv, int i, long dflt, long lo, long hi, const char *what) {
  if (i >= argc)
    return dflt;
  char *end;
  errno = 0;
  long v = strtol(argv[i], &end, 10);
  if (errno || *argv[i] == '\0' || *end != '\0' || v < lo || v > hi) {
    fprintf(stderr, "%s: %s must be an integer from %ld to %ld, not '%s'\n", argv[0], what, lo, hi,
            argv[i]);
    exit(2);
  }
  return v;
}

/* The environment for the baseline: STM_THREADS=1, the marker, and no
 * STM_STATS (its report would be mixed with the parent's). */
static char **ex_child_env(void) {
  size_t n = 0;
  while (environ[n])
    n++;
  char **env = calloc(n + 3, sizeof *env);
  if (!env)
    return NULL;
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (strncmp(environ[i], "STM_THREADS=", 12) != 0 && strncmp(environ[i], "STM_STATS=", 10) != 0)
      env[k++] = environ[i];
  env[k++] = "STM_THREADS=1";
  env[k++] = EX_BASELINE_ENV "=1";
  env[k] = NULL;
  return env;
}

/* Run this program again with one thread; its time, or a negative value
 * (after printing why) if it failed. */
static double ex_run_baseline(char **argv) {
  int fd[2];
  if (pipe(fd) != 0) {
    perror("pipe");
    return -1;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fd[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&fa, fd[0]);
  posix_spawn_file_actions_addclose(&fa, fd[1]);
  char **env = ex_child_env();
  pid_t pid;
  int err = env ? posix_spawn(&pid, "/proc/self/exe", &fa, NULL, argv, env) : ENOMEM;
  posix_spawn_file_actions_destroy(&fa);
  free(env);
  close(fd[1]);
  if (err) {
    fprintf(stderr, "%s: cannot run the one-thread baseline: %s\n", argv[0], strerror(err));
    close(fd[0]);
    return -1;
  }
  char out[4096];
  size_t len = 0;
  ssize_t r;
  while ((r = read(fd[0], out + len, sizeof out - 1 - len)) > 0 || (r < 0 && errno == EINTR))
    if (r > 0)
      len += (size_t)r;
  out[len] = '\0';
  close(fd[0]);
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  const char *line = strstr(out, "baseline seconds: ");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !line) {
    fprintf(stderr, "%s: the one-thread baseline run failed; its output:\n%s", argv[0], out);
    return -1;
  }
  return strtod(line + strlen("baseline seconds: "), NULL);
}

int ex_finish(const char *name, int ok, double seconds, char **argv) {
  if (ex_is_baseline()) {
    printf("baseline seconds: %.9f\n", seconds);
    return ok ? 0 : 1;
  }
  if (!ok) {
    printf("%s: FAILED\n", name);
    return 1;
  }
  fflush(stdout); /* before the child writes to its own copy of the buffer */
  double one = ex_run_baseline(argv);
  if (one < 0)
    return 1;
  int n = ex_pool_threads();
  printf("%s: %d thread%s: %.3f s; 1 thread: %.3f s; speed-up %.2fx\n", name, n, n == 1 ? "" : "s",
         seconds, one, one / seconds);
  printf("%s: OK\n", name);
  return 0;
}
