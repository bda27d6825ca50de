/* launch.h - running the final clang command. */
#ifndef STMCC_LAUNCH_H
#define STMCC_LAUNCH_H

#include "strvec.h"

/* Print cmd on stdout as a shell-quoted line (STMCC_DRYRUN). */
void print_command(const strvec *cmd);

/* Run cmd (cmd->v[0] is clang) and never return: stmcc exits as clang
 * does.  A command line too long for exec is passed through a temporary
 * response file instead. */
_Noreturn void run_command(const strvec *cmd);

#endif
