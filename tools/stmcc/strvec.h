/* strvec.h - a growable, NULL-terminated vector of strings (an argv). */
#ifndef STMCC_STRVEC_H
#define STMCC_STRVEC_H

#include <stddef.h>

typedef struct strvec {
  char **v; /* v[n] is always NULL, so v can be passed to exec */
  size_t n;
  size_t cap;
} strvec;

void sv_init(strvec *sv);
/* Append a copy of s. */
void sv_push(strvec *sv, const char *s);
/* Append a copy of the string built from fmt. */
void sv_pushf(strvec *sv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
