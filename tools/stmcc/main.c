/* stmcc - a gcc/clang-compatible driver that compiles C with stmpass.
 *
 * It runs clang-19 with the user's flags plus, when something is compiled,
 * -fplugin=<prefix>/lib/stmpass.so -I<prefix>/include and, when a link step
 * runs, -L<prefix>/lib -lstm -pthread -Wl,-rpath,<prefix>/lib after the
 * user's inputs (libraries the user names may themselves need libstm).
 * The GNU TM flags -fgnu-tm and -litm are dropped: stmpass replaces them.
 * Environment: STMCC_CLANG picks clang; STMCC_DRYRUN=1 prints the command
 * instead of running it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmdline.h"
#include "diag.h"
#include "launch.h"
#include "locate.h"
#include "strvec.h"

#ifndef STMCC_VERSION
#error "STMCC_VERSION must be defined by the build"
#endif

static int dry_run(void) {
  const char *v = getenv("STMCC_DRYRUN");
  return v && *v && strcmp(v, "0") != 0;
}

static int exists(const char *dir, const char *file) {
  size_t n = strlen(dir) + strlen(file) + 2;
  char *p = xmalloc(n);
  snprintf(p, n, "%s/%s", dir, file);
  int ok = access(p, F_OK) == 0;
  free(p);
  return ok;
}

/* Fail now, naming the missing file, rather than letting clang or ld fail
 * with a message that does not mention stmpass. */
static void check_installation(const char *prefix, const cmdline *cl) {
  if (cl->compiles && !exists(prefix, "lib/stmpass.so"))
    die("the stmpass plugin is missing: %s/lib/stmpass.so (stmcc expects the layout "
        "<prefix>/bin/stmcc, <prefix>/lib, <prefix>/include)",
        prefix);
  if (cl->compiles && !exists(prefix, "include/stm/abi.h"))
    die("the stmpass headers are missing: %s/include/stm/abi.h", prefix);
  if (cl->links && !exists(prefix, "lib/libstm.so") && !exists(prefix, "lib/libstm.a"))
    die("the stmpass runtime is missing: no libstm.so or libstm.a in %s/lib", prefix);
}

static void print_help(void) {
  printf("stmcc %s: clang-19 with the stmpass plugin (software transactional memory for C)\n"
         "usage: stmcc [gcc/clang options] file...\n"
         "  compiling adds -fplugin=<prefix>/lib/stmpass.so -I<prefix>/include;\n"
         "  linking adds -L<prefix>/lib -lstm -pthread -Wl,-rpath,<prefix>/lib;\n"
         "  -fgnu-tm, -fno-gnu-tm and -litm are dropped.\n"
         "  STMCC_CLANG=<clang> picks the compiler; STMCC_DRYRUN=1 prints the command.\n"
         "clang's own options follow.\n\n",
         STMCC_VERSION);
}

int main(int argc, char **argv) {
  cmdline cl;
  parse_cmdline(argv + 1, (size_t)(argc > 0 ? argc - 1 : 0), &cl);
  const char *prefix = stmcc_prefix();
  char *clang = find_clang();
  int dry = dry_run();
  if (!dry)
    check_installation(prefix, &cl);

  if (cl.version)
    printf("stmcc (stmpass) %s\n", STMCC_VERSION);
  if (cl.help)
    print_help();

  strvec cmd;
  sv_init(&cmd);
  sv_push(&cmd, clang);
  if (cl.compiles) {
    sv_pushf(&cmd, "-fplugin=%s/lib/stmpass.so", prefix);
    sv_pushf(&cmd, "-I%s/include", prefix);
  }
  for (size_t i = 0; i < cl.dashdash; i++)
    sv_push(&cmd, cl.args.v[i]);
  if (cl.links) {
    sv_pushf(&cmd, "-L%s/lib", prefix);
    sv_push(&cmd, "-lstm");
    sv_push(&cmd, "-pthread");
    sv_pushf(&cmd, "-Wl,-rpath,%s/lib", prefix);
  }
  for (size_t i = cl.dashdash; i < cl.args.n; i++)
    sv_push(&cmd, cl.args.v[i]);

  if (dry) {
    print_command(&cmd);
    return 0;
  }
  run_command(&cmd);
}
