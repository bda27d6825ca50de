/* respfile.h - expansion of @file arguments (response files).
 *
 * stmcc expands response files itself, rather than handing them to clang,
 * so that the flags it drops (-fgnu-tm, -litm) are dropped inside them too
 * and so that it sees every input when deciding whether a link step runs. */
#ifndef STMCC_RESPFILE_H
#define STMCC_RESPFILE_H

#include <stdio.h>

#include "strvec.h"

/* Append args[0..n) to out, replacing each "@file" by the arguments read
 * from file (GNU quoting: whitespace separates, '...' and "..." quote, a
 * backslash escapes the next character), recursively.  A nested relative
 * @file is looked up next to the file that names it, as clang does.  An
 * unreadable file or a cycle is a fatal error. */
void expand_response_files(char *const *args, size_t n, strvec *out);

/* Write s to f (and a newline), quoted so that the reader above yields exactly s. */
void write_response_arg(FILE *f, const char *s);

#endif
