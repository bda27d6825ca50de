/* locate.c - see locate.h. */
#include "locate.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"

static char *self_exe(void) {
  char *p = realpath("/proc/self/exe", NULL);
  if (!p)
    die("cannot resolve /proc/self/exe: %s", strerror(errno));
  return p;
}

char *stmcc_prefix(void) {
  char *p = self_exe();
  for (int up = 0; up < 2; up++) {
    char *slash = strrchr(p, '/');
    if (!slash)
      die("cannot derive the installation prefix from '%s'", p);
    *slash = '\0';
  }
  if (p[0] == '\0')
    strcpy(p, "/");
  return p;
}

static int is_executable_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* name looked up on PATH as execvp would, or NULL. */
static char *search_path(const char *name) {
  const char *path = getenv("PATH");
  if (!path || !*path)
    path = "/usr/local/bin:/usr/bin:/bin";
  size_t nlen = strlen(name);
  while (*path) {
    const char *colon = strchr(path, ':');
    size_t dlen = colon ? (size_t)(colon - path) : strlen(path);
    char *cand = xmalloc(dlen + nlen + 3);
    if (dlen == 0)
      strcpy(cand, ".");
    else {
      memcpy(cand, path, dlen);
      cand[dlen] = '\0';
    }
    strcat(cand, "/");
    strcat(cand, name);
    if (is_executable_file(cand))
      return cand;
    free(cand);
    if (!colon)
      break;
    path = colon + 1;
  }
  return NULL;
}

static void refuse_self(const char *clang) {
  char *real = realpath(clang, NULL);
  char *self = self_exe();
  if (real && strcmp(real, self) == 0)
    die("'%s' is stmcc itself; set STMCC_CLANG to a real clang-19", clang);
  free(real);
  free(self);
}

char *find_clang(void) {
  const char *env = getenv("STMCC_CLANG");
  char *clang = NULL;
  if (env && *env) {
    clang = strchr(env, '/') ? (is_executable_file(env) ? xstrdup(env) : NULL) : search_path(env);
    if (!clang)
      die("STMCC_CLANG='%s' is not an executable program", env);
  } else {
    clang = search_path("clang-19");
    if (!clang && is_executable_file("/usr/lib/llvm-19/bin/clang"))
      clang = xstrdup("/usr/lib/llvm-19/bin/clang");
    if (!clang)
      die("cannot find clang-19 on PATH nor /usr/lib/llvm-19/bin/clang; install clang-19 or set "
          "STMCC_CLANG");
  }
  refuse_self(clang);
  return clang;
}
