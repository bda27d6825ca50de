/* launch.c - see launch.h. */
#include "launch.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag.h"
#include "respfile.h"

extern char **environ;

/* Well under Linux's limits (ARG_MAX counts the environment too; one
 * argument may not exceed 128 KiB), so expanded response files that were
 * long for a reason still reach clang. */
enum { DIRECT_EXEC_LIMIT = 96 * 1024 };

static int needs_quotes(const char *s) {
  if (*s == '\0')
    return 1;
  for (; *s; s++)
    if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=+,./:@%^", *s))
      return 1;
  return 0;
}

void print_command(const strvec *cmd) {
  for (size_t i = 0; i < cmd->n; i++) {
    const char *a = cmd->v[i];
    if (i)
      putchar(' ');
    if (!needs_quotes(a)) {
      fputs(a, stdout);
      continue;
    }
    putchar('\'');
    for (; *a; a++) {
      if (*a == '\'')
        fputs("'\\''", stdout);
      else
        putchar(*a);
    }
    putchar('\'');
  }
  putchar('\n');
  fflush(stdout);
}

static size_t command_size(const strvec *cmd) {
  size_t total = 0;
  for (size_t i = 0; i < cmd->n; i++) {
    size_t len = strlen(cmd->v[i]) + 1 + sizeof(char *);
    if (len > DIRECT_EXEC_LIMIT)
      return (size_t)-1;
    total += len;
  }
  return total;
}

/* Exit as the child did, re-raising its signal so a crash in clang shows as
 * one to make and friends. */
static _Noreturn void exit_like(int status) {
  if (WIFSIGNALED(status)) {
    signal(WTERMSIG(status), SIG_DFL);
    raise(WTERMSIG(status));
  }
  exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}

static _Noreturn void run_via_response_file(const strvec *cmd) {
  const char *dir = getenv("TMPDIR");
  if (!dir || !*dir)
    dir = "/tmp";
  size_t len = strlen(dir) + sizeof "/stmcc-XXXXXX.rsp";
  char *path = xmalloc(len);
  snprintf(path, len, "%s/stmcc-XXXXXX.rsp", dir);
  int fd = mkstemps(path, 4);
  if (fd < 0)
    die("cannot create a response file in %s: %s", dir, strerror(errno));
  FILE *f = fdopen(fd, "w");
  if (!f)
    die("cannot write response file %s: %s", path, strerror(errno));
  for (size_t i = 1; i < cmd->n; i++)
    write_response_arg(f, cmd->v[i]);
  if (fclose(f) != 0) {
    unlink(path);
    die("cannot write response file %s: %s", path, strerror(errno));
  }

  char *at = xmalloc(strlen(path) + 2);
  at[0] = '@';
  strcpy(at + 1, path);
  char *argv[] = {cmd->v[0], at, NULL};
  pid_t pid;
  int err = posix_spawn(&pid, cmd->v[0], NULL, NULL, argv, environ);
  if (err) {
    unlink(path);
    die("cannot run %s: %s", cmd->v[0], strerror(err));
  }
  int status;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      unlink(path);
      die("waiting for %s: %s", cmd->v[0], strerror(errno));
    }
  }
  unlink(path);
  exit_like(status);
}

void run_command(const strvec *cmd) {
  fflush(NULL);
  if (command_size(cmd) > DIRECT_EXEC_LIMIT)
    run_via_response_file(cmd);
  execv(cmd->v[0], cmd->v);
  die("cannot run %s: %s", cmd->v[0], strerror(errno));
}
