/* cmdline.h - what stmcc needs to know about a gcc/clang command line.
 *
 * stmcc passes the user's flags through unchanged except for the GNU TM
 * flags, which clang does not know and stmpass replaces: -fgnu-tm,
 * -fno-gnu-tm, -litm (and "-l itm").  It must also tell whether a link
 * step runs, so that link flags are added only then (clang warns about
 * unused -L/-l/-Wl flags otherwise, which -Werror builds turn fatal). */
#ifndef STMCC_CMDLINE_H
#define STMCC_CMDLINE_H

#include <stddef.h>

#include "strvec.h"

typedef struct cmdline {
  strvec args;     /* the user's arguments: expanded and filtered */
  size_t dashdash; /* index of "--" in args (inputs follow), or args.n */
  int compiles;    /* some input goes through clang's front end */
  int links;       /* a link step runs */
  int version;     /* --version */
  int help;        /* --help */
} cmdline;

/* Parse the user's arguments (argv[1..argc) of stmcc). */
void parse_cmdline(char *const *argv, size_t argc, cmdline *cl);

#endif
