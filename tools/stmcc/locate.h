/* locate.h - where stmcc's installation and clang are. */
#ifndef STMCC_LOCATE_H
#define STMCC_LOCATE_H

/* The installation prefix: the directory above the one holding the stmcc
 * executable (symlinks resolved), so an install tree and the build tree
 * both work and can be moved. */
char *stmcc_prefix(void);

/* The clang to run: $STMCC_CLANG if set, else clang-19 on PATH, else
 * /usr/lib/llvm-19/bin/clang.  Fatal if none is executable, or if it is
 * stmcc itself (which would recurse forever). */
char *find_clang(void);

#endif
