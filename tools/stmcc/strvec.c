/* strvec.c - see strvec.h. */
#include "strvec.h"

#include <stdarg.h>
#include <stdio.h>

#include "diag.h"

void sv_init(strvec *sv) {
  sv->cap = 16;
  sv->n = 0;
  sv->v = xmalloc(sv->cap * sizeof *sv->v);
  sv->v[0] = NULL;
}

static void sv_append_owned(strvec *sv, char *s) {
  if (sv->n + 1 >= sv->cap) {
    sv->cap *= 2;
    sv->v = xrealloc(sv->v, sv->cap * sizeof *sv->v);
  }
  sv->v[sv->n++] = s;
  sv->v[sv->n] = NULL;
}

void sv_push(strvec *sv, const char *s) { sv_append_owned(sv, xstrdup(s)); }

void sv_pushf(strvec *sv, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int len = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (len < 0)
    die("cannot format an argument");
  char *s = xmalloc((size_t)len + 1);
  va_start(ap, fmt);
  vsnprintf(s, (size_t)len + 1, fmt, ap);
  va_end(ap);
  sv_append_owned(sv, s);
}
