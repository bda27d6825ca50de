/* fail.c - see fail.h. */
#include <stdarg.h>
#include <stdio.h>

#include "fail.h"

int bench_fail(char *msg, size_t len, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, len, fmt, ap);
  va_end(ap);
  return 1;
}
