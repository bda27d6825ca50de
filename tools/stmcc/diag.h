/* diag.h - stmcc's error reporting and checked allocation. */
#ifndef STMCC_DIAG_H
#define STMCC_DIAG_H

#include <stddef.h>

/* Print "stmcc: error: <message>" on stderr and exit with status 1. */
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
